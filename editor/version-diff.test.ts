import fc from "fast-check";
import { type Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import { clauseIdsPlugin } from "./clause-ids";
import { clauseBodyText } from "./convert/canonical-text";
import { schema } from "./schema";
import { demoDraft } from "./starting-documents";
import { applyEdit, editArbitrary } from "./test-edits";
import { a, bracket, clause, code, doc, em, h, li, p, preamble, section, title, ul, REVIEW_CODE } from "./test-builder";
import { diffSide } from "./text-diff";
import { type ClauseComparison, compareDocuments, type VersionDiff, versionDiffToHTML } from "./version-diff";

const OLDER = REVIEW_CODE;

function clauseOf(diff: VersionDiff, id: string): ClauseComparison {
  const found = diff.sections.flatMap((s) => s.clauses).find((c) => c.id === id);
  if (!found) throw new Error(`no clause ${id}`);
  return found;
}

describe("compareDocuments", () => {
  it("finds nothing to report between a document and itself", () => {
    const diff = compareDocuments(OLDER, OLDER);
    expect(diff.summary).toEqual({
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 5,
      moved: 0,
      sectionsAdded: 0,
      sectionsRemoved: 0,
      headingsChanged: 0,
      titleChanged: false,
      preambleChanged: false,
    });
    expect(clauseOf(diff, "c2")).toMatchObject({
      olderNumber: "1.1(a)",
      newerNumber: "1.1(a)",
      level: 2,
      moved: false,
    });
  });

  it("diffs a changed clause's own text word by word, without its sub-clauses", () => {
    const newer = code(
      section(
        h("Review"),
        clause(
          "c1",
          p(
            "States ",
            bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"),
            " review all exports."
          ),
          clause("c2", p("the end user;")),
          clause("c3", p("the law;"))
        ),
        clause("c4", p("Refuse ", em("if"), " at risk."))
      ),
      section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
    );
    const diff = compareDocuments(OLDER, newer);
    expect(clauseOf(diff, "c1")).toEqual({
      id: "c1",
      status: "changed",
      olderNumber: "1.1",
      newerNumber: "1.1",
      level: 1,
      moved: false,
      parts: [
        { kind: "same", text: "States [shall | should] review " },
        { kind: "inserted", text: "all " },
        { kind: "same", text: "exports." },
      ],
    });
    expect(clauseOf(diff, "c2").status).toBe("unchanged");
    expect(diff.summary).toMatchObject({ changed: 1, unchanged: 4 });
  });

  it("shows removing a bracket, or changing its alternatives, as a change", () => {
    const resolved = code(
      section(
        h("Review"),
        clause("c1", p("States shall review exports."), clause("c2", p("the end user;")), clause("c3", p("the law;"))),
        clause("c4", p("Refuse ", em("if"), " at risk."))
      ),
      section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
    );
    const parts = clauseOf(compareDocuments(OLDER, resolved), "c1").parts;
    expect(diffSide(parts, "older")).toBe("States [shall | should] review exports.");
    expect(diffSide(parts, "newer")).toBe("States shall review exports.");
    expect(parts.some((part) => part.kind === "deleted" && part.text.includes("should"))).toBe(true);
  });

  it("ignores emphasis but not links, as the canonical text does", () => {
    const restyled = code(
      section(
        h("Review"),
        clause(
          "c1",
          p("States ", bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"), " review exports."),
          clause("c2", p("the end user;")),
          clause("c3", p("the law;"))
        ),
        clause("c4", p("Refuse if ", a({ href: "https://example.org" }, "at risk"), "."))
      ),
      section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
    );
    const c4 = clauseOf(compareDocuments(OLDER, restyled), "c4");
    expect(c4.status).toBe("changed");
    expect(diffSide(c4.parts, "newer")).toBe("Refuse if at risk <https://example.org>.");
  });

  it("aligns clauses on ids through moves and renumbering, and places removed clauses where they were", () => {
    const newer = code(
      section(
        h("Review"),
        clause("c4", p("Refuse ", em("if"), " at risk.")),
        clause(
          "c1",
          p("States ", bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"), " review exports."),
          clause("c3", p("the law;"))
        ),
        clause("c9", p("A new clause."))
      ),
      section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
    );
    const diff = compareDocuments(OLDER, newer);
    expect(diff.sections[0]?.clauses.map((c) => [c.id, c.status, c.olderNumber, c.newerNumber, c.moved])).toEqual([
      ["c4", "unchanged", "1.2", "1.1", true],
      ["c1", "unchanged", "1.1", "1.2", true],
      ["c2", "removed", "1.1(a)", null, false],
      ["c3", "unchanged", "1.1(b)", "1.2(a)", true],
      ["c9", "added", null, "1.3", false],
    ]);
    expect(clauseOf(diff, "c2").parts).toEqual([{ kind: "deleted", text: "the end user;" }]);
    expect(clauseOf(diff, "c9").parts).toEqual([{ kind: "inserted", text: "A new clause." }]);
    expect(diff.summary).toMatchObject({ added: 1, removed: 1, changed: 0, unchanged: 4, moved: 3 });
  });

  it("counts a change of parent as a move even when the number stays", () => {
    const older = code(
      section(h("A"), clause("c1", p("one"), clause("c2", p("two")))),
      section(h("B"), clause("c3", p("three"), clause("c4", p("four"))))
    );
    // c2 and c4 swap parents but keep their numbers' shape; c4 becomes 1.1(a), c2 2.1(a).
    const newer = code(
      section(h("A"), clause("c1", p("one"), clause("c4", p("four")))),
      section(h("B"), clause("c3", p("three"), clause("c2", p("two"))))
    );
    const diff = compareDocuments(older, newer);
    expect(clauseOf(diff, "c4")).toMatchObject({ olderNumber: "2.1(a)", newerNumber: "1.1(a)", moved: true });
    const sameNumber = compareDocuments(
      code(section(h("A"), clause("c1", p("one"), clause("c2", p("two"))), clause("c3", p("three")))),
      code(section(h("A"), clause("c3", p("three"), clause("c2", p("two"))), clause("c1", p("one"))))
    );
    expect(clauseOf(sameNumber, "c2")).toMatchObject({ olderNumber: "1.1(a)", newerNumber: "1.1(a)", moved: true });
  });

  it("compares the title, the preamble and headings, sections by position", () => {
    const older = doc(title("Code"), preamble(p("First."), p("Second.")), section(h("Scope"), clause("c1", p("x"))));
    const newer = doc(
      title("Code of Conduct"),
      preamble(p("First."), p("Second, amended.")),
      section(h("Scope and aims"), clause("c1", p("x"))),
      section(h("Review"), clause("c2", p("y")))
    );
    const diff = compareDocuments(older, newer);
    expect(diff.title.parts).toEqual([
      { kind: "same", text: "Code" },
      { kind: "inserted", text: " of Conduct" },
    ]);
    expect(diffSide(diff.preamble.parts, "newer")).toBe("First.\n\nSecond, amended.");
    expect(diff.sections.map((s) => [s.number, s.status, s.heading.changed])).toEqual([
      ["1", "changed", true],
      ["2", "added", true],
    ]);
    expect(diff.summary).toMatchObject({
      titleChanged: true,
      preambleChanged: true,
      sectionsAdded: 1,
      headingsChanged: 2,
    });
    const back = compareDocuments(newer, older);
    expect(back.sections[1]).toMatchObject({ status: "removed" });
    expect(back.sections[1]?.clauses.map((c) => [c.id, c.status])).toEqual([["c2", "removed"]]);
  });

  it("each clause's parts rebuild its text in both versions, under random edits (property)", () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { maxLength: 12 }), (edits) => {
        let state = EditorState.create({ doc: OLDER, plugins: [clauseIdsPlugin()] });
        for (const edit of edits) state = applyEdit(state, edit);
        const newer = state.doc;
        const diff = compareDocuments(OLDER, newer);
        const texts = (d: Node) => {
          const byId = new Map<string, string>();
          d.descendants((node) => {
            if (node.type.name === "clause" && !byId.has(node.attrs.id as string))
              byId.set(node.attrs.id as string, clauseBodyText(node));
            return !node.isTextblock;
          });
          return byId;
        };
        const [before, after] = [texts(OLDER), texts(newer)];
        const all = diff.sections.flatMap((s) => s.clauses);
        expect(new Set(all.map((c) => c.id))).toEqual(new Set([...before.keys(), ...after.keys()]));
        for (const c of all) {
          expect(diffSide(c.parts, "older")).toBe(before.get(c.id) ?? "");
          expect(diffSide(c.parts, "newer")).toBe(after.get(c.id) ?? "");
        }
        const { added, removed, changed, unchanged } = diff.summary;
        expect(added + removed + changed + unchanged).toBe(all.length);
      }),
      { numRuns: 150 }
    );
  }, 30_000);
});

