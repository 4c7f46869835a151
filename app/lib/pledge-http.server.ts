// Caching of the public pledge pages (/pledges, /pledges.json). Every public fact about pledges is an
// entry in the transparency log, so the log's size names the version of what they show: a client
// that holds the page of that size gets a 304 instead of the page again.
import { latestCheckpoint } from "../models/transparency-log.server";

export const PUBLIC_REVALIDATE = "public, max-age=0, must-revalidate";

/**
 * The ETag of a representation (`name`) at the log's current size. Weak: the HTML carries a
 * per-request nonce and the JSON its generation time, so equal tags mean equal facts, not equal bytes.
 */
export function pledgeListTag(name: string): string {
  return `W/"${name}-${latestCheckpoint().treeSize}"`;
}

/** True when the request's If-None-Match names `tag` (weak comparison, RFC 9110 section 13.1.2). */
export function matchesTag(request: Request, tag: string): boolean {
  const header = request.headers.get("If-None-Match");
  if (!header) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === opaque(tag));
}

/** The headers of a cacheable public answer with its tag. */
export function pledgeListHeaders(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ETag: tag, "Cache-Control": PUBLIC_REVALIDATE, ...extra };
}

export function notModified(headers: Record<string, string>): Response {
  return new Response(null, { status: 304, headers });
}
