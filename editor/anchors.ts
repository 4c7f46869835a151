// Comment anchors on a living draft. A comment points at a passage of text through two Yjs relative positions
// (stored as bytes): the first character of the passage (associated to the right) and its last character
// (associated to the left). Relative positions name Yjs items, not offsets, so the anchor follows concurrent
// edits from any replica: text typed before or after the passage stays outside it, text typed inside it joins
// it, and deleting part of it shrinks it. When every character in it is gone the anchor is detached and the
// comment falls back to its quote and to the clause it was made on (docs/decisions/010: a clause move is a
// delete and an insert in Yjs, so anchors inside a moved clause detach this way).
//
// Positions are computed by walking the Y.XmlFragment, not through y-prosemirror's mapping, so the server
// needs no EditorView and reading never writes: y-prosemirror's Y-to-ProseMirror conversion (initProseMirrorDoc)
// would build the mapping but deletes elements that do not fit the schema, which a briefly invalid merged draft
// may hold. An element takes 2 + its content in ProseMirror positions and a Y.XmlText its length, so the walk
// gives exactly the positions of the document the fragment holds (convert/ydoc.ts documentFromYDoc), and of a
// browser editor bound to it by ySyncPlugin, which keeps its document equal to the fragment (see the
// *EditorState functions). A Yjs position whose item or block was deleted resolves to where that item was;
// gc is off on every Y.Doc of a draft (createYDoc), so deleted items are still there to find.
import { type EditorState } from "prosemirror-state";
import { ySyncPluginKey } from "y-prosemirror";
import * as Y from "yjs";
import { documentFragment } from "./convert/ydoc";

export interface CommentAnchor {
  /** The clause the passage started in when anchored; null in the title, preamble or a heading. */
  clauseId: string | null;
  /** Encoded Y.RelativePosition of the first character. */
  start: Uint8Array;
  /** Encoded Y.RelativePosition of the last character. */
  end: Uint8Array;
  /** The passage when anchored, blocks separated by a line feed. */
  quote: string;
}

export type ResolvedAnchor =
  | { attached: true; from: number; to: number; clauseId: string | null; text: string }
  | { attached: false; quote: string; clauseId: string | null };

/**
 * An anchor on the text between two positions of the document the Y.Doc holds. Positions outside text (block
 * boundaries) are moved inwards to the first and last character; throws a RangeError when there is none.
 */
export function anchorFromRange(ydoc: Y.Doc, from: number, to: number): CommentAnchor {
  return anchorInFragment(documentFragment(ydoc), from, to);
}

/** Where the anchored passage is now in the document the Y.Doc holds, or its quote if it is gone. */
export function resolveAnchor(ydoc: Y.Doc, anchor: CommentAnchor): ResolvedAnchor {
  return resolveInFragment(documentFragment(ydoc), anchor);
}

/**
 * anchorFromRange in a browser editor bound with ySyncPlugin, in the positions of its current document (the
 * selection by default). Use the view's state: the binding writes each transaction to Yjs as the view updates.
 */
export function anchorFromEditorState(
  state: EditorState,
  from: number = state.selection.from,
  to: number = state.selection.to
): CommentAnchor {
  return anchorInFragment(boundFragment(state), from, to);
}

/** resolveAnchor in a browser editor bound with ySyncPlugin: positions of its current document. */
export function resolveAnchorInEditorState(state: EditorState, anchor: CommentAnchor): ResolvedAnchor {
  return resolveInFragment(boundFragment(state), anchor);
}

function boundFragment(state: EditorState): Y.XmlFragment {
  const syncState: unknown = ySyncPluginKey.getState(state);
  const type = syncState && typeof syncState === "object" && "type" in syncState ? syncState.type : null;
  if (!(type instanceof Y.XmlFragment)) throw new Error("The editor state has no ySyncPlugin binding.");
  return type;
}

function anchorInFragment(fragment: Y.XmlFragment, from: number, to: number): CommentAnchor {
  const layout = layoutOf(fragment);
  const covered = runsWithin(layout, from, to);
  const first = covered[0];
  const last = covered[covered.length - 1];
  if (!first || !last) throw new RangeError(`No text between ${from} and ${to} to anchor a comment to.`);
  const startIndex = Math.max(from, first.start) - first.start;
  const endIndex = Math.min(to, runEnd(last)) - last.start;
  return {
    clauseId: first.clauseId,
    start: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first.type, startIndex, 0)),
    end: Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(last.type, endIndex, -1)),
    quote: textBetween(layout, first.start + startIndex, last.start + endIndex),
  };
}

