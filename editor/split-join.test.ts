import { describe, expect, it } from "vitest";
import { joinClauseBackward, joinClauseForward, splitClause, splitListItem } from "./split-join";
import { apply, clause, code, doc, h, li, p, preamble, section, stateOf, title, ul } from "./test-builder";

describe("splitClause", () => {
  it("splits inside the text: the rest goes to a new clause, which takes the sub-clauses", () => {
    apply(
      code(section(h("S"), clause("c1", p("fo<a>o"), p("more"), clause("c2", p("sub"))))),
      splitClause,
      code(section(h("S"), clause("c1", p("fo")), clause("new1", p("<a>o"), p("more"), clause("c2", p("sub")))))
    );
  });

  it("at the end of the text adds a clause after it", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>")), clause("c2", p("two")))),
      splitClause,
      code(section(h("S"), clause("c1", p("one")), clause("new1", p("<a>")), clause("c2", p("two"))))
    );
  });

  it("at the end of a clause's text that has sub-clauses adds a first sub-clause", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>"), clause("c2", p("two"))))),
      splitClause,
      code(section(h("S"), clause("c1", p("one"), clause("new1", p("<a>")), clause("c2", p("two")))))
    );
  });

  it("at the start of the text adds an empty clause before it, and the text keeps its id", () => {
    apply(
      code(section(h("S"), clause("c1", p("<a>one")))),
      splitClause,
      code(section(h("S"), clause("new1", p()), clause("c1", p("<a>one"))))
    );
  });

  it("between body blocks, splits the clause there instead of leaving an empty paragraph", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>"), p("two")))),
      splitClause,
      code(section(h("S"), clause("c1", p("one")), clause("new1", p("<a>two"))))
    );
    apply(
      code(section(h("S"), clause("c1", p("one"), p("<a>two")))),
      splitClause,
      code(section(h("S"), clause("c1", p("one")), clause("new1", p("<a>two"))))
    );
  });

  it("replaces a selection inside one paragraph", () => {
    apply(
      code(section(h("S"), clause("c1", p("on<a>e tw<b>o")))),
      splitClause,
      code(section(h("S"), clause("c1", p("on")), clause("new1", p("<a>o"))))
    );
  });

  it("does not apply in lists, headings, the preamble, or across paragraphs", () => {
    apply(code(section(h("S"), clause("c1", p("one"), ul(li(p("it<a>em")))))), splitClause, null);
    apply(code(section(h("He<a>ading"), clause("c1", p("one")))), splitClause, null);
    apply(doc(title("T"), preamble(p("Pre<a>amble")), section(h("S"), clause("c1", p("one")))), splitClause, null);
    apply(code(section(h("S"), clause("c1", p("o<a>ne"), p("t<b>wo")))), splitClause, null);
  });
});

describe("joinClauseBackward", () => {
  it("joins a clause to the one before it: the text flows on and the first id stays", () => {
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("<a>two"), p("more"), clause("c3", p("sub"))))),
      joinClauseBackward,
      code(section(h("S"), clause("c1", p("one<a>two"), p("more"), clause("c3", p("sub")))))
    );
  });

  it("joins into the last sub-clause when the clause before has some", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two"))), clause("c3", p("<a>three")))),
      joinClauseBackward,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two<a>three")))))
    );
  });

  it("joins a first sub-clause into its parent's text", () => {
    apply(
      code(
        section(
          h("S"),
          clause("c1", p("one"), clause("c2", p("<a>two"), clause("c4", p("four"))), clause("c3", p("three")))
        )
      ),
      joinClauseBackward,
      code(section(h("S"), clause("c1", p("one<a>two"), clause("c4", p("four")), clause("c3", p("three")))))
    );
  });

  it("keeps a list as its own block at the seam", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), ul(li(p("item")))), clause("c2", p("<a>two")))),
      joinClauseBackward,
      code(section(h("S"), clause("c1", p("one"), ul(li(p("item"))), p("<a>two"))))
    );
  });

  it("does not apply to the first clause of a section or away from the start", () => {
    apply(code(section(h("S"), clause("c1", p("<a>one")))), joinClauseBackward, null);
    apply(code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo")))), joinClauseBackward, null);
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("two"), p("<a>more")))),
      joinClauseBackward,
      null
    );
  });

  it("undoes a split", () => {
    const before = code(section(h("S"), clause("c1", p("fo<a>o"), clause("c2", p("sub")))));
    let state = stateOf(before);
    splitClause(state, (tr) => (state = state.apply(tr)));
    joinClauseBackward(state, (tr) => (state = state.apply(tr)));
    expect(state.doc.eq(before)).toBe(true);
    expect(state.selection.from).toBe(before.tag.a);
  });
});

describe("joinClauseForward", () => {
  it("joins the next clause into this one", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>")), clause("c2", p("two")))),
      joinClauseForward,
      code(section(h("S"), clause("c1", p("one<a>two"))))
    );
  });

  it("joins the first sub-clause when there is one", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>"), clause("c2", p("two"))))),
      joinClauseForward,
      code(section(h("S"), clause("c1", p("one<a>two"))))
    );
  });

  it("from the last sub-clause, joins the parent's next sibling", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two<a>"))), clause("c3", p("three")))),
      joinClauseForward,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two<a>three")))))
    );
  });

  it("does not apply at the end of the last clause of a section or inside the text", () => {
    apply(code(section(h("S"), clause("c1", p("one<a>")))), joinClauseForward, null);
    apply(code(section(h("S"), clause("c1", p("o<a>ne")), clause("c2", p("two")))), joinClauseForward, null);
  });
});

describe("splitListItem", () => {
  it("splits an item", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), ul(li(p("ab<a>cd")))))),
      splitListItem,
      code(section(h("S"), clause("c1", p("one"), ul(li(p("ab")), li(p("<a>cd"))))))
    );
  });

  it("leaves the list from an empty last item", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), ul(li(p("item")), li(p("<a>")))))),
      splitListItem,
      code(section(h("S"), clause("c1", p("one"), ul(li(p("item"))), p("<a>"))))
    );
    apply(
      code(section(h("S"), clause("c1", p("one"), ul(li(p("<a>")))))),
      splitListItem,
      code(section(h("S"), clause("c1", p("one"), p("<a>"))))
    );
  });

  it("does not apply outside lists", () => {
    apply(code(section(h("S"), clause("c1", p("o<a>ne")))), splitListItem, null);
  });
});
