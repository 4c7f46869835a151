// The pledge pages: a signer pledges through the form with a code from their authenticator, the chair
// records paper, others are refused; the public list, its open data with their caching, one pledge's
// page and its proof bundle; the list's filters, sort and languages as a reader gets them.
import { createRequestHandler, type LoaderFunctionArgs, type ServerBuild } from "@remix-run/node";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, beforeEach, expect, test } from "vitest";
import type { EditionRow } from "../../db/schema";
import { parseEntry } from "../log";
import { nowMs, setClock } from "../lib/clock.server";
import { I18nProvider, isLang, translator, type Lang } from "../i18n";
import { config } from "../lib/env.server";
import { listPledges } from "../models/pledge.server";
import { appendLogEntry, latestCheckpoint, openTransparencyLog } from "../models/transparency-log.server";
import { testEntryText } from "../testing/log";
import { personWith, type TestPerson } from "../testing/drafts";
import { adoptedEdition } from "../testing/pledges";
import { callRoute, formRequest, getRequest, openTestSession, routeData, testContext } from "../testing/routes";
import { enrolSecondFactor, totpCode } from "../testing/second-factor";
import * as pledgeFormRoute from "./instruments.$slug.editions.$number.pledge";
import * as pledgeRoute from "./($lang).pledges.$id";
import * as proofRoute from "./pledges.$id.proof[.]json";
import * as listRoute from "./($lang).pledges._index";
import * as jsonRoute from "./pledges[.]json";

const STEP_MS = 30_000;

let slug = "";
let edition: EditionRow;
type Who = "signer" | "chair" | "delegate" | "unenrolled";
const people = {} as Record<Who, { person: TestPerson; cookie: string; secret: string }>;

// The whole file runs at one moving instant of its own: sessions opened in beforeAll stay fresh whatever the
// wall clock says, and every code's time step comes after the last one used.
let clockMs = Date.UTC(2026, 10, 27, 9, 0, 0);
beforeEach(() => setClock(() => clockMs));

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => clockMs);
  const adopted = await adoptedEdition();
  slug = adopted.instrument.slug;
  edition = adopted.edition;
  const make = async (person: TestPerson, enrol: boolean) => ({
    person,
    cookie: (await openTestSession(person.userId)).cookie,
    secret: enrol ? enrolSecondFactor(person.userId).secret : "",
  });
  people.signer = await make(personWith("signer", "NO"), true);
  people.chair = await make(personWith("chair"), true);
  people.delegate = await make(personWith("delegate", "NO"), true);
  people.unenrolled = await make(personWith("signer", "DK"), false);
});

const formPath = () => `/instruments/${slug}/editions/${edition.number}/pledge`;
const formParams = () => ({ params: { slug, number: String(edition.number) } });

/** The next 30-second step's code of the person: each code is single-use, so every post moves the clock on. */
function nextCode(who: Who): string {
  clockMs = nowMs() + STEP_MS;
  setClock(() => clockMs);
  return totpCode(people[who].secret, new Date(clockMs));
}

function post(who: Who, fields: Record<string, string>): Promise<Response> {
  return callRoute(pledgeFormRoute.action, formRequest(formPath(), fields, { cookie: people[who].cookie }), formParams());
}

test("only a signer or the chair opens the pledge page; a signer without an authenticator is sent to set one up", async () => {
  const delegate = await callRoute(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.delegate.cookie }), formParams());
  expect(delegate.status).toBe(403);
  const anonymous = await callRoute(pledgeFormRoute.loader, getRequest(formPath()), formParams());
  expect(anonymous.status).toBe(302);
  expect(anonymous.headers.get("Location")).toMatch(/^\/login/);

  const unenrolled = await routeData(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.unenrolled.cookie }), formParams());
  expect(unenrolled).toMatchObject({ hasSecondFactor: false, signer: { state: { code: "DK" }, pledge: null }, chair: null });
  const signer = await routeData(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.signer.cookie }), formParams());
  expect(signer).toMatchObject({ hasSecondFactor: true, edition: { digest: edition.digest }, signer: { state: { code: "NO" }, pledge: null } });
  const chair = await routeData(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.chair.cookie }), formParams());
  expect(chair.signer).toBeNull();
  expect(chair.chair?.states.map((state) => state.code)).toEqual(expect.arrayContaining(["NO", "DK"]));
  const missing = await callRoute(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.chair.cookie }), { params: { slug, number: "9" } });
  expect(missing.status).toBe(404);
});

