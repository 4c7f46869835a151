import { beforeAll, expect, test, vi } from "vitest";
import { currentDatabase, inTransaction } from "../../db/client";
import { hashPassword } from "../auth/password.server";
import { setClock } from "../lib/clock.server";
import { config, installConfig } from "../lib/env.server";
import { personWith } from "../testing/drafts";
import { createPerson } from "../testing/routes";
import { confirmationFor, enrolSecondFactor, totpCode, wrongCode } from "../testing/second-factor";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import { ACCOUNT_FAILURE_LIMIT, LOGIN_WINDOW_MS } from "./login-attempt.server";
import {
  cancelTotpEnrolment,
  CONFIRMATION_TTL_MS,
  confirmSecondFactor,
  confirmTotpEnrolment,
  FAILURE_LIMIT,
  hasSecondFactor,
  LOCKOUT_MS,
  pendingEnrolment,
  pendingEnrolmentSince,
  removeSecondFactor,
  requireConfirmation,
  secondFactorSince,
  SecondFactorError,
  startFirstTotpEnrolment,
  startTotpEnrolment,
  type SecondFactorConfirmation,
} from "./second-factor.server";

// The tests of a first set-up check a real Argon2id password: slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PASSWORD = "a passphrase for the second factor 2026";
let passwordHash = "";
beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const STEP_MS = 30_000;
// The start of a 30 s step, so that "one step earlier" and "two steps earlier" are exact.
const T0 = Date.UTC(2026, 10, 27, 9, 0, 0);

function at(ms: number): Date {
  return new Date(ms);
}

/** A person with an authenticator enrolled at T0 (which used T0's step), the clock standing at `clock`. */
function enrolledPerson(clock = T0 + STEP_MS) {
  const person = personWith("chair");
  setClock(() => T0);
  const { secret } = enrolSecondFactor(person.userId);
  setClock(() => clock);
  return { ...person, secret };
}

function rawCredentials(userId: number): { secret: string; confirmed_at: number | null; revoked_at: number | null }[] {
  return currentDatabase()
    .sqlite.prepare("SELECT secret, confirmed_at, revoked_at FROM totp_credentials WHERE user_id = ? ORDER BY id")
    .all(userId) as { secret: string; confirmed_at: number | null; revoked_at: number | null }[];
}

test("enrolment: a secret and its otpauth URI, confirmed by the first good code, which is then used", () => {
  const person = personWith("signer", "NO");
  setClock(() => T0);
  const { secret, uri } = startTotpEnrolment(person.actor, person.userId);

  expect(secret).toMatch(/^[A-Z2-7]{32}$/); // 20 bytes in base32
  expect(uri).toMatch(/^otpauth:\/\/totp\/Accord:/);
  expect(uri).toContain(`secret=${secret}`);
  expect(uri).toMatch(/algorithm=SHA1&digits=6&period=30/);
  expect(hasSecondFactor(person.userId)).toBe(false);
  expect(pendingEnrolment(person.userId)).toEqual({ secret, uri });

  expect(() => confirmTotpEnrolment(person.actor, person.userId, "000000")).toThrow(/does not match/);
  expect(hasSecondFactor(person.userId)).toBe(false);

  const code = totpCode(secret, at(T0));
  confirmTotpEnrolment(person.actor, person.userId, `${code.slice(0, 3)} ${code.slice(3)}`);
  expect(hasSecondFactor(person.userId)).toBe(true);
  expect(secondFactorSince(person.userId)).toEqual(at(T0));
  expect(pendingEnrolment(person.userId)).toBeNull();
  expect(() => confirmSecondFactor(person.actor, code)).toThrow("That code has already been used. Wait for the next one.");
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toHaveLength(1);
});

test("a person sets up, confirms and removes only their own authenticator", () => {
  const person = personWith("signer", "NO");
  const other = personWith("chair");
  expect(() => startTotpEnrolment(other.actor, person.userId)).toThrow(NotPermittedError);
  const { secret } = startTotpEnrolment(person.actor, person.userId);
  expect(() => confirmTotpEnrolment(other.actor, person.userId, totpCode(secret))).toThrow(NotPermittedError);
  confirmTotpEnrolment(person.actor, person.userId, totpCode(secret));
  expect(() => removeSecondFactor(other.actor, person.userId, totpCode(secret))).toThrow(NotPermittedError);
  expect(hasSecondFactor(person.userId)).toBe(true);
});

