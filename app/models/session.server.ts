// Server-side sessions. The cookie holds a random token; the table holds only its SHA-256, so a
// copy of the database opens no session. Sessions end on logout, on "sign out everywhere", after
// an idle period and at an absolute limit (docs/decisions/005).
import crypto from "node:crypto";
import { and, desc, eq, gt, lte, ne, or } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { memberships, sessions, users, type SessionRow, type UserRow } from "../../db/schema";
import type { MembershipGrant, Principal } from "../auth/permissions";
import { nowMs } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";

export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** How stale `last_seen_at` may get before a request refreshes it (saves a write per request). */
const TOUCH_AFTER_MS = 60 * 1000;

export function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

export function newToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export interface SessionMeta {
  ipAddress?: string | null;
  userAgent?: string | null;
}

/** Opens a new session (always a new id: no fixation) and returns the token for the cookie. */
export function createSession(userId: number, meta: SessionMeta = {}): { token: string; session: SessionRow } {
  const token = newToken();
  const at = nowMs();
  const session = db()
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId,
      createdAt: new Date(at),
      lastSeenAt: new Date(at),
      expiresAt: new Date(at + SESSION_ABSOLUTE_MS),
      verifiedAt: new Date(at),
      ipAddress: meta.ipAddress ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .returning()
    .get();
  return { token, session };
}

export interface SessionUser {
  session: SessionRow;
  user: Pick<UserRow, "id" | "email" | "name">;
  principal: Principal;
}

/** Resolves a cookie token to a live session and its user, or null; refreshes the idle clock. */
export function findLiveSession(token: string): SessionUser | null {
  const at = nowMs();
  const id = hashToken(token);
  const row = db()
    .select({ session: sessions, user: { id: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt } })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return null;
  const { session, user } = row;
  const idleExpired = session.lastSeenAt.getTime() + SESSION_IDLE_MS <= at;
  if (user.disabledAt || session.expiresAt.getTime() <= at || idleExpired) {
    db().delete(sessions).where(eq(sessions.id, id)).run();
    return null;
  }
  if (at - session.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    db().update(sessions).set({ lastSeenAt: new Date(at) }).where(eq(sessions.id, id)).run();
    session.lastSeenAt = new Date(at);
  }
  return {
    session,
    user: { id: user.id, email: user.email, name: user.name },
    principal: { userId: user.id, memberships: listGrants(user.id) },
  };
}

export function listGrants(userId: number): MembershipGrant[] {
  return db()
    .select({ role: memberships.role, stateCode: memberships.stateCode })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .all();
}

/** Marks the session as freshly verified (after the person re-entered a password or a code). */
export function markSessionVerified(sessionId: string): void {
  db().update(sessions).set({ verifiedAt: new Date(nowMs()) }).where(eq(sessions.id, sessionId)).run();
}

/** The person's live sessions, most recently active first (expired rows not yet purged are left out). */
export function listSessions(userId: number): SessionRow[] {
  const at = nowMs();
  return db()
    .select()
    .from(sessions)
    .where(
      and(eq(sessions.userId, userId), gt(sessions.expiresAt, new Date(at)), gt(sessions.lastSeenAt, new Date(at - SESSION_IDLE_MS))),
    )
    .orderBy(desc(sessions.lastSeenAt))
    .all();
}

/** Ends one session of `userId`; returns false when it is not theirs or already ended. */
export function endSession(userId: number, sessionId: string): boolean {
  const result = db()
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .run();
  return result.changes > 0;
}

/** Ends every session of `userId`, except `keepSessionId` when given; returns how many ended. */
export function endAllSessions(userId: number, keepSessionId?: string): number {
  const condition = keepSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
    : eq(sessions.userId, userId);
  return db().delete(sessions).where(condition).run().changes;
}

/** Deletes expired sessions; run at start and from time to time. */
export function purgeExpiredSessions(): number {
  const at = nowMs();
  return db()
    .delete(sessions)
    .where(or(lte(sessions.expiresAt, new Date(at)), lte(sessions.lastSeenAt, new Date(at - SESSION_IDLE_MS))))
    .run().changes;
}

/** Signing out: ends the session the person is using, with its audit event. */
export function signOut(actor: Actor, userId: number, sessionId: string): boolean {
  return inTransaction(() => {
    const ended = endSession(userId, sessionId);
    if (ended) recordAuditEvent(actor, { action: "session.signed_out", subjectType: "user", subjectId: userId });
    return ended;
  });
}

/** Ends one of the person's own sessions from their account page; false when it is not theirs. */
export function endOwnSession(actor: Actor, userId: number, sessionId: string): boolean {
  return inTransaction(() => {
    const ended = endSession(userId, sessionId);
    if (ended) recordAuditEvent(actor, { action: "session.ended", subjectType: "user", subjectId: userId });
    return ended;
  });
}

/** "Sign out everywhere": ends every session of the person, the current one included. */
export function endEverySession(actor: Actor, userId: number): number {
  return inTransaction(() => {
    // Count the live ones: expired rows that are merely not purged yet were not sessions any more.
    const live = listSessions(userId).length;
    endAllSessions(userId);
    recordAuditEvent(actor, { action: "session.ended_all", subjectType: "user", subjectId: userId, details: { count: live } });
    return live;
  });
}
