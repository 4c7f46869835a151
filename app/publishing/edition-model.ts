// One adopted edition as every published file renders it: the stored ProseMirror document read once into
// plain data (title, preamble, sections, clauses with their numbers, anchors, stable ids, own text and
// formatted blocks). The JSON, Akoma Ntoso, DOCX and PDF generators all start from this, so a clause has
// the same id, number and text in every format, and the same as on the site (numbering.ts, outline.ts)
// and in the canonical text the digest is computed over.
import type { Mark, Node } from "prosemirror-model";
import type { EditionRow, InstrumentRow } from "../../db/schema";
import { clauseAnchor, clauseBodyText, numberDocument, schema } from "../../editor";
import { walkInline } from "../../editor/convert/inline";
import { editionDocument } from "../models/edition.server";

/** A stretch of inline text with its formatting. */
export interface Run {
  text: string;
  em: boolean;
  strong: boolean;
  /** The target when the text is a link. */
  href: string | null;
}

/** A paragraph is a list of runs. */
export type Paragraph = Run[];

export type Block =
  | { kind: "paragraph"; runs: Paragraph }
  /** Each item is its paragraphs; ordered lists are numbered from 1. */
  | { kind: "list"; ordered: boolean; items: Paragraph[][] };

export interface PublishedClause {
  /** The stable id (editor/clause-ids.ts) that commitments and every published format refer to. */
  id: string;
  /** "1.1", "1.1(a)", "1.1(a)(i)". */
  number: string;
  /** 1 for a clause of a section, 2 for a sub-clause, ... */
  level: number;
  /** The id of the clause on the edition's page, as documentToHTML writes it. */
  anchor: string;
  /** The clause's own text (not its sub-clauses'), in canonical form: what the digest covers. */
  text: string;
  blocks: Block[];
  clauses: PublishedClause[];
}

export interface PublishedSection {
  number: string;
  heading: string;
  clauses: PublishedClause[];
}

/**
 * The language every edition is adopted and published in (BCP 47). Editions do not record a language of
 * their own yet; when they do, `publishedEdition` reads it from the row instead.
 */
export const EDITION_LANGUAGE = "en";

export interface PublishedEdition {
  slug: string;
  /** The edition's title, e.g. "Code of Conduct, first edition". */
  title: string;
  number: number;
  instrument: { slug: string; title: string };
  /** The language of the text, as files declare it to screen readers and spelling checkers. */
  language: typeof EDITION_LANGUAGE;
  /** YYYY-MM-DD. */
  adoptedOn: string;
  /** SHA-256 (hex) of the canonical text, the digest every pledge names. */
  digest: string;
  logIndex: number;
  /** The title inside the text itself. */
  documentTitle: string;
  preamble: Paragraph[];
  sections: PublishedSection[];
}

export type EditionSource = Pick<EditionRow, "slug" | "title" | "number" | "adoptedOn" | "digest" | "logIndex" | "content">;

/** The stored edition as the generators read it; never the live draft. */
export function publishedEdition(edition: EditionSource, instrument: Pick<InstrumentRow, "slug" | "title">): PublishedEdition {
  const doc = editionDocument(edition);
  const preamble: Paragraph[] = [];
  doc.child(1).forEach((paragraph) => preamble.push(inlineRuns(paragraph)));
  return {
    slug: edition.slug,
    title: edition.title,
    number: edition.number,
    instrument: { slug: instrument.slug, title: instrument.title },
    language: EDITION_LANGUAGE,
    adoptedOn: edition.adoptedOn,
    digest: edition.digest,
    logIndex: edition.logIndex,
    documentTitle: doc.child(0).textContent.trim(),
    preamble: preamble.filter((runs) => runs.length > 0),
    sections: publishedSections(doc),
  };
}

