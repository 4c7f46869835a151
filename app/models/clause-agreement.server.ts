// Clause agreement: the chair's decisions on each clause (open, agreed ad referendum, agreed) and each
// participating state's position on it (supports, reserves, objects), and the consensus matrix that
// shows them together. The only module that touches `clause_decisions` and `clause_positions`
// (docs/decisions/013); both are append-only, and the current value is the latest record.
//
// A clause's status is "bracketed" while its own text (its paragraphs and lists, not its sub-clauses,
// which have a status of their own) carries a square bracket; this is read from the stored draft each
// time and never stored. Otherwise it is the chair's latest decision, or "open" when there is none.
import { asc, eq, and } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import { db, inTransaction } from "../../db/client";
import {
  clauseDecisions,
  clausePositions,
  type ClauseDecision,
  type ClauseDecisionRow,
  type ClausePosition,
  type ClausePositionRow,
  type DocumentRow,
  type ParticipationStatus,
} from "../../db/schema";
import { clauseExcerpt, numberDocument, schema } from "../../editor";
import { AGREEMENT_NOTE_MAX, CLAUSE_DECISION_INFO, type ClauseStatus } from "../lib/agreement";
import { now } from "../lib/clock.server";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { readStoredDocument } from "./document.server";
import { allStandings } from "./participation.server";
import { getState, listStates } from "./state.server";

export class ClauseAgreementError extends RuleError<"clauseId" | "decision" | "position" | "note"> {}

/** The statuses whose states take part in the negotiation and appear in the matrix. */
const PARTICIPATING: readonly ParticipationStatus[] = ["committed", "supporter"];

export interface DraftClause {
  id: string;
  number: string;
  level: number;
  excerpt: string;
  /** Characters of the clause's own text (its sub-clauses counted on their own rows). */
  chars: number;
  bracketed: boolean;
}

/** The clause's own blocks: paragraphs and lists before its sub-clauses. */
function ownBlocks(clause: Node): Node[] {
  const blocks: Node[] = [];
  clause.forEach((child) => {
    if (child.type !== schema.nodes.clause) blocks.push(child);
  });
  return blocks;
}

function carriesBracket(block: Node): boolean {
  let found = false;
  block.descendants((node) => {
    if (found) return false;
    if (node.marks.some((mark) => mark.type === schema.marks.bracket)) found = true;
    return !found;
  });
  return found;
}

/** The clauses of a document in order, with their numbers, excerpts, size and whether they are bracketed. */
export function draftClauses(doc: Node): DraftClause[] {
  const clauses: DraftClause[] = [];
  for (const clause of numberDocument(doc).clauses) {
    if (clause.id === null || clauses.some((known) => known.id === clause.id)) continue;
    const blocks = ownBlocks(clause.node);
    clauses.push({
      id: clause.id,
      number: clause.number,
      level: clause.level,
      excerpt: clauseExcerpt(clause.node),
      chars: blocks.reduce((sum, block) => sum + block.textContent.trim().length, 0),
      bracketed: blocks.some(carriesBracket),
    });
  }
  return clauses;
}

function latestDecisions(documentId: number): Map<string, ClauseDecisionRow> {
  const rows = db().select().from(clauseDecisions).where(eq(clauseDecisions.documentId, documentId)).orderBy(asc(clauseDecisions.id)).all();
  return new Map(rows.map((row) => [row.clauseId, row]));
}

/** clause id → state code → that state's latest position record. */
function latestPositions(documentId: number): Map<string, Map<string, ClausePositionRow>> {
  const rows = db().select().from(clausePositions).where(eq(clausePositions.documentId, documentId)).orderBy(asc(clausePositions.id)).all();
  const byClause = new Map<string, Map<string, ClausePositionRow>>();
  for (const row of rows) {
    const byState = byClause.get(row.clauseId) ?? new Map<string, ClausePositionRow>();
    byState.set(row.stateCode, row);
    byClause.set(row.clauseId, byState);
  }
  return byClause;
}

