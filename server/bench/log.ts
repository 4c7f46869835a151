// `npm run bench:log [-- --entries 10000]`
//
// What the transparency log costs (docs/decisions/014, 017). On a fresh temporary SQLite database,
// migrated as the tests' are, with a generated key:
//
//   - appends: N entries through `appendLogEntry`, each in its own transaction as pledges are (a leaf
//     hash, an Ed25519 signature, two inserts), against a baseline in the same run and database: N
//     plain inserts, one per transaction, of rows as large as what an append writes (the entry, its
//     32-byte leaf hash and a checkpoint note) into a scratch table, with no hashing or signing;
//   - proof sizes at N entries: inclusion proofs of the first, middle and last entry, consistency
//     proofs from 1, N/2 and N-1; the JSON of /log/proof/inclusion; a proof bundle of one pledge with
//     a declaration (its adoption, pledge and declaration entries are appended first);
//   - the cost of one inclusion proof and of one consistency proof at random indexes and sizes through
//     the domain module (outside a transaction, as /log/proof/* asks; and inside one, as a proof bundle
//     does), against a baseline in the same run: the same proofs from a bare MerkleTree of the same
//     leaves, with no database. Each is the fastest of several rounds taken in turn, so other load on
//     the machine counts as little as it can;
//   - the heap the in-memory tree and its hashes' buffers take once rebuilt from the table and filled by proofs.
//
// Prints a Markdown table.
import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import vm from "node:vm";
import { inTransaction } from "../../db/client";
import { disposeDatabase, openFreshDatabase } from "../../db/testing/fresh-database";
import { MerkleTree, encodeEntry, textDigest, toHex, type LogEntry } from "../../app/log";
import { BUNDLE_FORMAT, verifyProofBundle, type ProofBundle } from "../../app/log/bundle";
import { installConfig, type Config } from "../../app/lib/env.server";
import {
  appendLogEntry,
  consistencyProof,
  forgetLogTree,
  inclusionProof,
  latestCheckpoint,
  logEntries,
  logVerifierKey,
  MAX_ENTRIES_PER_PAGE,
  openTransparencyLog,
} from "../../app/models/transparency-log.server";
import { loader as inclusionLoader } from "../../app/routes/log.proof.inclusion";
import { testEntryText } from "../../app/testing/log";

const EDITION_TEXT = "Code of Conduct on export controls for surveillance technology (benchmark edition)\n";
const DECLARATION_TEXT = "This state will apply the code from its next licensing round, and reports yearly.";
const PROOFS_PER_ROUND = 1000;
const ROUNDS = 40;

function parseOptions(argv: readonly string[]): { entries: number } {
  let entries = 10_000;
  for (let i = 0; i < argv.length; i += 2) {
    const value = Number(argv[i + 1]);
    if (argv[i] !== "--entries" || !Number.isSafeInteger(value) || value < 4) {
      throw new Error("usage: npm run bench:log -- [--entries <whole number, 4 or more>]");
    }
    entries = value;
  }
  return { entries };
}

// An explicit collection before each heap reading, so the growth measured is what stays.
v8.setFlagsFromString("--expose-gc");
const collectGarbage = vm.runInNewContext("gc") as () => void;

/** The JavaScript heap plus ArrayBuffer storage, which holds the hashes' bytes outside the heap. */
function memoryUsed(): number {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

function seconds(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

type Row = [string, string];

interface ProofCosts {
  /** Through the domain module, outside a transaction. */
  domain: number;
  /** Through the domain module, inside one read transaction. */
  inTransaction: number;
  /** A bare MerkleTree of the same leaves, no database. */
  bare: number;
}

/** The leaf hashes of the stored log, read page by page. */
function storedLeaves(n: number): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (let start = 0; start < n; start += MAX_ENTRIES_PER_PAGE) {
    leaves.push(...logEntries(start, Math.min(n, start + MAX_ENTRIES_PER_PAGE)).entries.map((entry) => entry.leafHash));
  }
  return leaves;
}

/**
 * The fastest of ROUNDS rounds of each run, in seconds (the first round also warms up). The runs
 * take turns within each round, so a change in the machine's load falls on all of them alike.
 */
function fastestOf<K extends string>(runs: Record<K, () => void>): Record<K, number> {
  const ways = Object.keys(runs) as K[];
  const fastest = Object.fromEntries(ways.map((way) => [way, Infinity])) as Record<K, number>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of ways) fastest[way] = Math.min(fastest[way], seconds(runs[way]));
  }
  return fastest;
}

