// Input rules where typing habits are unambiguous: "- " or "* " starts a bullet list and "1. " a numbered list
// at the start of a clause paragraph. They apply only where the schema allows a list (not in the preamble,
// title or headings), so elsewhere the characters are typed as they are.
import { inputRules, wrappingInputRule } from "prosemirror-inputrules";
import { type Plugin } from "prosemirror-state";
import { schema } from "./schema";

export const bulletListRule = wrappingInputRule(/^\s*([-*])\s$/, schema.nodes.bullet_list);
export const orderedListRule = wrappingInputRule(/^1\.\s$/, schema.nodes.ordered_list);

export function editorInputRulesPlugin(): Plugin {
  return inputRules({ rules: [bulletListRule, orderedListRule] });
}
