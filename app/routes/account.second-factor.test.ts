import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, beforeEach, expect, test, vi } from "vitest";
import { currentDatabase } from "../../db/client";
import { hashPassword } from "../auth/password.server";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { confirmSecondFactor, hasSecondFactor, pendingEnrolment, secondFactorSince } from "../models/second-factor.server";
import { setPasswordHash } from "../models/user.server";
import { personWith } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession } from "../testing/routes";
import { totpCode, wrongCode } from "../testing/second-factor";
import { loader as accountLoader } from "./account._index";
import SecondFactorPage, { action, headers, loader } from "./account.second-factor";

// The page is rendered to HTML with the data its loader and action returned, as the server would send
// it, with Remix's components standing in as plain elements.
const remix = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }));
vi.mock("@remix-run/react", () => {
  type Props = Record<string, unknown> & { children?: ReactNode };
  return {
    Form: ({ children, ...rest }: Props) => createElement("form", rest, children),
    Link: ({ children, to, ...rest }: Props) => createElement("a", { href: to, ...rest }, children),
    useLoaderData: () => remix.loaderData,
    useActionData: () => remix.actionData,
  };
});

async function render(cookie: string, answer?: Response): Promise<string> {
  remix.loaderData = (await page(cookie)).data;
  remix.actionData = answer ? await answer.json() : undefined;
  // React separates adjacent texts with empty comments; they are no part of what a person reads.
  return renderToString(createElement(SecondFactorPage)).replaceAll("<!-- -->", "");
}

// A first set-up checks the password with a real Argon2id run (19 MiB, t = 2): slow on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const PATH = "/account/second-factor";
const PASSWORD = "the passphrase of a signer 2026";
let passwordHash = "";

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});
const STEP_MS = 30_000;
let clock = Date.parse("2026-11-27T09:00:00Z");

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

interface PageData {
  since: { iso: string; shown: string } | null;
  pending: { iso: string; shown: string } | null;
}

async function signedIn() {
  const person = personWith("signer", "NO");
  setPasswordHash(SYSTEM_ACTOR, person.userId, passwordHash);
  const { cookie } = await openTestSession(person.userId);
  return { ...person, cookie };
}

function credentialRows(userId: number): unknown[] {
  return currentDatabase().sqlite.prepare("SELECT id FROM totp_credentials WHERE user_id = ?").all(userId);
}

async function page(cookie: string): Promise<{ response: Response; data: PageData }> {
  const response = await callRoute(loader, getRequest(PATH, { cookie }));
  return { response, data: (await response.json()) as PageData };
}

const post = (fields: Record<string, string>, cookie: string) => callRoute(action, formRequest(PATH, fields, { cookie }));

interface Shown {
  enrolment: { secret: string; qrSvg: string };
}

/** The secret the answer to a start or a replace shows, as a person would type it. */
async function shownSecret(answer: Response): Promise<string> {
  expect(answer.status).toBe(200);
  expect(answer.headers.get("Cache-Control")).toBe("no-store");
  const { enrolment } = (await answer.clone().json()) as Shown;
  return enrolment.secret.replace(/ /g, "");
}

/** Starts a first set-up through the page, with the password, and returns the secret it shows. */
async function startSetUp(cookie: string): Promise<string> {
  return shownSecret(await post({ intent: "start", password: PASSWORD }, cookie));
}

test("the page is for signed-in people only", async () => {
  for (const response of [await callRoute(loader, getRequest(PATH)), await post({ intent: "start", password: PASSWORD }, "")]) {
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount%2Fsecond-factor");
  }
});

test("the page is never cached, its document nor its data", async () => {
  const person = await signedIn();
  const { response } = await page(person.cookie);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const documentHeaders = new Headers(headers({} as Parameters<typeof headers>[0]));
  expect(documentHeaders.get("Cache-Control")).toBe("no-store");
});

