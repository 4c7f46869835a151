// The drafting routes for each kind of person: the read-only view rendered from the stored document,
// the live page, and the short-lived token the live editor connects with.
import { beforeAll, expect, test } from "vitest";
import * as Y from "yjs";
import { demoDraft, documentToYDoc } from "../../editor";
import { verifyCollabToken } from "../auth/collab-token.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { createDocument, draftDocumentName } from "../models/document.server";
import { createInstrument } from "../models/instrument.server";
import { addState } from "../models/state.server";
import { callRoute, createPerson, getRequest, openTestSession, routeData } from "../testing/routes";
import * as tokenRoute from "./instruments.$slug.collab-token";
import * as draftRoute from "./instruments.$slug.draft";
import * as viewRoute from "./instruments.$slug._index";

const SLUG = "code-of-conduct";
const cookies: Record<"delegate" | "observer" | "chair", string> = { delegate: "", observer: "", chair: "" };

beforeAll(async () => {
  addState(SYSTEM_ACTOR, { code: "NO" });
  const instrument = createInstrument(SYSTEM_ACTOR, { slug: SLUG, title: "Code of conduct", summary: "A draft under negotiation." });
  createInstrument(SYSTEM_ACTOR, { slug: "second-edition", title: "Second edition", summary: "Not opened yet." });
  createDocument(SYSTEM_ACTOR, {
    instrumentId: instrument.id,
    name: draftDocumentName(SLUG),
    initial: Y.encodeStateAsUpdate(documentToYDoc(demoDraft())),
  });
  const delegate = createPerson({ role: "delegate", stateCode: "NO" });
  const observer = createPerson({ role: "observer" });
  const chair = createPerson({ role: "chair" });
  cookies.delegate = (await openTestSession(delegate.user.id)).cookie;
  cookies.observer = (await openTestSession(observer.user.id)).cookie;
  cookies.chair = (await openTestSession(chair.user.id)).cookie;
});

const params = (slug = SLUG) => ({ params: { slug } });

test("the read-only view renders the stored draft with its outline, for every member", async () => {
  for (const who of ["delegate", "observer", "chair"] as const) {
    const data = await routeData(viewRoute.loader, getRequest(`/instruments/${SLUG}`, { cookie: cookies[who] }), params());
    expect(data.draft?.html).toContain('<section class="clause" id="clause-1.1"');
    expect(data.draft?.outline[0]?.clauses[0]?.number).toBe("1.1");
    expect(data.canEdit).toBe(who !== "observer");
  }
});

test("an instrument without a draft says so, and an unknown one is a 404", async () => {
  const data = await routeData(viewRoute.loader, getRequest("/instruments/second-edition", { cookie: cookies.delegate }), params("second-edition"));
  expect(data.draft).toBeNull();
  const unknown = await callRoute(viewRoute.loader, getRequest("/instruments/nothing", { cookie: cookies.delegate }), params("nothing"));
  expect(unknown.status).toBe(404);
});

test("the public is sent to sign in", async () => {
  const response = await callRoute(viewRoute.loader, getRequest(`/instruments/${SLUG}`), params());
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(`/instruments/${SLUG}`)}`);
});

test("the live page names the document and the person's delegation; there is none without a draft", async () => {
  const data = await routeData(draftRoute.loader, getRequest(`/instruments/${SLUG}/draft`, { cookie: cookies.delegate }), params());
  expect(data).toMatchObject({ documentName: "instrument/code-of-conduct", canEdit: true, user: { stateCode: "NO" } });
  const observer = await routeData(draftRoute.loader, getRequest(`/instruments/${SLUG}/draft`, { cookie: cookies.observer }), params());
  expect(observer).toMatchObject({ canEdit: false, user: { stateCode: null } });
  const none = await callRoute(draftRoute.loader, getRequest("/instruments/second-edition/draft", { cookie: cookies.delegate }), params("second-edition"));
  expect(none.status).toBe(404);
});

test("a delegate's token edits, an observer's only reads, and neither is cached", async () => {
  const expected = { delegate: { scope: "edit", stateCode: "NO" }, observer: { scope: "read", stateCode: null } } as const;
  for (const who of ["delegate", "observer"] as const) {
    const response = await callRoute(tokenRoute.loader, getRequest(`/instruments/${SLUG}/collab-token`, { cookie: cookies[who] }), params());
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { token } = (await response.json()) as { token: string };
    expect(verifyCollabToken(token, "instrument/code-of-conduct")).toMatchObject(expected[who]);
    expect(verifyCollabToken(token, "instrument/second-edition")).toBeNull();
  }
});

test("no token for an instrument without a draft, nor for the public", async () => {
  const none = await callRoute(tokenRoute.loader, getRequest("/instruments/second-edition/collab-token", { cookie: cookies.chair }), params("second-edition"));
  expect(none.status).toBe(404);
  const anonymous = await callRoute(tokenRoute.loader, getRequest(`/instruments/${SLUG}/collab-token`), params());
  expect(anonymous.status).toBe(302);
});

test("an observer for a state gets a read token naming that state, the membership the server re-checks", async () => {
  addState(SYSTEM_ACTOR, { code: "JP" });
  const observer = createPerson({ role: "observer", stateCode: "JP" });
  const { cookie } = await openTestSession(observer.user.id);
  const response = await callRoute(tokenRoute.loader, getRequest(`/instruments/${SLUG}/collab-token`, { cookie }), params());
  const { token } = (await response.json()) as { token: string };
  expect(verifyCollabToken(token, "instrument/code-of-conduct")).toMatchObject({ scope: "read", stateCode: "JP" });
});
