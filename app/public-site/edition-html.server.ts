// An adopted edition typeset for reading on the public site: editor/'s numbering and inline serializer
// (which escapes every text and attribute and re-checks links), laid out for a reader rather than an
// export. Each clause keeps the anchor documentToHTML, documentOutline and the published files give it
// (`clause-1.2`, `clause-1.1-a`) and carries a visible link to it for citing. The same address with
// hyphens only (`#clause-1-2`, the form the public site's addresses were announced with) lands there too.
//
// An edition never changes once adopted, so its rendering is kept in memory for the life of the process.
import type { Node } from "prosemirror-model";
import { clauseAnchor, documentOutline, numberDocument, schema, type OutlineSection } from "../../editor";
import { blockHTML, escapeAttribute, escapeText, inlineHTML } from "../../editor/convert/html";
import type { EditionRow } from "../../db/schema";
import { translator, type Lang } from "../i18n";
import { editionDocument } from "../models/edition.server";

export interface EditionReading {
  /** The text as HTML, headings from h2 down (the page's h1 is the edition's title). */
  html: string;
  outline: OutlineSection[];
}

const readings = new Map<string, EditionReading>();

/**
 * The edition's reading HTML and outline, in the page's language (only the links' accessible names
 * differ: the text is the adopted English one). Keyed by digest too, so a different text under a
 * reused slug (only ever a fresh test database) is never served from memory.
 */
export function editionReading(edition: Pick<EditionRow, "slug" | "digest" | "content">, lang: Lang): EditionReading {
  const key = `${edition.slug} ${edition.digest} ${lang}`;
  let reading = readings.get(key);
  if (!reading) {
    const doc = editionDocument(edition);
    reading = { html: readingHTML(doc, lang), outline: documentOutline(doc) };
    readings.set(key, reading);
  }
  return reading;
}

/** The reading HTML of a document (exported for tests; pages use editionReading). */
export function readingHTML(doc: Node, lang: Lang): string {
  const { t } = translator(lang);
  const { sections, clauses } = numberDocument(doc);
  const numbers = new Map(clauses.map((clause) => [clause.pos, clause.number]));
  const selfLink = (number: string) =>
    `<a class="clause-self-link" href="#clause-${escapeAttribute(clauseAnchor(number))}" aria-label="${escapeAttribute(
      t("code.clauseLink", { number }),
    )}">§</a>`;
  const out: string[] = [];
  doc.forEach((child, offset) => {
    if (child.type === schema.nodes.title) out.push(`<h2 class="edition-text__title">${inlineHTML(child)}</h2>`);
    else if (child.type === schema.nodes.preamble) {
      out.push('<div class="preamble">');
      child.forEach((paragraph) => out.push(`<p>${inlineHTML(paragraph)}</p>`));
      out.push("</div>");
    } else if (child.type === schema.nodes.section) {
      const number = sections.find((section) => section.pos === offset)?.number ?? "";
      out.push(`<section class="section" id="section-${escapeAttribute(number)}">`);
      child.forEach((part, partOffset) => {
        if (part.type === schema.nodes.heading) {
          out.push(`<h3><span class="section-number">${escapeText(number)}.</span> ${inlineHTML(part)}</h3>`);
        } else clauseHTML(part, offset + 1 + partOffset, numbers, selfLink, out);
      });
      out.push("</section>");
    }
  });
  return `${out.join("\n")}\n`;
}

// A clause: its number hangs in the margin beside its first block, with the link to itself; body blocks
// follow, then its sub-clauses, nested so that each level indents under its parent.
function clauseHTML(clause: Node, pos: number, numbers: Map<number, string>, selfLink: (number: string) => string, out: string[]): void {
  const number = numbers.get(pos) ?? "";
  const anchor = `clause-${clauseAnchor(number)}`;
  out.push(`<section class="clause" id="${escapeAttribute(anchor)}">`);
  // Level-1 numbers always hold a dot, so the hyphenated alias never equals another clause's anchor.
  out.push(`<span class="clause-alias" id="${escapeAttribute(hyphenated(anchor))}"></span>`);
  out.push(`<span class="clause-marker"><span class="clause-number">${escapeText(number)}</span> ${selfLink(number)}</span>`);
  clause.forEach((child, offset) => {
    if (child.type === schema.nodes.clause) clauseHTML(child, pos + 1 + offset, numbers, selfLink, out);
    else blockHTML(child, out);
  });
  out.push("</section>");
}

/** `clause-1.1-a` → `clause-1-1-a`. */
export function hyphenated(anchor: string): string {
  return anchor.replaceAll(".", "-");
}
