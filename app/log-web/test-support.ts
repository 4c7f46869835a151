// Test support, node only: logs and proof bundles built with the server's own log library
// (app/log), so the browser verifier and the bundle checks are tested against the other
// implementation. Not imported by any page.
import { BUNDLE_FORMAT, type ProofBundle } from "../log/bundle";
import {
  MerkleTree,
  encodeEntry,
  generateKeys,
  hashLeaf,
  parseSignerKey,
  signCheckpoint,
  textDigest,
  toHex,
  type LogEntry,
} from "../log";
import { utf8 } from "../log/bytes";

export const TEST_ORIGIN = "accord.example.org/log";
export const EDITION_TEXT = "Code of Conduct on export controls for surveillance technology\n\n1. Each state ...\n";
export const DECLARATION_TEXT = "Norway will apply this code from its next licensing round.";

export interface TestLog {
  signerKey: string;
  verifierKey: string;
  texts: string[];
  tree: MerkleTree;
  checkpoint: string;
}

const STATES = ["NO", "DK", "FR", "CA"] as const;

/** A deterministic pseudo-random log entry of any kind; `seed` varies it. */
export function randomEntryText(seed: number): string {
  const kinds = ["adoption", "subscription", "endorsement", "withdrawal", "declaration"] as const;
  const kind = kinds[seed % kinds.length] ?? "subscription";
  const base = {
    edition: `code-of-conduct-${2026 + (seed % 3)}`,
    textDigest: textDigest(`edition text ${seed % 7}\n`),
    effectiveDate: "2026-12-10",
    recorded: new Date(Date.UTC(2026, 10, 27, 8, 0, 0, seed)).toISOString(),
  };
  const state = STATES[seed % STATES.length] ?? "NO";
  const entry: LogEntry =
    kind === "adoption"
      ? { ...base, kind, state: null, pledge: null, declarationDigest: null }
      : kind === "declaration"
        ? { ...base, kind, state, pledge: seed % 2 ? `p${seed}` : null, declarationDigest: textDigest(`declaration ${seed}`) }
        : { ...base, kind, state, pledge: `p${seed}`, declarationDigest: null };
  return encodeEntry(entry);
}

/** A log of these entry texts, signed with a fresh key. */
export function buildLog(texts: string[], origin = TEST_ORIGIN): TestLog {
  const { signerKey, verifierKey } = generateKeys(origin);
  const tree = new MerkleTree(texts.length, texts.map((text) => hashLeaf(utf8(text))));
  const checkpoint = signCheckpoint({ origin, treeSize: texts.length, rootHash: tree.rootHash(), extensions: [] }, [parseSignerKey(signerKey)]);
  return { signerKey, verifierKey, texts, tree, checkpoint };
}

/** Answers the log's public endpoints from a test log, as the server's routes do. */
export function logFetcher(log: TestLog, alter: { text?: (index: number, text: string) => string; checkpoint?: string } = {}) {
  return async (path: string): Promise<Response> => {
    const url = new URL(path, "http://localhost");
    if (url.pathname === "/log/key") return new Response(`${log.verifierKey}\n`);
    if (url.pathname === "/log/checkpoint") return new Response(alter.checkpoint ?? log.checkpoint);
    if (url.pathname === "/log/entries") {
      const start = Number(url.searchParams.get("start"));
      const end = Math.min(Number(url.searchParams.get("end")), start + 1000, log.texts.length);
      const entries = log.texts.slice(start, end).map((text, i) => ({
        index: start + i,
        text: alter.text ? alter.text(start + i, text) : text,
        leafHash: toHex(hashLeaf(utf8(text))),
      }));
      return Response.json({ treeSize: log.texts.length, entries });
    }
    return new Response("Not found", { status: 404 });
  };
}

export interface BundleLog {
  log: TestLog;
  bundle: ProofBundle;
}

/**
 * A log of other entries around one pledge's story: the adoption of an edition, a subscription
 * by Norway as pledge "17" and a declaration accompanying it; and the proof bundle of that pledge.
 */
export function buildBundleLog(others = 9): BundleLog {
  const digest = textDigest(EDITION_TEXT);
  const base = { edition: "code-of-conduct-2026", textDigest: digest, effectiveDate: "2026-12-10" };
  const story: LogEntry[] = [
    { ...base, kind: "adoption", state: null, pledge: null, declarationDigest: null, recorded: "2026-11-27T08:00:00.000Z" },
    { ...base, kind: "subscription", state: "NO", pledge: "17", declarationDigest: null, recorded: "2026-11-27T09:00:00.000Z" },
    { ...base, kind: "declaration", state: "NO", pledge: "17", declarationDigest: textDigest(DECLARATION_TEXT), recorded: "2026-11-27T09:00:00.000Z" },
  ];
  const texts = Array.from({ length: others }, (_, i) => randomEntryText(i + 1));
  // The adoption near the start, the subscription in the middle, the declaration last.
  const [adoption, subscription, declaration] = story.map(encodeEntry) as [string, string, string];
  texts.splice(Math.min(1, texts.length), 0, adoption);
  texts.splice(Math.floor(texts.length / 2) + 1, 0, subscription);
  texts.push(declaration);
  const log = buildLog(texts);
  const storyIndexes = story.map((entry) => texts.indexOf(encodeEntry(entry)));
  const bundle: ProofBundle = {
    format: BUNDLE_FORMAT,
    pledge: "17",
    verifierKey: log.verifierKey,
    checkpoint: log.checkpoint,
    treeSize: texts.length,
    entries: storyIndexes.map((index) => ({
      index,
      text: texts[index] ?? "",
      leafHash: toHex(hashLeaf(utf8(texts[index] ?? ""))),
      inclusionProof: log.tree.inclusionProof(index).map(toHex),
    })),
    declarations: [{ text: DECLARATION_TEXT, digest: textDigest(DECLARATION_TEXT) }],
  };
  return { log, bundle };
}

/** A deep copy of a bundle to tamper with. */
export function copyBundle(bundle: ProofBundle): ProofBundle {
  return structuredClone(bundle);
}
