import { describe, expect, it } from "vitest";
import { isSafeHref, isStableId, isStateCode } from "./attribute-values";
import { SCHEMA_NAMES, schema } from "./schema";

describe("schema", () => {
  it("allows exactly these names in a stored document (the collaboration server's allow-list)", () => {
    expect(SCHEMA_NAMES).toEqual({
      nodes: [
        "title",
        "preamble",
        "section",
        "heading",
        "clause",
        "paragraph",
        "bullet_list",
        "ordered_list",
        "list_item",
      ],
      marks: ["bracket", "link", "em", "strong"],
      attributes: ["alternatives", "holders", "href", "id"],
    });
    expect(Object.isFrozen(SCHEMA_NAMES) && Object.isFrozen(SCHEMA_NAMES.nodes)).toBe(true);
  });

  it("nests clauses: body blocks first, then sub-clauses", () => {
    const { clause, paragraph } = schema.nodes;
    const sub = clause.create({ id: "s" }, paragraph.create());
    expect(clause.validContent(clause.create({ id: "c" }, paragraph.create()).content)).toBe(true);
    expect(clause.validContent(clause.create({ id: "c" }, [paragraph.create(), sub]).content)).toBe(true);
    expect(clause.validContent(clause.create({ id: "c" }, [sub]).content)).toBe(false);
    expect(clause.validContent(clause.create({ id: "c" }, [paragraph.create(), sub, paragraph.create()]).content)).toBe(
      false
    );
  });

  it("validates attribute values when nodes and marks are created", () => {
    expect(() => schema.nodes.clause.create({ id: "has space" })).toThrow(/clause id/);
    expect(() => schema.marks.link.create({ href: "javascript:alert(1)" })).toThrow(/link target/);
    expect(() => schema.marks.bracket.create({ id: "b1", holders: ["NOR"] })).toThrow(/holders/);
    expect(() => schema.marks.bracket.create({ id: "b1", alternatives: [1] })).toThrow(/alternatives/);
    expect(schema.marks.bracket.create({ id: "b1" }).attrs).toEqual({ id: "b1", holders: [], alternatives: [] });
  });

  it("keeps the bracket the outermost mark", () => {
    const marks = [schema.marks.strong.create(), schema.marks.bracket.create({ id: "b1" }), schema.marks.em.create()];
    const sorted = marks.reduce((set, mark) => mark.addToSet(set), [] as readonly (typeof marks)[number][]);
    expect(sorted.map((mark) => mark.type.name)).toEqual(["bracket", "em", "strong"]);
  });
});

describe("attribute values", () => {
  it("accepts only http, https and mailto links without white space", () => {
    expect(["https://example.org/a?b=c", "http://example.org", "mailto:office@example.org"].every(isSafeHref)).toBe(
      true
    );
    for (const href of [
      "javascript:alert(1)",
      "JAVASCRIPT:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "//example.org",
      "/relative",
      "https://exa mple.org",
      "java\tscript:x",
      "",
      42,
    ]) {
      expect(isSafeHref(href)).toBe(false);
    }
  });

  it("accepts URL-safe ids and two-letter state codes", () => {
    expect(isStableId("k3q7zt2mxa")).toBe(true);
    expect(isStableId("demo-review_1")).toBe(true);
    expect(isStableId("a/b")).toBe(false);
    expect(isStableId("x".repeat(65))).toBe(false);
    expect(isStateCode("XK")).toBe(true);
    expect(isStateCode("no")).toBe(false);
  });
});
