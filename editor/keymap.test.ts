import { describe, expect, it } from "vitest";
import { indentClause, insertClauseAfter, moveClauseDown, moveClauseUp, outdentClause } from "./commands";
import { editorKeymap, editorKeymapPlugin } from "./keymap";
import { joinClauseBackward, joinClauseForward } from "./split-join";
import { apply, clause, code, em, h, li, p, section, strong, ul } from "./test-builder";

const key = (name: string) => {
  const command = editorKeymap[name];
  if (!command) throw new Error(`no binding for ${name}`);
  return command;
};

describe("editorKeymap", () => {
  it("binds the clause commands", () => {
    expect(editorKeymap).toMatchObject({
      Tab: indentClause,
      "Shift-Tab": outdentClause,
      "Alt-ArrowUp": moveClauseUp,
      "Alt-ArrowDown": moveClauseDown,
      "Mod-Enter": insertClauseAfter,
      Backspace: joinClauseBackward,
      Delete: joinClauseForward,
    });
    expect(editorKeymapPlugin().props.handleKeyDown).toBeTypeOf("function");
  });

  it("Enter at the end of a clause starts a new clause; in a list, a new item", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>")))),
      key("Enter"),
      code(section(h("S"), clause("c1", p("one")), clause("new1", p("<a>"))))
    );
    apply(
      code(section(h("S"), clause("c1", p("one"), ul(li(p("x<a>")))))),
      key("Enter"),
      code(section(h("S"), clause("c1", p("one"), ul(li(p("x")), li(p("<a>"))))))
    );
  });

  it("Shift-Enter adds a paragraph to the same clause", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>")))),
      key("Shift-Enter"),
      code(section(h("S"), clause("c1", p("one"), p("<a>"))))
    );
  });

  it("Mod-b and Mod-i toggle strong and emphasis", () => {
    apply(
      code(section(h("S"), clause("c1", p("<a>one<b>")))),
      key("Mod-b"),
      code(section(h("S"), clause("c1", p(strong("<a>one<b>")))))
    );
    apply(
      code(section(h("S"), clause("c1", p("<a>one<b>")))),
      key("Mod-i"),
      code(section(h("S"), clause("c1", p(em("<a>one<b>")))))
    );
  });

  it("Tab outside a clause is left to the browser (focus moves on)", () => {
    apply(code(section(h("He<a>ading"), clause("c1", p("one")))), key("Tab"), null);
  });
});
