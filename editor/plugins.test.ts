import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { allClauses, clauseIdProblems } from "./clause-ids";
import { clauseNumbersPluginKey } from "./numbers-plugin";
import { editorPlugins } from "./plugins";
import { demoDraft } from "./starting-documents";

describe("editorPlugins", () => {
  it("assemble without a DOM and keep ids unique and numbers current together", () => {
    let state = EditorState.create({ doc: demoDraft(), plugins: editorPlugins() });
    const [first] = allClauses(state.doc);
    if (!first) throw new Error("the demo has clauses");
    state = state.apply(state.tr.insert(first.pos, first.node)); // paste a copy of 1.1 before it
    expect(clauseIdProblems(state.doc)).toEqual({ duplicated: [], missing: [] });
    expect(allClauses(state.doc)[0]?.node.attrs.id).not.toBe("demo-review");
    const numbers = clauseNumbersPluginKey.getState(state)?.find().map((d) => (d.spec as { number: string }).number);
    expect(numbers).toContain("1.2(b)(ii)");
  });
});
