// Editions: a saved version of the draft adopted by the chair as the instrument's text, frozen for good.
// An edition copies the version's content, canonical text and digest byte for byte (the digest is what
// states pledge to and what the public log attests), and its adoption is an entry in the transparency
// log written in the same transaction. Rows are append-only in the database (migration 0008). The only
// module that touches `editions`.
import { and, asc, eq, max } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import { db, inTransaction } from "../../db/client";
import { editions, type DocumentVersionRow, type EditionRow, type InstrumentRow } from "../../db/schema";
import { bracketsOf, clauseNumbers, documentFromJSON, documentOutline } from "../../editor";
import { encodeEntry, formatRecorded } from "../log";
import { now, today } from "../lib/clock.server";
import { EDITION_TITLE_MAX } from "../lib/editions";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { draftDocumentName, findDocumentByName } from "./document.server";
import { getInstrument } from "./instrument.server";
import { requireConfirmation, type SecondFactorConfirmation } from "./second-factor.server";
import { appendLogEntry } from "./transparency-log.server";
import { getVersion, listVersions, sha256Hex, versionDocument } from "./version.server";

export class EditionError extends RuleError<"version" | "title" | "adoptedOn"> {}

export interface EditionAdoption {
  instrumentId: number;
  /** The number of a saved version of the instrument's draft. */
  versionNumber: number;
  title: string;
  /** YYYY-MM-DD: the day the text was adopted, which may be before the day it is recorded. */
  adoptedOn: string;
}

export interface EditionClause {
  /** The clause's stable id (editor/clause-ids), what commitments refer to. */
  id: string;
  number: string;
  excerpt: string;
}

// ---------------------------------------------------------------------------------------------
// Reading

export function getEdition(instrumentId: number, number: number): EditionRow | undefined {
  return db()
    .select()
    .from(editions)
    .where(and(eq(editions.instrumentId, instrumentId), eq(editions.number, number)))
    .get();
}

export function getEditionById(id: number): EditionRow | undefined {
  return db().select().from(editions).where(eq(editions.id, id)).get();
}

/** By the public slug `<instrument slug>-<number>`, the `edition` field of log entries. */
export function getEditionBySlug(slug: string): EditionRow | undefined {
  return db().select().from(editions).where(eq(editions.slug, slug)).get();
}

/** The instrument's editions, first adopted first. */
export function listEditions(instrumentId: number): EditionRow[] {
  return db().select().from(editions).where(eq(editions.instrumentId, instrumentId)).orderBy(asc(editions.number)).all();
}

/** The edition adopted from this version, if any: a version is adopted at most once. */
export function editionOfVersion(versionId: number): EditionRow | undefined {
  return db().select().from(editions).where(eq(editions.sourceVersionId, versionId)).get();
}

/** The edition's document (its content was validated when the version was saved). */
export function editionDocument(edition: Pick<EditionRow, "content">): Node {
  return documentFromJSON(JSON.parse(edition.content) as unknown);
}

/** The edition's clauses that carry a stable id, in document order, with their numbers and excerpts. */
export function editionClauses(edition: Pick<EditionRow, "content">): EditionClause[] {
  return documentOutline(editionDocument(edition)).flatMap((section) =>
    section.clauses.flatMap((clause) => (clause.id ? [{ id: clause.id, number: clause.number, excerpt: clause.excerpt }] : [])),
  );
}

/**
 * Where the document still has square brackets (unagreed text): the numbers of the clauses that hold
 * them, in reading order, and "the text outside the clauses" for a bracket in the title, preamble or a
 * heading. Empty when the whole text is agreed.
 */
export function bracketedPlaces(doc: Node): string[] {
  const numbers = clauseNumbers(doc);
  const places = bracketsOf(doc).map((bracket) =>
    bracket.clauseId === null ? "the text outside the clauses" : `clause ${numbers.get(bracket.clauseId) ?? bracket.clauseId}`,
  );
  return [...new Set(places)];
}

/** A saved version of the draft as the adoption form offers it. */
export interface AdoptionCandidate {
  number: number;
  name: string;
  digest: string;
  createdAt: Date;
  /** Where the version still has square brackets (see bracketedPlaces); adoption refuses it while any remain. */
  bracketed: string[];
  /** The number of the edition adopted from it, if it was. */
  adoptedAs: number | null;
}

/** The draft's saved versions, newest first, with what stands in the way of adopting each. */
export function adoptionCandidates(instrument: Pick<InstrumentRow, "slug">): AdoptionCandidate[] {
  const document = findDocumentByName(draftDocumentName(instrument.slug));
  if (!document) return [];
  return listVersions(document.id).flatMap((summary) => {
    const version = getVersion(document.id, summary.number);
    if (!version) return [];
    return [
      {
        number: version.number,
        name: version.name,
        digest: version.digest,
        createdAt: version.createdAt,
        bracketed: bracketedPlaces(versionDocument(version)),
        adoptedAs: editionOfVersion(version.id)?.number ?? null,
      },
    ];
  });
}

