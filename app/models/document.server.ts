// Living drafts as Yjs documents: a state row per document plus the durable log of the updates the
// collaboration server accepted after it. The only module that touches `documents` and
// `document_updates` (docs/decisions/011).
import { and, asc, count, eq, gt, lte, max } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import * as Y from "yjs";
import { db, inTransaction } from "../../db/client";
import { documentUpdates, documents, type DocumentRow } from "../../db/schema";
import { createYDoc, documentFromYDoc, InvalidDocumentError, repairDocument, yDocToJSON } from "../../editor";
import { now } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";

export class DocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DocumentError";
  }
}

/** The collaboration server's name for an instrument's draft. */
export function draftDocumentName(instrumentSlug: string): string {
  return `instrument/${instrumentSlug}`;
}

export interface NewDocument {
  instrumentId: number;
  name: string;
  /** A Yjs update holding the starting content. */
  initial: Uint8Array;
}

/** Records a new document with its starting state and its audit event; throws DocumentError for a taken name. */
export function createDocument(actor: Actor, input: NewDocument): DocumentRow {
  return inTransaction(() => {
    if (findDocumentByName(input.name)) throw new DocumentError(`A document is already named ${input.name}`);
    const at = now();
    const document = db()
      .insert(documents)
      .values({
        name: input.name,
        instrumentId: input.instrumentId,
        state: Buffer.from(input.initial),
        compactedThrough: 0,
        createdAt: at,
        updatedAt: at,
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "document.created",
      subjectType: "document",
      subjectId: document.id,
      details: { name: document.name, instrumentId: document.instrumentId },
    });
    return document;
  });
}

export function findDocumentByName(name: string): DocumentRow | undefined {
  return db().select().from(documents).where(eq(documents.name, name)).get();
}

function updatesAfter(documentId: number, afterId: number): { id: number; update: Buffer }[] {
  return db()
    .select({ id: documentUpdates.id, update: documentUpdates.update })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.id, afterId)))
    .orderBy(asc(documentUpdates.id))
    .all();
}

function mergedState(document: DocumentRow): { update: Uint8Array; lastId: number } {
  const rows = updatesAfter(document.id, document.compactedThrough);
  const last = rows.at(-1);
  if (!last) return { update: new Uint8Array(document.state), lastId: document.compactedThrough };
  const update = Y.mergeUpdates([new Uint8Array(document.state), ...rows.map((row) => new Uint8Array(row.update))]);
  return { update, lastId: last.id };
}

/**
 * The document held by a stored Yjs state as ProseMirror, repaired for reading when concurrent edits
 * left it briefly outside the schema (the server repairs the living document; nothing is written here).
 */
export function documentFromStoredUpdate(update: Uint8Array): Node {
  const ydoc = createYDoc();
  Y.applyUpdate(ydoc, update);
  try {
    return documentFromYDoc(ydoc);
  } catch (error) {
    if (error instanceof InvalidDocumentError) return repairDocument(yDocToJSON(ydoc));
    throw error;
  } finally {
    ydoc.destroy();
  }
}

/** The stored document by name as ProseMirror, or null for an unknown name. */
export function readStoredDocument(name: string): Node | null {
  const update = loadDocumentUpdate(name);
  return update ? documentFromStoredUpdate(update) : null;
}

/** The whole document as one Yjs update (state + every update after it), or null for an unknown name. */
export function loadDocumentUpdate(name: string): Uint8Array | null {
  // One read transaction, so a compaction cannot slip between reading the state and the updates.
  return inTransaction(() => {
    const document = findDocumentByName(name);
    return document ? mergedState(document).update : null;
  });
}

export interface AcceptedUpdate {
  update: Uint8Array;
  /** Null for updates the server makes itself (repairs). */
  userId: number | null;
}

/**
 * Appends accepted updates, in order, in one transaction: synchronous (better-sqlite3, synchronous =
 * FULL), so when it returns they are on disk and the server may confirm them. Returns the last row id.
 */
export function appendDocumentUpdates(documentId: number, updates: readonly AcceptedUpdate[]): number {
  if (updates.length === 0) throw new DocumentError("Nothing to append");
  const receivedAt = now();
  const rows = updates.map(({ update, userId }) => ({ documentId, update: Buffer.from(update), userId, receivedAt }));
  return inTransaction(() => {
    let last = 0;
    // Multi-row inserts, within SQLite's limit on bound parameters per statement.
    for (let start = 0; start < rows.length; start += APPEND_ROWS_PER_STATEMENT) {
      const inserted = db()
        .insert(documentUpdates)
        .values(rows.slice(start, start + APPEND_ROWS_PER_STATEMENT))
        .returning({ id: documentUpdates.id })
        .all();
      for (const { id } of inserted) last = Math.max(last, id);
    }
    return last;
  });
}

const APPEND_ROWS_PER_STATEMENT = 500;

export function appendDocumentUpdate(documentId: number, update: Uint8Array, userId: number | null): number {
  return appendDocumentUpdates(documentId, [{ update, userId }]);
}

