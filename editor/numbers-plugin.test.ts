import { EditorState, TextSelection } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { moveClauseDown } from "./commands";
import { clauseNumbersPlugin, clauseNumbersPluginKey, type NumberWidgetSpec } from "./numbers-plugin";
import { clause, code, h, li, p, section, type Tagged, ul } from "./test-builder";

function stateOf(doc: Tagged): EditorState {
  const selection = doc.tag.a === undefined ? undefined : TextSelection.create(doc, doc.tag.a);
  return EditorState.create({ doc, selection, plugins: [clauseNumbersPlugin()] });
}

function widgets(state: EditorState): Array<NumberWidgetSpec & { pos: number }> {
  const set = clauseNumbersPluginKey.getState(state);
  if (!set) throw new Error("the plugin has no state");
  return set.find().map((decoration) => {
    const spec = decoration.spec as NumberWidgetSpec;
    return { pos: decoration.from, kind: spec.kind, number: spec.number, clauseId: spec.clauseId };
  });
}

describe("clauseNumbersPlugin", () => {
  it("puts a number widget at the start of each heading and clause, without a DOM", () => {
    const doc = code(section(h("<h>A"), clause("c1", p("<c1>x"), clause("c2", ul(li(p("<item>item")))))));
    expect(widgets(stateOf(doc))).toEqual([
      { pos: doc.tag.h, kind: "section", number: "1", clauseId: null },
      { pos: doc.tag.c1, kind: "clause", number: "1.1", clauseId: "c1" },
      // A clause that starts with a list gets its number before the list (item text - paragraph, item, list).
      { pos: (doc.tag.item as number) - 3, kind: "clause", number: "1.1(a)", clauseId: "c2" },
    ]);
  });

  it("renumbers when the structure changes, and only then", () => {
    let state = stateOf(code(section(h("A"), clause("c1", p("o<a>ne")), clause("c2", p("two")))));
    const initial = clauseNumbersPluginKey.getState(state);
    state = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 1)));
    expect(clauseNumbersPluginKey.getState(state)).toBe(initial);
    state = stateOf(code(section(h("A"), clause("c1", p("o<a>ne")), clause("c2", p("two")))));
    moveClauseDown(state, (tr) => (state = state.apply(tr)));
    const numbers = widgets(state)
      .filter((w) => w.kind === "clause")
      .map((w) => [w.clauseId, w.number]);
    expect(numbers).toEqual([
      ["c2", "1.1"],
      ["c1", "1.2"],
    ]);
  });
});
