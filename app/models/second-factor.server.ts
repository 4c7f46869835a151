// The second factor: a TOTP authenticator (RFC 6238: SHA-1, 6 digits, 30 s) that the chair and the
// signers confirm high-stakes acts with (docs/decisions/016). The only module that touches
// `totp_credentials`. A person enrols, replaces and removes their own authenticator only. Codes are
// single-use and wrong codes are throttled; the secret is sealed at rest with a key derived from the
// session secret, so a copy of the database alone yields no codes. A good code buys a confirmation,
// valid for a few minutes in this process only, that high-stakes domain functions require.
import crypto from "node:crypto";
import { and, desc, eq, gt, isNotNull, isNull } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import { db, inTransaction } from "../../db/client";
import { totpCredentials, type TotpCredentialRow } from "../../db/schema";
import { decoyPasswordHash, verifyPassword } from "../auth/password.server";
import { nowMs } from "../lib/clock.server";
import { formatInstant } from "../lib/dates";
import { config } from "../lib/env.server";
import { RuleError } from "../lib/rule-error";
import {
  CODE_FORMAT_MESSAGE,
  normaliseCode,
  TOTP_ALGORITHM,
  TOTP_DIGITS,
  TOTP_ISSUER,
  TOTP_PERIOD_SECONDS,
} from "../lib/second-factor";
import { NotPermittedError } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { beginLoginAttempt, markLoginAttemptSucceeded } from "./login-attempt.server";
import { getUser } from "./user.server";

export class SecondFactorError extends RuleError<"code"> {}

export interface SecondFactorConfirmation {
  readonly userId: number;
  readonly at: Date;
}

/** How long a confirmation stands in for a code: long enough for one act, short enough to be fresh. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** Wrong codes in a row, each within LOCKOUT_MS of the previous, lock the authenticator... */
export const FAILURE_LIMIT = 5;
/** ...until LOCKOUT_MS after the last of them. */
export const LOCKOUT_MS = 15 * 60_000;

const SECRET_BYTES = 20;
// A set-up not finished within this time is dropped: a secret left on a screen should not stay usable.
const ENROLMENT_TTL_MS = 60 * 60_000;
// A code of the previous or the next step is accepted too: phone clocks drift, people type slowly.
const WINDOW_STEPS = 1;

const NOT_SET_UP = "Set up an authenticator app first: Account → Second factor.";

// ---- who may act

/** The person themselves, signed in and not disabled: nobody enrols or removes an authenticator for another. */
function requireSelf(actor: Actor, userId: number): void {
  const user = actor.userId === userId ? getUser(userId) : undefined;
  if (!user || user.disabledAt) throw new NotPermittedError("Only the person themselves sets up or removes their authenticator.");
}

function requireSignedIn(actor: Actor): number {
  const user = actor.userId == null ? undefined : getUser(actor.userId);
  if (!user || user.disabledAt) throw new NotPermittedError("Sign in to confirm with your authenticator.");
  return user.id;
}

// ---- the secret, sealed at rest

function sealingKey(): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", config().sessionSecret, "accord", "accord-totp-secret/1", 32));
}

// The user id is authenticated with the secret: a sealed secret copied into another person's row does not open.
function associatedData(userId: number): Buffer {
  return Buffer.from(`totp_credentials:${userId}`);
}

function seal(userId: number, secret: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", sealingKey(), iv).setAAD(associatedData(userId));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return ["v1", ...[iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"))].join(".");
}

/** The base32 secret, or null when it cannot be opened (SESSION_SECRET changed since enrolment). */
function unseal(userId: number, sealed: string): string | null {
  const [version, iv, ciphertext, tag] = sealed.split(".");
  if (version !== "v1" || !iv || !ciphertext || !tag) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", sealingKey(), Buffer.from(iv, "base64url")).setAAD(associatedData(userId));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

// ---- codes

function totpOf(secret: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: TOTP_ALGORITHM,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secret),
  });
}

/** The time step a code belongs to (within one step of now), or null when it matches none. */
function matchingStep(secret: string, code: string, at: number): number | null {
  const totp = totpOf(secret, "");
  const delta = totp.validate({ token: code, timestamp: at, window: WINDOW_STEPS });
  return delta === null ? null : totp.counter({ timestamp: at }) + delta;
}

