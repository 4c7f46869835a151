// The stored transparency log: the only module that touches `log_entries` and `log_checkpoints`
// (docs/decisions/014). Other domain modules render their events as canonical entries
// (app/log/entry.ts) and call `appendLogEntry` inside their own transaction, so an event, its log
// entry and the checkpoint that covers it are committed together or not at all.
//
// Proofs come from a MerkleTree of the leaf hashes kept on globalThis (docs/decisions/003), grown
// as entries are appended, so a proof over thousands of entries costs O(log n) hashes. The table
// is the truth: the tree is used only when its size and last leaf agree with the table's, and it is
// rebuilt from the table when they differ (a rolled-back append, a row it has not seen). They are
// compared again only when the database may have changed since, which is known without reading
// the table (see `currentTree`).
import { and, asc, desc, gte, lt } from "drizzle-orm";
import { currentDatabase, db, inTransaction, writeVersion, type DatabaseHandle } from "../../db/client";
import { logCheckpoints, logEntries as entriesTable } from "../../db/schema";
import {
  EMPTY_TREE_HASH,
  LogFormatError,
  MerkleTree,
  hashLeaf,
  openCheckpoint,
  parseEntry,
  parseVerifierKey,
  signCheckpoint,
  type VerifiedCheckpoint,
} from "../log";
import { utf8 } from "../log/bytes";
import { installLogKey, loadLogKey, logKey, logOriginFor } from "../log/key.server";
import { now } from "../lib/clock.server";
import { logKeyLocation, type Config } from "../lib/env.server";
import { RuleError } from "../lib/rule-error";

/** The most entries one call of `logEntries` returns. */
export const MAX_ENTRIES_PER_PAGE = 1000;

/** A request for entries or a proof the log cannot answer (out of range, malformed). */
export class LogRangeError extends RuleError {}

/** The log's stored data contradicts itself; found at start, the server refuses to run. */
export class LogIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export interface AppendedEntry {
  /** The entry's index (its leaf number, from 0). */
  index: number;
  /** The log's size with this entry. */
  treeSize: number;
  /** The signed checkpoint (C2SP signed note) of that size. */
  checkpoint: string;
}

export interface StoredCheckpoint {
  treeSize: number;
  rootHash: Uint8Array;
  /** The signed note, exactly as served at /log/checkpoint. */
  note: string;
  createdAt: Date;
}

export interface StoredEntry {
  index: number;
  /** The canonical entry text; its UTF-8 bytes are the leaf. */
  text: string;
  leafHash: Uint8Array;
}

export interface EntryPage {
  entries: StoredEntry[];
  /** The log's size when read. */
  treeSize: number;
  /** True when every requested entry is in the page (the range ended within the log). */
  complete: boolean;
}

// ---------------------------------------------------------------------------------------------
// The in-memory tree

interface LogTree {
  leaves: Uint8Array[];
  tree: MerkleTree;
  /** The connection the leaves were read from. */
  sqlite: Connection;
  /** The database's write version (db/client.ts) when the tree last agreed with the table, outside any transaction. */
  verifiedAt: string | null;
}

type Connection = DatabaseHandle["sqlite"];

const TREE = Symbol.for("accord.logTree");
type Registry = { [TREE]?: LogTree };

function rebuildTree(): LogTree {
  const { sqlite } = currentDatabase();
  const rows = db().select({ index: entriesTable.leafIndex, leafHash: entriesTable.leafHash }).from(entriesTable).orderBy(asc(entriesTable.leafIndex)).all();
  const leaves = rows.map((row, position) => {
    if (row.index !== position) throw new LogIntegrityError(`The log has no entry ${position}: its entries must be numbered from 0 without gaps.`);
    return new Uint8Array(row.leafHash);
  });
  const state: LogTree = { leaves, tree: new MerkleTree(leaves.length, leaves), sqlite, verifiedAt: null };
  (globalThis as Registry)[TREE] = state;
  return state;
}

