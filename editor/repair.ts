// Makes content that almost fits the schema fit it. Yjs merges concurrent structural edits item by item, so two
// valid edits can meet as an invalid tree: a paragraph landing after a sub-clause, a section whose last two
// clauses were removed by two people at once, two copies of a clause moved by two people. The collaboration
// server (the single repairer, so repairs never race each other) reads the merged document through this and
// writes the difference back.
//
// The rules, applied bottom-up: unknown nodes and marks are dropped; attribute values that fail validation
// fall back to their default (a bracket keeps its mark with a fresh id and only its valid holders and
// alternatives: dropping it would make unagreed text look agreed); children are put in the order the
// content expression wants (a clause's body before its sub-clauses, a section's heading first) without
// changing their relative order, missing required nodes are filled in, stray ones are wrapped where they can
// be (text in a clause gets a paragraph) and dropped where they cannot; finally every clause without a unique
// id gets a fresh one. A document that already fits is returned unchanged.
import { Fragment, type Mark, type Node, type NodeType } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import {
  isAlternativeList,
  isSafeHref,
  isStableId,
  isStateCode,
  MAX_ALTERNATIVE_LENGTH,
  MAX_BRACKET_ALTERNATIVES,
} from "./attribute-values";
import { assignClauseIds, newStableId } from "./clause-ids";
import { schema } from "./schema";

type Json = Record<string, unknown>;

export function repairDocument(json: unknown, newId: () => string = newStableId): Node {
  let root = repairNode(json, newId);
  if (root?.type !== schema.nodes.doc) root = fit(schema.nodes.doc, null, root ? [root] : []);
  const tr = new Transform(root);
  assignClauseIds(tr, undefined, undefined, newId);
  tr.doc.check(); // a failure here is a bug in the rules above, not bad input
  return tr.doc;
}

function repairNode(json: unknown, newId: () => string): Node | null {
  if (!isRecord(json) || typeof json.type !== "string") return null;
  if (json.type === "text") {
    if (typeof json.text !== "string" || json.text === "") return null;
    return schema.text(json.text, repairMarks(json.marks, newId));
  }
  const type = Object.hasOwn(schema.nodes, json.type) ? schema.nodes[json.type as keyof typeof schema.nodes] : null;
  if (!type || type.isText) return null;
  const children = Array.isArray(json.content)
    ? json.content.map((child) => repairNode(child, newId)).filter((child): child is Node => child !== null)
    : [];
  return fit(type, repairAttrs(type, json.attrs), children);
}

function repairAttrs(type: NodeType, given: unknown): Json {
  const attrs: Json = {};
  for (const [name, spec] of Object.entries(type.spec.attrs ?? {})) {
    const value = isRecord(given) ? given[name] : undefined;
    attrs[name] = value !== undefined && passes(spec.validate, value) ? value : spec.default;
  }
  return attrs;
}

function repairMarks(json: unknown, newId: () => string): readonly Mark[] {
  if (!Array.isArray(json)) return [];
  let marks: readonly Mark[] = [];
  for (const entry of json) {
    if (!isRecord(entry) || typeof entry.type !== "string" || !Object.hasOwn(schema.marks, entry.type)) continue;
    const attrs = isRecord(entry.attrs) ? entry.attrs : {};
    let mark: Mark | null = null;
    if (entry.type === "bracket") {
      const holders = Array.isArray(attrs.holders) ? [...new Set(attrs.holders.filter(isStateCode))] : [];
      const alternatives = isAlternativeList(attrs.alternatives)
        ? attrs.alternatives
        : (Array.isArray(attrs.alternatives) ? attrs.alternatives : [])
            .filter((alternative): alternative is string => typeof alternative === "string")
            .map((alternative) => alternative.slice(0, MAX_ALTERNATIVE_LENGTH))
            .slice(0, MAX_BRACKET_ALTERNATIVES);
      mark = schema.marks.bracket.create({ id: isStableId(attrs.id) ? attrs.id : newId(), holders, alternatives });
    } else if (entry.type === "link") {
      mark = isSafeHref(attrs.href) ? schema.marks.link.create({ href: attrs.href }) : null;
    } else {
      mark = schema.marks[entry.type as "em" | "strong"].create();
    }
    if (mark) marks = mark.addToSet(marks);
  }
  return marks;
}

/** Builds a node of `type` from children that may not fit its content expression. */
function fit(type: NodeType, attrs: Json | null, children: Node[]): Node {
  if (type.isTextblock) {
    const text = children
      .flatMap(textNodesOf)
      .map((node) => node.mark(node.marks.filter((m) => type.allowsMarkType(m.type))));
    return type.create(attrs, text);
  }
  const ordered = children
    .map((child, index) => ({ child, index, rank: rank(type, child.type) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ child }) => child);
  const placed: Node[] = [];
  let match = type.contentMatch;
  for (const child of ordered) {
    const direct = match.matchType(child.type);
    if (direct) {
      placed.push(child);
      match = direct;
      continue;
    }
    const filler = match.fillBefore(Fragment.from(child));
    const afterFiller = filler ? match.matchFragment(filler)?.matchType(child.type) : null;
    if (filler && afterFiller) {
      filler.forEach((node) => placed.push(node));
      placed.push(child);
      match = afterFiller;
      continue;
    }
    const wrappers = match.findWrapping(child.type);
    const outer = wrappers?.[0] ? match.matchType(wrappers[0]) : null;
    if (wrappers && outer) {
      const wrapped = wrappers.reduceRight<Node | null>(
        (inner, wrapper) => (inner ? wrapper.createAndFill(null, inner) : null),
        child
      );
      if (wrapped) {
        placed.push(wrapped);
        match = outer;
      }
    }
    // Otherwise the child cannot go anywhere in this node: it is dropped.
  }
  const tail = match.fillBefore(Fragment.empty, true);
  tail?.forEach((node) => placed.push(node));
  return type.create(attrs, placed);
}

/** Sort key of a child inside its parent, from the content expressions: lower comes first. */
function rank(parent: NodeType, child: NodeType): number {
  if (parent === schema.nodes.doc) return child === schema.nodes.title ? 0 : child === schema.nodes.preamble ? 1 : 2;
  if (parent === schema.nodes.section) return child === schema.nodes.heading ? 0 : 1;
  if (parent === schema.nodes.clause) return child === schema.nodes.clause ? 1 : 0;
  return 0;
}

function textNodesOf(node: Node): Node[] {
  if (node.isText) return [node];
  const found: Node[] = [];
  node.descendants((child) => {
    if (child.isText) found.push(child);
  });
  return found;
}

function passes(validate: unknown, value: unknown): boolean {
  if (typeof validate !== "function") return true;
  try {
    validate(value);
    return true;
  } catch {
    return false;
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
