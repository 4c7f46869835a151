import { type Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { describe, expect, it } from "vitest";
import {
  commentHighlightsOf,
  commentHighlightsPlugin,
  commentHighlightsPluginKey,
  setActiveCommentHighlight,
  setCommentHighlights,
} from "./comment-highlights";
import { clause, code, h, p, section } from "./test-builder";

const DOC = code(section(h("S"), clause("c1", p("States review exports.")), clause("c2", p("They share."))));

/** The position of the first occurrence of `text` in the document. */
function find(text: string, doc: Node = DOC): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = pos + 1 + at;
    return false;
  });
  return found;
}

function highlighted(state: EditorState): { text: string; thread: string; active: boolean }[] {
  const set = commentHighlightsPluginKey.getState(state)?.decorations;
  return (set?.find() ?? []).map((decoration) => ({
    text: state.doc.textBetween(decoration.from, decoration.to),
    thread: (decoration.spec as { threadId: string }).threadId,
    active: (decoration.spec as { active: boolean }).active,
  }));
}

function withHighlights(): EditorState {
  const state = EditorState.create({ doc: DOC, plugins: [commentHighlightsPlugin()] });
  const review = find("review");
  const share = find("share");
  return state.apply(
    setCommentHighlights(state.tr, [
      { threadId: "2", from: share, to: share + 5 },
      { threadId: "1", from: review, to: review + 6 },
    ]),
  );
}

describe("commentHighlightsPlugin", () => {
  it("decorates each passage it is given, listed in document order", () => {
    const state = withHighlights();
    expect(highlighted(state).map(({ text, thread }) => [thread, text])).toEqual([
      ["1", "review"],
      ["2", "share"],
    ]);
    expect(commentHighlightsOf(state).map((highlight) => highlight.threadId)).toEqual(["1", "2"]);
  });

  it("starts empty, and leaves out ranges outside the document or empty", () => {
    const state = EditorState.create({ doc: DOC, plugins: [commentHighlightsPlugin()] });
    expect(highlighted(state)).toEqual([]);
    const next = state.apply(
      setCommentHighlights(state.tr, [
        { threadId: "1", from: 5, to: 5 },
        { threadId: "2", from: 3, to: DOC.content.size + 10 },
      ]),
    );
    expect(highlighted(next)).toEqual([]);
  });

  it("follows edits: typing before a passage moves it, deleting it entirely drops it", () => {
    let state = withHighlights();
    state = state.apply(state.tr.insertText("All ", find("States", state.doc)));
    expect(highlighted(state).map(({ text }) => text)).toEqual(["review", "share"]);
    const review = find("review", state.doc);
    state = state.apply(state.tr.delete(review, review + "review ".length));
    expect(highlighted(state).map(({ text }) => text)).toEqual(["share"]);
    expect(commentHighlightsOf(state).map((highlight) => highlight.threadId)).toEqual(["2"]);
  });

  it("marks one thread active without changing the ranges", () => {
    let state = withHighlights();
    state = state.apply(setActiveCommentHighlight(state.tr, "2"));
    expect(highlighted(state).map(({ thread, active }) => [thread, active])).toEqual([
      ["1", false],
      ["2", true],
    ]);
    state = state.apply(setActiveCommentHighlight(state.tr, null));
    expect(highlighted(state).some(({ active }) => active)).toBe(false);
  });

  it("keeps its state on transactions that change nothing it cares about", () => {
    const state = withHighlights();
    const next = state.apply(state.tr.setMeta("other", true));
    expect(commentHighlightsPluginKey.getState(next)).toBe(commentHighlightsPluginKey.getState(state));
  });
});
