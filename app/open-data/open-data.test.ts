// The open-data formats on real pledges: the record, the CSV and the Atom feed carry the same ids,
// dates and digests as the pledge module, whatever the declarations hold.
import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { listPledges } from "../models/pledge.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { pledgeEvents, pledgeFeed, tagUri } from "./atom";
import { CSV_BOM, DECLARATION_SEPARATOR, defuseFormula, pledgesCsv } from "./csv";
import { CSV_COLUMNS, PLEDGE_RECORD_FIELDS, pledgeRecords, type PledgeRecord } from "./pledge-record";
import { FORMULA_DECLARATION, openDataScenario, QUOTED_DECLARATION, WITHDRAWAL_REASON } from "./testing";

const ORIGIN = "https://accord.example";

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.UTC(2026, 10, 27, 9, 0, 0));
  await openDataScenario();
});

/** The value at a field's JSON path: `a.b`, `list[].x` (every element's x) or `list.length`. */
function valueAt(record: PledgeRecord, path: string): unknown {
  const [head = "", rest] = path.split("[].");
  const value = head.split(".").reduce<unknown>((object, key) => (object === null || object === undefined ? object : (object as Record<string, unknown>)[key]), record);
  return rest === undefined ? value : (value as Record<string, unknown>[]).map((element) => element[rest]);
}

describe("the pledge record", () => {
  test("has the ids, dates, digests and events of listPledges, with absolute URLs", () => {
    const pledges = listPledges();
    const records = pledgeRecords(ORIGIN);
    expect(records.map((record) => record.id)).toEqual(pledges.map((pledge) => pledge.id));
    for (const [i, pledge] of pledges.entries()) {
      const record = records[i]!;
      expect(record).toMatchObject({
        state: pledge.state,
        edition: pledge.edition,
        kind: pledge.kind,
        effectiveDate: pledge.effectiveDate,
        recordedAt: pledge.recordedAt.toISOString(),
        status: pledge.status,
        logIndex: pledge.logIndex,
        url: `${ORIGIN}/pledges/${pledge.id}`,
        proofUrl: `${ORIGIN}/pledges/${pledge.id}/proof.json`,
      });
      expect(record.declarations).toEqual(pledge.declarations.map((d) => ({ ...d, recordedAt: d.recordedAt.toISOString() })));
      expect(record.withdrawal).toEqual(pledge.withdrawal && { ...pledge.withdrawal, recordedAt: pledge.withdrawal.recordedAt.toISOString() });
    }
    expect(pledgeRecords(ORIGIN, { stateCode: "NO" }).map((record) => record.state.code)).toEqual(["NO"]);
  });

  test("its field list names every value a record holds, each once", () => {
    // Denmark's pledge is withdrawn, so its withdrawal's fields are there to be named.
    const [denmark] = pledgeRecords(ORIGIN, { stateCode: "DK" });
    const described = new Set(PLEDGE_RECORD_FIELDS.map((field) => field.json.replace(/\[\]\..*|\.length$/, "")));
    const leaves = Object.entries(denmark!).flatMap(([key, value]) =>
      value && typeof value === "object" && !Array.isArray(value) ? Object.keys(value).map((inner) => `${key}.${inner}`) : [key],
    );
    expect(leaves.filter((leaf) => !described.has(leaf))).toEqual([]);
    expect(new Set(PLEDGE_RECORD_FIELDS.map((field) => field.json)).size).toBe(PLEDGE_RECORD_FIELDS.length);
    expect(new Set(CSV_COLUMNS).size).toBe(CSV_COLUMNS.length);
  });
});

describe("the CSV", () => {
  const csv = () => pledgesCsv(pledgeRecords(ORIGIN));
  const rows = () => parse(csv(), { bom: true, columns: true, record_delimiter: "\r\n" }) as Record<string, string>[];

  test("is RFC 4180 with a BOM: a header of the record's columns, CRLF line ends, quotes doubled", () => {
    const text = csv();
    expect(text.startsWith(CSV_BOM)).toBe(true);
    expect(text.slice(1).split("\r\n")[0]).toBe(CSV_COLUMNS.join(","));
    expect(text).toContain('Norway applies the code, ""in good faith"",\nto cloud services too."');
    // Outside quoted fields, every line ends in CRLF: the header, one line per pledge, and the last.
    const unquoted = text.replace(/"(?:[^"]|"")*"/g, "");
    expect(unquoted).not.toMatch(/(?<!\r)\n/);
    expect(unquoted.split("\r\n")).toHaveLength(1 + pledgeRecords(ORIGIN).length + 1);
  });

  test("parses back, row for row, to the JSON record's every CSV field", () => {
    const records = pledgeRecords(ORIGIN);
    const parsed = rows();
    expect(parsed).toHaveLength(records.length);
    for (const [i, record] of records.entries()) {
      const row = parsed[i]!;
      expect(Object.keys(row)).toEqual(CSV_COLUMNS);
      for (const field of PLEDGE_RECORD_FIELDS) {
        if (!field.csv || field.csv === "declarations") continue;
        const value = valueAt(record, field.json);
        expect(row[field.csv], field.csv).toBe(value === null || value === undefined ? "" : defuseFormula(String(value)));
      }
      // Only a cell's start makes a formula: the joined texts are defused as one cell.
      expect(row.declarations).toBe(defuseFormula(record.declarations.map((declaration) => declaration.text).join(DECLARATION_SEPARATOR)));
    }
  });

  test("keeps a declaration with commas, quotes and a newline intact, and defuses formulas", () => {
    const norway = rows().find((row) => row.state_code === "NO")!;
    expect(norway.declaration_count).toBe("2");
    expect(norway.declarations).toBe(`'${FORMULA_DECLARATION}\n\n${QUOTED_DECLARATION}`);
    const denmark = rows().find((row) => row.state_code === "DK")!;
    expect(denmark).toMatchObject({ status: "withdrawn", withdrawn_on: "2026-11-10", withdrawal_reason: `'${WITHDRAWAL_REASON}` });
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(defuseFormula(`${start}1`)).toBe(`'${start}1`);
    expect(defuseFormula("Norway")).toBe("Norway");
  });
});

