// The canonical plain text of a code of conduct: the exact bytes that are hashed (SHA-256) when a text is
// adopted and that every pledge names. Any change to this format changes every digest, so it is versioned
// (CANONICAL_TEXT_VERSION) and a new version needs a decision record. Format, version 1:
//
// Encoding
//   UTF-8 without a byte order mark; the whole text is Unicode NFC; lines end with LF ("\n"), never CR;
//   the text ends with exactly one LF.
//
// Inline text (the content of one paragraph, title, heading or list item paragraph)
//   - the characters of the text; emphasis and strong are dropped;
//   - a link becomes `text <href>`;
//   - a bracket becomes `[text]`, or `[text | alternative 1 | alternative 2]` when it has alternatives
//     (in their stored order); its id and holders are not part of the text;
//   - then the control characters U+0000-U+0008, U+000E-U+001F and U+007F-U+009F are removed, every run of
//     white space (JavaScript `\s`: tab, LF, VT, FF, CR, space, no-break spaces, U+2028/2029, U+FEFF and the
//     other Unicode space separators) becomes one space U+0020, and leading and trailing spaces are removed.
//
// Blocks, in document order, separated by one empty line ("\n\n"); a block whose text is empty is left out:
//   1. the title;
//   2. each preamble paragraph;
//   3. for each section: `<n>. <heading>` (e.g. `2. Consultation`), then each of its clauses in reading order
//      (a clause's own blocks, then its sub-clauses): the clause's first block is prefixed with its full number
//      and a space (`1.1(a) the end user's record...`); if that block is a list, or the text is empty, the
//      number stands alone on the first line. Further body blocks of a clause are blocks of their own.
//   A list is one block with one line per item: `- text` for a bullet list, `1. text`, `2. text`... for an
//   ordered list (an item whose first paragraph is empty is the marker alone); an item's further paragraphs
//   are lines of their own, indented by the width of the marker plus one space, and left out when empty.
//
// Numbers follow numbering.ts. Nothing else (ids, holders, marks other than links and brackets) is included.
import { type Mark, type Node } from "prosemirror-model";
import { isSafeHref } from "../attribute-values";
import { numberDocument } from "../numbering";
import { schema } from "../schema";
import { walkInline } from "./inline";

export const CANONICAL_TEXT_VERSION = 1;

export function canonicalText(doc: Node): string {
  const blocks: string[] = [];
  const add = (block: string) => {
    if (block !== "") blocks.push(block);
  };
  const { sections, clauses } = numberDocument(doc);
  doc.forEach((child) => {
    if (child.type === schema.nodes.title) add(inlineText(child));
    if (child.type === schema.nodes.preamble) child.forEach((paragraph) => add(inlineText(paragraph)));
  });
  for (const section of sections) {
    add(withPrefix(`${section.number}.`, inlineText(section.node.child(0))));
    for (const clause of clauses.filter((c) => c.section === section.number)) {
      let first = true;
      ownBlocks(clause.node).forEach((block) => {
        const text = blockText(block);
        if (first)
          add(block.type === schema.nodes.paragraph ? withPrefix(clause.number, text) : `${clause.number}\n${text}`);
        else add(text);
        first = false;
      });
    }
  }
  return `${blocks.join("\n\n")}\n`.normalize("NFC");
}

/** The bytes that are hashed. */
export function canonicalTextBytes(doc: Node): Uint8Array {
  return new TextEncoder().encode(canonicalText(doc));
}

/**
 * Canonical text with, for each UTF-16 code unit, the document range it renders: a text character (or, for a
 * collapsed run of white space, the whole run), or null for what the format adds (bracket and link syntax,
 * alternatives, list markers, separators). Amendments use it to apply a change to the text back to the
 * document; the plain renderings below are its `text`, so there is one rendering.
 */
export interface MappedText {
  text: string;
  sources: Array<SourceRange | null>;
}

export interface SourceRange {
  from: number;
  to: number;
}

/**
 * A clause's own text without its number: its body blocks (not its sub-clauses) as canonical blocks, empty
 * ones left out, separated by one empty line. What version comparisons and amendments work on.
 */
export function clauseBodyText(clause: Node): string {
  return mappedClauseBody(clause, 0).text.normalize("NFC");
}

/** clauseBodyText, mapped onto the document for a clause at position `pos` (before NFC normalization). */
export function mappedClauseBody(clause: Node, pos: number): MappedText {
  const blocks: MappedText[] = [];
  clause.forEach((child, offset) => {
    if (child.type === schema.nodes.clause) return;
    const block = mappedBlock(child, pos + 1 + offset);
    if (block.text !== "") blocks.push(block);
  });
  return joinMapped(blocks, "\n\n");
}

