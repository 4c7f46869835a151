import { describe, expect, it } from "vitest";
import { clauseIdProblems } from "./clause-ids";
import { documentFromJSON, documentToJSON } from "./convert/json";
import { schema } from "./schema";
import { demoDraft, emptyCodeOfConduct } from "./starting-documents";

describe("starting documents", () => {
  it("an empty code has a title, a preamble and one section with one clause with an id", () => {
    const doc = emptyCodeOfConduct("  Draft code  ");
    expect(documentFromJSON(documentToJSON(doc)).eq(doc)).toBe(true);
    expect(doc.child(0).textContent).toBe("Draft code");
    expect(doc.childCount).toBe(3);
    expect(clauseIdProblems(doc)).toEqual({ duplicated: [], missing: [] });
    expect(emptyCodeOfConduct("").child(0).childCount).toBe(0);
  });

  it("two empty codes do not share clause ids", () => {
    const id = (title: string) => emptyCodeOfConduct(title).child(2).child(1).attrs.id as string;
    expect(id("a")).not.toBe(id("a"));
  });

  it("the demo draft is valid, covers several sections and holds one bracket held by a state", () => {
    const doc = demoDraft();
    expect(documentFromJSON(documentToJSON(doc)).eq(doc)).toBe(true);
    const brackets: unknown[] = [];
    doc.descendants((node) => {
      for (const mark of node.marks) if (mark.type === schema.marks.bracket) brackets.push(mark.attrs);
    });
    expect(brackets).toEqual([{ id: "demo-bracket-1", holders: ["NO"], alternatives: ["should"] }]);
    expect(doc.childCount).toBe(5); // title, preamble, three sections
  });
});
