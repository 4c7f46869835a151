import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { hashPassword } from "../auth/password.server";
import { readSessionToken } from "../auth/session-cookie.server";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { countLoginAttempts } from "../models/login-attempt.server";
import { findLiveSession, listSessions } from "../models/session.server";
import { createUser } from "../models/user.server";
import { callRoute, cookieFrom, formRequest, getRequest, routeData, openTestSession, testContext } from "../testing/routes";
import { action, loader } from "./login";
import { action as logoutAction, loader as logoutLoader } from "./logout";

// Every password check here is a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = "a long phrase nobody guesses 7";
const EMAIL = "signer.dk@example.test";
const REFUSED = "The email address or password is not right.";
let clock = Date.parse("2026-03-01T09:00:00Z");
let userId = 0;

beforeAll(async () => {
  userId = createUser(SYSTEM_ACTOR, { email: EMAIL, name: "Signer of Denmark", passwordHash: await hashPassword(PASSWORD) }).id;
});

beforeEach(() => {
  // A day apart: no test's failures are still inside another's throttling window.
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

// The session records the browser; a test checks it.
const post = (path: string, fields: Record<string, string>, cookie?: string) =>
  formRequest(path, fields, { cookie, headers: { "User-Agent": "Mozilla/5.0 (X11; Linux) Firefox/140.0" } });

function signInAs(email: string, password: string, clientAddress?: string, redirectTo?: string) {
  const fields = { email, password, ...(redirectTo === undefined ? {} : { redirectTo }) };
  return callRoute(action, post("/login", fields), { context: testContext(clientAddress) });
}

function counts() {
  return {
    attempts: countLoginAttempts(),
    sessions: listSessions(userId).length,
    audit: listAuditEvents({ limit: 500 }).length,
  };
}

test("the form keeps a local redirect target and drops any other", async () => {
  expect(await routeData(loader, getRequest("/login"))).toEqual({ redirectTo: "/dashboard" });
  expect(await routeData(loader, getRequest("/login?redirectTo=%2Faccount"))).toEqual({ redirectTo: "/account" });
  expect(await routeData(loader, getRequest("/login?redirectTo=%2F%2Fevil.example"))).toEqual({ redirectTo: "/dashboard" });
});

test("someone already signed in is sent to the dashboard", async () => {
  const { cookie } = await openTestSession(userId);
  const response = await callRoute(loader, getRequest("/login", { cookie }));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/dashboard");
});

test.each([
  [{ email: "", password: PASSWORD }, "email", "Enter an email address"],
  [{ email: "not an address", password: PASSWORD }, "email", "Enter an email address in the form name@example.org"],
  [{ email: `${"a".repeat(250)}@example.test`, password: PASSWORD }, "email", "An email address has at most 254 characters"],
  [{ email: EMAIL, password: "" }, "password", "Enter your password"],
  [{ password: PASSWORD }, "email", "Enter an email address"],
])("bad input %j is a 400 naming the field, and changes nothing", async (fields, field, message) => {
  const before = counts();
  const response = await callRoute(action, post("/login", fields));
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.errors[field]).toContain(message);
  expect(body.values).not.toHaveProperty("password");
  expect(counts()).toEqual(before);
});

test("a wrong password and an unknown account get the same 401 answer, and both are recorded", async () => {
  const before = counts();
  const wrong = await signInAs(EMAIL, "not the password at all");
  const unknown = await signInAs("nobody@example.test", PASSWORD);
  expect([wrong.status, unknown.status]).toEqual([401, 401]);
  const [wrongBody, unknownBody] = [await wrong.json(), await unknown.json()];
  expect(wrongBody.errors).toEqual({ "": [REFUSED] });
  expect(unknownBody.errors).toEqual(wrongBody.errors);
  expect(wrong.headers.get("Set-Cookie")).toBeNull();

  expect(countLoginAttempts()).toBe(before.attempts + 2);
  expect(listSessions(userId)).toHaveLength(before.sessions);
  const failures = listAuditEvents({ action: "session.sign_in_failed", limit: 2 }).map((event) => JSON.parse(event.details));
  expect(failures).toEqual([
    { email: "nobody@example.test", reason: "unknown-account" },
    { email: EMAIL, reason: "wrong-password" },
  ]);
});

test("signing in opens a new session, sets its cookie and goes to the requested page", async () => {
  const response = await signInAs(` ${EMAIL.toUpperCase()} `, PASSWORD, "192.0.2.44", "/account?tab=sessions");
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/account?tab=sessions");
  const setCookie = response.headers.get("Set-Cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/i);
  expect(setCookie).toMatch(/SameSite=Lax/i);
  const token = await readSessionToken(getRequest("/", { cookie: cookieFrom(response) }));
  const live = findLiveSession(token ?? "");
  expect(live?.user.id).toBe(userId);
  expect(live?.session).toMatchObject({ ipAddress: "192.0.2.44", userAgent: "Mozilla/5.0 (X11; Linux) Firefox/140.0" });
  expect(listAuditEvents({ action: "session.signed_in", limit: 1 })[0]).toMatchObject({ actorUserId: userId, ipAddress: "192.0.2.44" });
});

test.each(["https://evil.example/", "//evil.example", "/\\evil.example", "account"])(
  "an unsafe redirect target %j sends the person to the dashboard instead",
  async (target) => {
    const response = await signInAs(EMAIL, PASSWORD, undefined, target);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/dashboard");
  },
);

test("five failures for an account make it wait fifteen minutes, without checking the password", async () => {
  for (let i = 0; i < 5; i += 1) expect((await signInAs(EMAIL, `wrong guess ${i}`, `198.51.100.${i}`)).status).toBe(401);
  const before = counts();

  // The right password, from a fresh address: still refused, and not even recorded as an attempt.
  const throttled = await signInAs(EMAIL, PASSWORD, "203.0.113.5");
  expect(throttled.status).toBe(429);
  expect(throttled.headers.get("Retry-After")).toBe("900");
  expect((await throttled.json()).errors).toEqual({ "": ["Too many failed sign-in attempts. Try again in 15 minutes."] });
  expect(counts()).toMatchObject({ attempts: before.attempts, sessions: before.sessions });
  const [event] = listAuditEvents({ action: "session.sign_in_failed", limit: 1 });
  expect(JSON.parse(event?.details ?? "{}")).toEqual({ email: EMAIL, reason: "throttled" });

  clock += 10 * 60 * 1000;
  const later = await signInAs(EMAIL, PASSWORD, "203.0.113.5");
  expect(later.headers.get("Retry-After")).toBe("300");
  expect((await later.json()).errors[""]).toEqual(["Too many failed sign-in attempts. Try again in 5 minutes."]);

  clock += 5 * 60 * 1000;
  expect((await signInAs(EMAIL, PASSWORD, "203.0.113.5")).status).toBe(302);
});

test("twenty failures from one address throttle it for every account, while other addresses still sign in", async () => {
  for (let i = 0; i < 20; i += 1) {
    expect((await signInAs(`guess${i}@example.test`, "some password", "192.0.2.99")).status).toBe(401);
  }
  const throttled = await signInAs(EMAIL, PASSWORD, "192.0.2.99");
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers.get("Retry-After"))).toBe(900);
  expect((await signInAs(EMAIL, PASSWORD, "192.0.2.100")).status).toBe(302);

  clock += 15 * 60 * 1000;
  expect((await signInAs(EMAIL, PASSWORD, "192.0.2.99")).status).toBe(302);
});

