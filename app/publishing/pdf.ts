// `/code/<edition>.pdf`: an adopted edition typeset for print and for filing, on A4. The fonts are PDF's
// standard ones (Times for the text, Helvetica for headings, Courier for the digest): every reader has them,
// so nothing is embedded, and they cover the Latin text of the code.
//
// Tagged, so that a screen reader gets the document and not a stream of glyphs: a structure tree in reading
// order (the title as H1, each section a Sect with its H2, each clause a P that starts with its number,
// lists as L/LI/Lbl/LBody, links as Link with their annotation), the document's language, and its title
// shown in the window's title bar. The running header and the page numbers are artifacts, which assistive
// technology skips. Every piece of text is drawn inside the element it belongs to (pdfkit's structure
// closures), so the tree and the page cannot disagree.
//
// Reproducible: the same edition gives the same bytes. pdfkit takes its dates from `info`, which are set
// to the adoption date, and derives the file identifier from `info` (an MD5 of its values) rather than
// from chance; the standard fonts are not subset, so no subset tag is written either; structure elements
// are numbered in the order they are drawn.
import PDFDocument from "pdfkit";
import { formatIsoDate } from "../lib/dates";
import { linkGroups, type Block, type Paragraph, type PublishedClause, type PublishedEdition, type PublishedSection } from "./edition-model";
import { clauseIndent, LIST_MARKER_WIDTH, listMarker, type ClauseIndent } from "./layout";

const MARGIN = 72;
const BODY_SIZE = 11;
const TEXT_COLOUR = "#1a1a1a";
// Links stay distinguishable without colour: they are underlined too.
const LINK_COLOUR = "#1d4f91";

type Pdf = InstanceType<typeof PDFDocument>;
type Element = PDFKit.PDFStructureElement;

function bodyFont(run: { em: boolean; strong: boolean }): string {
  if (run.em && run.strong) return "Times-BoldItalic";
  if (run.strong) return "Times-Bold";
  return run.em ? "Times-Italic" : "Times-Roman";
}

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}

/** Starts a new page when fewer than `lines` lines of body text fit on this one. Called between elements. */
function keepLines(pdf: Pdf, lines: number): void {
  pdf.font("Times-Roman").fontSize(BODY_SIZE);
  if (pdf.y + lines * pdf.currentLineHeight(true) > pdf.page.maxY()) pdf.addPage();
}

/** A new element of `type` under `parent`, whose content is what `draw` puts on the page. */
function tagged(pdf: Pdf, parent: Element, type: string, draw: () => void): void {
  parent.add(pdf.struct(type, {}, draw));
}

/** A new element under `parent`, open for children; the caller ends it. */
function group(pdf: Pdf, parent: Element, type: string): Element {
  const element = pdf.struct(type);
  parent.add(element);
  return element;
}

/**
 * Runs of text set at `x` (from the margin) across the rest of the line width, from the current y, as
 * content of `element`; a link's runs are a Link element of their own, which carries the link annotation.
 */
function writeRuns(pdf: Pdf, element: Element, runs: Paragraph, x: number, after: number): void {
  const left = pdf.page.margins.left + x;
  const width = contentWidth(pdf) - x;
  const y = pdf.y;
  let index = 0;
  const write = (runsOfGroup: Paragraph) => {
    for (const run of runsOfGroup) {
      pdf.font(bodyFont(run)).fontSize(BODY_SIZE).fillColor(run.href === null ? TEXT_COLOUR : LINK_COLOUR);
      // `link` is always given, null included: a continued text otherwise inherits the previous run's link.
      const options = { width, continued: index < runs.length - 1, underline: run.href !== null, link: run.href, lineGap: 2, paragraphGap: 0 };
      if (index === 0) pdf.text(run.text, left, y, options);
      else pdf.text(run.text, options);
      index++;
    }
  };
  for (const { href, runs: runsOfGroup } of linkGroups(runs)) {
    if (href === null) element.add(() => write(runsOfGroup));
    else tagged(pdf, element, "Link", () => write(runsOfGroup));
  }
  pdf.fillColor(TEXT_COLOUR);
  pdf.y += after;
}

