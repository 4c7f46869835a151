// Comments on a draft: threads anchored to a passage of the living text (two Yjs relative positions, the quote
// and the clause it started in, editor/anchors.ts) or to a whole clause, with replies; the chair and
// delegates resolve and reopen them. Anchors are kept here in SQLite, never in the document, so observers can
// comment on a text they cannot edit. Reading resolves every thread against the stored draft once per call:
// attached (where its passage is now, in which clause) or detached (its passage was deleted; the quote stays).
// The only module that touches `comment_threads` and `comments` (docs/decisions/013). Messages are
// append-only; a thread's status changes only here, and every step is an audit event in the same transaction.
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import * as Y from "yjs";
import { db, inTransaction } from "../../db/client";
import { comments, commentThreads, users, type CommentStatus, type DocumentRow } from "../../db/schema";
import {
  clauseExcerpt,
  createYDoc,
  documentFromYDoc,
  InvalidDocumentError,
  isStableId,
  numberDocument,
  repairDocument,
  resolveAnchor,
  yDocToJSON,
  type CommentAnchor,
} from "../../editor";
import { ANCHOR_BYTES_MAX, COMMENT_BODY_MAX, COMMENT_QUOTE_MAX } from "../drafting/comment-fields";
import { now } from "../lib/clock.server";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { loadDocumentUpdate } from "./document.server";

export class CommentError extends RuleError<"body" | "clauseId" | "anchor" | "quote" | "thread"> {}

type DocumentRef = Pick<DocumentRow, "id" | "name" | "instrumentId">;

// ---------------------------------------------------------------------------------------------------------
// The stored draft, read once per call

interface DraftReading {
  ydoc: Y.Doc | null;
  /** clause id → its number, excerpt and position, in document order. */
  clauses: Map<string, { number: string; excerpt: string; order: number }>;
}

function documentOf(ydoc: Y.Doc): Node {
  try {
    return documentFromYDoc(ydoc);
  } catch (error) {
    if (error instanceof InvalidDocumentError) return repairDocument(yDocToJSON(ydoc));
    throw error;
  }
}

/** The stored draft as one Y.Doc and its numbered clauses; the caller destroys the Y.Doc. */
function readDraft(document: Pick<DocumentRow, "name">): DraftReading {
  const update = loadDocumentUpdate(document.name);
  if (!update) return { ydoc: null, clauses: new Map() };
  const ydoc = createYDoc();
  Y.applyUpdate(ydoc, update);
  const clauses = new Map<string, { number: string; excerpt: string; order: number }>();
  numberDocument(documentOf(ydoc)).clauses.forEach((clause) => {
    if (clause.id && !clauses.has(clause.id)) clauses.set(clause.id, { number: clause.number, excerpt: clauseExcerpt(clause.node), order: clause.pos });
  });
  return { ydoc, clauses };
}