test("a wrong code, a missing kind or a delegate's post changes nothing", async () => {
  const before = latestCheckpoint().treeSize;
  const wrong = await post("signer", { intent: "pledge", stateCode: "NO", kind: "subscription", code: "000000" });
  expect(wrong.status).toBe(400);
  const body = (await wrong.json()) as { intent: string; errors: Record<string, string[]>; values: Record<string, string> };
  expect(body.intent).toBe("pledge");
  expect(body.errors.code?.[0]).toMatch(/code/i);
  expect(body.values).not.toHaveProperty("code");

  const kindless = await post("signer", { intent: "pledge", stateCode: "NO", code: nextCode("signer") });
  expect(kindless.status).toBe(400);
  expect(await kindless.json()).toMatchObject({ errors: { kind: ["Choose whether your state subscribes or endorses"] } });

  const delegate = await post("delegate", { intent: "pledge", stateCode: "NO", kind: "subscription", code: nextCode("delegate") });
  expect(delegate.status).toBe(403);
  const otherState = await post("signer", { intent: "pledge", stateCode: "DK", kind: "subscription", code: nextCode("signer") });
  expect(otherState.status).toBe(403);
  const signerAsChair = await post("signer", { intent: "paper-pledge", stateCode: "NO", kind: "subscription", effectiveDate: edition.adoptedOn, code: nextCode("signer") });
  expect(signerAsChair.status).toBe(403);

  expect(listPledges({ editionId: edition.id })).toEqual([]);
  expect(latestCheckpoint().treeSize).toBe(before);
});

test("a signer pledges with a declaration through the form and is taken to the pledge's public page", async () => {
  const response = await post("signer", {
    intent: "pledge",
    stateCode: "NO",
    kind: "subscription",
    declaration: "Norway applies the code to cloud services.",
    code: nextCode("signer"),
  });
  expect(response.status).toBe(303);
  const [pledge] = listPledges({ editionId: edition.id, stateCode: "NO" });
  expect(response.headers.get("Location")).toBe(`/pledges/${pledge?.id}?notice=pledge-recorded`);
  expect(pledge).toMatchObject({ kind: "subscription", channel: "signer", declarations: [{ text: "Norway applies the code to cloud services." }] });

  const again = await post("signer", { intent: "pledge", stateCode: "NO", kind: "endorsement", code: nextCode("signer") });
  expect(again.status).toBe(400);
  expect(await again.json()).toMatchObject({ errors: { "": [expect.stringContaining("already has an active pledge")] } });

  const page = await routeData(pledgeFormRoute.loader, getRequest(formPath(), { cookie: people.signer.cookie }), formParams());
  expect(page.signer?.pledge?.id).toBe(pledge?.id);

  const pledgeId = String(pledge?.id);
  const declared = await post("signer", { intent: "declare", pledgeId, declaration: "And to on-premises tools.", code: nextCode("signer") });
  expect(declared.headers.get("Location")).toBe(`/pledges/${pledgeId}?notice=declaration-recorded`);
  const foreign = await post("unenrolled", { intent: "withdraw", pledgeId, reason: "Not ours", code: "123456" });
  expect(foreign.status).toBe(403);
  const unknown = await post("signer", { intent: "withdraw", pledgeId: "9999", reason: "Gone", code: nextCode("signer") });
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toMatchObject({ errors: { "": ["There is no pledge 9999 to this edition"] } });
  expect(listPledges({ stateCode: "NO" })[0]).toMatchObject({ status: "active", declarations: [{}, { text: "And to on-premises tools." }] });
});

