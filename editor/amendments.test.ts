import fc from "fast-check";
import { type Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { Transform } from "prosemirror-transform";
import { describe, expect, it } from "vitest";
import { type Amendment, amendmentKind, amendmentPreview, applyAmendment } from "./amendments";
import { allClauses, clauseIdsPlugin } from "./clause-ids";
import { clauseBodyText, mappedClauseBody } from "./convert/canonical-text";
import { clauseNumbers } from "./numbering";
import { schema } from "./schema";
import { applyEdit, editArbitrary } from "./test-edits";
import { a, bracket, clause, code, em, h, li, p, section, strong, ul } from "./test-builder";

const SHALL = { id: "b1", holders: ["NO"], alternatives: ["should"] };

const START = code(
  section(
    h("Review"),
    clause(
      "c1",
      p("States ", bracket(SHALL, "shall"), " review ", em("all"), " exports of surveillance technology."),
      clause("c2", p("the end user;")),
      clause("c3", p("the law;"))
    ),
    clause("c4", p("Refuse if ", a({ href: "https://example.org/risk" }, "at risk"), "."))
  ),
  section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("good practice")))))
);

function clauseNode(doc: Node, id: string): Node {
  const found = allClauses(doc).find(({ node }) => node.attrs.id === id);
  if (!found) throw new Error(`no clause ${id}`);
  return found.node;
}

function amend(doc: Node, clauseId: string, proposed: string, base = clauseBodyText(clauseNode(doc, clauseId))) {
  return applyAmendment(doc, { clauseId, base, proposed });
}