test("the secret is sealed at rest: the row holds neither the secret nor anything that reads as it", () => {
  const person = enrolledPerson();
  const [row] = rawCredentials(person.userId);
  expect(row?.secret).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  expect(row?.secret).not.toContain(person.secret);
  expect(Buffer.from(row?.secret.split(".")[2] ?? "", "base64url").toString("latin1")).not.toContain(person.secret);
});

test("a code for the clock's time is accepted once and refused the second time", () => {
  const person = enrolledPerson();
  const code = totpCode(person.secret, at(T0 + STEP_MS));
  const confirmation = confirmSecondFactor(person.actor, code);
  expect(confirmation).toEqual({ userId: person.userId, at: at(T0 + STEP_MS) });
  expect(Object.isFrozen(confirmation)).toBe(true);
  expect(() => confirmSecondFactor(person.actor, code)).toThrow("That code has already been used. Wait for the next one.");
});

test("the previous step's code is accepted within the window, a code two steps old is refused", () => {
  const person = enrolledPerson(T0 + 3 * STEP_MS);
  expect(() => confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + STEP_MS)))).toThrow(/not right/);
  expect(confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + 2 * STEP_MS))).userId).toBe(person.userId);
  // Once a later step is used, a code of an earlier step still in the window is used up too.
  setClock(() => T0 + 4 * STEP_MS);
  confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + 4 * STEP_MS)));
  expect(() => confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + 3 * STEP_MS)))).toThrow(/already been used/);
});

test("a code from another person's secret is refused", () => {
  const person = enrolledPerson();
  const other = enrolledPerson();
  expect(() => confirmSecondFactor(person.actor, totpCode(other.secret, at(T0 + STEP_MS)))).toThrow(/not right/);
  expect(confirmSecondFactor(other.actor, totpCode(other.secret, at(T0 + STEP_MS))).userId).toBe(other.userId);
});

test("a code that is not 6 digits gets its own message; spaces are ignored", () => {
  const person = enrolledPerson();
  for (const input of ["", "12345", "1234567", "12a456"]) {
    expect(() => confirmSecondFactor(person.actor, input)).toThrow("Enter the 6-digit code shown in your authenticator app");
  }
  const code = totpCode(person.secret, at(T0 + STEP_MS));
  expect(confirmSecondFactor(person.actor, ` ${code.slice(0, 2)} ${code.slice(2)} `).userId).toBe(person.userId);
});

test("a person without an authenticator is told where to set one up", () => {
  const person = personWith("signer", "NO");
  expect(() => confirmSecondFactor(person.actor, "123456")).toThrow("Set up an authenticator app first: Account → Second factor");
  const error = (() => {
    try {
      confirmSecondFactor(person.actor, "123456");
    } catch (caught) {
      return caught;
    }
  })();
  expect(error).toBeInstanceOf(SecondFactorError);
  expect((error as SecondFactorError).field).toBe("code");
});

test("after 5 wrong codes every code is refused, a right one too, until 15 minutes after the last wrong one", () => {
  const person = enrolledPerson();
  let clock = T0 + STEP_MS;
  for (let attempt = 1; attempt < FAILURE_LIMIT; attempt++) {
    setClock(() => clock);
    expect(() => confirmSecondFactor(person.actor, wrongCode(person.secret, at(clock)))).toThrow(/not right/);
    clock += 60_000;
  }
  setClock(() => clock);
  const lastWrongAt = clock;
  expect(() => confirmSecondFactor(person.actor, wrongCode(person.secret, at(clock)))).toThrow(
    "Too many wrong codes in a row: codes are refused until 2026-11-27 09:20 UTC. Try again then with a new code.",
  );
  expect(listAuditEvents({ action: "second-factor.locked", actorUserId: person.userId })).toHaveLength(1);

  clock = lastWrongAt + LOCKOUT_MS - STEP_MS;
  setClock(() => clock);
  expect(() => confirmSecondFactor(person.actor, totpCode(person.secret, at(clock)))).toThrow(/refused until 2026-11-27 09:20 UTC/);

  clock = lastWrongAt + LOCKOUT_MS;
  setClock(() => clock);
  expect(confirmSecondFactor(person.actor, totpCode(person.secret, at(clock))).userId).toBe(person.userId);
});

