// The editions pages for each kind of person: the public reads the list, an edition and its canonical
// text; the chair adopts through the form with a code from their authenticator; nobody else can.
import crypto from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { demoFirstEdition, updateYDoc } from "../../editor";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { listAuditEvents } from "../models/audit.server";
import { editDocument } from "../models/document.server";
import { listEditions } from "../models/edition.server";
import { latestCheckpoint, openTransparencyLog } from "../models/transparency-log.server";
import { saveVersion } from "../models/version.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import { enrolSecondFactor, totpCode } from "../testing/second-factor";
import * as editionRoute from "./instruments.$slug.editions.$number._index";
import * as textRoute from "./instruments.$slug.editions.$number.text";
import * as editionsRoute from "./instruments.$slug.editions._index";

const STEP_MS = 30_000;

let draft: TestDraft;
let chair: TestPerson;
let secret = "";
let lastCodeAt = 0;
const cookies = { chair: "", delegate: "", unenrolledChair: "" };

beforeAll(async () => {
  openTransparencyLog(config());
  draft = createDraft();
  chair = personWith("chair");
  // Version 1 is the demo draft, with a bracket; version 2 the agreed text.
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  await editDocument(draft.document.name, chair.userId, (ydoc) => updateYDoc(ydoc, demoFirstEdition()));
  saveVersion(chair.actor, draft.document, { name: "Agreed text", note: "" });
  secret = enrolSecondFactor(chair.userId).secret;
  lastCodeAt = Date.now();
  cookies.chair = (await openTestSession(chair.userId)).cookie;
  cookies.delegate = (await openTestSession(personWith("delegate", "NO").userId)).cookie;
  cookies.unenrolledChair = (await openTestSession(personWith("chair").userId)).cookie;
});

/** The chair's authenticator code of a time step not used before (codes are single-use), with the clock moved there. */
function freshCode(): string {
  lastCodeAt = Math.max(Date.now(), lastCodeAt + STEP_MS);
  const at = lastCodeAt;
  setClock(() => at);
  return totpCode(secret, new Date(at));
}

/** A 6-digit code the authenticator does not show around now (codes of the neighbouring steps are accepted too). */
function wrongCode(): string {
  const at = lastCodeAt;
  const valid = new Set([-1, 0, 1].map((step) => totpCode(secret, new Date(at + step * STEP_MS))));
  return ["000000", "111111", "222222", "333333"].find((code) => !valid.has(code)) ?? "444444";
}

const path = (rest = "") => `/instruments/${draft.instrument.slug}/editions${rest}`;
const params = (extra: Record<string, string> = {}) => ({ params: { slug: draft.instrument.slug, ...extra } });
const adoptionForm = (fields: Record<string, string>) => ({ version: "2", title: "First edition", adoptedOn: "2026-03-30", ...fields });

function written() {
  return {
    editions: listEditions(draft.instrument.id).length,
    logSize: latestCheckpoint().treeSize,
    events: listAuditEvents({ action: "edition.adopted", instrumentId: draft.instrument.id }).length,
  };
}

test("the chair sees the adoption form with the versions newest first, the bracketed one marked", async () => {
  const page = await routeData(editionsRoute.loader, getRequest(path(), { cookie: cookies.chair }), params());
  expect(page.showNav).toBe(true);
  expect(page.editions).toEqual([]);
  if (!page.adoption?.ready) throw new Error("the enrolled chair is offered the adoption form");
  expect(page.adoption.choices.map((choice) => choice.value)).toEqual(["2", "1"]);
  expect(page.adoption.choices[1]?.label).toMatch(/square brackets in clause \d/);
  expect(page.adoption.choices[0]?.label).not.toMatch(/square brackets/);
  expect(page.adoption.defaultVersion).toBe("2");
  expect(page.adoption.suggestedTitle).toBe("First edition");

  const unenrolled = await routeData(editionsRoute.loader, getRequest(path(), { cookie: cookies.unenrolledChair }), params());
  expect(unenrolled.adoption).toEqual({ ready: false });
  const delegate = await routeData(editionsRoute.loader, getRequest(path(), { cookie: cookies.delegate }), params());
  expect(delegate.adoption).toBeNull();
});

test("a delegate's POST is forbidden, a wrong code or a bracketed version refused, and nothing is written", async () => {
  const before = written();
  const delegate = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ code: "123456" }), { cookie: cookies.delegate }), params());
  expect(delegate.status).toBe(403);

  freshCode();
  const wrong = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ code: wrongCode() }), { cookie: cookies.chair }), params());
  expect(wrong.status).toBe(400);
  const wrongBody = (await wrong.json()) as { errors: Record<string, string[]>; values: Record<string, string> };
  expect(Object.keys(wrongBody.errors)).toEqual(["code"]);
  expect(wrongBody.values).not.toHaveProperty("code");

  const bracketed = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ version: "1", code: freshCode() }), { cookie: cookies.chair }), params());
  expect(bracketed.status).toBe(400);
  expect(await bracketed.json()).toMatchObject({ errors: { version: [expect.stringMatching(/square brackets \(unagreed text\) in clause \d/)] } });

  const malformed = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ adoptedOn: "2026-13-01", code: "12" }), { cookie: cookies.chair }), params());
  expect(malformed.status).toBe(400);
  expect(Object.keys(((await malformed.json()) as { errors: object }).errors).sort()).toEqual(["adoptedOn", "code"]);
  expect(written()).toEqual(before);
});

