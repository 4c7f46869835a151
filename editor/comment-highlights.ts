// Highlights the passages that open comment threads point at, as inline decorations. The ranges come from
// outside (the page resolves each thread's anchor in the live editor state, see anchors.ts) and are set with
// `setCommentHighlights`; between two such updates the decorations are mapped through every transaction, so
// they follow typing at once and the page can re-resolve anchors at its own pace. One thread can be marked
// active (the one chosen in a list beside the text). No DOM is built here: inline decorations only carry
// attributes, so the plugin can be created and inspected without a view.
import { type Node } from "prosemirror-model";
import { Plugin, PluginKey, type EditorState, type Transaction } from "prosemirror-state";
import { Decoration, DecorationSet } from "prosemirror-view";

/** A passage to highlight: the thread it belongs to and its current range in the document. */
export interface CommentHighlight {
  threadId: string;
  from: number;
  to: number;
}

export interface CommentHighlightsState {
  highlights: CommentHighlight[];
  active: string | null;
  decorations: DecorationSet;
}

interface HighlightsMeta {
  highlights?: CommentHighlight[];
  active?: string | null;
}

export const commentHighlightsPluginKey = new PluginKey<CommentHighlightsState>("commentHighlights");

export const COMMENT_HIGHLIGHT_CLASS = "comment-highlight";
export const COMMENT_HIGHLIGHT_ACTIVE_CLASS = "comment-highlight--active";

export function commentHighlightsPlugin(initial: CommentHighlight[] = []): Plugin<CommentHighlightsState> {
  return new Plugin<CommentHighlightsState>({
    key: commentHighlightsPluginKey,
    state: {
      init: (_config, state) => ({ highlights: initial, active: null, decorations: highlightDecorations(state.doc, initial, null) }),
      apply: (tr, previous) => nextState(tr, previous),
    },
    props: {
      decorations: (state) => commentHighlightsPluginKey.getState(state)?.decorations,
    },
  });
}

function nextState(tr: Transaction, previous: CommentHighlightsState): CommentHighlightsState {
  const meta = tr.getMeta(commentHighlightsPluginKey) as HighlightsMeta | undefined;
  if (meta) {
    const highlights = meta.highlights ?? mappedHighlights(previous, tr);
    const active = meta.active === undefined ? previous.active : meta.active;
    return { highlights, active, decorations: highlightDecorations(tr.doc, highlights, active) };
  }
  if (!tr.docChanged) return previous;
  return { ...previous, highlights: mappedHighlights(previous, tr), decorations: previous.decorations.map(tr.mapping, tr.doc) };
}

/** The highlights' ranges carried through a transaction; passages deleted entirely are dropped. */
function mappedHighlights(previous: CommentHighlightsState, tr: Transaction): CommentHighlight[] {
  if (!tr.docChanged) return previous.highlights;
  return previous.highlights.flatMap((highlight) => {
    const from = tr.mapping.map(highlight.from, 1);
    const to = tr.mapping.map(highlight.to, -1);
    return from < to ? [{ ...highlight, from, to }] : [];
  });
}

/** The decorations for a list of highlights; ranges outside the document or empty are left out. */
export function highlightDecorations(doc: Node, highlights: readonly CommentHighlight[], active: string | null): DecorationSet {
  const size = doc.content.size;
  const decorations = highlights
    .filter((highlight) => highlight.from >= 0 && highlight.to <= size && highlight.from < highlight.to)
    .map((highlight) =>
      Decoration.inline(
        highlight.from,
        highlight.to,
        {
          class: highlight.threadId === active ? `${COMMENT_HIGHLIGHT_CLASS} ${COMMENT_HIGHLIGHT_ACTIVE_CLASS}` : COMMENT_HIGHLIGHT_CLASS,
          "data-comment-thread": highlight.threadId,
        },
        { threadId: highlight.threadId, active: highlight.threadId === active },
      ),
    );
  return DecorationSet.create(doc, decorations);
}

/** Replaces the highlighted passages (and, if given, which thread is active) in a transaction. */
export function setCommentHighlights(tr: Transaction, highlights: CommentHighlight[], active?: string | null): Transaction {
  const meta: HighlightsMeta = active === undefined ? { highlights } : { highlights, active };
  return tr.setMeta(commentHighlightsPluginKey, meta).setMeta("addToHistory", false);
}

/** Marks one thread's passage as the active one (null: none), keeping the ranges. */
export function setActiveCommentHighlight(tr: Transaction, active: string | null): Transaction {
  return tr.setMeta(commentHighlightsPluginKey, { active } satisfies HighlightsMeta).setMeta("addToHistory", false);
}

/** The highlights as the plugin holds them now, in document order. */
export function commentHighlightsOf(state: EditorState): CommentHighlight[] {
  const highlights = commentHighlightsPluginKey.getState(state)?.highlights ?? [];
  return [...highlights].sort((a, b) => a.from - b.from || a.to - b.to);
}
