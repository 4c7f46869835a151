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
      clause.node.forEach((block) => {
        if (block.type === schema.nodes.clause) return;
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

function blockText(block: Node): string {
  if (block.type === schema.nodes.paragraph) return inlineText(block);
  const ordered = block.type === schema.nodes.ordered_list;
  const lines: string[] = [];
  block.forEach((item, _offset, index) => {
    const marker = ordered ? `${index + 1}.` : "-";
    item.forEach((paragraph, _o, i) => {
      lines.push(
        i === 0
          ? withPrefix(marker, inlineText(paragraph))
          : withPrefix(" ".repeat(marker.length), inlineText(paragraph))
      );
    });
  });
  return lines.filter((line) => line.trim() !== "").join("\n");
}

function withPrefix(prefix: string, text: string): string {
  return text === "" ? prefix : `${prefix} ${text}`;
}

export function inlineText(textblock: Node): string {
  let out = "";
  walkInline(textblock, {
    open(mark) {
      if (mark.type === schema.marks.bracket) out += "[";
    },
    close(mark: Mark) {
      if (mark.type === schema.marks.bracket) {
        for (const alternative of mark.attrs.alternatives as string[]) out += ` | ${alternative}`;
        out += "]";
      } else if (mark.type === schema.marks.link && isSafeHref(mark.attrs.href)) {
        out += ` <${mark.attrs.href as string}>`;
      }
    },
    text(text) {
      out += text;
    },
  });
  return cleanLine(out);
}

function cleanLine(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, "")
      .replace(/\s+/g, " ")
      .trim()
  );
}