function requireCodeFormat(input: string): string {
  const code = normaliseCode(input);
  if (code === null) throw new SecondFactorError(CODE_FORMAT_MESSAGE, "code");
  return code;
}

const ALREADY_USED = "That code has already been used. Wait for the next one.";

// ---- reading

function activeCredential(userId: number): TotpCredentialRow | undefined {
  return db()
    .select()
    .from(totpCredentials)
    .where(and(eq(totpCredentials.userId, userId), isNotNull(totpCredentials.confirmedAt), isNull(totpCredentials.revokedAt)))
    .get();
}

function unfinished(userId: number) {
  return and(eq(totpCredentials.userId, userId), isNull(totpCredentials.confirmedAt), isNull(totpCredentials.revokedAt));
}

function pendingCredential(userId: number): TotpCredentialRow | undefined {
  return db()
    .select()
    .from(totpCredentials)
    .where(and(unfinished(userId), gt(totpCredentials.createdAt, new Date(nowMs() - ENROLMENT_TTL_MS))))
    .orderBy(desc(totpCredentials.id))
    .get();
}

/**
 * The person's authenticator when its secret still opens. One sealed under an earlier SESSION_SECRET
 * counts as none: the person sets up a new one, which needs no code from the old.
 */
function usableCredential(userId: number): TotpCredentialRow | undefined {
  const credential = activeCredential(userId);
  return credential && unseal(userId, credential.secret) !== null ? credential : undefined;
}

export function hasSecondFactor(userId: number): boolean {
  return usableCredential(userId) !== undefined;
}

/** When the person's current authenticator was set up, or null when they have none. */
export function secondFactorSince(userId: number): Date | null {
  return usableCredential(userId)?.confirmedAt ?? null;
}

// ---- enrolment

export interface TotpEnrolment {
  /** Base32, for typing into an app by hand. */
  secret: string;
  /** The otpauth:// URI an app reads from the QR code. */
  uri: string;
}

function enrolmentOf(userId: number, secret: string): TotpEnrolment {
  return { secret, uri: totpOf(secret, getUser(userId)?.email ?? `user-${userId}`).toString() };
}

/**
 * Draws a new secret for the person and keeps it unconfirmed until a code from their app proves the app
 * holds it. A set-up begun earlier and never finished is dropped: only the latest can be confirmed.
 * Replacing an authenticator needs a confirmation from it: otherwise a stolen password alone would let
 * someone put their own phone in place of the person's. A first set-up asks nothing more here: the page
 * goes through startFirstTotpEnrolment, which checks the password again first; the demo seed and tests
 * call this directly.
 */
export function startTotpEnrolment(actor: Actor, userId: number, confirmation?: SecondFactorConfirmation | null): TotpEnrolment {
  requireSelf(actor, userId);
  if (hasSecondFactor(userId)) requireConfirmation(actor, confirmation);
  const secret = new Secret({ buffer: new Uint8Array(crypto.randomBytes(SECRET_BYTES)).buffer }).base32;
  const at = new Date(nowMs());
  inTransaction(() => {
    db().update(totpCredentials).set({ revokedAt: at }).where(unfinished(userId)).run();
    db().insert(totpCredentials).values({ userId, secret: seal(userId, secret), createdAt: at }).run();
  });
  return enrolmentOf(userId, secret);
}

export type PasswordRefusal = { ok: false; reason: "wrong-password" } | { ok: false; reason: "throttled"; retryAfterMs: number };

/**
 * Starts a first set-up after checking the person's password again, throttled and counted with sign-in
 * failures (per account and per address), as changing the password is: a session left open is not
 * enough to set up an authenticator. A wrong password is an audit event and starts nothing. A person who
 * already has an authenticator replaces it with startTotpEnrolment and a confirmation from it instead.
 */