// ---------------------------------------------------------------------------------------------
// Adopting

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function inputProblem(input: EditionAdoption): EditionError | null {
  const title = input.title.trim();
  if (!title) return new EditionError("Enter a title for the edition", "title");
  if (title.length > EDITION_TITLE_MAX) return new EditionError(`The title has at most ${EDITION_TITLE_MAX} characters`, "title");
  if (!isCalendarDate(input.adoptedOn)) return new EditionError("Enter the adoption date as a real date, YYYY-MM-DD", "adoptedOn");
  // ISO dates compare as strings.
  if (input.adoptedOn > today()) return new EditionError("The adoption date cannot be in the future", "adoptedOn");
  return null;
}

function listing(places: string[]): string {
  return places.length < 2 ? (places[0] ?? "") : `${places.slice(0, -1).join(", ")} and ${places.at(-1)}`;
}

/** The version to adopt, once it is known to exist, to be not yet adopted, and to hold no unagreed text. */
function adoptableVersion(instrument: InstrumentRow, versionNumber: number): DocumentVersionRow {
  const document = findDocumentByName(draftDocumentName(instrument.slug));
  const version = document ? getVersion(document.id, versionNumber) : undefined;
  if (!version) throw new EditionError(`The draft has no version ${versionNumber}`, "version");
  const adopted = editionOfVersion(version.id);
  if (adopted) throw new EditionError(`Version ${version.number} is already adopted, as ${adopted.title.trim()}`, "version");
  const places = bracketedPlaces(versionDocument(version));
  if (places.length) {
    throw new EditionError(
      `Version ${version.number} still has square brackets (unagreed text) in ${listing(places)}; ` +
        "remove them in the draft and save a new version before adopting it",
      "version",
    );
  }
  // The digest is what every pledge will name: copy it only if it is the digest of the text copied with it.
  if (sha256Hex(version.canonicalText) !== version.digest) {
    throw new Error(`Version ${version.number}'s stored digest does not match its text; it cannot be adopted.`);
  }
  return version;
}

/**
 * Why adopting `input` would be refused, or null when it would not: the same checks as adoptEdition,
 * without writing anything. A page runs it before it consumes the one-time code that confirms the
 * adoption, so that a refused input changes nothing (adoptEdition checks again in its transaction).
 */
export function adoptionProblem(input: EditionAdoption): EditionError | null {
  const problem = inputProblem(input);
  if (problem) return problem;
  const instrument = getInstrument(input.instrumentId);
  if (!instrument) return new EditionError("There is no such instrument", "version");
  try {
    adoptableVersion(instrument, input.versionNumber);
    return null;
  } catch (error) {
    if (error instanceof EditionError) return error;
    throw error;
  }
}

/**
 * Adopts a saved version of the instrument's draft as its next edition: the version's content,
 * canonical text and digest are copied unchanged, and the adoption is appended to the transparency log
 * and the audit trail in the same transaction. Only the chair adopts, with a fresh second factor.
 * Throws NotPermittedError, SecondFactorError, or EditionError naming the field.
 */
export function adoptEdition(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined, input: EditionAdoption): EditionRow {
  const userId = requireActorPermission(actor, "edition:adopt", "Only the chair adopts a text.");
  requireConfirmation(actor, confirmation);
  const problem = inputProblem(input);
  if (problem) throw problem;
  const instrument = getInstrument(input.instrumentId);
  if (!instrument) throw new EditionError("There is no such instrument", "version");

  return inTransaction(() => {
    const version = adoptableVersion(instrument, input.versionNumber);
    const last = db().select({ number: max(editions.number) }).from(editions).where(eq(editions.instrumentId, instrument.id)).get();
    const number = (last?.number ?? 0) + 1;
    const slug = `${instrument.slug}-${number}`;
    const recordedAt = now();
    const entry = appendLogEntry(
      encodeEntry({
        kind: "adoption",
        state: null,
        edition: slug,
        textDigest: version.digest,
        effectiveDate: input.adoptedOn,
        recorded: formatRecorded(recordedAt),
        pledge: null,
        declarationDigest: null,
      }),
    );
    const edition = db()
      .insert(editions)
      .values({
        instrumentId: instrument.id,
        number,
        slug,
        title: input.title.trim(),
        sourceVersionId: version.id,
        content: version.content,
        canonicalText: version.canonicalText,
        digest: version.digest,
        adoptedOn: input.adoptedOn,
        adoptedBy: userId,
        recordedAt,
        logIndex: entry.index,
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "edition.adopted",
      instrumentId: instrument.id,
      subjectType: "edition",
      subjectId: edition.id,
      details: { number, title: edition.title, digest: edition.digest, adoptedOn: edition.adoptedOn, logIndex: entry.index },
    });
    return edition;
  });
}
