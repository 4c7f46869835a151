// What changed between two versions of a code (a chair's text and the next, a version and the living draft):
// the comparison a delegation reads before a round. Clauses are aligned on their stable ids, so a clause that
// moved or was renumbered is still the same clause; numbers are shown from each version's own positions.
// Sections have no ids and are aligned by position: section 2 of the older version is compared with section 2
// of the newer one, which is how delegations cite them; a renamed heading then shows as a word change, and an
// inserted section as changed headings from there on plus an added last section.
//
// A clause's text is its own blocks (sub-clauses are compared on their own) rendered as the canonical text
// renders them, so adding, removing or changing a square bracket or its alternatives shows as a word change.
//
// versionDiffToHTML writes the comparison as a string, with convert/html.ts's escaping and no script, style
// or event handler: <article class="version-diff">, a summary list, the title and preamble, then per section
// <section class="section section-changed" id="section-2"> with its heading, and per clause a flat
// <section class="clause clause-removed" data-clause-id="..." data-level="2"> whose text carries <ins> and <del>
// in place; a removed clause's number and text are inside <del>, a moved one has <span class="clause-moved">.
import { type Node } from "prosemirror-model";
import { blockText, clauseBodyText, inlineText } from "./convert/canonical-text";
import { escapeAttribute, escapeText } from "./convert/html";
import { numberDocument, type NumberedClause, type NumberedDocument } from "./numbering";
import { schema } from "./schema";
import { type DiffPart, diffWords, hasChanges } from "./text-diff";

export type ClauseStatus = "added" | "removed" | "changed" | "unchanged";

export interface ClauseComparison {
  id: string;
  status: ClauseStatus;
  /** The number in the older version; null for an added clause. */
  olderNumber: string | null;
  /** The number in the newer version; null for a removed clause. */
  newerNumber: string | null;
  /** 1 for a clause of a section, 2 for a sub-clause, ... (in the newer version when it is there). */
  level: number;
  /** Present in both versions with another number or another parent (clause or section). */
  moved: boolean;
  /** Word diff of the clause's own text: all inserted when added, all deleted when removed. */
  parts: DiffPart[];
}

export interface TextComparison {
  changed: boolean;
  parts: DiffPart[];
}

export interface SectionComparison {
  /** Position from 1, the section number in both versions (they are aligned by position). */
  number: string;
  status: ClauseStatus;
  heading: TextComparison;
  /** The section's clauses in reading order of the newer version, removed ones after their former predecessor. */
  clauses: ClauseComparison[];
}

export interface VersionSummary {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  moved: number;
  sectionsAdded: number;
  sectionsRemoved: number;
  headingsChanged: number;
  titleChanged: boolean;
  preambleChanged: boolean;
}

export interface VersionDiff {
  title: TextComparison;
  /** The preamble paragraphs as canonical text, separated by an empty line. */
  preamble: TextComparison;
  sections: SectionComparison[];
  summary: VersionSummary;
}

export function compareDocuments(older: Node, newer: Node): VersionDiff {
  const before = numberDocument(older);
  const after = numberDocument(newer);
  const olderById = clausesById(before);
  const newerById = clausesById(after);
  const sectionCount = Math.max(before.sections.length, after.sections.length);
  const sections: SectionComparison[] = [];
  for (let index = 0; index < sectionCount; index++) {
    const number = String(index + 1);
    const olderSection = before.sections[index];
    const newerSection = after.sections[index];
    const status: ClauseStatus = !olderSection ? "added" : !newerSection ? "removed" : "unchanged";
    const heading = compareText(
      olderSection ? inlineText(olderSection.node.child(0)) : "",
      newerSection ? inlineText(newerSection.node.child(0)) : ""
    );
    const clauses = sectionClauses(number, before, after, olderById, newerById);
    sections.push({ number, status: status === "unchanged" && heading.changed ? "changed" : status, heading, clauses });
  }
  const title = compareText(titleText(older), titleText(newer));
  const preamble = compareText(preambleText(older), preambleText(newer));
  return { title, preamble, sections, summary: summarize(title, preamble, sections) };
}

function compareText(older: string, newer: string): TextComparison {
  const parts = diffWords(older, newer);
  return { changed: hasChanges(parts), parts };
}

function titleText(doc: Node): string {
  let text = "";
  doc.forEach((child) => {
    if (child.type === schema.nodes.title) text = inlineText(child);
  });
  return text;
}

function preambleText(doc: Node): string {
  const paragraphs: string[] = [];
  doc.forEach((child) => {
    if (child.type === schema.nodes.preamble) child.forEach((block) => paragraphs.push(blockText(block)));
  });
  return paragraphs.filter((text) => text !== "").join("\n\n");
}

/** First clause per id; clauses without an id, or repeating one, take part in no alignment. */
function clausesById(numbered: NumberedDocument): Map<string, NumberedClause> {
  const byId = new Map<string, NumberedClause>();
  for (const clause of numbered.clauses) {
    if (clause.id !== null && !byId.has(clause.id)) byId.set(clause.id, clause);
  }
  return byId;
}

function sectionClauses(
  section: string,
  before: NumberedDocument,
  after: NumberedDocument,
  olderById: Map<string, NumberedClause>,
  newerById: Map<string, NumberedClause>
): ClauseComparison[] {
  const list: ClauseComparison[] = [];
  for (const clause of after.clauses) {
    if (clause.section !== section || clause.id === null || newerById.get(clause.id) !== clause) continue;
    list.push(compareClause(clause.id, olderById.get(clause.id), clause, before, after));
  }
  let previous: string | null = null;
  for (const clause of before.clauses) {
    if (clause.id === null || olderById.get(clause.id) !== clause) continue;
    if (clause.section === section && !newerById.has(clause.id)) {
      const removed = compareClause(clause.id, clause, undefined, before, after);
      const at = previous === null ? -1 : list.findIndex((entry) => entry.id === previous);
      list.splice(at + 1, 0, removed);
    }
    previous = clause.id;
  }
  return list;
}

