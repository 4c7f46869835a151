// Clause numbers are derived from position and never stored: moving or inserting a clause renumbers the
// others, while the stable id (clause-ids.ts) stays. The scheme, by level:
//
//   section, counted across the whole document      1, 2, 3
//   level 1: a clause of a section                  1.1, 1.2, ...       section "." position
//   level 2: a sub-clause                           1.1(a), 1.1(b), ... (z), (aa), (ab)   lower-case letters
//   level 3: a sub-clause of a sub-clause           1.1(a)(i), (ii), (iii), (iv), ...     lower-case roman
//   level 4 (only in documents built elsewhere)     1.1(a)(i)(A)                          upper-case letters
//   level 5 and deeper                              1.1(a)(i)(A)(1)                        arabic
//
// The indent command stops at level 3 (MAX_CLAUSE_LEVEL); the deeper styles only make numbering total, so any
// document that fits the schema gets a number for every clause. Only clauses are counted: body paragraphs and
// lists between sub-clauses do not take a number. See docs/decisions/010-clause-numbering-and-ids.md.
import { type Node } from "prosemirror-model";
import { schema } from "./schema";

export const MAX_CLAUSE_LEVEL = 3;

export interface NumberedSection {
  /** "1", "2", ... */
  number: string;
  /** Position before the section node. */
  pos: number;
  node: Node;
}

export interface NumberedClause {
  id: string | null;
  /** The full number, e.g. "1.2(a)(iii)". */
  number: string;
  /** 1 for a clause of a section, 2 for its sub-clauses, ... */
  level: number;
  /** The number of the section it belongs to. */
  section: string;
  /** Position before the clause node. */
  pos: number;
  node: Node;
}

export interface NumberedDocument {
  sections: NumberedSection[];
  /** In document order: a clause comes before its sub-clauses. */
  clauses: NumberedClause[];
}

export function numberDocument(doc: Node): NumberedDocument {
  const sections: NumberedSection[] = [];
  const clauses: NumberedClause[] = [];
  const visitClauses = (parent: Node, parentPos: number, parentNumber: string, level: number, section: string) => {
    let index = 0;
    parent.forEach((child, offset) => {
      if (child.type !== schema.nodes.clause) return;
      index += 1;
      const pos = parentPos + 1 + offset;
      const number = level === 1 ? `${parentNumber}.${index}` : `${parentNumber}(${subClauseLabel(level, index)})`;
      clauses.push({ id: child.attrs.id as string | null, number, level, section, pos, node: child });
      visitClauses(child, pos, number, level + 1, section);
    });
  };
  doc.forEach((child, offset) => {
    if (child.type !== schema.nodes.section) return;
    const number = String(sections.length + 1);
    sections.push({ number, pos: offset, node: child });
    visitClauses(child, offset, number, 1, number);
  });
  return { sections, clauses };
}

/** clause id → number. If two clauses share an id (only ever transiently), the first one's number wins. */
export function clauseNumbers(doc: Node): Map<string, string> {
  const numbers = new Map<string, string>();
  for (const { id, number } of numberDocument(doc).clauses) {
    if (id !== null && !numbers.has(id)) numbers.set(id, number);
  }
  return numbers;
}

/** The label of the index-th (from 1) sub-clause at a level of 2 or more, without parentheses. */
export function subClauseLabel(level: number, index: number): string {
  if (level === 2) return lowerLetters(index);
  if (level === 3) return romanNumeral(index);
  if (level === 4) return lowerLetters(index).toUpperCase();
  return String(index);
}

/** "1.1(a)(i)" → "1.1-a-i": an HTML id / URL fragment that keeps the number readable. */
export function clauseAnchor(number: string): string {
  return number.replace(/\((\w+)\)/g, "-$1");
}

/** Bijective base 26: 1 → a, 26 → z, 27 → aa, 28 → ab. */
function lowerLetters(index: number): string {
  let label = "";
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) {
    label = String.fromCharCode(97 + ((n - 1) % 26)) + label;
  }
  return label;
}

const ROMAN: ReadonlyArray<readonly [number, string]> = [
  [1000, "m"],
  [900, "cm"],
  [500, "d"],
  [400, "cd"],
  [100, "c"],
  [90, "xc"],
  [50, "l"],
  [40, "xl"],
  [10, "x"],
  [9, "ix"],
  [5, "v"],
  [4, "iv"],
  [1, "i"],
];

function romanNumeral(index: number): string {
  if (index >= 4000) return String(index);
  let rest = index;
  let label = "";
  for (const [value, numeral] of ROMAN) {
    while (rest >= value) {
      label += numeral;
      rest -= value;
    }
  }
  return label;
}
