import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { diffEdits, diffSide, diffWords, hasChanges } from "./text-diff";

describe("diffWords", () => {
  it("marks whole words as inserted and deleted, keeping the spacing", () => {
    expect(diffWords("States shall review exports.", "States should review all exports.")).toEqual([
      { kind: "same", text: "States " },
      { kind: "deleted", text: "shall" },
      { kind: "inserted", text: "should" },
      { kind: "same", text: " review " },
      { kind: "inserted", text: "all " },
      { kind: "same", text: "exports." },
    ]);
  });

  it("gives one same part for equal texts and nothing for two empty ones", () => {
    expect(diffWords("a b", "a b")).toEqual([{ kind: "same", text: "a b" }]);
    expect(hasChanges(diffWords("a b", "a b"))).toBe(false);
    expect(diffWords("", "")).toEqual([]);
  });

  it("shows an added or removed bracket as a change", () => {
    const parts = diffWords("States [shall | should] act.", "States shall act.");
    expect(hasChanges(parts)).toBe(true);
    expect(
      parts
        .filter((part) => part.kind === "deleted")
        .map((part) => part.text)
        .join("")
    ).toContain("should");
  });

  it("rebuilds both texts from its parts (property)", () => {
    const text = fc.array(fc.constantFrom("a", "b", "shall", " ", "  ", "\n", "[", "]", "|", ".", "é"), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(text, text, (older, newer) => {
        const [a, b] = [older.join(""), newer.join("")];
        const parts = diffWords(a, b);
        expect(diffSide(parts, "older")).toBe(a);
        expect(diffSide(parts, "newer")).toBe(b);
        expect(parts.every((part) => part.text !== "")).toBe(true);
      }),
      { numRuns: 300 }
    );
  });
});

describe("diffEdits", () => {
  it("expresses the diff as replacements of ranges of the older text", () => {
    expect(diffEdits(diffWords("a b c d", "a x c d e"))).toEqual([
      { from: 2, to: 3, text: "x" },
      { from: 7, to: 7, text: " e" },
    ]);
  });

  it("applied to the older text gives the newer one (property)", () => {
    const text = fc.array(fc.constantFrom("a", "b", "c", " ", "\n", ","), { maxLength: 25 });
    fc.assert(
      fc.property(text, text, (older, newer) => {
        const [a, b] = [older.join(""), newer.join("")];
        let out = a;
        for (const edit of diffEdits(diffWords(a, b)).reverse()) {
          out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
        }
        expect(out).toBe(b);
      }),
      { numRuns: 300 }
    );
  });
});
