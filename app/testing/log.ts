// Log entries for tests of the transparency log: valid canonical entries (app/log/entry.ts), each
// different, so every leaf of a test log is distinct.
import { encodeEntry, textDigest, type EntryKind } from "../log";

const STATES = ["AU", "DK", "NO", "US", "CA", "FR", "NL", "GB"] as const;
const EDITION_DIGEST = textDigest("Code of Conduct, first edition (test text)\n");

/** The canonical text of the n-th test entry: a subscription, endorsement or withdrawal of some state. */
export function testEntryText(n: number, kind: Exclude<EntryKind, "adoption" | "declaration"> = "subscription"): string {
  return encodeEntry({
    kind,
    state: STATES[n % STATES.length] ?? "AU",
    edition: "code-of-conduct-2023",
    textDigest: EDITION_DIGEST,
    effectiveDate: "2023-03-30",
    recorded: new Date(Date.UTC(2026, 10, 27, 8, 0, 0, n)).toISOString(),
    pledge: `p${n}`,
    declarationDigest: null,
  });
}