function publishedSections(doc: Node): PublishedSection[] {
  const numbered = numberDocument(doc);
  // numberDocument lists every clause with its number; the node object itself finds it while the tree is rebuilt.
  const numbers = new Map(numbered.clauses.map((clause) => [clause.node, clause]));
  const build = (clauseNode: Node): PublishedClause => {
    const numberedClause = numbers.get(clauseNode);
    if (!numberedClause?.id) throw new Error("An adopted edition has a clause without a number or stable id; its stored content is damaged.");
    const blocks: Block[] = [];
    const clauses: PublishedClause[] = [];
    clauseNode.forEach((child) => {
      if (child.type === schema.nodes.clause) clauses.push(build(child));
      else blocks.push(...bodyBlock(child));
    });
    return {
      id: numberedClause.id,
      number: numberedClause.number,
      level: numberedClause.level,
      anchor: `clause-${clauseAnchor(numberedClause.number)}`,
      text: clauseBodyText(clauseNode),
      blocks,
      clauses,
    };
  };
  return numbered.sections.map((section) => {
    const clauses: PublishedClause[] = [];
    section.node.forEach((child) => {
      if (child.type === schema.nodes.clause) clauses.push(build(child));
    });
    return { number: section.number, heading: section.node.firstChild?.textContent.trim() ?? "", clauses };
  });
}

/** A clause's body block; an empty paragraph is left out, as the canonical text leaves it out. */
function bodyBlock(block: Node): Block[] {
  if (block.type === schema.nodes.paragraph) {
    const runs = inlineRuns(block);
    return runs.length ? [{ kind: "paragraph", runs }] : [];
  }
  const items: Paragraph[][] = [];
  block.forEach((item) => {
    const paragraphs: Paragraph[] = [];
    item.forEach((paragraph) => paragraphs.push(inlineRuns(paragraph)));
    items.push(paragraphs);
  });
  return [{ kind: "list", ordered: block.type === schema.nodes.ordered_list, items }];
}

/**
 * The runs of a textblock, control characters and white space treated as in the canonical text. Square
 * brackets cannot be in an adopted edition (adoption refuses them); were one there, it is written as the
 * canonical text writes it, so that no published file hides unagreed text.
 */
export function inlineRuns(textblock: Node): Run[] {
  const runs: Run[] = [];
  const open: Mark[] = [];
  const push = (text: string) => {
    const has = (name: string) => open.some((mark) => mark.type.name === name);
    const link = open.find((mark) => mark.type.name === "link");
    runs.push({ text, em: has("em"), strong: has("strong"), href: link ? String(link.attrs.href) : null });
  };
  walkInline(textblock, {
    open(mark) {
      if (mark.type.name === "bracket") push("[");
      open.push(mark);
    },
    close(mark) {
      open.pop();
      if (mark.type.name === "bracket") push(`${(mark.attrs.alternatives as string[]).map((alternative) => ` | ${alternative}`).join("")}]`);
    },
    text: push,
  });
  return collapseSpace(runs);
}

// The control characters the canonical text removes; most of them cannot be written in XML at all.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;

/** Control characters removed; runs of white space become one space, none at the start or end; empty runs are dropped. */
function collapseSpace(runs: Run[]): Run[] {
  const collapsed: Run[] = [];
  let pendingSpace = false;
  for (const run of runs) {
    const parts = run.text.replace(CONTROL, "").split(/\s+/);
    let text = "";
    parts.forEach((part, index) => {
      if (index > 0) pendingSpace = true;
      if (!part) return;
      // The space between two runs ends the earlier one, so it takes that run's formatting, not the next's.
      if (pendingSpace && text) text += " ";
      else if (pendingSpace && collapsed.length) (collapsed.at(-1) as Run).text += " ";
      pendingSpace = false;
      text += part;
    });
    if (text) collapsed.push({ ...run, text });
  }
  return collapsed;
}

/** Consecutive runs grouped by link target, so that a link whose text changes formatting stays one link. */
export function linkGroups(runs: Paragraph): { href: string | null; runs: Run[] }[] {
  const groups: { href: string | null; runs: Run[] }[] = [];
  for (const run of runs) {
    const last = groups.at(-1);
    if (last && last.href === run.href) last.runs.push(run);
    else groups.push({ href: run.href, runs: [run] });
  }
  return groups;
}
