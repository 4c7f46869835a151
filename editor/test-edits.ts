// Test support: random edits for the property tests, expressed as data (so fast-check can shrink them) and
// applied to an EditorState the way a person would make them: put the cursor somewhere, run a command or type.
import fc from "fast-check";
import { type Node } from "prosemirror-model";
import { type Command, type EditorState, TextSelection } from "prosemirror-state";
import { allClauses } from "./clause-ids";
import { indentClause, insertClauseAfter, moveClauseDown, moveClauseUp, outdentClause } from "./commands";
import { schema } from "./schema";
import { joinClauseBackward, joinClauseForward, splitClause, splitListItem } from "./split-join";

export const COMMANDS = {
  insertClauseAfter,
  indentClause,
  outdentClause,
  moveClauseUp,
  moveClauseDown,
  splitClause,
  joinClauseBackward,
  joinClauseForward,
  splitListItem,
} satisfies Record<string, Command>;

export type CommandName = keyof typeof COMMANDS;

export type Edit =
  | { kind: "command"; command: CommandName; block: number; offset: number; where: "start" | "end" | "inside" }
  | { kind: "type"; block: number; offset: number; text: string }
  | { kind: "delete"; block: number; offset: number; length: number }
  | { kind: "mark"; mark: "em" | "bracket"; block: number; offset: number; length: number }
  | { kind: "duplicate"; clause: number; before: boolean };

const index = fc.nat({ max: 1000 });

export const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("command" as const),
      command: fc.constantFrom(...(Object.keys(COMMANDS) as CommandName[])),
      block: index,
      offset: index,
      // Joins and several split cases only apply at the edges of a paragraph.
      where: fc.constantFrom("start" as const, "end" as const, "inside" as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("type" as const),
      block: index,
      offset: index,
      text: fc.constantFrom("a", "word ", "é", " [x] ", "<b>"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("delete" as const),
      block: index,
      offset: index,
      length: fc.integer({ min: 1, max: 6 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("mark" as const),
      mark: fc.constantFrom("em" as const, "bracket" as const),
      block: index,
      offset: index,
      length: fc.integer({ min: 1, max: 8 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("duplicate" as const), clause: index, before: fc.boolean() }) }
);

/** Textblocks with the position where their content starts. */
function textblocks(doc: Node): Array<{ node: Node; start: number }> {
  const found: Array<{ node: Node; start: number }> = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) found.push({ node, start: pos + 1 });
    return !node.isTextblock;
  });
  return found;
}

/** Applies the edit, or returns the state unchanged when it does not apply there. */
export function applyEdit(state: EditorState, edit: Edit): EditorState {
  if (edit.kind === "duplicate") {
    const clauses = allClauses(state.doc);
    const target = clauses[edit.clause % clauses.length];
    if (!target) return state;
    const at = edit.before ? target.pos : target.pos + target.node.nodeSize;
    return state.apply(state.tr.insert(at, target.node)); // same ids, sub-clauses included: a paste of a copy
  }
  const blocks = textblocks(state.doc);
  const block = blocks[edit.block % blocks.length];
  if (!block) return state;
  const size = block.node.content.size;
  const offset =
    edit.kind !== "command" || edit.where === "inside" ? edit.offset % (size + 1) : edit.where === "start" ? 0 : size;
  const cursor = block.start + offset;
  if (edit.kind === "command") {
    let next = state.apply(state.tr.setSelection(TextSelection.create(state.doc, cursor)));
    COMMANDS[edit.command](next, (tr) => (next = next.apply(tr)));
    return next;
  }
  if (edit.kind === "type") return state.apply(state.tr.insertText(edit.text, cursor));
  const end = Math.min(cursor + edit.length, block.start + block.node.content.size);
  if (end <= cursor) return state;
  if (edit.kind === "delete") return state.apply(state.tr.delete(cursor, end));
  const type = schema.marks[edit.mark];
  if (!block.node.type.allowsMarkType(type)) return state;
  const mark =
    edit.mark === "em" ? type.create() : type.create({ id: `b${cursor}`, holders: ["NO"], alternatives: ["x"] });
  return state.apply(state.tr.addMark(cursor, end, mark));
}
