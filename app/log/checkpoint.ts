// Checkpoints of Accord's log in the C2SP tlog-checkpoint format (https://c2sp.org/tlog-checkpoint):
// the body of a signed note (./note.ts) made of
//
//   <origin>\n                 the log's unique name, e.g. "accord.example.org/log"
//   <tree size>\n              ASCII decimal, no leading zeros
//   <base64 root hash>\n       the RFC 9162 Merkle tree hash (./merkle.ts), 32 bytes
//   [<extension line>\n ...]   optional, non-empty, opaque to this module
//
// Anyone holding the log's verifier key can check a checkpoint with any C2SP implementation,
// then check entries against its root with inclusion proofs and its history with consistency proofs.
import { fromBase64, toBase64 } from "./bytes";
import { LogFormatError } from "./errors";
import { HASH_SIZE } from "./merkle";
import { openNote, signNote, type NoteSignature, type NoteSigner, type NoteVerifier } from "./note";

export interface Checkpoint {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
}

export interface VerifiedCheckpoint extends Checkpoint {
  readonly signatures: NoteSignature[];
}

function requireLine(line: string, what: string): void {
  if (line === "") throw new LogFormatError(`checkpoint ${what} must not be empty`);
  if (line.includes("\n")) throw new LogFormatError(`checkpoint ${what} must be a single line`);
}

/** The checkpoint body: the text the log signs. */
export function formatCheckpoint({ origin, treeSize, rootHash, extensions }: Checkpoint): string {
  requireLine(origin, "origin");
  if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
    throw new LogFormatError(`checkpoint tree size must be a non-negative safe integer, got ${treeSize}`);
  }
  if (rootHash.length !== HASH_SIZE) {
    throw new LogFormatError(`checkpoint root hash must be ${HASH_SIZE} bytes, got ${rootHash.length}`);
  }
  extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
  return [origin, String(treeSize), toBase64(rootHash), ...extensions].map((line) => `${line}\n`).join("");
}

/** Reads a checkpoint body (the text of an opened note). */
export function parseCheckpoint(body: string): Checkpoint {
  if (!body.endsWith("\n")) throw new LogFormatError("checkpoint must end with a newline");
  const lines = body.slice(0, -1).split("\n");
  const [origin = "", size = "", root = "", ...extensions] = lines;
  if (lines.length < 3) throw new LogFormatError("checkpoint must have an origin, a tree size and a root hash line");
  requireLine(origin, "origin");
  extensions.forEach((line, i) => requireLine(line, `extension line ${i + 1}`));
  return { origin, treeSize: parseTreeSize(size), rootHash: parseRootHash(root), extensions };
}

function parseTreeSize(line: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(line)) {
    throw new LogFormatError("checkpoint tree size must be a decimal number without leading zeros");
  }
  const size = Number(line);
  if (!Number.isSafeInteger(size)) throw new LogFormatError(`checkpoint tree size ${line} is too large`);
  return size;
}

function parseRootHash(line: string): Uint8Array {
  const hash = fromBase64(line, "checkpoint root hash");
  if (hash.length !== HASH_SIZE) {
    throw new LogFormatError(`checkpoint root hash must be ${HASH_SIZE} bytes, got ${hash.length}`);
  }
  return hash;
}

/** The checkpoint as a signed note. */
export function signCheckpoint(checkpoint: Checkpoint, signers: readonly NoteSigner[]): string {
  return signNote(formatCheckpoint(checkpoint), signers);
}

/**
 * Opens a signed checkpoint: the note must carry a valid signature by one of `verifiers` and its
 * origin must be the expected one (a checkpoint of another log is refused even if well signed).
 */
export function openCheckpoint(
  note: string | Uint8Array,
  { origin, verifiers }: { origin: string; verifiers: readonly NoteVerifier[] },
): VerifiedCheckpoint {
  const opened = openNote(note, verifiers);
  const checkpoint = parseCheckpoint(opened.text);
  if (checkpoint.origin !== origin) {
    throw new LogFormatError(`checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the expected ${JSON.stringify(origin)}`);
  }
  return { ...checkpoint, signatures: opened.signatures };
}