/** A paragraph element of `runs` under `parent`; an empty paragraph is only space, not an element. */
function writeParagraph(pdf: Pdf, parent: Element, runs: Paragraph, x: number, after: number): void {
  if (runs.length === 0) {
    pdf.moveDown(0.5);
    return;
  }
  const paragraph = group(pdf, parent, "P");
  writeRuns(pdf, paragraph, runs, x, after);
  paragraph.end();
}

/** A paragraph element whose first line starts with `marker` at `markerAt`, its text hanging at `textAt`. */
function writeNumbered(pdf: Pdf, parent: Element, marker: string, runs: Paragraph, markerAt: number, textAt: number, after: number): void {
  keepLines(pdf, 2);
  const paragraph = group(pdf, parent, "P");
  const y = pdf.y;
  paragraph.add(() => {
    pdf.font("Times-Roman").fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
    pdf.text(marker, pdf.page.margins.left + markerAt, y, { width: textAt - markerAt, lineBreak: false });
  });
  pdf.y = y;
  if (runs.length) writeRuns(pdf, paragraph, runs, textAt, after);
  else pdf.y = y + pdf.currentLineHeight(true) + after;
  paragraph.end();
}

/** A list: each item's marker is its label, its paragraphs its body. */
function writeList(pdf: Pdf, parent: Element, block: Extract<Block, { kind: "list" }>, indent: ClauseIndent): void {
  const list = group(pdf, parent, "L");
  const textAt = indent.text + LIST_MARKER_WIDTH;
  block.items.forEach((paragraphs, index) => {
    keepLines(pdf, 2);
    const item = group(pdf, list, "LI");
    const y = pdf.y;
    tagged(pdf, item, "Lbl", () => {
      pdf.font("Times-Roman").fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
      pdf.text(listMarker(block.ordered, index), pdf.page.margins.left + indent.text, y, { width: LIST_MARKER_WIDTH, lineBreak: false });
    });
    pdf.y = y;
    const body = group(pdf, item, "LBody");
    for (const runs of paragraphs) writeParagraph(pdf, body, runs, textAt, 3);
    body.end();
    item.end();
  });
  list.end();
  pdf.y += 3;
}

function writeBlock(pdf: Pdf, parent: Element, block: Block, indent: ClauseIndent, number: string | null): void {
  if (block.kind === "paragraph") {
    if (number !== null) {
      writeNumbered(pdf, parent, number, block.runs, indent.number, indent.text, 6);
      return;
    }
    keepLines(pdf, 2);
    writeParagraph(pdf, parent, block.runs, indent.text, 6);
    return;
  }
  // A clause that opens with a list has its number on a line of its own, as in the canonical text.
  if (number !== null) writeNumbered(pdf, parent, number, [], indent.number, indent.text, 2);
  writeList(pdf, parent, block, indent);
}

function writeClause(pdf: Pdf, parent: Element, clause: PublishedClause): void {
  const indent = clauseIndent(clause.level);
  const blocks: Block[] = clause.blocks.length ? clause.blocks : [{ kind: "paragraph", runs: [] }];
  blocks.forEach((block, index) => writeBlock(pdf, parent, block, indent, index === 0 ? clause.number : null));
  clause.clauses.forEach((sub) => writeClause(pdf, parent, sub));
}

/** A section: its heading (also a bookmark, to move through the file) and its clauses. */
function writeSection(pdf: Pdf, parent: Element, section: PublishedSection): void {
  keepLines(pdf, 4);
  const heading = `${section.number}. ${section.heading}`;
  pdf.outline.addItem(heading);
  const sect = group(pdf, parent, "Sect");
  tagged(pdf, sect, "H2", () => {
    pdf.font("Helvetica-Bold").fontSize(13).fillColor(TEXT_COLOUR).text(heading, pdf.page.margins.left, pdf.y, { width: contentWidth(pdf) });
  });
  pdf.moveDown(0.5);
  section.clauses.forEach((clause) => writeClause(pdf, sect, clause));
  sect.end();
  pdf.moveDown(0.5);
}

