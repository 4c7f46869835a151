// The Word file as someone comparing two downloads sees it: the same bytes whenever and wherever it is
// generated, dated by the edition's adoption; and as Word reads it: a package whose parts are well-formed
// XML, whose relationships lead to parts that exist and whose hyperlinks lead to their targets.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { strFromU8, unzipSync } from "fflate";
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { a, clause, code, h, p, section, strong } from "../../editor/test-builder";
import { editionDocx } from "./docx";
import type { PublishedClause, PublishedEdition } from "./edition-model";
import { demoEdition, sampleEdition } from "./testing";

/** Each entry's name and the date and time the zip's central directory gives it (a DOS date, local time). */
function zipEntryTimes(zip: Buffer): { name: string; time: string }[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: { name: string; time: string }[] = [];
  for (let index = 0; index < count; index++) {
    const time = zip.readUInt16LE(at + 12);
    const date = zip.readUInt16LE(at + 14);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const pad = (value: number) => String(value).padStart(2, "0");
    const day = `${(date >> 9) + 1980}-${pad((date >> 5) & 15)}-${pad(date & 31)}`;
    entries.push({ name, time: `${day} ${pad(time >> 11)}:${pad((time >> 5) & 63)}` });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

const normalise = (text: string) => text.replace(/\s+/g, " ").trim();
const allClauses = (clauses: PublishedClause[]): PublishedClause[] => clauses.flatMap((clause) => [clause, ...allClauses(clause.clauses)]);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false });

describe("the adopted demo code", () => {
  let edition: PublishedEdition;

  beforeAll(async () => {
    edition = await demoEdition();
  });

  afterEach(() => {
    vi.useRealTimers();
    delete process.env.TZ;
  });

  test("is the same, byte for byte, generated at another time in another time zone", async () => {
    const first = await editionDocx(edition);
    // Another day, and a time zone fourteen hours from UTC, as a process started elsewhere would have.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2031-07-04T23:30:00Z") });
    process.env.TZ = "Pacific/Kiritimati";
    const second = await editionDocx(edition);
    expect(second.equals(first)).toBe(true);
  });

  test("is dated by the adoption: the core properties and every zip entry", async () => {
    const bytes = await editionDocx(edition);
    const files = unzipSync(new Uint8Array(bytes));
    const core = (parser.parse(strFromU8(files["docProps/core.xml"] ?? new Uint8Array())) as { "cp:coreProperties": Record<string, unknown> })["cp:coreProperties"];
    const stamp = { "#text": `${edition.adoptedOn}T00:00:00Z`, "@xsi:type": "dcterms:W3CDTF" };
    expect(core["dcterms:created"]).toEqual(stamp);
    expect(core["dcterms:modified"]).toEqual(stamp);
    expect(core).toMatchObject({ "dc:title": `${edition.documentTitle} – ${edition.title}`, "dc:language": edition.language, "cp:keywords": `sha256:${edition.digest}` });

    const entries = zipEntryTimes(bytes);
    expect(entries).toHaveLength(Object.keys(files).length);
    expect(entries.every((entry) => entry.time === `${edition.adoptedOn} 12:00`)).toBe(true);
  });

  test("is a package Word can open: well-formed parts, every relationship resolved, every clause's text", async () => {
    const files = unzipSync(new Uint8Array(await editionDocx(edition)));
    for (const [name, data] of Object.entries(files)) {
      if (/\.(xml|rels)$/.test(name)) expect(XMLValidator.validate(strFromU8(data)), name).toBe(true);
    }
    const internalTargets = [...strFromU8(files["word/_rels/document.xml.rels"] ?? new Uint8Array()).matchAll(/Target="([^"]+)"(?! TargetMode="External")/g)].map(
      ([, target]) => `word/${target}`,
    );
    expect(internalTargets.filter((target) => !(target in files))).toEqual([]);

    const body = strFromU8(files["word/document.xml"] ?? new Uint8Array());
    const entities: Record<string, string> = { amp: "&", apos: "'", quot: '"', lt: "<", gt: ">" };
    const text = normalise(body.replace(/<w:tab\/>|<\/w:p>/g, " ").replace(/<[^>]+>/g, "").replace(/&(amp|apos|quot|lt|gt);/g, (_, name: string) => entities[name] ?? ""));
    for (const clause of edition.sections.flatMap((section) => allClauses(section.clauses))) {
      // The number, a tab, the text; a list item's "- " in the canonical text is a "•" in the file.
      expect(text, `clause ${clause.number}`).toContain(normalise(`${clause.number} ${clause.text.replace(/^- /gm, "• ")}`));
    }
  });
});

describe("hyperlinks", () => {
  const GUIDE = "https://example.org/guide";
  const NOTES = "https://example.org/notes?a=1&b=2";
  const document = code(section(h("Scope"), clause("c1", p("see ", a({ href: GUIDE }, "the ", strong("guide")), " and ", a({ href: NOTES }, "the notes"), "."))));
  const edition = sampleEdition(document);

  test("are named in the order of the text, each leading to its target, so that the file is the same every time", async () => {
    const first = await editionDocx(edition);
    expect((await editionDocx(edition)).equals(first)).toBe(true);

    const files = unzipSync(new Uint8Array(first));
    const rels = parser.parse(strFromU8(files["word/_rels/document.xml.rels"] ?? new Uint8Array())) as {
      Relationships: { Relationship: { "@Id": string; "@Target": string; "@TargetMode"?: string }[] };
    };
    const targets = new Map(rels.Relationships.Relationship.map((relationship) => [relationship["@Id"], relationship["@Target"]]));
    const body = strFromU8(files["word/document.xml"] ?? new Uint8Array());
    const links = [...body.matchAll(/<w:hyperlink [^>]*r:id="([^"]+)"/g)].map(([, id]) => id ?? "");
    expect(links).toEqual(["rIdLink1", "rIdLink2"]);
    expect(links.map((id) => targets.get(id))).toEqual([GUIDE, NOTES]);
  });
});
