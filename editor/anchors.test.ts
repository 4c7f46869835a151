import fc from "fast-check";
import { type Node } from "prosemirror-model";
import { EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { ySyncPlugin } from "y-prosemirror";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  anchorFromEditorState,
  anchorFromRange,
  type CommentAnchor,
  resolveAnchor,
  resolveAnchorInEditorState,
} from "./anchors";
import { clauseIdsPlugin } from "./clause-ids";
import { moveClauseDown } from "./commands";
import { createYDoc, documentFragment, documentFromYDoc, documentToYDoc, updateYDoc, yDocToJSON } from "./convert/ydoc";
import { type Edit, editArbitrary } from "./test-edits";
import { REVIEW_CODE } from "./test-builder";
import { deliver, deliverAll, editAt, replicaStep, replicas, type Replica } from "./test-replicas";

const START = REVIEW_CODE;

/** The position of the first occurrence of `text` inside a textblock of the document. */
function find(doc: Node, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = pos + 1 + at;
    return false;
  });
  if (found < 0) throw new Error(`no "${text}"`);
  return found;
}

function anchorOn(ydoc: Y.Doc, text: string): CommentAnchor {
  const from = find(documentFromYDoc(ydoc), text);
  return anchorFromRange(ydoc, from, from + text.length);
}

/** Edits the Y.Doc the way an editor would: a transaction on its document, written back with y-prosemirror. */
function change(ydoc: Y.Doc, make: (state: EditorState) => Transaction | null): void {
  const state = EditorState.create({ doc: documentFromYDoc(ydoc), plugins: [clauseIdsPlugin()] });
  const tr = make(state);
  if (tr) updateYDoc(ydoc, state.apply(tr).doc);
}

function typeAt(ydoc: Y.Doc, before: string, text: string): void {
  change(ydoc, (state) => state.tr.insertText(text, find(state.doc, before)));
}

function deleteText(ydoc: Y.Doc, text: string): void {
  change(ydoc, (state) => {
    const from = find(state.doc, text);
    return state.tr.delete(from, from + text.length);
  });
}

function expectAttached(ydoc: Y.Doc, anchor: CommentAnchor, text: string, clauseId: string | null) {
  const resolved = resolveAnchor(ydoc, anchor);
  expect(resolved).toMatchObject({ attached: true, text, clauseId });
  if (resolved.attached) expect(documentFromYDoc(ydoc).textBetween(resolved.from, resolved.to, "\n")).toBe(text);
}