/** Microseconds per proof over `inputs`: through the domain module, outside and inside a transaction, and from a bare tree. */
function costsOf<T>(inputs: readonly T[], domain: (input: T) => unknown, bare: (input: T) => unknown): ProofCosts {
  const fastest = fastestOf<keyof ProofCosts>({
    domain: () => inputs.forEach(domain),
    inTransaction: () => inTransaction(() => inputs.forEach(domain)),
    bare: () => inputs.forEach(bare),
  });
  const each = (total: number) => (total * 1e6) / inputs.length;
  return { domain: each(fastest.domain), inTransaction: each(fastest.inTransaction), bare: each(fastest.bare) };
}

/**
 * Microseconds per `PRAGMA data_version` outside a transaction: SQLite opens and closes a read
 * transaction for it (file locks), which is the least any check that sees other connections'
 * commits costs, and most of what a proof through the domain module adds to the bare computation.
 */
function dataVersionCost(sqlite: ReturnType<typeof openFreshDatabase>["sqlite"]): number {
  const statement = sqlite.prepare("PRAGMA data_version").pluck();
  const { read } = fastestOf({ read: () => Array.from({ length: PROOFS_PER_ROUND }, () => statement.get()) });
  return (read * 1e6) / PROOFS_PER_ROUND;
}

function proofCosts(n: number): { inclusion: ProofCosts; consistency: ProofCosts } {
  const bare = new MerkleTree(n, storedLeaves(n));
  const indexes = Array.from({ length: PROOFS_PER_ROUND }, (_, i) => (i * 7919) % n);
  // Consistency from a random earlier size (1 to n - 1) to the log's size, as a verifier holding an older checkpoint asks.
  const fromSizes = indexes.map((index) => 1 + (index % (n - 1)));
  return {
    inclusion: costsOf(indexes, (index) => inclusionProof(index, n), (index) => bare.inclusionProof(index, n)),
    consistency: costsOf(fromSizes, (from) => consistencyProof(from, n), (from) => bare.consistencyProof(from, n)),
  };
}

function costRows(name: string, costs: ProofCosts): Row[] {
  const each = (microseconds: number) => `${microseconds.toFixed(2)} µs each`;
  const ratio = (microseconds: number) => `${(microseconds / costs.bare).toFixed(2)} × the bare computation`;
  return [
    [`${name} proof, bare MerkleTree (no database)`, each(costs.bare)],
    [`${name} proof through the domain module`, `${each(costs.domain)}, ${ratio(costs.domain)}`],
    [`${name} proof through the domain module, in a transaction`, `${each(costs.inTransaction)}, ${ratio(costs.inTransaction)}`],
  ];
}

/** The adoption, one subscription and its declaration: the story of one pledge. */
function pledgeStory(): string[] {
  const base = { edition: "code-of-conduct-2026", textDigest: textDigest(EDITION_TEXT), effectiveDate: "2026-12-10", recorded: "2026-11-27T09:00:00.000Z" };
  const entries: LogEntry[] = [
    { ...base, kind: "adoption", state: null, pledge: null, declarationDigest: null },
    { ...base, kind: "subscription", state: "NO", pledge: "1", declarationDigest: null },
    { ...base, kind: "declaration", state: "NO", pledge: "1", declarationDigest: textDigest(DECLARATION_TEXT) },
  ];
  return entries.map(encodeEntry);
}

function appendAll(texts: readonly string[]): number[] {
  // Each append in its own transaction, as a pledge's domain function makes it.
  return texts.map((text) => inTransaction(() => appendLogEntry(text).index));
}

function plainInserts(texts: readonly string[], sqlite: ReturnType<typeof openFreshDatabase>["sqlite"]): void {
  const note = latestCheckpoint().note;
  sqlite.exec("CREATE TABLE bench_plain (id INTEGER PRIMARY KEY, entry TEXT NOT NULL, leaf_hash BLOB NOT NULL, note TEXT NOT NULL, recorded_at INTEGER NOT NULL)");
  const insert = sqlite.prepare("INSERT INTO bench_plain (entry, leaf_hash, note, recorded_at) VALUES (?, ?, ?, ?)");
  const hash = Buffer.alloc(32, 7);
  for (const text of texts) sqlite.transaction(() => insert.run(text, hash, note, Date.now()))();
}

function bundleOf(indexes: readonly number[], texts: readonly string[], size: number): ProofBundle {
  const checkpoint = latestCheckpoint();
  return {
    format: BUNDLE_FORMAT,
    pledge: "1",
    verifierKey: logVerifierKey(),
    checkpoint: checkpoint.note,
    treeSize: size,
    entries: indexes.map((index, i) => {
      const proof = inclusionProof(index, size);
      return { index, text: texts[i] ?? "", leafHash: toHex(proof.leafHash), inclusionProof: proof.hashes.map(toHex) };
    }),
    declarations: [{ text: DECLARATION_TEXT, digest: textDigest(DECLARATION_TEXT) }],
  };
}

