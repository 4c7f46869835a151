import { describe, expect, it } from "vitest";
import { isStableId } from "./attribute-values";
import {
  bracketAtSelection,
  bracketSelection,
  findBracket,
  removeBracket,
  removeBracketAtSelection,
  updateBracket,
} from "./bracket-commands";
import { bracketsOf } from "./brackets";
import { apply, bracket, clause, code, em, h, p, section, stateOf } from "./test-builder";

const NO = { holders: ["NO"], alternatives: ["should"] };

describe("bracketSelection", () => {
  it("brackets the selected text with its holders and alternatives", () => {
    apply(
      code(section(h("S"), clause("c1", p("States <a>shall<b> act.")))),
      bracketSelection(NO, "b9"),
      code(section(h("S"), clause("c1", p("States ", bracket({ id: "b9", ...NO }, "shall"), " act.")))),
    );
  });

  it("keeps other marks inside the bracket and covers pieces in two paragraphs under one id", () => {
    const before = code(section(h("S"), clause("c1", p("One <a>t", em("wo")), p("thr<b>ee"))));
    let state = stateOf(before);
    expect(bracketSelection(NO, "b9")(state, (tr) => (state = state.apply(tr)))).toBe(true);
    expect(bracketsOf(state.doc)).toEqual([{ id: "b9", clauseId: "c1", text: "two thr", holders: ["NO"], alternatives: ["should"] }]);
    expect(state.doc.toJSON()).toEqual(
      code(section(h("S"), clause("c1", p("One ", bracket({ id: "b9", ...NO }, "t", em("wo"))), p(bracket({ id: "b9", ...NO }, "thr"), "ee")))).toJSON(),
    );
  });

  it("does not apply to an empty selection, text already bracketed or invalid holders and alternatives", () => {
    apply(code(section(h("S"), clause("c1", p("Sta<a>tes")))), bracketSelection(NO, "b9"), null);
    apply(
      code(section(h("S"), clause("c1", p("St<a>ates ", bracket({ id: "b1" }, "sh<b>all"))))),
      bracketSelection(NO, "b9"),
      null,
    );
    apply(code(section(h("S"), clause("c1", p("<a>States<b>")))), bracketSelection({ holders: ["Norway"], alternatives: [] }, "b9"), null);
    apply(code(section(h("S"), clause("c1", p("<a>States<b>")))), bracketSelection({ holders: ["NO", "NO"], alternatives: [] }, "b9"), null);
    apply(
      code(section(h("S"), clause("c1", p("<a>States<b>")))),
      bracketSelection({ holders: [], alternatives: Array.from({ length: 21 }, () => "x") }, "b9"),
      null,
    );
    apply(code(section(h("S"), clause("c1", p("<a>States<b>")))), bracketSelection(NO, "not an id"), null);
  });

  it("brackets text in a heading, where only brackets are allowed", () => {
    apply(
      code(section(h("<a>Scope<b>"), clause("c1", p("one")))),
      bracketSelection({ holders: [], alternatives: ["Reach"] }, "b9"),
      code(section(h(bracket({ id: "b9", holders: [], alternatives: ["Reach"] }, "Scope")), clause("c1", p("one")))),
    );
  });
});

describe("updateBracket", () => {
  it("changes holders and alternatives on every piece of the bracket, and only that bracket", () => {
    apply(
      code(
        section(
          h("S"),
          clause("c1", p(bracket({ id: "b1", ...NO }, "shall"), " and ", bracket({ id: "b2" }, "may")), p(bracket({ id: "b1", ...NO }, "also"))),
        ),
      ),
      updateBracket("b1", { holders: ["NO", "DK"], alternatives: ["should", "will"] }),
      code(
        section(
          h("S"),
          clause(
            "c1",
            p(bracket({ id: "b1", holders: ["NO", "DK"], alternatives: ["should", "will"] }, "shall"), " and ", bracket({ id: "b2" }, "may")),
            p(bracket({ id: "b1", holders: ["NO", "DK"], alternatives: ["should", "will"] }, "also")),
          ),
        ),
      ),
    );
  });

  it("does not apply to an unknown id or invalid values", () => {
    const doc = code(section(h("S"), clause("c1", p(bracket({ id: "b1", ...NO }, "shall")))));
    apply(doc, updateBracket("b7", NO), null);
    apply(doc, updateBracket("b1", { holders: ["no"], alternatives: [] }), null);
  });
});

describe("removeBracket", () => {
  it("takes the bracket off all its pieces and keeps the text and other marks", () => {
    apply(
      code(section(h("S"), clause("c1", p("A ", bracket({ id: "b1", ...NO }, "sh", em("al"), "l")), p(bracket({ id: "b1", ...NO }, "more"), " ", bracket({ id: "b2" }, "kept"))))),
      removeBracket("b1"),
      code(section(h("S"), clause("c1", p("A sh", em("al"), "l"), p("more ", bracket({ id: "b2" }, "kept"))))),
    );
  });

  it("removes the bracket under the cursor, and does not apply outside any bracket", () => {
    apply(
      code(section(h("S"), clause("c1", p("A ", bracket({ id: "b1", ...NO }, "sh<a>all"), " act.")))),
      removeBracketAtSelection,
      code(section(h("S"), clause("c1", p("A shall act.")))),
    );
    apply(code(section(h("S"), clause("c1", p("A<a> ", bracket({ id: "b1" }, "shall"))))), removeBracketAtSelection, null);
    apply(code(section(h("S"), clause("c1", p("A shall")))), removeBracket("b1"), null);
  });
});

describe("finding brackets", () => {
  it("finds the bracket under the cursor with its extent, holders and alternatives", () => {
    const doc = code(section(h("S"), clause("c1", p("A ", bracket({ id: "b1", ...NO }, "sh<a>all"), " act."), p(bracket({ id: "b1", ...NO }, "x")))));
    const found = bracketAtSelection(stateOf(doc));
    expect(found).toMatchObject({ id: "b1", holders: ["NO"], alternatives: ["should"] });
    expect(found && doc.textBetween(found.from, found.to, "|")).toBe("shall act.|x");
    expect(findBracket(doc, "b2")).toBeNull();
    expect(bracketAtSelection(stateOf(code(section(h("S"), clause("c1", p("Pl<a>ain"))))))).toBeNull();
  });
});

it("a new bracket gets a fresh stable id", () => {
  let state = stateOf(code(section(h("S"), clause("c1", p("States <a>shall<b> act.")))));
  bracketSelection({ holders: ["NO", "DK"], alternatives: [] })(state, (tr) => (state = state.apply(tr)));
  const [made] = bracketsOf(state.doc);
  expect(made && isStableId(made.id) && made.id.length).toBe(10);
  expect(made).toMatchObject({ text: "shall", holders: ["NO", "DK"], alternatives: [] });
});
