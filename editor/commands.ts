// Clause structure commands: insert, indent, outdent, move. Each is `(state, dispatch?) => boolean` and, without
// `dispatch`, only answers whether it applies. They act on the clauses the selection covers (see
// selectedClauses) and keep the selection on the same text. New clauses get a fresh id here; the clause-ids
// plugin is the safety net for everything else.
import { type Node } from "prosemirror-model";
import { type Command, type EditorState, TextSelection, type Transaction } from "prosemirror-state";
import { StepMap } from "prosemirror-transform";
import { clauseAround, isClause, selectedClauses, subClauseHeight } from "./clause-context";
import { newStableId } from "./clause-ids";
import { MAX_CLAUSE_LEVEL } from "./numbering";
import { schema } from "./schema";

/** A clause with a fresh id and one empty paragraph. */
export function emptyClause(id: string = newStableId()): Node {
  return schema.nodes.clause.create({ id }, schema.nodes.paragraph.create());
}

/**
 * A new, empty clause right after the clause holding the end of the selection, at the same level; from a
 * section heading, a new first clause of that section. The cursor moves into it.
 */
export const insertClauseAfter: Command = (state, dispatch) => {
  const { $to } = state.selection;
  const run = clauseAround($to);
  let pos: number;
  if (run) pos = run.end;
  else if ($to.parent.type === schema.nodes.heading) pos = $to.after();
  else return false;
  if (dispatch) {
    const tr = state.tr.insert(pos, emptyClause());
    // pos + 1 enters the clause, + 2 its paragraph.
    dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView());
  }
  return true;
};

/** Make the selected clauses the last sub-clauses of the clause before them ("1.2" becomes "1.1(a)"). */
export const indentClause: Command = (state, dispatch) => {
  const run = selectedClauses(state);
  if (!run || run.first === 0) return false;
  if (!isClause(run.parent.child(run.first - 1))) return false; // the first sub-clause follows body blocks
  let tallest = 0;
  for (let i = run.first; i <= run.last; i++) tallest = Math.max(tallest, subClauseHeight(run.parent.child(i)));
  if (run.level + 1 + tallest > MAX_CLAUSE_LEVEL) return false;
  if (dispatch) {
    const moved = run.parent.content.cut(run.start - run.parentStart, run.end - run.parentStart);
    // Delete, then insert just inside the end of the previous clause (run.start - 1): its closing token now
    // follows the moved clauses, so everything in them shifts back by one.
    const tr = state.tr.delete(run.start, run.end).insert(run.start - 1, moved);
    dispatch(keepSelection(tr, state, -1));
  }
  return true;
};

/**
 * Make the selected sub-clauses siblings of their parent, placed right after it ("1.1(b)" becomes "1.2").
 * Sub-clauses that followed them come along as sub-clauses of the last one, so the reading order never
 * changes.
 */
export const outdentClause: Command = (state, dispatch) => {
  const run = selectedClauses(state);
  if (!run || !isClause(run.parent)) return false;
  if (dispatch) {
    const parentEnd = run.parentPos + run.parent.nodeSize;
    const offset = (pos: number) => pos - run.parentStart;
    const followers = run.parent.content.cut(offset(run.end), offset(parentEnd - 1));
    const last = run.parent.child(run.last);
    const moved = run.parent.content
      .cut(offset(run.start), offset(run.end - last.nodeSize))
      .addToEnd(last.copy(last.content.append(followers)));
    // The parent's closing token moves in front of the moved clauses: they shift forward by one.
    const tr = state.tr.delete(run.start, parentEnd - 1).insert(run.start + 1, moved);
    dispatch(keepSelection(tr, state, 1));
  }
  return true;
};

/** Swap the selected clauses with the sibling clause before them. */
export const moveClauseUp: Command = (state, dispatch) => {
  const run = selectedClauses(state);
  const previous = run && run.first > 0 ? run.parent.child(run.first - 1) : null;
  if (!run || !isClause(previous)) return false;
  if (dispatch) {
    // Move the neighbour down past the run: the same result, and the selected clauses stay put in the steps.
    const tr = state.tr.insert(run.end, previous).delete(run.start - previous.nodeSize, run.start);
    dispatch(keepSelection(tr, state, -previous.nodeSize));
  }
  return true;
};

/** Swap the selected clauses with the sibling clause after them. */
export const moveClauseDown: Command = (state, dispatch) => {
  const run = selectedClauses(state);
  const next = run ? run.parent.maybeChild(run.last + 1) : null;
  if (!run || !isClause(next)) return false;
  if (dispatch) {
    const tr = state.tr.delete(run.end, run.end + next.nodeSize).insert(run.start, next);
    dispatch(keepSelection(tr, state, next.nodeSize));
  }
  return true;
};

/** The moved clauses' content is unchanged, so the selection inside it moves by a fixed offset. */
function keepSelection(tr: Transaction, state: EditorState, shift: number): Transaction {
  return tr.setSelection(state.selection.map(tr.doc, StepMap.offset(shift))).scrollIntoView();
}
