import { beforeAll, beforeEach, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { grantMembership } from "../models/membership.server";
import { findLiveSession, listSessions } from "../models/session.server";
import { addState } from "../models/state.server";
import { createUser } from "../models/user.server";
import { callRoute, createPerson, formRequest, getRequest, routeData, openTestSession } from "../testing/routes";
import { action, loader } from "./account._index";

let clock = Date.parse("2026-03-01T09:00:00Z");
let userId = 0;
let otherUserId = 0;

beforeAll(() => {
  setClock(() => clock);
  addState(SYSTEM_ACTOR, { code: "NO" });
  const delegate = { email: "delegate.no@example.test", name: "Delegate of Norway", passwordHash: "x" };
  userId = createPerson({ ...delegate, role: "delegate", stateCode: "NO" }).user.id;
  grantMembership(SYSTEM_ACTOR, { userId, role: "observer", stateCode: null });
  otherUserId = createUser(SYSTEM_ACTOR, { email: "other@example.test", name: "Someone else", passwordHash: "x" }).id;
});

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

/** Opens a session for `user` from one address, so the page has an address and a browser to show. */
const openSessionFrom = (user: number, userAgent?: string) => openTestSession(user, { ipAddress: "192.0.2.5", userAgent });

const post = (fields: Record<string, string>, cookie: string) => formRequest("/account", fields, { cookie });

function liveSessionIds(user: number): string[] {
  return listSessions(user).map((session) => session.id).sort();
}

test("the page is for signed-in people only", async () => {
  const response = await callRoute(loader, getRequest("/account"));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
});

test("the page lists the person's roles with their states and every session, marking this one", async () => {
  const phone = await openSessionFrom(userId, "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Version/18.0 Mobile Safari/604.1");
  clock += 60_000;
  const laptop = await openSessionFrom(userId, "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/140.0");
  await openSessionFrom(otherUserId);
  const data = await routeData(loader, getRequest("/account", { cookie: laptop.cookie }));
  expect(data.user).toEqual({ name: "Delegate of Norway", email: "delegate.no@example.test" });
  expect(data.roles.map(({ role, state }) => ({ role, state }))).toEqual([
    { role: "Delegate", state: "Norway" },
    { role: "Observer", state: null },
  ]);
  const mine = data.sessions.filter((session) => [phone.sessionId, laptop.sessionId].includes(session.id));
  expect(mine.map(({ id, current, browser, address }) => ({ id, current, browser, address }))).toEqual([
    { id: laptop.sessionId, current: true, browser: "Firefox on Linux", address: "192.0.2.5" },
    { id: phone.sessionId, current: false, browser: "Safari on iOS", address: "192.0.2.5" },
  ]);
  expect(data.sessions.every((session) => liveSessionIds(userId).includes(session.id))).toBe(true);
});

test("ending another of one's sessions ends it alone, and is audited", async () => {
  const here = await openSessionFrom(userId);
  const elsewhere = await openSessionFrom(userId);
  const response = await callRoute(action, post({ intent: "end-session", sessionId: elsewhere.sessionId }, here.cookie));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/account?notice=session-ended");
  expect(findLiveSession(elsewhere.token)).toBeNull();
  expect(findLiveSession(here.token)).not.toBeNull();
  expect(listAuditEvents({ action: "session.ended", limit: 1 })[0]).toMatchObject({ actorUserId: userId, subjectId: String(userId) });
});

test("someone else's session is not found, and nothing changes", async () => {
  const here = await openSessionFrom(userId);
  const theirs = await openSessionFrom(otherUserId);
  const before = { mine: liveSessionIds(userId), theirs: liveSessionIds(otherUserId), audit: listAuditEvents({ limit: 500 }).length };
  const response = await callRoute(action, post({ intent: "end-session", sessionId: theirs.sessionId }, here.cookie));
  expect(response.status).toBe(404);
  expect((await response.json()).errors[""]).toEqual(["That session is not one of yours, or it has already ended."]);
  expect({ mine: liveSessionIds(userId), theirs: liveSessionIds(otherUserId), audit: listAuditEvents({ limit: 500 }).length }).toEqual(before);
});

test.each([
  [{ intent: "end-session", sessionId: "not-a-session" }, "sessionId"],
  [{ intent: "end-session" }, "sessionId"],
  [{ intent: "delete-account" }, "intent"],
  [{}, "intent"],
])("bad input %j is a 400 and changes nothing", async (fields, field) => {
  const here = await openSessionFrom(userId);
  const before = { sessions: liveSessionIds(userId), audit: listAuditEvents({ limit: 500 }).length };
  const response = await callRoute(action, post(fields, here.cookie));
  expect(response.status).toBe(400);
  expect((await response.json()).errors[field]?.length).toBeGreaterThan(0);
  expect({ sessions: liveSessionIds(userId), audit: listAuditEvents({ limit: 500 }).length }).toEqual(before);
});

test("signing out everywhere ends every session of the person, this one included, and no one else's", async () => {
  const here = await openSessionFrom(userId);
  const elsewhere = await openSessionFrom(userId);
  const theirs = await openSessionFrom(otherUserId);
  const count = liveSessionIds(userId).length;
  const response = await callRoute(action, post({ intent: "end-all" }, here.cookie));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/login?notice=sessions-ended");
  expect(response.headers.get("Set-Cookie")).toMatch(/accord_session=;/);
  expect(findLiveSession(here.token)).toBeNull();
  expect(findLiveSession(elsewhere.token)).toBeNull();
  expect(liveSessionIds(userId)).toEqual([]);
  expect(findLiveSession(theirs.token)).not.toBeNull();
  const [event] = listAuditEvents({ action: "session.ended_all", limit: 1 });
  expect(event).toMatchObject({ actorUserId: userId, subjectId: String(userId) });
  expect(JSON.parse(event?.details ?? "{}")).toEqual({ count });

  // The old cookie opens nothing any more.
  const after = await callRoute(loader, getRequest("/account", { cookie: here.cookie }));
  expect(after.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
});
