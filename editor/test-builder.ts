// Test support, not part of the package surface: tag builders in the ProseMirror test style
// (`code(section(h("Scope"), clause("c1", p("foo<a>"))))`, where <a> and <b> mark the selection) and the one
// `apply` helper the command tests share.
import { type Attrs, type Node } from "prosemirror-model";
import { type Command, EditorState, TextSelection } from "prosemirror-state";
import { builders, type MarkBuilder, type NodeBuilder } from "prosemirror-test-builder";
import { expect } from "vitest";
import { isStableId } from "./attribute-values";
import { allClauses, clauseIdsPlugin } from "./clause-ids";
import { schema } from "./schema";

type Child = Exclude<Parameters<NodeBuilder>[1], undefined>;
export type Tagged = Node & { tag: Record<string, number> };

const b = builders(schema, {
  p: { nodeType: "paragraph" },
  h: { nodeType: "heading" },
  ul: { nodeType: "bullet_list" },
  ol: { nodeType: "ordered_list" },
  li: { nodeType: "list_item" },
  a: { markType: "link" },
});

// The builders object is indexed by any name; these lookups pin down the ones that exist.
function node(name: string): NodeBuilder {
  const builder = b[name];
  if (!builder) throw new Error(`no builder ${name}`);
  return builder as NodeBuilder;
}

function mark(name: string): MarkBuilder {
  return node(name) as unknown as MarkBuilder;
}

export const doc = node("doc");
export const title = node("title");
export const preamble = node("preamble");
export const section = node("section");
export const h = node("h");
export const p = node("p");
export const ul = node("ul");
export const ol = node("ol");
export const li = node("li");
export const em = mark("em");
export const strong = mark("strong");
export const a = mark("a");

/** A clause with the given id. */
export function clause(id: string, ...children: Child[]): Tagged {
  return node("clause")({ id }, ...children);
}

/** A bracket mark: `bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall")`. */
export function bracket(attrs: Attrs, ...children: Child[]): Child {
  return mark("bracket")(attrs, ...children);
}

/** A whole document around the given sections, with a fixed title and preamble. */
export function code(...sections: Child[]): Tagged {
  return doc(title("Code"), preamble(p("Preamble.")), ...sections);
}

/** An editor state on a tagged document: <a> is the anchor, <b> (if any) the head. */
export function stateOf(node: Tagged): EditorState {
  const anchor = node.tag.a;
  const selection = anchor === undefined ? undefined : TextSelection.create(node, anchor, node.tag.b ?? anchor);
  return EditorState.create({ doc: node, selection, plugins: [clauseIdsPlugin()] });
}

/**
 * Runs `command` on `before` and checks the result against `after` (null: the command must not apply). Clause
 * ids that the command created are checked to be valid and unique, then compared as "new1", "new2"... in
 * document order, so expected documents can name them. A <a> (and <b>) tag in `after` checks the selection.
 */
export function apply(before: Tagged, command: Command, after: Tagged | null): EditorState {
  let state = stateOf(before);
  const applies = command(state);
  const result = command(state, (tr) => {
    state = state.apply(tr);
  });
  expect(result).toBe(applies);
  if (after === null) {
    expect(result).toBe(false);
    expect(state.doc.eq(before)).toBe(true);
    return state;
  }
  expect(result).toBe(true);
  expect(withNewIdsNamed(state.doc, before).toJSON()).toEqual(after.toJSON());
  if (after.tag.a !== undefined) {
    expect(state.selection.anchor).toBe(after.tag.a);
    expect(state.selection.head).toBe(after.tag.b ?? after.tag.a);
  }
  return state;
}

/** Renames ids that `before` did not have to "new1", "new2"... after checking they are fresh and valid. */
export function withNewIdsNamed(node: Node, before: Node): Node {
  const known = new Set(allClauses(before).map(({ node: c }) => c.attrs.id as string));
  const seen = new Set<string>();
  let fresh = 0;
  const rename = (current: Node): Node => {
    if (current.isTextblock) return current;
    const children: Node[] = [];
    current.forEach((child) => children.push(rename(child)));
    let attrs = current.attrs;
    if (current.type === schema.nodes.clause) {
      const id = current.attrs.id as string;
      expect(isStableId(id)).toBe(true);
      expect(seen.has(id)).toBe(false);
      seen.add(id);
      if (!known.has(id)) attrs = { ...attrs, id: `new${++fresh}` };
    }
    return current.type.create(attrs, children, current.marks);
  };
  return rename(node);
}

/** A short code with sub-clauses, a bracket with an alternative, emphasis and a list: the sample the diff and anchor tests share. */
export const REVIEW_CODE: Tagged = code(
  section(
    h("Review"),
    clause(
      "c1",
      p("States ", bracket({ id: "b1", holders: ["NO"], alternatives: ["should"] }, "shall"), " review exports."),
      clause("c2", p("the end user;")),
      clause("c3", p("the law;"))
    ),
    clause("c4", p("Refuse ", em("if"), " at risk."))
  ),
  section(h("Sharing"), clause("c5", p("Share:"), ul(li(p("threats")), li(p("practice")))))
);
