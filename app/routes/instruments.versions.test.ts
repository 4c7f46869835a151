// The versions pages for each kind of person: the list and the chair's save form, one version read-only
// with the chair's restore, and comparisons (of two versions, or a version with the current draft).
import { beforeAll, expect, test } from "vitest";
import type * as Y from "yjs";
import { documentFragment } from "../../editor";
import { recordBracketChanges } from "../models/bracket.server";
import { editDocument, readStoredDocument } from "../models/document.server";
import { listVersions } from "../models/version.server";
import { createDraft, personWith, type TestDraft } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import * as compareRoute from "./instruments.$slug.versions.compare";
import * as versionRoute from "./instruments.$slug.versions.$number";
import * as versionsRoute from "./instruments.$slug.versions._index";

let draft: TestDraft;
let chairId = 0;
let norwayId = 0;
const cookies = { chair: "", delegate: "", observer: "" };

beforeAll(async () => {
  draft = createDraft();
  const chair = personWith("chair");
  chairId = chair.userId;
  cookies.chair = (await openTestSession(chair.userId)).cookie;
  const norway = personWith("delegate", "NO");
  norwayId = norway.userId;
  cookies.delegate = (await openTestSession(norway.userId)).cookie;
  cookies.observer = (await openTestSession(personWith("observer").userId)).cookie;
});

const path = (rest = "") => `/instruments/${draft.instrument.slug}/versions${rest}`;
const params = (extra: Record<string, string> = {}) => ({ params: { slug: draft.instrument.slug, ...extra } });

async function retitle(text: string): Promise<void> {
  await editDocument(draft.document.name, chairId, (ydoc) => {
    const title = (documentFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.insert(title.length, text);
  });
}

test("only the chair saves a version; a nameless one is refused with a message and nothing saved", async () => {
  for (const who of ["delegate", "observer"] as const) {
    const refused = await callRoute(versionsRoute.action, formRequest(path(), { name: "Mine" }, { cookie: cookies[who] }), params());
    expect(refused.status).toBe(403);
  }
  const empty = await callRoute(versionsRoute.action, formRequest(path(), { name: " " }, { cookie: cookies.chair }), params());
  expect(empty.status).toBe(400);
  expect(await empty.json()).toMatchObject({ errors: { name: ["Enter a name for the version"] } });
  expect(listVersions(draft.document.id)).toHaveLength(0);

  const saved = await callRoute(versionsRoute.action, formRequest(path(), { name: "Chair's text", note: "Round one" }, { cookie: cookies.chair }), params());
  expect(saved.status).toBe(302);
  expect(saved.headers.get("Location")).toBe(`${path("/1")}?notice=version-saved`);
});

test("every member sees the list and a version; only the chair is offered to save and restore", async () => {
  const list = await routeData(versionsRoute.loader, getRequest(path(), { cookie: cookies.observer }), params());
  expect(list.versions.map((version) => version.name)).toContain("Chair's text");
  expect(list.canSave).toBe(false);
  const one = await routeData(versionRoute.loader, getRequest(path("/1"), { cookie: cookies.delegate }), params({ number: "1" }));
  expect(one.version.digest).toMatch(/^[0-9a-f]{64}$/);
  expect(one.html).toContain('class="clause"');
  expect(one.canRestore).toBe(false);
  const missing = await callRoute(versionRoute.loader, getRequest(path("/99"), { cookie: cookies.delegate }), params({ number: "99" }));
  expect(missing.status).toBe(404);
  const publicVisit = await callRoute(versionsRoute.loader, getRequest(path()), params());
  expect(publicVisit.status).toBe(302);
});

test("a comparison names who changed the text in between, as far as the record tells", async () => {
  recordBracketChanges(
    draft.document.id,
    [{ kind: "added", bracket: { id: "bracket-compare-1x", clauseId: null, text: "Code", holders: ["NO"], alternatives: [] } }],
    { userId: norwayId, stateCode: "NO" },
  );
  const compared = await routeData(compareRoute.loader, getRequest(path("/compare?from=1&to=current"), { cookie: cookies.delegate }), params());
  expect(compared.recorded.map((entry) => [entry.who, entry.what])).toEqual([
    [expect.stringContaining("(Norway)"), "put square brackets around “Code” (held by NO)"],
  ]);
  // Nothing is attributed to the span before version 1 was saved.
  const backwards = await routeData(compareRoute.loader, getRequest(path("/compare?from=1&to=1"), { cookie: cookies.delegate }), params());
  expect(backwards.recorded).toEqual([]);
});

test("a comparison marks what changed since a version, and a restore brings the version's text back", async () => {
  await retitle(" (revised)");
  const compared = await routeData(compareRoute.loader, getRequest(path("/compare?from=1&to=current"), { cookie: cookies.delegate }), params());
  expect(compared.html).toContain("<ins>");
  expect(compared.html).toContain("(revised)");
  const bad = await callRoute(compareRoute.loader, getRequest(path("/compare?from=1&to=7"), { cookie: cookies.delegate }), params());
  expect(bad.status).toBe(400);

  const refused = await callRoute(versionRoute.action, formRequest(path("/1"), { intent: "restore" }, { cookie: cookies.delegate }), params({ number: "1" }));
  expect(refused.status).toBe(403);
  const restored = await callRoute(versionRoute.action, formRequest(path("/1"), { intent: "restore" }, { cookie: cookies.chair }), params({ number: "1" }));
  expect(restored.status).toBe(302);
  expect(readStoredDocument(draft.document.name)?.firstChild?.textContent).not.toContain("(revised)");
  expect(listVersions(draft.document.id)).toHaveLength(1);
});
