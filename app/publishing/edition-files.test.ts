// The published files of an edition adopted in the test, each read back the way its readers read it
// (JSON parsed, the XML parsed, the DOCX unzipped, the PDF's text extracted), against what the edition
// itself says: its stable clause ids, its numbers, its digest and every clause's text.
import { createHash } from "node:crypto";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { unzipSync } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { beforeAll, describe, expect, test } from "vitest";
import type { EditionRow, InstrumentRow } from "../../db/schema";
import { clauseBodyText, documentOutline, numberDocument } from "../../editor";
import { config } from "../lib/env.server";
import { editionClauses, editionDocument } from "../models/edition.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { adoptedEdition } from "../testing/pledges";
import { ACCORD_AKN_NAMESPACE, AKN_NAMESPACE, editionAkomaNtoso } from "./akoma-ntoso";
import { editionDocx } from "./docx";
import { editionFile } from "./edition-files";
import { editionJSON, type EditionJSONClause } from "./edition-json";
import { publishedEdition, type PublishedEdition } from "./edition-model";
import { editionPdf } from "./pdf";

let edition: EditionRow;
let instrument: InstrumentRow;
let published: PublishedEdition;

beforeAll(async () => {
  openTransparencyLog(config());
  ({ edition, instrument } = await adoptedEdition());
  published = publishedEdition(edition, instrument);
});

/** The edition's clauses as numbering.ts numbers them, with their own canonical text. */
function expectedClauses() {
  return numberDocument(editionDocument(edition)).clauses.map((clause) => ({
    id: clause.id,
    number: clause.number,
    level: clause.level,
    text: clauseBodyText(clause.node),
  }));
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The lines of a clause's canonical text as a typeset file shows them: without the list markers ("- ",
 * "1. "), which the files set as bullets and numbers of their own, and without a link's `<target>`.
 */
function visibleLines(text: string): string[] {
  return text
    .split("\n")
    .map((line) => normalise(line.replace(/^\s*(?:- |\d+\. )/, "").replace(/ <[^>\s]+>/g, "")))
    .filter(Boolean);
}

/** Every visible line of every clause's text, each with the clause's number for a readable failure. */
function everyClauseLine(): { number: string; line: string }[] {
  return expectedClauses().flatMap(({ number, text }) => visibleLines(text).map((line) => ({ number, line })));
}

function decodeEntities(xml: string): string {
  return xml.replace(/&(lt|gt|quot|apos|amp);/g, (_, name: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[name] ?? "");
}

/** The text of an XML document, tags removed and each element's end taken as a space. */
function xmlText(xml: string): string {
  return normalise(decodeEntities(xml.replace(/<\/[^>]+>/g, " ").replace(/<[^>]+>/g, "")));
}

function missingLines(text: string): string[] {
  return everyClauseLine()
    .filter(({ line }) => !text.includes(line))
    .map(({ number, line }) => `${number}: ${line}`);
}

describe("JSON", () => {
  test("has the edition's clause ids, numbers, anchors, texts and digest", () => {
    const data = editionJSON(published, "https://accord.example.org");
    const flat: EditionJSONClause[] = [];
    const visit = (clause: EditionJSONClause) => {
      flat.push(clause);
      clause.clauses.forEach(visit);
    };
    data.sections.forEach((section) => section.clauses.forEach(visit));

    expect(data).toMatchObject({ format: "accord-edition/1", id: edition.slug, title: edition.title, adoptedOn: edition.adoptedOn, language: "en" });
    expect(data.digest).toBe(edition.digest);
    expect(data.digest).toBe(createHash("sha256").update(edition.canonicalText, "utf8").digest("hex"));
    expect(data.logIndex).toBe(edition.logIndex);
    expect(data.canonicalTextUrl).toBe(`https://accord.example.org/instruments/${instrument.slug}/editions/${edition.number}/text`);
    expect(flat.map(({ id, number }) => ({ id, number }))).toEqual(editionClauses(edition).map(({ id, number }) => ({ id, number })));
    expect(flat.map((clause) => clause.text)).toEqual(expectedClauses().map((clause) => clause.text));
    const outline = documentOutline(editionDocument(edition));
    expect(flat.map((clause) => clause.anchor)).toEqual(outline.flatMap((section) => section.clauses.map((clause) => clause.anchor)));
    expect(data.sections.map(({ number, heading }) => ({ number, heading }))).toEqual(outline.map(({ number, heading }) => ({ number, heading })));
  });

  test("nests sub-clauses under their clause", () => {
    const data = editionJSON(published, "");
    const topLevel = data.sections.flatMap((section) => section.clauses.map((clause) => clause.number));
    expect(topLevel).toEqual(expectedClauses().filter((clause) => clause.level === 1).map((clause) => clause.number));
    const withSubClauses = data.sections.flatMap((section) => section.clauses).find((clause) => clause.clauses.length > 0);
    expect(withSubClauses?.clauses.every((sub) => sub.number.startsWith(`${withSubClauses.number}(`))).toBe(true);
  });
});

describe("Akoma Ntoso", () => {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    // Numbers such as "1.1" are text, not numbers.
    parseTagValue: false,
    isArray: (name) => ["section", "article", "paragraph", "point"].includes(name),
  });
  type Hierarchy = { "@eId": string; "@GUID": string; num: string; paragraph?: Hierarchy[]; point?: Hierarchy[] };
  type Parsed = {
    akomaNtoso: {
      "@xmlns": string;
      doc: {
        "@name": string;
        meta: { proprietary: { "accord:edition": Record<string, string> } };
        preface: { p: { docTitle: string }[] };
        mainBody: { section: { "@eId": string; heading: string; article: Hierarchy[] }[] };
      };
    };
  };

  test("is well-formed XML in the AKN namespace with one article per clause of a section", () => {
    const xml = editionAkomaNtoso(published);
    expect(XMLValidator.validate(xml)).toBe(true);
    const { akomaNtoso } = parser.parse(xml) as Parsed;
    expect(akomaNtoso["@xmlns"]).toBe(AKN_NAMESPACE);
    expect(akomaNtoso.doc["@name"]).toBe("code");

    const articles = akomaNtoso.doc.mainBody.section.flatMap((section) => section.article);
    const topLevel = expectedClauses().filter((clause) => clause.level === 1);
    expect(articles).toHaveLength(topLevel.length);
    expect(articles.map((article) => article["@GUID"])).toEqual(topLevel.map((clause) => clause.id));
    expect(articles.map((article) => article.num)).toEqual(topLevel.map((clause) => clause.number));
    expect(articles[0]?.["@eId"]).toBe("art_1_1");
  });

  test("carries every clause's stable id, the digest in Accord's metadata, and every clause's text", () => {
    const xml = editionAkomaNtoso(published);
    const { akomaNtoso } = parser.parse(xml) as Parsed;
    const proprietary = akomaNtoso.doc.meta.proprietary["accord:edition"];
    expect(proprietary).toMatchObject({ "@xmlns:accord": ACCORD_AKN_NAMESPACE, "@digest": edition.digest, "@slug": edition.slug });

    const ids: string[] = [];
    const visit = (node: Hierarchy) => {
      ids.push(node["@GUID"]);
      [...(node.paragraph ?? []), ...(node.point ?? [])].forEach(visit);
    };
    akomaNtoso.doc.mainBody.section.forEach((section) => section.article.forEach(visit));
    expect(ids).toEqual(expectedClauses().map((clause) => clause.id));
    expect(missingLines(xmlText(xml))).toEqual([]);
  });
});