export async function startFirstTotpEnrolment(
  actor: Actor,
  userId: number,
  password: string,
): Promise<{ ok: true; enrolment: TotpEnrolment } | PasswordRefusal> {
  requireSelf(actor, userId);
  // Checked before the password, so that no attempt is counted for a set-up that would be refused anyway.
  if (hasSecondFactor(userId)) requireConfirmation(actor, null);
  const user = getUser(userId);
  if (!user) throw new NotPermittedError("Only the person themselves sets up or removes their authenticator.");
  const { throttle, attemptId } = beginLoginAttempt({ email: user.email, ipAddress: actor.ipAddress ?? "unknown" });
  if (throttle.throttled || attemptId === null) {
    return { ok: false, reason: "throttled", retryAfterMs: throttle.throttled ? throttle.retryAfterMs : 1 };
  }
  const stored = user.passwordHash;
  const matches = await verifyPassword(stored ?? (await decoyPasswordHash()), password);
  if (!stored || !matches) {
    inTransaction(() =>
      recordAuditEvent(actor, { action: "second-factor.password_refused", subjectType: "user", subjectId: userId }),
    );
    return { ok: false, reason: "wrong-password" };
  }
  markLoginAttemptSucceeded(attemptId);
  // Checked again inside: an authenticator confirmed while the password was being checked needs a code.
  return { ok: true, enrolment: startTotpEnrolment(actor, userId) };
}

/** Drops the set-up in progress, if any; an authenticator already set up stays. */
export function cancelTotpEnrolment(actor: Actor, userId: number): void {
  requireSelf(actor, userId);
  db().update(totpCredentials).set({ revokedAt: new Date(nowMs()) }).where(unfinished(userId)).run();
}

/**
 * The set-up in progress, begun within the hour, with its secret, or null. The page does not show it again
 * (docs/decisions/016): it shows the secret once, in the answer to the request that started the set-up.
 */
export function pendingEnrolment(userId: number): TotpEnrolment | null {
  const pending = pendingCredential(userId);
  const secret = pending ? unseal(userId, pending.secret) : null;
  return secret === null ? null : enrolmentOf(userId, secret);
}

/** When the set-up in progress began, or null when none is: what the page shows of it after the first answer. */
export function pendingEnrolmentSince(userId: number): Date | null {
  return pendingCredential(userId)?.createdAt ?? null;
}

/**
 * Finishes the set-up with the first good code from the app, which is thereby used. An authenticator set
 * up before is revoked in the same transaction: setting up again replaces it. Replacing needs, here too,
 * a confirmation from the authenticator in use (`confirmation`, from confirmSecondFactor): whoever sees or
 * guesses a pending new secret still cannot put it in place without a current code of the old one.
 */
export function confirmTotpEnrolment(actor: Actor, userId: number, input: string, confirmation?: SecondFactorConfirmation | null): void {
  requireSelf(actor, userId);
  const code = requireCodeFormat(input);
  inTransaction(() => {
    if (hasSecondFactor(userId)) requireConfirmation(actor, confirmation);
    const pending = pendingCredential(userId);
    const secret = pending ? unseal(userId, pending.secret) : null;
    if (!pending || secret === null) throw new SecondFactorError("Start setting up an authenticator first, then enter its code.", "code");
    const at = nowMs();
    const step = matchingStep(secret, code, at);
    if (step === null) {
      throw new SecondFactorError(
        "That code does not match. Check that you scanned the code shown here and that your phone's clock is right, then enter the current code.",
        "code",
      );
    }
    const previous = activeCredential(userId);
    if (previous) db().update(totpCredentials).set({ revokedAt: new Date(at) }).where(eq(totpCredentials.id, previous.id)).run();
    db()
      .update(totpCredentials)
      .set({ confirmedAt: new Date(at), lastUsedStep: step })
      .where(eq(totpCredentials.id, pending.id))
      .run();
    recordAuditEvent(actor, {
      action: "second-factor.enrolled",
      subjectType: "user",
      subjectId: userId,
      details: { credentialId: pending.id, replacedCredentialId: previous?.id ?? null },
    });
  });
}

/** Removes the person's authenticator; a current code proves they still hold it. */
export function removeSecondFactor(actor: Actor, userId: number, code: string): void {
  requireSelf(actor, userId);
  confirmSecondFactor(actor, code);
  inTransaction(() => {
    const active = activeCredential(userId);
    if (!active) throw new SecondFactorError(NOT_SET_UP, "code");
    db().update(totpCredentials).set({ revokedAt: new Date(nowMs()) }).where(eq(totpCredentials.id, active.id)).run();
    recordAuditEvent(actor, { action: "second-factor.removed", subjectType: "user", subjectId: userId, details: { credentialId: active.id } });
  });
}

// ---- confirming an act

/** When a locked authenticator takes codes again, or null when it is not locked. */
function lockedUntil(credential: TotpCredentialRow, at: number): number | null {
  if (credential.failedCount < FAILURE_LIMIT || !credential.lastFailedAt) return null;
  const until = credential.lastFailedAt.getTime() + LOCKOUT_MS;
  return at < until ? until : null;
}

