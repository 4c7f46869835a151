// The public home page and the adopted text's reading page, in English and French: the counts and latest
// events against what the pledge and state modules say, the HTML a reader without JavaScript gets, an
// anchor and a citing link for every clause, the redirect to the text in force, and HTTP revalidation.
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, test, vi } from "vitest";
import type * as RemixReact from "@remix-run/react";
import type { EditionRow } from "../../db/schema";
import { documentFromJSON, documentOutline, documentToJSON, demoFirstEdition, updateYDoc, type NodeJSON } from "../../editor";
import { I18nProvider, type Lang } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { countryName } from "../models/countries.server";
import { editDocument } from "../models/document.server";
import { adoptEdition, editionDocument } from "../models/edition.server";
import { listPledges, recordPaperPledge, recordPaperWithdrawal } from "../models/pledge.server";
import { addState, listStatesWithStatus } from "../models/state.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { saveVersion } from "../models/version.server";
import { editionReading, hyphenated } from "../public-site/edition-html.server";
import { LATEST_EVENTS } from "../public-site/overview.server";
import { personWith, type TestPerson } from "../testing/drafts";
import { adoptedEdition } from "../testing/pledges";
import { callRoute, getRequest, openTestSession } from "../testing/routes";
import { confirmationFor } from "../testing/second-factor";
import * as codeIndex from "./($lang).code._index";
import * as codePage from "./($lang).code.$edition";
import * as home from "./($lang)._index";

const remix = vi.hoisted(() => ({ loaderData: undefined as unknown, routeError: undefined as unknown }));
vi.mock("@remix-run/react", async (original) => {
  const actual = await original<typeof RemixReact>();
  type Props = Record<string, unknown> & { children?: ReactNode };
  const link = ({ children, to, ...rest }: Props) => createElement("a", { href: to, ...rest }, children);
  return {
    isRouteErrorResponse: actual.isRouteErrorResponse,
    Link: link,
    useLoaderData: () => remix.loaderData,
    useRouteError: () => remix.routeError,
  };
});

/** A page's HTML as the server sends it, from loader data serialised as Remix does. */
function render(page: () => ReactNode, data: unknown, lang: Lang): string {
  remix.loaderData = data === undefined ? undefined : (JSON.parse(JSON.stringify(data)) as unknown);
  return renderToString(createElement(I18nProvider, { lang, children: createElement(page) })).replaceAll("<!-- -->", "");
}

const TODAY = Date.UTC(2026, 10, 27, 9, 0, 0);
let first: EditionRow;
let second: EditionRow;
let chair: TestPerson;

// Nine events by date: eight pledges, one withdrawn later; the home page shows the latest eight.
const PLEDGES = [
  { stateCode: "NO", kind: "subscription", effectiveDate: "2026-10-29" },
  { stateCode: "DK", kind: "endorsement", effectiveDate: "2026-11-02" },
  { stateCode: "SE", kind: "subscription", effectiveDate: "2026-11-05" },
  { stateCode: "FR", kind: "subscription", effectiveDate: "2026-11-10" },
  { stateCode: "JP", kind: "subscription", effectiveDate: "2026-11-10" },
  { stateCode: "CA", kind: "endorsement", effectiveDate: "2026-11-12" },
  { stateCode: "AU", kind: "subscription", effectiveDate: "2026-11-14" },
  { stateCode: "DE", kind: "endorsement", effectiveDate: "2026-11-15" },
] as const;
const WITHDRAWN = { stateCode: "SE", effectiveDate: "2026-11-20" };

/** The demo text under another title: a second edition of the same instrument. */
function retitled(title: string) {
  const json = documentToJSON(demoFirstEdition());
  const [titleNode, ...rest] = json.content ?? [];
  return documentFromJSON({ ...json, content: [{ ...titleNode, content: [{ type: "text", text: title }] } as NodeJSON, ...rest] });
}

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => TODAY);
  const adopted = await adoptedEdition(30);
  first = adopted.edition;
  chair = personWith("chair");
  await editDocument(adopted.document.name, chair.userId, (ydoc) => updateYDoc(ydoc, retitled("Code of Conduct, revised")));
  const version = saveVersion(chair.actor, adopted.document, { name: "Revised text", note: "" });
  second = adoptEdition(chair.actor, confirmationFor(chair.actor), {
    instrumentId: adopted.instrument.id,
    versionNumber: version.number,
    title: "Code of Conduct, second edition",
    adoptedOn: "2026-11-25",
  });
  for (const [code, status] of [["NO", "committed"], ["DK", "committed"], ["SE", "supporter"]] as const) {
    addState(SYSTEM_ACTOR, { code, initial: { status, effectiveDate: "2026-01-15", sourceNote: "Joint statement" } });
  }
  for (const code of ["FR", "JP", "CA", "AU", "DE"]) addState(SYSTEM_ACTOR, { code });
  for (const pledge of PLEDGES) recordPaperPledge(chair.actor, confirmationFor(chair.actor), { editionId: first.id, ...pledge });
  const withdrawn = listPledges({ stateCode: WITHDRAWN.stateCode })[0];
  if (!withdrawn) throw new Error("the pledge to withdraw was not recorded");
  recordPaperWithdrawal(chair.actor, confirmationFor(chair.actor), {
    pledgeId: withdrawn.id,
    reason: "Under review",
    effectiveDate: WITHDRAWN.effectiveDate,
  });
});

