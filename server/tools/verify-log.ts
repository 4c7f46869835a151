// `npm run verify-log -- --url <origin> [--state <file>] [--key <vkey>]`
// `npm run verify-log -- --bundle <file> [--key <vkey>]`
//
// Checks an Accord transparency log from the outside, with nothing but the published formats
// (app/log) and HTTP: fetches the verifier key, the latest checkpoint and every entry; checks the
// checkpoint's signature and origin, that every entry parses and hashes to the leaf hash served
// with it, and that the root of all leaves is the checkpoint's root; then checks a consistency
// proof from the checkpoint verified last time (kept with the pinned key in the state file,
// `.accord-log-state.json` by default) to this one. The state file is written only after a run
// that verified everything.
//
// With --bundle, it checks a proof bundle (docs/decisions/017) offline instead: the checkpoint's
// signature (with --key, the bundle's key must be that one), every entry's leaf hash and inclusion
// proof, the declarations' digests, and that the entries are one pledge's; then prints what the
// bundle proves.
//
// Exit status: 0 verified, 1 the log failed a check (the message says which and where), 2 the
// verifier could not run (bad arguments, the server unreachable or answering with an error).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  LogFormatError,
  fromHex,
  hashLeaf,
  openCheckpoint,
  parseEntry,
  parseVerifierKey,
  rootHash,
  toBase64,
  toHex,
  verifyConsistency,
  type VerifiedCheckpoint,
} from "../../app/log";
import { fromBase64, utf8 } from "../../app/log/bytes";
import { verifyProofBundle, type VerifiedBundle } from "../../app/log/bundle";

export const DEFAULT_STATE_FILE = ".accord-log-state.json";
const PAGE = 1000;

/** The log failed a check: exit status 1. */
export class VerificationFailure extends Error {}
/** The verifier could not run: exit status 2. */
export class VerifierUnusable extends Error {}

export interface VerifyOptions {
  url: string;
  stateFile: string;
  /** A verifier key obtained out of band; when given, the served key must be this one. */
  key: string | null;
}

interface SavedState {
  url: string;
  key: string;
  checkpoint: { treeSize: number; rootHash: string; note: string };
  verifiedAt: string;
}

export interface VerifyResult {
  origin: string;
  key: string;
  treeSize: number;
  rootHash: Uint8Array;
  /** The size of the checkpoint verified last time, or null on a first run. */
  previousSize: number | null;
}

interface Output {
  out(line: string): void;
  err(line: string): void;
}

function usage(): string {
  return [
    "usage: npm run verify-log -- --url <origin> [--state <file>] [--key <verifier key>]",
    "       npm run verify-log -- --bundle <proof bundle file> [--key <verifier key>]",
  ].join("\n");
}

export interface BundleOptions {
  bundle: string;
  /** The log's verifier key obtained out of band; when given, the bundle's key must be this one. */
  key: string | null;
}

function readFlags(argv: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? "";
    const value = argv[i + 1];
    if (!["--url", "--state", "--key", "--bundle"].includes(flag)) throw new VerifierUnusable(`unknown argument ${JSON.stringify(flag)}\n${usage()}`);
    if (value === undefined || value.startsWith("--")) throw new VerifierUnusable(`${flag} needs a value\n${usage()}`);
    values.set(flag, value);
  }
  return values;
}

/** What the arguments ask for: the check of a live log, or of a proof bundle. */
export function parseCommand(argv: readonly string[], cwd: string): { log: VerifyOptions } | { bundle: BundleOptions } {
  const values = readFlags(argv);
  const bundle = values.get("--bundle");
  if (bundle === undefined) return { log: parseArguments(argv, cwd) };
  const extra = ["--url", "--state"].filter((flag) => values.has(flag));
  if (extra.length) throw new VerifierUnusable(`--bundle is checked offline, without ${extra.join(" or ")}\n${usage()}`);
  return { bundle: { bundle: path.resolve(cwd, bundle), key: values.get("--key") ?? null } };
}

export function parseArguments(argv: readonly string[], cwd: string): VerifyOptions {
  const values = readFlags(argv);
  const url = values.get("--url");
  if (!url) throw new VerifierUnusable(`--url is required\n${usage()}`);
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    throw new VerifierUnusable(`--url ${JSON.stringify(url)} is not a URL such as https://accord.example.org`);
  }
  if (base.protocol !== "http:" && base.protocol !== "https:") throw new VerifierUnusable(`--url must be an http: or https: URL`);
  return { url: base.origin, stateFile: path.resolve(cwd, values.get("--state") ?? DEFAULT_STATE_FILE), key: values.get("--key") ?? null };
}

