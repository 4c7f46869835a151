// Keys for drafting clauses. Bindings are exported as data so the browser can show them in help and tests can
// check them; the plugin goes before prosemirror-commands' baseKeymap, which handles what these decline.
import { chainCommands, splitBlock, toggleMark } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import { type Command, type Plugin } from "prosemirror-state";
import { indentClause, insertClauseAfter, moveClauseDown, moveClauseUp, outdentClause } from "./commands";
import { schema } from "./schema";
import { joinClauseBackward, joinClauseForward, splitClause, splitListItem } from "./split-join";

export const editorKeymap: Readonly<Record<string, Command>> = Object.freeze({
  // Enter: a new clause (or splits one); in a list, a new item.
  Enter: chainCommands(splitClause, splitListItem),
  // A further paragraph of the same clause, without a new number.
  "Shift-Enter": splitBlock,
  "Mod-Enter": insertClauseAfter,
  // Tab is only taken inside a clause; elsewhere it still moves the focus, as keyboard users expect.
  Tab: indentClause,
  "Shift-Tab": outdentClause,
  "Alt-ArrowUp": moveClauseUp,
  "Alt-ArrowDown": moveClauseDown,
  Backspace: joinClauseBackward,
  Delete: joinClauseForward,
  "Mod-b": toggleMark(schema.marks.strong),
  "Mod-i": toggleMark(schema.marks.em),
});

export function editorKeymapPlugin(): Plugin {
  return keymap(editorKeymap);
}