test("the chair records a pledge received on paper and a withdrawal; dates outside the rules are shown beside the field", async () => {
  const future = new Date(nowMs() + 86_400_000).toISOString().slice(0, 10);
  const refused = await post("chair", { intent: "paper-pledge", stateCode: "FR", kind: "endorsement", effectiveDate: future, code: nextCode("chair") });
  expect(refused.status).toBe(400);
  expect(await refused.json()).toMatchObject({ errors: { stateCode: [expect.stringContaining("not a participating state")] } });

  const recorded = await post("chair", { intent: "paper-pledge", stateCode: "DK", kind: "endorsement", effectiveDate: future, code: nextCode("chair") });
  expect(recorded.status).toBe(400);
  expect(await recorded.json()).toMatchObject({ errors: { effectiveDate: [expect.stringContaining("later than today")] } });

  const ok = await post("chair", { intent: "paper-pledge", stateCode: "DK", kind: "endorsement", effectiveDate: edition.adoptedOn, code: nextCode("chair") });
  expect(ok.status).toBe(303);
  const denmark = listPledges({ editionId: edition.id, stateCode: "DK" })[0];
  expect(denmark).toMatchObject({ channel: "paper", effectiveDate: edition.adoptedOn });

  const withdrawn = await post("chair", {
    intent: "paper-withdrawal",
    pledgeId: String(denmark?.id),
    effectiveDate: edition.adoptedOn,
    reason: "By note verbale",
    code: nextCode("chair"),
  });
  expect(withdrawn.status).toBe(303);
  expect(withdrawn.headers.get("Location")).toBe(`/pledges/${denmark?.id}?notice=pledge-withdrawn`);
  expect(listPledges({ stateCode: "DK" })[0]).toMatchObject({ status: "withdrawn", withdrawal: { reason: "By note verbale" } });
});

test("/pledges lists every pledge with counts, and answers 304 while the log has not grown", async () => {
  const response = await callRoute(listRoute.loader, getRequest("/pledges"));
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("public, max-age=0, stale-while-revalidate=60");
  const tag = response.headers.get("ETag") ?? "";
  expect(tag).toMatch(/^W\/"pledges-[^"]+"$/);
  const data = (await response.json()) as {
    listing: {
      counts: Record<string, number>;
      pledges: { stateName: string; status: string; withdrawnOn: string | null; declarations: string[] }[];
    };
  };
  expect(data.listing.counts).toEqual({ total: 2, subscribing: 1, endorsing: 0, withdrawn: 1 });
  expect(data.listing.pledges.map((pledge) => pledge.stateName)).toEqual(["Denmark", "Norway"]);
  expect(data.listing.pledges[0]).toMatchObject({ status: "withdrawn", withdrawnOn: edition.adoptedOn });
  expect(data.listing.pledges[1]?.declarations).toEqual(["Norway applies the code to cloud services.", "And to on-premises tools."]);

  const cached = await callRoute(listRoute.loader, new Request("http://localhost/pledges", { headers: { "If-None-Match": tag } }));
  expect(cached.status).toBe(304);
  expect(cached.headers.get("ETag")).toBe(tag);
  // A log entry (any pledge event) makes the list another version.
  appendLogEntry(testEntryText(latestCheckpoint().treeSize));
  const stale = await callRoute(listRoute.loader, new Request("http://localhost/pledges", { headers: { "If-None-Match": tag } }));
  expect(stale.status).toBe(200);
  expect(stale.headers.get("ETag")).not.toBe(tag);
});

test("a signed-in reader's list and pledge pages are their own: private, never a 304", async () => {
  const { cookie } = await openTestSession(personWith("observer").userId);
  const norway = String(listPledges({ stateCode: "NO" })[0]?.id);
  for (const [route, path, params] of [
    [listRoute.loader, "/pledges", {}],
    [pledgeRoute.loader, `/pledges/${norway}`, { id: norway }],
  ] as const) {
    const anonymous = await callRoute(route, getRequest(path), { params });
    const tag = anonymous.headers.get("ETag") ?? "";
    expect(anonymous.headers.get("Cache-Control")).toBe("public, max-age=0, stale-while-revalidate=60");
    expect((await callRoute(route, new Request(`http://localhost${path}`, { headers: { "If-None-Match": tag } }), { params })).status).toBe(304);
    const signedIn = await callRoute(route, new Request(`http://localhost${path}`, { headers: { Cookie: cookie, "If-None-Match": tag } }), { params });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get("Cache-Control")).toBe("private, no-cache");
    expect(signedIn.headers.get("ETag")).toBeNull();
  }
});

