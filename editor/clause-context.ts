// Where the selection sits in the clause tree: the shared vocabulary of the clause commands.
import { type Node, type ResolvedPos } from "prosemirror-model";
import { type EditorState } from "prosemirror-state";
import { schema } from "./schema";

export function isClause(node: Node | null | undefined): node is Node {
  return node?.type === schema.nodes.clause;
}

/** A run of sibling clauses (often just one) and the node that holds them. */
export interface ClauseRun {
  /** The section or clause holding the run. */
  parent: Node;
  /** Resolved depth of the clauses themselves: `$pos.node(depth)` is a clause of the run. */
  depth: number;
  /** Index of the first and last clause of the run in `parent` (inclusive). */
  first: number;
  last: number;
  /** Position before the first clause and after the last. */
  start: number;
  end: number;
  /** Position before the parent and where its content starts. */
  parentPos: number;
  parentStart: number;
  /** Number of clause levels down to the run: 1 for clauses of a section. */
  level: number;
}

/** The innermost clause around a position, as a run of one. */
export function clauseAround($pos: ResolvedPos): ClauseRun | null {
  for (let depth = $pos.depth; depth > 0; depth--) {
    if (isClause($pos.node(depth))) return runAt($pos, depth, $pos.index(depth - 1));
  }
  return null;
}

/**
 * The clauses the selection covers: the innermost clause at its start, widened to the sibling clauses up to
 * its end. When the ends sit at different levels, the run climbs to the level where they share a parent
 * (from 1.1(a) to 1.2 selects 1.1 and 1.2).
 */
export function selectedClauses(state: EditorState): ClauseRun | null {
  const { $from, $to } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if (!isClause($from.node(depth))) continue;
    if ($to.depth >= depth && $to.start(depth - 1) === $from.start(depth - 1) && isClause($to.node(depth))) {
      return runAt($from, depth, $from.index(depth - 1), $to.index(depth - 1));
    }
  }
  return null;
}

function runAt($pos: ResolvedPos, depth: number, first: number, last = first): ClauseRun {
  const parent = $pos.node(depth - 1);
  const start = $pos.posAtIndex(first, depth - 1);
  const end = $pos.posAtIndex(last + 1, depth - 1);
  let level = 0;
  for (let d = depth; d > 0; d--) if (isClause($pos.node(d))) level++;
  return {
    parent,
    depth,
    first,
    last,
    start,
    end,
    level,
    parentPos: $pos.before(depth - 1),
    parentStart: $pos.start(depth - 1),
  };
}

/** How many clause levels hang below a clause: 0 when it has no sub-clauses. */
export function subClauseHeight(clause: Node): number {
  let height = 0;
  clause.forEach((child) => {
    if (isClause(child)) height = Math.max(height, 1 + subClauseHeight(child));
  });
  return height;
}

/** Number of body blocks (paragraphs, lists) before the first sub-clause. */
export function bodyLength(clause: Node): number {
  let count = 0;
  clause.forEach((child) => {
    if (!isClause(child)) count++;
  });
  return count;
}
