// A verifier of Accord's transparency log that runs in the reader's browser, written from the
// published formats alone and independent of the server's own log code (app/log uses node:crypto;
// this module uses only WebCrypto): a person who does not trust Accord's server should not have
// to trust the server's code either, only the formats and the browser's SHA-256 and Ed25519.
//
// What it implements, and nothing more:
//   - verifier keys in the C2SP vkey form "<name>+<hex key ID>+<base64(0x01 || public key)>";
//   - C2SP signed notes: text, a blank line, lines "— <key name> <base64(4-byte key ID || Ed25519
//     signature)>"; the key ID is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public key);
//   - C2SP tlog-checkpoint bodies: origin, decimal tree size, base64 root hash;
//   - RFC 9162 hashing: leaf SHA-256(0x00 || entry), node SHA-256(0x01 || left || right), roots
//     and inclusion proofs (section 2.1.3.2);
//   - `accord-log-entry/1` entries: their lines, each field's form and which fields each kind has;
//     and proof bundles `accord-proof-bundle/1` (docs/decisions/017).
// Every refusal is a VerificationProblem whose message says what is wrong, for a person to read.

export class VerificationProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerificationProblem";
  }
}

type Bytes = Uint8Array<ArrayBuffer>;

const HASH_SIZE = 32;
const ED25519_TYPE = 0x01;
const SIGNATURE_PREFIX = "\u2014 ";
const ENTRY_FORMAT = "accord-log-entry/1";
const ENTRY_KEYS = ["kind", "state", "edition", "text-digest", "effective-date", "recorded", "pledge", "declaration-digest"] as const;
const PAGE = 1000;
/** Problems listed one by one before the rest are only counted, so a badly broken log stays readable. */
const MAX_LISTED_PROBLEMS = 20;

// ---------------------------------------------------------------------------------------------
// Bytes

const encoder = new TextEncoder();

function utf8(text: string): Bytes {
  return encoder.encode(text) as Bytes;
}

function concat(...parts: readonly Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export async function sha256(...parts: readonly Uint8Array[]): Promise<Bytes> {
  return new Uint8Array(await globalThis.crypto.subtle.digest("SHA-256", concat(...parts)));
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function fromHex(text: string, what: string): Bytes {
  if (text.length !== HASH_SIZE * 2 || !/^[0-9a-f]*$/.test(text)) {
    throw new VerificationProblem(`${what} must be ${HASH_SIZE * 2} lower-case hexadecimal digits`);
  }
  return Uint8Array.from({ length: HASH_SIZE }, (_, i) => Number.parseInt(text.slice(2 * i, 2 * i + 2), 16));
}

function toBase64(bytes: Uint8Array): string {
  return btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join(""));
}

/** Standard padded base64, canonical only: one value has one accepted spelling. */
function fromBase64(text: string, what: string): Bytes {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new VerificationProblem(`${what} is not standard padded base64`);
  const bytes = Uint8Array.from(atob(text), (char) => char.charCodeAt(0));
  if (toBase64(bytes) !== text) throw new VerificationProblem(`${what} is not canonical base64`);
  return bytes;
}

// ---------------------------------------------------------------------------------------------
// Keys and signed notes

export interface VerifierKey {
  readonly text: string;
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Bytes;
}

async function computeKeyId(name: string, publicKey: Uint8Array): Promise<number> {
  const digest = await sha256(utf8(`${name}\n`), Uint8Array.of(ED25519_TYPE), publicKey);
  return new DataView(digest.buffer).getUint32(0);
}

function hexKeyId(id: number): string {
  return id.toString(16).padStart(8, "0");
}

/** Reads a verifier key; its key ID must be the one its name and public key give. */
export async function parseVerifierKey(text: string): Promise<VerifierKey> {
  const parts = text.split("+");
  if (parts.length < 3) throw new VerificationProblem("the verifier key must have the form <name>+<key ID>+<key data>");
  const [name = "", hex = ""] = parts;
  if (name === "" || /[\s\p{Cc}]/u.test(name)) throw new VerificationProblem("the verifier key's name must be non-empty, without spaces or control characters");
  if (!/^[0-9a-f]{8}$/.test(hex)) throw new VerificationProblem("the verifier key's key ID must be 8 lower-case hexadecimal digits");
  // Base64 may itself contain "+": everything after the key ID is key data.
  const data = fromBase64(parts.slice(2).join("+"), "the verifier key's key data");
  if (data.length !== 33 || data[0] !== ED25519_TYPE) throw new VerificationProblem("the verifier key is not an Ed25519 key (type 0x01 and 32 bytes)");
  const publicKey = data.slice(1);
  const keyId = Number.parseInt(hex, 16);
  if ((await computeKeyId(name, publicKey)) !== keyId) {
    throw new VerificationProblem("the verifier key's key ID does not match its name and public key");
  }
  return { text, name, keyId, publicKey };
}

export interface NoteSignatureLine {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Bytes;
}

export interface SignedNote {
  /** The signed text, with its final newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignatureLine[];
}

/** Splits a signed note into its text and signature lines, refusing a malformed note. */
export function parseNote(note: string): SignedNote {
  if ([...note].some((char) => char < " " && char !== "\n")) throw new VerificationProblem("the note contains a control character");
  const split = note.lastIndexOf("\n\n");
  if (split < 0) throw new VerificationProblem("the note has no blank line before its signatures");
  const block = note.slice(split + 2);
  if (block === "" || !block.endsWith("\n")) throw new VerificationProblem("the note's signatures must end with a newline");
  const signatures = block
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      const what = `signature line ${i + 1}`;
      if (!line.startsWith(SIGNATURE_PREFIX)) throw new VerificationProblem(`${what} must start with an em dash and a space`);
      const [name = "", base64 = "", extra] = line.slice(SIGNATURE_PREFIX.length).split(" ");
      if (name === "" || extra !== undefined) throw new VerificationProblem(`${what} must be "— <key name> <signature>"`);
      const raw = fromBase64(base64, `${what}'s signature`);
      if (raw.length !== 4 + 64) throw new VerificationProblem(`${what} must hold a 4-byte key ID and a 64-byte Ed25519 signature`);
      return { name, keyId: new DataView(raw.buffer).getUint32(0), signature: raw.slice(4) };
    });
  return { text: note.slice(0, split + 1), signatures };
}