describe("anchorFromRange and resolveAnchor", () => {
  it("anchors a passage of a clause and resolves it to the same range", () => {
    const ydoc = documentToYDoc(START);
    const from = find(START, "review");
    const anchor = anchorFromRange(ydoc, from, from + "review exports".length);
    expect(anchor.quote).toBe("review exports");
    expect(anchor.clauseId).toBe("c1");
    expect(anchor.start).toBeInstanceOf(Uint8Array);
    expect(resolveAnchor(ydoc, anchor)).toEqual({
      attached: true,
      from,
      to: from + 14,
      clauseId: "c1",
      text: "review exports",
    });
  });

  it("follows text typed before the passage and keeps text typed next to it outside", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "review");
    typeAt(ydoc, "States", "All ");
    typeAt(ydoc, "review", "[");
    typeAt(ydoc, " exports", "]");
    expectAttached(ydoc, anchor, "review", "c1");
  });

  it("takes in text typed inside the passage and shrinks with deletions inside it", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "review exports");
    typeAt(ydoc, " exports", " all");
    expectAttached(ydoc, anchor, "review all exports", "c1");
    deleteText(ydoc, "review ");
    expectAttached(ydoc, anchor, "all exports", "c1");
    deleteText(ydoc, "rts");
    expectAttached(ydoc, anchor, "all expo", "c1");
  });

  it("is detached, with its quote and clause, when all its text is deleted", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "the end user");
    deleteText(ydoc, "end user");
    expectAttached(ydoc, anchor, "the ", "c2");
    deleteText(ydoc, "the ;");
    expect(resolveAnchor(ydoc, anchor)).toEqual({ attached: false, quote: "the end user", clauseId: "c2" });
  });

  it("is detached when the clause holding it is deleted", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "at risk");
    change(ydoc, (state) => {
      const from = find(state.doc, "Refuse") - 2;
      return state.tr.delete(from, from + (state.doc.nodeAt(from)?.nodeSize ?? 0));
    });
    expect(resolveAnchor(ydoc, anchor)).toEqual({ attached: false, quote: "at risk", clauseId: "c4" });
  });

  it("survives in stored form: bytes copied out and back", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "threats");
    const stored = JSON.parse(
      JSON.stringify({ ...anchor, start: Array.from(anchor.start), end: Array.from(anchor.end) })
    ) as { clauseId: string; start: number[]; end: number[]; quote: string };
    const restored = { ...stored, start: Uint8Array.from(stored.start), end: Uint8Array.from(stored.end) };
    typeAt(ydoc, "Share", "Please ");
    expectAttached(ydoc, restored, "threats", "c5");
  });

  it("resolves on another replica that received the draft as an update", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "the law");
    const other = createYDoc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc));
    typeAt(other, "the law", "under ");
    expectAttached(other, anchor, "the law", "c3");
    expect(resolveAnchor(createYDoc(), anchor)).toEqual({ attached: false, quote: "the law", clauseId: "c3" });
  });

  it("spans blocks, moving ends that sit between blocks inward, and quotes blocks on lines of their own", () => {
    const ydoc = documentToYDoc(START);
    const from = find(START, "Share:") + "Share:".length; // the end of the paragraph: no character there
    const to = find(START, "practice") + 4;
    const anchor = anchorFromRange(ydoc, from, to);
    expect(anchor.quote).toBe("threats\nprac");
    expect(anchor.clauseId).toBe("c5");
    expectAttached(ydoc, anchor, "threats\nprac", "c5");
  });

  it("anchors headings and the title without a clause, and refuses a range without text", () => {
    const ydoc = documentToYDoc(START);
    expect(anchorOn(ydoc, "Sharing").clauseId).toBeNull();
    const end = find(START, "the end user;") + "the end user;".length;
    expect(() => anchorFromRange(ydoc, end, end + 2)).toThrow(RangeError);
    expect(() => anchorFromRange(ydoc, 5, 5)).toThrow(RangeError);
  });

  it("detaches an anchor inside a clause that is moved, which Yjs sees as a delete and an insert", () => {
    const ydoc = documentToYDoc(START);
    const anchor = anchorOn(ydoc, "end user");
    change(ydoc, (state) => {
      const inside = state.apply(state.tr.setSelection(TextSelection.create(state.doc, find(state.doc, "end user"))));
      let moved: Transaction | null = null;
      expect(moveClauseDown(inside, (tr) => (moved = tr))).toBe(true);
      return moved;
    });
    expect(documentFromYDoc(ydoc).child(2).child(1).child(1).textContent).toBe("the law;");
    expect(resolveAnchor(ydoc, anchor)).toEqual({ attached: false, quote: "end user", clauseId: "c2" });
  });
});

describe("in a browser editor bound by ySyncPlugin", () => {
  it("uses the positions of the editor's document, which are the fragment's", () => {
    const ydoc = documentToYDoc(START);
    const state = EditorState.create({ doc: documentFromYDoc(ydoc), plugins: [ySyncPlugin(documentFragment(ydoc))] });
    const from = find(state.doc, "the law");
    const anchor = anchorFromEditorState(state, from, from + 7);
    expect(anchor.quote).toBe("the law");
    expect(resolveAnchorInEditorState(state, anchor)).toEqual(resolveAnchor(ydoc, anchor));
    expect(() => anchorFromEditorState(EditorState.create({ doc: START }))).toThrow(/ySyncPlugin/);
  });
});

interface Char {
  id: string;
  char: string;
  deleted: boolean;
}

/** The characters of a Y.XmlText in Yjs order, deleted ones included (gc is off). */
function charsOf(text: Y.XmlText): Char[] {
  const chars: Char[] = [];
  for (let item = text._start; item !== null; item = item.right) {
    if (!item.countable || !(item.content instanceof Y.ContentString)) continue;
    const str = item.content.str;
    for (let i = 0; i < str.length; i++) {
      chars.push({ id: `${item.id.client}:${item.id.clock + i}`, char: str.charAt(i), deleted: item.deleted });
    }
  }
  return chars;
}

