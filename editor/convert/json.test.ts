import { describe, expect, it } from "vitest";
import { demoDraft } from "../starting-documents";
import { documentFromJSON, documentToJSON, InvalidDocumentError, isValidDocumentJSON, type NodeJSON } from "./json";

const demoJSON = () => documentToJSON(demoDraft());

/** A copy of the demo JSON with one change applied to it. */
function changed(edit: (json: NodeJSON & { content: NodeJSON[] }) => void): unknown {
  const json = structuredClone(demoJSON()) as NodeJSON & { content: NodeJSON[] };
  edit(json);
  return json;
}

const firstClause = (json: NodeJSON & { content: NodeJSON[] }) =>
  json.content[2]?.content?.[1] as NodeJSON & { content: NodeJSON[] };

describe("documentFromJSON", () => {
  it("round-trips JSON → Node → JSON unchanged", () => {
    const json = demoJSON();
    const node = documentFromJSON(JSON.parse(JSON.stringify(json)));
    expect(node.eq(demoDraft())).toBe(true);
    expect(documentToJSON(node)).toEqual(json);
  });

  it.each([
    ["not an object", () => "doc"],
    ["null", () => null],
    ["another root", () => ({ type: "paragraph" })],
    ["an unknown node", () => changed((json) => firstClause(json).content.push({ type: "script", content: [] }))],
    ["a section without clauses", () => changed((json) => json.content[2]?.content?.splice(1))],
    ["a paragraph after a sub-clause", () => changed((json) => firstClause(json).content.push({ type: "paragraph" }))],
    [
      "text outside a paragraph",
      () => changed((json) => firstClause(json).content.unshift({ type: "text", text: "loose" })),
    ],
    [
      "an empty text node",
      () => changed((json) => firstClause(json).content[0]?.content?.push({ type: "text", text: "" })),
    ],
    [
      "a javascript: link",
      () =>
        changed((json) =>
          firstClause(json).content[0]?.content?.push({
            type: "text",
            text: "x",
            marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }],
          })
        ),
    ],
    [
      "a link in a heading",
      () =>
        changed((json) =>
          json.content[2]?.content?.[0]?.content?.push({
            type: "text",
            text: "x",
            marks: [{ type: "link", attrs: { href: "https://example.org" } }],
          })
        ),
    ],
    [
      "a bracket held by a non-state",
      () =>
        changed((json) =>
          firstClause(json).content[0]?.content?.push({
            type: "text",
            text: "x",
            marks: [{ type: "bracket", attrs: { id: "b9", holders: ["norway"] } }],
          })
        ),
    ],
    ["an unknown attribute", () => changed((json) => (firstClause(json).attrs = { id: "x1", onclick: "alert(1)" }))],
    ["a clause id with a quote", () => changed((json) => (firstClause(json).attrs = { id: 'x"1' }))],
    ["a clause without an id", () => changed((json) => delete firstClause(json).attrs)],
    [
      "two clauses with one id",
      () => changed((json) => ((json.content[3]?.content?.[1] as NodeJSON).attrs = { id: "demo-review" })),
    ],
  ])("refuses %s with an InvalidDocumentError", (_name, make) => {
    const json = make();
    expect(() => documentFromJSON(json)).toThrow(InvalidDocumentError);
    expect(isValidDocumentJSON(json)).toBe(false);
  });

  it("says what is wrong", () => {
    expect(() => documentFromJSON(changed((json) => firstClause(json).content.push({ type: "script" })))).toThrow(
      /Unknown node type: script/
    );
    expect(() =>
      documentFromJSON(changed((json) => ((json.content[3]?.content?.[1] as NodeJSON).attrs = { id: "demo-review" })))
    ).toThrow(/used more than once: demo-review/);
  });
});