function applied(doc: Node, amendment: Amendment): Node {
  const result = applyAmendment(doc, amendment);
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.conflict)}`);
  return result.doc;
}

describe("amendmentKind", () => {
  it("is derived from the word diff", () => {
    expect(amendmentKind({ base: "States review exports.", proposed: "States review all exports." })).toBe("insert");
    expect(amendmentKind({ base: "States review all exports.", proposed: "States review exports." })).toBe("delete");
    expect(amendmentKind({ base: "States review exports.", proposed: "States check exports." })).toBe("replace");
    expect(amendmentKind({ base: "a b c", proposed: "x b" })).toBe("replace");
    expect(amendmentKind({ base: "a b", proposed: "a b" })).toBe("none");
  });
});

describe("applyAmendment", () => {
  it("applies a change to an unchanged clause, keeping marks, id and sub-clauses", () => {
    const base = clauseBodyText(clauseNode(START, "c1"));
    expect(base).toBe("States [shall | should] review all exports of surveillance technology.");
    const doc = applied(START, {
      clauseId: "c1",
      base,
      proposed: "States [shall | should] review all exports of intrusion software.",
    });
    expect(clauseNode(doc, "c1").toJSON()).toEqual(
      clause(
        "c1",
        p("States ", bracket(SHALL, "shall"), " review ", em("all"), " exports of intrusion software."),
        clause("c2", p("the end user;")),
        clause("c3", p("the law;"))
      ).toJSON()
    );
    expect(doc.child(3).eq(START.child(3))).toBe(true);
  });

  it("gives replaced words the marks of the words they replace", () => {
    const doc = applied(START, {
      clauseId: "c1",
      base: clauseBodyText(clauseNode(START, "c1")),
      proposed: "States [shall | should] review every exports of surveillance technology.",
    });
    expect(clauseNode(doc, "c1").child(0).toJSON()).toEqual(
      p("States ", bracket(SHALL, "shall"), " review ", em("every"), " exports of surveillance technology.").toJSON()
    );
  });

  it("inserts inside a bracket or a link when the words go before its closing syntax", () => {
    const inBracket = applied(START, {
      clauseId: "c1",
      base: clauseBodyText(clauseNode(START, "c1")),
      proposed: "States [shall always | should] review all exports of surveillance technology.",
    });
    expect(clauseNode(inBracket, "c1").child(0).toJSON()).toEqual(
      p(
        "States ",
        bracket(SHALL, "shall always"),
        " review ",
        em("all"),
        " exports of surveillance technology."
      ).toJSON()
    );
    const inLink = applied(START, {
      clauseId: "c4",
      base: "Refuse if at risk <https://example.org/risk>.",
      proposed: "Refuse if at serious risk <https://example.org/risk>.",
    });
    expect(clauseNode(inLink, "c4").child(0).toJSON()).toEqual(
      p("Refuse if ", a({ href: "https://example.org/risk" }, "at serious risk"), ".").toJSON()
    );
  });

  it("changes words in list items", () => {
    const doc = applied(START, {
      clauseId: "c5",
      base: "Share:\n\n- threats\n- good practice",
      proposed: "Share:\n\n- emerging threats\n- good practice",
    });
    expect(clauseNode(doc, "c5").toJSON()).toEqual(
      clause("c5", p("Share:"), ul(li(p("emerging threats")), li(p("good practice")))).toJSON()
    );
  });

  it("keeps edits made elsewhere in the clause since the base, and applies the amendment past them", () => {
    const base = clauseBodyText(clauseNode(START, "c1"));
    // Since the amendment was proposed, someone made "review" strong and added "carefully".
    const changed = code(
      section(
        h("Review"),
        clause(
          "c1",
          p(
            "States ",
            bracket(SHALL, "shall"),
            " carefully ",
            strong("review"),
            " ",
            em("all"),
            " exports of surveillance technology."
          ),
          clause("c2", p("the end user;")),
          clause("c3", p("the law;"))
        ),
        START.child(2).child(2)
      ),
      START.child(3)
    );
    const doc = applied(changed, {
      clauseId: "c1",
      base,
      proposed: base.replace("surveillance technology", "spyware"),
    });
    expect(clauseBodyText(clauseNode(doc, "c1"))).toBe(
      "States [shall | should] carefully review all exports of spyware."
    );
    expect(clauseNode(doc, "c1").child(0).toJSON()).toEqual(
      p(
        "States ",
        bracket(SHALL, "shall"),
        " carefully ",
        strong("review"),
        " ",
        em("all"),
        " exports of spyware."
      ).toJSON()
    );
  });

  it("refuses when the words it changes were changed since the base, reporting their current text", () => {
    const base = clauseBodyText(clauseNode(START, "c1"));
    const changed = applied(START, {
      clauseId: "c1",
      base,
      proposed: base.replace("surveillance technology", "spyware"),
    });
    const result = amend(changed, "c1", base.replace("surveillance technology", "intrusion software"), base);
    expect(result).toEqual({
      ok: false,
      conflict: {
        reason: "overlapping-change",
        clauseId: "c1",
        passages: [{ base: "surveillance technology", current: "spyware" }],
      },
    });
    // Touching the changed words counts as overlapping too: nothing is guessed.
    const touching = amend(changed, "c1", base.replace("of surveillance", "of mass surveillance"), base);
    expect(touching.ok).toBe(false);
  });

  it("finds a clause that was moved and renumbered by its id", () => {
    const moved = code(
      section(
        h("Review"),
        clause(
          "c4",
          p("Refuse if ", a({ href: "https://example.org/risk" }, "at risk"), "."),
          clause("c2", p("the end user;"))
        ),
        clause(
          "c1",
          p("States ", bracket(SHALL, "shall"), " review ", em("all"), " exports of surveillance technology."),
          clause("c3", p("the law;"))
        )
      ),
      START.child(3)
    );
    expect(clauseNumbers(moved).get("c2")).toBe("1.1(a)");
    const doc = applied(moved, { clauseId: "c2", base: "the end user;", proposed: "the declared end user;" });
    expect(clauseNode(doc, "c2").toJSON()).toEqual(clause("c2", p("the declared end user;")).toJSON());
    expect(clauseNumbers(doc).get("c2")).toBe("1.1(a)");
  });

  it("refuses when the clause is gone", () => {
    const without = code(section(h("Review"), START.child(2).child(2)), START.child(3));
    expect(amend(without, "c1", "x", "y")).toEqual({
      ok: false,
      conflict: { reason: "clause-removed", clauseId: "c1" },
    });
    expect(amendmentPreview(without, { clauseId: "c1", base: "y", proposed: "x" })).toEqual({
      ok: false,
      conflict: { reason: "clause-removed", clauseId: "c1" },
    });
  });

  it("refuses changes to bracket syntax, link targets, list markers and paragraph breaks", () => {
    const refused = (clauseId: string, proposed: string) => {
      const result = amend(START, clauseId, proposed);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.conflict.reason).toBe("unsupported");
    };
    refused("c1", "States shall review all exports of surveillance technology.");
    refused("c1", "States [shall | may] review all exports of surveillance technology.");
    refused("c4", "Refuse if at risk <https://example.org/other>.");
    refused("c5", "Share:\n\n- threats\n- good practice\n- tools");
    refused("c5", "Share:\n\n* threats\n- good practice");
    refused("c2", "the end\n\nuser;");
  });

  it("can delete all the words of a clause, which keeps its (now empty) paragraph and its id", () => {
    const result = amend(START, "c2", "");
    expect(result.ok && clauseNode(result.doc, "c2").toJSON()).toEqual(clause("c2", p()).toJSON());
  });

  it("is a no-op when the proposal equals the base", () => {
    const result = amend(START, "c2", "the end user;");
    expect(result).toEqual({ ok: true, doc: START });
  });
});

describe("amendmentPreview", () => {
  it("diffs the current clause text against the proposal", () => {
    const base = "the end user;";
    const changed = applied(START, { clauseId: "c2", base, proposed: "the final end user;" });
    expect(amendmentPreview(changed, { clauseId: "c2", base, proposed: "the end user and consignee;" })).toEqual({
      ok: true,
      current: "the final end user;",
      parts: [
        { kind: "same", text: "the " },
        { kind: "deleted", text: "final " },
        { kind: "same", text: "end user" },
        { kind: "inserted", text: " and consignee" },
        { kind: "same", text: ";" },
      ],
    });
  });
});

const WORD = /\p{L}+/gu;

interface WordAt {
  from: number;
  to: number;
}

function wordsOf(text: string): WordAt[] {
  return [...text.matchAll(WORD)].map((match) => ({ from: match.index, to: match.index + match[0].length }));
}

/** A word-level change of `text`: replace, delete (with one neighbouring space) or insert before a word. */
function changeWord(text: string, word: WordAt, how: "replace" | "delete" | "insert", replacement: string): string {
  if (how === "replace") return text.slice(0, word.from) + replacement + text.slice(word.to);
  if (how === "insert") return `${text.slice(0, word.from)}${replacement} ${text.slice(word.from)}`;
  if (text[word.from - 1] === " ") return text.slice(0, word.from - 1) + text.slice(word.to);
  if (text[word.to] === " ") return text.slice(0, word.from) + text.slice(word.to + 1);
  return text.slice(0, word.from) + text.slice(word.to);
}

const scenario = fc.record({
  edits: fc.array(editArbitrary, { maxLength: 10 }),
  clause: fc.nat({ max: 50 }),
  word: fc.nat({ max: 50 }),
  how: fc.constantFrom("replace" as const, "delete" as const, "insert" as const),
  replacement: fc.constantFrom("adopted", "state", "ré", "x"),
});

function editedDoc(edits: Parameters<typeof applyEdit>[1][]): Node {
  let state = EditorState.create({ doc: START, plugins: [clauseIdsPlugin()] });
  for (const edit of edits) state = applyEdit(state, edit);
  return state.doc;
}

describe("applyAmendment (property)", () => {
  it("on a clause still at its base text, yields exactly the proposed text unless it touches syntax", () => {
    let appliedCount = 0;
    fc.assert(
      fc.property(scenario, ({ edits, clause: which, word: pick, how, replacement }) => {
        const doc = editedDoc(edits);
        const clauses = allClauses(doc);
        const target = clauses[which % clauses.length];
        if (!target) return;
        const mapped = mappedClauseBody(target.node, target.pos);
        const base = clauseBodyText(target.node);
        const words = wordsOf(base);
        const word = words[pick % Math.max(words.length, 1)];
        if (!word || base !== mapped.text) return;
        const line = base.slice(
          base.lastIndexOf("\n", word.from) + 1,
          (base.indexOf("\n", word.to) + 1 || base.length + 1) - 1
        );
        if (how === "delete" && wordsOf(line).length < 2) return; // would empty a paragraph: a structure change
        const proposed = changeWord(base, word, how, replacement);
        const id = target.node.attrs.id as string;
        const result = applyAmendment(doc, { clauseId: id, base, proposed });
        const plainWord = mapped.sources.slice(word.from, word.to).every((source) => source !== null);
        if (!result.ok) {
          expect(result.conflict.reason).toBe("unsupported");
          expect(plainWord && how === "replace").toBe(false);
          return;
        }
        appliedCount++;
        const after = allClauses(result.doc).find(({ node }) => node.attrs.id === id);
        expect(after && clauseBodyText(after.node)).toBe(proposed);
        expect(() => result.doc.check()).not.toThrow();
        expect(allClauses(result.doc).length).toBe(clauses.length);
      }),
      { numRuns: 300 }
    );
    expect(appliedCount).toBeGreaterThan(150);
  }, 60_000);

  it("merges with a change made since the base, or refuses; never misapplies (property)", () => {
    fc.assert(
      fc.property(
        fc.array(editArbitrary, { maxLength: 8 }),
        fc.nat({ max: 50 }),
        fc.nat({ max: 50 }),
        fc.nat({ max: 50 }),
        (edits, which, first, second) => {
          const doc = editedDoc(edits);
          const clauses = allClauses(doc);
          const target = clauses[which % clauses.length] as { node: Node; pos: number };
          const mapped = mappedClauseBody(target.node, target.pos);
          const base = mapped.text;
          const words = wordsOf(base).filter((w) => mapped.sources.slice(w.from, w.to).every((s) => s !== null));
          const [mine, theirs] = [words[first % Math.max(words.length, 1)], words[second % Math.max(words.length, 1)]];
          if (!mine || !theirs || base !== clauseBodyText(target.node)) return;
          const id = target.node.attrs.id as string;
          // Their change, made in the document since the base: the word replaced by "alpha".
          const source = mapped.sources[theirs.from];
          const end = mapped.sources[theirs.to - 1];
          if (!source || !end) return;
          const marks = doc.nodeAt(source.from)?.marks ?? [];
          const current = new Transform(doc).replaceWith(source.from, end.to, schema.text("alpha", marks)).doc;
          const proposed = changeWord(base, mine, "replace", "beta");
          const result = applyAmendment(current, { clauseId: id, base, proposed });
          if (mine.from === theirs.from) {
            expect(result).toMatchObject({ ok: false, conflict: { reason: "overlapping-change" } });
            return;
          }
          if (!result.ok) {
            expect(["overlapping-change", "unsupported"]).toContain(result.conflict.reason);
            return;
          }
          const both = [mine, theirs]
            .sort((x, y) => y.from - x.from)
            .reduce((text, w) => text.slice(0, w.from) + (w === mine ? "beta" : "alpha") + text.slice(w.to), base);
          const after = allClauses(result.doc).find(({ node }) => node.attrs.id === id);
          expect(after && clauseBodyText(after.node)).toBe(both);
        }
      ),
      { numRuns: 200 }
    );
  }, 60_000);
});
