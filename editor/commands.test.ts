import { describe, expect, it } from "vitest";
import { indentClause, insertClauseAfter, moveClauseDown, moveClauseUp, outdentClause } from "./commands";
import { apply, clause, code, doc, h, p, preamble, section, title } from "./test-builder";

describe("insertClauseAfter", () => {
  it("adds an empty clause after the current one and moves the cursor into it", () => {
    apply(
      code(section(h("S"), clause("c1", p("one<a>")), clause("c2", p("two")))),
      insertClauseAfter,
      code(section(h("S"), clause("c1", p("one")), clause("new1", p("<a>")), clause("c2", p("two"))))
    );
  });

  it("stays at the level of a sub-clause", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo"))))),
      insertClauseAfter,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two")), clause("new1", p("<a>")))))
    );
  });

  it("goes after the sub-clauses of the clause it follows", () => {
    apply(
      code(section(h("S"), clause("c1", p("o<a>ne"), clause("c2", p("two"))))),
      insertClauseAfter,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("two"))), clause("new1", p("<a>"))))
    );
  });

  it("from a section heading, adds the section's new first clause", () => {
    apply(
      code(section(h("Sc<a>ope"), clause("c1", p("one")))),
      insertClauseAfter,
      code(section(h("Scope"), clause("new1", p("<a>")), clause("c1", p("one"))))
    );
  });

  it("does not apply in the preamble", () => {
    apply(
      doc(title("T"), preamble(p("Pre<a>amble.")), section(h("S"), clause("c1", p("one")))),
      insertClauseAfter,
      null
    );
  });
});

describe("indentClause", () => {
  it("makes a clause the last sub-clause of the clause before it, keeping the cursor", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), clause("c0", p("zero"))), clause("c2", p("t<a>wo")))),
      indentClause,
      code(section(h("S"), clause("c1", p("one"), clause("c0", p("zero")), clause("c2", p("t<a>wo")))))
    );
  });

  it("takes the clause's own sub-clauses along", () => {
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo"), clause("c3", p("three"))))),
      indentClause,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo"), clause("c3", p("three"))))))
    );
  });

  it("indents every sibling clause the selection covers", () => {
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo")), clause("c3", p("thr<b>ee")))),
      indentClause,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo")), clause("c3", p("thr<b>ee")))))
    );
  });

  it("does not apply to the first clause of a section or the first sub-clause", () => {
    apply(code(section(h("S"), clause("c1", p("o<a>ne")), clause("c2", p("two")))), indentClause, null);
    apply(code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo"))))), indentClause, null);
  });

  it("stops at the third level", () => {
    apply(
      code(
        section(
          h("S"),
          clause("c1", p("1.1"), clause("c2", p("(a)"), clause("c3", p("(i)")), clause("c4", p("(ii)<a>"))))
        )
      ),
      indentClause,
      null
    );
    // A clause with sub-clauses cannot push them below the third level either.
    apply(
      code(
        section(
          h("S"),
          clause("c1", p("1.1"), clause("c2", p("(a)")), clause("c3", p("(b)<a>"), clause("c4", p("(i)"))))
        )
      ),
      indentClause,
      null
    );
  });
});

describe("outdentClause", () => {
  it("makes a sub-clause the next sibling of its parent; later sub-clauses follow it", () => {
    apply(
      code(
        section(
          h("S"),
          clause("c1", p("one"), clause("c2", p("t<a>wo"), clause("c4", p("four"))), clause("c3", p("three")))
        )
      ),
      outdentClause,
      code(
        section(
          h("S"),
          clause("c1", p("one")),
          clause("c2", p("t<a>wo"), clause("c4", p("four")), clause("c3", p("three")))
        )
      )
    );
  });

  it("keeps the parent's earlier sub-clauses and the clauses after the parent", () => {
    apply(
      code(
        section(
          h("S"),
          clause("c1", p("one"), clause("c2", p("two")), clause("c3", p("th<a>ree"))),
          clause("c4", p("four"))
        )
      ),
      outdentClause,
      code(
        section(
          h("S"),
          clause("c1", p("one"), clause("c2", p("two"))),
          clause("c3", p("th<a>ree")),
          clause("c4", p("four"))
        )
      )
    );
  });

  it("outdents every sibling the selection covers", () => {
    apply(
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("<a>two")), clause("c3", p("three<b>"))))),
      outdentClause,
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("<a>two")), clause("c3", p("three<b>"))))
    );
  });

  it("does not apply to a clause of a section", () => {
    apply(code(section(h("S"), clause("c1", p("o<a>ne")))), outdentClause, null);
  });

  it("undoes an indent", () => {
    const before = code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo")), clause("c3", p("three"))));
    const indented = apply(
      before,
      indentClause,
      code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo"))), clause("c3", p("three"))))
    );
    let state = indented;
    outdentClause(state, (tr) => (state = state.apply(tr)));
    expect(state.doc.eq(before)).toBe(true);
    expect(state.selection.from).toBe(before.tag.a);
  });
});

describe("moveClauseUp and moveClauseDown", () => {
  it("swaps a clause with the one before it, keeping the cursor in the moved text", () => {
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo")))),
      moveClauseUp,
      code(section(h("S"), clause("c2", p("t<a>wo")), clause("c1", p("one"))))
    );
  });

  it("swaps a clause with the one after it, sub-clauses included", () => {
    apply(
      code(section(h("S"), clause("c1", p("o<a>ne"), clause("c3", p("three"))), clause("c2", p("two")))),
      moveClauseDown,
      code(section(h("S"), clause("c2", p("two")), clause("c1", p("o<a>ne"), clause("c3", p("three")))))
    );
  });

  it("moves a run of selected siblings together", () => {
    apply(
      code(section(h("S"), clause("c1", p("one")), clause("c2", p("<a>two")), clause("c3", p("thr<b>ee")))),
      moveClauseUp,
      code(section(h("S"), clause("c2", p("<a>two")), clause("c3", p("thr<b>ee")), clause("c1", p("one"))))
    );
  });

  it("moves only among siblings", () => {
    apply(code(section(h("S"), clause("c1", p("o<a>ne")), clause("c2", p("two")))), moveClauseUp, null);
    apply(code(section(h("S"), clause("c1", p("one")), clause("c2", p("t<a>wo")))), moveClauseDown, null);
    // The first sub-clause does not climb over its parent's text.
    apply(code(section(h("S"), clause("c1", p("one"), clause("c2", p("t<a>wo"))))), moveClauseUp, null);
  });
});