function statusOf(clause: DraftClause, decision: ClauseDecisionRow | undefined): ClauseStatus {
  if (clause.bracketed) return "bracketed";
  return decision?.decision ?? "open";
}

function storedDraft(document: Pick<DocumentRow, "name">): Node | null {
  return readStoredDocument(document.name);
}

/**
 * Each clause's status (clause id → status) in the draft as stored, or in `doc` when the caller has
 * already read it. Clauses no longer in the text are left out.
 */
export function clauseStatuses(document: Pick<DocumentRow, "id" | "name">, doc: Node | null = storedDraft(document)): Map<string, ClauseStatus> {
  const statuses = new Map<string, ClauseStatus>();
  if (!doc) return statuses;
  const decisions = latestDecisions(document.id);
  for (const clause of draftClauses(doc)) statuses.set(clause.id, statusOf(clause, decisions.get(clause.id)));
  return statuses;
}

function requireClause(document: Pick<DocumentRow, "name">, clauseId: string): DraftClause {
  const doc = storedDraft(document);
  const clause = doc ? draftClauses(doc).find((candidate) => candidate.id === clauseId) : undefined;
  if (!clause) throw new ClauseAgreementError("This clause is not in the current draft: it may have been deleted. Reload the page.", "clauseId");
  return clause;
}

function noteProblem(note: string): ClauseAgreementError | null {
  if (note.trim().length > AGREEMENT_NOTE_MAX)
    return new ClauseAgreementError(`The note has at most ${AGREEMENT_NOTE_MAX.toLocaleString("en")} characters`, "note");
  return null;
}

export interface DecisionInput {
  clauseId: string;
  decision: ClauseDecision;
  note: string;
}

/** Records the chair's decision on a clause, with its audit event; agreement is refused while brackets remain. */
export function recordClauseDecision(actor: Actor, document: DocumentRow, input: DecisionInput): ClauseDecisionRow {
  const userId = requireActorPermission(actor, "clause:decide", "Only the chair decides the status of a clause.");
  const problem = noteProblem(input.note);
  if (problem) throw problem;
  return inTransaction(() => {
    const clause = requireClause(document, input.clauseId);
    if (clause.bracketed && input.decision !== "open") {
      throw new ClauseAgreementError(
        `Remove the square brackets first: clause ${clause.number} still has text in square brackets, so it cannot be ${CLAUSE_DECISION_INFO[input.decision].label}.`,
        "decision",
      );
    }
    const row = db()
      .insert(clauseDecisions)
      .values({ documentId: document.id, clauseId: clause.id, decision: input.decision, note: input.note.trim(), userId, at: now() })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "clause.decided",
      instrumentId: document.instrumentId,
      subjectType: "clause",
      subjectId: clause.id,
      details: { clauseId: clause.id, clauseNumber: clause.number, decision: row.decision, note: row.note, stateCode: null },
    });
    return row;
  });
}

function requireParticipatingState(stateCode: string): void {
  const standing = allStandings().get(stateCode);
  if (!standing || !PARTICIPATING.includes(standing.status)) {
    const reason = standing ? `its current status is ${standing.status}` : "it has no status in the initiative";
    throw new ClauseAgreementError(
      `${getState(stateCode)?.name ?? stateCode} cannot record positions: ${reason}. Only committed states and supporters record positions on clauses.`,
      "position",
    );
  }
}

export interface PositionInput {
  clauseId: string;
  position: ClausePosition;
  note: string;
}

/** Records the position of the state the actor acts for on a clause, with its audit event. */
export function recordClausePosition(actor: Actor, document: DocumentRow, input: PositionInput): ClausePositionRow {
  const userId = requireActorPermission(actor, "clause:position", "Only a delegate of the state records its position on a clause.");
  const stateCode = actor.stateCode as string; // clause:position is own-state: the check above needs a state
  const problem = noteProblem(input.note);
  if (problem) throw problem;
  return inTransaction(() => {
    requireParticipatingState(stateCode);
    const clause = requireClause(document, input.clauseId);
    const row = db()
      .insert(clausePositions)
      .values({ documentId: document.id, clauseId: clause.id, stateCode, position: input.position, note: input.note.trim(), userId, at: now() })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "clause.position-recorded",
      instrumentId: document.instrumentId,
      subjectType: "clause",
      subjectId: clause.id,
      details: { clauseId: clause.id, clauseNumber: clause.number, stateCode, position: row.position, note: row.note },
    });
    return row;
  });
}

