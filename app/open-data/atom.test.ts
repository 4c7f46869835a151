// The Atom feeds in French, beside the English ones: the same events under the same ids, dates,
// digests and proof links, told in French (titles, facts, country names, dates) and linking to the
// French pages, in a feed that says it is French.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, test } from "vitest";
import type { Lang } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { localizedUrl, pledgeFeed } from "./atom";
import { pledgeRecords, type PledgeRecord } from "./pledge-record";
import { openDataScenario, QUOTED_DECLARATION } from "./testing";

const ORIGIN = "https://accord.example";

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.UTC(2026, 10, 27, 9, 0, 0));
  await openDataScenario();
});

interface Entry {
  id: string;
  title: { "#text": string };
  updated: string;
  link: { "@href": string }[];
  content: { "#text": string };
}

interface ParsedFeed {
  "@xml:lang": string;
  id: string;
  title: string;
  link: { "@rel": string; "@href": string }[];
  entry: Entry[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "entry" || name === "link" });

function feedXml(lang: Lang, page = "/pledges", records: PledgeRecord[] = pledgeRecords(ORIGIN)): string {
  return pledgeFeed({ origin: ORIGIN, lang, page, title: "Accord" }, records);
}

function parsed(xml: string): ParsedFeed {
  return (parser.parse(xml) as { feed: ParsedFeed }).feed;
}

const byId = (feed: ParsedFeed, id: string) => feed.entry.find((entry) => entry.id === id)!;

describe("the French feed", () => {
  test("is well-formed Atom that says it is French, named and linked by its French addresses", () => {
    const xml = feedXml("fr");
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = parsed(xml);
    expect(feed["@xml:lang"]).toBe("fr");
    expect(parsed(feedXml("en"))["@xml:lang"]).toBe("en");
    // Another document than the English feed, so another feed id; the English one is unchanged.
    expect(feed.id).toBe("tag:accord.example,2023:fr/pledges");
    expect(parsed(feedXml("en")).id).toBe("tag:accord.example,2023:pledges");
    expect(feed.link).toEqual(
      expect.arrayContaining([
        { "@rel": "self", "@href": `${ORIGIN}/fr/pledges.atom` },
        { "@rel": "alternate", "@href": `${ORIGIN}/fr/pledges` },
      ]),
    );

    const state = parsed(feedXml("fr", "/states/NO", pledgeRecords(ORIGIN, { stateCode: "NO" })));
    expect(state.id).toBe("tag:accord.example,2023:fr/states/NO");
    expect(state.link).toEqual(
      expect.arrayContaining([
        { "@rel": "self", "@href": `${ORIGIN}/fr/states/NO.atom` },
        { "@rel": "alternate", "@href": `${ORIGIN}/fr/states/NO` },
      ]),
    );
  });

  test("has the English feed's entries, one per event: the same ids, dates, digests and proof links", () => {
    const records = pledgeRecords(ORIGIN);
    const english = parsed(feedXml("en", "/pledges", records));
    const french = parsed(feedXml("fr", "/pledges", records));
    const events = records.reduce((count, record) => count + 1 + record.declarations.length + (record.withdrawal ? 1 : 0), 0);
    expect(french.entry).toHaveLength(events);
    expect(french.entry.map((entry) => [entry.id, entry.updated])).toEqual(english.entry.map((entry) => [entry.id, entry.updated]));
    for (const record of records) {
      const entry = byId(french, `tag:accord.example,2023:pledge/${record.id}`);
      expect(entry.link).toEqual([{ "@href": `${ORIGIN}/fr/pledges/${record.id}` }]);
      expect(byId(english, entry.id).link).toEqual([{ "@href": record.url }]);
      for (const feed of [english, french]) {
        const content = byId(feed, entry.id).content["#text"];
        expect(content).toContain(record.edition.digest);
        expect(content).toContain(`<dd>${record.proofUrl}</dd>`);
        expect(content).toContain(`<time datetime="${record.recordedAt}">`);
      }
    }
  });

  test("tells each event in French, with the country's French name and dates written in French", () => {
    const records = pledgeRecords(ORIGIN);
    const feed = parsed(feedXml("fr", "/pledges", records));
    const norway = records.find((record) => record.state.code === "NO")!;
    const denmark = records.find((record) => record.state.code === "DK")!;
    const edition = norway.edition.title;

    const pledge = byId(feed, `tag:accord.example,2023:pledge/${norway.id}`);
    expect(pledge.title["#text"]).toBe(`Norvège : souscription à « ${edition} »`);
    expect(pledge.content["#text"]).toContain("<dt>État</dt><dd>Norvège (NO)</dd>");
    expect(pledge.content["#text"]).toContain("<dt>Engagement</dt><dd>souscription, en vigueur</dd>");
    expect(pledge.content["#text"]).toContain('<dt>Date d’effet</dt><dd><time datetime="2026-11-02">2 novembre 2026</time></dd>');

    const declaration = byId(feed, `tag:accord.example,2023:pledge/${norway.id}/declaration/${norway.declarations[1]!.logIndex}`);
    expect(declaration.title["#text"]).toBe(`Norvège : déclaration relative à sa souscription à « ${edition} »`);
    // The declaration is the state's own text: quoted as it was made, escaped, never translated.
    expect(declaration.content["#text"]).toContain(`<dt>Déclaration</dt><dd>${QUOTED_DECLARATION.replaceAll('"', "&#34;").replace("\n", "<br>")}</dd>`);

    const withdrawal = byId(feed, `tag:accord.example,2023:pledge/${denmark.id}/withdrawal`);
    expect(withdrawal.title["#text"]).toBe(`Danemark : retrait du soutien à « ${edition} »`);
    expect(withdrawal.content["#text"]).toContain("<dt>Engagement</dt><dd>soutien, retiré</dd>");
    expect(withdrawal.content["#text"]).toContain('<time datetime="2026-11-10">10 novembre 2026</time>');
    expect(byId(feed, `tag:accord.example,2023:pledge/${records.find((record) => record.state.code === "SE")!.id}`).title["#text"]).toBe(
      `Suède : souscription à « ${edition} »`,
    );

    for (const englishName of ["Norway", "Denmark", "Sweden"]) {
      expect(feed.entry.some((entry) => entry.title["#text"].includes(englishName) || entry.content["#text"].includes(`${englishName} (`))).toBe(false);
    }
  });

  test("the English feed writes the same dates in English", () => {
    const feed = parsed(feedXml("en"));
    const norway = pledgeRecords(ORIGIN, { stateCode: "NO" })[0]!;
    const content = byId(feed, `tag:accord.example,2023:pledge/${norway.id}`).content["#text"];
    expect(content).toContain('<dt>Effective date</dt><dd><time datetime="2026-11-02">2 November 2026</time></dd>');
    expect(content).toContain("<dt>State</dt><dd>Norway (NO)</dd>");
  });
});

test("a page's absolute URL in a language keeps its origin and gains the language's prefix", () => {
  expect(localizedUrl(`${ORIGIN}/pledges/17`, "fr")).toBe(`${ORIGIN}/fr/pledges/17`);
  expect(localizedUrl(`${ORIGIN}/pledges/17`, "en")).toBe(`${ORIGIN}/pledges/17`);
  expect(localizedUrl("http://localhost:3000/states/NO", "fr")).toBe("http://localhost:3000/fr/states/NO");
});