function inclusionJsonBytes(index: number, size: number): Promise<number> {
  const request = new Request(`http://localhost/log/proof/inclusion?index=${index}&size=${size}`);
  return inclusionLoader({ request }).text().then((body) => Buffer.byteLength(body));
}


async function measure(n: number, handle: ReturnType<typeof openFreshDatabase>): Promise<Row[]> {
  const story = pledgeStory();
  const others = Array.from({ length: n - story.length }, (_, i) => testEntryText(i));
  const storyIndexes: number[] = [];
  const appendSeconds = seconds(() => {
    storyIndexes.push(...appendAll(story));
    appendAll(others);
  });
  const plainSeconds = seconds(() => plainInserts([...story, ...others], handle.sqlite));
  const appendRate = n / appendSeconds;
  const plainRate = n / plainSeconds;

  const sizes = (hashes: Uint8Array[]) => `${hashes.length} hashes, ${hashes.length * 32} bytes`;
  const middle = Math.floor(n / 2);
  const bundle = bundleOf(storyIndexes, story, n);
  verifyProofBundle(bundle, { verifierKey: logVerifierKey() });

  const costs = proofCosts(n);

  forgetLogTree();
  const before = memoryUsed();
  inclusionProof(0, n);
  inclusionProof(n - 1, n);
  const treeBytes = memoryUsed() - before;

  return [
    ["appends through appendLogEntry", `${appendRate.toFixed(0)} entries/s (${appendSeconds.toFixed(2)} s)`],
    ["plain inserts of rows of the same size", `${plainRate.toFixed(0)} rows/s (${plainSeconds.toFixed(2)} s)`],
    ["ratio plain / log", `${(plainRate / appendRate).toFixed(1)} ×`],
    ["inclusion proof, index 0", sizes(inclusionProof(0, n).hashes)],
    [`inclusion proof, index ${middle}`, sizes(inclusionProof(middle, n).hashes)],
    [`inclusion proof, index ${n - 1}`, sizes(inclusionProof(n - 1, n).hashes)],
    [`consistency proof 1 → ${n}`, sizes(consistencyProof(1, n).hashes)],
    [`consistency proof ${middle} → ${n}`, sizes(consistencyProof(middle, n).hashes)],
    [`consistency proof ${n - 1} → ${n}`, sizes(consistencyProof(n - 1, n).hashes)],
    ["/log/proof/inclusion JSON, middle entry", `${await inclusionJsonBytes(middle, n)} bytes`],
    ["proof bundle, one pledge with a declaration", `${Buffer.byteLength(JSON.stringify(bundle))} bytes (verified)`],
    ...costRows("inclusion", costs.inclusion),
    ...costRows("consistency", costs.consistency),
    ["of which: PRAGMA data_version alone, outside a transaction", `${dataVersionCost(handle.sqlite).toFixed(2)} µs each`],
    ["in-memory tree: heap and buffers after rebuild and proofs", `${(treeBytes / 1024 / 1024).toFixed(2)} MiB (${(treeBytes / n).toFixed(0)} bytes per entry)`],
  ];
}

async function main(): Promise<void> {
  const { entries } = parseOptions(process.argv.slice(2));
  const handle = openFreshDatabase("bench-log");
  const dataDir = path.dirname(handle.file);
  const benchConfig: Config = {
    nodeEnv: "test",
    port: 0,
    host: "127.0.0.1",
    databasePath: handle.file,
    dataDir,
    sessionSecret: "bench-session-secret-that-is-long-enough-0000",
    publicOrigin: null,
    secure: false,
    demoPassword: null,
  };
  installConfig(benchConfig);
  try {
    const { origin } = openTransparencyLog(benchConfig);
    const rows = await measure(entries, handle);
    process.stdout.write(`\n## Transparency log at ${entries.toLocaleString("en")} entries (${origin}, Node ${process.version})\n\n`);
    process.stdout.write("| measure | result |\n|---|---|\n");
    for (const [name, value] of rows) process.stdout.write(`| ${name} | ${value} |\n`);
    process.stdout.write(`\nProof costs: ${PROOFS_PER_ROUND.toLocaleString("en")} proofs at random indexes or sizes, fastest of ${ROUNDS} rounds.\n`);
  } finally {
    disposeDatabase(handle);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