test("a person sets up an authenticator with the QR code or the key shown, and a code from it", async () => {
  clock = Date.parse("2027-01-15T10:30:00Z");
  const person = await signedIn();
  expect((await page(person.cookie)).data).toEqual({ email: expect.any(String), since: null, pending: null });

  const started = await post({ intent: "start", password: PASSWORD }, person.cookie);
  const { enrolment } = (await started.clone().json()) as Shown;
  expect(enrolment.secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  expect(enrolment.qrSvg).toMatch(/^<svg [^>]*viewBox/);
  const secret = await shownSecret(started);
  // The page, loaded again, says a set-up is in progress but shows its secret no more.
  const { data } = await page(person.cookie);
  expect(data.pending).toEqual({ iso: "2027-01-15T10:30:00.000Z", shown: "2027-01-15 10:30 UTC" });
  expect(JSON.stringify(data)).not.toContain(secret.slice(0, 4));
  expect(hasSecondFactor(person.userId)).toBe(false);

  const code = totpCode(secret);
  const confirmed = await post({ intent: "confirm", code }, person.cookie);
  expect(confirmed.status).toBe(302);
  expect(confirmed.headers.get("Location")).toBe(`${PATH}?notice=second-factor-enrolled`);
  expect(hasSecondFactor(person.userId)).toBe(true);
  expect((await page(person.cookie)).data).toMatchObject({
    since: { iso: "2027-01-15T10:30:00.000Z", shown: "2027-01-15 10:30 UTC" },
    pending: null,
  });
  // The code that confirmed the set-up is used.
  expect(() => confirmSecondFactor(person.actor, code)).toThrow(/already been used/);
});

test.each([
  ["a wrong code", "wrong", /does not match/],
  ["a code that is not 6 digits", "12345", /Enter the 6-digit code/],
  ["no code", "", /Enter the 6-digit code/],
])("%s is a 400 beside the code field and changes nothing", async (_, code, message) => {
  const person = await signedIn();
  const secret = await startSetUp(person.cookie);
  const audit = listAuditEvents({ actorUserId: person.userId }).length;

  const response = await post({ intent: "confirm", code: code === "wrong" ? wrongCode(secret) : code }, person.cookie);
  expect(response.status).toBe(400);
  const body = (await response.json()) as { errors: Record<string, string[]>; values: Record<string, string> };
  expect(body.errors.code?.join(" ")).toMatch(message);
  expect(body.values).toEqual({});
  expect(hasSecondFactor(person.userId)).toBe(false);
  expect(listAuditEvents({ actorUserId: person.userId })).toHaveLength(audit);
  // The set-up is still there to finish.
  expect((await page(person.cookie)).data.pending).not.toBeNull();
  expect(pendingEnrolment(person.userId)?.secret).toBe(secret);
});

test.each([
  ["a wrong password", "not my password", 400, /Your password is not right/],
  ["no password", "", 400, /Enter your password/],
])("a first set-up with %s is refused and starts nothing", async (_, password, status, message) => {
  const person = await signedIn();
  const response = await post({ intent: "start", password }, person.cookie);
  expect(response.status).toBe(status);
  const body = (await response.json()) as { errors: Record<string, string[]>; values: Record<string, string> };
  expect(body.errors.password?.join(" ")).toMatch(message);
  expect(body.values).toEqual({});
  expect(JSON.stringify(body)).not.toContain("enrolment");
  expect(credentialRows(person.userId)).toEqual([]);
  expect((await page(person.cookie)).data.pending).toBeNull();
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toEqual([]);
  // A session without the password cannot start one by leaving the field out either.
  expect((await post({ intent: "start" }, person.cookie)).status).toBe(400);
  expect(credentialRows(person.userId)).toEqual([]);
});

test("guessing the password from a session to set up a first authenticator is throttled like signing in", async () => {
  const person = await signedIn();
  for (let attempt = 1; attempt <= 5; attempt++) {
    expect((await post({ intent: "start", password: `guess ${attempt}` }, person.cookie)).status).toBe(400);
  }
  const throttled = await post({ intent: "start", password: PASSWORD }, person.cookie);
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers.get("Retry-After"))).toBeGreaterThan(0);
  expect(((await throttled.json()) as { errors: Record<string, string[]> }).errors[""]?.join(" ")).toMatch(/Too many failed/);
  expect(credentialRows(person.userId)).toEqual([]);
  expect(listAuditEvents({ action: "second-factor.password_refused", actorUserId: person.userId })).toHaveLength(5);
});

