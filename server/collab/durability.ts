// The durable path of a loaded document: every update applied to the server's Y.Doc after loading is
// journaled, and the journal is appended to SQLite in one transaction per turn of the event loop (group
// commit); the sender's confirmation is held until the transaction holding its update has committed.
// The server repairs merges that left the schema; the log is compacted (docs/decisions/011).
import type { Connection, Document } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";
import {
  appendDocumentUpdates,
  compactDocument,
  countDocumentUpdates,
  loadDocumentUpdate,
} from "../../app/models/document.server";
import type { AcceptedUpdate } from "../../app/models/document.server";
import { repairYDoc } from "../../editor";
import { isCollabContext } from "./identity";
import type { CollabLog } from "./refusal";

/** Transaction origins of the server's own changes (never a client connection). */
export const LOAD_ORIGIN = Symbol("accord.collab.load");
export const REPAIR_ORIGIN = Symbol("accord.collab.repair");

/** The origin of a change the server makes for a person (an accepted amendment, a restored version). */
export class ServerEdit {
  constructor(
    readonly userId: number | null,
    readonly stateCode: string | null = null,
  ) {}
}

/** A server edit already committed to the log (with its records) before it is applied in memory. */
export class StoredServerEdit extends ServerEdit {}

export interface UpdateAuthor {
  userId: number;
  stateCode: string | null;
}

/**
 * The person behind an update, or null for the server's own (loading, repairs): Hocuspocus passes the
 * Connection as the origin of a client's update, and server edits carry a ServerEdit.
 */
export function authorOf(origin: unknown): UpdateAuthor | null {
  if (origin instanceof ServerEdit) return origin.userId === null ? null : { userId: origin.userId, stateCode: origin.stateCode };
  if (typeof origin !== "object" || origin === null || !("context" in origin)) return null;
  const context = (origin as { context: unknown }).context;
  return isCollabContext(context) ? { userId: context.identity.userId, stateCode: context.identity.stateCode } : null;
}

/** Hocuspocus's message type of "your update was applied" (MessageType.SyncStatus in @hocuspocus/server). */
const SYNC_STATUS_MESSAGE = 8;
/** After a failed commit, the journal tries again this much later, confirming nothing meanwhile. */
const RETRY_AFTER_MS = 1000;

/** True for Hocuspocus's confirmation of an applied update: `<document name> 8 <saved>`. */
export function isSyncStatusMessage(message: unknown): boolean {
  if (!(message instanceof Uint8Array)) return false;
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === SYNC_STATUS_MESSAGE;
  } catch {
    return false;
  }
}

/** Where accepted updates go: the document log (tests put a failing store in front of it). */
export type StoreUpdates = (documentId: number, updates: readonly AcceptedUpdate[]) => void;

/**
 * The updates of one document applied in memory but not yet on disk, and the confirmations waiting for
 * them. Updates arriving in the same turn of the event loop share one transaction (one fsync); a
 * confirmation sent while updates are pending is held and released after they commit, so a sender is
 * never told an edit is saved before it is. Readers get updates at once (Hocuspocus broadcasts them
 * before the journal sees them): only the confirmation waits for the disk.
 */
export class DocumentJournal {
  private pending: AcceptedUpdate[] = [];
  private held: { connection: Connection; message: Uint8Array; send: (message: Uint8Array) => void }[] = [];
  private scheduled: NodeJS.Immediate | NodeJS.Timeout | null = null;
  private failing = false;

  constructor(
    private readonly name: string,
    private readonly documentId: number,
    private readonly log: CollabLog,
    private readonly store: StoreUpdates = appendDocumentUpdates,
  ) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  append(update: AcceptedUpdate): void {
    this.pending.push(update);
    if (!this.scheduled) this.scheduled = setImmediate(() => this.flush());
  }

  /** Holds a confirmation until the pending updates commit; false when nothing is pending (send it now). */
  hold(connection: Connection, message: Uint8Array, send: (message: Uint8Array) => void): boolean {
    if (this.pending.length === 0) return false;
    this.held.push({ connection, message, send });
    return true;
  }

  /** Commits the pending updates and releases the confirmations; on failure keeps both and retries. */
  flush(): boolean {
    if (this.scheduled) {
      clearImmediate(this.scheduled as NodeJS.Immediate);
      clearTimeout(this.scheduled as NodeJS.Timeout);
      this.scheduled = null;
    }
    if (this.pending.length > 0) {
      const batch = this.pending;
      try {
        this.store(this.documentId, batch);
      } catch (error) {
        if (!this.failing) this.log(`could not store updates of ${this.name}, retrying: ${String(error)}`);
        this.failing = true;
        this.scheduled = setTimeout(() => this.flush(), RETRY_AFTER_MS);
        return false;
      }
      if (this.failing) this.log(`stored the held updates of ${this.name}`);
      this.failing = false;
      this.pending = [];
    }
    const held = this.held;
    this.held = [];
    for (const { message, send } of held) send(message);
    return true;
  }
}

const journals = new WeakMap<Document, DocumentJournal>();

export function journalOf(document: Document): DocumentJournal | undefined {
  return journals.get(document);
}

/**
 * Makes a connection's confirmations wait for the disk: Hocuspocus sends "applied" right after applying
 * an update, so its `send` is wrapped once to hold such messages while the document's journal has
 * updates pending. Other messages (sync replies, awareness) go out at once.
 */
export function holdConfirmationsUntilStored(connection: Connection): void {
  const send = connection.send.bind(connection) as (message: Uint8Array) => void;
  connection.send = (message: Uint8Array) => {
    const journal = journalOf(connection.document);
    if (journal && isSyncStatusMessage(message) && journal.hold(connection, message, send)) return;
    send(message);
  };
}

/**
 * Fills the fresh Y.Doc from the stored state and log, then starts journaling. The listener is attached
 * after the load, so the loading update is not written back.
 */
export function loadDurably(document: Document, documentId: number, log: CollabLog, store?: StoreUpdates): DocumentJournal {
  const stored = loadDocumentUpdate(document.name);
  if (stored) Y.applyUpdate(document, stored, LOAD_ORIGIN);
  const journal = new DocumentJournal(document.name, documentId, log, store);
  journals.set(document, journal);

  let repairPending = false;
  const repairSoon = () => {
    if (repairPending) return;
    repairPending = true;
    // After the message that caused it is fully handled: one check per batch of updates, and never
    // a transaction started from inside Yjs's update event. Its update joins the same commit.
    queueMicrotask(() => {
      repairPending = false;
      if (document.isDestroyed) return;
      try {
        if (repairYDoc(document, REPAIR_ORIGIN)) log(`repaired ${document.name}: merged edits had left the schema`);
      } catch (error) {
        log(`could not repair ${document.name}: ${String(error)}`);
      }
    });
  };

  document.on("update", (update: Uint8Array, origin: unknown) => {
    if (!(origin instanceof StoredServerEdit)) journal.append({ update, userId: authorOf(origin)?.userId ?? null });
    if (origin !== REPAIR_ORIGIN) repairSoon();
  });
  return journal;
}

/** Folds the log into the state when it has grown past `threshold` updates; returns how many were folded. */
export function compactIfLong(documentId: number, threshold: number): number {
  if (countDocumentUpdates(documentId) <= threshold) return 0;
  return compactDocument(documentId);
}
