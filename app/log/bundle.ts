// Proof bundles (`accord-proof-bundle/1`, docs/decisions/017): everything needed to check one
// pledge offline, in one JSON file. A bundle holds the log's verifier key, a signed checkpoint,
// the log entries of the pledge (the adoption of the edition first, then the pledge's events)
// each with its inclusion proof at the checkpoint's size, and the texts of its declarations:
//
//   { "format": "accord-proof-bundle/1", "pledge": "17", "verifierKey": "<vkey>",
//     "checkpoint": "<signed note>", "treeSize": 42,
//     "entries": [ { "index": 5, "text": "<entry text>", "leafHash": "<hex>", "inclusionProof": ["<hex>"] } ],
//     "declarations": [ { "text": "...", "digest": "<hex>" } ] }
//
// Alone, a bundle proves that the key it names signed a checkpoint containing these entries. That
// the key is the log's key has to come from elsewhere (pass it as `verifierKey`), and that the log
// has not shown others another history needs a later checkpoint and a consistency proof.
import { fromHex, toHex, utf8 } from "./bytes";
import { openCheckpoint, type VerifiedCheckpoint } from "./checkpoint";
import { parseEntry, textDigest, type LogEntry } from "./entry";
import { LogFormatError } from "./errors";
import { hashLeaf, verifyInclusion } from "./merkle";
import { parseVerifierKey } from "./note";

export const BUNDLE_FORMAT = "accord-proof-bundle/1";

export interface BundleEntry {
  index: number;
  text: string;
  leafHash: string;
  inclusionProof: string[];
}

export interface ProofBundle {
  format: typeof BUNDLE_FORMAT;
  pledge: string;
  verifierKey: string;
  checkpoint: string;
  treeSize: number;
  entries: BundleEntry[];
  declarations: { text: string; digest: string }[];
}

export interface VerifiedBundle {
  pledge: string;
  treeSize: number;
  /** The verified entries in the bundle's order: the adoption first. */
  entries: LogEntry[];
  /** The log entry index of each of `entries`. */
  indexes: number[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

// Runs a check of the log library and prefixes its refusal with where in the bundle it happened.
function at<T>(where: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LogFormatError) throw new LogFormatError(`${where}: ${error.message}`);
    throw error;
  }
}

function readBundle(json: unknown): ProofBundle {
  if (!isRecord(json) || json.format !== BUNDLE_FORMAT) throw new LogFormatError(`not a proof bundle: its format must be ${BUNDLE_FORMAT}`);
  const { pledge, verifierKey, checkpoint, treeSize, entries, declarations } = json;
  if (typeof pledge !== "string" || pledge === "") throw new LogFormatError("proof bundle: pledge must be a non-empty string");
  if (typeof verifierKey !== "string") throw new LogFormatError("proof bundle: verifierKey must be a verifier key");
  if (typeof checkpoint !== "string") throw new LogFormatError("proof bundle: checkpoint must be a signed note");
  if (!isCount(treeSize)) throw new LogFormatError("proof bundle: treeSize must be a whole number");
  if (!Array.isArray(entries) || entries.length === 0) throw new LogFormatError("proof bundle: entries must be a non-empty list");
  if (!Array.isArray(declarations)) throw new LogFormatError("proof bundle: declarations must be a list");
  entries.forEach((entry: unknown, i) => {
    if (!isRecord(entry) || !isCount(entry.index) || typeof entry.text !== "string" || typeof entry.leafHash !== "string" || !isStringList(entry.inclusionProof)) {
      throw new LogFormatError(`proof bundle: entry ${i + 1} must be {index, text, leafHash, inclusionProof}`);
    }
  });
  declarations.forEach((declaration: unknown, i) => {
    if (!isRecord(declaration) || typeof declaration.text !== "string" || typeof declaration.digest !== "string") {
      throw new LogFormatError(`proof bundle: declaration ${i + 1} must be {text, digest}`);
    }
  });
  return json as unknown as ProofBundle;
}