function lockedMessage(until: number): string {
  // Rounded up to the minute: a person who comes back at the time shown is let in.
  const shown = new Date(Math.ceil(until / 60_000) * 60_000);
  return `Too many wrong codes in a row: codes are refused until ${formatInstant(shown)}. Try again then with a new code.`;
}

/** Counts a wrong code and says what to tell the person; starts the lock at the limit. */
function recordWrongCode(actor: Actor, credential: TotpCredentialRow, at: number): string {
  const inARow = credential.lastFailedAt !== null && at - credential.lastFailedAt.getTime() < LOCKOUT_MS;
  const failedCount = (inARow ? credential.failedCount : 0) + 1;
  db().update(totpCredentials).set({ failedCount, lastFailedAt: new Date(at) }).where(eq(totpCredentials.id, credential.id)).run();
  if (failedCount < FAILURE_LIMIT) return "That code is not right. Enter the code your authenticator app shows now.";
  const until = at + LOCKOUT_MS;
  recordAuditEvent(actor, {
    action: "second-factor.locked",
    subjectType: "user",
    subjectId: credential.userId,
    details: { failedCount, until: new Date(until).toISOString() },
  });
  return lockedMessage(until);
}

/** Checks the code and writes what it changes; returns the refusal instead of throwing, so the writes commit. */
function checkCode(actor: Actor, userId: number, code: string): { step: number } | { refusal: string } {
  const credential = activeCredential(userId);
  if (!credential) return { refusal: NOT_SET_UP };
  const at = nowMs();
  const until = lockedUntil(credential, at);
  if (until !== null) return { refusal: lockedMessage(until) };
  const secret = unseal(userId, credential.secret);
  if (secret === null) return { refusal: "Your authenticator was set up before the server's keys changed and can no longer be checked. Set it up again: Account → Second factor." };
  const step = matchingStep(secret, code, at);
  if (step === null) return { refusal: recordWrongCode(actor, credential, at) };
  if (credential.lastUsedStep !== null && step <= credential.lastUsedStep) return { refusal: ALREADY_USED };
  db().update(totpCredentials).set({ lastUsedStep: step, failedCount: 0, lastFailedAt: null }).where(eq(totpCredentials.id, credential.id)).run();
  return { step };
}

// Issued confirmations, with who and when as issued: the object's own fields are not trusted. Kept on
// globalThis so both bundles of the server share it (docs/decisions/003).
const ISSUED = Symbol.for("accord.secondFactorConfirmations");
type Registry = { [ISSUED]?: WeakMap<SecondFactorConfirmation, { userId: number; at: number }> };

function issued(): WeakMap<SecondFactorConfirmation, { userId: number; at: number }> {
  return ((globalThis as Registry)[ISSUED] ??= new WeakMap());
}

/**
 * Checks and consumes a TOTP code of the actor's confirmed authenticator (single-use); throws SecondFactorError.
 * Does its own writes, outside any caller transaction: call it before the act's transaction, since inside one a
 * wrong code would go uncounted when the act then fails and rolls back. (Only a caller that wants all or
 * nothing, as the demo seed does, calls it inside its own.)
 */
export function confirmSecondFactor(actor: Actor, input: string): SecondFactorConfirmation {
  const userId = requireSignedIn(actor);
  const code = requireCodeFormat(input);
  const outcome = inTransaction(() => checkCode(actor, userId, code));
  if ("refusal" in outcome) throw new SecondFactorError(outcome.refusal, "code");
  const at = nowMs();
  const confirmation: SecondFactorConfirmation = Object.freeze({ userId, at: new Date(at) });
  issued().set(confirmation, { userId, at });
  return confirmation;
}

/** Throws SecondFactorError unless `confirmation` was issued by confirmSecondFactor for actor.userId less than 5 minutes ago. */
export function requireConfirmation(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined): void {
  const record = confirmation ? issued().get(confirmation) : undefined;
  if (!record || record.userId !== actor.userId) {
    throw new SecondFactorError("Confirm this with the current code from your authenticator app.", "code");
  }
  if (nowMs() - record.at >= CONFIRMATION_TTL_MS) {
    throw new SecondFactorError("Your confirmation has expired. Enter the current code from your authenticator app again.", "code");
  }
}
