// Entity tags as HTTP compares them for a conditional GET, shared by the routes that answer 304 and by
// the server's replay of public answers (server/page-replay.ts).

/** True when an If-None-Match header names `tag`: weak comparison (RFC 9110 section 13.1.2), `*` matching any. */
export function ifNoneMatchNames(header: string | null | undefined, tag: string): boolean {
  if (!header) return false;
  const opaque = (value: string) => value.trim().replace(/^W\//, "");
  return header.split(",").some((candidate) => candidate.trim() === "*" || opaque(candidate) === opaque(tag));
}
