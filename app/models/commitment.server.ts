// The commitments of an adopted edition (the undertakings states report on, each drawn from clauses
// of the frozen text) and the states' implementation reports on them. Both are records of the edition:
// a commitment is never edited and a report never replaced; a new report is a new row and the latest
// one filed is the state's current report. Append-only by trigger (migration 0008). The only module
// that touches `commitments` and `commitment_reports`.
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { commitmentReports, commitments, type CommitmentReportRow, type CommitmentRow, type EditionRow } from "../../db/schema";
import {
  COMMITMENT_DESCRIPTION_MAX,
  COMMITMENT_TITLE_MAX,
  EVIDENCE_LINK_MAX,
  EVIDENCE_LINKS_MAX,
  REPORT_NARRATIVE_MAX,
  REPORT_STATUS_CHOICES,
  type ReportStatus,
} from "../lib/commitments";
import { now, today } from "../lib/clock.server";
import { formatIsoDate } from "../lib/dates";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { editionClauses, getEditionById, type EditionClause } from "./edition.server";

export class CommitmentError extends RuleError<"edition" | "title" | "description" | "clauseIds"> {}
export class ReportError extends RuleError<"commitment" | "status" | "narrative" | "evidenceLinks" | "reportDate"> {}

export interface NewCommitment {
  editionId: number;
  title: string;
  description: string;
  /** Stable ids of the edition's clauses the commitment comes from. */
  clauseIds: string[];
}

export interface NewReport {
  commitmentId: number;
  status: string;
  narrative: string;
  evidenceLinks: string[];
  /** YYYY-MM-DD: the date the state gives its report. */
  reportDate: string;
}

/** A commitment with its clauses resolved from the edition's text, in document order. */
export interface Commitment extends Omit<CommitmentRow, "clauseIds"> {
  clauses: EditionClause[];
}

export interface Report extends Omit<CommitmentReportRow, "evidenceLinks"> {
  evidenceLinks: string[];
}

function requireEdition(editionId: number): EditionRow {
  const edition = getEditionById(editionId);
  if (!edition) throw new CommitmentError("There is no such edition", "edition");
  return edition;
}

/** The chosen clause ids in the edition's document order, or the reason they cannot be taken. */
function orderedClauseIds(clauses: EditionClause[], clauseIds: string[]): string[] {
  if (clauseIds.length === 0) throw new CommitmentError("Choose at least one clause the commitment comes from", "clauseIds");
  const order = new Map(clauses.map((clause, index) => [clause.id, index]));
  const seen = new Set<string>();
  for (const id of clauseIds) {
    if (!order.has(id)) throw new CommitmentError(`“${id}” is not a clause of this edition`, "clauseIds");
    if (seen.has(id)) throw new CommitmentError(`A clause is chosen twice (“${id}”)`, "clauseIds");
    seen.add(id);
  }
  return [...clauseIds].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}

/** Adds the next numbered commitment of an edition; throws CommitmentError for bad input. */
export function addCommitment(actor: Actor, input: NewCommitment): Commitment {
  requireActorPermission(actor, "commitment:define", "Only the chair defines the commitments of an edition.");
  const edition = requireEdition(input.editionId);
  const title = input.title.trim();
  const description = input.description.trim();
  if (!title) throw new CommitmentError("Enter a title for the commitment", "title");
  if (title.length > COMMITMENT_TITLE_MAX) throw new CommitmentError(`The title has at most ${COMMITMENT_TITLE_MAX} characters`, "title");
  if (description.length > COMMITMENT_DESCRIPTION_MAX) {
    throw new CommitmentError(`The description has at most ${COMMITMENT_DESCRIPTION_MAX.toLocaleString("en")} characters`, "description");
  }
  const clauses = editionClauses(edition);
  const clauseIds = orderedClauseIds(clauses, input.clauseIds);
  const row = inTransaction(() => {
    const last = db().select({ number: max(commitments.number) }).from(commitments).where(eq(commitments.editionId, edition.id)).get();
    const added = db()
      .insert(commitments)
      .values({
        editionId: edition.id,
        number: (last?.number ?? 0) + 1,
        title,
        description,
        clauseIds: JSON.stringify(clauseIds),
        createdBy: actor.userId,
        createdAt: now(),
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "commitment.added",
      instrumentId: edition.instrumentId,
      subjectType: "commitment",
      subjectId: added.id,
      details: { edition: edition.slug, editionNumber: edition.number, number: added.number, title, clauseIds },
    });
    return added;
  });
  return withClauses(row, new Map(clauses.map((clause) => [clause.id, clause])));
}