async function ed25519Verify(publicKey: Bytes, signature: Bytes, message: Bytes): Promise<boolean> {
  const key = await globalThis.crypto.subtle.importKey("raw", publicKey, { name: "Ed25519" }, false, ["verify"]);
  return globalThis.crypto.subtle.verify({ name: "Ed25519" }, key, signature, message);
}

/** Returns the note's text when it carries a valid signature by `key`; throws otherwise. */
export async function openNote(note: string, key: VerifierKey): Promise<string> {
  const { text, signatures } = parseNote(note);
  const ours = signatures.filter((line) => line.name === key.name && line.keyId === key.keyId);
  if (ours.length === 0) throw new VerificationProblem(`the note has no signature by the key ${key.name}+${hexKeyId(key.keyId)}`);
  for (const line of ours) {
    if (!(await ed25519Verify(key.publicKey, line.signature, utf8(text)))) {
      throw new VerificationProblem(`the signature by ${key.name}+${hexKeyId(key.keyId)} does not verify: the note was changed or signed by another key`);
    }
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Checkpoints

export interface CheckpointBody {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Bytes;
}

export function parseCheckpointBody(text: string): CheckpointBody {
  const lines = text.endsWith("\n") ? text.slice(0, -1).split("\n") : [];
  const [origin = "", size = "", root = ""] = lines;
  if (lines.length < 3 || origin === "") throw new VerificationProblem("the checkpoint must have an origin, a tree size and a root hash line");
  if (!/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) {
    throw new VerificationProblem("the checkpoint's tree size must be a decimal number without leading zeros");
  }
  const rootHash = fromBase64(root, "the checkpoint's root hash");
  if (rootHash.length !== HASH_SIZE) throw new VerificationProblem(`the checkpoint's root hash must be ${HASH_SIZE} bytes`);
  return { origin, treeSize: Number(size), rootHash };
}

/** Opens a signed checkpoint with `key`; its origin must be the key's name, as Accord's log signs it. */
export async function openCheckpoint(note: string, key: VerifierKey): Promise<CheckpointBody> {
  const checkpoint = parseCheckpointBody(await openNote(note, key));
  if (checkpoint.origin !== key.name) {
    throw new VerificationProblem(`the checkpoint's origin ${JSON.stringify(checkpoint.origin)} is not the log's name ${JSON.stringify(key.name)}`);
  }
  return checkpoint;
}

// ---------------------------------------------------------------------------------------------
// RFC 9162 hashing

export function hashLeaf(entryText: string): Promise<Bytes> {
  return sha256(Uint8Array.of(0x00), utf8(entryText));
}

function hashChildren(left: Uint8Array, right: Uint8Array): Promise<Bytes> {
  return sha256(Uint8Array.of(0x01), left, right);
}

/**
 * MTH of the leaf hashes, level by level: pairing neighbours and carrying an odd last node up
 * unchanged gives the same tree as the RFC's split at the largest power of two, without recursion.
 */
export async function rootOfLeaves(leaves: readonly Bytes[]): Promise<Bytes> {
  if (leaves.length === 0) return sha256();
  let level = leaves;
  while (level.length > 1) {
    const next: Bytes[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(await hashChildren(level[i] as Bytes, level[i + 1] as Bytes));
    if (level.length % 2 === 1) next.push(level[level.length - 1] as Bytes);
    level = next;
  }
  return level[0] as Bytes;
}

/** The root an inclusion proof leads to (RFC 9162 section 2.1.3.2); throws when it cannot fit the index and size. */
export async function rootFromInclusionProof(index: number, treeSize: number, leafHash: Bytes, proof: readonly Bytes[]): Promise<Bytes> {
  if (!Number.isSafeInteger(index) || index < 0 || index >= treeSize) throw new VerificationProblem(`index ${index} is not in a tree of size ${treeSize}`);
  let fn = index;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new VerificationProblem(`the inclusion proof of entry ${index} is longer than a tree of size ${treeSize} needs`);
    if (fn % 2 === 1 || fn === sn) {
      r = await hashChildren(p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new VerificationProblem(`the inclusion proof of entry ${index} is shorter than a tree of size ${treeSize} needs`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// Entries

export type EntryFields = Readonly<Record<(typeof ENTRY_KEYS)[number], string>>;

const ENTRY_KINDS = ["adoption", "subscription", "endorsement", "withdrawal", "declaration"] as const;
const NONE = "-";
const HEX_DIGEST = /^[0-9a-f]{64}$/;

function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isUtcInstant(value: string): boolean {
  const date = new Date(value);
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

// Each field's value as the format defines it ("-", for a field that may be empty, is checked by kind below).
const VALUE_RULES: Record<(typeof ENTRY_KEYS)[number], { test: (value: string) => boolean; rule: string }> = {
  kind: { test: (v) => (ENTRY_KINDS as readonly string[]).includes(v), rule: `one of ${ENTRY_KINDS.join(", ")}` },
  state: { test: (v) => /^[A-Z]{2}$/.test(v), rule: "two upper-case letters or -" },
  edition: { test: (v) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v) && v.length <= 100, rule: "a slug of a-z, 0-9 and single hyphens, at most 100 characters" },
  "text-digest": { test: (v) => HEX_DIGEST.test(v), rule: "64 lower-case hexadecimal digits" },
  "effective-date": { test: isCalendarDate, rule: "a calendar date YYYY-MM-DD" },
  recorded: { test: isUtcInstant, rule: "a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ" },
  pledge: { test: (v) => /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v), rule: "1 to 64 letters, digits, - or _, or -" },
  "declaration-digest": { test: (v) => HEX_DIGEST.test(v), rule: "64 lower-case hexadecimal digits or -" },
};

type Presence = "required" | "none" | "optional";
const MAY_BE_NONE: ReadonlySet<string> = new Set(["state", "pledge", "declaration-digest"]);
// Which of the fields that may be "-" each kind needs ("required") or has none of ("none").
const PRESENCE: Record<(typeof ENTRY_KINDS)[number], Record<"state" | "pledge" | "declaration-digest", Presence>> = {
  adoption: { state: "none", pledge: "none", "declaration-digest": "none" },
  subscription: { state: "required", pledge: "required", "declaration-digest": "none" },
  endorsement: { state: "required", pledge: "required", "declaration-digest": "none" },
  withdrawal: { state: "required", pledge: "required", "declaration-digest": "none" },
  declaration: { state: "required", pledge: "optional", "declaration-digest": "required" },
};

/**
 * The fields of an `accord-log-entry/1` text, in their fixed order ("-" for an empty field), each
 * value of its field's form and the fields present or "-" as the entry's kind requires.
 */
export function entryFields(text: string): EntryFields {
  if (!text.endsWith("\n") || text.includes("\r")) throw new VerificationProblem("the entry must be LF-terminated lines");
  if (text.normalize("NFC") !== text) throw new VerificationProblem("the entry is not in Unicode normalisation form C (NFC)");
  const [format, ...lines] = text.slice(0, -1).split("\n");
  if (format !== ENTRY_FORMAT) throw new VerificationProblem(`the entry does not start with ${ENTRY_FORMAT}`);
  if (lines.length !== ENTRY_KEYS.length) throw new VerificationProblem(`the entry must have ${ENTRY_KEYS.length} fields after its first line`);
  const fields: Record<string, string> = {};
  ENTRY_KEYS.forEach((key, i) => {
    const match = /^([a-z-]+) (\S+)$/.exec(lines[i] ?? "");
    if (!match || match[1] !== key) throw new VerificationProblem(`line ${i + 2} of the entry must be "${key} <value>"`);
    const value = match[2] as string;
    const { test, rule } = VALUE_RULES[key];
    if (!(value === NONE && MAY_BE_NONE.has(key)) && !test(value)) throw new VerificationProblem(`line ${i + 2} of the entry: ${key} must be ${rule}`);
    fields[key] = value;
  });
  const kind = fields.kind as (typeof ENTRY_KINDS)[number];
  const aKind = `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
  for (const [key, presence] of Object.entries(PRESENCE[kind])) {
    if (presence === "required" && fields[key] === NONE) throw new VerificationProblem(`the entry is ${aKind} without a ${key}`);
    if (presence === "none" && fields[key] !== NONE) throw new VerificationProblem(`the entry is ${aKind}, which has no ${key} (-)`);
  }
  return fields as EntryFields;
}

// ---------------------------------------------------------------------------------------------
// The whole log

export interface LogCheckResult {
  ok: boolean;
  treeSize: number;
  /** The checkpoint's root in hex (empty when no checkpoint could be read). */
  rootHex: string;
  keyName: string;
  problems: string[];
}

export interface LogCheckProgress {
  /** Entries fetched and hashed so far. */
  done: number;
  total: number;
}

export type FetchFn = (path: string) => Promise<Response>;

async function fetchText(fetchFn: FetchFn, path: string): Promise<string> {
  const response = await fetchFn(path);
  const body = await response.text();
  if (!response.ok) throw new VerificationProblem(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class ProblemList {
  readonly listed: string[] = [];
  private more = 0;
  add(problem: string): void {
    if (this.listed.length < MAX_LISTED_PROBLEMS) this.listed.push(problem);
    else this.more++;
  }
  all(): string[] {
    return this.more ? [...this.listed, `and ${this.more} more problems of the same kinds`] : this.listed;
  }
}

async function fetchPage(fetchFn: FetchFn, start: number, end: number): Promise<unknown[]> {
  const path = `/log/entries?start=${start}&end=${end}`;
  const body: unknown = JSON.parse(await fetchText(fetchFn, path));
  if (!isRecord(body) || !Array.isArray(body.entries) || body.entries.length === 0) throw new VerificationProblem(`${path} returned no entries`);
  return body.entries as unknown[];
}

// Hashes each served entry's text and compares it with the served leaf hash; the recomputed hash is the leaf, whatever was served.
async function checkEntry(item: unknown, index: number, problems: ProblemList): Promise<Bytes> {
  if (!isRecord(item) || item.index !== index || typeof item.text !== "string") {
    problems.add(`entry ${index}: the server's answer is not {index: ${index}, text, leafHash}`);
    return sha256();
  }
  const leaf = await hashLeaf(item.text);
  try {
    entryFields(item.text);
  } catch (error) {
    problems.add(`entry ${index}: ${(error as Error).message}`);
  }
  if (item.leafHash !== toHex(leaf)) problems.add(`entry ${index}: its text hashes to leaf ${toHex(leaf)}, but the server gives ${String(item.leafHash)}`);
  return leaf;
}

/**
 * Fetches the key, the latest checkpoint and every entry through `fetchFn` (paths such as
 * "/log/key"), and checks the checkpoint's signature and origin, every entry's leaf hash, and the
 * root of all leaves against the checkpoint's root.
 */
export async function verifyLogInBrowser(fetchFn: FetchFn, onProgress: (progress: LogCheckProgress) => void = () => {}): Promise<LogCheckResult> {
  const problems = new ProblemList();
  const result = (treeSize: number, rootHex: string, keyName: string): LogCheckResult => {
    const all = problems.all();
    return { ok: all.length === 0, treeSize, rootHex, keyName, problems: all };
  };
  let key: VerifierKey;
  let checkpoint: CheckpointBody;
  try {
    key = await parseVerifierKey((await fetchText(fetchFn, "/log/key")).trim());
    checkpoint = await openCheckpoint(await fetchText(fetchFn, "/log/checkpoint"), key);
  } catch (error) {
    problems.add(messageOf(error));
    return result(0, "", "");
  }
  const leaves: Bytes[] = [];
  onProgress({ done: 0, total: checkpoint.treeSize });
  try {
    while (leaves.length < checkpoint.treeSize) {
      const start = leaves.length;
      const page = await fetchPage(fetchFn, start, Math.min(start + PAGE, checkpoint.treeSize));
      for (const item of page.slice(0, checkpoint.treeSize - start)) leaves.push(await checkEntry(item, leaves.length, problems));
      onProgress({ done: leaves.length, total: checkpoint.treeSize });
    }
  } catch (error) {
    problems.add(messageOf(error));
    return result(checkpoint.treeSize, toHex(checkpoint.rootHash), key.name);
  }
  const root = await rootOfLeaves(leaves);
  if (!equalBytes(root, checkpoint.rootHash)) {
    problems.add(`the root of the ${leaves.length} entries (${toHex(root)}) is not the signed checkpoint's root (${toHex(checkpoint.rootHash)})`);
  }
  return result(checkpoint.treeSize, toHex(checkpoint.rootHash), key.name);
}

function messageOf(error: unknown): string {
  if (error instanceof VerificationProblem) return error.message;
  if (error instanceof SyntaxError) return `the server's answer is not JSON: ${error.message}`;
  return `the check could not run: ${error instanceof Error ? error.message : String(error)}`;
}

// ---------------------------------------------------------------------------------------------
// Proof bundles (accord-proof-bundle/1, docs/decisions/017)

export const BUNDLE_FORMAT = "accord-proof-bundle/1";

export interface BundleEntry {
  index: number;
  text: string;
  fields: EntryFields;
}

export interface BundleCheckResult {
  pledge: string;
  treeSize: number;
  /** The verifier key the bundle carries, which signed its checkpoint. */
  verifierKey: string;
  keyName: string;
  entries: BundleEntry[];
}

function field<T>(value: unknown, test: (value: unknown) => value is T, what: string): T {
  if (!test(value)) throw new VerificationProblem(`the bundle's ${what}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isPledgeId = (value: unknown): value is string => isString(value) && value !== "";
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);

/**
 * Checks a proof bundle on its own, with the key it carries (or `pinnedKey`, which the bundle's
 * key must then equal): the signed checkpoint, every entry's leaf hash and inclusion proof, every
 * declaration's digest, and that the entries are the adoption of one edition followed by events
 * of the one pledge. Throws a VerificationProblem naming the first thing wrong.
 */
export async function verifyBundleInBrowser(bundleJson: string | unknown, pinnedKey?: string): Promise<BundleCheckResult> {
  let bundle: unknown = bundleJson;
  if (typeof bundleJson === "string") {
    try {
      bundle = JSON.parse(bundleJson);
    } catch {
      throw new VerificationProblem("the file is not JSON, so it is not a proof bundle");
    }
  }
  if (!isRecord(bundle) || bundle.format !== BUNDLE_FORMAT) throw new VerificationProblem(`the file is not a proof bundle (format ${BUNDLE_FORMAT})`);
  const pledge = field(bundle.pledge, isPledgeId, "pledge must be a non-empty string");
  const vkey = field(bundle.verifierKey, isString, "verifierKey must be a string");
  const note = field(bundle.checkpoint, isString, "checkpoint must be a signed note");
  const treeSize = field(bundle.treeSize, isCount, "treeSize must be a whole number");
  const items = field(bundle.entries, isArray, "entries must be a list");
  const declarations = field(bundle.declarations, isArray, "declarations must be a list");
  if (pinnedKey !== undefined && vkey !== pinnedKey) throw new VerificationProblem(`the bundle's key ${vkey} is not the log's key ${pinnedKey}`);
  const key = await parseVerifierKey(vkey);
  const checkpoint = await openCheckpoint(note, key);
  if (checkpoint.treeSize !== treeSize) throw new VerificationProblem(`the bundle says tree size ${treeSize}, its checkpoint ${checkpoint.treeSize}`);
  const entries: BundleEntry[] = [];
  for (const [position, item] of items.entries()) entries.push(await checkBundleEntry(item, position, checkpoint));
  checkBundleStory(entries, pledge);
  for (const [position, item] of declarations.entries()) await checkDeclaration(item, position, entries);
  return { pledge, treeSize, verifierKey: vkey, keyName: key.name, entries };
}

async function checkBundleEntry(item: unknown, position: number, checkpoint: CheckpointBody): Promise<BundleEntry> {
  const what = `entry ${position + 1} of the bundle`;
  if (!isRecord(item) || !isCount(item.index) || !isString(item.text) || !isString(item.leafHash) || !isArray(item.inclusionProof)) {
    throw new VerificationProblem(`${what} must be {index, text, leafHash, inclusionProof}`);
  }
  const fields = fieldsOf(item.text, what);
  const leaf = await hashLeaf(item.text);
  if (toHex(leaf) !== item.leafHash) throw new VerificationProblem(`${what} (log entry ${item.index}): its text hashes to ${toHex(leaf)}, not to its leafHash ${item.leafHash}`);
  const proof = item.inclusionProof.map((hash, i) => fromHex(String(hash), `${what}: inclusion proof hash ${i}`));
  const root = await rootFromInclusionProof(item.index, checkpoint.treeSize, leaf, proof);
  if (!equalBytes(root, checkpoint.rootHash)) {
    throw new VerificationProblem(`${what} (log entry ${item.index}): its inclusion proof does not lead to the checkpoint's root at size ${checkpoint.treeSize}`);
  }
  return { index: item.index, text: item.text, fields };
}

function fieldsOf(text: string, what: string): EntryFields {
  try {
    return entryFields(text);
  } catch (error) {
    throw new VerificationProblem(`${what}: ${(error as Error).message}`);
  }
}

// The adoption of one edition comes first; every other entry names that edition and text, one state and the pledge,
// and one of them is the pledge itself (its subscription or endorsement): without it the bundle proves nothing of the pledge.
function checkBundleStory(entries: readonly BundleEntry[], pledge: string): void {
  const [adoption, ...events] = entries;
  if (!adoption || adoption.fields.kind !== "adoption") throw new VerificationProblem("the bundle's first entry must be the adoption of the edition");
  const states = new Set(events.map((entry) => entry.fields.state));
  if (states.size > 1) throw new VerificationProblem(`the bundle's entries name more than one state: ${[...states].join(", ")}`);
  for (const entry of events) {
    const what = `log entry ${entry.index}`;
    if (entry.fields.kind === "adoption") throw new VerificationProblem(`${what} is a second adoption; a bundle holds one`);
    if (entry.fields.edition !== adoption.fields.edition || entry.fields["text-digest"] !== adoption.fields["text-digest"]) {
      throw new VerificationProblem(`${what} names edition ${entry.fields.edition} with text ${entry.fields["text-digest"]}, not the adopted ${adoption.fields.edition} with text ${adoption.fields["text-digest"]}`);
    }
    const optional = entry.fields.kind === "declaration" && entry.fields.pledge === "-";
    if (!optional && entry.fields.pledge !== pledge) throw new VerificationProblem(`${what} names pledge ${entry.fields.pledge}, not the bundle's pledge ${pledge}`);
  }
  if (!events.some((entry) => (entry.fields.kind === "subscription" || entry.fields.kind === "endorsement") && entry.fields.pledge === pledge)) {
    throw new VerificationProblem(`the bundle holds no subscription or endorsement entry of its pledge ${pledge}`);
  }
}

async function checkDeclaration(item: unknown, position: number, entries: readonly BundleEntry[]): Promise<void> {
  const what = `declaration ${position + 1} of the bundle`;
  if (!isRecord(item) || !isString(item.text) || !isString(item.digest)) throw new VerificationProblem(`${what} must be {text, digest}`);
  if (item.text.normalize("NFC") !== item.text) throw new VerificationProblem(`${what}: its text is not in Unicode normalisation form C (NFC)`);
  const digest = toHex(await sha256(utf8(item.text)));
  if (digest !== item.digest) throw new VerificationProblem(`${what}: its text hashes to ${digest}, not to its digest ${item.digest}`);
  const entry = entries.find((candidate) => candidate.fields.kind === "declaration" && candidate.fields["declaration-digest"] === digest);
  if (!entry) throw new VerificationProblem(`${what}: no declaration entry in the bundle has the digest ${digest}`);
}