// The reads of the check before every use, prepared once per connection and run on it directly:
// building a query costs more than the proof it guards, and this check runs for every proof.
function prepareChecks(sqlite: Connection) {
  return {
    lastEntry: sqlite.prepare<[], { index: number; leafHash: Buffer }>(
      "SELECT leaf_index AS [index], leaf_hash AS leafHash FROM log_entries ORDER BY leaf_index DESC LIMIT 1",
    ),
  };
}
type Checks = ReturnType<typeof prepareChecks>;
const preparedChecks = new WeakMap<Connection, Checks>();

function checksFor(sqlite: Connection): Checks {
  let checks = preparedChecks.get(sqlite);
  if (!checks) {
    checks = prepareChecks(sqlite);
    preparedChecks.set(sqlite, checks);
  }
  return checks;
}

/**
 * The tree of exactly the table's leaves: the kept one when its size and last leaf agree with the
 * table's, else one rebuilt from the table.
 *
 * The guarantee, as before: nothing is served from a tree that disagrees with the table in size or
 * last leaf (the full check, every leaf hash against its text and the root against the signed
 * checkpoint, runs at start). The table changes only by a write, and every write moves the
 * database's write version (`writeVersion()` in db/client.ts: total_changes() of the one connection
 * both bundles share, which keeps counting through a rollback, and data_version, which moves when
 * any other connection, a sqlite3 shell or another process, commits). Only dropping the table
 * through this connection would go uncounted, and nothing does. So while the version is the one read
 * when the tree last agreed, the table is as it was then and comparing again would find the same:
 * the tree is used without reading the table. Any write, to any table, makes the next use compare.
 *
 * Inside a transaction there is no version to trust (what the transaction wrote can still be rolled
 * back without moving it: an append rolled back leaves the tree with a leaf the table lost). There
 * the table is compared on every use (cheap: the transaction already holds its snapshot), and a
 * version is recorded only outside one.
 */
function currentTree(): LogTree {
  const { sqlite } = currentDatabase();
  const checks = checksFor(sqlite);
  // Read before the check: a write that lands during it moves the version, so the next use checks again.
  const stamp = writeVersion();
  const kept = (globalThis as Registry)[TREE];
  if (kept !== undefined && stamp !== null && kept.sqlite === sqlite && kept.verifiedAt === stamp) return kept;
  const state = treeOfTable(kept, sqlite, checks);
  state.verifiedAt = stamp;
  return state;
}

/** The kept tree when its size and last leaf agree with the table, else one rebuilt from it. */
function treeOfTable(kept: LogTree | undefined, sqlite: Connection, checks: Checks): LogTree {
  const last = checks.lastEntry.get();
  const size = last ? last.index + 1 : 0;
  const agrees =
    kept !== undefined &&
    kept.sqlite === sqlite &&
    kept.leaves.length === size &&
    (last === undefined || Buffer.from(kept.leaves[size - 1] ?? []).equals(last.leafHash));
  return agrees ? kept : rebuildTree();
}

/** Forgets the in-memory tree; the next use rebuilds it from the table. */
export function forgetLogTree(): void {
  delete (globalThis as Registry)[TREE];
}

// ---------------------------------------------------------------------------------------------
// Writing

function storeCheckpoint(treeSize: number, rootHash: Uint8Array): string {
  const key = logKey();
  const note = signCheckpoint({ origin: key.origin, treeSize, rootHash, extensions: [] }, [key.signer]);
  db().insert(logCheckpoints).values({ treeSize, rootHash: Buffer.from(rootHash), note, createdAt: now() }).run();
  return note;
}

/**
 * Appends a canonical entry (`accord-log-entry/1`) and signs the checkpoint of the new size, in the
 * caller's transaction when there is one (as a savepoint), else in its own. Throws LogFormatError,
 * before writing anything, when the text is not a valid entry.
 */
