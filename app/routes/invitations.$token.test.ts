import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { hashPassword } from "../auth/password.server";
import { readSessionToken, serializeSessionToken } from "../auth/session-cookie.server";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR, type Actor } from "../models/audit.server";
import { createInvitation, findOpenInvitation, INVITATION_TTL_MS, revokeInvitation } from "../models/invitation.server";
import { grantMembership, listMemberships } from "../models/membership.server";
import { createSession, findLiveSession } from "../models/session.server";
import { addState } from "../models/state.server";
import { countUsers, createUser, findUserByEmail } from "../models/user.server";
import { action, loader } from "./invitations.$token";

// Every password check here is a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const NEW_PASSWORD = "my own phrase for accord";
let clock = Date.parse("2026-03-01T09:00:00Z");
let chair: Actor;
let sequence = 0;
const nextEmail = () => `person${(sequence += 1)}@example.test`;

beforeAll(() => {
  setClock(() => clock);
  addState(SYSTEM_ACTOR, { code: "NO" });
  const chairId = createUser(SYSTEM_ACTOR, { email: "chair@example.test", name: "Chair of the initiative", passwordHash: "x" }).id;
  grantMembership(SYSTEM_ACTOR, { userId: chairId, role: "chair", stateCode: null });
  chair = { userId: chairId };
});

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

type Handler = (args: { request: Request; params: Record<string, string>; context: { cspNonce: string; clientAddress: string } }) => unknown;

async function call(handler: Handler, request: Request, token: string): Promise<Response> {
  try {
    return (await handler({ request, params: { token }, context: { cspNonce: "n", clientAddress: "192.0.2.30" } })) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const open = (token: string, cookie?: string) =>
  call(loader, new Request(`http://localhost/invitations/${token}`, { headers: cookie ? { Cookie: cookie } : {} }), token);

function accept(token: string, fields: Record<string, string>, cookie?: string) {
  const request = new Request(`http://localhost/invitations/${token}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(fields),
  });
  return call(action, request, token);
}

const newAccount = { name: "Delegate of Norway", password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };

function snapshot(email: string) {
  const user = findUserByEmail(email);
  return { users: countUsers(), roles: user ? listMemberships(user.id).length : 0, audit: listAuditEvents({ limit: 500 }).length };
}

test("an unknown link is a 404, and an expired, revoked or used one a 410 that says what to do", async () => {
  const unknown = await open("no-such-token");
  expect(unknown.status).toBe(404);
  expect(await unknown.json()).toMatchObject({ reason: "unknown", message: expect.stringMatching(/ask the chair for a new invitation/) });

  const expiring = createInvitation(chair, { email: nextEmail(), role: "delegate", stateCode: "NO" });
  clock += INVITATION_TTL_MS;
  const expired = await open(expiring.token);
  expect(expired.status).toBe(410);
  expect(await expired.json()).toMatchObject({ reason: "expired", title: "This invitation has expired" });
  const lateAccept = await accept(expiring.token, newAccount);
  expect(lateAccept.status).toBe(410);
  expect(findUserByEmail(expiring.invitation.email)).toBeUndefined();

  const revoked = createInvitation(chair, { email: nextEmail(), role: "delegate", stateCode: "NO" });
  revokeInvitation(chair, revoked.invitation.id);
  expect(await (await open(revoked.token)).json()).toMatchObject({ reason: "revoked" });
  expect((await open(revoked.token)).status).toBe(410);
});

test("an open invitation shows its email, role and state, and asks a new person for a name and a password", async () => {
  const email = nextEmail();
  const { token } = createInvitation(chair, { email, role: "signer", stateCode: "NO" });
  const response = await open(token);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  expect(await response.json()).toMatchObject({ email, role: "Signer", state: "Norway", mode: "new", signedInAs: null });
});

test("a new person accepts once: the account, the role and a session; the link then says it was used", async () => {
  const email = nextEmail();
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const response = await accept(token, newAccount);
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/dashboard?notice=invitation-accepted");
  const cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0] ?? "";
  const sessionToken = await readSessionToken(new Request("http://localhost/", { headers: { Cookie: cookie } }));
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
  const email = nextEmail();
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
  const email = nextEmail();
  const password = "the password they already have";
  const person = createUser(SYSTEM_ACTOR, { email, name: "Observer from Norway", passwordHash: await hashPassword(password) });
  grantMembership(SYSTEM_ACTOR, { userId: person.id, role: "observer", stateCode: "NO" });
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
  const email = nextEmail();
  const { token } = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const cookie = (await serializeSessionToken(createSession(chair.userId as number).token)).split(";")[0] ?? "";
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
