import { EditorState, type Plugin, TextSelection } from "prosemirror-state";
import { type EditorView } from "prosemirror-view";
import { describe, expect, it } from "vitest";
import { editorInputRulesPlugin } from "./input-rules";
import { clause, code, doc, h, li, ol, p, preamble, section, type Tagged, title, ul } from "./test-builder";

/** Types `text` at <a> through the input-rules plugin, as the view would: no DOM needed. */
function type(before: Tagged, text: string): EditorState {
  const plugin = editorInputRulesPlugin();
  let state = EditorState.create({
    doc: before,
    selection: TextSelection.create(before, before.tag.a as number),
    plugins: [plugin],
  });
  const view = {
    get state() {
      return state;
    },
    dispatch: (tr: Parameters<EditorState["apply"]>[0]) => (state = state.apply(tr)),
    composing: false,
  };
  const { from, to } = state.selection;
  const handled = (plugin as Plugin).props.handleTextInput?.call(
    plugin,
    view as unknown as EditorView,
    from,
    to,
    text,
    () => state.tr
  );
  if (!handled) state = state.apply(state.tr.insertText(text, from, to));
  return state;
}

describe("input rules", () => {
  it('"- " at the start of a clause paragraph starts a bullet list', () => {
    const state = type(code(section(h("S"), clause("c1", p("one"), p("-<a>")))), " ");
    const expected = code(section(h("S"), clause("c1", p("one"), ul(li(p())))));
    expect(state.doc.eq(expected)).toBe(true);
  });

  it('"1. " starts a numbered list', () => {
    const state = type(code(section(h("S"), clause("c1", p("1.<a>")))), " ");
    const expected = code(section(h("S"), clause("c1", ol(li(p())))));
    expect(state.doc.eq(expected)).toBe(true);
  });

  it("types the characters as they are where a list is not allowed", () => {
    const state = type(doc(title("T"), preamble(p("-<a>")), section(h("S"), clause("c1", p("x")))), " ");
    expect(state.doc.child(1).textContent).toBe("- ");
  });
});