test("signing out ends the session, clears the cookie and says so", async () => {
  const signedIn = await signInAs(EMAIL, PASSWORD);
  const cookie = cookieFrom(signedIn);
  const token = (await readSessionToken(getRequest("/", { cookie }))) ?? "";
  expect(findLiveSession(token)).not.toBeNull();

  // A GET changes nothing.
  const get = await callRoute(logoutLoader, getRequest("/logout", { cookie }));
  expect(get.headers.get("Location")).toBe("/");
  expect(findLiveSession(token)).not.toBeNull();

  const response = await callRoute(logoutAction, post("/logout", {}, cookie));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/?notice=signed-out");
  expect(response.headers.get("Set-Cookie")).toMatch(/accord_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
  expect(findLiveSession(token)).toBeNull();
  expect(listAuditEvents({ action: "session.signed_out", limit: 1 })[0]).toMatchObject({ actorUserId: userId, subjectId: String(userId) });

  // Signing out again, without a live session, still clears the cookie and records nothing.
  const audit = listAuditEvents({ limit: 500 }).length;
  const again = await callRoute(logoutAction, post("/logout", {}, cookie));
  expect(again.headers.get("Location")).toBe("/?notice=signed-out");
  expect(listAuditEvents({ limit: 500 }).length).toBe(audit);
});
