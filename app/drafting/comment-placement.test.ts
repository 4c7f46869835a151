import { EditorState } from "prosemirror-state";
import { ySyncPlugin } from "y-prosemirror";
import { expect, test } from "vitest";
import type * as Y from "yjs";
import { anchorFromRange, demoDraft, documentFragment, documentFromYDoc, documentToYDoc, updateYDoc } from "../../editor";
import { parseAlternatives } from "./bracket-form";
import { bytesToBase64 } from "./comment-fields";
import { decodeThreads, highlightsOf, placeThreads, type EditorThread } from "./comment-placement";

function find(ydoc: Y.Doc, text: string): number {
  let found = -1;
  documentFromYDoc(ydoc).descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = pos + 1 + at;
    return false;
  });
  return found;
}

function thread(id: number, fields: Partial<EditorThread>): EditorThread {
  return { id, clauseId: null, quote: "", anchorStart: null, anchorEnd: null, authorName: "A", stateCode: null, createdAt: "", replies: 0, firstComment: "", ...fields };
}

function onText(ydoc: Y.Doc, id: number, text: string): EditorThread {
  const from = find(ydoc, text);
  const anchor = anchorFromRange(ydoc, from, from + text.length);
  return thread(id, { quote: anchor.quote, clauseId: anchor.clauseId, anchorStart: bytesToBase64(anchor.start), anchorEnd: bytesToBase64(anchor.end) });
}

function editorOn(ydoc: Y.Doc): EditorState {
  return EditorState.create({ doc: documentFromYDoc(ydoc), plugins: [ySyncPlugin(documentFragment(ydoc))] });
}

test("threads are placed in text order in the editor's state, whole clauses at their start, deleted passages last", () => {
  const ydoc = documentToYDoc(demoDraft());
  const threads = [
    onText(ydoc, 1, "effective remedy"),
    onText(ydoc, 2, "the end user"),
    thread(3, { clauseId: "demo-review-law", quote: "1.1(b) the law" }),
    onText(ydoc, 4, "scale at which"),
    thread(5, { anchorStart: "%%%", anchorEnd: "%%%", quote: "broken" }),
  ];
  // The passage of thread 4 is deleted, as another delegation might.
  const state = EditorState.create({ doc: documentFromYDoc(ydoc) });
  const from = find(ydoc, "scale at which");
  updateYDoc(ydoc, state.apply(state.tr.delete(from, from + "scale at which".length)).doc);

  const placed = placeThreads(editorOn(ydoc), decodeThreads(threads));
  expect(placed.map((entry) => entry.thread.id)).toEqual([2, 3, 1, 4, 5]);
  expect(placed.map((entry) => entry.text)).toEqual(["the end user", "1.1(b) the law", "effective remedy", "scale at which", "broken"]);
  expect(placed.slice(3).every((entry) => entry.from === null)).toBe(true);
  expect(highlightsOf(placed).map((highlight) => highlight.threadId)).toEqual(["2", "1"]);
});

test("alternatives are read one per line, blank lines dropped, within the schema's bounds", () => {
  expect(parseAlternatives(" should \n\nmay\r\n")).toEqual({ alternatives: ["should", "may"] });
  expect(parseAlternatives("")).toEqual({ alternatives: [] });
  expect(parseAlternatives(Array.from({ length: 21 }, (_, i) => `a${i}`).join("\n"))).toEqual({ problem: "Give at most 20 alternatives." });
  expect(parseAlternatives("x".repeat(2_001))).toEqual({ problem: "An alternative has at most 2,000 characters." });
});
