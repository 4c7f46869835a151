// `/code/<edition>.json`: an adopted edition as open data. The clause ids, numbers and the digest are the
// ones the site, the log and every other format use; the text of each clause is its canonical text, so a
// reader can rebuild and hash the whole (the canonical text itself is at `canonicalTextUrl`).
import { editionPath } from "../lib/editions";
import type { PublishedClause, PublishedEdition } from "./edition-model";

export const EDITION_JSON_FORMAT = "accord-edition/1";

export interface EditionJSONClause {
  id: string;
  number: string;
  anchor: string;
  text: string;
  clauses: EditionJSONClause[];
}

export interface EditionJSON {
  format: typeof EDITION_JSON_FORMAT;
  id: string;
  title: string;
  number: number;
  instrument: { slug: string; title: string };
  adoptedOn: string;
  digest: string;
  canonicalTextUrl: string;
  logIndex: number;
  language: PublishedEdition["language"];
  sections: { number: string; heading: string; clauses: EditionJSONClause[] }[];
}

function clauseJSON(clause: PublishedClause): EditionJSONClause {
  return { id: clause.id, number: clause.number, anchor: clause.anchor, text: clause.text, clauses: clause.clauses.map(clauseJSON) };
}

/** The edition as JSON data; `origin` (e.g. `https://accord.example.org`) makes the text's address absolute. */
export function editionJSON(edition: PublishedEdition, origin: string): EditionJSON {
  return {
    format: EDITION_JSON_FORMAT,
    id: edition.slug,
    title: edition.title,
    number: edition.number,
    instrument: edition.instrument,
    adoptedOn: edition.adoptedOn,
    digest: edition.digest,
    canonicalTextUrl: `${origin}${editionPath(edition.instrument.slug, edition.number)}/text`,
    logIndex: edition.logIndex,
    language: edition.language,
    sections: edition.sections.map((section) => ({ number: section.number, heading: section.heading, clauses: section.clauses.map(clauseJSON) })),
  };
}