export function countDocumentUpdates(documentId: number): number {
  const document = db().select().from(documents).where(eq(documents.id, documentId)).get();
  if (!document) return 0;
  const row = db()
    .select({ n: count() })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.documentId, documentId), gt(documentUpdates.id, document.compactedThrough)))
    .get();
  return row?.n ?? 0;
}

/** For tests only: runs between reading the log and writing the new state, inside the transaction. */
export interface CompactionProbe {
  afterRead?: () => void;
}

/**
 * Folds the updates after the state into the state, in one transaction. Only the rows it read (ids up
 * to the last one merged) are deleted, so an update appended meanwhile stays in the log, after the
 * new `compacted_through`. Returns the number of updates folded.
 */
export function compactDocument(documentId: number, probe: CompactionProbe = {}): number {
  return inTransaction(() => {
    const document = db().select().from(documents).where(eq(documents.id, documentId)).get();
    if (!document) throw new DocumentError(`No document has the id ${documentId}`);
    const { update, lastId } = mergedState(document);
    probe.afterRead?.();
    if (lastId === document.compactedThrough) return 0;
    db()
      .update(documents)
      .set({ state: Buffer.from(update), compactedThrough: lastId, updatedAt: now() })
      .where(eq(documents.id, documentId))
      .run();
    const deleted = db()
      .delete(documentUpdates)
      .where(and(eq(documentUpdates.documentId, documentId), lte(documentUpdates.id, lastId)))
      .run();
    return deleted.changes;
  });
}

/**
 * A server-side change to a living document (an accepted amendment, a restored version): it reads and
 * writes the Y.Doc, and may write records of its own in the same SQLite transaction. It must throw
 * before it mutates the Y.Doc, never after: Yjs keeps whatever a transaction did before an exception.
 */
export type DocumentChange<T> = (ydoc: Y.Doc) => T;

/** How the collaboration server applies a change to a document it has loaded, so its editors see it. */
export interface LiveEditor {
  edit<T>(documentName: string, userId: number | null, change: DocumentChange<T>): Promise<T>;
}

const LIVE_EDITOR = Symbol.for("accord.liveEditor");
type LiveEditorRegistry = { [LIVE_EDITOR]?: LiveEditor };

/** The server entry installs the collaboration server's editor at start (docs/decisions/003). */
export function installLiveEditor(editor: LiveEditor | null): void {
  const registry = globalThis as LiveEditorRegistry;
  if (editor) registry[LIVE_EDITOR] = editor;
  else delete registry[LIVE_EDITOR];
}

/**
 * Applies `change` to the document as one edit attributed to `userId`, stored together with the
 * change's own records in one SQLite transaction. Through the collaboration server when one runs (its
 * connected editors receive the edit at once), else on the stored document.
 */
export function editDocument<T>(documentName: string, userId: number | null, change: DocumentChange<T>): Promise<T> {
  const live = (globalThis as LiveEditorRegistry)[LIVE_EDITOR];
  if (live) return live.edit(documentName, userId, change);
  return Promise.resolve(editStoredDocument(documentName, userId, change));
}

/**
 * `editDocument` for code that runs before the collaboration server starts (the demo seed, which must
 * stay inside its one synchronous transaction). Refuses to run once a live editor is installed: its
 * loaded copy would not see the change.
 */
export function editDocumentAtRest<T>(documentName: string, userId: number | null, change: DocumentChange<T>): T {
  if ((globalThis as LiveEditorRegistry)[LIVE_EDITOR]) {
    throw new Error("The collaboration server is running: change documents through editDocument()");
  }
  return editStoredDocument(documentName, userId, change);
}

function editStoredDocument<T>(documentName: string, userId: number | null, change: DocumentChange<T>): T {
  return inTransaction(() => {
    const document = findDocumentByName(documentName);
    if (!document) throw new DocumentError(`No document is named ${documentName}`);
    const ydoc = new Y.Doc({ gc: false });
    Y.applyUpdate(ydoc, mergedState(document).update);
    const updates: Uint8Array[] = [];
    ydoc.on("update", (update: Uint8Array) => updates.push(update));
    const result = ydoc.transact(() => change(ydoc));
    if (updates.length > 0) appendDocumentUpdates(document.id, updates.map((update) => ({ update, userId })));
    ydoc.destroy();
    return result;
  });
}

/** Who made each update still in the log, oldest first (null for the server's own repairs). */
export function documentUpdateAuthors(documentId: number): (number | null)[] {
  return db()
    .select({ userId: documentUpdates.userId })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId))
    .orderBy(asc(documentUpdates.id))
    .all()
    .map((row) => row.userId);
}

/** The id of the newest update in the log, or 0 (tests and diagnostics). */
export function lastDocumentUpdateId(documentId: number): number {
  const row = db()
    .select({ id: max(documentUpdates.id) })
    .from(documentUpdates)
    .where(eq(documentUpdates.documentId, documentId))
    .get();
  return row?.id ?? 0;
}
