// Caching of the pledge pages (/pledges, /pledges/<id>) under the names they were written with. New
// pages use `publicCache` from ./public-http.server, which also names the release and sets Vary.
import { latestCheckpoint } from "../models/transparency-log.server";
import { matchesTag, notModified } from "./public-http.server";

export { matchesTag, notModified };

export const PUBLIC_REVALIDATE = "public, max-age=0, must-revalidate";

/**
 * The ETag of a representation (`name`) at the log's current size. Weak: the HTML carries a
 * per-request nonce, so equal tags mean equal facts, not equal bytes.
 */
export function pledgeListTag(name: string): string {
  return `W/"${name}-${latestCheckpoint().treeSize}"`;
}

/** The headers of a cacheable public answer with its tag. */
export function pledgeListHeaders(tag: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ETag: tag, "Cache-Control": PUBLIC_REVALIDATE, ...extra };
}