function withClauses(row: CommitmentRow, clauses: Map<string, EditionClause>): Commitment {
  const { clauseIds, ...rest } = row;
  const ids = JSON.parse(clauseIds) as string[];
  return { ...rest, clauses: ids.flatMap((id) => clauses.get(id) ?? []) };
}

function clausesOf(editionId: number): Map<string, EditionClause> {
  const edition = getEditionById(editionId);
  return new Map((edition ? editionClauses(edition) : []).map((clause) => [clause.id, clause]));
}

/** The edition's commitments in number order. */
export function listCommitments(editionId: number): Commitment[] {
  const clauses = clausesOf(editionId);
  return db()
    .select()
    .from(commitments)
    .where(eq(commitments.editionId, editionId))
    .orderBy(asc(commitments.number))
    .all()
    .map((row) => withClauses(row, clauses));
}

export function getCommitment(editionId: number, number: number): Commitment | undefined {
  const row = db()
    .select()
    .from(commitments)
    .where(and(eq(commitments.editionId, editionId), eq(commitments.number, number)))
    .get();
  return row && withClauses(row, clausesOf(editionId));
}

/** Each link as the browser will read it, or the reason it is refused (naming the link). */
function checkedLinks(links: string[]): string[] {
  const typed = links.map((link) => link.trim()).filter(Boolean);
  if (typed.length > EVIDENCE_LINKS_MAX) throw new ReportError(`Give at most ${EVIDENCE_LINKS_MAX} links`, "evidenceLinks");
  return typed.map((link) => {
    if (link.length > EVIDENCE_LINK_MAX) {
      throw new ReportError(`The link “${link.slice(0, 60)}…” is longer than ${EVIDENCE_LINK_MAX.toLocaleString("en")} characters`, "evidenceLinks");
    }
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new ReportError(`“${link}” is not a full address: give each link in full, starting with https://`, "evidenceLinks");
    }
    // Only https: the page shows these as links, and anything else (javascript:, data:, http:) is
    // either a script or readable and alterable on the way.
    if (url.protocol !== "https:") throw new ReportError(`“${link}” is not an https:// address: give each link starting with https://`, "evidenceLinks");
    return url.href;
  });
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function checkedReportDate(value: string, edition: EditionRow): string {
  const date = value.trim();
  if (!isRealDate(date)) throw new ReportError("Enter a real date as YYYY-MM-DD", "reportDate");
  if (date > today()) throw new ReportError("The report date cannot be in the future", "reportDate");
  if (date < edition.adoptedOn) {
    throw new ReportError(`The report date cannot be before the edition was adopted (${formatIsoDate(edition.adoptedOn)})`, "reportDate");
  }
  return date;
}

function isStatus(value: string): value is ReportStatus {
  return (REPORT_STATUS_CHOICES as readonly string[]).includes(value);
}

/**
 * Files a report on a commitment for the state the actor acts for (a delegate, for their own state);
 * earlier reports stay as they are. Throws ReportError for bad input.
 */
