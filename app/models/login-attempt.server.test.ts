import { beforeEach, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import {
  ACCOUNT_FAILURE_LIMIT,
  ADDRESS_FAILURE_LIMIT,
  checkLoginThrottle,
  countLoginAttempts,
  LOGIN_WINDOW_MS,
  purgeOldLoginAttempts,
  recordLoginAttempt,
} from "./login-attempt.server";

const MINUTE = 60_000;
let clock = 0;
let run = 0;
// Fresh addresses and emails per test: the database file is shared by the tests of this file.
let address = "";
let email = "";

beforeEach(() => {
  clock = Date.parse("2026-03-01T09:00:00Z") + run * 24 * 60 * MINUTE;
  run += 1;
  address = `192.0.2.${run}`;
  email = `delegate${run}@example.test`;
  setClock(() => clock);
});

function fail(times: number, key = { email, ipAddress: address }, stepMs = MINUTE) {
  for (let i = 0; i < times; i += 1) {
    recordLoginAttempt(key, false);
    clock += stepMs;
  }
}

test("five failures throttle the account until the oldest of them leaves the fifteen-minute window", () => {
  const start = clock;
  fail(ACCOUNT_FAILURE_LIMIT - 1);
  expect(checkLoginThrottle({ email, ipAddress: address })).toEqual({ throttled: false });

  recordLoginAttempt({ email, ipAddress: address }, false); // the fifth, at start + 4 minutes
  const throttle = checkLoginThrottle({ email, ipAddress: address });
  expect(throttle).toEqual({ throttled: true, scope: "account", retryAfterMs: start + LOGIN_WINDOW_MS - clock });
  expect(throttle.throttled && throttle.retryAfterMs).toBe(11 * MINUTE);

  // The same account from another address is throttled too; another account from this address is not.
  expect(checkLoginThrottle({ email, ipAddress: "198.51.100.7" }).throttled).toBe(true);
  expect(checkLoginThrottle({ email: `other-${email}`, ipAddress: address }).throttled).toBe(false);
  // The email is compared as stored: case and spaces do not make a new account.
  expect(checkLoginThrottle({ email: ` ${email.toUpperCase()} `, ipAddress: address }).throttled).toBe(true);

  clock = start + LOGIN_WINDOW_MS - 1;
  expect(checkLoginThrottle({ email, ipAddress: address }).throttled).toBe(true);
  clock = start + LOGIN_WINDOW_MS;
  expect(checkLoginThrottle({ email, ipAddress: address })).toEqual({ throttled: false });
});

test("a success resets the account's count, but not the address's", () => {
  fail(ACCOUNT_FAILURE_LIMIT - 1);
  recordLoginAttempt({ email, ipAddress: address }, true);
  clock += MINUTE;
  fail(ACCOUNT_FAILURE_LIMIT - 1);
  expect(checkLoginThrottle({ email, ipAddress: address }).throttled).toBe(false);

  // Eight failures from this address so far; twelve more against other accounts reach twenty.
  for (let i = 0; i < ADDRESS_FAILURE_LIMIT - 2 * (ACCOUNT_FAILURE_LIMIT - 1); i += 1) {
    fail(1, { email: `guess${i}-${email}`, ipAddress: address }, 1_000);
  }
  const throttle = checkLoginThrottle({ email, ipAddress: address });
  expect(throttle.throttled && throttle.scope).toBe("address");
});

test("twenty failures from one address throttle every account tried from it, and no other address", () => {
  const start = clock;
  for (let i = 0; i < ADDRESS_FAILURE_LIMIT; i += 1) {
    fail(1, { email: `guess${i}-${email}`, ipAddress: address }, 30_000);
  }
  const throttle = checkLoginThrottle({ email: `fresh-${email}`, ipAddress: address });
  expect(throttle).toEqual({ throttled: true, scope: "address", retryAfterMs: start + LOGIN_WINDOW_MS - clock });
  expect(checkLoginThrottle({ email: `fresh-${email}`, ipAddress: "198.51.100.8" })).toEqual({ throttled: false });

  clock = start + LOGIN_WINDOW_MS;
  expect(checkLoginThrottle({ email: `fresh-${email}`, ipAddress: address })).toEqual({ throttled: false });
});

test("purging removes only the attempts that no longer count", () => {
  fail(2);
  const before = countLoginAttempts(email);
  expect(before).toBe(2);
  clock += LOGIN_WINDOW_MS - 2 * MINUTE;
  recordLoginAttempt({ email, ipAddress: address }, false);
  purgeOldLoginAttempts();
  expect(countLoginAttempts(email)).toBe(2);
  clock += LOGIN_WINDOW_MS;
  purgeOldLoginAttempts();
  expect(countLoginAttempts(email)).toBe(0);
});
