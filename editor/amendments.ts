// Amendments: a delegation's proposal to change the wording of one clause, accepted by the chair into the
// living text. An amendment names the clause by its stable id and carries two texts: the clause's own text when
// it was proposed (`base`, canonical text of its body blocks, see clauseBodyText) and the proposed text. Its
// kind and its effect are word diffs of the two.
//
// Applying is a three-way merge at word level. The clause may have changed since the base: edits that do not
// touch the words the amendment changes are kept, and the amendment's edits are moved past them; an edit that
// overlaps or touches a changed passage is a conflict, reported with the current text of that passage. Never
// applied by guesswork: the result's clause text is checked to be exactly the merged text, or nothing is applied.
//
// Amendments change words within paragraphs and list items. A change that would add or remove a paragraph, a
// list item or a line break, or that touches what the canonical text adds around the words (bracket delimiters
// and alternatives, link targets, list markers), is refused as "unsupported": brackets are resolved and
// structure is edited in the editor, where holders and ids are kept. Marks on text outside the changed words
// stay as they were; new words take the marks of the words they replace, or, when inserted, the marks the
// text on both sides shares (inside a bracket or link when inserted before its closing syntax).
import { type Mark, type Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import { allClauses } from "./clause-ids";
import { clauseBodyText, mappedClauseBody, type MappedText, type SourceRange } from "./convert/canonical-text";
import { schema } from "./schema";
import { type DiffPart, diffEdits, diffWords, type TextEdit } from "./text-diff";

export interface Amendment {
  clauseId: string;
  /** The clause's own text when the amendment was proposed (clauseBodyText). */
  base: string;
  proposed: string;
}

export type AmendmentKind = "insert" | "delete" | "replace" | "none";

export type AmendmentConflict =
  | { reason: "clause-removed"; clauseId: string }
  | { reason: "overlapping-change"; clauseId: string; passages: ChangedPassage[] }
  | { reason: "unsupported"; clauseId: string; message: string };

/** A passage the amendment changes that was itself changed since the base: its text then and now. */
export interface ChangedPassage {
  base: string;
  current: string;
}

export type AmendmentResult = { ok: true; doc: Node } | { ok: false; conflict: AmendmentConflict };

export type AmendmentPreview =
  | { ok: true; current: string; parts: DiffPart[] }
  | { ok: false; conflict: AmendmentConflict };

export function amendmentKind(amendment: Pick<Amendment, "base" | "proposed">): AmendmentKind {
  const edits = diffEdits(diffWords(amendment.base, amendment.proposed));
  if (edits.length === 0) return "none";
  if (edits.every((edit) => edit.from === edit.to)) return "insert";
  if (edits.every((edit) => edit.text === "")) return "delete";
  return "replace";
}

/** What accepting would change: the word diff from the clause's current text to the proposed one. */
export function amendmentPreview(doc: Node, amendment: Amendment): AmendmentPreview {
  const clause = findClause(doc, amendment.clauseId);
  if (!clause) return { ok: false, conflict: { reason: "clause-removed", clauseId: amendment.clauseId } };
  const current = clauseBodyText(clause.node);
  return { ok: true, current, parts: diffWords(current, amendment.proposed) };
}

export function applyAmendment(doc: Node, amendment: Amendment): AmendmentResult {
  const { clauseId } = amendment;
  const clause = findClause(doc, clauseId);
  if (!clause) return refuse({ reason: "clause-removed", clauseId });
  const mapped = mappedClauseBody(clause.node, clause.pos);
  const current = mapped.text;
  if (current !== current.normalize("NFC")) return unsupported(clauseId, "The clause text is not in Unicode NFC.");

  const proposedEdits = diffEdits(diffWords(amendment.base, amendment.proposed));
  const currentEdits = diffEdits(diffWords(amendment.base, current));
  const passages = overlaps(proposedEdits, currentEdits, amendment.base, current);
  if (passages.length > 0) return refuse({ reason: "overlapping-change", clauseId, passages });
  if (proposedEdits.length === 0) return { ok: true, doc };

  const edits = proposedEdits.map((edit) => shifted(edit, currentEdits));
  const expected = applyToString(current, edits);
  const tr = new Transform(doc);
  for (const edit of [...edits].reverse()) {
    const problem = applyEdit(tr, mapped, edit);
    if (problem) return unsupported(clauseId, problem);
  }
  const after = tr.doc.nodeAt(tr.mapping.map(clause.pos));
  if (!after || after.attrs.id !== clauseId || clauseBodyText(after) !== expected.normalize("NFC")) {
    return unsupported(clauseId, "The change cannot be made to the clause exactly as proposed.");
  }
  return { ok: true, doc: tr.doc };
}

function findClause(doc: Node, clauseId: string): { node: Node; pos: number } | undefined {
  return allClauses(doc).find(({ node }) => node.attrs.id === clauseId);
}

function refuse(conflict: AmendmentConflict): AmendmentResult {
  return { ok: false, conflict };
}

function unsupported(clauseId: string, message: string): AmendmentResult {
  return refuse({ reason: "unsupported", clauseId, message });
}

/** Edits (both in base offsets) that overlap or touch: the passages they cover, in the base and now. */
function overlaps(proposed: TextEdit[], changed: TextEdit[], base: string, current: string): ChangedPassage[] {
  const ranges: Array<{ from: number; to: number }> = [];
  for (const edit of proposed) {
    const hits = changed.filter((other) => edit.from <= other.to && other.from <= edit.to);
    if (hits.length === 0) continue;
    const from = Math.min(edit.from, ...hits.map((hit) => hit.from));
    const to = Math.max(edit.to, ...hits.map((hit) => hit.to));
    const last = ranges[ranges.length - 1];
    if (last && from <= last.to) last.to = Math.max(last.to, to);
    else ranges.push({ from, to });
  }
  return ranges.map(({ from, to }) => ({
    base: base.slice(from, to),
    current: current.slice(mapStart(from, changed), mapEnd(to, changed)),
  }));
}

function delta(edit: TextEdit): number {
  return edit.text.length - (edit.to - edit.from);
}

/** A base offset in the current text, as the start of a passage: edits ending before it move it. */
function mapStart(offset: number, changed: TextEdit[]): number {
  return changed
    .filter((edit) => edit.to <= offset && edit.from < offset)
    .reduce((at, edit) => at + delta(edit), offset);
}

/** A base offset in the current text, as the end of a passage: edits ending at or before it move it. */
function mapEnd(offset: number, changed: TextEdit[]): number {
  return changed.filter((edit) => edit.to <= offset).reduce((at, edit) => at + delta(edit), offset);
}

/** A proposed edit moved past the changes made since the base (none of which touches it). */
function shifted(edit: TextEdit, changed: TextEdit[]): TextEdit {
  const shift = changed.filter((other) => other.to < edit.from).reduce((sum, other) => sum + delta(other), 0);
  return { from: edit.from + shift, to: edit.to + shift, text: edit.text };
}

function applyToString(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const edit of [...edits].reverse()) out = out.slice(0, edit.from) + edit.text + out.slice(edit.to);
  return out;
}