export function fileReport(actor: Actor, input: NewReport): Report {
  requireActorPermission(actor, "report:file", "Only a delegate files reports on the commitments, and only for their own state.");
  const stateCode = actor.stateCode as string; // the permission is held for a state only
  const commitment = db().select().from(commitments).where(eq(commitments.id, input.commitmentId)).get();
  if (!commitment) throw new ReportError("There is no such commitment", "commitment");
  const edition = requireEdition(commitment.editionId);
  if (!isStatus(input.status)) throw new ReportError("Choose the state of implementation", "status");
  const narrative = input.narrative.trim();
  if (!narrative) throw new ReportError("Describe how your state implements the commitment", "narrative");
  if (narrative.length > REPORT_NARRATIVE_MAX) {
    throw new ReportError(`The report has at most ${REPORT_NARRATIVE_MAX.toLocaleString("en")} characters`, "narrative");
  }
  const evidenceLinks = checkedLinks(input.evidenceLinks);
  const reportDate = checkedReportDate(input.reportDate, edition);
  const status = input.status;
  const row = inTransaction(() => {
    const filed = db()
      .insert(commitmentReports)
      .values({
        commitmentId: commitment.id,
        stateCode,
        status,
        narrative,
        evidenceLinks: JSON.stringify(evidenceLinks),
        reportDate,
        filedBy: actor.userId,
        filedAt: now(),
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "commitment.report-filed",
      instrumentId: edition.instrumentId,
      subjectType: "commitment-report",
      subjectId: filed.id,
      details: { edition: edition.slug, editionNumber: edition.number, commitment: commitment.number, stateCode, status, reportDate },
    });
    return filed;
  });
  return toReport(row);
}

function toReport(row: CommitmentReportRow): Report {
  return { ...row, evidenceLinks: JSON.parse(row.evidenceLinks) as string[] };
}

/** Every report of a state on one commitment, the latest filed (the current one) first. */
export function reportHistory(commitmentId: number, stateCode: string): Report[] {
  return db()
    .select()
    .from(commitmentReports)
    .where(and(eq(commitmentReports.commitmentId, commitmentId), eq(commitmentReports.stateCode, stateCode)))
    .orderBy(desc(commitmentReports.id))
    .all()
    .map(toReport);
}

/**
 * The current report of every state on every commitment of the edition, one per commitment and state
 * that has reported. Current means filed last (not the latest report date): a state corrects a report
 * by filing another.
 */
export function latestReports(editionId: number): Report[] {
  const latest = db()
    .select({ id: max(commitmentReports.id) })
    .from(commitmentReports)
    .innerJoin(commitments, eq(commitments.id, commitmentReports.commitmentId))
    .where(eq(commitments.editionId, editionId))
    .groupBy(commitmentReports.commitmentId, commitmentReports.stateCode);
  return db()
    .select()
    .from(commitmentReports)
    .where(inArray(commitmentReports.id, latest))
    .orderBy(asc(commitmentReports.id))
    .all()
    .map(toReport);
}

export interface MatrixCell {
  status: ReportStatus;
  reportDate: string;
}

export interface ReportMatrix {
  /** The columns, in number order. */
  commitments: { id: number; number: number; title: string }[];
  /** One row per state asked for: states with a report first, each group in the order given. */
  rows: { stateCode: string; cells: (MatrixCell | null)[] }[];
  /** Per commitment (as the columns): how many of the states stand at each status, and how many have not reported. */
  counts: (Record<ReportStatus, number> & { none: number })[];
}

/** The chair's overview: the states' current status on each commitment of the edition. */
export function reportMatrix(editionId: number, stateCodes: string[]): ReportMatrix {
  const columns = listCommitments(editionId).map(({ id, number, title }) => ({ id, number, title }));
  const current = new Map(latestReports(editionId).map((report) => [`${report.commitmentId}:${report.stateCode}`, report]));
  const rows = stateCodes.map((stateCode) => ({
    stateCode,
    cells: columns.map((column): MatrixCell | null => {
      const report = current.get(`${column.id}:${stateCode}`);
      return report ? { status: report.status, reportDate: report.reportDate } : null;
    }),
  }));
  const reported = rows.filter((row) => row.cells.some(Boolean));
  const silent = rows.filter((row) => !row.cells.some(Boolean));
  const counts = columns.map((_, index) => {
    const count = { "not-started": 0, "in-progress": 0, implemented: 0, none: 0 };
    for (const row of rows) {
      const cell = row.cells[index];
      count[cell ? cell.status : "none"] += 1;
    }
    return count;
  });
  return { commitments: columns, rows: [...reported, ...silent], counts };
}