export type CurrentClausePosition = Pick<ClausePositionRow, "clauseId" | "stateCode" | "position" | "note" | "userId" | "at">;

/** A state's current position on each clause it has taken one on, oldest first. */
export function positionsOf(documentId: number, stateCode: string): CurrentClausePosition[] {
  const rows = db()
    .select()
    .from(clausePositions)
    .where(and(eq(clausePositions.documentId, documentId), eq(clausePositions.stateCode, stateCode)))
    .orderBy(asc(clausePositions.id))
    .all();
  const latest = new Map(rows.map((row) => [row.clauseId, row]));
  return [...latest.values()]
    .sort((a, b) => a.id - b.id)
    .map(({ clauseId, position, note, userId, at }) => ({ clauseId, stateCode, position, note, userId, at }));
}

/** Every record of positions and decisions on one clause, oldest first: the clause's history. */
export function clauseHistory(documentId: number, clauseId: string): { decisions: ClauseDecisionRow[]; positions: ClausePositionRow[] } {
  return {
    decisions: db()
      .select()
      .from(clauseDecisions)
      .where(and(eq(clauseDecisions.documentId, documentId), eq(clauseDecisions.clauseId, clauseId)))
      .orderBy(asc(clauseDecisions.id))
      .all(),
    positions: db()
      .select()
      .from(clausePositions)
      .where(and(eq(clausePositions.documentId, documentId), eq(clausePositions.clauseId, clauseId)))
      .orderBy(asc(clausePositions.id))
      .all(),
  };
}

export interface ParticipatingState {
  code: string;
  name: string;
  status: ParticipationStatus;
}

/** The states whose current status is committed or supporter, in code order: the matrix's columns. */
export function participatingStates(): ParticipatingState[] {
  const standings = allStandings();
  return listStates()
    .flatMap((state) => {
      const status = standings.get(state.code)?.status;
      return status && PARTICIPATING.includes(status) ? [{ code: state.code, name: state.name, status }] : [];
    })
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export interface MatrixRow extends DraftClause {
  status: ClauseStatus;
  decisionNote: string;
  /** state code → its current position and note; missing: no position. */
  positions: Record<string, { position: ClausePosition; note: string }>;
}

export interface AgreedShare {
  agreedClauses: number;
  totalClauses: number;
  agreedChars: number;
  totalChars: number;
}

export interface ConsensusMatrix {
  states: ParticipatingState[];
  rows: MatrixRow[];
  share: AgreedShare;
}

function shareOf(rows: readonly MatrixRow[]): AgreedShare {
  const agreed = rows.filter((row) => row.status === "agreed");
  return {
    agreedClauses: agreed.length,
    totalClauses: rows.length,
    agreedChars: agreed.reduce((sum, row) => sum + row.chars, 0),
    totalChars: rows.reduce((sum, row) => sum + row.chars, 0),
  };
}

/** The clauses of the current draft against the participating states, and how much of the text is agreed. */
export function consensusMatrix(document: Pick<DocumentRow, "id" | "name">): ConsensusMatrix {
  const states = participatingStates();
  const doc = storedDraft(document);
  const decisions = latestDecisions(document.id);
  const positions = latestPositions(document.id);
  const rows = (doc ? draftClauses(doc) : []).map((clause): MatrixRow => {
    const decision = decisions.get(clause.id);
    const byState = positions.get(clause.id);
    const cells: MatrixRow["positions"] = {};
    for (const state of states) {
      const record = byState?.get(state.code);
      if (record) cells[state.code] = { position: record.position, note: record.note };
    }
    return { ...clause, status: statusOf(clause, decision), decisionNote: clause.bracketed ? "" : (decision?.note ?? ""), positions: cells };
  });
  return { states, rows, share: shareOf(rows) };
}
