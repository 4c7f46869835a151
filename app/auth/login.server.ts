// The use cases that prove who someone is: signing in, changing one's password, and accepting an
// invitation (which signs the person in). Each one hashes or verifies passwords first, then makes
// its change and its audit events in one transaction.
import { inTransaction } from "../../db/client";
import { recordAuditEvent, type Actor } from "../models/audit.server";
import { acceptInvitation, findOpenInvitation, type Acceptance, type ClosedReason } from "../models/invitation.server";
import { beginLoginAttempt, markLoginAttemptSucceeded } from "../models/login-attempt.server";
import { createSession, endAllSessions, listSessions, markSessionVerified, type SessionUser } from "../models/session.server";
import { findUserByEmail, getUser, setPasswordHash } from "../models/user.server";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./password.server";

/** One message for an unknown account, a wrong password and a disabled account: it tells nothing. */
export const SIGN_IN_REFUSED = "The email address or password is not right.";

export function throttleMessage(retryAfterMs: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterMs / 60_000));
  return `Too many failed sign-in attempts. Try again in ${minutes} ${minutes === 1 ? "minute" : "minutes"}.`;
}

/** The `Retry-After` header value (whole seconds, at least 1). */
export function retryAfterSeconds(retryAfterMs: number): string {
  return String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/**
 * A redirect target only when it is a path on this site. `//host` and `/\host` are read by
 * browsers as other hosts, and browsers drop tabs and newlines from URLs, so any control
 * character or backslash makes the target unsafe.
 */
export function safeRedirectTarget(value: unknown, fallback = "/dashboard"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2_000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f\s]/.test(value)) return fallback;
  return value;
}

export interface ClientMeta {
  ipAddress: string;
  userAgent: string | null;
}

export type Throttled = { ok: false; reason: "throttled"; retryAfterMs: number };
export type SignInResult = { ok: true; token: string; userId: number } | { ok: false; reason: "refused" } | Throttled;

type FailureReason = "unknown-account" | "wrong-password" | "no-password" | "disabled" | "throttled";

function recordSignInFailure(meta: ClientMeta, email: string, reason: FailureReason, userId?: number): void {
  recordAuditEvent(
    { userId: null, ipAddress: meta.ipAddress },
    {
      action: "session.sign_in_failed",
      subjectType: userId === undefined ? undefined : "user",
      subjectId: userId,
      details: { email, reason },
    },
  );
}

/** Checks the throttle, then the password (against a decoy for unknown accounts), then opens a session. */
export async function signIn(credentials: { email: string; password: string }, meta: ClientMeta): Promise<SignInResult> {
  const { email, password } = credentials;
  const key = { email, ipAddress: meta.ipAddress };
  const { throttle, attemptId } = beginLoginAttempt(key);
  if (throttle.throttled || attemptId === null) {
    // Not recorded as an attempt: a refused request must not push the wait further out.
    inTransaction(() => recordSignInFailure(meta, email, "throttled"));
    return { ok: false, reason: "throttled", retryAfterMs: throttle.throttled ? throttle.retryAfterMs : 1 };
  }

  const user = findUserByEmail(email);
  const passwordMatches = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
  let failure: FailureReason | null = null;
  if (!user) failure = "unknown-account";
  else if (user.passwordHash === null) failure = "no-password";
  else if (!passwordMatches) failure = "wrong-password";
  else if (user.disabledAt) failure = "disabled";

  if (failure || !user) {
    inTransaction(() => recordSignInFailure(meta, email, failure ?? "unknown-account", user?.id));
    return { ok: false, reason: "refused" };
  }

  const { token } = inTransaction(() => {
    markLoginAttemptSucceeded(attemptId);
    const opened = createSession(user.id, meta);
    recordAuditEvent({ userId: user.id, ipAddress: meta.ipAddress }, { action: "session.signed_in", subjectType: "user", subjectId: user.id });
    return opened;
  });
  return { ok: true, token, userId: user.id };
}

export type ChangePasswordResult = { ok: true } | { ok: false; reason: "wrong-current-password" } | Throttled;

/**
 * Changes the password after checking the current one (throttled like a sign-in, since a borrowed
 * session could otherwise guess it); ends the person's other sessions and counts this one as
 * freshly verified.
 */
