import { EditorState } from "prosemirror-state";
import { expect, test } from "vitest";
import { type BracketLabelSpec, bracketLabelsPlugin, bracketLabelsPluginKey } from "./bracket-labels";
import { bracket, clause, code, em, h, p, section } from "./test-builder";

function labels(state: EditorState): { pos: number; spec: BracketLabelSpec }[] {
  return (bracketLabelsPluginKey.getState(state)?.find() ?? []).map((decoration) => {
    const { bracketId, holders } = decoration.spec as BracketLabelSpec;
    return { pos: decoration.from, spec: { bracketId, holders } };
  });
}

test("a label with the holders follows the last piece of each held bracket; unheld brackets get none", () => {
  const doc = code(
    section(
      h("S"),
      clause(
        "c1",
        p("A ", bracket({ id: "b1", holders: ["NO", "DK"] }, "sh", em("al"), "l"), " act."),
        p(bracket({ id: "b1", holders: ["NO", "DK"] }, "more"), " and ", bracket({ id: "b2" }, "free")),
      ),
    ),
  );
  const state = EditorState.create({ doc, plugins: [bracketLabelsPlugin()] });
  const found = labels(state);
  expect(found.map(({ spec }) => spec)).toEqual([{ bracketId: "b1", holders: ["NO", "DK"] }]);
  expect(doc.textBetween((found[0]?.pos ?? 0) - 4, found[0]?.pos ?? 0)).toBe("more");
});

test("labels follow edits of the document", () => {
  const doc = code(section(h("S"), clause("c1", p("A ", bracket({ id: "b1", holders: ["NO"] }, "shall"), " act."))));
  let state = EditorState.create({ doc, plugins: [bracketLabelsPlugin()] });
  state = state.apply(state.tr.insertText("All ", 0 + (labels(state)[0]?.pos ?? 0) - 7));
  expect(state.doc.textBetween((labels(state)[0]?.pos ?? 0) - 5, labels(state)[0]?.pos ?? 0)).toBe("shall");
  const before = bracketLabelsPluginKey.getState(state);
  expect(bracketLabelsPluginKey.getState(state.apply(state.tr.setMeta("x", 1)))).toBe(before);
});