type HomeData = Awaited<ReturnType<Awaited<ReturnType<typeof home.loader>>["json"]>>;

function homeRequest(path: string, lang?: string, headers: Record<string, string> = {}) {
  return callRoute(home.loader, new Request(new URL(path, "http://localhost"), { headers }), { params: lang ? { lang } : {} });
}

async function homeData(path: string, lang?: string, headers: Record<string, string> = {}): Promise<HomeData> {
  const response = await homeRequest(path, lang, headers);
  expect(response.status).toBe(200);
  return (await response.json()) as HomeData;
}

describe("the home page", () => {
  test("a visitor from elsewhere whose browser prefers French is sent to /fr; a choice made on our pages stands", async () => {
    const from = (headers: Record<string, string>, path = "/") =>
      callRoute(home.loader, new Request(new URL(path, "http://localhost"), { headers }), { params: path.startsWith("/fr") ? { lang: "fr" } : {} });
    const arriving = await from({ "Accept-Language": "fr-CH, fr;q=0.9, en;q=0.5" });
    expect([arriving.status, arriving.headers.get("Location"), arriving.headers.get("Vary")]).toEqual([302, "/fr", "Accept-Language, Referer"]);
    const chose = await from({ "Accept-Language": "fr", Referer: "http://localhost/fr/pledges" });
    expect(chose.status).toBe(200);
    // That choice is the reader's own: no cache may hand their English page to the next French visitor.
    expect(chose.headers.get("Cache-Control")).toBe("private, no-cache");
    const english = await from({ "Accept-Language": "de, en;q=0.8" });
    expect(english.status).toBe(200);
    // At /, which page a browser gets depends on its languages: shared caches key it by them.
    expect(english.headers.get("Cache-Control")).toMatch(/^public/);
    expect(english.headers.get("Vary")).toBe("Accept-Encoding, Cookie, Accept-Language");
    const french = await from({ "Accept-Language": "fr" }, "/fr");
    expect(french.status).toBe(200);
    expect(french.headers.get("Vary")).toBe("Accept-Encoding, Cookie");
  });

  test("its counts are those of the pledge list and of the states' statuses", async () => {
    const pledges = listPledges();
    const activeStates = (kind: string) =>
      new Set(pledges.filter((pledge) => pledge.kind === kind && pledge.status === "active").map((pledge) => pledge.state.code)).size;
    const expected = {
      subscribing: activeStates("subscription"),
      endorsing: activeStates("endorsement"),
      withdrawn: pledges.filter((pledge) => pledge.status === "withdrawn").length,
      committed: listStatesWithStatus().filter((state) => state.status === "committed").length,
    };
    // Against the data made above: SE's subscription is withdrawn; NO and DK are committed to the drafting.
    expect(expected).toEqual({ subscribing: 4, endorsing: 3, withdrawn: 1, committed: 2 });
    expect((await homeData("/")).counts).toEqual(expected);
    expect((await homeData("/fr", "fr")).counts).toEqual(expected);
  });

  test("the current edition is the instrument's latest", async () => {
    const { editions } = await homeData("/");
    expect(editions).toEqual([expect.objectContaining({ slug: second.slug, title: second.title, adoptedOn: "2026-11-25", digest: second.digest })]);
  });

  test("the latest pledge events come newest first, withdrawals included, state names in the page's language", async () => {
    const { events } = await homeData("/fr", "fr");
    expect(events).toHaveLength(LATEST_EVENTS);
    expect(events[0]).toMatchObject({ happened: "withdrew", stateCode: "SE", effectiveDate: "2026-11-20", stateName: countryName("SE", "fr") });
    const dates = events.map((event) => event.effectiveDate);
    expect(dates).toEqual([...dates].sort().reverse());
    // Of two events on the same date, the one entered later in the log comes first.
    const sameDay = events.filter((event) => event.effectiveDate === "2026-11-10").map((event) => event.stateCode);
    expect(sameDay).toEqual(["JP", "FR"]);
    // The oldest event (NO's pledge) is the ninth: left out.
    expect(events.map((event) => event.stateCode)).not.toContain("NO");
    expect((await homeData("/")).events[0]?.stateName).toBe("Sweden");
  });

  test("the page in French links each count and event to the French pledge pages", async () => {
    const data = await homeData("/fr", "fr");
    const html = render(home.default, data, "fr");
    expect(html).toContain("<h1>Un code de conduite sur le contrôle des exportations de technologies de surveillance</h1>");
    expect(html).toContain('href="/fr/pledges?kind=subscription&amp;status=active"');
    expect(html).toContain('href="/fr/pledges?status=withdrawn"');
    const withdrawal = data.events[0];
    expect(html).toContain(`href="/fr/pledges/${withdrawal?.pledgeId}"`);
    expect(html).toContain("Suède : retrait de la souscription à « Code of Conduct, first edition »");
    expect(html).toContain(`href="/fr/code/${second.slug}"`);
    expect(html).toContain(second.digest);
    expect(html).toContain('href="/log"');
    expect(html).toContain('href="/fr/open-data"');
  });

  test("the page in English; signed in, the same page with a link to the dashboard", async () => {
    const html = render(home.default, await homeData("/"), "en");
    expect(html).toContain("Sweden withdrew its subscription to the Code of Conduct, first edition");
    expect(html).not.toContain('href="/dashboard"');
    const { cookie } = await openTestSession(personWith("delegate", "NO").userId);
    const signedIn = await homeData("/", undefined, { Cookie: cookie });
    expect(signedIn.signedIn).toBe(true);
    expect(render(home.default, signedIn, "en")).toContain('href="/dashboard"');
  });

  test("is revalidated by a tag of what it shows, which changes when a count does", async () => {
    const answer = await homeRequest("/fr", "fr");
    const tag = answer.headers.get("ETag") ?? "";
    expect(tag).toMatch(/^W\/"home-fr-/);
    expect(answer.headers.get("Cache-Control")).toBe("public, max-age=0, stale-while-revalidate=60");
    expect((await homeRequest("/fr", "fr", { "If-None-Match": tag })).status).toBe(304);
    expect((await homeRequest("/", undefined, { "If-None-Match": tag })).status).toBe(200);
    // A participation status is not in the log, yet it is counted: the tag follows the data.
    addState(SYSTEM_ACTOR, { code: "IT", initial: { status: "committed", effectiveDate: "2026-11-26", sourceNote: "Letter" } });
    const changed = await homeRequest("/fr", "fr", { "If-None-Match": tag });
    expect(changed.status).toBe(200);
    expect(((await changed.json()) as HomeData).counts.committed).toBe(3);
  });

  test("an address in no language of ours is not found", async () => {
    for (const lang of ["xx", "en"]) {
      const response = await callRoute(home.loader, getRequest(`/${lang}`), { params: { lang } });
      expect(response.status).toBe(404);
    }
  });
});

describe("/code", () => {
  test("redirects to the text in force, in the page's language", async () => {
    const english = await callRoute(codeIndex.loader, getRequest("/code"));
    expect(english.status).toBe(302);
    expect(english.headers.get("Location")).toBe(`/code/${second.slug}`);
    const french = await callRoute(codeIndex.loader, getRequest("/fr/code"), { params: { lang: "fr" } });
    expect(french.headers.get("Location")).toBe(`/fr/code/${second.slug}`);
    expect((await callRoute(codeIndex.loader, getRequest("/xx/code"), { params: { lang: "xx" } })).status).toBe(404);
  });
});

function editionRequest(edition: Pick<EditionRow, "slug">, lang?: Lang, headers: Record<string, string> = {}) {
  const path = `${lang === "fr" ? "/fr" : ""}/code/${edition.slug}`;
  const request = new Request(new URL(path, "http://localhost"), { headers });
  return callRoute(codePage.loader, request, { params: { edition: edition.slug, ...(lang === "fr" ? { lang } : {}) } });
}

type EditionData = Awaited<ReturnType<Awaited<ReturnType<typeof codePage.loader>>["json"]>>;

async function editionData(edition: EditionRow, lang?: Lang): Promise<EditionData> {
  const response = await editionRequest(edition, lang);
  expect(response.status).toBe(200);
  return (await response.json()) as EditionData;
}

describe("an edition's reading page", () => {
  test("every clause of the edition has its anchor, a link to it in the contents, and a link to cite it", async () => {
    const data = await editionData(first);
    const html = render(codePage.default, data, "en");
    const outline = documentOutline(editionDocument(first));
    const clauses = outline.flatMap((section) => section.clauses);
    expect(clauses.length).toBeGreaterThan(5);
    for (const clause of clauses) {
      expect(html).toContain(`id="${clause.anchor}"`);
      expect(html.split(`href="#${clause.anchor}"`)).toHaveLength(3); // in the contents and beside the clause
      expect(html).toContain(`aria-label="Link to clause ${clause.number}"`);
    }
    for (const section of outline) expect(html).toContain(`id="${section.anchor}"`);
    expect(html).toContain('<nav class="edition-contents" aria-label="Contents">');
    // The announced form of the address, `#clause-1-2`, lands on the clause whose anchor is `clause-1.2`.
    expect(clauses.map((clause) => clause.anchor)).toContain("clause-1.2");
    for (const clause of clauses) expect(html).toContain(`<section class="clause" id="${clause.anchor}">\n<span class="clause-alias" id="${hyphenated(clause.anchor)}">`);
    expect(html).toContain('id="clause-1-2"');
  });

  test("shows the title, adoption date, number, digest and where to check it, downloads and other editions", async () => {
    const html = render(codePage.default, await editionData(first), "en");
    expect(html).toContain(`<h1>${first.title}</h1>`);
    expect(html).toContain(`<time dateTime="${first.adoptedOn}">`);
    expect(html).toContain("Edition 1");
    expect(html).toContain(`<code class="digest">${first.digest}</code>`);
    expect(html).toContain(`href="/instruments/${first.slug.replace(/-1$/, "")}/editions/1/text"`);
    for (const extension of ["pdf", "docx", "akn.xml", "json"]) expect(html).toContain(`href="/code/${first.slug}.${extension}"`);
    expect(html).toContain(`href="/pledges?edition=${first.slug}"`);
    expect(html).toContain(`href="/code/${second.slug}"`);
    expect(html).not.toContain("adopted in English and is shown in English");
  });

  test("in French, the interface is French and the text is marked as the English one it was adopted in", async () => {
    const data = await editionData(first, "fr");
    expect(data.meta.title).toBe(`${first.title} – Accord`);
    expect(data.meta.description).toContain("adopté le");
    const html = render(codePage.default, data, "fr");
    expect(html).toContain("Ce texte a été adopté en anglais ; il est reproduit en anglais.");
    expect(html).toContain('<div class="edition-text" lang="en">');
    expect(html).toContain('aria-label="Lien vers la clause 1.2"');
    expect(html).toContain('aria-label="Sommaire"');
    expect(html).toContain(`href="/fr/code/${second.slug}"`);
  });

  test("an edition's rendering is made once per language and kept", () => {
    expect(editionReading(first, "en")).toBe(editionReading(first, "en"));
    expect(editionReading(first, "fr").html).not.toBe(editionReading(first, "en").html);
  });

  test("an unknown edition and an unknown language are not found", async () => {
    expect((await editionRequest({ slug: "no-such-edition-9" })).status).toBe(404);
    const unknownLang = await callRoute(codePage.loader, getRequest(`/xx/code/${first.slug}`), { params: { lang: "xx", edition: first.slug } });
    expect(unknownLang.status).toBe(404);
    remix.routeError = await editionRequest({ slug: "no-such-edition-9" }, "fr").then(async (response) => ({
      status: response.status,
      statusText: "",
      internal: false,
      data: await response.json(),
    }));
    expect(render(codePage.ErrorBoundary, undefined, "fr")).toContain("Édition introuvable");
  });

  test("is cached per language, and revalidates with a 304", async () => {
    const answer = await editionRequest(first);
    const tag = answer.headers.get("ETag");
    expect(tag).toMatch(/^W\/"code-[^"]+"$/);
    expect(answer.headers.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=86400");
    const again = await editionRequest(first, undefined, { "If-None-Match": tag ?? "" });
    expect(again.status).toBe(304);
    expect(again.headers.get("ETag")).toBe(tag);
    // The French page is another representation: the English tag does not revalidate it.
    const french = await editionRequest(first, "fr", { "If-None-Match": tag ?? "" });
    expect(french.status).toBe(200);
    expect(french.headers.get("ETag")).toMatch(/^W\/"code-[^"]+"$/);
    expect(french.headers.get("ETag")).not.toBe(tag);
    // The 304 is thrown, so the route's headers come from the error's.
    const sent = new Headers(codePage.headers({ loaderHeaders: new Headers(), errorHeaders: again.headers } as never));
    expect(sent.get("ETag")).toBe(tag);
    expect(sent.get("Cache-Control")).toBe("public, max-age=300, stale-while-revalidate=86400");
  });

  test("signed in, the page names its reader, so it is private and never answered with a 304", async () => {
    const { cookie } = await openTestSession(personWith("observer").userId);
    const anonymousTag = (await editionRequest(first)).headers.get("ETag") ?? "";
    const answer = await editionRequest(first, undefined, { Cookie: cookie, "If-None-Match": anonymousTag });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(answer.headers.get("ETag")).toBeNull();
  });
});
