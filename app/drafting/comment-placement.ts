// Where each open comment thread sits in the live editor: anchored threads are resolved in the editor's own
// state (resolveAnchorInEditorState), so they follow concurrent edits from every delegation; threads on a
// whole clause sit at the start of that clause. The result orders the panel beside the editor (text order,
// detached ones last) and feeds the highlight plugin. No React here.
import type { EditorState } from "prosemirror-state";
import { allClauses, resolveAnchorInEditorState, type CommentAnchor, type CommentHighlight } from "../../editor";
import { base64ToBytes } from "./comment-fields";

/** An open thread as the drafting page's loader sends it (anchor bytes as base64). */
export interface EditorThread {
  id: number;
  clauseId: string | null;
  quote: string;
  anchorStart: string | null;
  anchorEnd: string | null;
  authorName: string;
  stateCode: string | null;
  createdAt: string;
  replies: number;
  firstComment: string;
}

export interface PlacedThread {
  thread: EditorThread;
  /** Null when the passage (or clause) is no longer in the text. */
  from: number | null;
  to: number | null;
  /** The passage as it reads now, or the quote when detached. */
  text: string;
}

export interface DecodedThread {
  thread: EditorThread;
  anchor: CommentAnchor | null;
}

/** Decodes each thread's anchor once (the bytes never change); a thread with unreadable bytes counts as detached. */
export function decodeThreads(threads: readonly EditorThread[]): DecodedThread[] {
  return threads.map((thread) => {
    if (!thread.anchorStart || !thread.anchorEnd) return { thread, anchor: null };
    try {
      return {
        thread,
        anchor: { start: base64ToBytes(thread.anchorStart), end: base64ToBytes(thread.anchorEnd), quote: thread.quote, clauseId: thread.clauseId },
      };
    } catch {
      return { thread, anchor: null };
    }
  });
}

function clausePositions(state: EditorState): Map<string, { from: number; to: number }> {
  const positions = new Map<string, { from: number; to: number }>();
  for (const { pos, node } of allClauses(state.doc)) {
    const id: unknown = node.attrs.id;
    if (typeof id === "string" && !positions.has(id)) positions.set(id, { from: pos + 1, to: pos + node.nodeSize - 1 });
  }
  return positions;
}

function place(state: EditorState, decoded: DecodedThread, clauses: Map<string, { from: number; to: number }>): PlacedThread {
  const { thread, anchor } = decoded;
  if (!anchor) {
    const clause = thread.clauseId && !thread.anchorStart ? clauses.get(thread.clauseId) : undefined;
    return { thread, from: clause?.from ?? null, to: clause?.to ?? null, text: thread.quote };
  }
  const resolved = resolveAnchorInEditorState(state, anchor);
  return resolved.attached ? { thread, from: resolved.from, to: resolved.to, text: resolved.text } : { thread, from: null, to: null, text: thread.quote };
}

/** Every thread placed in the editor's current document, in text order with detached ones last. */
export function placeThreads(state: EditorState, threads: readonly DecodedThread[]): PlacedThread[] {
  const clauses = clausePositions(state);
  return threads
    .map((decoded) => place(state, decoded, clauses))
    .sort((a, b) => (a.from ?? Number.MAX_SAFE_INTEGER) - (b.from ?? Number.MAX_SAFE_INTEGER) || a.thread.id - b.thread.id);
}

/** The passages to highlight: anchored threads that are attached (a whole clause is not highlighted). */
export function highlightsOf(placed: readonly PlacedThread[]): CommentHighlight[] {
  return placed.flatMap((entry) =>
    entry.from !== null && entry.to !== null && entry.thread.anchorStart ? [{ threadId: String(entry.thread.id), from: entry.from, to: entry.to }] : [],
  );
}
