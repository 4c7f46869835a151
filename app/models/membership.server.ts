// Roles: a person is chair (for no state), or delegate, signer or observer (for a state, or for
// none in the case of an observer from an international organisation).
import { and, asc, eq, isNull } from "drizzle-orm";
import { db } from "../../db/client";
import { memberships, states, type MembershipRow, type Role } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";

export class MembershipError extends Error {
  constructor(
    message: string,
    readonly field: "role" | "stateCode" | "" = "",
  ) {
    super(message);
    this.name = "MembershipError";
  }
}

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