function withDraft<T>(document: Pick<DocumentRow, "name">, read: (draft: DraftReading) => T): T {
  const draft = readDraft(document);
  try {
    return read(draft);
  } finally {
    draft.ydoc?.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checks

function checkBody(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) throw new CommentError("Write your comment", "body");
  if (trimmed.length > COMMENT_BODY_MAX)
    throw new CommentError(`A comment has at most ${COMMENT_BODY_MAX.toLocaleString("en")} characters`, "body");
  return trimmed;
}

const GARBLED_ANCHOR = "The selected text could not be identified. Select it again and comment.";

/** Bytes that decode to a Yjs relative position and encode back to themselves; anything else is refused. */
function checkPosition(bytes: Uint8Array): void {
  if (bytes.length === 0 || bytes.length > ANCHOR_BYTES_MAX) throw new CommentError(GARBLED_ANCHOR, "anchor");
  let again: Uint8Array;
  try {
    again = Y.encodeRelativePosition(Y.decodeRelativePosition(bytes));
  } catch {
    throw new CommentError(GARBLED_ANCHOR, "anchor");
  }
  if (again.length !== bytes.length || again.some((byte, index) => byte !== bytes[index])) throw new CommentError(GARBLED_ANCHOR, "anchor");
}

function checkAnchor(anchor: CommentAnchor): void {
  checkPosition(anchor.start);
  checkPosition(anchor.end);
  if (!anchor.quote || anchor.quote.length > COMMENT_QUOTE_MAX)
    throw new CommentError(`Select between 1 and ${COMMENT_QUOTE_MAX.toLocaleString("en")} characters to comment on`, "quote");
  if (anchor.clauseId !== null && !isStableId(anchor.clauseId)) throw new CommentError(GARBLED_ANCHOR, "anchor");
}

// ---------------------------------------------------------------------------------------------------------
// Writing

export interface PassageComment {
  anchor: CommentAnchor;
  body: string;
}

export interface ClauseComment {
  clauseId: string;
  body: string;
}

interface NewThread {
  clauseId: string | null;
  anchor: { start: Uint8Array; end: Uint8Array } | null;
  quote: string;
}

function insertThread(actor: Actor, userId: number, document: DocumentRef, thread: NewThread, body: string): number {
  const at = now();
  const row = db()
    .insert(commentThreads)
    .values({
      documentId: document.id,
      clauseId: thread.clauseId,
      anchorStart: thread.anchor ? Buffer.from(thread.anchor.start) : null,
      anchorEnd: thread.anchor ? Buffer.from(thread.anchor.end) : null,
      quote: thread.quote,
      status: "open",
      createdBy: userId,
      stateCode: actor.stateCode ?? null,
      createdAt: at,
    })
    .returning({ id: commentThreads.id })
    .get();
  db().insert(comments).values({ threadId: row.id, body, authorId: userId, stateCode: actor.stateCode ?? null, createdAt: at }).run();
  recordAuditEvent(actor, {
    action: "comment.created",
    instrumentId: document.instrumentId,
    subjectType: "comment-thread",
    subjectId: row.id,
    details: { clauseId: thread.clauseId, on: thread.anchor ? "passage" : "clause", quote: thread.quote.slice(0, 200), stateCode: actor.stateCode ?? null },
  });
  return row.id;
}

/**
 * Opens a thread on a passage. When the passage is in the stored draft, its quote and clause are taken from
 * there (what the text says, not what the browser claims); when it is not there yet (typed a moment ago and
 * not stored) or no longer, the browser's quote is kept. Returns the thread's id.
 */
export function commentOnPassage(actor: Actor, document: DocumentRef, input: PassageComment): number {
  const userId = requireActorPermission(actor, "comment:write", "Only the chair, delegates and observers comment on drafts.");
  const body = checkBody(input.body);
  checkAnchor(input.anchor);
  return withDraft(document, ({ ydoc }) => {
    const resolved = ydoc ? resolveAnchor(ydoc, input.anchor) : null;
    const stored = resolved?.attached ? { quote: resolved.text.slice(0, COMMENT_QUOTE_MAX), clauseId: resolved.clauseId } : null;
    const thread: NewThread = {
      clauseId: stored ? stored.clauseId : input.anchor.clauseId,
      anchor: { start: input.anchor.start, end: input.anchor.end },
      quote: stored?.quote || input.anchor.quote,
    };
    return inTransaction(() => insertThread(actor, userId, document, thread, body));
  });
}

/** Opens a thread on a whole clause of the current draft; its quote is the clause's number and excerpt. */
export function commentOnClause(actor: Actor, document: DocumentRef, input: ClauseComment): number {
  const userId = requireActorPermission(actor, "comment:write", "Only the chair, delegates and observers comment on drafts.");
  const body = checkBody(input.body);
  return withDraft(document, ({ clauses }) => {
    const clause = clauses.get(input.clauseId);
    if (!clause) throw new CommentError("This clause is not in the current draft: it may have been deleted. Choose another.", "clauseId");
    const quote = `${clause.number} ${clause.excerpt}`.trim();
    return inTransaction(() => insertThread(actor, userId, document, { clauseId: input.clauseId, anchor: null, quote }, body));
  });
}

function requireThreadRow(document: DocumentRef, threadId: number) {
  const row = db()
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.id, threadId), eq(commentThreads.documentId, document.id)))
    .get();
  if (!row) throw new CommentError("There is no such comment thread on this draft.", "thread");
  return row;
}

/** Adds a reply to an open thread. */
export function replyToThread(actor: Actor, document: DocumentRef, threadId: number, text: string): void {
  const userId = requireActorPermission(actor, "comment:write", "Only the chair, delegates and observers reply to comments.");
  const body = checkBody(text);
  inTransaction(() => {
    const thread = requireThreadRow(document, threadId);
    if (thread.status !== "open")
      throw new CommentError("This thread is resolved. The chair or a delegate can reopen it; then you can reply.", "body");
    db().insert(comments).values({ threadId, body, authorId: userId, stateCode: actor.stateCode ?? null, createdAt: now() }).run();
    recordAuditEvent(actor, {
      action: "comment.replied",
      instrumentId: document.instrumentId,
      subjectType: "comment-thread",
      subjectId: threadId,
      details: { clauseId: thread.clauseId, stateCode: actor.stateCode ?? null },
    });
  });
}