/** Makes one edit of the clause text in the document; returns why it cannot, or null. */
function applyEdit(tr: Transform, mapped: MappedText, edit: TextEdit): string | null {
  if (edit.text.includes("\n"))
    return "Amendments change words within paragraphs; they cannot add a paragraph or line.";
  if (edit.from === edit.to) return insert(tr, mapped, edit);
  const sources = mapped.sources.slice(edit.from, edit.to);
  const first = sources[0];
  const last = sources[sources.length - 1];
  if (!first || !last || sources.some((source) => source === null) || !sameTextblock(tr.doc, first, last)) {
    return "The change touches paragraph breaks, list markers, brackets or link targets, which are edited in the editor.";
  }
  const from = tr.mapping.map(first.from);
  const to = tr.mapping.map(last.to);
  if (edit.text === "") tr.delete(from, to);
  else tr.replaceWith(from, to, schema.text(edit.text, marksOf(tr.doc, from)));
  return null;
}

/**
 * An insertion can often sit at several places with the same result ("a| b" + " x" is "a |b" + "x "): the
 * nearest one after a character of the document's text, else before one, is where the words attach.
 */
function attachedInsertion(mapped: MappedText, edit: TextEdit): TextEdit | null {
  const { text } = mapped;
  const options: TextEdit[] = [edit];
  for (let at = edit.from, words = edit.text; at > 0 && text[at - 1] === words[words.length - 1]; ) {
    words = (words[words.length - 1] as string) + words.slice(0, -1);
    at--;
    options.push({ from: at, to: at, text: words });
  }
  for (let at = edit.from, words = edit.text; at < text.length && text[at] === words[0]; ) {
    words = words.slice(1) + (words[0] as string);
    at++;
    options.push({ from: at, to: at, text: words });
  }
  return (
    options.find((option) => mapped.sources[option.from - 1]) ??
    options.find((option) => mapped.sources[option.from]) ??
    null
  );
}

function insert(tr: Transform, mapped: MappedText, original: TextEdit): string | null {
  const edit = attachedInsertion(mapped, original);
  if (!edit) return "There is no text next to the insertion point to attach the new words to.";
  const before = mapped.sources[edit.from - 1] ?? null;
  const after = mapped.sources[edit.from] ?? null;
  let pos: number;
  let marks: readonly Mark[];
  if (before) {
    pos = tr.mapping.map(before.to, -1);
    marks = marksOf(tr.doc, pos - 1);
    if (after && sameTextblock(tr.doc, before, after)) {
      const next = marksOf(tr.doc, tr.mapping.map(after.from));
      marks = marks.filter((mark) => mark.isInSet(next));
    }
  } else {
    pos = tr.mapping.map((after as SourceRange).from, 1);
    marks = marksOf(tr.doc, pos);
  }
  tr.insert(pos, schema.text(edit.text, marks));
  return null;
}

/** The marks of the character after `pos`. */
function marksOf(doc: Node, pos: number): readonly Mark[] {
  return doc.nodeAt(pos)?.marks ?? [];
}

function sameTextblock(doc: Node, a: SourceRange, b: SourceRange): boolean {
  return doc.resolve(a.from).sameParent(doc.resolve(b.to));
}