describe("the Atom feed", () => {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "entry" || name === "link" });
  type Entry = { id: string; title: { "#text": string }; updated: string; link: { "@href": string }[] };
  const feedOf = (records: PledgeRecord[]) =>
    parser.parse(pledgeFeed({ origin: ORIGIN, lang: "en", page: "/pledges", title: "Accord: pledge events" }, records)).feed as {
      "@xml:lang": string;
      id: string;
      updated: string;
      link: { "@rel": string; "@href": string }[];
      entry: Entry[];
    };

  test("has one entry per event, newest first, with stable tag ids, the recorded time and the pledge's link", () => {
    const records = pledgeRecords(ORIGIN);
    const feed = feedOf(records);
    const events = records.flatMap((record) => [record.recordedAt, ...record.declarations.map((d) => d.recordedAt), ...(record.withdrawal ? [record.withdrawal.recordedAt] : [])]);
    expect(feed.entry).toHaveLength(events.length);
    expect(feed.entry).toHaveLength(6);
    const updated = feed.entry.map((entry) => entry.updated);
    expect(updated).toEqual([...updated].sort().reverse());
    expect(feed.updated).toBe(updated[0]);
    expect(feed.id).toBe("tag:accord.example,2023:pledges");
    expect(feed["@xml:lang"]).toBe("en");
    expect(feed.link).toEqual(
      expect.arrayContaining([
        { "@rel": "self", "@href": `${ORIGIN}/pledges.atom` },
        { "@rel": "alternate", "@href": `${ORIGIN}/pledges` },
      ]),
    );

    const denmark = records.find((record) => record.state.code === "DK")!;
    const norway = records.find((record) => record.state.code === "NO")!;
    const [withdrawal] = feed.entry;
    expect(withdrawal).toMatchObject({
      id: `tag:accord.example,2023:pledge/${denmark.id}/withdrawal`,
      title: { "#text": `${denmark.state.name} withdrew its endorsement of ${denmark.edition.title}` },
      updated: denmark.withdrawal!.recordedAt,
      link: [{ "@href": denmark.url }],
    });
    const ids = feed.entry.map((entry) => entry.id);
    expect(ids).toContain(`tag:accord.example,2023:pledge/${norway.id}`);
    for (const declaration of norway.declarations) expect(ids).toContain(`tag:accord.example,2023:pledge/${norway.id}/declaration/${declaration.logIndex}`);
    expect(feed.entry.find((entry) => entry.id === `tag:accord.example,2023:pledge/${norway.id}`)?.title["#text"]).toBe(`${norway.state.name} subscribed to ${norway.edition.title}`);
  });

  test("gives the same bytes for the same facts, and a stable date when there is no event", () => {
    const records = pledgeRecords(ORIGIN);
    expect(feedOf(records)).toEqual(feedOf(records));
    const empty = feedOf([]);
    expect(empty.entry ?? []).toEqual([]);
    expect(empty.updated).toBe("2023-01-01T00:00:00.000Z");
  });

  test("puts the event's facts in the content, escaped", () => {
    const events = pledgeEvents(pledgeRecords(ORIGIN));
    expect(events.map((event) => event.logIndex)).toEqual([...events.map((event) => event.logIndex)].sort((a, b) => b - a));
    const xml = pledgeFeed({ origin: ORIGIN, lang: "en", page: "/pledges", title: "t" }, pledgeRecords(ORIGIN));
    expect(xml).toContain("in good faith");
    expect(xml).not.toContain('"in good faith"');
    expect(tagUri("http://localhost:3000", "pledges")).toBe("tag:localhost,2023:pledges");
  });
});