async function fetchText(base: string, pathAndQuery: string): Promise<string> {
  const url = `${base}${pathAndQuery}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: "text/plain, application/json" } });
  } catch (error) {
    throw new VerifierUnusable(`cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text();
  if (!response.ok) throw new VerifierUnusable(`${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return body;
}

async function fetchJson(base: string, pathAndQuery: string): Promise<unknown> {
  const body = await fetchText(base, pathAndQuery);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new VerificationFailure(`${pathAndQuery} did not answer with JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// Runs a check of the log library and reports its refusal as a failure of the log, with where it happened.
function check<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LogFormatError) throw new VerificationFailure(`${where}: ${error.message}`);
    throw error;
  }
}

function readState(file: string): SavedState | null {
  if (!fs.existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new VerifierUnusable(`the state file ${file} is not JSON; move it away to start afresh`);
  }
  const checkpoint = isRecord(parsed) ? parsed.checkpoint : undefined;
  if (
    !isRecord(parsed) ||
    typeof parsed.url !== "string" ||
    typeof parsed.key !== "string" ||
    typeof parsed.verifiedAt !== "string" ||
    !isRecord(checkpoint) ||
    typeof checkpoint.treeSize !== "number" ||
    typeof checkpoint.rootHash !== "string" ||
    typeof checkpoint.note !== "string"
  ) {
    throw new VerifierUnusable(`the state file ${file} is not one this verifier wrote; move it away to start afresh`);
  }
  return {
    url: parsed.url,
    key: parsed.key,
    verifiedAt: parsed.verifiedAt,
    checkpoint: { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, note: checkpoint.note },
  };
}

async function fetchLeaves(base: string, treeSize: number): Promise<Uint8Array[]> {
  const leaves: Uint8Array[] = [];
  while (leaves.length < treeSize) {
    const start = leaves.length;
    const end = Math.min(start + PAGE, treeSize);
    const body = await fetchJson(base, `/log/entries?start=${start}&end=${end}`);
    const entries = isRecord(body) && Array.isArray(body.entries) ? body.entries : null;
    if (!entries || entries.length === 0) throw new VerificationFailure(`/log/entries?start=${start}&end=${end} returned no entries`);
    for (const item of entries as unknown[]) {
      const index = leaves.length;
      if (!isRecord(item) || item.index !== index || typeof item.text !== "string" || typeof item.leafHash !== "string") {
        throw new VerificationFailure(`entry ${index}: the server's answer is not {index: ${index}, text, leafHash}`);
      }
      const text = item.text;
      check(`entry ${index}`, () => parseEntry(text));
      const leaf = hashLeaf(utf8(text));
      const served = check(`entry ${index}`, () => fromHex(String(item.leafHash), 32, "leaf hash"));
      if (toHex(served) !== toHex(leaf)) {
        throw new VerificationFailure(`entry ${index}: its text hashes to leaf ${toHex(leaf)}, but the server gives leaf hash ${toHex(served)}`);
      }
      leaves.push(leaf);
      if (leaves.length === end) break;
    }
  }
  return leaves;
}

async function checkConsistency(base: string, previous: SavedState, current: VerifiedCheckpoint, leaves: Uint8Array[]): Promise<void> {
  const oldSize = previous.checkpoint.treeSize;
  const oldRoot = check("the state file's checkpoint", () => fromBase64(previous.checkpoint.rootHash, "root hash"));
  if (oldSize > current.treeSize) {
    throw new VerificationFailure(`the log shrank: it had ${oldSize} entries when last verified (${previous.verifiedAt}), now its checkpoint says ${current.treeSize}`);
  }
  const body = await fetchJson(base, `/log/proof/consistency?from=${oldSize}&to=${current.treeSize}`);
  const hashes = isRecord(body) && Array.isArray(body.hashes) ? (body.hashes as unknown[]) : null;
  if (!hashes) throw new VerificationFailure(`/log/proof/consistency?from=${oldSize}&to=${current.treeSize} did not return {hashes}`);
  const proof = hashes.map((hash, i) => check(`consistency proof hash ${i}`, () => fromHex(String(hash), 32, "hash")));
  check(`the log rewrote its past: the checkpoint of size ${oldSize} verified on ${previous.verifiedAt} is not a prefix of the checkpoint of size ${current.treeSize}`, () =>
    verifyConsistency({ oldSize, newSize: current.treeSize, oldRoot, newRoot: current.rootHash, proof }),
  );
  // Independently of the proof: the first oldSize entries served now must give the old root.
  const recomputed = rootHash(leaves.slice(0, oldSize));
  if (toHex(recomputed) !== toHex(oldRoot)) {
    throw new VerificationFailure(`the log rewrote its past: its first ${oldSize} entries no longer give the root of the checkpoint verified on ${previous.verifiedAt}`);
  }
}