function changeStatus(actor: Actor, document: DocumentRef, threadId: number, to: CommentStatus): void {
  const userId = requireActorPermission(actor, "comment:resolve", "Only the chair and delegates resolve and reopen comment threads.");
  inTransaction(() => {
    const thread = requireThreadRow(document, threadId);
    if (thread.status === to) throw new CommentError(to === "resolved" ? "This thread is already resolved." : "This thread is already open.", "thread");
    db()
      .update(commentThreads)
      .set({ status: to, statusChangedAt: now(), statusChangedBy: userId })
      .where(eq(commentThreads.id, threadId))
      .run();
    recordAuditEvent(actor, {
      action: to === "resolved" ? "comment.resolved" : "comment.reopened",
      instrumentId: document.instrumentId,
      subjectType: "comment-thread",
      subjectId: threadId,
      details: { clauseId: thread.clauseId, stateCode: actor.stateCode ?? null },
    });
  });
}

export function resolveThread(actor: Actor, document: DocumentRef, threadId: number): void {
  changeStatus(actor, document, threadId, "resolved");
}

export function reopenThread(actor: Actor, document: DocumentRef, threadId: number): void {
  changeStatus(actor, document, threadId, "open");
}

// ---------------------------------------------------------------------------------------------------------
// Reading

export interface ThreadFilter {
  clauseId?: string;
  stateCode?: string;
  status?: CommentStatus | "all";
}

export interface ThreadPlace {
  /** Whether the passage (or the clause) is still in the draft. */
  attached: boolean;
  /** The text as it reads now when attached, else the quote as it was. */
  text: string;
  quote: string;
  /** The clause it is in now (attached) or was made on; null in the title, preamble or a heading. */
  clauseId: string | null;
  /** The clause's current number, or null when that clause is gone or there is none. */
  clauseNumber: string | null;
  /** Where it comes in reading order (a position in the stored draft); detached ones last. */
  order: number;
}

export interface ThreadSummary extends ThreadPlace {
  id: number;
  kind: "passage" | "clause";
  status: CommentStatus;
  authorName: string;
  stateCode: string | null;
  createdAt: Date;
  replies: number;
}

export interface CommentMessage {
  id: number;
  body: string;
  authorName: string;
  stateCode: string | null;
  createdAt: Date;
}

export interface ThreadDetail extends ThreadSummary {
  messages: CommentMessage[];
  statusChangedAt: Date | null;
  statusChangedByName: string | null;
}

type ThreadRow = typeof commentThreads.$inferSelect;

const DETACHED_ORDER = Number.MAX_SAFE_INTEGER;

function placeOf(row: ThreadRow, draft: DraftReading): ThreadPlace {
  const clause = row.clauseId ? draft.clauses.get(row.clauseId) : undefined;
  if (!row.anchorStart || !row.anchorEnd) {
    return { attached: clause !== undefined, text: row.quote, quote: row.quote, clauseId: row.clauseId, clauseNumber: clause?.number ?? null, order: clause ? clause.order : DETACHED_ORDER };
  }
  const anchor: CommentAnchor = { start: new Uint8Array(row.anchorStart), end: new Uint8Array(row.anchorEnd), quote: row.quote, clauseId: row.clauseId };
  const resolved = draft.ydoc ? resolveAnchor(draft.ydoc, anchor) : null;
  if (!resolved?.attached) {
    return { attached: false, text: row.quote, quote: row.quote, clauseId: row.clauseId, clauseNumber: clause?.number ?? null, order: DETACHED_ORDER };
  }
  const current = resolved.clauseId ? draft.clauses.get(resolved.clauseId) : undefined;
  return { attached: true, text: resolved.text, quote: row.quote, clauseId: resolved.clauseId, clauseNumber: current?.number ?? null, order: resolved.from };
}

function authorNames(ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...new Set(ids)])).all();
  return new Map(rows.map((row) => [row.id, row.name]));
}

function replyCounts(threadIds: number[]): Map<number, number> {
  if (threadIds.length === 0) return new Map();
  const rows = db()
    .select({ threadId: comments.threadId, n: count() })
    .from(comments)
    .where(inArray(comments.threadId, threadIds))
    .groupBy(comments.threadId)
    .all();
  return new Map(rows.map((row) => [row.threadId, Math.max(0, row.n - 1)]));
}

function summarise(rows: ThreadRow[], draft: DraftReading): ThreadSummary[] {
  const names = authorNames(rows.map((row) => row.createdBy));
  const replies = replyCounts(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    kind: row.anchorStart ? "passage" : "clause",
    status: row.status,
    authorName: names.get(row.createdBy) ?? "—",
    stateCode: row.stateCode,
    createdAt: row.createdAt,
    replies: replies.get(row.id) ?? 0,
    ...placeOf(row, draft),
  }));
}