test("a good code resets the count of wrong ones, and wrong codes far apart are not in a row", () => {
  const person = enrolledPerson();
  let clock = T0 + STEP_MS;
  const tryWrong = () => {
    setClock(() => clock);
    expect(() => confirmSecondFactor(person.actor, wrongCode(person.secret, at(clock)))).toThrow(/not right/);
  };
  for (let attempt = 1; attempt < FAILURE_LIMIT; attempt++) tryWrong();
  clock += STEP_MS;
  setClock(() => clock);
  confirmSecondFactor(person.actor, totpCode(person.secret, at(clock)));
  for (let attempt = 1; attempt < FAILURE_LIMIT; attempt++) tryWrong();
  clock += LOCKOUT_MS;
  tryWrong(); // the previous wrong code is 15 minutes old: this one starts a new run
  clock += STEP_MS;
  setClock(() => clock);
  expect(confirmSecondFactor(person.actor, totpCode(person.secret, at(clock))).userId).toBe(person.userId);
  expect(listAuditEvents({ action: "second-factor.locked", actorUserId: person.userId })).toEqual([]);
});

test("a code stays used, and wrong codes stay counted, when the act they were for then fails", () => {
  const person = enrolledPerson();
  /** Confirms, then fails in the act's own transaction, as an act refused by one of its rules does. */
  const failingAct = (code: string) => {
    confirmSecondFactor(person.actor, code);
    inTransaction(() => {
      throw new Error("the act is refused");
    });
  };
  const code = totpCode(person.secret, at(T0 + STEP_MS));
  expect(() => failingAct(code)).toThrow("the act is refused");
  expect(() => confirmSecondFactor(person.actor, code)).toThrow(/already been used/);

  for (let attempt = 1; attempt <= FAILURE_LIMIT; attempt++) {
    expect(() => failingAct(wrongCode(person.secret, at(T0 + STEP_MS)))).toThrow(SecondFactorError);
  }
  setClock(() => T0 + 2 * STEP_MS);
  expect(() => confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + 2 * STEP_MS)))).toThrow(/Too many wrong codes/);
});

test("requireConfirmation accepts a fresh confirmation of the actor only: not expired, forged or someone else's", () => {
  const person = personWith("chair");
  const other = personWith("signer", "NO");
  const confirmation = confirmationFor(person.actor);
  requireConfirmation(person.actor, confirmation);

  expect(() => requireConfirmation(other.actor, confirmation)).toThrow(SecondFactorError);
  const forged: SecondFactorConfirmation = Object.freeze({ userId: person.userId, at: new Date(confirmation.at) });
  expect(() => requireConfirmation(person.actor, forged)).toThrow(SecondFactorError);
  expect(() => requireConfirmation(person.actor, null)).toThrow(SecondFactorError);
  expect(() => requireConfirmation(person.actor, undefined)).toThrow(SecondFactorError);

  const issuedAt = confirmation.at.getTime();
  setClock(() => issuedAt + CONFIRMATION_TTL_MS - 1);
  requireConfirmation(person.actor, confirmation);
  setClock(() => issuedAt + CONFIRMATION_TTL_MS);
  expect(() => requireConfirmation(person.actor, confirmation)).toThrow(/expired/);
});

test("confirmationFor gives a fresh confirmation at each call without the caller moving the clock", () => {
  const person = personWith("chair");
  const first = confirmationFor(person.actor);
  const second = confirmationFor(person.actor);
  expect(second.at.getTime() - first.at.getTime()).toBe(STEP_MS);
  requireConfirmation(person.actor, first);
  requireConfirmation(person.actor, second);
  // A test that sets the clock back still gets one: the helper moves past the steps it used.
  setClock(() => first.at.getTime());
  expect(confirmationFor(person.actor).at.getTime()).toBeGreaterThan(second.at.getTime());
  // Enrolling again replaces the authenticator, proving the old one first.
  const { secret } = enrolSecondFactor(person.userId);
  const third = confirmationFor(person.actor);
  requireConfirmation(person.actor, third);
  expect(() => confirmSecondFactor(person.actor, totpCode(secret, third.at))).toThrow(/already been used/);
});

test("setting up again replaces the authenticator: the old one is revoked and its codes refused", () => {
  const person = enrolledPerson();
  const old = person.secret;
  setClock(() => T0 + STEP_MS);
  const proof = confirmSecondFactor(person.actor, totpCode(old, at(T0 + STEP_MS)));
  const { secret } = startTotpEnrolment(person.actor, person.userId, proof);
  // Until the new one is confirmed, the old one still stands.
  expect(hasSecondFactor(person.userId)).toBe(true);
  confirmTotpEnrolment(person.actor, person.userId, totpCode(secret, at(T0 + STEP_MS)), proof);

  setClock(() => T0 + 2 * STEP_MS);
  expect(() => confirmSecondFactor(person.actor, totpCode(old, at(T0 + 2 * STEP_MS)))).toThrow(/not right/);
  expect(confirmSecondFactor(person.actor, totpCode(secret, at(T0 + 2 * STEP_MS))).userId).toBe(person.userId);
  const rows = rawCredentials(person.userId);
  expect(rows).toHaveLength(2);
  expect(rows.filter((row) => row.confirmed_at !== null && row.revoked_at === null)).toHaveLength(1);
  expect(rows[0]?.revoked_at).toBe(T0 + STEP_MS);
});