/** Verifies the log at `options.url`; throws VerificationFailure or VerifierUnusable. */
export async function verifyLog(options: VerifyOptions): Promise<VerifyResult> {
  const base = options.url;
  const previous = readState(options.stateFile);
  const servedKey = (await fetchText(base, "/log/key")).trim();
  const verifier = check("the key at /log/key", () => parseVerifierKey(servedKey));
  const pinned = options.key ?? previous?.key ?? null;
  if (pinned !== null && pinned !== servedKey) {
    const source = options.key !== null ? "the key given with --key" : `the key pinned in ${options.stateFile}`;
    throw new VerificationFailure(`the log's key changed: /log/key serves ${servedKey}, not ${source}, ${pinned}`);
  }
  const note = await fetchText(base, "/log/checkpoint");
  const checkpoint = check(`the checkpoint at /log/checkpoint does not verify with the log's key ${verifier.name}`, () =>
    openCheckpoint(note, { origin: verifier.name, verifiers: [verifier] }),
  );
  const leaves = await fetchLeaves(base, checkpoint.treeSize);
  const root = rootHash(leaves);
  if (toHex(root) !== toHex(checkpoint.rootHash)) {
    throw new VerificationFailure(
      `the root of the ${leaves.length} entries served (${toBase64(root)}) is not the checkpoint's root (${toBase64(checkpoint.rootHash)})`,
    );
  }
  if (previous) await checkConsistency(base, previous, checkpoint, leaves);
  const state: SavedState = {
    url: base,
    key: servedKey,
    checkpoint: { treeSize: checkpoint.treeSize, rootHash: toBase64(checkpoint.rootHash), note },
    verifiedAt: new Date().toISOString(),
  };
  fs.writeFileSync(options.stateFile, `${JSON.stringify(state, null, 2)}\n`);
  return { origin: verifier.name, key: servedKey, treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, previousSize: previous?.checkpoint.treeSize ?? null };
}

/** Checks the proof bundle in `options.bundle`; throws VerificationFailure or VerifierUnusable. */
export function verifyBundleFile(options: BundleOptions): VerifiedBundle {
  let text: string;
  try {
    text = fs.readFileSync(options.bundle, "utf8");
  } catch (error) {
    throw new VerifierUnusable(`cannot read ${options.bundle}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VerificationFailure(`${options.bundle} is not JSON, so it is not a proof bundle`);
  }
  return check(options.bundle, () => verifyProofBundle(json, options.key === null ? {} : { verifierKey: options.key }));
}

function printBundle(options: BundleOptions, result: VerifiedBundle, output: Output): void {
  const [adoption, ...events] = result.entries;
  const state = events.find((entry) => entry.state !== null)?.state ?? "-";
  output.out(`verified proof bundle ${options.bundle}`);
  output.out(`  pledge     ${result.pledge} of ${state}`);
  output.out(`  edition    ${adoption?.edition ?? "-"}, text SHA-256 ${adoption?.textDigest ?? "-"} (log entry ${result.indexes[0]}, adoption)`);
  events.forEach((entry, i) => {
    const declaration = entry.declarationDigest ? `, declaration SHA-256 ${entry.declarationDigest}` : "";
    output.out(`  entry ${result.indexes[i + 1]}   ${entry.kind}, effective ${entry.effectiveDate}, recorded ${entry.recorded}${declaration}`);
  });
  output.out(`  checkpoint size ${result.treeSize}: every entry's inclusion proof leads to its signed root`);
  output.out(
    options.key === null
      ? "  key        the bundle's own key; pass --key with the log's key from a trusted source to tie the bundle to the log"
      : "  key        the key given with --key",
  );
}

/** The command: parses arguments, verifies, prints; returns the exit status. */
export async function runVerifyLog(argv: readonly string[], output: Output, cwd = process.cwd()): Promise<number> {
  try {
    const command = parseCommand(argv, cwd);
    if ("bundle" in command) {
      printBundle(command.bundle, verifyBundleFile(command.bundle), output);
      return 0;
    }
    const options = command.log;
    const result = await verifyLog(options);
    output.out(`verified ${result.origin} at ${options.url}`);
    output.out(`  key        ${result.key}`);
    output.out(`  entries    ${result.treeSize}, every one parsed and hashed`);
    output.out(`  root       ${toBase64(result.rootHash)} (recomputed, equal to the signed checkpoint's)`);
    output.out(
      result.previousSize === null
        ? `  history    first run: key and checkpoint pinned in ${options.stateFile}`
        : `  history    consistent with the checkpoint of size ${result.previousSize} verified last time`,
    );
    return 0;
  } catch (error) {
    if (error instanceof VerificationFailure) {
      output.err(`verify-log: FAILED: ${error.message}`);
      return 1;
    }
    if (error instanceof VerifierUnusable) {
      output.err(`verify-log: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const status = await runVerifyLog(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
  process.exitCode = status;
}