export async function changePassword(
  sessionUser: SessionUser,
  passwords: { currentPassword: string; newPassword: string },
  actor: Actor,
): Promise<ChangePasswordResult> {
  const { user, session } = sessionUser;
  const key = { email: user.email, ipAddress: actor.ipAddress ?? "unknown" };
  const { throttle, attemptId } = beginLoginAttempt(key);
  if (throttle.throttled || attemptId === null) {
    return { ok: false, reason: "throttled", retryAfterMs: throttle.throttled ? throttle.retryAfterMs : 1 };
  }

  const stored = getUser(user.id)?.passwordHash ?? null;
  const matches = await verifyPassword(stored ?? (await decoyPasswordHash()), passwords.currentPassword);
  if (!stored || !matches) {
    inTransaction(() =>
      recordAuditEvent(actor, { action: "user.password_change_failed", subjectType: "user", subjectId: user.id }),
    );
    return { ok: false, reason: "wrong-current-password" };
  }

  const newHash = await hashPassword(passwords.newPassword);
  inTransaction(() => {
    markLoginAttemptSucceeded(attemptId);
    setPasswordHash(actor, user.id, newHash);
    const others = listSessions(user.id).filter((row) => row.id !== session.id).length;
    endAllSessions(user.id, session.id);
    if (others > 0) {
      recordAuditEvent(actor, {
        action: "session.ended_others",
        subjectType: "user",
        subjectId: user.id,
        details: { count: others, reason: "password-changed" },
      });
    }
    markSessionVerified(session.id);
  });
  return { ok: true };
}

/** How the invitation page asks the person to prove or set up their account. */
export type AccountMode = "new" | "set-password" | "existing";

export function accountModeFor(email: string): AccountMode {
  const user = findUserByEmail(email);
  if (!user) return "new";
  return user.passwordHash === null ? "set-password" : "existing";
}

export type AcceptAndSignInResult =
  | { ok: true; token: string; userId: number }
  | { ok: false; reason: ClosedReason | "wrong-password" | "account-disabled" | "account-changed" }
  | Throttled;

/**
 * Accepts an invitation for the person holding its link and signs them in. For an email that
 * already has an account, `password` is that account's password; otherwise it is the new one
 * (already checked against the password policy by the caller).
 */
export async function acceptInvitationAndSignIn(
  token: string,
  input: { name?: string; password: string },
  meta: ClientMeta,
): Promise<AcceptAndSignInResult> {
  const found = findOpenInvitation(token);
  if (!found.ok) return found;
  const email = found.invitation.email;
  const existing = findUserByEmail(email);

  let acceptance: Acceptance;
  if (existing?.passwordHash) {
    const key = { email, ipAddress: meta.ipAddress };
    const { throttle, attemptId } = beginLoginAttempt(key);
    if (throttle.throttled || attemptId === null) {
      return { ok: false, reason: "throttled", retryAfterMs: throttle.throttled ? throttle.retryAfterMs : 1 };
    }
    const proved = await verifyPassword(existing.passwordHash, input.password);
    inTransaction(() => {
      if (proved) markLoginAttemptSucceeded(attemptId);
      else recordSignInFailure(meta, email, "wrong-password", existing.id);
    });
    if (!proved) return { ok: false, reason: "wrong-password" };
    acceptance = { existingUserId: existing.id };
  } else if (existing) {
    acceptance = { existingUserId: existing.id, passwordHash: await hashPassword(input.password) };
  } else {
    if (!input.name) return { ok: false, reason: "account-changed" };
    acceptance = { name: input.name, passwordHash: await hashPassword(input.password) };
  }

  return inTransaction((): AcceptAndSignInResult => {
    const accepted = acceptInvitation(token, acceptance, meta);
    if (!accepted.ok) {
      if (accepted.reason === "account-disabled") return { ok: false, reason: "account-disabled" };
      if (accepted.reason === "unknown" || accepted.reason === "expired" || accepted.reason === "revoked" || accepted.reason === "used") {
        return { ok: false, reason: accepted.reason };
      }
      return { ok: false, reason: "account-changed" };
    }
    const userId = accepted.user.id;
    const opened = createSession(userId, meta);
    recordAuditEvent(
      { userId, ipAddress: meta.ipAddress },
      { action: "session.signed_in", subjectType: "user", subjectId: userId, details: { via: "invitation" } },
    );
    return { ok: true, token: opened.token, userId };
  });
}