test("replacing an authenticator needs a confirmation from it, not a forged one nor someone else's", () => {
  const person = enrolledPerson();
  const other = enrolledPerson();
  const othersProof = confirmSecondFactor(other.actor, totpCode(other.secret, at(T0 + STEP_MS)));
  const forged: SecondFactorConfirmation = Object.freeze({ userId: person.userId, at: at(T0 + STEP_MS) });
  for (const confirmation of [undefined, null, forged, othersProof]) {
    expect(() => startTotpEnrolment(person.actor, person.userId, confirmation)).toThrow(SecondFactorError);
  }
  expect(pendingEnrolment(person.userId)).toBeNull();
});

test("an unfinished set-up begun earlier cannot be confirmed once another is started", () => {
  const person = personWith("signer", "NO");
  setClock(() => T0);
  const first = startTotpEnrolment(person.actor, person.userId);
  const second = startTotpEnrolment(person.actor, person.userId);
  expect(pendingEnrolment(person.userId)?.secret).toBe(second.secret);
  expect(() => confirmTotpEnrolment(person.actor, person.userId, totpCode(first.secret, at(T0)))).toThrow(/does not match/);
  expect(hasSecondFactor(person.userId)).toBe(false);
});

test("removal needs a current code of the authenticator", () => {
  const person = enrolledPerson();
  expect(() => removeSecondFactor(person.actor, person.userId, "12345")).toThrow(/6-digit/);
  expect(() => removeSecondFactor(person.actor, person.userId, wrongCode(person.secret, at(T0 + STEP_MS)))).toThrow(/not right/);
  expect(() => removeSecondFactor(person.actor, person.userId, totpCode(person.secret, at(T0)))).toThrow(/already been used/);
  expect(hasSecondFactor(person.userId)).toBe(true);

  removeSecondFactor(person.actor, person.userId, totpCode(person.secret, at(T0 + STEP_MS)));
  expect(hasSecondFactor(person.userId)).toBe(false);
  expect(secondFactorSince(person.userId)).toBeNull();
  expect(listAuditEvents({ action: "second-factor.removed", actorUserId: person.userId })).toHaveLength(1);
  setClock(() => T0 + 2 * STEP_MS);
  expect(() => confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + 2 * STEP_MS)))).toThrow(/Set up an authenticator app first/);
});

test("a set-up not finished within the hour, or cancelled, is dropped; an authenticator set up stays", () => {
  const person = enrolledPerson();
  setClock(() => T0 + STEP_MS);
  const stale = startTotpEnrolment(person.actor, person.userId, confirmSecondFactor(person.actor, totpCode(person.secret)));
  expect(pendingEnrolmentSince(person.userId)).toEqual(at(T0 + STEP_MS));
  setClock(() => T0 + STEP_MS + 60 * 60_000);
  expect(pendingEnrolment(person.userId)).toBeNull();
  expect(pendingEnrolmentSince(person.userId)).toBeNull();
  const proof = confirmSecondFactor(person.actor, totpCode(person.secret));
  expect(() => confirmTotpEnrolment(person.actor, person.userId, totpCode(stale.secret), proof)).toThrow(/Start setting up/);

  const fresh = startTotpEnrolment(person.actor, person.userId, proof);
  expect(pendingEnrolment(person.userId)?.secret).toBe(fresh.secret);
  cancelTotpEnrolment(person.actor, person.userId);
  expect(pendingEnrolment(person.userId)).toBeNull();
  expect(() => confirmTotpEnrolment(person.actor, person.userId, totpCode(fresh.secret), proof)).toThrow(/Start setting up/);
  expect(hasSecondFactor(person.userId)).toBe(true);
});

