import { expect, test } from "vitest";
import { documentToHTML } from "./convert/html";
import { documentOutline } from "./outline";
import { demoDraft } from "./starting-documents";

test("the outline lists every section and clause in order, with anchors that exist in the HTML", () => {
  const doc = demoDraft();
  const outline = documentOutline(doc);
  const html = documentToHTML(doc);
  expect(outline.length).toBeGreaterThan(1);
  expect(outline[0]).toMatchObject({ number: "1", heading: "Human rights in export review", anchor: "section-1" });
  expect(outline[0]?.clauses.slice(0, 3).map((clause) => [clause.number, clause.level])).toEqual([
    ["1.1", 1],
    ["1.1(a)", 2],
    ["1.1(b)", 2],
  ]);
  for (const section of outline) {
    expect(html).toContain(`id="${section.anchor}"`);
    for (const clause of section.clauses) expect(html).toContain(`id="${clause.anchor}"`);
  }
});

test("an excerpt is the clause's own first words, cut with an ellipsis", () => {
  const first = documentOutline(demoDraft())[0]?.clauses[0];
  expect(first?.excerpt).toBe("Each participating state shall take into account the…");
  const short = documentOutline(demoDraft())[0]?.clauses.find((clause) => clause.number === "1.1(c)");
  expect(short?.excerpt).toBe("the capabilities of the item and the scale…");
});
