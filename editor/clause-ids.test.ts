import fc from "fast-check";
import { type Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { isStableId } from "./attribute-values";
import { allClauses, clauseIdProblems, clauseIdsPlugin, newStableId, STABLE_ID_LENGTH } from "./clause-ids";
import { schema } from "./schema";
import { demoDraft } from "./starting-documents";
import { applyEdit, editArbitrary } from "./test-edits";
import { clause, code, h, p, section } from "./test-builder";

const ids = (doc: Node) => allClauses(doc).map(({ node }) => node.attrs.id as string);

describe("newStableId", () => {
  it("is ten characters of lower-case base32, URL-safe", () => {
    for (let i = 0; i < 200; i++) {
      const id = newStableId();
      expect(id).toMatch(/^[a-z2-7]{10}$/);
      expect(id).toHaveLength(STABLE_ID_LENGTH);
      expect(encodeURIComponent(id)).toBe(id);
    }
  });

  it("does not repeat", () => {
    const many = new Set(Array.from({ length: 5000 }, newStableId));
    expect(many.size).toBe(5000);
  });
});

describe("clauseIdsPlugin", () => {
  const base = code(section(h("S"), clause("c1", p("one")), clause("c2", p("two"))));
  const withPlugin = (doc: Node) => EditorState.create({ doc, plugins: [clauseIdsPlugin()] });
  const c1 = base.child(2).child(1);

  it("gives a pasted copy a fresh id and leaves the original its own, whichever side the copy lands", () => {
    const c1Pos = allClauses(base)[0]?.pos as number;
    for (const at of [c1Pos, c1Pos + c1.nodeSize]) {
      const state = withPlugin(base);
      const next = state.apply(state.tr.insert(at, c1));
      const clauses = allClauses(next.doc);
      expect(clauses).toHaveLength(3);
      const original = clauses.find(({ pos }) => pos === (at === c1Pos ? c1Pos + c1.nodeSize : c1Pos));
      expect(original?.node.attrs.id).toBe("c1");
      expect(clauseIdProblems(next.doc)).toEqual({ duplicated: [], missing: [] });
    }
  });

  it("after a plain split that copies the clause's attributes, the first half keeps the id", () => {
    const tagged = code(section(h("S"), clause("c1", p("fo<a>o")), clause("c2", p("two"))));
    const state = withPlugin(tagged);
    const next = state.apply(state.tr.split(tagged.tag.a as number, 2));
    const [first, second, third] = ids(next.doc);
    expect(first).toBe("c1");
    expect(isStableId(second) && second !== "c1").toBe(true);
    expect(third).toBe("c2");
  });

  it("gives a clause created without an id one", () => {
    const state = withPlugin(base);
    const next = state.apply(state.tr.insert(state.doc.content.size - 1, schema.nodes.clause.createAndFill() as Node));
    const last = allClauses(next.doc).at(-1)?.node.attrs.id;
    expect(isStableId(last)).toBe(true);
    expect(ids(next.doc).slice(0, 2)).toEqual(["c1", "c2"]);
  });

  it("when no clause held the id before, keeps it on the first and renames the rest", () => {
    const state = withPlugin(base);
    const twin = schema.nodes.clause.create({ id: "twin" }, schema.nodes.paragraph.create());
    const next = state.apply(state.tr.insert(state.doc.content.size - 1, [twin, twin]));
    const [, , first, second] = ids(next.doc);
    expect(first).toBe("twin");
    expect(second).not.toBe("twin");
  });

  it("leaves transactions that do not touch the document alone", () => {
    const state = withPlugin(base);
    const next = state.apply(state.tr.setMeta("nothing", true));
    expect(next.doc).toBe(state.doc);
  });
});

describe("clause ids under any sequence of edits (property)", () => {
  it("every clause always has a valid id, no id is shared, and edits that do not copy or remove keep the ids", () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 25 }), (edits) => {
        let state = EditorState.create({ doc: demoDraft(), plugins: [clauseIdsPlugin()] });
        for (const edit of edits) {
          const before = ids(state.doc);
          state = applyEdit(state, edit);
          const after = ids(state.doc);
          expect(clauseIdProblems(state.doc)).toEqual({ duplicated: [], missing: [] });
          if (edit.kind === "type" || edit.kind === "delete" || edit.kind === "mark") expect(after).toEqual(before);
          if (
            edit.kind === "command" &&
            ["indentClause", "outdentClause", "moveClauseUp", "moveClauseDown"].includes(edit.command)
          ) {
            expect([...after].sort()).toEqual([...before].sort());
          }
          if (
            edit.kind === "duplicate" ||
            (edit.kind === "command" && ["insertClauseAfter", "splitClause"].includes(edit.command))
          ) {
            expect(after).toEqual(expect.arrayContaining(before));
          }
          if (edit.kind === "command" && edit.command.startsWith("join"))
            expect(before).toEqual(expect.arrayContaining(after));
        }
      }),
      { numRuns: 150 }
    );
  }, 30_000); // property tests run many cases: allow for slow, shared machines
});