test("after SESSION_SECRET changes, an authenticator no longer opens: it counts as none and is set up again", () => {
  const person = enrolledPerson();
  const original = config();
  installConfig({ ...original, sessionSecret: "another-session-secret-that-is-long-enough-111" });
  try {
    expect(hasSecondFactor(person.userId)).toBe(false);
    expect(() => confirmSecondFactor(person.actor, totpCode(person.secret))).toThrow(/before the server's keys changed/);
    // Setting up again needs no code from the one that no longer opens, and replaces it.
    const { secret } = startTotpEnrolment(person.actor, person.userId);
    confirmTotpEnrolment(person.actor, person.userId, totpCode(secret));
    expect(hasSecondFactor(person.userId)).toBe(true);
    expect(rawCredentials(person.userId).filter((row) => row.revoked_at === null)).toHaveLength(1);
  } finally {
    installConfig(original);
  }
});

test("replacing is confirmed only with a confirmation from the authenticator in use, as well as the new code", () => {
  const person = enrolledPerson();
  const other = enrolledPerson();
  const proof = confirmSecondFactor(person.actor, totpCode(person.secret, at(T0 + STEP_MS)));
  const { secret } = startTotpEnrolment(person.actor, person.userId, proof);
  const othersProof = confirmSecondFactor(other.actor, totpCode(other.secret, at(T0 + STEP_MS)));
  const forged: SecondFactorConfirmation = Object.freeze({ userId: person.userId, at: at(T0 + STEP_MS) });
  // Whoever learnt the new secret, with the password alone, cannot put it in place.
  for (const confirmation of [undefined, null, forged, othersProof]) {
    expect(() => confirmTotpEnrolment(person.actor, person.userId, totpCode(secret, at(T0 + STEP_MS)), confirmation)).toThrow(SecondFactorError);
  }
  setClock(() => T0 + STEP_MS + CONFIRMATION_TTL_MS);
  expect(() => confirmTotpEnrolment(person.actor, person.userId, totpCode(secret), proof)).toThrow(/expired/);
  expect(rawCredentials(person.userId).filter((row) => row.confirmed_at !== null && row.revoked_at === null)).toHaveLength(1);
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toHaveLength(1);
  // The old authenticator still stands, and its next code, fresh, lets the owner finish.
  const fresh = confirmSecondFactor(person.actor, totpCode(person.secret));
  confirmTotpEnrolment(person.actor, person.userId, totpCode(secret), fresh);
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toHaveLength(2);
});

test("a first set-up through the password: the right one starts it, a wrong one is refused, audited and starts nothing", async () => {
  const { user } = createPerson({ role: "chair", passwordHash });
  const actor = { userId: user.id, ipAddress: "192.0.2.7" };
  setClock(() => T0);

  for (const password of ["not the password", "", PASSWORD.toUpperCase()]) {
    expect(await startFirstTotpEnrolment(actor, user.id, password)).toEqual({ ok: false, reason: "wrong-password" });
  }
  expect(rawCredentials(user.id)).toEqual([]);
  expect(pendingEnrolmentSince(user.id)).toBeNull();
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: user.id })).toEqual([]);
  expect(listAuditEvents({ action: "second-factor.password_refused", actorUserId: user.id })).toHaveLength(3);

  // Nobody starts one for someone else, even with that person's password.
  const other = personWith("signer", "NO");
  await expect(startFirstTotpEnrolment(other.actor, user.id, PASSWORD)).rejects.toThrow(NotPermittedError);

  const started = await startFirstTotpEnrolment(actor, user.id, PASSWORD);
  if (!started.ok) throw new Error(`refused: ${started.reason}`);
  expect(pendingEnrolment(user.id)).toEqual(started.enrolment);
  confirmTotpEnrolment(actor, user.id, totpCode(started.enrolment.secret, at(T0)));
  expect(hasSecondFactor(user.id)).toBe(true);
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: user.id })).toHaveLength(1);

  // With an authenticator set up, the password is not enough to start another: that is a replacement.
  await expect(startFirstTotpEnrolment(actor, user.id, PASSWORD)).rejects.toThrow(SecondFactorError);
  expect(pendingEnrolmentSince(user.id)).toBeNull();
});

test("wrong passwords at a first set-up are throttled with the sign-in failures of the account", async () => {
  const { user } = createPerson({ role: "chair", passwordHash });
  const actor = { userId: user.id, ipAddress: "192.0.2.8" };
  setClock(() => T0);
  for (let attempt = 1; attempt <= ACCOUNT_FAILURE_LIMIT; attempt++) {
    expect(await startFirstTotpEnrolment(actor, user.id, "a guess")).toMatchObject({ reason: "wrong-password" });
  }
  // Now the right password is refused too, until the wait is over.
  expect(await startFirstTotpEnrolment(actor, user.id, PASSWORD)).toMatchObject({ ok: false, reason: "throttled" });
  expect(pendingEnrolmentSince(user.id)).toBeNull();
  setClock(() => T0 + LOGIN_WINDOW_MS + 60_000);
  expect(await startFirstTotpEnrolment(actor, user.id, PASSWORD)).toMatchObject({ ok: true });
});