test("the list's tag names its language and query, so that a filtered or French copy is never taken for another", async () => {
  const tagOf = async (path: string, lang?: string) =>
    (await callRoute(listRoute.loader, getRequest(path), { params: lang ? { lang } : {} })).headers.get("ETag");
  const english = await tagOf("/pledges");
  expect(await tagOf("/fr/pledges", "fr")).not.toBe(english);
  expect(await tagOf("/pledges?status=active&kind=subscription")).not.toBe(english);
  expect(await tagOf("/pledges?status=active&kind=subscription")).not.toBe(await tagOf("/pledges?status=active"));
  // The same filters in another order are the same list.
  expect(await tagOf("/pledges?kind=subscription&status=active")).toBe(await tagOf("/pledges?status=active&kind=subscription"));
  // The timeline runs to today, so a day later the page is another version, though the log has not grown.
  const before = await tagOf("/pledges");
  const now = nowMs();
  setClock(() => now + 86_400_000);
  expect(await tagOf("/pledges")).not.toBe(before);
  setClock(() => now);
  expect((await callRoute(listRoute.loader, getRequest("/de/pledges"), { params: { lang: "de" } })).status).toBe(404);
  expect((await callRoute(listRoute.loader, getRequest("/en/pledges"), { params: { lang: "en" } })).status).toBe(404);
});

test("/pledges.json gives the list as open data, with the same caching", async () => {
  const response = await callRoute(jsonRoute.loader, getRequest("/pledges.json"));
  expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
  const body = (await response.json()) as { generatedAt: string; logSize: number; checkpoint: string; pledges: Record<string, unknown>[] };
  expect(body).toMatchObject({ logSize: latestCheckpoint().treeSize, checkpoint: "/log/checkpoint" });
  expect(new Date(body.generatedAt).toISOString()).toBe(body.generatedAt);
  const norway = body.pledges.find((pledge) => (pledge.state as { code: string }).code === "NO");
  expect(norway).toMatchObject({
    edition: { id: edition.id, slug: edition.slug, title: edition.title, digest: edition.digest, number: 1 },
    kind: "subscription",
    effectiveDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    channel: "signer",
    status: "active",
    withdrawal: null,
    declarations: [
      { text: "Norway applies the code to cloud services.", logIndex: expect.any(Number) },
      { text: "And to on-premises tools.", logIndex: expect.any(Number) },
    ],
  });
  const tag = response.headers.get("ETag") ?? "";
  const cached = await callRoute(jsonRoute.loader, new Request("http://localhost/pledges.json", { headers: { "If-None-Match": `"x", ${tag}` } }));
  expect(cached.status).toBe(304);
});

