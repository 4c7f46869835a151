import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { hashPassword, verifyPassword } from "../auth/password.server";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { findLiveSession, listSessions } from "../models/session.server";
import { createUser, getUser } from "../models/user.server";
import { callRoute, formRequest, getRequest, openTestSession } from "../testing/routes";
import { action, loader } from "./account.password";

// Every password check here is a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const CURRENT = "the current passphrase 2026";
let clock = Date.parse("2026-03-01T09:00:00Z");
let userId = 0;
let otherUserId = 0;

beforeAll(async () => {
  const passwordHash = await hashPassword(CURRENT);
  userId = createUser(SYSTEM_ACTOR, { email: "signer.no@example.test", name: "Signer of Norway", passwordHash }).id;
  otherUserId = createUser(SYSTEM_ACTOR, { email: "other@example.test", name: "Someone else", passwordHash }).id;
});

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

const post = (fields: Record<string, string>, cookie: string) => formRequest("/account/password", fields, { cookie });

function snapshot() {
  return {
    hash: getUser(userId)?.passwordHash,
    sessions: listSessions(userId).map((session) => session.id).sort(),
    audit: listAuditEvents({ limit: 500 }).length,
  };
}

test("the page is for signed-in people only", async () => {
  const response = await callRoute(loader, getRequest("/account/password"));
  expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fpassword");
});

test.each([
  [{ currentPassword: CURRENT, newPassword: "short", confirmPassword: "short" }, "newPassword", /at least 12 characters/],
  [{ currentPassword: CURRENT, newPassword: "password1234", confirmPassword: "password1234" }, "newPassword", /too common/],
  [{ currentPassword: CURRENT, newPassword: "x".repeat(257), confirmPassword: "x".repeat(257) }, "newPassword", /at most 256/],
  [{ currentPassword: CURRENT, newPassword: "a fresh passphrase 99", confirmPassword: "a different one 99" }, "confirmPassword", /not the same/],
  [{ currentPassword: CURRENT, newPassword: CURRENT, confirmPassword: CURRENT }, "newPassword", /different from your current/],
  [{ currentPassword: "", newPassword: "a fresh passphrase 99", confirmPassword: "a fresh passphrase 99" }, "currentPassword", /Enter your current password/],
])("bad input is a 400 on %#, naming the field, and changes nothing", async (fields, field, message) => {
  const here = await openTestSession(userId);
  await openTestSession(userId);
  const before = snapshot();
  const response = await callRoute(action, post(fields, here.cookie));
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.errors[field]?.join(" ")).toMatch(message);
  expect(JSON.stringify(body.values)).not.toContain("passphrase");
  expect(snapshot()).toEqual(before);
});

test("a wrong current password is a 400 on that field and changes nothing but the count of failures", async () => {
  const here = await openTestSession(userId);
  const before = snapshot();
  const response = await callRoute(action, post({ currentPassword: "not it at all", newPassword: "a fresh passphrase 99", confirmPassword: "a fresh passphrase 99" }, here.cookie));
  expect(response.status).toBe(400);
  expect((await response.json()).errors).toEqual({ currentPassword: ["Your current password is not right"] });
  expect(snapshot()).toMatchObject({ hash: before.hash, sessions: before.sessions });
  expect(listAuditEvents({ action: "user.password_change_failed", limit: 1 })[0]?.actorUserId).toBe(userId);
});

test("guessing the current password from a session is throttled like signing in", async () => {
  const here = await openTestSession(userId);
  const guess = (n: number) =>
    callRoute(action, post({ currentPassword: `guess ${n}`, newPassword: "a fresh passphrase 99", confirmPassword: "a fresh passphrase 99" }, here.cookie));
  for (let i = 0; i < 5; i += 1) expect((await guess(i)).status).toBe(400);
  const throttled = await callRoute(action, post({ currentPassword: CURRENT, newPassword: "a fresh passphrase 99", confirmPassword: "a fresh passphrase 99" }, here.cookie));
  expect(throttled.status).toBe(429);
  expect(throttled.headers.get("Retry-After")).toBe("900");
  expect(await verifyPassword(getUser(userId)?.passwordHash ?? "", CURRENT)).toBe(true);
});

test("a new password replaces the hash, ends the person's other sessions and keeps this one, freshly verified", async () => {
  const here = await openTestSession(userId);
  const elsewhere = await openTestSession(userId);
  const theirs = await openTestSession(otherUserId);
  clock += 30 * 60 * 1000;
  const next = "a fresh passphrase for spring";
  const response = await callRoute(action, post({ currentPassword: CURRENT, newPassword: next, confirmPassword: next }, here.cookie));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/account?notice=password-changed");

  const hash = getUser(userId)?.passwordHash ?? "";
  expect(hash).toMatch(/^\$argon2id\$/);
  expect(await verifyPassword(hash, next)).toBe(true);
  expect(await verifyPassword(hash, CURRENT)).toBe(false);
  expect(findLiveSession(elsewhere.token)).toBeNull();
  expect(findLiveSession(theirs.token)).not.toBeNull();
  expect(findLiveSession(here.token)?.session.verifiedAt).toEqual(new Date(clock));
  expect(listAuditEvents({ action: "user.password_changed", limit: 1 })[0]).toMatchObject({ actorUserId: userId, subjectId: String(userId) });
  const [ended] = listAuditEvents({ action: "session.ended_others", limit: 1 });
  expect(JSON.parse(ended?.details ?? "{}")).toEqual({ count: 1, reason: "password-changed" });
});
