// The open-data routes as a client sees them: /pledges.json, /pledges.csv, /pledges.atom and the
// per-state feeds carry the same records, are cached by the log's size (ETag, 304 with the same
// headers), and /open-data documents every field of the record in English and French.
import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import type { EditionRow } from "../../db/schema";
import { I18nProvider, translator, type Lang } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { PUBLIC_DATA_CACHE, publicCache } from "../lib/public-http.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { recordPaperPledge } from "../models/pledge.server";
import { addState } from "../models/state.server";
import { latestCheckpoint, openTransparencyLog } from "../models/transparency-log.server";
import { PLEDGE_RECORD_FIELDS, pledgeRecords, type PledgeRecord } from "../open-data/pledge-record";
import { openDataScenario } from "../open-data/testing";
import { personWith } from "../testing/drafts";
import { callRoute, getRequest } from "../testing/routes";
import { confirmationFor } from "../testing/second-factor";
import * as openDataPage from "./($lang).open-data";
import * as atomRoute from "./($lang).pledges[.]atom";
import * as csvRoute from "./pledges[.]csv";
import * as jsonRoute from "./pledges[.]json";
import * as stateFeedRoute from "./($lang).states.$code.files.$format";

const ORIGIN = "http://localhost";
let edition: EditionRow;

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.UTC(2026, 10, 27, 9, 0, 0));
  ({ edition } = await openDataScenario());
  addState(SYSTEM_ACTOR, { code: "FI" });
});

const revalidation = (path: string, tag: string) => new Request(new URL(path, ORIGIN), { headers: { "If-None-Match": tag } });
const stateFeed = (code: string, format = "atom") => callRoute(stateFeedRoute.loader, getRequest(`/states/${code}/files/${format}`), { params: { code, format } });

const atom = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "entry" || name === "link" });
type Feed = { feed: { id: string; entry?: { id: string; link: { "@href": string }[] }[] } };

describe("the datasets", () => {
  test("/pledges.json carries the pledge records, ids and digests as the e2e test and the log know them", async () => {
    const response = await callRoute(jsonRoute.loader, getRequest("/pledges.json"));
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    const body = (await response.json()) as { logSize: number; licence: string; pledges: PledgeRecord[] };
    expect(body.logSize).toBe(latestCheckpoint().treeSize);
    expect(body.pledges).toEqual(pledgeRecords(ORIGIN));
    expect(body.pledges.map((pledge) => pledge.edition.digest)).toEqual(body.pledges.map(() => edition.digest));
  });

  test("/pledges.csv is an attachment whose rows are the JSON's records, in order", async () => {
    const response = await callRoute(csvRoute.loader, getRequest("/pledges.csv"));
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("Content-Disposition")).toBe('attachment; filename="accord-pledges.csv"');
    const rows = parse(await response.text(), { bom: true, columns: true }) as Record<string, string>[];
    const json = (await (await callRoute(jsonRoute.loader, getRequest("/pledges.json"))).json()) as { pledges: PledgeRecord[] };
    expect(rows.map((row) => [row.pledge_id, row.state_code, row.text_digest, row.effective_date, row.recorded_at, row.log_index, row.url])).toEqual(
      json.pledges.map((pledge) => [String(pledge.id), pledge.state.code, pledge.edition.digest, pledge.effectiveDate, pledge.recordedAt, String(pledge.logIndex), pledge.url]),
    );
  });

  test("/pledges.atom has an entry per event, each linking to its pledge's page", async () => {
    const response = await callRoute(atomRoute.loader, getRequest("/pledges.atom"));
    expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
    const { feed } = atom.parse(await response.text()) as Feed;
    const records = pledgeRecords(ORIGIN);
    const eventCount = records.reduce((count, record) => count + 1 + record.declarations.length + (record.withdrawal ? 1 : 0), 0);
    expect(feed.entry).toHaveLength(eventCount);
    expect(new Set(feed.entry?.map((entry) => entry.link[0]?.["@href"]))).toEqual(new Set(records.map((record) => record.url)));
  });

  test("/states/<code>.atom has that state's events only; an unknown state, a bad code or format is a 404", async () => {
    const norway = pledgeRecords(ORIGIN, { stateCode: "NO" })[0]!;
    const response = await stateFeed("NO");
    expect(response.status).toBe(200);
    const { feed } = atom.parse(await response.text()) as Feed;
    expect(feed.id).toBe("tag:localhost,2023:states/NO");
    expect(feed.entry).toHaveLength(1 + norway.declarations.length);
    expect(feed.entry?.every((entry) => entry.id.startsWith(`tag:localhost,2023:pledge/${norway.id}`))).toBe(true);

    const finland = atom.parse(await (await stateFeed("FI")).text()) as Feed;
    expect(finland.feed.entry ?? []).toEqual([]);
    for (const [code, format] of [["ZZ", "atom"], ["no", "atom"], ["NO", "rss"]] as const) {
      const missing = await stateFeed(code, format);
      expect(missing.status, `${code}.${format}`).toBe(404);
    }
  });
});