function writeFrontMatter(pdf: Pdf, document: Element, edition: PublishedEdition): void {
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  tagged(pdf, document, "H1", () => {
    pdf.font("Helvetica-Bold").fontSize(20).fillColor(TEXT_COLOUR).text(edition.documentTitle, left, pdf.y, { width });
  });
  pdf.moveDown(0.4);
  tagged(pdf, document, "P", () => pdf.font("Helvetica-Bold").fontSize(12).text(edition.title, { width }));
  tagged(pdf, document, "P", () => pdf.font("Helvetica").fontSize(11).text(`Adopted on ${formatIsoDate(edition.adoptedOn)}`, { width }));
  pdf.moveDown(0.4);
  tagged(pdf, document, "P", () => {
    pdf.font("Helvetica").fontSize(8).text("SHA-256 digest of the canonical text:", { width });
    pdf.font("Courier").fontSize(8).text(edition.digest, { width });
  });
  pdf.moveDown(1.5);
}

/** Text in a page's margin, marked as an artifact: furniture a screen reader leaves out. */
function writeFurniture(pdf: Pdf, text: string, y: number, attached: "Top" | "Bottom"): void {
  const { bottom, left } = pdf.page.margins;
  // Text below the bottom margin would start a new page; the furniture lives in the margins.
  pdf.page.margins.bottom = 0;
  pdf.markContent("Artifact", { type: "Pagination", attached: [attached] });
  pdf.font("Helvetica").fontSize(9).fillColor(TEXT_COLOUR).text(text, left, y, { width: contentWidth(pdf), align: "center", lineBreak: false });
  pdf.endMarkedContent();
  pdf.page.margins.bottom = bottom;
}

/**
 * "Page N of M" at the foot of every page, once all pages are known (the document buffers its pages), and
 * from the second page on the edition's title at the head, so that a printed page says where it is from.
 */
function writePageFurniture(pdf: Pdf, edition: PublishedEdition): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    pdf.switchToPage(index);
    if (index > start) writeFurniture(pdf, `${edition.title}, adopted on ${formatIsoDate(edition.adoptedOn)}`, pdf.page.margins.top / 2 - 5, "Top");
    writeFurniture(pdf, `Page ${index + 1} of ${count}`, pdf.page.height - pdf.page.margins.bottom / 2 - 5, "Bottom");
  }
}

/** The edition as a PDF file. */
export function editionPdf(edition: PublishedEdition): Promise<Buffer> {
  const adopted = new Date(`${edition.adoptedOn}T00:00:00Z`);
  const pdf = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    // 1.7 is the version PDF/UA-1 builds on; 1.3, pdfkit's default, has no XMP metadata for the title.
    pdfVersion: "1.7",
    tagged: true,
    lang: edition.language,
    displayTitle: true,
    info: {
      Title: `${edition.documentTitle} – ${edition.title}`,
      Subject: `${edition.instrument.title}, edition ${edition.number} (${edition.slug}), adopted on ${edition.adoptedOn}`,
      Keywords: `sha256:${edition.digest}`,
      Author: "The participating states",
      Creator: "Accord",
      CreationDate: adopted,
      ModDate: adopted,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });

  const document = pdf.struct("Document");
  pdf.addStructure(document);
  writeFrontMatter(pdf, document, edition);
  for (const runs of edition.preamble) writeParagraph(pdf, document, runs, 0, 8);
  pdf.moveDown(0.5);
  for (const section of edition.sections) writeSection(pdf, document, section);
  document.end();
  writePageFurniture(pdf, edition);
  pdf.end();
  return done;
}