function compareClause(
  id: string,
  older: NumberedClause | undefined,
  newer: NumberedClause | undefined,
  before: NumberedDocument,
  after: NumberedDocument
): ClauseComparison {
  const parts = diffWords(older ? clauseBodyText(older.node) : "", newer ? clauseBodyText(newer.node) : "");
  const status: ClauseStatus = !older ? "added" : !newer ? "removed" : hasChanges(parts) ? "changed" : "unchanged";
  const moved =
    older !== undefined &&
    newer !== undefined &&
    (older.number !== newer.number || parentKey(older, before) !== parentKey(newer, after));
  return {
    id,
    status,
    olderNumber: older?.number ?? null,
    newerNumber: newer?.number ?? null,
    level: (newer ?? older)?.level ?? 1,
    moved,
    parts,
  };
}

/** The parent clause's id, or the section for a clause of a section. */
function parentKey(clause: NumberedClause, numbered: NumberedDocument): string {
  if (clause.level === 1) return `section ${clause.section}`;
  const parent = numbered.clauses.filter((c) => c.level === clause.level - 1 && c.pos < clause.pos).pop();
  return `clause ${parent?.id ?? "?"}`;
}

function summarize(title: TextComparison, preamble: TextComparison, sections: SectionComparison[]): VersionSummary {
  const clauses = sections.flatMap((section) => section.clauses);
  const count = (status: ClauseStatus) => clauses.filter((clause) => clause.status === status).length;
  return {
    added: count("added"),
    removed: count("removed"),
    changed: count("changed"),
    unchanged: count("unchanged"),
    moved: clauses.filter((clause) => clause.moved).length,
    sectionsAdded: sections.filter((section) => section.status === "added").length,
    sectionsRemoved: sections.filter((section) => section.status === "removed").length,
    headingsChanged: sections.filter((section) => section.heading.changed).length,
    titleChanged: title.changed,
    preambleChanged: preamble.changed,
  };
}

export function versionDiffToHTML(diff: VersionDiff): string {
  const out: string[] = ['<article class="version-diff">', summaryHTML(diff.summary)];
  out.push(`<h1 class="${changedClass("title", diff.title.changed)}">${partsHTML(diff.title.parts)}</h1>`);
  out.push(`<section class="${changedClass("preamble", diff.preamble.changed)}">`);
  out.push(`<p>${partsHTML(diff.preamble.parts)}</p>`);
  out.push("</section>");
  for (const section of diff.sections) {
    const number = escapeText(`${section.number}.`);
    out.push(`<section class="section section-${section.status}" id="section-${escapeAttribute(section.number)}">`);
    const heading = `<span class="section-number">${number}</span> ${partsHTML(section.heading.parts)}`;
    out.push(`<h2>${section.status === "removed" ? `<del>${heading}</del>` : heading}</h2>`);
    for (const clause of section.clauses) out.push(clauseComparisonHTML(clause));
    out.push("</section>");
  }
  out.push("</article>");
  return `${out.join("\n")}\n`;
}

function changedClass(name: string, changed: boolean): string {
  return changed ? `${name} ${name}-changed` : name;
}

function summaryHTML(summary: VersionSummary): string {
  const items = [
    [summary.added, "clause added", "clauses added"],
    [summary.removed, "clause removed", "clauses removed"],
    [summary.changed, "clause changed", "clauses changed"],
    [summary.moved, "clause moved or renumbered", "clauses moved or renumbered"],
    [summary.unchanged, "clause unchanged", "clauses unchanged"],
  ] as const;
  const lines = items.map(([count, one, many]) => `<li>${count} ${count === 1 ? one : many}</li>`);
  return `<ul class="version-summary">${lines.join("")}</ul>`;
}

function clauseComparisonHTML(clause: ClauseComparison): string {
  const number = clause.newerNumber ?? clause.olderNumber ?? "";
  const label = `<span class="clause-number">${escapeText(number)}</span>`;
  const moved =
    clause.moved && clause.olderNumber !== null
      ? ` <span class="clause-moved">moved from ${escapeText(clause.olderNumber)}</span>`
      : "";
  const body =
    clause.status === "removed"
      ? `<del>${label} ${lineBreaks(clause.parts.map((part) => part.text).join(""))}</del>`
      : `${label}${moved} ${partsHTML(clause.parts)}`;
  return [
    `<section class="clause clause-${clause.status}${clause.moved ? " clause-moved" : ""}"`,
    ` data-clause-id="${escapeAttribute(clause.id)}" data-level="${clause.level}">`,
    `<p>${body}</p></section>`,
  ].join("");
}

/** Parts with their line breaks; inserted and deleted ones inside <ins> and <del> (but not nested in another). */
function partsHTML(parts: readonly DiffPart[]): string {
  return parts
    .map((part) => {
      const text = lineBreaks(part.text);
      if (part.kind === "same") return text;
      return part.kind === "inserted" ? `<ins>${text}</ins>` : `<del>${text}</del>`;
    })
    .join("");
}

function lineBreaks(text: string): string {
  return escapeText(text).replace(/\n/g, "<br>");
}