test("the chair adopts with a code; the public reads the list, the edition and its exact text", async () => {
  const adopted = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ code: freshCode() }), { cookie: cookies.chair }), params());
  expect(adopted.status).toBe(302);
  expect(adopted.headers.get("Location")).toBe(`${path("/1")}?notice=edition-adopted`);
  const [edition] = listEditions(draft.instrument.id);
  if (!edition) throw new Error("the edition was adopted");

  const list = await routeData(editionsRoute.loader, getRequest(path()), params());
  expect(list.showNav).toBe(false);
  expect(list.adoption).toBeNull();
  expect(list.editions).toEqual([
    { number: 1, title: "First edition", adoptedOn: "2026-03-30", adoptedOnText: "30 March 2026", digest: edition.digest },
  ]);

  const page = await routeData(editionRoute.loader, getRequest(path("/1")), params({ number: "1" }));
  expect(page.edition).toMatchObject({ number: 1, digest: edition.digest, logIndex: edition.logIndex, adoptedOn: "2026-03-30" });
  expect(page.logSize).toBe(latestCheckpoint().treeSize);
  expect(page.html).toContain('class="clause"');
  expect(page.showNav).toBe(false);
  expect(page.canPledge).toBe(false);
  const chairPage = await routeData(editionRoute.loader, getRequest(path("/1"), { cookie: cookies.chair }), params({ number: "1" }));
  expect([chairPage.showNav, chairPage.canPledge]).toEqual([true, true]);

  const text = await callRoute(textRoute.loader, getRequest(path("/1/text")), params({ number: "1" }));
  expect(text.status).toBe(200);
  const bytes = Buffer.from(await text.arrayBuffer());
  expect(crypto.createHash("sha256").update(bytes).digest("hex")).toBe(edition.digest);
  expect(bytes.toString("utf8")).toBe(edition.canonicalText);
  expect(Object.fromEntries(text.headers)).toMatchObject({
    "content-type": "text/plain; charset=utf-8",
    "cache-control": "public, max-age=31536000, immutable",
    etag: `"${edition.digest}"`,
    "content-disposition": `inline; filename="${edition.slug}.txt"`,
  });
  const again = new Request(new URL(path("/1/text"), "http://localhost"), { headers: { "If-None-Match": `"${edition.digest}"` } });
  expect((await callRoute(textRoute.loader, again, params({ number: "1" }))).status).toBe(304);

  const next = await routeData(editionsRoute.loader, getRequest(path(), { cookie: cookies.chair }), params());
  expect(next.adoption).toMatchObject({ ready: true, suggestedTitle: "Second edition" });
});

test("a missing edition or instrument is a 404 with a message", async () => {
  for (const number of ["99", "0", "one"]) {
    const page = await callRoute(editionRoute.loader, getRequest(path(`/${number}`)), params({ number }));
    expect(page.status).toBe(404);
    expect(await page.json()).toEqual({ message: `${draft.instrument.title} has no edition with this number.` });
    expect((await callRoute(textRoute.loader, getRequest(path(`/${number}/text`)), params({ number }))).status).toBe(404);
  }
  const nowhere = await callRoute(editionsRoute.loader, getRequest("/instruments/nowhere/editions"), { params: { slug: "nowhere" } });
  expect(nowhere.status).toBe(404);
  expect(await nowhere.json()).toEqual({ message: "There is no instrument at this address." });
});

test("a form refused for its other fields never writes the unused code into the answer", async () => {
  const code = freshCode();
  const refused = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ title: "", code }), { cookie: cookies.chair }), params());
  expect(refused.status).toBe(400);
  const body = (await refused.json()) as { errors: Record<string, string[]>; values: Record<string, string> };
  expect(Object.keys(body.errors)).toEqual(["title"]);
  expect(body.values).not.toHaveProperty("code");
  expect(JSON.stringify(body)).not.toContain(code);
});

test("an adoption refused for its date or version does not consume the code: the same code still confirms", async () => {
  const before = written();
  const code = freshCode();
  const future = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ adoptedOn: "2999-01-01", code }), { cookie: cookies.chair }), params());
  expect(future.status).toBe(400);
  expect(await future.json()).toMatchObject({ errors: { adoptedOn: ["The adoption date cannot be in the future"] } });
  // Version 2 is adopted already: refused by name, not as a code already used.
  const again = await callRoute(editionsRoute.action, formRequest(path(), adoptionForm({ code }), { cookie: cookies.chair }), params());
  expect(again.status).toBe(400);
  const body = (await again.json()) as { errors: Record<string, string[]> };
  expect(Object.keys(body.errors)).toEqual(["version"]);
  expect(body.errors.version?.[0]).toMatch(/^Version 2 is already adopted/);
  expect(written()).toEqual(before);
});
