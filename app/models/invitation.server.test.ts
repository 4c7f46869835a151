import { beforeAll, beforeEach, expect, test } from "vitest";
import { buildUser } from "../../db/factories";
import { setClock } from "../lib/clock.server";
import { createPerson } from "../testing/routes";
import { listAuditEvents, SYSTEM_ACTOR, type Actor } from "./audit.server";
import {
  acceptInvitation,
  createInvitation,
  findOpenInvitation,
  getInvitation,
  INVITATION_TTL_MS,
  InvitationError,
  listInvitations,
  revokeInvitation,
} from "./invitation.server";
import { listMemberships, MembershipError } from "./membership.server";
import { hashToken } from "./session.server";
import { addState } from "./state.server";
import { countUsers, createUser, disableUser, findUserByEmail } from "./user.server";

let clock = Date.parse("2026-03-01T09:00:00Z");
let chair: Actor;

beforeAll(() => {
  setClock(() => clock);
  addState(SYSTEM_ACTOR, { code: "NO" });
  addState(SYSTEM_ACTOR, { code: "DK" });
  const { user } = createPerson({ email: "chair@example.test", name: "Chair of the initiative", passwordHash: "x", role: "chair" });
  chair = { userId: user.id, ipAddress: "192.0.2.1" };
});

beforeEach(() => {
  clock += 30 * 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

test("an invitation keeps only the SHA-256 of a 32-byte token and lasts seven days", () => {
  const email = buildUser().email;
  const { invitation, token } = createInvitation(chair, { email: ` ${email.toUpperCase()} `, role: "delegate", stateCode: "NO" });
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(Buffer.from(token, "base64url")).toHaveLength(32);
  const stored = getInvitation(invitation.id);
  expect(stored?.tokenHash).toBe(hashToken(token));
  expect(JSON.stringify(stored)).not.toContain(token);
  expect(stored?.email).toBe(email);
  expect(stored?.expiresAt.getTime()).toBe(clock + INVITATION_TTL_MS);
  expect(stored?.invitedBy).toBe(chair.userId);

  const [event] = listAuditEvents({ action: "invitation.created", limit: 1 });
  expect(event).toMatchObject({ actorUserId: chair.userId, subjectType: "invitation", subjectId: String(invitation.id) });
  expect(JSON.parse(event?.details ?? "{}")).toMatchObject({ email, role: "delegate", stateCode: "NO" });
});

test("a new invitation for the same address, role and state revokes the open one", () => {
  const email = buildUser().email;
  const first = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  const otherState = createInvitation(chair, { email, role: "delegate", stateCode: "DK" });
  const second = createInvitation(chair, { email, role: "delegate", stateCode: "NO" });
  expect(findOpenInvitation(first.token)).toEqual({ ok: false, reason: "revoked" });
  expect(findOpenInvitation(second.token).ok).toBe(true);
  expect(findOpenInvitation(otherState.token).ok).toBe(true);
  const replaced = listAuditEvents({ action: "invitation.revoked", subject: `invitation:${first.invitation.id}` });
  expect(replaced.map((event) => JSON.parse(event.details))).toEqual([{ reason: "replaced" }]);
});

test("a role that does not fit its state is refused and nothing is written", () => {
  const before = listInvitations().length;
  const email = buildUser().email;
  expect(() => createInvitation(chair, { email, role: "chair", stateCode: "NO" })).toThrow(MembershipError);
  expect(() => createInvitation(chair, { email, role: "signer", stateCode: null })).toThrow(MembershipError);
  expect(() => createInvitation(chair, { email, role: "delegate", stateCode: "SE" })).toThrow(/not a participating state/);
  expect(() => createInvitation(chair, { email: "chair@example.test", role: "chair", stateCode: null })).toThrow(InvitationError);
  expect(listInvitations()).toHaveLength(before);
  // An observer may come from a state or from an organisation (no state).
  expect(createInvitation(chair, { email, role: "observer", stateCode: null }).invitation.stateCode).toBeNull();
});

test("a token says why it no longer opens an invitation: unknown, expired, revoked or used", () => {
  expect(findOpenInvitation("not-a-token")).toEqual({ ok: false, reason: "unknown" });

  const expiring = createInvitation(chair, { email: buildUser().email, role: "observer", stateCode: "DK" });
  clock += INVITATION_TTL_MS - 1;
  expect(findOpenInvitation(expiring.token).ok).toBe(true);
  clock += 1;
  expect(findOpenInvitation(expiring.token)).toEqual({ ok: false, reason: "expired" });
  expect(acceptInvitation(expiring.token, { name: "Observer", passwordHash: "h" })).toEqual({ ok: false, reason: "expired" });
  expect(findUserByEmail(expiring.invitation.email)).toBeUndefined();

  const revoked = createInvitation(chair, { email: buildUser().email, role: "observer", stateCode: "DK" });
  expect(revokeInvitation(chair, revoked.invitation.id)).toEqual({ ok: true });
  expect(findOpenInvitation(revoked.token)).toEqual({ ok: false, reason: "revoked" });
  expect(revokeInvitation(chair, revoked.invitation.id)).toEqual({ ok: false, reason: "not-open" });
  expect(revokeInvitation(chair, 999_999)).toEqual({ ok: false, reason: "unknown" });
  expect(listAuditEvents({ action: "invitation.revoked", subject: `invitation:${revoked.invitation.id}` })).toHaveLength(1);
});

test("accepting creates the account, grants the role and uses the invitation up: a second accept fails", () => {
  const email = buildUser().email;
  const { invitation, token } = createInvitation(chair, { email, role: "signer", stateCode: "NO" });
  const users = countUsers();
  const accepted = acceptInvitation(token, { name: "  Signer of Norway ", passwordHash: "argon2-hash" }, { ipAddress: "192.0.2.9" });
  expect(accepted.ok).toBe(true);
  if (!accepted.ok) return;
  expect(accepted.user).toMatchObject({ email, name: "Signer of Norway", passwordHash: "argon2-hash" });
  expect(countUsers()).toBe(users + 1);
  expect(listMemberships(accepted.user.id).map(({ role, stateCode }) => ({ role, stateCode }))).toEqual([
    { role: "signer", stateCode: "NO" },
  ]);
  expect(getInvitation(invitation.id)).toMatchObject({ acceptedBy: accepted.user.id, acceptedAt: new Date(clock) });
  const [event] = listAuditEvents({ action: "invitation.accepted", limit: 1 });
  expect(event).toMatchObject({ actorUserId: accepted.user.id, subjectId: String(invitation.id), ipAddress: "192.0.2.9" });

  expect(acceptInvitation(token, { name: "Someone else", passwordHash: "other" })).toEqual({ ok: false, reason: "used" });
  expect(acceptInvitation(token, { existingUserId: accepted.user.id })).toEqual({ ok: false, reason: "used" });
  expect(countUsers()).toBe(users + 1);
  expect(listAuditEvents({ action: "invitation.accepted", subject: `invitation:${invitation.id}` })).toHaveLength(1);
});

test("an email that has an account adds the role to that account, and only to it", () => {
  const email = buildUser().email;
  const person = createPerson({ email, name: "Delegate of Denmark", passwordHash: "existing-hash", role: "delegate", stateCode: "DK" }).user;
  const { token } = createInvitation(chair, { email, role: "signer", stateCode: "DK" });
  const users = countUsers();

  expect(acceptInvitation(token, { name: "Impostor", passwordHash: "h" })).toEqual({ ok: false, reason: "account-exists" });
  expect(acceptInvitation(token, { existingUserId: chair.userId as number })).toEqual({ ok: false, reason: "wrong-account" });
  const accepted = acceptInvitation(token, { existingUserId: person.id });
  expect(accepted.ok && accepted.user.id).toBe(person.id);
  expect(accepted.ok && accepted.user.passwordHash).toBe("existing-hash");
  expect(listMemberships(person.id).map((m) => `${m.role}:${m.stateCode}`).sort()).toEqual(["delegate:DK", "signer:DK"]);
  expect(countUsers()).toBe(users);
});

test("a disabled account cannot take up a role through an invitation", () => {
  const email = buildUser().email;
  const person = createUser(SYSTEM_ACTOR, { email, name: "Former signer", passwordHash: "h" });
  disableUser(chair, person.id);
  const { token } = createInvitation(chair, { email, role: "signer", stateCode: "NO" });
  expect(acceptInvitation(token, { existingUserId: person.id })).toEqual({ ok: false, reason: "account-disabled" });
  expect(listMemberships(person.id)).toEqual([]);
  expect(findOpenInvitation(token).ok).toBe(true);
});

test("an account without a password sets one when it accepts", () => {
  const email = buildUser().email;
  const person = createUser(SYSTEM_ACTOR, { email, name: "Observer of the drafting" });
  const { token } = createInvitation(chair, { email, role: "observer", stateCode: null });
  expect(acceptInvitation(token, { existingUserId: person.id })).toEqual({ ok: false, reason: "password-required" });
  const accepted = acceptInvitation(token, { existingUserId: person.id, passwordHash: "fresh-hash" });
  expect(accepted.ok && accepted.user.passwordHash).toBe("fresh-hash");
});

test("the list gives every invitation its status as of now", () => {
  const open = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  const revoked = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  revokeInvitation(chair, revoked.invitation.id);
  const accepted = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  acceptInvitation(accepted.token, { name: "Delegate of Norway", passwordHash: "h" });
  clock += 1_000;
  const expiring = createInvitation(chair, { email: buildUser().email, role: "delegate", stateCode: "NO" });
  clock += INVITATION_TTL_MS - 500;

  const statuses = new Map(listInvitations().map((item) => [item.id, item]));
  expect(statuses.get(open.invitation.id)?.status).toBe("expired");
  expect(statuses.get(revoked.invitation.id)?.status).toBe("revoked");
  expect(statuses.get(accepted.invitation.id)?.status).toBe("accepted");
  expect(statuses.get(expiring.invitation.id)).toMatchObject({
    status: "open",
    stateName: "Norway",
    invitedByName: "Chair of the initiative",
  });
});
