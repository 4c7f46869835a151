import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { findLiveSession, hashToken, listSessions, SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "../models/session.server";
import { createUser, disableUser } from "../models/user.server";
import { retryAfterSeconds, safeRedirectTarget, signIn, throttleMessage } from "./login.server";
import { hashPassword } from "./password.server";

// Every password check here is a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = "correct horse battery staple 42";
const META = { ipAddress: "192.0.2.20", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0" };
let clock = Date.parse("2026-03-01T09:00:00Z");
let userId = 0;

beforeAll(async () => {
  const passwordHash = await hashPassword(PASSWORD);
  userId = createUser(SYSTEM_ACTOR, { email: "delegate.no@example.test", name: "Delegate of Norway", passwordHash }).id;
});

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

test.each([
  ["/account", "/account"],
  ["/admin/invitations?page=2#list", "/admin/invitations?page=2#list"],
  [null, "/dashboard"],
  ["", "/dashboard"],
  ["https://evil.example/", "/dashboard"],
  ["//evil.example/path", "/dashboard"],
  ["/\\evil.example", "/dashboard"],
  ["\\\\evil.example", "/dashboard"],
  ["/\t/evil.example", "/dashboard"],
  ["/\n/evil.example", "/dashboard"],
  ["javascript:alert(1)", "/dashboard"],
  ["dashboard", "/dashboard"],
  [`/${"a".repeat(2_000)}`, "/dashboard"],
])("the redirect target %j becomes %j", (target, expected) => {
  expect(safeRedirectTarget(target)).toBe(expected);
});

test("the throttle message counts whole minutes, rounded up, and Retry-After whole seconds", () => {
  expect(throttleMessage(11 * 60_000)).toBe("Too many failed sign-in attempts. Try again in 11 minutes.");
  expect(throttleMessage(10 * 60_000 + 1)).toBe("Too many failed sign-in attempts. Try again in 11 minutes.");
  expect(throttleMessage(1_500)).toBe("Too many failed sign-in attempts. Try again in 1 minute.");
  expect(retryAfterSeconds(1_500)).toBe("2");
});

test("a session ends after two hours without activity", async () => {
  const result = await signIn({ email: "delegate.no@example.test", password: PASSWORD }, META);
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  const token = result.token;

  // Activity moves the idle deadline: three visits ninety minutes apart keep it alive.
  for (let i = 0; i < 3; i += 1) {
    clock += 90 * 60 * 1000;
    expect(findLiveSession(token)?.user.id).toBe(userId);
  }
  clock += SESSION_IDLE_MS;
  expect(findLiveSession(token)).toBeNull();
  // The expired session is gone from the table, not only refused.
  expect(listSessions(userId).map((session) => session.id)).not.toContain(hashToken(token));
});

test("a session ends twelve hours after it started, however active", async () => {
  const result = await signIn({ email: "delegate.no@example.test", password: PASSWORD }, META);
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  const started = clock;
  while (clock + 60 * 60 * 1000 < started + SESSION_ABSOLUTE_MS) {
    clock += 60 * 60 * 1000;
    expect(findLiveSession(result.token)).not.toBeNull();
  }
  clock = started + SESSION_ABSOLUTE_MS;
  expect(findLiveSession(result.token)).toBeNull();
});

test("signing in records the session with its address and browser, and audits it", async () => {
  const result = await signIn({ email: "Delegate.NO@example.test", password: PASSWORD }, META);
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  const live = findLiveSession(result.token);
  expect(live?.session).toMatchObject({ ipAddress: META.ipAddress, userAgent: META.userAgent, createdAt: new Date(clock) });
  const [event] = listAuditEvents({ action: "session.signed_in", limit: 1 });
  expect(event).toMatchObject({ actorUserId: userId, ipAddress: META.ipAddress, subjectId: String(userId) });
});

test("a disabled account is refused like a wrong password, and the audit trail says why", async () => {
  const passwordHash = await hashPassword(PASSWORD);
  const disabled = createUser(SYSTEM_ACTOR, { email: "former@example.test", name: "Former delegate", passwordHash });
  disableUser({ userId: null }, disabled.id);
  expect(await signIn({ email: "former@example.test", password: PASSWORD }, META)).toEqual({ ok: false, reason: "refused" });
  const [event] = listAuditEvents({ action: "session.sign_in_failed", limit: 1 });
  expect(JSON.parse(event?.details ?? "{}")).toEqual({ email: "former@example.test", reason: "disabled" });
  expect(listSessions(disabled.id)).toEqual([]);
});
