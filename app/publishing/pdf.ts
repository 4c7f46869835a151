// `/code/<edition>.pdf`: an adopted edition typeset for print and for filing, on A4. The fonts are PDF's
// standard ones (Times for the text, Helvetica for headings, Courier for the digest): every reader has them,
// so nothing is embedded, and they cover the Latin text of the code.
//
// Reproducible: the same edition gives the same bytes. pdfkit takes its dates from `info`, which are set
// to the adoption date, and derives the file identifier from `info` (an MD5 of its values) rather than
// from chance; the standard fonts are not subset, so no random subset tag is written either.
import PDFDocument from "pdfkit";
import { formatIsoDate } from "../lib/dates";
import type { Block, Paragraph, PublishedClause, PublishedEdition } from "./edition-model";
import { clauseIndent, LIST_MARKER_WIDTH, listMarker, type ClauseIndent } from "./layout";

const MARGIN = 72;
const BODY_SIZE = 11;
const TEXT_COLOUR = "#1a1a1a";
// Links stay distinguishable without colour: they are underlined too.
const LINK_COLOUR = "#1d4f91";

type Pdf = InstanceType<typeof PDFDocument>;

function bodyFont(run: { em: boolean; strong: boolean }): string {
  if (run.em && run.strong) return "Times-BoldItalic";
  if (run.strong) return "Times-Bold";
  return run.em ? "Times-Italic" : "Times-Roman";
}

function contentWidth(pdf: Pdf): number {
  return pdf.page.width - pdf.page.margins.left - pdf.page.margins.right;
}

/** Starts a new page when fewer than `lines` lines of body text fit on this one. */
function keepLines(pdf: Pdf, lines: number): void {
  pdf.font("Times-Roman").fontSize(BODY_SIZE);
  if (pdf.y + lines * pdf.currentLineHeight(true) > pdf.page.maxY()) pdf.addPage();
}

/** Runs of text set at `x` (from the margin) across the rest of the line width, from the current y. */
function writeRuns(pdf: Pdf, runs: Paragraph, x: number, after: number): void {
  const left = pdf.page.margins.left + x;
  const width = contentWidth(pdf) - x;
  const y = pdf.y;
  if (runs.length === 0) {
    pdf.moveDown(0.5);
    return;
  }
  runs.forEach((run, index) => {
    pdf.font(bodyFont(run)).fontSize(BODY_SIZE).fillColor(run.href === null ? TEXT_COLOUR : LINK_COLOUR);
    const options = { width, continued: index < runs.length - 1, underline: run.href !== null, lineGap: 2, paragraphGap: 0, ...(run.href === null ? {} : { link: run.href }) };
    if (index === 0) pdf.text(run.text, left, y, options);
    else pdf.text(run.text, options);
  });
  pdf.fillColor(TEXT_COLOUR);
  pdf.y += after;
}

/** A marker ("1.1(a)", "•") at `markerAt` and text beside it at `textAt`: a hanging indent. */
function writeHanging(pdf: Pdf, marker: string, runs: Paragraph, markerAt: number, textAt: number, after: number): void {
  keepLines(pdf, 2);
  const y = pdf.y;
  pdf.font("Times-Roman").fontSize(BODY_SIZE).fillColor(TEXT_COLOUR);
  pdf.text(marker, pdf.page.margins.left + markerAt, y, { width: textAt - markerAt, lineBreak: false });
  pdf.y = y;
  if (runs.length) writeRuns(pdf, runs, textAt, after);
  else pdf.y = y + pdf.currentLineHeight(true) + after;
}

function writeBlock(pdf: Pdf, block: Block, indent: ClauseIndent, number: string | null): void {
  if (block.kind === "paragraph") {
    if (number === null) {
      keepLines(pdf, 2);
      writeRuns(pdf, block.runs, indent.text, 6);
    } else writeHanging(pdf, number, block.runs, indent.number, indent.text, 6);
    return;
  }
  // A clause that opens with a list has its number on a line of its own, as in the canonical text.
  if (number !== null) writeHanging(pdf, number, [], indent.number, indent.text, 2);
  block.items.forEach((paragraphs, index) =>
    paragraphs.forEach((runs, paragraphIndex) => {
      const textAt = indent.text + LIST_MARKER_WIDTH;
      if (paragraphIndex === 0) writeHanging(pdf, listMarker(block.ordered, index), runs, indent.text, textAt, 3);
      else writeRuns(pdf, runs, textAt, 3);
    }),
  );
  pdf.y += 3;
}

function writeClause(pdf: Pdf, clause: PublishedClause): void {
  const indent = clauseIndent(clause.level);
  const blocks: Block[] = clause.blocks.length ? clause.blocks : [{ kind: "paragraph", runs: [] }];
  blocks.forEach((block, index) => writeBlock(pdf, block, indent, index === 0 ? clause.number : null));
  clause.clauses.forEach((sub) => writeClause(pdf, sub));
}

function writeFrontMatter(pdf: Pdf, edition: PublishedEdition): void {
  const left = pdf.page.margins.left;
  const width = contentWidth(pdf);
  pdf.font("Helvetica-Bold").fontSize(20).fillColor(TEXT_COLOUR).text(edition.documentTitle, left, pdf.y, { width });
  pdf.moveDown(0.4);
  pdf.font("Helvetica-Bold").fontSize(12).text(edition.title, { width });
  pdf.font("Helvetica").fontSize(11).text(`Adopted on ${formatIsoDate(edition.adoptedOn)}`, { width });
  pdf.moveDown(0.4);
  pdf.font("Helvetica").fontSize(8).text("SHA-256 digest of the canonical text:", { width });
  pdf.font("Courier").fontSize(8).text(edition.digest, { width });
  pdf.moveDown(1.5);
}

/** "Page N of M" at the foot of every page, once all pages are known (the document buffers its pages). */
function writePageNumbers(pdf: Pdf): void {
  const { start, count } = pdf.bufferedPageRange();
  for (let index = start; index < start + count; index++) {
    pdf.switchToPage(index);
    const { bottom, left } = pdf.page.margins;
    // Text below the bottom margin would start a new page; the footer lives in that margin.
    pdf.page.margins.bottom = 0;
    pdf
      .font("Helvetica")
      .fontSize(9)
      .fillColor(TEXT_COLOUR)
      .text(`Page ${index + 1} of ${count}`, left, pdf.page.height - bottom / 2 - 5, { width: contentWidth(pdf), align: "center", lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}

/** The edition as a PDF file. */
export function editionPdf(edition: PublishedEdition): Promise<Buffer> {
  const adopted = new Date(`${edition.adoptedOn}T00:00:00Z`);
  const pdf = new PDFDocument({
    size: "A4",
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: "en",
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

  writeFrontMatter(pdf, edition);
  pdf.font("Times-Roman").fontSize(BODY_SIZE);
  for (const runs of edition.preamble) writeRuns(pdf, runs, 0, 8);
  pdf.moveDown(0.5);
  for (const section of edition.sections) {
    keepLines(pdf, 4);
    pdf.font("Helvetica-Bold").fontSize(13).fillColor(TEXT_COLOUR).text(`${section.number}. ${section.heading}`, pdf.page.margins.left, pdf.y, {
      width: contentWidth(pdf),
    });
    pdf.moveDown(0.5);
    section.clauses.forEach((clause) => writeClause(pdf, clause));
    pdf.moveDown(0.5);
  }
  writePageNumbers(pdf);
  pdf.end();
  return done;
}
