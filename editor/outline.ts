// The outline of a document: its sections and numbered clauses with a short excerpt each, for the list
// beside the text that links into it (drafting page, read-only view). Anchors match documentToHTML's ids.
import { type Node } from "prosemirror-model";
import { clauseAnchor, numberDocument } from "./numbering";
import { schema } from "./schema";

export interface OutlineClause {
  id: string | null;
  number: string;
  level: number;
  /** The `id` of the clause's element in documentToHTML's output. */
  anchor: string;
  excerpt: string;
}

export interface OutlineSection {
  number: string;
  heading: string;
  anchor: string;
  clauses: OutlineClause[];
}

const EXCERPT_WORDS = 8;

/** The first words of a clause's own text (not its sub-clauses'), with an ellipsis when cut. */
export function clauseExcerpt(clause: Node, words = EXCERPT_WORDS): string {
  let text = "";
  clause.forEach((child) => {
    if (text || child.type === schema.nodes.clause) return;
    text = child.textContent;
  });
  const all = text.trim().split(/\s+/).filter(Boolean);
  return all.length > words ? `${all.slice(0, words).join(" ")}…` : all.join(" ");
}

export function documentOutline(doc: Node): OutlineSection[] {
  const numbered = numberDocument(doc);
  const sections = numbered.sections.map((section) => ({
    number: section.number,
    heading: section.node.firstChild?.textContent.trim() ?? "",
    anchor: `section-${section.number}`,
    clauses: [] as OutlineClause[],
  }));
  const bySection = new Map(sections.map((section) => [section.number, section]));
  for (const clause of numbered.clauses) {
    bySection.get(clause.section)?.clauses.push({
      id: clause.id,
      number: clause.number,
      level: clause.level,
      anchor: `clause-${clauseAnchor(clause.number)}`,
      excerpt: clauseExcerpt(clause.node),
    });
  }
  return sections;
}
