// People: accounts with an email, a display name and (once set) a password hash.
import { asc, eq } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { memberships, users, type Role, type UserRow } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { endAllSessions } from "./session.server";
import { RuleError } from "../lib/rule-error";

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function findUserByEmail(email: string): UserRow | undefined {
  return db().select().from(users).where(eq(users.email, normaliseEmail(email))).get();
}

export function getUser(id: number): UserRow | undefined {
  return db().select().from(users).where(eq(users.id, id)).get();
}

export interface NewUser {
  email: string;
  name: string;
  passwordHash?: string | null;
}

/** Creates an account; the caller runs it inside the transaction of whatever asked for it. */
export function createUser(actor: Actor, input: NewUser): UserRow {
  const user = db()
    .insert(users)
    .values({
      email: normaliseEmail(input.email),
      name: input.name.trim(),
      passwordHash: input.passwordHash ?? null,
      createdAt: new Date(nowMs()),
    })
    .returning()
    .get();
  recordAuditEvent(actor, {
    action: "user.created",
    subjectType: "user",
    subjectId: user.id,
    details: { email: user.email, name: user.name },
  });
  return user;
}

export function setPasswordHash(actor: Actor, userId: number, passwordHash: string): void {
  db().update(users).set({ passwordHash }).where(eq(users.id, userId)).run();
  recordAuditEvent(actor, { action: "user.password_changed", subjectType: "user", subjectId: userId });
}

export interface UserWithRoles extends Pick<UserRow, "id" | "email" | "name" | "createdAt" | "disabledAt"> {
  hasPassword: boolean;
  roles: { id: number; role: Role; stateCode: string | null }[];
}

export function listUsersWithRoles(): UserWithRoles[] {
  const rows = db()
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      createdAt: users.createdAt,
      disabledAt: users.disabledAt,
      passwordHash: users.passwordHash,
      membershipId: memberships.id,
      role: memberships.role,
      stateCode: memberships.stateCode,
    })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .orderBy(asc(users.email), asc(memberships.stateCode), asc(memberships.role))
    .all();
  const byId = new Map<number, UserWithRoles>();
  for (const row of rows) {
    let user = byId.get(row.id);
    if (!user) {
      user = {
        id: row.id,
        email: row.email,
        name: row.name,
        createdAt: row.createdAt,
        disabledAt: row.disabledAt,
        hasPassword: row.passwordHash !== null,
        roles: [],
      };
      byId.set(row.id, user);
    }
    if (row.membershipId !== null && row.role !== null) {
      user.roles.push({ id: row.membershipId, role: row.role, stateCode: row.stateCode });
    }
  }
  return [...byId.values()];
}

export type AccountStatus = "active" | "invited" | "disabled";

export const ACCOUNT_STATUS_LABELS: Record<AccountStatus, string> = {
  active: "Active",
  invited: "Invited, no password yet",
  disabled: "Disabled",
};

/** Active, invited (no password set yet) or disabled; disabled wins. */
export function accountStatusOf(user: { disabledAt: Date | null; hasPassword: boolean }): AccountStatus {
  if (user.disabledAt) return "disabled";
  return user.hasPassword ? "active" : "invited";
}

export function countUsers(): number {
  return db().select({ id: users.id }).from(users).all().length;
}

export class UserError extends RuleError<never> {}

/** Disables an account and ends all its sessions at once; nobody can disable their own account. */
export function disableUser(actor: Actor, userId: number): void {
  if (actor.userId === userId) throw new UserError("You cannot disable your own account: ask another chair");
  inTransaction(() => {
    const user = getUser(userId);
    if (!user) throw new UserError("There is no such account");
    if (user.disabledAt) return;
    db().update(users).set({ disabledAt: new Date(nowMs()) }).where(eq(users.id, userId)).run();
    const sessionsEnded = endAllSessions(userId);
    recordAuditEvent(actor, {
      action: "user.disabled",
      subjectType: "user",
      subjectId: userId,
      details: { email: user.email, sessionsEnded },
    });
  });
}

export function enableUser(actor: Actor, userId: number): void {
  inTransaction(() => {
    const user = getUser(userId);
    if (!user) throw new UserError("There is no such account");
    if (!user.disabledAt) return;
    db().update(users).set({ disabledAt: null }).where(eq(users.id, userId)).run();
    recordAuditEvent(actor, { action: "user.enabled", subjectType: "user", subjectId: userId, details: { email: user.email } });
  });
}
