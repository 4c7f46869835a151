import { expect, test } from "vitest";
import { bracketChanges, bracketsOf } from "./brackets";
import { bracket, clause, code, em, h, p, section } from "./test-builder";

const draft = (inner: ReturnType<typeof p>, second = p("Plain.")) =>
  code(section(h("Scope"), clause("c1", inner, clause("c2", second))));

test("each bracket is listed once with its clause, whole text (across marks and paragraphs), holders and alternatives", () => {
  const doc = code(
    section(
      h("Scope"),
      clause(
        "c1",
        p("States ", bracket({ id: "b1", holders: ["NO", "AU"], alternatives: ["should"] }, "sh", em("al"), "l"), " act."),
        p(bracket({ id: "b1", holders: ["NO", "AU"], alternatives: ["should"] }, "and continue")),
        clause("c2", p("They ", bracket({ id: "b2" }, "may"), " ask.")),
      ),
    ),
  );
  expect(bracketsOf(doc)).toEqual([
    { id: "b1", clauseId: "c1", text: "shall and continue", holders: ["NO", "AU"], alternatives: ["should"] },
    { id: "b2", clauseId: "c2", text: "may", holders: [], alternatives: [] },
  ]);
});

test("changes between two lists: added, changed (text, holders) and removed, by bracket id", () => {
  const before = bracketsOf(draft(p("A ", bracket({ id: "b1", holders: ["NO"] }, "shall"), " act."), p(bracket({ id: "b2" }, "gone"))));
  const after = bracketsOf(
    draft(p("A ", bracket({ id: "b1", holders: ["NO", "DK"] }, "shall"), " act ", bracket({ id: "b3" }, "now"), "."), p("gone")),
  );
  const changes = bracketChanges(before, after);
  expect(changes.map((change) => [change.kind, change.bracket.id])).toEqual([
    ["changed", "b1"],
    ["added", "b3"],
    ["removed", "b2"],
  ]);
  expect(bracketChanges(after, after)).toEqual([]);
});