function ownBlocks(clause: Node): Node[] {
  const blocks: Node[] = [];
  clause.forEach((child) => {
    if (child.type !== schema.nodes.clause) blocks.push(child);
  });
  return blocks;
}

/** One body block (a paragraph or a list) as canonical text. */
export function blockText(block: Node): string {
  return mappedBlock(block, 0).text;
}

function mappedBlock(block: Node, pos: number): MappedText {
  if (block.type === schema.nodes.paragraph) return mappedInline(block, pos + 1);
  const ordered = block.type === schema.nodes.ordered_list;
  const lines: MappedText[] = [];
  block.forEach((item, itemOffset, index) => {
    const marker = ordered ? `${index + 1}.` : "-";
    const itemPos = pos + 1 + itemOffset;
    item.forEach((paragraph, offset, i) => {
      const prefix = i === 0 ? marker : " ".repeat(marker.length);
      lines.push(withMappedPrefix(prefix, mappedInline(paragraph, itemPos + 2 + offset)));
    });
  });
  return joinMapped(
    lines.filter((line) => line.text.trim() !== ""),
    "\n"
  );
}

function withPrefix(prefix: string, text: string): string {
  return text === "" ? prefix : `${prefix} ${text}`;
}

function withMappedPrefix(prefix: string, text: MappedText): MappedText {
  return text.text === "" ? syntax(prefix) : concatMapped([syntax(`${prefix} `), text]);
}

export function inlineText(textblock: Node): string {
  return mappedInline(textblock, 0).text;
}

/** The inline text of a textblock whose content starts at `start`. */
export function mappedInline(textblock: Node, start: number): MappedText {
  const raw: MappedChar[] = [];
  const addSyntax = (text: string) => {
    for (let i = 0; i < text.length; i++) raw.push({ char: text.charAt(i), source: null });
  };
  let pos = start;
  walkInline(textblock, {
    open(mark) {
      if (mark.type === schema.marks.bracket) addSyntax("[");
    },
    close(mark: Mark) {
      if (mark.type === schema.marks.bracket) {
        for (const alternative of mark.attrs.alternatives as string[]) addSyntax(` | ${alternative}`);
        addSyntax("]");
      } else if (mark.type === schema.marks.link && isSafeHref(mark.attrs.href)) {
        addSyntax(` <${mark.attrs.href as string}>`);
      }
    },
    text(text) {
      for (let i = 0; i < text.length; i++)
        raw.push({ char: text.charAt(i), source: { from: pos + i, to: pos + i + 1 } });
      pos += text.length;
    },
  });
  return cleanLine(raw);
}

interface MappedChar {
  char: string;
  source: SourceRange | null;
}

function syntax(text: string): MappedText {
  return { text, sources: Array.from({ length: text.length }, () => null) };
}

function concatMapped(parts: MappedText[]): MappedText {
  return { text: parts.map((part) => part.text).join(""), sources: parts.flatMap((part) => part.sources) };
}

function joinMapped(parts: MappedText[], separator: string): MappedText {
  return concatMapped(parts.flatMap((part, index) => (index === 0 ? [part] : [syntax(separator), part])));
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;
const SPACE = /\s/;

/**
 * Removes control characters, turns every run of white space into one space (mapped to the whole run, or to
 * null when the run includes added syntax) and trims the line.
 */
function cleanLine(chars: MappedChar[]): MappedText {
  const kept = chars.filter(({ char }) => !CONTROL.test(char));
  const out: MappedChar[] = [];
  for (let i = 0; i < kept.length; ) {
    const current = kept[i] as MappedChar;
    if (!SPACE.test(current.char)) {
      out.push(current);
      i++;
      continue;
    }
    let end = i;
    while (end < kept.length && SPACE.test((kept[end] as MappedChar).char)) end++;
    const run = kept.slice(i, end);
    const first = run[0]?.source;
    const last = run[run.length - 1]?.source;
    const source = run.every((c) => c.source !== null) && first && last ? { from: first.from, to: last.to } : null;
    out.push({ char: " ", source });
    i = end;
  }
  while (out[0]?.char === " ") out.shift();
  while (out[out.length - 1]?.char === " ") out.pop();
  return { text: out.map(({ char }) => char).join(""), sources: out.map(({ source }) => source) };
}
