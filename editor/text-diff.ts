// Word-level differences between two texts, for version comparisons and amendments. jsdiff's
// diffWordsWithSpace treats each word, punctuation mark, newline and run of other white space as a token, so a
// diff never splits a word and keeps the spacing of both texts exactly: joining the "same" and "deleted" parts
// gives the older text back, the "same" and "inserted" parts the newer one.
import { diffWordsWithSpace } from "diff";

export type DiffKind = "same" | "inserted" | "deleted";

export interface DiffPart {
  kind: DiffKind;
  text: string;
}

/** The parts, in reading order; where a passage is replaced, the deleted part comes before the inserted one. */
export function diffWords(older: string, newer: string): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const change of diffWordsWithSpace(older, newer)) {
    const kind: DiffKind = change.added ? "inserted" : change.removed ? "deleted" : "same";
    if (change.value === "") continue;
    const last = parts[parts.length - 1];
    if (last?.kind === kind) last.text += change.value;
    else parts.push({ kind, text: change.value });
  }
  return parts;
}

/** The text on one side of a diff: "older" keeps same and deleted parts, "newer" same and inserted ones. */
export function diffSide(parts: readonly DiffPart[], side: "older" | "newer"): string {
  const dropped: DiffKind = side === "older" ? "inserted" : "deleted";
  return parts
    .filter((part) => part.kind !== dropped)
    .map((part) => part.text)
    .join("");
}

export function hasChanges(parts: readonly DiffPart[]): boolean {
  return parts.some((part) => part.kind !== "same");
}

/**
 * The changes as edits of the older text: each replaces older[from, to) by `text` (from === to: an insertion).
 * Adjacent deleted and inserted parts form one edit.
 */
export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

export function diffEdits(parts: readonly DiffPart[]): TextEdit[] {
  const edits: TextEdit[] = [];
  let offset = 0;
  let open: TextEdit | null = null;
  for (const part of parts) {
    if (part.kind === "same") {
      open = null;
      offset += part.text.length;
      continue;
    }
    if (!open) {
      open = { from: offset, to: offset, text: "" };
      edits.push(open);
    }
    if (part.kind === "deleted") {
      offset += part.text.length;
      open.to = offset;
    } else open.text += part.text;
  }
  return edits;
}