describe("DOCX", () => {
  test("is a Word file whose text has the title, adoption date, digest and every clause with its number", async () => {
    const files = unzipSync(new Uint8Array(await editionDocx(published)));
    const documentXml = files["word/document.xml"];
    expect(documentXml).toBeDefined();
    const text = xmlText(new TextDecoder().decode(documentXml));
    expect(text).toContain(published.documentTitle);
    expect(text).toContain("Adopted on ");
    expect(text).toContain(edition.digest);
    for (const { number } of expectedClauses()) expect(text).toContain(number);
    expect(missingLines(text)).toEqual([]);
    const core = new TextDecoder().decode(files["docProps/core.xml"]);
    expect(core).toContain(edition.digest);
  });
});

describe("PDF", () => {
  /** The text of every page, as a reader copying from it would get it. */
  async function pdfText(bytes: Buffer): Promise<{ text: string; pages: number; info: Record<string, unknown> }> {
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    let text = "";
    for (let page = 1; page <= pdf.numPages; page++) {
      const content = await (await pdf.getPage(page)).getTextContent();
      for (const item of content.items) if ("str" in item) text += item.str + (item.hasEOL ? " " : "");
      text += " ";
    }
    const { info } = await pdf.getMetadata();
    const pages = pdf.numPages;
    await pdf.destroy();
    return { text: normalise(text), pages, info: info as Record<string, unknown> };
  }

  test("has the title, the digest, every clause's text, page numbers and the digest in its metadata", async () => {
    const { text, pages, info } = await pdfText(await editionPdf(published));
    expect(text).toContain(published.documentTitle);
    expect(text).toContain(edition.digest);
    expect(missingLines(text)).toEqual([]);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(info.Keywords).toBe(`sha256:${edition.digest}`);
    expect(String(info.Title)).toContain(edition.title);
    expect(String(info.CreationDate)).toContain(edition.adoptedOn.replace(/-/g, ""));
  });

  test("is the same, byte for byte, each time the same edition is generated", async () => {
    const first = await editionPdf(publishedEdition(edition, instrument));
    const second = await editionPdf(publishedEdition(edition, instrument));
    expect(second.equals(first)).toBe(true);
  });
});

describe("the file cache", () => {
  test("hands out the file generated the first time for the same edition and format", async () => {
    const first = await editionFile(edition, instrument, "akn.xml", "");
    const second = await editionFile(edition, instrument, "akn.xml", "");
    expect(second).toBe(first);
    expect(first.toString("utf8")).toBe(editionAkomaNtoso(published));
  });
});
