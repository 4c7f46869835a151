// Roles: a person is chair (for no state), or delegate, signer or observer (for a state, or for
// none in the case of an observer from an international organisation).
import { and, asc, eq, isNull } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { memberships, states, users, type MembershipRow, type Role } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { RuleError } from "../lib/rule-error";

export class MembershipError extends RuleError<"role" | "stateCode"> {}

export interface Grant {
  userId: number;
  role: Role;
  stateCode: string | null;
}

/** Checks that a role fits a state (or none), as the schema's CHECK will; returns a message or null. */
export function grantProblem(role: Role, stateCode: string | null): MembershipError | null {
  if (role === "chair" && stateCode) return new MembershipError("The chair acts for the initiative, not for a state: leave the state empty", "stateCode");
  if ((role === "delegate" || role === "signer") && !stateCode)
    return new MembershipError("Choose the state this delegate or signer acts for", "stateCode");
  if (stateCode && !db().select({ code: states.code }).from(states).where(eq(states.code, stateCode)).get())
    return new MembershipError(`${stateCode} is not a participating state yet: add it first`, "stateCode");
  return null;
}

export function findMembership(grant: Grant): MembershipRow | undefined {
  return db()
    .select()
    .from(memberships)
    .where(
      and(
        eq(memberships.userId, grant.userId),
        eq(memberships.role, grant.role),
        grant.stateCode ? eq(memberships.stateCode, grant.stateCode) : isNull(memberships.stateCode),
      ),
    )
    .get();
}

/** Grants a role; granting one the person already holds changes nothing and returns it. */
export function grantMembership(actor: Actor, grant: Grant): MembershipRow {
  const problem = grantProblem(grant.role, grant.stateCode);
  if (problem) throw problem;
  const existing = findMembership(grant);
  if (existing) return existing;
  const membership = db()
    .insert(memberships)
    .values({
      userId: grant.userId,
      role: grant.role,
      stateCode: grant.stateCode,
      createdAt: new Date(nowMs()),
      createdBy: actor.userId,
    })
    .returning()
    .get();
  recordAuditEvent(actor, {
    action: "membership.granted",
    subjectType: "user",
    subjectId: grant.userId,
    details: { role: grant.role, stateCode: grant.stateCode },
  });
  return membership;
}

/** Removes a role; returns false when there was no such membership. */
export function revokeMembership(actor: Actor, membershipId: number): boolean {
  const membership = db().select().from(memberships).where(eq(memberships.id, membershipId)).get();
  if (!membership) return false;
  db().delete(memberships).where(eq(memberships.id, membershipId)).run();
  recordAuditEvent(actor, {
    action: "membership.revoked",
    subjectType: "user",
    subjectId: membership.userId,
    details: { role: membership.role, stateCode: membership.stateCode },
  });
  return true;
}

export function listMemberships(userId: number): MembershipRow[] {
  return db()
    .select()
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.role), asc(memberships.stateCode))
    .all();
}

export function countChairs(): number {
  return db().select({ id: memberships.id }).from(memberships).where(eq(memberships.role, "chair")).all().length;
}

/** Chairs whose accounts are not disabled: the ones who can still run the process. */
export function countActiveChairs(): number {
  return db()
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, "chair"), isNull(users.disabledAt)))
    .all().length;
}

/** Grants a role the person does not hold yet, in one transaction with its audit event. */
export function grantRole(actor: Actor, grant: Grant): MembershipRow {
  return inTransaction(() => {
    const problem = grantProblem(grant.role, grant.stateCode);
    if (problem) throw problem;
    if (findMembership(grant)) throw new MembershipError("This person already holds this role", "role");
    return grantMembership(actor, grant);
  });
}

export type RemoveRoleResult = { ok: true; membership: MembershipRow } | { ok: false; reason: "not-found" };

/**
 * Removes one of `userId`'s roles. A membership of someone else counts as not found, and the last
 * active chair's role is refused (MembershipError): without a chair nobody could administer.
 */
export function removeRole(actor: Actor, userId: number, membershipId: number): RemoveRoleResult {
  return inTransaction((): RemoveRoleResult => {
    const membership = db()
      .select({ membership: memberships, disabledAt: users.disabledAt })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)))
      .get();
    if (!membership) return { ok: false, reason: "not-found" };
    if (membership.membership.role === "chair" && !membership.disabledAt && countActiveChairs() <= 1) {
      throw new MembershipError("This is the last chair: grant the chair role to someone else before removing this one");
    }
    revokeMembership(actor, membershipId);
    return { ok: true, membership: membership.membership };
  });
}

export interface StateMember {
  membershipId: number;
  userId: number;
  name: string;
  email: string;
  role: Role;
  disabledAt: Date | null;
}

/** The people who hold a role for one state, by name. */
export function listStateMembers(stateCode: string): StateMember[] {
  return db()
    .select({
      membershipId: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      disabledAt: users.disabledAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.stateCode, stateCode))
    .orderBy(asc(users.name), asc(memberships.role))
    .all();
}