function resolveInFragment(fragment: Y.XmlFragment, anchor: CommentAnchor): ResolvedAnchor {
  const detached: ResolvedAnchor = { attached: false, quote: anchor.quote, clauseId: anchor.clauseId };
  const ydoc = fragment.doc;
  if (!ydoc) return detached;
  const layout = layoutOf(fragment);
  const from = positionOf(layout, ydoc, anchor.start);
  const to = positionOf(layout, ydoc, anchor.end);
  if (from === null || to === null || from >= to) return detached;
  const first = runsWithin(layout, from, to)[0];
  if (!first) return detached;
  return { attached: true, from, to, clauseId: first.clauseId, text: textBetween(layout, from, to) };
}

interface TextRun {
  type: Y.XmlText;
  /** The position of its first character. */
  start: number;
  text: string;
  /** The textblock element holding it: runs of one block are joined without a separator. */
  block: YType;
  clauseId: string | null;
}

interface Layout {
  fragment: Y.XmlFragment;
  /** Every live type of the document: the position where its content starts. */
  contentStart: Map<YType, number>;
  /** Every live type of the document: its size in positions. */
  size: Map<YType, number>;
  runs: TextRun[];
}

type Child = Y.XmlElement | Y.XmlText | Y.XmlHook;
type YType = Y.XmlFragment | Y.XmlElement | Y.XmlText;

function isYType(value: unknown): value is YType {
  return value instanceof Y.XmlFragment || value instanceof Y.XmlElement || value instanceof Y.XmlText;
}

function layoutOf(fragment: Y.XmlFragment): Layout {
  const layout: Layout = { fragment, contentStart: new Map(), size: new Map(), runs: [] };
  layout.contentStart.set(fragment, 0);
  const visit = (parent: Y.XmlFragment | Y.XmlElement, start: number, clauseId: string | null): number => {
    let pos = start;
    for (const child of parent.toArray() as Child[]) {
      if (child instanceof Y.XmlText) {
        const text = textOf(child);
        layout.contentStart.set(child, pos);
        layout.size.set(child, text.length);
        layout.runs.push({ type: child, start: pos, text, block: parent, clauseId });
        pos += text.length;
      } else if (child instanceof Y.XmlElement) {
        const id = child.getAttribute("id");
        const inner = child.nodeName === "clause" && typeof id === "string" ? id : clauseId;
        layout.contentStart.set(child, pos + 1);
        const end = visit(child, pos + 1, inner);
        layout.size.set(child, end + 1 - pos);
        pos = end + 1;
      }
    }
    return pos;
  };
  layout.size.set(fragment, visit(fragment, 0, null));
  return layout;
}

function textOf(text: Y.XmlText): string {
  const delta = text.toDelta() as Array<{ insert: unknown }>;
  return delta.map(({ insert }) => (typeof insert === "string" ? insert : "\ufffc")).join("");
}

function runEnd(run: TextRun): number {
  return run.start + run.text.length;
}

/** Runs with at least one character in [from, to). */
function runsWithin(layout: Layout, from: number, to: number): TextRun[] {
  return layout.runs.filter((run) => run.start < to && runEnd(run) > from && run.text.length > 0);
}

function textBetween(layout: Layout, from: number, to: number): string {
  let out = "";
  let previous: TextRun | null = null;
  for (const run of runsWithin(layout, from, to)) {
    if (previous && previous.block !== run.block) out += "\n";
    out += run.text.slice(Math.max(from, run.start) - run.start, Math.min(to, runEnd(run)) - run.start);
    previous = run;
  }
  return out;
}

function positionOf(layout: Layout, ydoc: Y.Doc, bytes: Uint8Array): number | null {
  const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(bytes), ydoc);
  return absolute && isYType(absolute.type) ? locate(layout, absolute.type, absolute.index) : null;
}

/**
 * The document position of index `index` in `type`. A type that is no longer in the document (deleted, or
 * inside something deleted) stands for the place its item had among its live siblings.
 */
function locate(layout: Layout, type: YType, index: number): number | null {
  let current = type;
  let at = index;
  let start = layout.contentStart.get(current);
  while (start === undefined) {
    const item = current._item;
    if (!item || !isYType(item.parent)) return null;
    at = liveIndexBefore(item);
    current = item.parent;
    start = layout.contentStart.get(current);
  }
  if (current instanceof Y.XmlText) return start + at;
  let pos = start;
  for (const child of current.toArray().slice(0, at) as Child[])
    pos += child instanceof Y.XmlHook ? 0 : layout.size.get(child) ?? 0;
  return pos;
}

function liveIndexBefore(item: Y.Item): number {
  let index = 0;
  for (let n = item.left; n !== null; n = n.left) if (!n.deleted && n.countable) index += n.length;
  return index;
}