/**
 * The document's threads matching the filter, each placed in the draft as stored, newest first. Filtering by
 * clause uses the clause a thread is in now (or was made on, when detached); by state, the state of whoever
 * opened it.
 */
export function listThreads(document: Pick<DocumentRow, "id" | "name">, filter: ThreadFilter = {}): ThreadSummary[] {
  const conditions: SQL[] = [eq(commentThreads.documentId, document.id)];
  if (filter.status && filter.status !== "all") conditions.push(eq(commentThreads.status, filter.status));
  if (filter.stateCode) conditions.push(eq(commentThreads.stateCode, filter.stateCode));
  const rows = db().select().from(commentThreads).where(and(...conditions)).orderBy(desc(commentThreads.id)).all();
  const threads = withDraft(document, (draft) => summarise(rows, draft));
  return filter.clauseId ? threads.filter((thread) => thread.clauseId === filter.clauseId) : threads;
}

/** One thread with its messages, oldest first, or null when the document has no such thread. */
export function getThread(document: Pick<DocumentRow, "id" | "name">, threadId: number): ThreadDetail | null {
  const row = db()
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.id, threadId), eq(commentThreads.documentId, document.id)))
    .get();
  if (!row) return null;
  const [summary] = withDraft(document, (draft) => summarise([row], draft));
  if (!summary) return null;
  const messageRows = db().select().from(comments).where(eq(comments.threadId, threadId)).orderBy(asc(comments.id)).all();
  const names = authorNames([...messageRows.map((message) => message.authorId), ...(row.statusChangedBy ? [row.statusChangedBy] : [])]);
  return {
    ...summary,
    messages: messageRows.map((message) => ({
      id: message.id,
      body: message.body,
      authorName: names.get(message.authorId) ?? "—",
      stateCode: message.stateCode,
      createdAt: message.createdAt,
    })),
    statusChangedAt: row.statusChangedAt,
    statusChangedByName: row.statusChangedBy ? (names.get(row.statusChangedBy) ?? "—") : null,
  };
}

/** An open thread as the live editor needs it: the anchor's bytes, to resolve in the browser's own state. */
export interface EditorThread {
  id: number;
  clauseId: string | null;
  quote: string;
  anchorStart: Uint8Array | null;
  anchorEnd: Uint8Array | null;
  authorName: string;
  stateCode: string | null;
  createdAt: Date;
  replies: number;
  firstComment: string;
}

/** The document's open threads with their anchors, oldest first, for the drafting page (no server-side resolution). */
export function openThreadsForEditor(documentId: number): EditorThread[] {
  const rows = db()
    .select()
    .from(commentThreads)
    .where(and(eq(commentThreads.documentId, documentId), eq(commentThreads.status, "open")))
    .orderBy(asc(commentThreads.id))
    .all();
  const names = authorNames(rows.map((row) => row.createdBy));
  const replies = replyCounts(rows.map((row) => row.id));
  const firsts = firstComments(rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    clauseId: row.clauseId,
    quote: row.quote,
    anchorStart: row.anchorStart ? new Uint8Array(row.anchorStart) : null,
    anchorEnd: row.anchorEnd ? new Uint8Array(row.anchorEnd) : null,
    authorName: names.get(row.createdBy) ?? "—",
    stateCode: row.stateCode,
    createdAt: row.createdAt,
    replies: replies.get(row.id) ?? 0,
    firstComment: firsts.get(row.id) ?? "",
  }));
}

function firstComments(threadIds: number[]): Map<number, string> {
  if (threadIds.length === 0) return new Map();
  const rows = db().select().from(comments).where(inArray(comments.threadId, threadIds)).orderBy(asc(comments.id)).all();
  const firsts = new Map<number, string>();
  for (const row of rows) if (!firsts.has(row.threadId)) firsts.set(row.threadId, row.body);
  return firsts;
}

/** The clauses of the draft as stored, in order, for choosing one to comment on or filter by. */
export function commentableClauses(document: Pick<DocumentRow, "name">): { id: string; number: string; excerpt: string }[] {
  return withDraft(document, ({ clauses }) => [...clauses.entries()].map(([id, clause]) => ({ id, number: clause.number, excerpt: clause.excerpt })));
}

/** The states whose people opened threads on the document, in code order, for the list's filter. */
export function threadStateCodes(documentId: number): string[] {
  return db()
    .selectDistinct({ stateCode: commentThreads.stateCode })
    .from(commentThreads)
    .where(eq(commentThreads.documentId, documentId))
    .all()
    .flatMap((row) => (row.stateCode ? [row.stateCode] : []))
    .sort();
}