describe("versionDiffToHTML", () => {
  it("writes changes as <ins> and <del> in place, with numbers, removed clauses struck and moves labelled", () => {
    const newer = code(
      section(
        h("Review"),
        clause("c4", p("Refuse ", em("if"), " at high risk.")),
        clause("c1", p("States shall review exports."), clause("c3", p("the law;")))
      ),
      section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
    );
    const html = versionDiffToHTML(compareDocuments(OLDER, newer));
    expect(html).toContain(
      '<section class="clause clause-changed clause-moved" data-clause-id="c4" data-level="1"><p><span class="clause-number">1.1</span> <span class="clause-moved">moved from 1.2</span> Refuse if at <ins>high </ins>risk.</p></section>'
    );
    expect(html).toContain(
      '<section class="clause clause-removed" data-clause-id="c2" data-level="2"><p><del><span class="clause-number">1.1(a)</span> the end user;</del></p></section>'
    );
    expect(html).toContain("States <del>[</del>shall <del>| should] </del>review exports.");
    expect(html).toContain("Share:<br><br>- threats<br>- practice");
    expect(html).toContain('<ul class="version-summary"><li>0 clauses added</li><li>1 clause removed</li>');
    expect(html.startsWith('<article class="version-diff">')).toBe(true);
  });

  it("escapes all text and writes no script, style or event handler", () => {
    // Text nodes made directly: the test builder would read "<script>" as a position tag.
    const hostile = code(
      section(h(schema.text("<script>alert(1)</script>")), clause("c1", p(schema.text('x" <img src=x onerror=y>'))))
    );
    const html = versionDiffToHTML(compareDocuments(code(section(h("H"), clause("c1", p("x")))), hostile));
    expect(html).not.toMatch(/<script|<img|style=/i);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=y&gt;");
  });

  it("renders the demo draft against itself with every clause and no change marks", () => {
    const html = versionDiffToHTML(compareDocuments(demoDraft(), demoDraft()));
    expect(html).not.toMatch(/<ins>|<del>/);
    expect(html).toContain('<span class="clause-number">1.1(b)(ii)</span>');
  });
});
