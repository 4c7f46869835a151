// Invitations: the only way into Accord. The chair invites an email address to a role (for a state,
// or none); the link carries a random single-use token of which only the SHA-256 is stored, and it
// expires after 7 days (docs/decisions/005).
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { invitations, states, users, type InvitationRow, type Role, type UserRow } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { findMembership, grantMembership, grantProblem } from "./membership.server";
import { hashToken, newToken } from "./session.server";
import { createUser, findUserByEmail, getUser, normaliseEmail, setPasswordHash } from "./user.server";
import { RuleError } from "../lib/rule-error";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationStatus = "open" | "accepted" | "expired" | "revoked";
/** Why a token does not open an invitation. */
export type ClosedReason = "unknown" | "expired" | "revoked" | "used";

export class InvitationError extends RuleError<"email" | "role" | "stateCode"> {}

export interface NewInvitation {
  email: string;
  role: Role;
  stateCode: string | null;
}

function openCondition(at: number) {
  return and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, new Date(at)));
}

/**
 * Invites `email` to a role. An open invitation for the same address, role and state is revoked
 * and replaced, so only the newest link works. Returns the token: it is shown once and not kept.
 */
export function createInvitation(actor: Actor, input: NewInvitation): { invitation: InvitationRow; token: string } {
  const email = normaliseEmail(input.email);
  const stateCode = input.stateCode || null;
  const problem = grantProblem(input.role, stateCode);
  if (problem) throw problem;
  const existing = findUserByEmail(email);
  if (existing && findMembership({ userId: existing.id, role: input.role, stateCode })) {
    throw new InvitationError(`${email} already holds this role`, "email");
  }
  const token = newToken();
  const at = nowMs();
  return inTransaction(() => {
    const replaced = db()
      .select({ id: invitations.id })
      .from(invitations)
      .where(
        and(
          eq(invitations.email, email),
          eq(invitations.role, input.role),
          stateCode ? eq(invitations.stateCode, stateCode) : isNull(invitations.stateCode),
          openCondition(at),
        ),
      )
      .all();
    for (const { id } of replaced) closeInvitation(actor, id, "replaced");
    const invitation = db()
      .insert(invitations)
      .values({
        email,
        role: input.role,
        stateCode,
        tokenHash: hashToken(token),
        invitedBy: requireActorUser(actor),
        createdAt: new Date(at),
        expiresAt: new Date(at + INVITATION_TTL_MS),
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "invitation.created",
      subjectType: "invitation",
      subjectId: invitation.id,
      details: { email, role: input.role, stateCode, expiresAt: invitation.expiresAt.toISOString() },
    });
    return { invitation, token };
  });
}

function requireActorUser(actor: Actor): number {
  if (actor.userId == null) throw new Error("An invitation is always made by a signed-in person.");
  return actor.userId;
}

function closeInvitation(actor: Actor, id: number, reason: "revoked" | "replaced"): void {
  db().update(invitations).set({ revokedAt: new Date(nowMs()) }).where(eq(invitations.id, id)).run();
  recordAuditEvent(actor, { action: "invitation.revoked", subjectType: "invitation", subjectId: id, details: { reason } });
}

export function statusOf(invitation: Pick<InvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, at = nowMs()): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt.getTime() <= at) return "expired";
  return "open";
}

const CLOSED_REASON: Record<Exclude<InvitationStatus, "open">, ClosedReason> = {
  accepted: "used",
  revoked: "revoked",
  expired: "expired",
};

export type FoundInvitation = { ok: true; invitation: InvitationRow } | { ok: false; reason: ClosedReason };

/** The open invitation a link's token stands for, or why there is none. */
export function findOpenInvitation(token: string): FoundInvitation {
  const invitation = db().select().from(invitations).where(eq(invitations.tokenHash, hashToken(token))).get();
  if (!invitation) return { ok: false, reason: "unknown" };
  const status = statusOf(invitation);
  return status === "open" ? { ok: true, invitation } : { ok: false, reason: CLOSED_REASON[status] };
}

/**
 * Who accepts: a new account (the email has none), or the existing account of the invited email.
 * For an existing account with a password, the caller must first have checked that password; an
 * existing account that has none yet sets one here.
 */
