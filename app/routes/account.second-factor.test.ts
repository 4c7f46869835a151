import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeEach, expect, test, vi } from "vitest";
import { setClock } from "../lib/clock.server";
import { listAuditEvents } from "../models/audit.server";
import { confirmSecondFactor, hasSecondFactor, secondFactorSince } from "../models/second-factor.server";
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

async function render(cookie: string, failure?: Response): Promise<string> {
  remix.loaderData = (await page(cookie)).data;
  remix.actionData = failure ? await failure.json() : undefined;
  // React separates adjacent texts with empty comments; they are no part of what a person reads.
  return renderToString(createElement(SecondFactorPage)).replaceAll("<!-- -->", "");
}

const PATH = "/account/second-factor";
const STEP_MS = 30_000;
let clock = Date.parse("2026-11-27T09:00:00Z");

beforeEach(() => {
  clock += 24 * 60 * 60 * 1000;
  setClock(() => clock);
});

interface PageData {
  since: { iso: string; shown: string } | null;
  pending: { secret: string; qrSvg: string } | null;
}

async function signedIn() {
  const person = personWith("signer", "NO");
  const { cookie } = await openTestSession(person.userId);
  return { ...person, cookie };
}

async function page(cookie: string): Promise<{ response: Response; data: PageData }> {
  const response = await callRoute(loader, getRequest(PATH, { cookie }));
  return { response, data: (await response.json()) as PageData };
}

const post = (fields: Record<string, string>, cookie: string) => callRoute(action, formRequest(PATH, fields, { cookie }));

/** Starts a set-up through the page and returns the secret it shows, as a person would type it. */
async function startSetUp(cookie: string): Promise<string> {
  const started = await post({ intent: "start" }, cookie);
  expect(started.status).toBe(302);
  expect(started.headers.get("Location")).toBe(PATH);
  const { data } = await page(cookie);
  return data.pending?.secret.replace(/ /g, "") ?? "";
}

test("the page is for signed-in people only", async () => {
  for (const response of [await callRoute(loader, getRequest(PATH)), await post({ intent: "start" }, "")]) {
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

  const secret = await startSetUp(person.cookie);
  const { data } = await page(person.cookie);
  expect(data.pending?.secret).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/);
  expect(data.pending?.qrSvg).toMatch(/^<svg [^>]*viewBox/);
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
  expect((await page(person.cookie)).data.pending?.secret.replace(/ /g, "")).toBe(secret);
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

  clock += STEP_MS;
  const replacing = await post({ intent: "replace", code: totpCode(first) }, person.cookie);
  expect(replacing.headers.get("Location")).toBe(PATH);
  const second = (await page(person.cookie)).data.pending?.secret.replace(/ /g, "") ?? "";
  expect(second).not.toBe(first);
  expect((await page(person.cookie)).data.since).not.toBeNull();
  expect(await post({ intent: "confirm", code: totpCode(second) }, person.cookie)).toHaveProperty("status", 302);
  expect(secondFactorSince(person.userId)?.getTime()).toBeGreaterThan(since?.getTime() ?? Infinity);

  clock += STEP_MS;
  expect(() => confirmSecondFactor(person.actor, totpCode(first))).toThrow(/not right/);
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
  expect(empty).toMatch(/<input type="hidden" name="intent" value="start"\/><button type="submit" class="button">Set up an authenticator<\/button>/);
  expect(empty).not.toContain('name="code"');

  const secret = await startSetUp(person.cookie);
  const setUp = await render(person.cookie);
  expect(setUp).toMatch(/<div class="qr-code" role="img" aria-label="QR code for your authenticator app[^"]*"><svg /);
  expect(setUp).toContain(secret.match(/.{4}/g)?.join(" "));
  expect(setUp).toMatch(/<label for="field-code">Code from your authenticator app<\/label>/);
  expect(setUp).toMatch(/<input name="code" type="text" id="field-code" aria-describedby="field-code-hint" inputMode="numeric" autoComplete="one-time-code"/);

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
});