describe("caching", () => {
  test("each dataset has a weak tag, the data cache policy and Vary; a matching If-None-Match gets a 304 with the same headers", async () => {
    const datasets = [
      { path: "/pledges.json", call: () => callRoute(jsonRoute.loader, getRequest("/pledges.json")) },
      { path: "/pledges.csv", call: () => callRoute(csvRoute.loader, getRequest("/pledges.csv")) },
      { path: "/pledges.atom", call: () => callRoute(atomRoute.loader, getRequest("/pledges.atom")) },
    ];
    for (const { path, call } of datasets) {
      const response = await call();
      const tag = response.headers.get("ETag") ?? "";
      // Weak: compression later gives the same facts other bytes under the same tag.
      expect(tag, path).toMatch(/^W\/"[^"]+"$/);
      expect(response.headers.get("Cache-Control")).toBe(PUBLIC_DATA_CACHE);
      expect(response.headers.get("Vary")).toBe("Accept-Encoding");
      expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
      const loader = path.endsWith("json") ? jsonRoute.loader : path.endsWith("csv") ? csvRoute.loader : atomRoute.loader;
      const cached = await callRoute(loader, revalidation(path, `"other", ${tag.slice(2)}`));
      expect(cached.status, path).toBe(304);
      expect(await cached.text()).toBe("");
      for (const name of ["ETag", "Cache-Control", "Vary", "Access-Control-Allow-Origin"]) expect(cached.headers.get(name), `${path} ${name}`).toBe(response.headers.get(name));
    }
    const csv = await callRoute(csvRoute.loader, getRequest("/pledges.csv"));
    expect(await csv.text()).toBe(await (await callRoute(csvRoute.loader, getRequest("/pledges.csv"))).text());
  });

  test("a tag names the log's size and the variant: a new pledge event or another variant is a full answer", async () => {
    const request = getRequest("/anything");
    const before = publicCache(request, { name: "page", variant: ["en", "?kind=subscription"] });
    expect(before.tag).toMatch(new RegExp(`^W/"page-${latestCheckpoint().treeSize}-\\w+-en-\\?kind=subscription"$`));
    expect(publicCache(revalidation("/anything", before.tag), { name: "page", variant: ["fr", "?kind=subscription"] }).notModified).toBeNull();
    expect(publicCache(revalidation("/anything", "*"), { name: "page" }).notModified?.status).toBe(304);
    expect(publicCache(request, { name: "page", vary: ["Cookie"] }).headers.Vary).toBe("Accept-Encoding, Cookie");

    const csvTag = (await callRoute(csvRoute.loader, getRequest("/pledges.csv"))).headers.get("ETag") ?? "";
    const chair = personWith("chair");
    recordPaperPledge(chair.actor, confirmationFor(chair.actor), { editionId: edition.id, stateCode: "FI", kind: "endorsement", effectiveDate: "2026-11-20" });
    expect(publicCache(revalidation("/anything", before.tag), { name: "page", variant: ["en", "?kind=subscription"] }).notModified).toBeNull();
    const after = await callRoute(csvRoute.loader, revalidation("/pledges.csv", csvTag));
    expect(after.status).toBe(200);
    expect(after.headers.get("ETag")).not.toBe(csvTag);
    expect(await after.text()).toContain(",FI,");
  });
});

describe("the /open-data page", () => {
  const unescape = (html: string) =>
    html.replaceAll("<!-- -->", "").replaceAll("&#x27;", "'").replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
  const render = (lang: Lang) => unescape(renderToString(createElement(I18nProvider, { lang, children: createElement(openDataPage.default) })));

  test.each(["en", "fr"] as const)("lists every field of the record with its meaning, in %s", (lang) => {
    const html = render(lang);
    const { t } = translator(lang);
    expect(html).toContain(`<h1>${t("open-data.title")}</h1>`);
    for (const field of PLEDGE_RECORD_FIELDS) {
      expect(html).toContain(`<code>${field.json}</code>`);
      if (field.csv) expect(html).toContain(`<code>${field.csv}</code>`);
      expect(html).toContain(t(field.meaning));
    }
    for (const address of ["/pledges.json", "/pledges.csv", "/pledges.atom", "/states/{code}.atom", "/code/{edition}.json", "/log/checkpoint"]) {
      expect(html).toContain(address);
    }
    expect(html).toContain("CC BY 4.0");
    expect(html.match(/<caption/g)).toHaveLength(2);
    expect(html.match(/<th scope="col">/g)?.length).toBe(7);
  });

  test("answers at /open-data and /fr/open-data, each with its own tag, and 404 in any other language", async () => {
    const english = await callRoute(openDataPage.loader, getRequest("/open-data"), { params: {} });
    const french = await callRoute(openDataPage.loader, getRequest("/fr/open-data"), { params: { lang: "fr" } });
    expect(((await english.json()) as { meta: { title: string } }).meta.title).toBe("Open data – Accord");
    expect(((await french.json()) as { meta: { title: string } }).meta.title).toBe("Données ouvertes – Accord");
    expect(french.headers.get("ETag")).not.toBe(english.headers.get("ETag"));
    expect(english.headers.get("Vary")).toBe("Accept-Encoding, Cookie");
    const cached = await callRoute(openDataPage.loader, revalidation("/open-data", english.headers.get("ETag") ?? ""), { params: {} });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("ETag")).toBe(english.headers.get("ETag"));
    expect((await callRoute(openDataPage.loader, getRequest("/de/open-data"), { params: { lang: "de" } })).status).toBe(404);
  });
});
