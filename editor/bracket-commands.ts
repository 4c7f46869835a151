// Editing square brackets: bracket the selected text for the states that hold it (with alternative
// wordings), change a bracket's holders or alternatives, remove a bracket. A bracket is one `bracket` mark
// identified by its stable id; it may cover pieces of several textblocks, and every command treats all pieces
// of one id together. Commands follow ProseMirror's convention: without `dispatch` they only answer whether
// they apply. Holders and alternatives are checked with the schema's own rules (attribute-values.ts), and a
// command given values the schema would refuse does not apply.
import { type Mark, type MarkType, type Node } from "prosemirror-model";
import { type Command, type EditorState } from "prosemirror-state";
import { isAlternativeList, isStableId, isStateCodeList } from "./attribute-values";
import { newStableId } from "./clause-ids";
import { schema } from "./schema";

export interface BracketAttrs {
  holders: string[];
  alternatives: string[];
}

/** A bracket in an editor's document: its attributes and the extent of its pieces. */
export interface BracketAt extends BracketAttrs {
  id: string;
  /** Start of its first piece and end of its last. */
  from: number;
  to: number;
}

interface Piece {
  from: number;
  to: number;
  mark: Mark;
}

function bracketType(): MarkType {
  return schema.marks.bracket;
}

function validAttrs(attrs: BracketAttrs): boolean {
  return isStateCodeList(attrs.holders) && isAlternativeList(attrs.alternatives);
}

/** Every run of text carrying the bracket with this id, in document order. */
export function bracketPieces(doc: Node, id: string): Piece[] {
  const pieces: Piece[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const mark = node.marks.find((candidate) => candidate.type === bracketType() && candidate.attrs.id === id);
    if (!mark) return false;
    const last = pieces[pieces.length - 1];
    if (last && last.to === pos && last.mark.eq(mark)) last.to = pos + node.nodeSize;
    else pieces.push({ from: pos, to: pos + node.nodeSize, mark });
    return false;
  });
  return pieces;
}

/** The bracket this id names in the document, or null. */
export function findBracket(doc: Node, id: string): BracketAt | null {
  const pieces = bracketPieces(doc, id);
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (!first || !last) return null;
  return {
    id,
    from: first.from,
    to: last.to,
    holders: [...(first.mark.attrs.holders as string[])],
    alternatives: [...(first.mark.attrs.alternatives as string[])],
  };
}

/** The bracket the cursor (or the start of the selection) is in, or null. */
export function bracketAtSelection(state: EditorState): BracketAt | null {
  const { $from, empty } = state.selection;
  const marks = empty ? [...($from.nodeBefore?.marks ?? []), ...($from.nodeAfter?.marks ?? [])] : ($from.nodeAfter?.marks ?? []);
  const mark = marks.find((candidate) => candidate.type === bracketType());
  const id: unknown = mark?.attrs.id;
  return isStableId(id) ? findBracket(state.doc, id) : null;
}

function selectionHasBracket(state: EditorState): boolean {
  const { from, to } = state.selection;
  return state.doc.rangeHasMark(from, to, bracketType());
}

function selectionHasText(state: EditorState): boolean {
  const { from, to } = state.selection;
  let found = false;
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (found) return false;
    if (node.isText && Math.min(to, pos + node.nodeSize) > Math.max(from, pos)) found = true;
    return !found;
  });
  return found;
}

/**
 * Puts the selected text in square brackets held by `holders`, with `alternatives`; a new stable id unless one
 * is given. Does not apply to an empty selection, a selection without text, one that touches an existing
 * bracket (brackets do not nest or overlap: change that bracket instead) or invalid holders/alternatives.
 */
export function bracketSelection(attrs: BracketAttrs, id: string = newStableId()): Command {
  return (state, dispatch) => {
    if (state.selection.empty || !validAttrs(attrs) || !isStableId(id)) return false;
    if (!selectionHasText(state) || selectionHasBracket(state)) return false;
    const { from, to } = state.selection;
    const mark = bracketType().create({ id, holders: [...attrs.holders], alternatives: [...attrs.alternatives] });
    if (dispatch) dispatch(state.tr.addMark(from, to, mark).scrollIntoView());
    return true;
  };
}

/** Gives the bracket with this id new holders and alternatives, on every piece of it. */
export function updateBracket(id: string, attrs: BracketAttrs): Command {
  return (state, dispatch) => {
    if (!validAttrs(attrs)) return false;
    const pieces = bracketPieces(state.doc, id);
    if (pieces.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      const mark = bracketType().create({ id, holders: [...attrs.holders], alternatives: [...attrs.alternatives] });
      // addMark replaces a mark of the same type (marks of one type exclude each other).
      for (const piece of pieces) tr.addMark(piece.from, piece.to, mark);
      dispatch(tr);
    }
    return true;
  };
}

/** Takes the square brackets off the text of the bracket with this id; the text itself stays. */
export function removeBracket(id: string): Command {
  return (state, dispatch) => {
    const pieces = bracketPieces(state.doc, id);
    if (pieces.length === 0) return false;
    if (dispatch) {
      const tr = state.tr;
      for (const piece of pieces) tr.removeMark(piece.from, piece.to, piece.mark);
      dispatch(tr);
    }
    return true;
  };
}

/** removeBracket for the bracket under the cursor. */
export const removeBracketAtSelection: Command = (state, dispatch, view) => {
  const bracket = bracketAtSelection(state);
  return bracket ? removeBracket(bracket.id)(state, dispatch, view) : false;
};
