// Test support for the second factor: enrol a person and get confirmations for high-stakes acts,
// with codes computed the way an authenticator app computes them.
//
// The clock: a code is single-use per 30 s step, so `confirmationFor` moves the app clock (setClock)
// forward one step from the current time at each call, or further when this helper already used that
// step for the person (a test that set the clock back). The clock then stands still at that instant:
// a test that needs a given time sets it after getting its confirmations (within 5 minutes of them).
// Only authenticators set up here are known here: a person set up through a page cannot be proved by
// this helper.
import { Secret, TOTP } from "otpauth";
import { nowMs, setClock } from "../lib/clock.server";
import { TOTP_ALGORITHM, TOTP_DIGITS, TOTP_PERIOD_SECONDS } from "../lib/second-factor";
import type { Actor } from "../models/audit.server";
import {
  confirmSecondFactor,
  confirmTotpEnrolment,
  hasSecondFactor,
  startTotpEnrolment,
  type SecondFactorConfirmation,
} from "../models/second-factor.server";

const PERIOD_MS = TOTP_PERIOD_SECONDS * 1000;

// Per person enrolled here: the secret and the last time step this helper used a code of.
const enrolled = new Map<number, { secret: string; lastStep: number }>();

function stepOf(at: number): number {
  return Math.floor(at / PERIOD_MS);
}

/** The code an authenticator app shows for `secret` at `at` (default: the app clock's now). */
export function totpCode(secret: string, at: Date = new Date(nowMs())): string {
  const totp = new TOTP({ algorithm: TOTP_ALGORITHM, digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secret) });
  return totp.generate({ timestamp: at.getTime() });
}

/** A well-formed code that matches none of the steps accepted at `at`: a wrong code, for sure. */
export function wrongCode(secret: string, at: Date = new Date(nowMs())): string {
  const accepted = new Set([-1, 0, 1].map((step) => totpCode(secret, new Date(at.getTime() + step * PERIOD_MS))));
  return ["000000", "111111", "222222", "333333"].find((code) => !accepted.has(code)) ?? "444444";
}

/** Proves the person's authenticator set up here with the code of a step not used yet; moves the clock. */
function proveKnown(actor: Actor, userId: number): SecondFactorConfirmation {
  const known = enrolled.get(userId);
  if (!known) throw new Error(`The authenticator of user ${userId} was not set up through app/testing/second-factor.ts: its secret is unknown here.`);
  const next = Math.max(nowMs() + PERIOD_MS, (known.lastStep + 1) * PERIOD_MS);
  setClock(() => next);
  const confirmation = confirmSecondFactor(actor, totpCode(known.secret, new Date(next)));
  enrolled.set(userId, { ...known, lastStep: stepOf(next) });
  return confirmation;
}

/**
 * Sets up an authenticator for the person, confirmed with the current step's code. Replacing one set up
 * here first proves it, which moves the clock (see above); that one confirmation, fresh, both starts and
 * confirms the replacement. A first set-up is started without the password the page asks for.
 */
export function enrolSecondFactor(userId: number): { secret: string } {
  const actor: Actor = { userId };
  const confirmation = hasSecondFactor(userId) ? proveKnown(actor, userId) : null;
  const { secret } = startTotpEnrolment(actor, userId, confirmation);
  const at = nowMs();
  confirmTotpEnrolment(actor, userId, totpCode(secret, new Date(at)), confirmation);
  enrolled.set(userId, { secret, lastStep: stepOf(at) });
  return { secret };
}

/** A confirmation for the actor, enrolling them first when needed; moves the clock (see above). */
export function confirmationFor(actor: Actor): SecondFactorConfirmation {
  const userId = actor.userId;
  if (userId == null) throw new Error("confirmationFor needs a signed-in actor (userId).");
  if (!hasSecondFactor(userId)) enrolSecondFactor(userId);
  return proveKnown(actor, userId);
}
