import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { buildUser } from "../../db/factories";
import { hashPassword } from "../auth/password.server";
import { readSessionToken } from "../auth/session-cookie.server";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR, type Actor } from "../models/audit.server";
import { createInvitation, findOpenInvitation, INVITATION_TTL_MS, revokeInvitation } from "../models/invitation.server";
import { listMemberships } from "../models/membership.server";
import { findLiveSession } from "../models/session.server";
import { addState } from "../models/state.server";
import { countUsers, findUserByEmail } from "../models/user.server";
import { callRoute, cookieFrom, createPerson, formRequest, getRequest, openTestSession, testContext } from "../testing/routes";
import { action, loader } from "./invitations.$token";

// Every password check here is a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const NEW_PASSWORD = "my own phrase for accord";
let clock = Date.parse("2026-03-01T09:00:00Z");
let chair: Actor;

beforeAll(() => {
  setClock(() => clock);
  addState(SYSTEM_ACTOR, { code: "NO" });
  chair = { userId: createPerson({ email: "chair@example.test", name: "Chair of the initiative", passwordHash: "x", role: "chair" }).user.id };
});

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

const context = testContext("192.0.2.30");

const open = (token: string, cookie?: string) => callRoute(loader, getRequest(`/invitations/${token}`, { cookie }), { params: { token }, context });

const accept = (token: string, fields: Record<string, string>, cookie?: string) =>
  callRoute(action, formRequest(`/invitations/${token}`, fields, { cookie }), { params: { token }, context });

const newAccount = { name: "Delegate of Norway", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };

function snapshot(email: string) {
  const user = findUserByEmail(email);
  return { users: countUsers(), roles: user ? listMemberships(user.id).length : 0, audit: listAuditEvents({ limit: 500 }).length };
}

test("an unknown link is a 404, and an expired, revoked or used one a 410 that says what to do", async () => {
  const unknown = await open("no-such-token");
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ reason: "unknown", message: expect.stringMatching(/ask the chair for a new invitation/) });

  const expiring = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  clock += INVITATION_TTL_MS;
  const expired = await open(expiring.token);
  expect(expired.status).toBe(410);
  expect(await expired.json()).toMatchObject({ reason: "expired", title: "This invitation has expired" });
  const lateAccept = await accept(expiring.token, newAccount);
  expect(lateAccept.status).toBe(410);
  expect(findUserByEmail(expiring.invitation.email)).toBeUndefined();

  const revoked = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  revokeInvitation(chair, revoked.invitation.id);
  expect(await (await open(revoked.token)).json()).toMatchObject({ reason: "revoked" });
  expect((await open(revoked.token)).status).toBe(410);
});

test("an open invitation shows its email, role and state, and asks a new person for a name and a password", async () => {
  const email = buildUser().email;
  const { token } = createInvitation(chair, { email, role: "signer", stateCode: "NO" });
  const response = await open(token);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toMatchObject({ email, role: "Signer", state: "Norway", mode: "new", signedInAs: null });
});

test("a new person accepts once: the account, the role and a session; the link then says it was used", async () => {
  const email = buildUser().email;
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const response = await accept(token, newAccount);
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/dashboard?notice=invitation-accepted");
  const sessionToken = await readSessionToken(getRequest("/", { cookie: cookieFrom(response) }));
  const live = findLiveSession(sessionToken ?? "");
  expect(live?.user).toMatchObject({ email, name: "Delegate of Norway" });
  expect(live?.principal.memberships).toEqual([{ role: "delegate", stateCode: "NO" }]);
  expect(findUserByEmail(email)?.passwordHash).toMatch(/^\$argon2id\$/);
  expect(listAuditEvents({ action: "invitation.accepted", limit: 1 })[0]?.actorUserId).toBe(live?.user.id);

  const before = snapshot(email);
  const second = await accept(token, { ...newAccount, name: "Someone else" });
  expect(second.status).toBe(410);
  expect(await second.json()).toMatchObject({ reason: "used" });
  expect(snapshot(email)).toEqual(before);
});

test.each([
  [{ ...newAccount, name: "" }, "name", /Enter your name/],
  [{ ...newAccount, password: "too short", confirmPassword: "too short" }, "password", /at least 12 characters/],
  [{ ...newAccount, confirmPassword: "something else entirely" }, "confirmPassword", /not the same/],
  [{ name: "Delegate of Norway" }, "password", /Enter a password/],
])("bad input on %# is a 400 on its field; nothing is created and the link still works", async (fields, field, message) => {
  const email = buildUser().email;
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const before = snapshot(email);
  const response = await accept(token, fields);
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.errors[field]?.join(" ")).toMatch(message);
  expect(body.values).not.toHaveProperty("password");
  expect(snapshot(email)).toEqual(before);
  expect(findOpenInvitation(token).ok).toBe(true);
});

test("an email with an account proves that account's password, and gets the role on it", async () => {
  const email = buildUser().email;
  const password = "the password they already have";
  const passwordHash = await hashPassword(password);
  const person = createPerson({ email, name: "Observer from Norway", passwordHash, role: "observer", stateCode: "NO" }).user;
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  expect(await (await open(token)).json()).toMatchObject({ mode: "existing" });

  const before = snapshot(email);
  const wrong = await accept(token, { password: "a guess at their password" });
  expect(wrong.status).toBe(400);
  expect((await wrong.json()).errors).toEqual({ password: ["This is not the password of your account"] });
  expect(snapshot(email)).toMatchObject({ users: before.users, roles: before.roles });
  expect(findOpenInvitation(token).ok).toBe(true);

  const right = await accept(token, { password });
  expect(right.status).toBe(302);
  expect(countUsers()).toBe(before.users);
  expect(listMemberships(person.id).map((m) => m.role).sort()).toEqual(["delegate", "observer"]);
  expect(findUserByEmail(email)?.name).toBe("Observer from Norway");
});

test("someone signed in is asked to sign out first, and nothing changes", async () => {
  const email = buildUser().email;
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const { cookie } = await openTestSession(chair.userId as number);
  expect(await (await open(token, cookie)).json()).toMatchObject({ signedInAs: "Chair of the initiative" });

  const before = snapshot(email);
  const response = await accept(token, newAccount, cookie);
  expect(response.status).toBe(409);
  expect((await response.json()).errors[""]).toEqual([
    "You are signed in as Chair of the initiative. Sign out first, then open the invitation link again.",
  ]);
  expect(snapshot(email)).toEqual(before);
  expect(findOpenInvitation(token).ok).toBe(true);
});
