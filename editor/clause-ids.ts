// Stable clause ids. A clause keeps its id through edits, moves and renumbering, so comments, amendments and
// commitments can point at it. Whenever an edit leaves two clauses with one id (a split, a paste, a duplicated
// clause, or concurrent edits merged by Yjs), the original keeps it and the copy gets a fresh one.
import { type Node } from "prosemirror-model";
import { Plugin, PluginKey } from "prosemirror-state";
import { Mapping, type Transform } from "prosemirror-transform";
import { isStableId } from "./attribute-values";
import { schema } from "./schema";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648 base32, lower case
export const STABLE_ID_LENGTH = 10; // 50 random bits: collisions are negligible at any realistic document size

/** A random, URL-safe id, e.g. `k3q7zt2mxa`. Used for clauses and, later, brackets. */
export function newStableId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(STABLE_ID_LENGTH));
  // 256 is a multiple of 32, so masking keeps the distribution uniform.
  return Array.from(bytes, (byte) => ALPHABET[byte & 31]).join("");
}

export interface ClauseAt {
  pos: number;
  node: Node;
}

/** Every clause in document order, with the position before it. Does not descend into text. */
export function allClauses(doc: Node): ClauseAt[] {
  const found: ClauseAt[] = [];
  doc.descendants((node, pos) => {
    if (node.type === schema.nodes.clause) found.push({ pos, node });
    return !node.isTextblock;
  });
  return found;
}

/** Ids that appear on more than one clause, and clauses without a valid id. Empty lists mean all is well. */
export function clauseIdProblems(doc: Node): { duplicated: string[]; missing: number[] } {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  const missing: number[] = [];
  for (const { pos, node } of allClauses(doc)) {
    const id: unknown = node.attrs.id;
    if (!isStableId(id)) missing.push(pos);
    else if (seen.has(id)) duplicated.add(id);
    else seen.add(id);
  }
  return { duplicated: [...duplicated], missing };
}

/**
 * Gives a fresh id to every clause of `tr.doc` that has none or shares one with another clause. For a shared
 * id, the keeper is the clause that held it in `before` (found by mapping its old position through `mapping`);
 * when that clause is gone, the first in document order keeps it. Returns whether anything changed.
 */
export function assignClauseIds(
  tr: Transform,
  before?: Node,
  mapping?: Mapping,
  newId: () => string = newStableId
): boolean {
  const clauses = allClauses(tr.doc);
  const positionsById = new Map<string, number[]>();
  const needsId: number[] = [];
  for (const { pos, node } of clauses) {
    const id: unknown = node.attrs.id;
    if (!isStableId(id)) needsId.push(pos);
    else {
      const positions = positionsById.get(id);
      if (positions) positions.push(pos);
      else positionsById.set(id, [pos]);
    }
  }
  let oldPositions: Map<string, number> | null = null; // scanned only when some id is shared
  for (const [id, positions] of positionsById) {
    const [first, ...others] = positions;
    if (first === undefined || others.length === 0) continue;
    let keeper = first;
    oldPositions ??= before ? clausePositionsById(before) : new Map<string, number>();
    const oldPos = oldPositions.get(id);
    if (oldPos !== undefined && mapping) {
      // assoc 1: a copy pasted right before the original must not inherit its place.
      const mapped = mapping.mapResult(oldPos, 1);
      if (!mapped.deleted && positions.includes(mapped.pos)) keeper = mapped.pos;
    }
    needsId.push(...positions.filter((pos) => pos !== keeper));
  }
  if (needsId.length === 0) return false;
  const taken = new Set(positionsById.keys());
  for (const pos of needsId) {
    let id = newId();
    while (taken.has(id)) id = newId();
    taken.add(id);
    // Attribute steps do not move positions, so the positions found above stay valid.
    tr.setNodeAttribute(pos, "id", id);
  }
  return true;
}

function clausePositionsById(doc: Node): Map<string, number> {
  const positions = new Map<string, number>();
  for (const { pos, node } of allClauses(doc)) {
    const id: unknown = node.attrs.id;
    if (isStableId(id) && !positions.has(id)) positions.set(id, pos);
  }
  return positions;
}

export const clauseIdsPluginKey = new PluginKey("clauseIds");

/** Keeps clause ids present and unique after every change, local or remote. */
export function clauseIdsPlugin(): Plugin {
  return new Plugin({
    key: clauseIdsPluginKey,
    appendTransaction(transactions, oldState, newState) {
      if (!transactions.some((tr) => tr.docChanged)) return null;
      const mapping = new Mapping();
      for (const tr of transactions) mapping.appendMapping(tr.mapping);
      const tr = newState.tr;
      if (!assignClauseIds(tr, oldState.doc, mapping)) return null;
      return tr.setMeta(clauseIdsPluginKey, true);
    },
  });
}