export function appendLogEntry(entryText: string): AppendedEntry {
  parseEntry(entryText);
  return inTransaction(() => {
    const state = currentTree();
    const index = state.leaves.length;
    const leafHash = hashLeaf(utf8(entryText));
    db().insert(entriesTable).values({ leafIndex: index, entry: entryText, leafHash: Buffer.from(leafHash), recordedAt: now() }).run();
    state.leaves.push(leafHash);
    state.tree.grow(index + 1);
    const checkpoint = storeCheckpoint(index + 1, state.tree.rootHash());
    return { index, treeSize: index + 1, checkpoint };
  });
}

// ---------------------------------------------------------------------------------------------
// Start

export interface LogStart {
  origin: string;
  treeSize: number;
  /** True when the key was generated on this start. */
  generatedKey: boolean;
}

/**
 * Loads the signing key (generating it at the default place on a log's first start), checks that the
 * stored log is whole and signed by that key, installs the key and the tree, and signs the empty
 * checkpoint when the log has none. Throws LogKeyError or LogIntegrityError with a message for the operator.
 */
export function openTransparencyLog(current: Config): LogStart {
  const location = logKeyLocation(current);
  const latest = latestStoredCheckpoint();
  const key = loadLogKey({ file: location.path, mayGenerate: location.isDefault && latest === null, origin: logOriginFor(current.publicOrigin) });
  return inTransaction(() => {
    const state = rebuildTree();
    checkStoredLog(state, latest, key.verifierKey, key.origin);
    installLogKey(key);
    if (latest === null) storeCheckpoint(0, EMPTY_TREE_HASH);
    return { origin: key.origin, treeSize: state.leaves.length, generatedKey: key.generated };
  });
}

