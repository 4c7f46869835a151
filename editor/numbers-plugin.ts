// Shows section and clause numbers in the editor as widget decorations: they are derived, so they are never
// part of the document and can never be typed over. The widgets build their DOM lazily (only a view renders
// them), so the plugin can be created and its state inspected without a DOM.
import { type Node } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Decoration, DecorationSet, type EditorView } from "prosemirror-view";
import { numberDocument } from "./numbering";
import { schema } from "./schema";

export const clauseNumbersPluginKey = new PluginKey<DecorationSet>("clauseNumbers");

/** What each number widget carries in its spec, so tests and the outline can read it. */
export interface NumberWidgetSpec {
  kind: "section" | "clause";
  number: string;
  clauseId: string | null;
}

export function clauseNumbersPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: clauseNumbersPluginKey,
    state: {
      init: (_config, state) => numberDecorations(state.doc),
      // Numbers depend on the whole structure; walking it skips all text, so rebuilding is cheap, and
      // widgets keyed by id and number keep their DOM when nothing about them changed.
      apply: (tr, decorations) => (tr.docChanged ? numberDecorations(tr.doc) : decorations),
    },
    props: {
      decorations: (state) => clauseNumbersPluginKey.getState(state),
    },
  });
}

export function numberDecorations(doc: Node): DecorationSet {
  const { sections, clauses } = numberDocument(doc);
  const widgets: Decoration[] = [];
  for (const section of sections) {
    // Inside the heading, before its text: section pos + 1 is the heading, + 2 its content.
    widgets.push(
      numberWidget(section.pos + 2, `${section.number}.`, { kind: "section", number: section.number, clauseId: null })
    );
  }
  for (const clause of clauses) {
    const first = clause.node.firstChild;
    // Inside the first paragraph when there is one, else before the first block (a list).
    const pos = first?.type === schema.nodes.paragraph ? clause.pos + 2 : clause.pos + 1;
    widgets.push(numberWidget(pos, clause.number, { kind: "clause", number: clause.number, clauseId: clause.id }));
  }
  return DecorationSet.create(doc, widgets);
}

function numberWidget(pos: number, label: string, spec: NumberWidgetSpec): Decoration {
  return Decoration.widget(pos, (view: EditorView) => renderNumber(view, label, spec.kind), {
    ...spec,
    side: -1,
    ignoreSelection: true,
    key: `${spec.kind}:${spec.clauseId ?? ""}:${label}`,
  });
}

function renderNumber(view: EditorView, label: string, kind: NumberWidgetSpec["kind"]): HTMLElement {
  const span = view.dom.ownerDocument.createElement("span");
  span.className = `${kind}-number`;
  span.contentEditable = "false";
  span.textContent = label;
  return span;
}
