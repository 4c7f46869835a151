// The editor's plugins in their order, for the browser editor to add after y-prosemirror's sync, cursor and
// undo plugins (which need the provider, so they are not created here).
import { baseKeymap } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import { type Plugin } from "prosemirror-state";
import { clauseIdsPlugin } from "./clause-ids";
import { editorInputRulesPlugin } from "./input-rules";
import { editorKeymapPlugin } from "./keymap";
import { clauseNumbersPlugin } from "./numbers-plugin";

export function editorPlugins(): Plugin[] {
  return [clauseIdsPlugin(), clauseNumbersPlugin(), editorInputRulesPlugin(), editorKeymapPlugin(), keymap(baseKeymap)];
}
