// HTTP caching of the public pages. The page around the content shows who is signed in, so only an
// anonymous answer may be shared or revalidated by its tag: a signed-in reader always gets a fresh,
// private page (and so never a 304 for a page cached while signed out).
import { createHash } from "node:crypto";
import type { HeadersFunction } from "@remix-run/node";
import { getSessionUser } from "../auth/guards.server";
import { matchesTag, notModified } from "../lib/pledge-http.server";

const CACHE_CONTROL = {
  // An adopted text never changes: five minutes fresh, then served stale for a day while revalidated.
  reading: "public, max-age=300, stale-while-revalidate=86400",
  // Counts and events change with every pledge: always revalidated, which costs a 304 when nothing changed.
  overview: "public, max-age=0, must-revalidate",
};

const PRIVATE = { "Cache-Control": "private, no-cache", Vary: "Cookie" };

/**
 * The caching headers of a public page whose content `tag` names; throws a 304 (with the same headers)
 * when an anonymous client already holds it.
 */
export async function publicPageHeaders(request: Request, tag: string, kind: keyof typeof CACHE_CONTROL): Promise<Record<string, string>> {
  if (await getSessionUser(request)) return PRIVATE;
  const headers = { ETag: tag, "Cache-Control": CACHE_CONTROL[kind], Vary: "Cookie" };
  if (matchesTag(request, tag)) throw notModified(headers);
  return headers;
}

/** A weak tag for a page made from `data`: equal data, equal tag (the HTML differs by its nonce only). */
export function dataTag(name: string, data: unknown): string {
  return `W/"${name}-${createHash("sha256").update(JSON.stringify(data)).digest("base64url").slice(0, 22)}"`;
}

/**
 * A route's `headers`: the caching headers of its loader's answer, or of the 304 it threw (which the
 * route's error boundary catches, so that the boundary's headers are the answer's).
 */
export const cachingHeaders: HeadersFunction = ({ loaderHeaders, errorHeaders }) => {
  const source = errorHeaders ?? loaderHeaders;
  const picked = new Headers();
  for (const name of ["ETag", "Cache-Control", "Vary"]) {
    const value = source.get(name);
    if (value) picked.set(name, value);
  }
  return picked;
};