test("replacing needs a current code, then shows a new key; the old authenticator works until the new one is confirmed", async () => {
  const person = await signedIn();
  const first = await startSetUp(person.cookie);
  await post({ intent: "confirm", code: totpCode(first) }, person.cookie);
  const since = secondFactorSince(person.userId);

  clock += STEP_MS;
  const refused = await post({ intent: "replace", code: wrongCode(first) }, person.cookie);
  expect(refused.status).toBe(400);
  expect((await page(person.cookie)).data.pending).toBeNull();
  // Starting afresh is no way around it.
  expect((await post({ intent: "start" }, person.cookie)).status).toBe(400);
  expect((await page(person.cookie)).data.pending).toBeNull();

  // Nor is the password, which starts only a first set-up.
  expect((await post({ intent: "start", password: PASSWORD }, person.cookie)).status).toBe(400);
  expect((await page(person.cookie)).data.pending).toBeNull();

  clock += STEP_MS;
  const second = await shownSecret(await post({ intent: "replace", code: totpCode(first) }, person.cookie));
  expect(second).not.toBe(first);
  expect((await page(person.cookie)).data).toMatchObject({ since: { iso: since?.toISOString() }, pending: { iso: new Date(clock).toISOString() } });
  // Confirming takes a current code of the authenticator in use too, one not used yet.
  const usedAlready = await post({ intent: "confirm", currentCode: totpCode(first), code: totpCode(second) }, person.cookie);
  expect(usedAlready.status).toBe(400);
  expect(((await usedAlready.json()) as { errors: Record<string, string[]> }).errors.currentCode?.join(" ")).toMatch(/already been used/);
  clock += STEP_MS;
  expect(await post({ intent: "confirm", currentCode: totpCode(first), code: totpCode(second) }, person.cookie)).toHaveProperty("status", 302);
  expect(secondFactorSince(person.userId)?.getTime()).toBeGreaterThan(since?.getTime() ?? Infinity);
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toHaveLength(2);

  clock += STEP_MS;
  expect(() => confirmSecondFactor(person.actor, totpCode(first))).toThrow(/not right/);
});

test("a session with the password alone cannot see or confirm a replacement left half-finished", async () => {
  const person = await signedIn();
  const first = await startSetUp(person.cookie);
  await post({ intent: "confirm", code: totpCode(first) }, person.cookie);
  clock += STEP_MS;
  // The owner starts a replacement, sees its key once, and walks away.
  const second = await shownSecret(await post({ intent: "replace", code: totpCode(first) }, person.cookie));
  clock += STEP_MS;

  // Someone else in the same session (or a second one, opened with the password) loads the page.
  const { cookie } = await openTestSession(person.userId);
  const { data } = await page(cookie);
  expect(data.pending).not.toBeNull();
  expect(JSON.stringify(data)).not.toContain(second.slice(0, 8));
  const html = await render(cookie);
  expect(html).not.toContain("totp-secret");
  expect(html).not.toContain("qr-code");

  // Even knowing the new secret, they cannot put it in place without a code of the current app.
  const refusals: Record<string, string>[] = [
    { intent: "confirm", code: totpCode(second) },
    { intent: "confirm", currentCode: "", code: totpCode(second) },
    { intent: "confirm", currentCode: wrongCode(first), code: totpCode(second) },
  ];
  for (const fields of refusals) {
    const response = await post(fields, cookie);
    expect(response.status).toBe(400);
    expect(Object.keys(((await response.json()) as { errors: Record<string, string[]> }).errors)).toEqual(["currentCode"]);
  }
  expect(listAuditEvents({ action: "second-factor.enrolled", actorUserId: person.userId })).toHaveLength(1);
  expect(() => confirmSecondFactor(person.actor, totpCode(second))).toThrow(/not right/);
  // The owner, back with the phone, finishes with both codes.
  expect((await post({ intent: "confirm", currentCode: totpCode(first), code: totpCode(second) }, person.cookie)).status).toBe(302);
  clock += STEP_MS;
  expect(confirmSecondFactor(person.actor, totpCode(second)).userId).toBe(person.userId);
});

test("a set-up in progress can be cancelled", async () => {
  const person = await signedIn();
  await startSetUp(person.cookie);
  const cancelled = await post({ intent: "cancel" }, person.cookie);
  expect(cancelled.headers.get("Location")).toBe(PATH);
  expect((await page(person.cookie)).data.pending).toBeNull();
});

test("removing needs a current code", async () => {
  const person = await signedIn();
  const secret = await startSetUp(person.cookie);
  await post({ intent: "confirm", code: totpCode(secret) }, person.cookie);
  clock += STEP_MS;

  const refused = await post({ intent: "remove", code: "12 34 5" }, person.cookie);
  expect(refused.status).toBe(400);
  expect(hasSecondFactor(person.userId)).toBe(true);

  const removed = await post({ intent: "remove", code: totpCode(secret) }, person.cookie);
  expect(removed.headers.get("Location")).toBe(`${PATH}?notice=second-factor-removed`);
  expect(hasSecondFactor(person.userId)).toBe(false);
  expect((await page(person.cookie)).data.since).toBeNull();
});

