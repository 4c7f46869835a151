// What it takes for a Word file to be the same bytes every time it is generated, so that two downloads of
// an edition can be compared by their digest. The docx library leaves three things to the moment:
//   - the core properties' `dcterms:created` and `dcterms:modified`, stamped with the current time: its
//     `overrides` replace the whole part, so `corePropertiesXml` writes it, dated by the caller;
//   - the ids of hyperlink relationships, drawn at random: `fixedPackage` renames them in document order;
//   - the zip entries' times, the current time: `fixedPackage` packs the entries again, in the library's
//     order, all with one fixed time.
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { create } from "xmlbuilder2";

export const CORE_PROPERTIES_PATH = "docProps/core.xml";
const DOCUMENT_PATH = "word/document.xml";
const DOCUMENT_RELATIONSHIPS_PATH = "word/_rels/document.xml.rels";
const HYPERLINK_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink";

export interface CoreProperties {
  title: string;
  subject: string;
  creator: string;
  keywords: string;
  description: string;
  /** BCP 47, e.g. "en". */
  language: string;
  /** When the document was created and last modified: for an edition, its adoption. */
  date: Date;
}

/** The package's core properties part (ECMA-376 part 2, Dublin Core terms), dated by `date`. */
export function corePropertiesXml(properties: CoreProperties): string {
  const root = create({ version: "1.0", encoding: "UTF-8", standalone: true }).ele(
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "cp:coreProperties",
    {
      "xmlns:dc": "http://purl.org/dc/elements/1.1/",
      "xmlns:dcterms": "http://purl.org/dc/terms/",
      "xmlns:dcmitype": "http://purl.org/dc/dcmitype/",
      "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
    },
  );
  root.ele("dc:title").txt(properties.title);
  root.ele("dc:subject").txt(properties.subject);
  root.ele("dc:creator").txt(properties.creator);
  root.ele("cp:keywords").txt(properties.keywords);
  root.ele("dc:description").txt(properties.description);
  root.ele("dc:language").txt(properties.language);
  root.ele("cp:lastModifiedBy").txt(properties.creator);
  root.ele("cp:revision").txt("1");
  // W3CDTF to the second, in UTC, as Word writes it.
  const stamp = `${properties.date.toISOString().slice(0, 19)}Z`;
  root.ele("dcterms:created", { "xsi:type": "dcterms:W3CDTF" }).txt(stamp);
  root.ele("dcterms:modified", { "xsi:type": "dcterms:W3CDTF" }).txt(stamp);
  return root.end({ headless: false });
}

/** The attribute values of each `<Relationship>` of a relationships part, in order. */
function relationships(xml: string): { id: string; type: string }[] {
  return [...xml.matchAll(/<Relationship\b[^>]*>/g)].map(([element]) => ({
    id: /\bId="([^"]*)"/.exec(element)?.[1] ?? "",
    type: /\bType="([^"]*)"/.exec(element)?.[1] ?? "",
  }));
}

/**
 * The document's hyperlink relationships renamed `rIdLink1`, `rIdLink2`... in the order the library added
 * them, which is the order of the links in the text. The random ids are long enough to occur nowhere else,
 * so replacing the attribute values whole touches nothing but them.
 */
function renameHyperlinks(files: Record<string, Uint8Array>): void {
  const relationshipsXml = files[DOCUMENT_RELATIONSHIPS_PATH];
  const documentXml = files[DOCUMENT_PATH];
  if (!relationshipsXml || !documentXml) throw new Error("The docx library wrote a package without a main document; it cannot be published.");
  let rels = strFromU8(relationshipsXml);
  let body = strFromU8(documentXml);
  relationships(rels)
    .filter(({ type }) => type === HYPERLINK_TYPE)
    .forEach(({ id }, index) => {
      const fixed = `rIdLink${index + 1}`;
      rels = rels.split(`Id="${id}"`).join(`Id="${fixed}"`);
      body = body.split(`r:id="${id}"`).join(`r:id="${fixed}"`);
    });
  files[DOCUMENT_RELATIONSHIPS_PATH] = strToU8(rels);
  files[DOCUMENT_PATH] = strToU8(body);
}

/**
 * A zip stores an entry's time as a local date and time without a zone, which fflate reads from a Date's
 * local fields; a Date made from local fields therefore gives the same entry in every time zone. Noon, so
 * that no daylight saving change (some happen at midnight) can move it.
 */
function zipTime(day: string): Date {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(year ?? 1980, (month ?? 1) - 1, date ?? 1, 12);
}

/**
 * The package the docx library packed, with its hyperlink ids named in order and its entries packed again
 * in the same order, each dated `day` (YYYY-MM-DD) at noon.
 */
export function fixedPackage(packed: Uint8Array, day: string): Buffer {
  const files = unzipSync(packed);
  renameHyperlinks(files);
  // An object keeps its string keys in insertion order, which is the order the library zipped the parts in.
  return Buffer.from(zipSync(files, { mtime: zipTime(day) }));
}
