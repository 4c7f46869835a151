import { describe, expect, it } from "vitest";
import { clauseAnchor, clauseNumbers, numberDocument, subClauseLabel } from "./numbering";
import { demoDraft } from "./starting-documents";
import { clause, code, h, p, section, ul, li } from "./test-builder";

describe("clauseNumbers", () => {
  it("numbers sections across the document and clauses within their section", () => {
    const doc = code(
      section(h("A"), clause("a1", p("x")), clause("a2", p("x"))),
      section(
        h("B"),
        clause(
          "b1",
          p("x"),
          clause("b1a", p("x"), clause("b1ai", p("x")), clause("b1aii", p("x"))),
          clause("b1b", p("x"))
        )
      )
    );
    expect(Object.fromEntries(clauseNumbers(doc))).toEqual({
      a1: "1.1",
      a2: "1.2",
      b1: "2.1",
      b1a: "2.1(a)",
      b1ai: "2.1(a)(i)",
      b1aii: "2.1(a)(ii)",
      b1b: "2.1(b)",
    });
    expect(numberDocument(doc).sections.map((s) => s.number)).toEqual(["1", "2"]);
  });

  it("counts only clauses, not the body blocks before them", () => {
    const doc = code(section(h("A"), clause("c1", p("x"), ul(li(p("item"))), p("more"), clause("c2", p("x")))));
    expect(clauseNumbers(doc).get("c2")).toBe("1.1(a)");
  });

  it("derives numbers from position: moving a clause renumbers, the id stays", () => {
    const before = code(section(h("A"), clause("first", p("x")), clause("second", p("x"))));
    const after = code(section(h("A"), clause("second", p("x")), clause("first", p("x"))));
    expect(clauseNumbers(before).get("first")).toBe("1.1");
    expect(clauseNumbers(after).get("first")).toBe("1.2");
  });

  it("numbers the demo draft", () => {
    expect([...clauseNumbers(demoDraft()).values()]).toEqual([
      "1.1",
      "1.1(a)",
      "1.1(b)",
      "1.1(b)(i)",
      "1.1(b)(ii)",
      "1.1(c)",
      "1.2",
      "2.1",
      "2.2",
      "3.1",
      "3.2",
    ]);
  });

  it("gives every level a number, beyond the third too", () => {
    const doc = code(
      section(
        h("A"),
        clause("l1", p("x"), clause("l2", p("x"), clause("l3", p("x"), clause("l4", p("x"), clause("l5", p("x"))))))
      )
    );
    expect(clauseNumbers(doc).get("l5")).toBe("1.1(a)(i)(A)(1)");
  });

  it("keeps the first number when an id is (transiently) shared", () => {
    const doc = code(section(h("A"), clause("same", p("x")), clause("same", p("y"))));
    expect(clauseNumbers(doc).get("same")).toBe("1.1");
    expect(numberDocument(doc).clauses.map((c) => c.number)).toEqual(["1.1", "1.2"]);
  });
});

describe("labels", () => {
  it("uses letters past z as aa, ab", () => {
    expect([1, 2, 26, 27, 28, 52, 53, 702, 703].map((i) => subClauseLabel(2, i))).toEqual([
      "a",
      "b",
      "z",
      "aa",
      "ab",
      "az",
      "ba",
      "zz",
      "aaa",
    ]);
  });

  it("uses lower-case roman numerals at the third level", () => {
    expect([1, 2, 3, 4, 5, 9, 14, 40, 49, 1994].map((i) => subClauseLabel(3, i))).toEqual([
      "i",
      "ii",
      "iii",
      "iv",
      "v",
      "ix",
      "xiv",
      "xl",
      "xlix",
      "mcmxciv",
    ]);
  });

  it("turns a number into an anchor with dots and dashes", () => {
    expect(clauseAnchor("1.2")).toBe("1.2");
    expect(clauseAnchor("1.2(a)(iv)")).toBe("1.2-a-iv");
  });
});
