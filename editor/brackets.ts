// The square brackets of a document as a list: each bracket (by its stable id) with the clause it is in,
// its text, the states holding it and its alternative wordings. Works on ProseMirror JSON so the server
// can read a living Y.Doc (yDocToJSON) without validating it first, and on a Node through its JSON.
// The server compares two lists to record what happened to each bracket (bracketChanges).
import type { Node } from "prosemirror-model";
import { isAlternativeList, isStableId, isStateCodeList } from "./attribute-values";
import type { NodeJSON } from "./convert/json";

export interface Bracket {
  id: string;
  /** The clause the bracket is in (the innermost one), or null in the title, preamble or a heading. */
  clauseId: string | null;
  /** The bracketed text; pieces in separate paragraphs are joined by a space. */
  text: string;
  holders: string[];
  alternatives: string[];
}

export type BracketChange =
  | { kind: "added"; bracket: Bracket }
  | { kind: "changed"; bracket: Bracket; before: Bracket }
  | { kind: "removed"; bracket: Bracket };

/** The document's brackets in reading order of their first piece. */
export function bracketsOfJSON(doc: NodeJSON): Bracket[] {
  const found = new Map<string, Bracket & { pieces: string[]; lastBlock: NodeJSON | null }>();
  const walk = (node: NodeJSON, clauseId: string | null, block: NodeJSON | null) => {
    const id = node.type === "clause" && isStableId(node.attrs?.id) ? (node.attrs?.id as string) : clauseId;
    if (node.type === "text") {
      const mark = node.marks?.find((candidate) => candidate.type === "bracket");
      const bracketId = mark?.attrs?.id;
      if (!mark || !isStableId(bracketId)) return;
      const entry = found.get(bracketId);
      if (!entry) {
        found.set(bracketId, {
          id: bracketId,
          clauseId: id,
          text: "",
          pieces: [node.text ?? ""],
          lastBlock: block,
          holders: isStateCodeList(mark.attrs?.holders) ? [...mark.attrs.holders] : [],
          alternatives: isAlternativeList(mark.attrs?.alternatives) ? [...mark.attrs.alternatives] : [],
        });
      } else if (entry.lastBlock === block) {
        entry.pieces[entry.pieces.length - 1] += node.text ?? "";
      } else {
        entry.pieces.push(node.text ?? "");
        entry.lastBlock = block;
      }
      return;
    }
    const isTextBlock = node.content?.some((child) => child.type === "text") ?? false;
    for (const child of node.content ?? []) walk(child, id, isTextBlock ? node : block);
  };
  walk(doc, null, null);
  return [...found.values()].map(({ pieces, lastBlock: _block, ...bracket }) => ({ ...bracket, text: pieces.join(" ") }));
}

export function bracketsOf(doc: Node): Bracket[] {
  return bracketsOfJSON(doc.toJSON() as NodeJSON);
}

const same = (a: Bracket, b: Bracket) =>
  a.text === b.text &&
  a.clauseId === b.clauseId &&
  a.holders.join(" ") === b.holders.join(" ") &&
  a.alternatives.join("\u0000") === b.alternatives.join("\u0000");

/** What happened to each bracket from one list to the next: added, changed (text, clause, holders or alternatives) or removed. */
export function bracketChanges(before: readonly Bracket[], after: readonly Bracket[]): BracketChange[] {
  const old = new Map(before.map((bracket) => [bracket.id, bracket]));
  const changes: BracketChange[] = [];
  for (const bracket of after) {
    const previous = old.get(bracket.id);
    if (!previous) changes.push({ kind: "added", bracket });
    else if (!same(previous, bracket)) changes.push({ kind: "changed", bracket, before: previous });
    old.delete(bracket.id);
  }
  for (const bracket of old.values()) changes.push({ kind: "removed", bracket });
  return changes;
}