function openBundleCheckpoint(bundle: ProofBundle, pinnedKey: string | undefined): VerifiedCheckpoint {
  if (pinnedKey !== undefined && bundle.verifierKey !== pinnedKey) {
    throw new LogFormatError(`proof bundle: its key ${bundle.verifierKey} is not the log's key ${pinnedKey}`);
  }
  const verifier = at("proof bundle: verifierKey", () => parseVerifierKey(bundle.verifierKey));
  const checkpoint = at(`proof bundle: the checkpoint does not verify with the key ${verifier.name}`, () =>
    openCheckpoint(bundle.checkpoint, { origin: verifier.name, verifiers: [verifier] }),
  );
  if (checkpoint.treeSize !== bundle.treeSize) {
    throw new LogFormatError(`proof bundle: treeSize is ${bundle.treeSize} but the signed checkpoint is for ${checkpoint.treeSize}`);
  }
  return checkpoint;
}

function verifyEntry(item: BundleEntry, checkpoint: VerifiedCheckpoint): LogEntry {
  const where = `proof bundle: log entry ${item.index}`;
  const entry = at(where, () => parseEntry(item.text));
  const leafHash = hashLeaf(utf8(item.text));
  if (toHex(leafHash) !== item.leafHash) throw new LogFormatError(`${where}: its text hashes to ${toHex(leafHash)}, not to its leafHash ${item.leafHash}`);
  const proof = item.inclusionProof.map((hash, i) => at(where, () => fromHex(hash, 32, `inclusion proof hash ${i}`)));
  at(where, () => verifyInclusion({ leafIndex: item.index, treeSize: checkpoint.treeSize, leafHash, proof, rootHash: checkpoint.rootHash }));
  return entry;
}

// The adoption of one edition, then events of one state about the bundle's pledge, all naming the
// adopted text, among them the pledge itself (its subscription or endorsement): without it the bundle
// would prove nothing about the pledge it names.
function checkStory(entries: readonly LogEntry[], indexes: readonly number[], pledge: string): void {
  const [adoption, ...events] = entries;
  if (adoption?.kind !== "adoption") throw new LogFormatError("proof bundle: its first entry must be the adoption of the edition");
  const states = [...new Set(events.map((entry) => entry.state))];
  if (states.length > 1) throw new LogFormatError(`proof bundle: its entries name more than one state (${states.join(", ")})`);
  events.forEach((entry, i) => {
    const where = `proof bundle: log entry ${indexes[i + 1]}`;
    if (entry.kind === "adoption") throw new LogFormatError(`${where} is a second adoption; a bundle holds one`);
    if (entry.edition !== adoption.edition || entry.textDigest !== adoption.textDigest) {
      throw new LogFormatError(`${where} names edition ${entry.edition} with text-digest ${entry.textDigest}, not the adopted ${adoption.edition} with ${adoption.textDigest}`);
    }
    // A declaration may stand alone (no pledge); every other event is the pledge's.
    const mayOmitPledge = entry.kind === "declaration" && entry.pledge === null;
    if (!mayOmitPledge && entry.pledge !== pledge) throw new LogFormatError(`${where} names pledge ${entry.pledge ?? "-"}, not the bundle's pledge ${pledge}`);
  });
  if (!events.some((entry) => (entry.kind === "subscription" || entry.kind === "endorsement") && entry.pledge === pledge)) {
    throw new LogFormatError(`proof bundle: it holds no subscription or endorsement entry of its pledge ${pledge}`);
  }
}

function checkDeclarations(bundle: ProofBundle, entries: readonly LogEntry[]): void {
  bundle.declarations.forEach((declaration, i) => {
    const where = `proof bundle: declaration ${i + 1}`;
    const digest = at(where, () => textDigest(declaration.text));
    if (digest !== declaration.digest) throw new LogFormatError(`${where}: its text hashes to ${digest}, not to its digest ${declaration.digest}`);
    if (!entries.some((entry) => entry.kind === "declaration" && entry.declarationDigest === digest)) {
      throw new LogFormatError(`${where}: no declaration entry in the bundle has the declaration-digest ${digest}`);
    }
  });
}

/**
 * Checks a proof bundle and returns what it proves; throws a LogFormatError naming the first
 * problem. With `verifierKey` (the log's key from a trusted channel), the bundle's key must be it.
 */
export function verifyProofBundle(json: unknown, options: { verifierKey?: string } = {}): VerifiedBundle {
  const bundle = readBundle(json);
  const checkpoint = openBundleCheckpoint(bundle, options.verifierKey);
  const entries = bundle.entries.map((item) => verifyEntry(item, checkpoint));
  const indexes = bundle.entries.map((item) => item.index);
  checkStory(entries, indexes, bundle.pledge);
  checkDeclarations(bundle, entries);
  return { pledge: bundle.pledge, treeSize: checkpoint.treeSize, entries, indexes };
}
