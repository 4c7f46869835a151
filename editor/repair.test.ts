import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clauseIdProblems } from "./clause-ids";
import { documentToJSON, type NodeJSON } from "./convert/json";
import { repairDocument } from "./repair";
import { demoDraft } from "./starting-documents";
import { clause, code, h, p, section } from "./test-builder";

let counter = 0;
const nextId = () => `fresh${++counter}`;
const repairJSON = (json: unknown) => documentToJSON(repairDocument(json, nextId));

describe("repairDocument", () => {
  it("returns a document that already fits unchanged", () => {
    expect(repairDocument(documentToJSON(demoDraft())).eq(demoDraft())).toBe(true);
  });

  it("moves a body paragraph that landed after a sub-clause back into the body, keeping the order", () => {
    const json = {
      ...documentToJSON(code(section(h("S"), clause("c1", p("one"), clause("c2", p("sub")))))),
    };
    const clauseJSON = (json.content?.[2]?.content?.[1] as NodeJSON).content as NodeJSON[];
    clauseJSON.push({ type: "paragraph", content: [{ type: "text", text: "late" }] });
    expect(repairJSON(json)).toEqual(
      documentToJSON(code(section(h("S"), clause("c1", p("one"), p("late"), clause("c2", p("sub"))))))
    );
  });

  it("fills a section left without clauses, and a clause left without text", () => {
    counter = 0;
    const json = documentToJSON(code(section(h("S"), clause("c1", p("x"))), section(h("T"), clause("c2", p("y")))));
    json.content?.[2]?.content?.splice(1);
    (json.content?.[3]?.content?.[1] as NodeJSON).content = [];
    expect(repairJSON(json)).toEqual(
      documentToJSON(code(section(h("S"), clause("fresh1", p())), section(h("T"), clause("c2", p()))))
    );
  });

  it("keeps the first of two clauses with one id and renames the second", () => {
    counter = 0;
    const json = documentToJSON(code(section(h("S"), clause("same", p("a")), clause("same", p("b")))));
    expect(repairJSON(json)).toEqual(
      documentToJSON(code(section(h("S"), clause("same", p("a")), clause("fresh1", p("b")))))
    );
  });

  it("wraps stray text and drops what cannot be placed", () => {
    counter = 0;
    const json = {
      type: "doc",
      content: [
        { type: "title", content: [{ type: "text", text: "T" }] },
        { type: "title", content: [{ type: "text", text: "second title" }] },
        { type: "preamble", content: [{ type: "paragraph" }] },
        { type: "section", content: [{ type: "heading" }, { type: "text", text: "loose" }, { type: "script" }] },
      ],
    };
    expect(repairJSON(json)).toEqual({
      type: "doc",
      content: [
        { type: "title", content: [{ type: "text", text: "T" }] },
        { type: "preamble", content: [{ type: "paragraph" }] },
        {
          type: "section",
          content: [
            { type: "heading" },
            {
              type: "clause",
              attrs: { id: "fresh1" },
              content: [{ type: "paragraph", content: [{ type: "text", text: "loose" }] }],
            },
          ],
        },
      ],
    });
  });

  it("drops unsafe links but never a bracket, whose bad attributes are cleaned", () => {
    counter = 0;
    const text = (marks: unknown[]) => ({ type: "text", text: "x", marks });
    const json = documentToJSON(code(section(h("S"), clause("c1", p("a")))));
    (json.content?.[2]?.content?.[1]?.content?.[0] as NodeJSON).content = [
      text([{ type: "link", attrs: { href: "javascript:alert(1)" } }, { type: "em" }]),
      text([{ type: "bracket", attrs: { id: "bad id", holders: ["NO", "norway", "NO"], alternatives: ["y", 7] } }]),
    ] as NodeJSON[];
    const repaired = repairJSON(json);
    expect(repaired.content?.[2]?.content?.[1]?.content?.[0]?.content).toEqual([
      { type: "text", text: "x", marks: [{ type: "em" }] },
      {
        type: "text",
        text: "x",
        marks: [{ type: "bracket", attrs: { id: "fresh1", holders: ["NO"], alternatives: ["y"] } }],
      },
    ]);
  });

  it("builds a whole document from nothing usable", () => {
    for (const input of [null, "doc", { type: "doc" }, { type: "paragraph" }]) {
      const repaired = repairDocument(input);
      expect(() => repaired.check()).not.toThrow();
      expect(clauseIdProblems(repaired)).toEqual({ duplicated: [], missing: [] });
    }
  });

  it("always yields a valid document with unique ids, and is idempotent (property)", () => {
    const demo = documentToJSON(demoDraft());
    // Random damage: shuffle, drop, duplicate and misplace children anywhere in the tree.
    const damage = fc.array(
      fc.record({
        path: fc.array(fc.nat({ max: 8 }), { maxLength: 4 }),
        op: fc.constantFrom("drop", "duplicate", "moveLast", "empty", "hoist"),
        at: fc.nat({ max: 8 }),
      }),
      { maxLength: 8 }
    );
    fc.assert(
      fc.property(damage, (operations) => {
        const json = structuredClone(demo);
        for (const { path, op, at } of operations) {
          let node: NodeJSON = json;
          for (const step of path) node = node.content?.[step % node.content.length] ?? node;
          const children = node.content;
          if (!children || children.length === 0) continue;
          const i = at % children.length;
          const child = children[i] as NodeJSON;
          if (op === "drop") children.splice(i, 1);
          if (op === "duplicate") children.splice(i, 0, structuredClone(child));
          if (op === "moveLast") children.push(...children.splice(i, 1));
          if (op === "empty") child.content = [];
          if (op === "hoist") children.splice(i, 1, ...(child.content ?? []));
        }
        const repaired = repairDocument(json);
        expect(() => repaired.check()).not.toThrow();
        expect(clauseIdProblems(repaired)).toEqual({ duplicated: [], missing: [] });
        expect(repairDocument(documentToJSON(repaired)).eq(repaired)).toBe(true);
      }),
      { numRuns: 300 }
    );
  }, 30_000); // property tests run many cases: allow for slow, shared machines
});
