// Splitting and joining clauses, and Enter inside lists. Splitting is what Enter does in a clause; joining is
// what Backspace at the start of a clause (and Delete at the end of one) does. Join is the inverse of split:
// the text flows on in reading order, and the clause that comes first keeps its id.
import { Fragment, type Node, type ResolvedPos } from "prosemirror-model";
import { type Command, type EditorState, Selection, TextSelection, type Transaction } from "prosemirror-state";
import { bodyLength, isClause } from "./clause-context";
import { newStableId } from "./clause-ids";
import { emptyClause } from "./commands";
import { schema } from "./schema";

/**
 * Enter in a body paragraph of a clause. Where the cursor is decides what happens, so that a clause's text and
 * id stay together:
 * - at the end of the clause's text: a new clause after it, or a new first sub-clause when it has some (its
 *   sub-clauses qualify its text, so they must not move to an empty clause);
 * - at the start of the clause's text: a new empty clause before it;
 * - at the end or start of one of several body blocks: the clause splits between blocks;
 * - inside the text: the clause splits there, and the rest of the text, the blocks after it and the
 *   sub-clauses go to a new clause after it.
 */
export const splitClause: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  const clauseDepth = $from.depth - 1;
  if (!(state.selection instanceof TextSelection) || !$from.sameParent($to)) return false;
  if ($from.parent.type !== schema.nodes.paragraph || !isClause($from.node(clauseDepth))) return false;
  if (!dispatch) return true;

  const tr = state.tr;
  if (!state.selection.empty) tr.deleteSelection();
  const $pos = tr.selection.$from;
  const clause = $pos.node(clauseDepth);
  const index = $pos.index(clauseDepth);
  const body = bodyLength(clause);
  const atStart = $pos.parentOffset === 0;
  const atEnd = $pos.parentOffset === $pos.parent.content.size;
  const id = newStableId();
  const newClause = { type: schema.nodes.clause, attrs: { id } };

  if (atEnd && index === body - 1) {
    const pos = body < clause.childCount ? $pos.after() : $pos.after(clauseDepth);
    tr.insert(pos, emptyClause(id));
    tr.setSelection(TextSelection.create(tr.doc, pos + 2));
  } else if (atStart && index === 0) {
    tr.insert($pos.before(clauseDepth), emptyClause(id)); // the cursor maps along with the text
  } else if (atEnd) {
    const pos = $pos.after();
    tr.split(pos, 1, [newClause]);
    tr.setSelection(Selection.near(tr.doc.resolve(pos + 2)));
  } else if (atStart) {
    tr.split($pos.before(), 1, [newClause]);
  } else {
    tr.split($pos.pos, 2, [newClause, null]);
  }
  dispatch(tr.scrollIntoView());
  return true;
};

/** Backspace at the very start of a clause: join it to the clause whose text comes right before it. */
export const joinClauseBackward: Command = (state, dispatch) => {
  const $cursor = cursorOf(state);
  if (!$cursor || $cursor.parentOffset > 0 || !$cursor.parent.isTextblock) return false;
  const clauseDepth = $cursor.depth - 1;
  if (!isClause($cursor.node(clauseDepth)) || $cursor.index(clauseDepth) !== 0) return false;
  return joinIntoPrevious(state, dispatch, $cursor, clauseDepth);
};

/** Delete at the very end of a clause's text: join the clause whose text comes next into this one. */
export const joinClauseForward: Command = (state, dispatch) => {
  const $cursor = cursorOf(state);
  if (!$cursor || !$cursor.parent.isTextblock || $cursor.parentOffset < $cursor.parent.content.size) return false;
  const clauseDepth = $cursor.depth - 1;
  const clause = $cursor.node(clauseDepth);
  if (!isClause(clause) || $cursor.index(clauseDepth) !== bodyLength(clause) - 1) return false;
  // The next text in reading order: the first sub-clause, else the next sibling of this clause or of the
  // nearest ancestor clause that has one.
  let next: number | null = null;
  if (bodyLength(clause) < clause.childCount) next = $cursor.after();
  for (let depth = clauseDepth; next === null && isClause($cursor.node(depth)); depth--) {
    if (isClause($cursor.node(depth - 1).maybeChild($cursor.index(depth - 1) + 1))) next = $cursor.after(depth);
  }
  if (next === null) return false;
  const $next = state.doc.resolve(next + 1);
  return joinIntoPrevious(state, dispatch, $next, $next.depth);
};

/**
 * Join the clause at `clauseDepth` of `$pos` into the clause whose text precedes it: the last descendant of
 * its previous sibling, or its parent when it is the first sub-clause. Its body is appended to that clause's
 * body (two paragraphs meeting at the seam become one) and its sub-clauses follow.
 */