test("an unknown intent is a 400", async () => {
  const person = await signedIn();
  expect((await post({ intent: "disable-everything" }, person.cookie)).status).toBe(400);
});

test("the account page says whether an authenticator is set up, and since when", async () => {
  const person = await signedIn();
  const account = async () => (await callRoute(accountLoader, getRequest("/account", { cookie: person.cookie }))).json();
  expect(await account()).toMatchObject({ secondFactor: null });
  const secret = await startSetUp(person.cookie);
  await post({ intent: "confirm", code: totpCode(secret) }, person.cookie);
  expect(await account()).toMatchObject({ secondFactor: { since: new Date(clock).toISOString() } });
});

test("the page shows the state, then the QR code with its name, the key and a labelled code field, then errors beside it", async () => {
  const person = await signedIn();
  const empty = await render(person.cookie);
  expect(empty).toContain("Not set up");
  expect(empty).toMatch(/<input type="hidden" name="intent" value="start"\/>.*<button type="submit" class="button">Set up an authenticator<\/button>/);
  expect(empty).not.toContain('name="code"');

  expect(empty).toMatch(/<label for="field-password">Your password<\/label>/);
  expect(empty).toMatch(/<input name="password" type="password" id="field-password" aria-describedby="field-password-hint" autoComplete="current-password"/);
  const wrongPassword = await render(person.cookie, await post({ intent: "start", password: "not it" }, person.cookie));
  expect(wrongPassword).toMatch(/<a href="#field-password">Your password is not right<\/a>/);

  const started = await post({ intent: "start", password: PASSWORD }, person.cookie);
  const secret = await shownSecret(started);
  const setUp = await render(person.cookie, started);
  expect(setUp).toMatch(/<div class="qr-code" role="img" aria-label="QR code for your authenticator app[^"]*"><svg /);
  expect(setUp).toContain(`<code class="totp-secret">${secret.match(/.{4}/g)?.join(" ")}</code>`);
  expect(setUp).toMatch(/<label for="field-code">Code from your authenticator app<\/label>/);
  expect(setUp).toMatch(/<input name="code" type="text" id="field-code" aria-describedby="field-code-hint" inputMode="numeric" autoComplete="one-time-code"/);
  expect(setUp).not.toContain('name="currentCode"');
  expect(setUp).not.toContain('name="password"');

  // Loaded again, the page lets the person finish but shows the key no more.
  const reloaded = await render(person.cookie);
  expect(reloaded).not.toContain("qr-code");
  expect(reloaded).not.toContain(secret.slice(0, 4));
  expect(reloaded).toContain("Its key was shown only then.");
  expect(reloaded).toMatch(/<label for="field-code">Code from your authenticator app<\/label>/);

  const failed = await render(person.cookie, await post({ intent: "confirm", code: "12345" }, person.cookie));
  expect(failed).toMatch(/<div class="error-summary" role="alert"[^>]*>.*<a href="#field-code">Enter the 6-digit code/);
  expect(failed).toMatch(/<span class="field__error" id="field-code-error"><span class="visually-hidden">Error: <\/span>Enter the 6-digit code/);

  await post({ intent: "confirm", code: totpCode(secret) }, person.cookie);
  const done = await render(person.cookie);
  expect(done).toMatch(/Set up since <time dateTime="[^"]+">\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC<\/time>/);
  expect(done).toMatch(/<button type="submit" name="intent" value="replace" class="button button--secondary">Replace<\/button>/);
  expect(done).toMatch(/<button type="submit" name="intent" value="remove" class="button button--danger">Remove<\/button>/);
  expect(done.match(/name="code"/g)).toHaveLength(1);
  expect(done).not.toContain("qr-code");

  // Replacing: the new key once, then two code fields, the current app's first.
  clock += STEP_MS;
  const replacing = await post({ intent: "replace", code: totpCode(secret) }, person.cookie);
  const second = await shownSecret(replacing);
  const replace = await render(person.cookie, replacing);
  expect(replace).toContain(`<code class="totp-secret">${second.match(/.{4}/g)?.join(" ")}</code>`);
  expect(replace).toMatch(
    /<label for="field-currentCode">Code from your current app<\/label>.*<label for="field-code">Code from the new app<\/label>.*>Confirm<\/button>/,
  );
  const missing = await render(person.cookie, await post({ intent: "confirm", code: totpCode(second) }, person.cookie));
  expect(missing).not.toContain("totp-secret");
  expect(missing).toMatch(/<a href="#field-currentCode">Enter the 6-digit code your current authenticator app shows<\/a>/);
});
