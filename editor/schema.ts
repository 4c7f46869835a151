// The document model of a code of conduct. Specs are plain data, exported apart from the Schema so the later
// editor pieces (brackets, amendments) can read them. Names are a small fixed set: the collaboration server
// checks incoming Yjs updates against SCHEMA_NAMES, and stored documents must never need migrating, so a name
// here is forever. Add attributes only with a default; never rename.
import { type DOMOutputSpec, type MarkSpec, type NodeSpec, Schema } from "prosemirror-model";
import { isAlternativeList, isSafeHref, isStableId, isStateCodeList, validator } from "./attribute-values";

const validClauseId = validator((value) => value === null || isStableId(value), "clause id");

export const nodes = {
  // title, preamble, then the numbered body
  doc: { content: "title preamble section+" } satisfies NodeSpec,

  title: {
    content: "text*",
    marks: "bracket",
    defining: true,
    parseDOM: [{ tag: "h1" }],
    toDOM: (): DOMOutputSpec => ["h1", { class: "title" }, 0],
  } satisfies NodeSpec,

  // Isolating: Backspace at its start must not merge it into the title.
  preamble: {
    content: "paragraph+",
    isolating: true,
    parseDOM: [{ tag: "div.preamble" }],
    toDOM: (): DOMOutputSpec => ["div", { class: "preamble" }, 0],
  } satisfies NodeSpec,

  // Sections carry no id and no stored number: they are counted ("1", "2", ...) by position.
  section: {
    content: "heading clause+",
    isolating: true,
    parseDOM: [{ tag: "section.section" }],
    toDOM: (): DOMOutputSpec => ["section", { class: "section" }, 0],
  } satisfies NodeSpec,

  heading: {
    content: "text*",
    marks: "bracket",
    defining: true,
    parseDOM: [{ tag: "h2" }],
    toDOM: (): DOMOutputSpec => ["h2", 0],
  } satisfies NodeSpec,

  // Body blocks first, then sub-clauses: "1.1 text ... (a) ... (b) ...". The id is null only until the
  // clause-ids plugin (or the repair step) gives it one; stored documents always have it.
  clause: {
    attrs: { id: { default: null, validate: validClauseId } },
    content: "block+ clause*",
    isolating: true,
    defining: true,
    parseDOM: [
      {
        tag: "section.clause",
        getAttrs: (dom: HTMLElement) => {
          const id = dom.getAttribute("data-clause-id");
          return { id: isStableId(id) ? id : null };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => [
      "section",
      node.attrs.id === null ? { class: "clause" } : { class: "clause", "data-clause-id": node.attrs.id },
      0,
    ],
  } satisfies NodeSpec,

  paragraph: {
    content: "text*",
    group: "block",
    parseDOM: [{ tag: "p" }],
    toDOM: (): DOMOutputSpec => ["p", 0],
  } satisfies NodeSpec,

  bullet_list: {
    content: "list_item+",
    group: "block",
    parseDOM: [{ tag: "ul" }],
    toDOM: (): DOMOutputSpec => ["ul", 0],
  } satisfies NodeSpec,

  // Always numbered from 1: a start attribute would be one more name to allow and nothing a code needs.
  ordered_list: {
    content: "list_item+",
    group: "block",
    parseDOM: [{ tag: "ol" }],
    toDOM: (): DOMOutputSpec => ["ol", 0],
  } satisfies NodeSpec,

  list_item: {
    content: "paragraph+",
    defining: true,
    parseDOM: [{ tag: "li" }],
    toDOM: (): DOMOutputSpec => ["li", 0],
  } satisfies NodeSpec,

  text: {} satisfies NodeSpec,
};

// Order matters: it is the nesting order of marks. The bracket comes first so it is always the outermost
// mark, which lets renderers close a bracket (and print its alternatives) exactly once.
export const marks = {
  // Square brackets: text not yet agreed, held by the listed states, with alternative wordings.
  bracket: {
    attrs: {
      id: { validate: validator(isStableId, "bracket id") },
      holders: { default: [], validate: validator(isStateCodeList, "bracket holders") },
      alternatives: { default: [], validate: validator(isAlternativeList, "bracket alternatives") },
    },
    // Typing right after "]" should not silently extend the bracket.
    inclusive: false,
    parseDOM: [
      {
        tag: "span.bracket[data-bracket-id]",
        getAttrs: (dom: HTMLElement) => {
          const id = dom.getAttribute("data-bracket-id");
          const holders = (dom.getAttribute("data-holders") ?? "").split(" ").filter(Boolean);
          const alternatives = parseAlternatives(dom.getAttribute("data-alternatives"));
          if (!isStableId(id) || !isStateCodeList(holders) || !isAlternativeList(alternatives)) return false;
          return { id, holders, alternatives };
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => [
      "span",
      {
        class: "bracket",
        "data-bracket-id": mark.attrs.id,
        "data-holders": (mark.attrs.holders as string[]).join(" "),
        "data-alternatives": JSON.stringify(mark.attrs.alternatives),
      },
      0,
    ],
  } satisfies MarkSpec,

  link: {
    attrs: { href: { validate: validator(isSafeHref, "link target") } },
    inclusive: false,
    parseDOM: [
      {
        tag: "a[href]",
        getAttrs: (dom: HTMLElement) => {
          const href = dom.getAttribute("href");
          return isSafeHref(href) ? { href } : false;
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => ["a", { href: mark.attrs.href, rel: "noopener noreferrer nofollow" }, 0],
  } satisfies MarkSpec,

  em: {
    parseDOM: [{ tag: "em" }, { tag: "i" }, { style: "font-style=italic" }],
    toDOM: (): DOMOutputSpec => ["em", 0],
  } satisfies MarkSpec,

  strong: {
    parseDOM: [{ tag: "strong" }, { tag: "b" }, { style: "font-weight=bold" }],
    toDOM: (): DOMOutputSpec => ["strong", 0],
  } satisfies MarkSpec,
};

export type NodeName = keyof typeof nodes;
export type MarkName = keyof typeof marks;

export const schema = new Schema<NodeName, MarkName>({ nodes, marks });

/**
 * The allow-list of names a stored document may contain, as they appear in a Yjs update: element names
 * (every node type except `doc`, the fragment itself, and `text`, which is Y.XmlText), text-format keys
 * (mark names) and attribute keys (of nodes and of marks).
 */
export const SCHEMA_NAMES = Object.freeze({
  nodes: Object.freeze(Object.keys(nodes).filter((name) => name !== "doc" && name !== "text")),
  marks: Object.freeze(Object.keys(marks)),
  attributes: Object.freeze(
    [
      ...new Set(
        [...Object.values<NodeSpec>(nodes), ...Object.values<MarkSpec>(marks)].flatMap((spec) =>
          Object.keys(spec.attrs ?? {})
        )
      ),
    ].sort()
  ),
});

function parseAlternatives(value: string | null): unknown {
  if (value === null) return [];
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}