// Every leaf hash is the hash of its text, the entries are covered by the latest checkpoint, its
// root is theirs, and the key in use signed it.
function checkStoredLog(state: LogTree, latest: StoredCheckpoint | null, verifierKey: string, origin: string): void {
  const size = state.leaves.length;
  const rows = db().select({ index: entriesTable.leafIndex, entry: entriesTable.entry }).from(entriesTable).orderBy(asc(entriesTable.leafIndex)).all();
  for (const row of rows) {
    if (!Buffer.from(hashLeaf(utf8(row.entry))).equals(state.leaves[row.index] ?? new Uint8Array())) {
      throw new LogIntegrityError(`Log entry ${row.index}: its stored leaf hash is not the hash of its text; the log tables were changed outside Accord.`);
    }
  }
  if (latest === null) {
    if (size > 0) throw new LogIntegrityError(`The log has ${size} entries but no checkpoint; the log tables were changed outside Accord.`);
    return;
  }
  if (latest.treeSize !== size) {
    throw new LogIntegrityError(
      `The log has ${size} entries but its latest checkpoint is for ${latest.treeSize}; the log tables were changed outside Accord.`,
    );
  }
  if (!Buffer.from(state.tree.rootHash()).equals(latest.rootHash)) {
    throw new LogIntegrityError(`The root of the log's ${size} entries is not the root of its latest checkpoint; the log tables were changed outside Accord.`);
  }
  let signed: VerifiedCheckpoint;
  try {
    signed = openCheckpoint(latest.note, { origin, verifiers: [parseVerifierKey(verifierKey)] });
  } catch (error) {
    if (!(error instanceof LogFormatError)) throw error;
    throw new LogIntegrityError(
      `The log's latest checkpoint (size ${latest.treeSize}) does not verify with the key in use (${verifierKey}): ${error.message}. ` +
        "Start with the key file that signed it; a key is rotated as docs/decisions/014 describes.",
    );
  }
  // The note is what /log/checkpoint serves: a genuine note of another size in this row would pass every check above.
  if (signed.treeSize !== size || !Buffer.from(signed.rootHash).equals(latest.rootHash)) {
    throw new LogIntegrityError(
      `The log's latest checkpoint (size ${size}) holds the signed note of another tree (size ${signed.treeSize}); the log tables were changed outside Accord.`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Reading

function latestStoredCheckpoint(): StoredCheckpoint | null {
  const row = db().select().from(logCheckpoints).orderBy(desc(logCheckpoints.treeSize)).limit(1).get();
  return row ? { treeSize: row.treeSize, rootHash: new Uint8Array(row.rootHash), note: row.note, createdAt: row.createdAt } : null;
}

/** The checkpoint of the log's current size. */
export function latestCheckpoint(): StoredCheckpoint {
  const latest = latestStoredCheckpoint();
  if (!latest) throw new Error("The log has no checkpoint yet: call openTransparencyLog() at start.");
  return latest;
}

/** The verifier key (C2SP vkey) of the log's signing key. */
export function logVerifierKey(): string {
  return logKey().verifierKey;
}

/** The log's origin: the first line of its checkpoints. */
export function logOrigin(): string {
  return logKey().origin;
}

function requireCount(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new LogRangeError(`${name} must be a whole number, 0 or more`, name);
}

/**
 * Entries [start, end): at most MAX_ENTRIES_PER_PAGE, cut at the log's size (then `complete` is
 * false). Throws LogRangeError when the range is empty, too long, or starts beyond the log.
 */
export function logEntries(start: number, end: number): EntryPage {
  requireCount(start, "start");
  requireCount(end, "end");
  if (end <= start) throw new LogRangeError(`end (${end}) must be greater than start (${start})`, "end");
  if (end - start > MAX_ENTRIES_PER_PAGE) {
    throw new LogRangeError(`at most ${MAX_ENTRIES_PER_PAGE} entries are served at a time: ask for end ${start + MAX_ENTRIES_PER_PAGE} or less`, "end");
  }
  const treeSize = currentTree().leaves.length;
  if (start >= treeSize) {
    throw new LogRangeError(`start (${start}) is beyond the log, which has ${treeSize} ${treeSize === 1 ? "entry" : "entries"}`, "start");
  }
  const rows = db()
    .select()
    .from(entriesTable)
    .where(and(gte(entriesTable.leafIndex, start), lt(entriesTable.leafIndex, end)))
    .orderBy(asc(entriesTable.leafIndex))
    .all();
  return {
    entries: rows.map((row) => ({ index: row.leafIndex, text: row.entry, leafHash: new Uint8Array(row.leafHash) })),
    treeSize,
    complete: end <= treeSize,
  };
}

export interface InclusionProof {
  index: number;
  treeSize: number;
  leafHash: Uint8Array;
  /** The audit path, nearest the leaf first (RFC 9162 section 2.1.3.1). */
  hashes: Uint8Array[];
}

/** The proof that entry `index` is in the tree of `size` (1 to the log's size). */
export function inclusionProof(index: number, size: number): InclusionProof {
  requireCount(index, "index");
  requireCount(size, "size");
  const { leaves, tree } = currentTree();
  if (size > leaves.length) throw new LogRangeError(`size (${size}) is larger than the log, which has ${leaves.length} entries`, "size");
  if (index >= size) throw new LogRangeError(`index (${index}) must be smaller than size (${size})`, "index");
  return { index, treeSize: size, leafHash: leaves[index] as Uint8Array, hashes: tree.inclusionProof(index, size) };
}

export interface ConsistencyProof {
  from: number;
  to: number;
  /** RFC 9162 section 2.1.4.1; empty when `from` is 0 or equals `to`. */
  hashes: Uint8Array[];
}

/** The proof that the tree of size `to` extends the tree of size `from` (0 <= from <= to <= the log's size). */
export function consistencyProof(from: number, to: number): ConsistencyProof {
  requireCount(from, "from");
  requireCount(to, "to");
  const { leaves, tree } = currentTree();
  if (to > leaves.length) throw new LogRangeError(`to (${to}) is larger than the log, which has ${leaves.length} entries`, "to");
  if (from > to) throw new LogRangeError(`from (${from}) must not be larger than to (${to})`, "from");
  return { from, to, hashes: tree.consistencyProof(from, to) };
}
