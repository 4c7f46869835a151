// Shows who holds each square bracket in the editor: a small label after the closing "]" of the bracket's
// last piece, naming the holding states ("NO DK"). Brackets without holders get no label. The square
// brackets themselves are drawn by the page's CSS around the mark's span; the label is a widget decoration,
// so it is never part of the document. Widgets build their DOM lazily (only a view renders them), so the
// plugin can be created and inspected without a DOM.
import { type Node } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { isStableId } from "./attribute-values";
import { schema } from "./schema";

export const bracketLabelsPluginKey = new PluginKey<DecorationSet>("bracketLabels");

/** What each label widget carries in its spec. */
export interface BracketLabelSpec {
  bracketId: string;
  holders: string[];
}

export function bracketLabelsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: bracketLabelsPluginKey,
    state: {
      init: (_config, state) => bracketLabelDecorations(state.doc),
      apply: (tr, decorations) => (tr.docChanged ? bracketLabelDecorations(tr.doc) : decorations),
    },
    props: {
      decorations: (state) => bracketLabelsPluginKey.getState(state),
    },
  });
}

/** One label per bracket with holders, at the end of its last piece. */
export function bracketLabelDecorations(doc: Node): DecorationSet {
  const ends = new Map<string, { pos: number; holders: string[] }>();
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const mark = node.marks.find((candidate) => candidate.type === schema.marks.bracket);
    const id: unknown = mark?.attrs.id;
    if (mark && isStableId(id)) ends.set(id, { pos: pos + node.nodeSize, holders: mark.attrs.holders as string[] });
    return false;
  });
  const widgets: Decoration[] = [];
  for (const [bracketId, { pos, holders }] of ends) {
    if (holders.length === 0) continue;
    const spec: BracketLabelSpec = { bracketId, holders: [...holders] };
    widgets.push(
      Decoration.widget(pos, (view: EditorView) => renderLabel(view, holders), {
        ...spec,
        side: -1,
        ignoreSelection: true,
        key: `bracket:${bracketId}:${holders.join(" ")}`,
      }),
    );
  }
  return DecorationSet.create(doc, widgets);
}

function renderLabel(view: EditorView, holders: string[]): HTMLElement {
  const label = view.dom.ownerDocument.createElement("span");
  label.className = "bracket-holders";
  label.contentEditable = "false";
  label.title = `Held by ${holders.join(", ")}`;
  label.textContent = holders.join(" ");
  return label;
}