test("a pledge's page lists its events with their log entries; its proof bundle downloads; unknown ids are 404", async () => {
  const norway = listPledges({ stateCode: "NO" })[0];
  const id = String(norway?.id);
  const page = await routeData(pledgeRoute.loader, getRequest(`/pledges/${id}`), { params: { id } });
  expect(page.events.map((event) => [event.type, event.logIndex])).toEqual([
    ["pledge", norway?.logIndex],
    ["declaration", norway?.declarations[0]?.logIndex],
    ["declaration", norway?.declarations[1]?.logIndex],
  ]);
  expect(page.pledge.edition.digest).toBe(edition.digest);

  const download = await callRoute(proofRoute.loader, getRequest(`/pledges/${id}/proof.json`), { params: { id } });
  expect(download.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  expect(download.headers.get("Content-Disposition")).toBe(`attachment; filename="accord-pledge-${id}-proof.json"`);
  expect(download.headers.get("Cache-Control")).toBe("no-cache");
  const bundle = (await download.json()) as { format: string; pledge: string; entries: { text: string }[] };
  expect(bundle).toMatchObject({ format: "accord-proof-bundle/1", pledge: id });
  expect(bundle.entries.map((entry) => parseEntry(entry.text).kind)).toEqual(["adoption", "subscription", "declaration", "declaration"]);

  for (const bad of ["999", "0", "01", "abc"]) {
    expect((await callRoute(pledgeRoute.loader, getRequest(`/pledges/${bad}`), { params: { id: bad } })).status).toBe(404);
    expect((await callRoute(proofRoute.loader, getRequest(`/pledges/${bad}/proof.json`), { params: { id: bad } })).status).toBe(404);
  }
});

// A page as a browser gets it: rendered on the server from the route's real loader (and action).
type RouterArgs = Pick<LoaderFunctionArgs, "request" | "params">;
interface PageModule {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  action?: (args: LoaderFunctionArgs) => Promise<unknown>;
  default: () => ReactElement;
}

async function renderPage(page: PageModule, path: string, request: Request): Promise<{ status: number; html: string }> {
  const { action } = page;
  const route = {
    id: "page",
    path,
    loader: ({ request, params }: RouterArgs) => page.loader({ request, params, context: testContext() }),
    action: action ? ({ request, params }: RouterArgs) => action({ request, params, context: testContext() }) : undefined,
    Component: page.default,
  };
  const handler = createStaticHandler([route]);
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`the page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  // The language the root layout would give the page: the address's prefix.
  const prefix = new URL(request.url).pathname.split("/")[1];
  const lang: Lang = isLang(prefix) ? prefix : "en";
  const tree = createElement(I18nProvider, { lang, children: createElement(StaticRouterProvider, { router, context }) });
  return { status: context.statusCode, html: renderToString(tree) };
}

/** The public pledge list at `path` (with its query), in the language its prefix names. */
function renderList(path: string) {
  return renderPage(listRoute, "/:lang?/pledges", getRequest(path));
}

function renderPledgePage(request: Request) {
  return renderPage(pledgeFormRoute, "/instruments/:slug/editions/:number/pledge", request);
}

function expectWellFormedControls(html: string): void {
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
  expect(new Set(ids).size).toBe(ids.length);
  const labelled = new Set([...html.matchAll(/<label for="([^"]+)"/g)].map((match) => match[1]));
  for (const control of html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)) {
    const attributes = control[2] ?? "";
    if (/type="hidden"/.test(attributes)) continue;
    expect(labelled.has(/\bid="([^"]+)"/.exec(attributes)?.[1])).toBe(true);
  }
}

test("the pledge page renders each person's forms with unique, labelled controls, and a failure beside its field", async () => {
  const sweden = personWith("signer", "SE");
  enrolSecondFactor(sweden.userId);
  const cookie = (await openTestSession(sweden.userId)).cookie;
  const signer = await renderPledgePage(getRequest(formPath(), { cookie }));
  expect(signer.html).toContain("Your state has not pledged");
  expect(signer.html).toContain(edition.digest);
  expect(signer.html).toMatch(/<input[^>]*name="code"[^>]*inputmode="numeric"[^>]*autocomplete="one-time-code"/i);
  expectWellFormedControls(signer.html);

  const failed = await renderPledgePage(formRequest(formPath(), { intent: "pledge", stateCode: "SE", kind: "endorsement", code: "123456" }, { cookie }));
  expect(failed.status).toBe(400);
  expect(failed.html).toContain("There is a problem");
  expect(failed.html).toMatch(/id="field-pledge-code-error"/);
  expect(failed.html).toMatch(/id="field-pledge-kind-endorsement"[^>]*checked=""/);
  expectWellFormedControls(failed.html);

  const norway = await renderPledgePage(getRequest(formPath(), { cookie: people.signer.cookie }));
  expect(norway.html).toContain("Add a declaration");
  expect(norway.html).toContain("Withdraw the pledge");
  expectWellFormedControls(norway.html);

  const chair = await renderPledgePage(getRequest(formPath(), { cookie: people.chair.cookie }));
  expect(chair.html).toContain("Record a pledge received on paper");
  expectWellFormedControls(chair.html);

  const unenrolled = await renderPledgePage(getRequest(formPath(), { cookie: people.unenrolled.cookie }));
  expect(unenrolled.html).toContain('href="/account/second-factor"');
  expect(unenrolled.html).not.toContain('name="code"');
});

test("the public pages render: the list with its caption and links, a pledge with its proof download", async () => {
  const list = await renderList("/pledges");
  // The caption names the table's scroll region, which a keyboard reaches on a narrow screen.
  expect(list.html).toContain('<caption id="pledges-caption">');
  expect(list.html).toContain('tabindex="0" role="region" aria-labelledby="pledges-caption"');
  expect(list.html).toContain('href="/pledges.json"');
  expect(list.html).toContain('href="/log"');
  const { date } = translator("en");
  expect(list.html).toContain(`Withdrawn on ${date(edition.adoptedOn)} (pledged ${date(edition.adoptedOn)})`);
  expect(list.html).toContain("2 pledges: 1 subscribes, 0 endorse, 1 withdrawn");
  expect(list.html).toContain('href="/states/NO">Norway</a>');
  expect(list.html).toMatch(/<section aria-labelledby="pledge-map-title"[^>]*>.*<svg/s);
  expect(list.html).toMatch(/<section aria-labelledby="pledge-timeline-title"[^>]*>/);
  expectWellFormedControls(list.html);

  const id = String(listPledges({ stateCode: "NO" })[0]?.id);
  expect(list.html).toContain(`href="/pledges/${id}"`);
  const one = await renderPage(pledgeRoute, "/:lang?/pledges/:id", getRequest(`/pledges/${id}`));
  expect(one.html).toContain(`href="/pledges/${id}/proof.json"`);
  expect(one.html).toContain("Download the proof bundle");
  expect(one.html).toContain(edition.digest);
  expect(one.html).toContain('href="/states/NO"');
  expect(one.html).toMatch(/href="\/log\/proof\/inclusion\?index=\d+&amp;size=\d+"/);

  const french = await renderPage(pledgeRoute, "/:lang?/pledges/:id", getRequest(`/fr/pledges/${id}`));
  expect(french.html).toContain(`Norvège : engagement ${id}`);
  expect(french.html).toContain('href="/fr/states/NO"');
  expect(french.html).toContain("Télécharger le dossier de preuve");
});

test("the list filters through its form's query: search in either language, status, region; the headers sort it", async () => {
  const rows = (html: string) => [...html.matchAll(/<th scope="row"><a [^>]*href="[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]);
  expect(rows((await renderList("/pledges?q=Danemark")).html)).toEqual(["Denmark"]);
  expect(rows((await renderList("/pledges?q=no&status=active")).html)).toEqual(["Norway"]);
  expect(rows((await renderList("/pledges?region=Europe&sort=-state")).html)).toEqual(["Norway", "Denmark"]);
  expect(rows((await renderList("/pledges?region=Asia")).html)).toEqual([]);

  const sorted = await renderList("/pledges?status=withdrawn&sort=-state");
  expect(sorted.html).toContain("1 pledge: 0 subscribe, 0 endorse, 1 withdrawn");
  expect(sorted.html).toMatch(/<th scope="col" aria-sort="descending"><a [^>]*href="\/pledges\?status=withdrawn&amp;sort=state">State/);
  expect(sorted.html).toMatch(/<th scope="col"><a [^>]*href="\/pledges\?status=withdrawn">Effective date/);
  expect(sorted.html).toMatch(/<option value="withdrawn" selected="">/);
  expect(sorted.html).toMatch(/<a [^>]*href="\/pledges">Clear the filters<\/a>/);

  const byDate = await renderList("/pledges");
  expect(byDate.html).toMatch(/<th scope="col" aria-sort="ascending"><a [^>]*href="\/pledges\?sort=-date">Effective date/);
});

test("empty filter values mean any; a bad value is a 400 page that names the field and what it allows", async () => {
  const empty = await renderList("/pledges?q=&kind=&status=&region=&edition=&from=&to=&sort=");
  expect(empty.status).toBe(200);
  expect(empty.html).toContain("2 pledges:");

  const bad = await renderList(`/pledges?kind=treaty&edition=nope&to=2023-02-30`);
  expect(bad.status).toBe(400);
  expect(bad.html).toContain("Kind: “treaty” is not a kind of pledge. Allowed: “subscription”, “endorsement”, or empty for any.");
  expect(bad.html).toContain(`Edition: “nope” is not an adopted edition. Allowed: “${edition.slug}”`);
  expect(bad.html).toContain("Effective until: “2023-02-30” is not a date");
  expect(bad.html).toMatch(/<select id="filter-kind" name="kind" aria-describedby="filter-kind-error" aria-invalid="true"/);
  expect(bad.html).toContain('href="#filter-kind"');
  expect(bad.html).not.toContain("<table>");
  expect(bad.html).toMatch(/<a [^>]*href="\/pledges">Clear the filters<\/a>/);
  expectWellFormedControls(bad.html);

  const response = await callRoute(listRoute.loader, getRequest("/pledges?region=Atlantis"));
  expect(response.status).toBe(400);
  expect(await response.json()).toMatchObject({ problems: [{ field: "region", message: expect.stringContaining("“Europe”") }], listing: null });
});

test("the French list speaks French, with French country names and dates", async () => {
  const page = await renderList("/fr/pledges?sort=state");
  expect(page.html).toContain("<h1>Engagements</h1>");
  expect(page.html).toContain("2 engagements : 1 souscription, 0 soutien, 1 retiré");
  expect(page.html).toContain('href="/fr/states/DK">Danemark</a>');
  expect(page.html).toContain('href="/fr/states/NO">Norvège</a>');
  const { date } = translator("fr");
  expect(page.html).toContain(`Retiré le ${date(edition.adoptedOn)}`);
  expect(page.html).toMatch(/aria-sort="ascending"><a [^>]*href="\/fr\/pledges\?sort=-state">État/);
  expect(page.html).toContain("Effacer les filtres");
  const bad = await renderList("/fr/pledges?status=perdu");
  expect(bad.status).toBe(400);
  expect(bad.html).toContain("Statut : « perdu » n’est pas un statut.");
});

test("through Remix, a page request with the current tag gets a 304 that carries the page's caching headers", async () => {
  // Just enough of a server build to run the list's loader and headers as the server does; the
  // document itself is not rendered (a 304 has no body).
  const build = {
    mode: "production",
    entry: { module: { default: (_request: Request, status: number, headers: Headers) => new Response(status === 304 ? null : "page", { status, headers }) } },
    routes: {
      root: { id: "root", path: "", module: { default: () => null } },
      "routes/($lang).pledges._index": { id: "routes/($lang).pledges._index", parentId: "root", path: ":lang?/pledges", module: listRoute },
    },
    assets: { entry: { module: "", imports: [] }, routes: {}, url: "", version: "test" },
    publicPath: "/build/",
    assetsBuildDirectory: "public/build",
    future: {},
    isSpaMode: false,
  } as unknown as ServerBuild;
  const handle = createRequestHandler(build, "production");
  const page = await handle(new Request("http://localhost/pledges"));
  expect(page.status).toBe(200);
  const tag = page.headers.get("ETag") ?? "";
  expect(tag).toBe((await callRoute(listRoute.loader, getRequest("/pledges"))).headers.get("ETag"));

  const revalidated = await handle(new Request("http://localhost/pledges", { headers: { "If-None-Match": tag } }));
  expect(revalidated.status).toBe(304);
  expect(revalidated.headers.get("ETag")).toBe(tag);
  expect(revalidated.headers.get("Cache-Control")).toBe("public, max-age=0, stale-while-revalidate=60");
});