function idOf(bytes: Uint8Array): string {
  const item = Y.decodeRelativePosition(bytes).item;
  if (!item) throw new Error("position without an item");
  return `${item.client}:${item.clock}`;
}

/** What the anchored span holds now in Yjs terms: the live characters from its first item to its last. */
function expectedSpan(ydoc: Y.Doc, anchor: CommentAnchor): Char[] {
  const { type } = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(anchor.start), ydoc) ?? {};
  if (!(type instanceof Y.XmlText)) throw new Error("anchor outside text");
  const chars = charsOf(type);
  const first = chars.findIndex((c) => c.id === idOf(anchor.start));
  const last = chars.findIndex((c) => c.id === idOf(anchor.end));
  return chars.slice(first, last + 1);
}

const anchorSpec = fc.record({ block: fc.nat({ max: 100 }), a: fc.nat({ max: 100 }), b: fc.nat({ max: 20 }) });

// The shared random edits, with more deletions and typing so that anchored passages often lose text.
const anchorEdit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 2, arbitrary: editArbitrary },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("delete" as const),
      block: fc.nat({ max: 20 }),
      offset: fc.nat({ max: 20 }),
      length: fc.integer({ min: 1, max: 20 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("type" as const),
      block: fc.nat({ max: 20 }),
      offset: fc.nat({ max: 40 }),
      text: fc.constantFrom("x", "new "),
    }),
  }
);

const step = replicaStep(anchorEdit);

/** An anchor within one textblock of the start document, on replica 0. */
function anchorWithinBlock(ydoc: Y.Doc, spec: { block: number; a: number; b: number }): CommentAnchor {
  const doc = documentFromYDoc(ydoc);
  const blocks: Array<{ start: number; size: number }> = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock && node.content.size > 0) blocks.push({ start: pos + 1, size: node.content.size });
    return !node.isTextblock;
  });
  const block = blocks[spec.block % blocks.length] as { start: number; size: number };
  const from = spec.a % block.size;
  const to = from + 1 + (spec.b % (block.size - from));
  return anchorFromRange(ydoc, block.start + from, block.start + to);
}

describe("anchors under concurrent edits (property)", () => {
  it("resolve to the surviving characters of their span, identically on every replica", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 3 }),
        anchorSpec,
        fc.array(step, { minLength: 1, maxLength: 25 }),
        (count, spec, steps) => {
          const all = replicas(START, count);
          const first = all[0] as Replica;
          const anchor = anchorWithinBlock(first.ydoc, spec);
          const original = new Set(expectedSpan(first.ydoc, anchor).map((c) => c.id));
          expect(
            expectedSpan(first.ydoc, anchor)
              .map((c) => c.char)
              .join("")
          ).toBe(anchor.quote);

          for (const s of steps) {
            if (s.kind === "edit") editAt(all[s.replica % count] as Replica, s.edit);
            else deliver(all, s.from % count, s.to % count, s.pick);
          }
          deliverAll(all);

          const resolved = resolveAnchor(first.ydoc, anchor);
          for (const other of all.slice(1)) expect(resolveAnchor(other.ydoc, anchor)).toEqual(resolved);

          const live = expectedSpan(first.ydoc, anchor).filter((c) => !c.deleted);
          const survivors = live.filter((c) => original.has(c.id)).map((c) => c.char);
          if (live.length === 0) {
            expect(resolved).toEqual({ attached: false, quote: anchor.quote, clauseId: anchor.clauseId });
            return;
          }
          expect(resolved.attached).toBe(true);
          if (!resolved.attached) return;
          expect(resolved.text).toBe(live.map((c) => c.char).join(""));
          expect(isSubsequence(survivors.join(""), resolved.text)).toBe(true);
          expect(resolved.text).toBe(documentFromJSONText(first.ydoc, resolved.from, resolved.to));
        }
      ),
      { numRuns: 200 }
    );
  }, 60_000);
});

function isSubsequence(needle: string, haystack: string): boolean {
  let at = 0;
  for (const char of haystack) if (char === needle[at]) at++;
  return at === needle.length;
}

/** The text between two positions of the document the fragment holds, as it is (unrepaired). */
function documentFromJSONText(ydoc: Y.Doc, from: number, to: number): string {
  return START.type.schema.nodeFromJSON(yDocToJSON(ydoc)).textBetween(from, to, "\n");
}
