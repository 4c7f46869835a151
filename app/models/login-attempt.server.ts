// Sign-in attempts and the throttle built on them: failures are limited per account and per client
// address within a sliding window, so guessing passwords is slow from one place and against one
// person (docs/decisions/005).
import { and, asc, count, desc, eq, gt, lte, type SQL } from "drizzle-orm";
import { db } from "../../db/client";
import { loginAttempts } from "../../db/schema";
import { nowMs } from "../lib/clock.server";
import { normaliseEmail } from "./user.server";

export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_FAILURE_LIMIT = 5;
export const ADDRESS_FAILURE_LIMIT = 20;

export interface AttemptKey {
  email: string;
  ipAddress: string;
}

export type Throttle =
  | { throttled: false }
  | { throttled: true; scope: "account" | "address"; retryAfterMs: number };

export function recordLoginAttempt(key: AttemptKey, succeeded: boolean): number {
  return db()
    .insert(loginAttempts)
    .values({ email: normaliseEmail(key.email), ipAddress: key.ipAddress, at: new Date(nowMs()), succeeded })
    .returning({ id: loginAttempts.id })
    .get().id;
}

/**
 * Checks the throttle and, when the attempt may go ahead, counts it as a failure at once, before
 * the (asynchronous) password check: check and count happen in one synchronous step, so a burst
 * of simultaneous guesses cannot all pass under the limit. `markLoginAttemptSucceeded` settles it.
 */
export function beginLoginAttempt(key: AttemptKey): { throttle: Throttle; attemptId: number | null } {
  const throttle = checkLoginThrottle(key);
  if (throttle.throttled) return { throttle, attemptId: null };
  return { throttle, attemptId: recordLoginAttempt(key, false) };
}

export function markLoginAttemptSucceeded(attemptId: number): void {
  db().update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId)).run();
}

/**
 * Whether another attempt for this account or from this address must wait, and how long. A
 * success resets the account's count (the owner mistyped, then got it right), but not the
 * address's: one good account must not buy an address fresh guesses at others.
 */
export function checkLoginThrottle(key: AttemptKey): Throttle {
  const at = nowMs();
  const windowStart = at - LOGIN_WINDOW_MS;
  const email = normaliseEmail(key.email);

  const lastSuccess = db()
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true), gt(loginAttempts.at, new Date(windowStart))))
    .orderBy(desc(loginAttempts.at))
    .limit(1)
    .get()?.at.getTime();
  const accountSince = Math.max(windowStart, lastSuccess ?? windowStart);
  const accountWait = waitAfter(failureTimes(eq(loginAttempts.email, email), accountSince), ACCOUNT_FAILURE_LIMIT, at);
  const addressWait = waitAfter(failureTimes(eq(loginAttempts.ipAddress, key.ipAddress), windowStart), ADDRESS_FAILURE_LIMIT, at);

  if (accountWait === 0 && addressWait === 0) return { throttled: false };
  return accountWait >= addressWait
    ? { throttled: true, scope: "account", retryAfterMs: accountWait }
    : { throttled: true, scope: "address", retryAfterMs: addressWait };
}

function failureTimes(who: SQL, since: number): number[] {
  return db()
    .select({ at: loginAttempts.at })
    .from(loginAttempts)
    .where(and(who, eq(loginAttempts.succeeded, false), gt(loginAttempts.at, new Date(since))))
    .orderBy(asc(loginAttempts.at))
    .all()
    .map((row) => row.at.getTime());
}

/** With `limit` failures or more in the window, the wait until enough of them have aged out. */
function waitAfter(times: number[], limit: number, at: number): number {
  if (times.length < limit) return 0;
  const oldestThatMustExpire = times[times.length - limit] as number;
  return Math.max(1, oldestThatMustExpire + LOGIN_WINDOW_MS - at);
}

/** Deletes attempts older than the window (they no longer count); run from time to time. */
export function purgeOldLoginAttempts(): number {
  return db()
    .delete(loginAttempts)
    .where(lte(loginAttempts.at, new Date(nowMs() - LOGIN_WINDOW_MS)))
    .run().changes;
}

/** How many attempts are recorded, for tests and the health of the table. */
export function countLoginAttempts(email?: string): number {
  const row = db()
    .select({ n: count() })
    .from(loginAttempts)
    .where(email ? eq(loginAttempts.email, normaliseEmail(email)) : undefined)
    .get();
  return row?.n ?? 0;
}
