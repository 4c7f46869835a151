// People: accounts with an email, a display name and (once set) a password hash.
import { asc, eq } from "drizzle-orm";
import { db } from "../../db/client";
import { memberships, users, type Role, type UserRow } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";

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