function joinIntoPrevious(
  state: EditorState,
  dispatch: ((tr: Transaction) => void) | undefined,
  $pos: ResolvedPos,
  clauseDepth: number
): boolean {
  const joined = $pos.node(clauseDepth);
  const parent = $pos.node(clauseDepth - 1);
  const index = $pos.index(clauseDepth - 1);
  const joinedPos = $pos.before(clauseDepth);
  const previous = index > 0 ? parent.child(index - 1) : null;

  let from: number, to: number, replacement: Node, seam: number, target: Node;
  if (isClause(previous)) {
    from = joinedPos - previous.nodeSize;
    to = joinedPos + joined.nodeSize;
    target = lastDescendant(previous);
    replacement = replaceLastDescendant(previous, (last) => appendClause(last, [], joined));
    seam = endOfLastDescendantBody(previous, from);
  } else if (isClause(parent)) {
    from = $pos.before(clauseDepth - 1);
    to = from + parent.nodeSize;
    target = parent;
    const later: Node[] = [];
    for (let i = index + 1; i < parent.childCount; i++) later.push(parent.child(i));
    const body = parent.content.cut(0, joinedPos - $pos.start(clauseDepth - 1));
    replacement = appendClause(parent.copy(body), later, joined);
    seam = joinedPos;
  } else {
    return false; // the first clause of a section: nothing before it to join
  }
  if (dispatch) {
    // Everything before the seam is unchanged, so the seam keeps its position in the new document.
    const tr = state.tr.replaceWith(from, to, replacement);
    const merged = joinsParagraphs(target.child(bodyLength(target) - 1), joined.child(0));
    tr.setSelection(merged ? TextSelection.create(tr.doc, seam - 1) : Selection.near(tr.doc.resolve(seam + 1)));
    dispatch(tr.scrollIntoView());
  }
  return true;
}

/** `target` (with no sub-clauses of its own after `later`) followed by `joined`'s body and sub-clauses. */
function appendClause(target: Node, later: Node[], joined: Node): Node {
  const body: Node[] = [];
  const subClauses: Node[] = [];
  target.forEach((child) => body.push(child));
  joined.forEach((child) => (isClause(child) ? subClauses : body).push(child));
  const seam = bodyLength(target) - 1;
  const [left, right] = [body[seam], body[seam + 1]];
  if (left && right && joinsParagraphs(left, right))
    body.splice(seam, 2, left.copy(left.content.append(right.content)));
  return target.copy(Fragment.from([...body, ...subClauses, ...later]));
}

/** Two paragraphs meeting at the seam become one; a list on either side stays a block of its own. */
function joinsParagraphs(left: Node, right: Node): boolean {
  return left.type === schema.nodes.paragraph && right.type === schema.nodes.paragraph;
}

function lastDescendant(clause: Node): Node {
  const last = clause.lastChild;
  return isClause(last) ? lastDescendant(last) : clause;
}

function replaceLastDescendant(clause: Node, replace: (clause: Node) => Node): Node {
  const last = clause.lastChild;
  if (!isClause(last)) return replace(clause);
  return clause.copy(clause.content.replaceChild(clause.childCount - 1, replaceLastDescendant(last, replace)));
}

/** Position right after the last body block of the clause's last descendant. */
function endOfLastDescendantBody(clause: Node, pos: number): number {
  const last = clause.lastChild;
  if (!isClause(last)) return pos + clause.nodeSize - 1;
  return endOfLastDescendantBody(last, pos + clause.nodeSize - 1 - last.nodeSize);
}

/**
 * Enter in a list item: split the item; on an empty last item, leave the list and continue with a paragraph
 * after it (the item is removed, and the list too if it was its only item).
 */
export const splitListItem: Command = (state, dispatch) => {
  const $cursor = cursorOf(state);
  if (!$cursor || $cursor.depth < 3) return false;
  const item = $cursor.node(-1);
  if (item.type !== schema.nodes.list_item) return false;
  const list = $cursor.node(-2);
  const emptyLastItem =
    $cursor.parent.content.size === 0 && item.childCount === 1 && $cursor.index(-2) === list.childCount - 1;
  if (!dispatch) return true;
  const tr = state.tr;
  if (!emptyLastItem) {
    dispatch(tr.split($cursor.pos, 2).scrollIntoView());
    return true;
  }
  const listPos = $cursor.before(-2);
  const paragraph = schema.nodes.paragraph.create();
  if (list.childCount === 1) tr.replaceWith(listPos, listPos + list.nodeSize, paragraph);
  else tr.delete($cursor.before(-1), $cursor.after(-1)).insert(listPos + list.nodeSize - item.nodeSize, paragraph);
  const paragraphPos = list.childCount === 1 ? listPos : listPos + list.nodeSize - item.nodeSize;
  dispatch(tr.setSelection(TextSelection.create(tr.doc, paragraphPos + 1)).scrollIntoView());
  return true;
};

function cursorOf(state: EditorState): ResolvedPos | null {
  return state.selection instanceof TextSelection ? state.selection.$cursor : null;
}