export type Acceptance = { name: string; passwordHash: string } | { existingUserId: number; passwordHash?: string };

export type AcceptResult =
  | { ok: true; user: UserRow; invitation: InvitationRow }
  | { ok: false; reason: ClosedReason | "account-exists" | "wrong-account" | "account-disabled" | "password-required" };

/** Accepts an invitation in one transaction: the account, the role, and the invitation used up. */
export function acceptInvitation(token: string, acceptance: Acceptance, meta: { ipAddress?: string | null } = {}): AcceptResult {
  return inTransaction((): AcceptResult => {
    const found = findOpenInvitation(token);
    if (!found.ok) return found;
    const { invitation } = found;
    const existing = findUserByEmail(invitation.email);
    let user: UserRow;
    if ("name" in acceptance) {
      if (existing) return { ok: false, reason: "account-exists" };
      user = createUser({ userId: null, ipAddress: meta.ipAddress ?? null }, {
        email: invitation.email,
        name: acceptance.name,
        passwordHash: acceptance.passwordHash,
      });
    } else {
      if (!existing || existing.id !== acceptance.existingUserId) return { ok: false, reason: "wrong-account" };
      if (existing.disabledAt) return { ok: false, reason: "account-disabled" };
      user = existing;
      if (existing.passwordHash === null) {
        if (!acceptance.passwordHash) return { ok: false, reason: "password-required" };
        setPasswordHash({ userId: existing.id, ipAddress: meta.ipAddress ?? null }, existing.id, acceptance.passwordHash);
      }
    }
    const actor: Actor = { userId: user.id, stateCode: invitation.stateCode, ipAddress: meta.ipAddress ?? null };
    grantMembership(actor, { userId: user.id, role: invitation.role, stateCode: invitation.stateCode });
    const used = db()
      .update(invitations)
      .set({ acceptedAt: new Date(nowMs()), acceptedBy: user.id })
      .where(and(eq(invitations.id, invitation.id), openCondition(nowMs())))
      .returning()
      .get();
    // Unreachable on one connection, but a second acceptance must never pass silently.
    if (!used) throw new Error(`Invitation ${invitation.id} was used concurrently.`);
    recordAuditEvent(actor, {
      action: "invitation.accepted",
      subjectType: "invitation",
      subjectId: invitation.id,
      details: { email: invitation.email, role: invitation.role, stateCode: invitation.stateCode, userId: user.id, newAccount: !existing },
    });
    return { ok: true, user: getUser(user.id) ?? user, invitation: used };
  });
}

export type RevokeResult = { ok: true } | { ok: false; reason: "unknown" | "not-open" };

/** Revokes an open invitation; an accepted, expired or already revoked one is left as it is. */
export function revokeInvitation(actor: Actor, id: number): RevokeResult {
  return inTransaction((): RevokeResult => {
    const invitation = getInvitation(id);
    if (!invitation) return { ok: false, reason: "unknown" };
    if (statusOf(invitation) !== "open") return { ok: false, reason: "not-open" };
    closeInvitation(actor, id, "revoked");
    return { ok: true };
  });
}

export function getInvitation(id: number): InvitationRow | undefined {
  return db().select().from(invitations).where(eq(invitations.id, id)).get();
}

export interface InvitationListItem {
  id: number;
  email: string;
  role: Role;
  stateCode: string | null;
  stateName: string | null;
  createdAt: Date;
  expiresAt: Date;
  invitedByName: string;
  status: InvitationStatus;
}

/** Every invitation, newest first, with its status as of now. */
export function listInvitations(): InvitationListItem[] {
  const at = nowMs();
  return db()
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      stateCode: invitations.stateCode,
      stateName: states.name,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      acceptedAt: invitations.acceptedAt,
      revokedAt: invitations.revokedAt,
      invitedByName: users.name,
    })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.invitedBy))
    .leftJoin(states, eq(states.code, invitations.stateCode))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .all()
    .map(({ acceptedAt, revokedAt, ...row }) => ({ ...row, status: statusOf({ acceptedAt, revokedAt, expiresAt: row.expiresAt }, at) }));
}
