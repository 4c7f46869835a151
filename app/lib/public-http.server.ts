// HTTP caching of Accord's public pages and open data. Every public fact (adoptions, pledges,
// declarations, withdrawals, commitment reports) is an entry in the transparency log, so the log's
// size is the version of all of them: a response is named by what it is (`name`), the log's size, and
// whatever else changes its body (the language, a query). A client that still holds that version
// gets a 304 without the server reading anything else.
//
// Tags are weak, also for the byte-stable CSV and Atom: compression is applied after the route
// (server/app.ts) and leaves the tag as it is, so the gzip and the identity bodies share one tag,
// which a strong tag must not (RFC 9110 section 8.8.1). Equal tags mean equal facts. HTML carries a
// per-request nonce and the JSON its generation time anyway. `Vary: Accept-Encoding` keeps shared
// caches from handing a compressed body to a client that did not ask for one.
import { createHash } from "node:crypto";
import { getSessionUser } from "../auth/guards.server";
import { latestCheckpoint } from "../models/transparency-log.server";
import { ifNoneMatchNames } from "./entity-tags";

/** Data: always revalidate, but a cache may serve the old copy for a minute while it does. */
export const PUBLIC_DATA_CACHE = "public, max-age=0, stale-while-revalidate=60";

/** How long a public page may be kept, by what it shows. */
const PAGE_CACHE_CONTROL = {
  // An adopted text never changes: five minutes fresh, then served stale for a day while revalidated.
  reading: "public, max-age=300, stale-while-revalidate=86400",
  // Counts, lists and events change with every pledge: revalidated each time (a 304 when nothing
  // changed), the old copy served for a minute while that happens.
  overview: PUBLIC_DATA_CACHE,
} as const;

export interface PublicCacheOptions {
  /** What the response is, e.g. "pledges-csv" or "state-atom-NO". */
  name: string;
  /** Whatever else the body depends on besides the log's size: the language, a normalised query. */
  variant?: readonly (string | number | undefined)[];
  cacheControl?: string;
  /** Request headers the body also depends on (`Cookie` for pages whose layout shows who is signed in). */
  vary?: readonly string[];
  /** Further headers for both the full answer and the 304 (e.g. CORS). */
  headers?: Record<string, string>;
}

export interface PublicCache {
  tag: string;
  /** The caching headers: send them with the full answer. */
  headers: Record<string, string>;
  /** The 304 to answer with when the client already holds this version, else null. */
  notModified: Response | null;
}

/**
 * What this process serves: a new release may change every page and file while the log stays the
 * same, so a tag also names the process's start (each release restarts it). After a restart clients
 * fetch each page once more; they never keep an old release's page as current.
 */
const SERVING_SINCE = Date.now().toString(36);

/** The version of every public fact: the number of entries in the transparency log. */
export function publicVersion(): number {
  return latestCheckpoint().treeSize;
}

/** The entity tag of `name` at the log's current size, in this process, and the given variant. */
export function publicTag(name: string, variant: PublicCacheOptions["variant"] = []): string {
  const parts = [name, String(publicVersion()), SERVING_SINCE, ...variant.filter((part) => part !== undefined && part !== "").map(String)];
  // Quotes and backslashes cannot appear inside an entity tag; anything else outside ASCII is dropped.
  const opaque = parts.join("-").replace(/[^\x21\x23-\x5b\x5d-\x7e]/g, "_");
  return `W/"${opaque}"`;
}

/** True when the request's If-None-Match names `tag`. */
function matchesTag(request: Request, tag: string): boolean {
  return ifNoneMatchNames(request.headers.get("If-None-Match"), tag);
}

export function notModified(headers: Record<string, string>): Response {
  return new Response(null, { status: 304, headers });
}

/**
 * The caching of one public response. Use it first thing in a loader:
 *
 *     const cache = publicCache(request, { name: "pledges-csv" });
 *     if (cache.notModified) return cache.notModified;   // pages: `throw`, see below
 *     ...
 *     return new Response(body, { headers: { ...cache.headers, "Content-Type": "text/csv" } });
 */
export function publicCache(request: Request, options: PublicCacheOptions): PublicCache {
  const tag = publicTag(options.name, options.variant);
  const headers: Record<string, string> = {
    ...options.headers,
    ETag: tag,
    "Cache-Control": options.cacheControl ?? PUBLIC_DATA_CACHE,
    Vary: ["Accept-Encoding", ...(options.vary ?? [])].join(", "),
  };
  return { tag, headers, notModified: matchesTag(request, tag) ? notModified(headers) : null };
}

/**
 * A weak tag for a page made from `data`, for pages that show what the log does not carry
 * (participation statuses, reports): equal data in this process, equal tag.
 */
export function dataTag(name: string, data: unknown): string {
  const digest = createHash("sha256").update(JSON.stringify(data)).digest("base64url").slice(0, 22);
  return publicTag(name, [digest]);
}

export interface PublicPageOptions {
  /** Request headers the page depends on besides its address (the home page's language choice). */
  vary?: readonly string[];
  /** The page is the reader's own answer this time, not to be shared or revalidated. */
  personal?: boolean;
}

/** A signed-in reader's page: the layout shows who they are. */
const PERSONAL = { "Cache-Control": "private, no-cache", Vary: "Cookie" };

/**
 * The caching headers of a public page (HTML) named by `tag`, or a thrown 304 carrying them when the
 * client already holds it. The page around the content shows who is signed in, so only an anonymous
 * answer is shared and revalidated: a signed-in reader always gets a fresh, private page (and never a
 * 304 for a page cached while signed out). Anonymous answers are public, which also lets the server
 * replay them (server/page-replay.ts).
 *
 *     const headers = await publicPageHeaders(request, publicTag("pledges", [lang]), "overview");
 *     return json(data, { headers });   // with `export const headers = cachingHeaders` and an ErrorBoundary
 */
export async function publicPageHeaders(
  request: Request,
  tag: string,
  kind: keyof typeof PAGE_CACHE_CONTROL,
  options: PublicPageOptions = {},
): Promise<Record<string, string>> {
  if (options.personal || (await getSessionUser(request))) return PERSONAL;
  const headers = { ETag: tag, "Cache-Control": PAGE_CACHE_CONTROL[kind], Vary: ["Accept-Encoding", "Cookie", ...(options.vary ?? [])].join(", ") };
  if (matchesTag(request, tag)) throw notModified(headers);
  return headers;
}

/** The caching headers a page route's `headers` export passes on, from its loader or its thrown 304. */
const CACHING_HEADERS = ["ETag", "Cache-Control", "Vary"] as const;

/**
 * A page route's `headers` export: the loader's caching headers, or those of the 304 it threw
 * (Remix hands a thrown Response to the route's ErrorBoundary, and its headers as `errorHeaders`).
 */
export function cachingHeaders({ loaderHeaders, errorHeaders }: { loaderHeaders: Headers; errorHeaders?: Headers }): Headers {
  const source = errorHeaders ?? loaderHeaders;
  const picked = new Headers();
  for (const name of CACHING_HEADERS) {
    const value = source.get(name);
    if (value) picked.set(name, value);
  }
  return picked;
}
