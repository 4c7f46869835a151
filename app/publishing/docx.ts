// `/code/<edition>.docx`: an adopted edition as a Word document, for those who annotate, quote or translate
// it. The clause numbers are plain text, as the site writes them, not Word's automatic numbering, which
// would renumber the text as soon as someone edits it and lose the link to the numbers pledges cite.
//
// Reproducible: the same edition gives the same bytes, dated by its adoption (docx-package.ts says what the
// library would otherwise take from the clock and from chance).
import { Document, ExternalHyperlink, HeadingLevel, Packer, Paragraph, Tab, TextRun, type ParagraphChild } from "docx";
import { formatIsoDate } from "../lib/dates";
import { CORE_PROPERTIES_PATH, corePropertiesXml, fixedPackage } from "./docx-package";
import { linkGroups, type Block, type Paragraph as Runs, type PublishedClause, type PublishedEdition } from "./edition-model";
import { clauseIndent, LIST_MARKER_WIDTH, listMarker, type ClauseIndent } from "./layout";

/** Word measures indents in twentieths of a point. */
const twips = (points: number) => Math.round(points * 20);

function textRuns(runs: Runs): ParagraphChild[] {
  return linkGroups(runs).flatMap((group): ParagraphChild[] => {
    const texts = group.runs.map(
      (run) => new TextRun({ text: run.text, italics: run.em || undefined, bold: run.strong || undefined, style: group.href === null ? undefined : "Hyperlink" }),
    );
    return group.href === null ? texts : [new ExternalHyperlink({ link: group.href, children: texts })];
  });
}

/** A paragraph whose first line starts with `marker` and whose text hangs at `text` points from the margin. */
function hanging(marker: string, children: ParagraphChild[], markerAt: number, text: number, after: number): Paragraph {
  return new Paragraph({
    children: [new TextRun({ children: [marker, new Tab()] }), ...children],
    indent: { left: twips(text), hanging: twips(text - markerAt) },
    tabStops: [{ type: "left", position: twips(text) }],
    spacing: { after },
  });
}

/** A block of a clause's body; the clause's number leads its first block. */
function blockParagraphs(block: Block, indent: ClauseIndent, number: string | null): Paragraph[] {
  if (block.kind === "paragraph") {
    return [
      number === null
        ? new Paragraph({ children: textRuns(block.runs), indent: { left: twips(indent.text) }, spacing: { after: 120 } })
        : hanging(number, textRuns(block.runs), indent.number, indent.text, 120),
    ];
  }
  // A clause that opens with a list has its number on a line of its own, as in the canonical text.
  const numberLine = number === null ? [] : [hanging(number, [], indent.number, indent.text, 60)];
  const items = block.items.flatMap((paragraphs, index) =>
    paragraphs.map((runs, paragraphIndex) =>
      paragraphIndex === 0
        ? hanging(listMarker(block.ordered, index), textRuns(runs), indent.text, indent.text + LIST_MARKER_WIDTH, 60)
        : new Paragraph({ children: textRuns(runs), indent: { left: twips(indent.text + LIST_MARKER_WIDTH) }, spacing: { after: 60 } }),
    ),
  );
  return [...numberLine, ...items];
}

function clauseParagraphs(clause: PublishedClause): Paragraph[] {
  const indent = clauseIndent(clause.level);
  const blocks: Block[] = clause.blocks.length ? clause.blocks : [{ kind: "paragraph", runs: [] }];
  return [...blocks.flatMap((block, index) => blockParagraphs(block, indent, index === 0 ? clause.number : null)), ...clause.clauses.flatMap(clauseParagraphs)];
}

function frontMatter(edition: PublishedEdition): Paragraph[] {
  return [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(edition.documentTitle)] }),
    new Paragraph({ children: [new TextRun({ text: edition.title, bold: true })] }),
    new Paragraph({ children: [new TextRun(`Adopted on ${formatIsoDate(edition.adoptedOn)}`)] }),
    new Paragraph({
      children: [
        new TextRun({ text: "SHA-256 digest of the canonical text: ", size: 16 }),
        new TextRun({ text: edition.digest, font: "Courier New", size: 16 }),
      ],
      spacing: { after: 240 },
    }),
  ];
}

/** The edition as a .docx file. */
export async function editionDocx(edition: PublishedEdition): Promise<Buffer> {
  const body = [
    ...frontMatter(edition),
    ...edition.preamble.map((runs) => new Paragraph({ children: textRuns(runs), spacing: { after: 120 } })),
    ...edition.sections.flatMap((section) => [
      new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${section.number}. ${section.heading}`)] }),
      ...section.clauses.flatMap(clauseParagraphs),
    ]),
  ];
  const document = new Document({
    // Word's spelling checker and screen readers read the text's language from the runs.
    styles: { default: { document: { run: { language: { value: edition.language } } } } },
    sections: [{ children: body }],
  });
  const core = corePropertiesXml({
    title: `${edition.documentTitle} – ${edition.title}`,
    subject: `${edition.instrument.title}, edition ${edition.number}, adopted on ${edition.adoptedOn}`,
    keywords: `sha256:${edition.digest}`,
    creator: "Accord",
    description: `${edition.title} (${edition.slug}). SHA-256 of the canonical text: ${edition.digest}`,
    language: edition.language,
    date: new Date(`${edition.adoptedOn}T00:00:00Z`),
  });
  const packed = await Packer.toBuffer(document, false, [{ path: CORE_PROPERTIES_PATH, data: core }]);
  return fixedPackage(new Uint8Array(packed), edition.adoptedOn);
}
