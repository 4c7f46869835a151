// Talking to the server without a browser: signing in through the login form's own fields and
// sending forms exactly as a page of Accord would (with its Origin), redirects not followed.
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import { DEMO_PASSWORD } from "./accounts";
import { ORIGIN } from "./server";

export type FormBody = Record<string, string>;

/** POSTs `form` url-encoded with `Origin` set to Accord's own origin (override with `headers`). */
export function postForm(
  request: APIRequestContext,
  path: string,
  form: FormBody = {},
  headers: Record<string, string> = { Origin: ORIGIN },
): Promise<APIResponse> {
  return request.post(path, {
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    data: new URLSearchParams(form).toString(),
    maxRedirects: 0,
  });
}

export function getPage(request: APIRequestContext, path: string): Promise<APIResponse> {
  return request.get(path, { maxRedirects: 0 });
}

/** The names of the fields of the first POST form in `html` (hidden ones with their values). */
export function formFieldsIn(html: string): { names: string[]; hidden: FormBody } {
  const form = /<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(html)?.[1] ?? "";
  const names: string[] = [];
  const hidden: FormBody = {};
  for (const [tag] of form.matchAll(/<(?:input|select|textarea)\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/.exec(tag)?.[1];
    if (!name) continue;
    names.push(name);
    if (/\btype="hidden"/.test(tag)) hidden[name] = decodeEntities(/\bvalue="([^"]*)"/.exec(tag)?.[1] ?? "");
  }
  return { names, hidden };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * Signs `request` in as `email`: GET /login, then POST its form with the fields it declares. The
 * context keeps the session cookie for every later request.
 */
export async function apiLogin(request: APIRequestContext, email: string, password = DEMO_PASSWORD): Promise<APIResponse> {
  const page = await getPage(request, "/login");
  expect(page.status(), "GET /login before signing in").toBe(200);
  const { names, hidden } = formFieldsIn(await page.text());
  expect(names, "the sign-in form's fields").toEqual(expect.arrayContaining(["email", "password"]));
  const response = await postForm(request, "/login", { ...hidden, email, password });
  expect(response.status(), `sign-in of ${email}`).toBe(302);
  expect(response.headers()["location"], `sign-in of ${email} lands on the dashboard`).toBe("/dashboard");
  return response;
}

/** The text of the field message the shared form components render for `name`, or null. */
export function fieldErrorIn(html: string, name: string): string | null {
  const id = `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}-error`;
  const match = new RegExp(`<span[^>]*id="${id}"[^>]*>([\\s\\S]*?)</span>\\s*(?:<input|<select|<textarea)`).exec(html);
  if (!match?.[1]) return null;
  return decodeEntities(match[1].replace(/<[^>]*>/g, "").replace(/^Error:\s*/, "").trim());
}
