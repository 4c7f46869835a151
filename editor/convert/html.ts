// Semantic HTML for the public pages, exports and the no-JavaScript reading view, written as a string (no DOM,
// so the server can use it). Every text and attribute value is escaped; the output carries no script, no
// style attribute and no event handler, and links are re-checked against the http/https/mailto allow-list.
//
// Shape: <article class="code-of-conduct"> <h1> title, <section class="preamble">, then per section
// <section class="section" id="section-1"> with <h2><span class="section-number">1.</span> heading</h2>, and
// per clause <section class="clause" id="clause-1.1-a" data-clause-id="..."> whose first paragraph starts
// with <span class="clause-number">1.1(a)</span>. Sub-clauses nest inside their clause's section element.
// Brackets: <span class="bracket" data-bracket-id="..." data-holders="NO SE">[text | <span
// class="bracket-alternative">alternative</span>]</span>.
import { type Mark, type Node } from "prosemirror-model";
import { isSafeHref } from "../attribute-values";
import { clauseAnchor, numberDocument } from "../numbering";
import { schema } from "../schema";
import { walkInline } from "./inline";

export function documentToHTML(doc: Node): string {
  const { sections, clauses } = numberDocument(doc);
  const numbers = new Map(clauses.map((clause) => [clause.pos, clause.number]));
  const out: string[] = ['<article class="code-of-conduct">'];
  doc.forEach((child, offset) => {
    if (child.type === schema.nodes.title) out.push(`<h1>${inlineHTML(child)}</h1>`);
    else if (child.type === schema.nodes.preamble) {
      out.push('<section class="preamble">');
      child.forEach((paragraph) => out.push(`<p>${inlineHTML(paragraph)}</p>`));
      out.push("</section>");
    } else if (child.type === schema.nodes.section) {
      const number = sections.find((section) => section.pos === offset)?.number ?? "";
      out.push(`<section class="section" id="section-${number}">`);
      child.forEach((part, partOffset) => {
        if (part.type === schema.nodes.heading) {
          out.push(`<h2><span class="section-number">${number}.</span> ${inlineHTML(part)}</h2>`);
        } else clauseHTML(part, offset + 1 + partOffset, numbers, out);
      });
      out.push("</section>");
    }
  });
  out.push("</article>");
  return `${out.join("\n")}\n`;
}

function clauseHTML(clause: Node, pos: number, numbers: Map<number, string>, out: string[]): void {
  const number = numbers.get(pos) ?? "";
  const id = clause.attrs.id as string | null;
  const dataId = id === null ? "" : ` data-clause-id="${escapeAttribute(id)}"`;
  out.push(`<section class="clause" id="clause-${escapeAttribute(clauseAnchor(number))}"${dataId}>`);
  const label = `<span class="clause-number">${escapeText(number)}</span>`;
  clause.forEach((child, offset, index) => {
    if (child.type === schema.nodes.clause) clauseHTML(child, pos + 1 + offset, numbers, out);
    else if (index === 0 && child.type === schema.nodes.paragraph) out.push(`<p>${label} ${inlineHTML(child)}</p>`);
    else {
      if (index === 0) out.push(`<p>${label}</p>`);
      blockHTML(child, out);
    }
  });
  out.push("</section>");
}

/** A paragraph or a list of a clause's own text, appended to `out`. */
export function blockHTML(block: Node, out: string[]): void {
  if (block.type === schema.nodes.paragraph) {
    out.push(`<p>${inlineHTML(block)}</p>`);
    return;
  }
  const tag = block.type === schema.nodes.ordered_list ? "ol" : "ul";
  out.push(`<${tag}>`);
  block.forEach((item) => {
    const paragraphs: string[] = [];
    item.forEach((paragraph) => paragraphs.push(`<p>${inlineHTML(paragraph)}</p>`));
    out.push(`<li>${paragraphs.join("")}</li>`);
  });
  out.push(`</${tag}>`);
}

export function inlineHTML(textblock: Node): string {
  let out = "";
  walkInline(textblock, {
    open(mark) {
      out += openTag(mark);
    },
    close(mark) {
      out += closeTag(mark);
    },
    text(text) {
      out += escapeText(text);
    },
  });
  return out;
}

function openTag(mark: Mark): string {
  switch (mark.type) {
    case schema.marks.bracket: {
      const holders = (mark.attrs.holders as string[]).join(" ");
      return `<span class="bracket" data-bracket-id="${escapeAttribute(
        mark.attrs.id as string
      )}" data-holders="${escapeAttribute(holders)}">[`;
    }
    case schema.marks.link:
      return isSafeHref(mark.attrs.href)
        ? `<a href="${escapeAttribute(mark.attrs.href)}" rel="nofollow noopener noreferrer">`
        : "";
    case schema.marks.em:
      return "<em>";
    case schema.marks.strong:
      return "<strong>";
    default:
      return "";
  }
}

function closeTag(mark: Mark): string {
  switch (mark.type) {
    case schema.marks.bracket: {
      const alternatives = (mark.attrs.alternatives as string[]).map(
        (alternative) => ` | <span class="bracket-alternative">${escapeText(alternative)}</span>`
      );
      return `${alternatives.join("")}]</span>`;
    }
    case schema.marks.link:
      return isSafeHref(mark.attrs.href) ? "</a>" : "";
    case schema.marks.em:
      return "</em>";
    case schema.marks.strong:
      return "</strong>";
    default:
      return "";
  }
}

export function escapeText(text: string): string {
  // NUL is never valid in HTML text; the rest is made inert by escaping the three markup characters.
  return text.replace(/\0/g, "\ufffd").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}
