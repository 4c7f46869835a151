// Amendments: a delegation's proposal to change the wording of one clause, its co-sponsors and objections,
// and the chair's decision. The only module that touches `amendments` and `amendment_positions`
// (docs/decisions/013).
//
// An amendment names its clause by stable id and keeps the clause's own text when it was proposed (the
// base) beside the proposed text; its kind is their word diff. Its life: draft (seen only by its own
// delegation and the chair) → submitted → accepted, rejected or withdrawn. The row carries its status
// and dates (`decided_at` / `decided_by` also date and attribute a withdrawal); positions of other
// states are append-only, the latest per state counting ("none" takes one back). Every step writes an
// audit event with the instrument in the same transaction. Accepting merges the change into the living
// text as one edit (editor/amendments.ts), and refuses, changing nothing, when the clause has changed
// under it where it applies or is gone.
import { and, asc, desc, eq, getTableColumns, inArray, max, ne, type SQL } from "drizzle-orm";
import type { Node } from "prosemirror-model";
import type * as Y from "yjs";
import { db, inTransaction } from "../../db/client";
import {
  amendmentPositions,
  amendments,
  documents,
  instruments,
  states,
  users,
  type AmendmentPosition,
  type AmendmentPositionRow,
  type AmendmentRow,
  type AmendmentStatus,
  type DocumentRow,
} from "../../db/schema";
import {
  amendmentKind,
  amendmentPreview,
  applyAmendment,
  clauseBodyText,
  clauseExcerpt,
  diffWords,
  documentFromYDoc,
  InvalidDocumentError,
  numberDocument,
  repairDocument,
  updateYDoc,
  yDocToJSON,
  type AmendmentConflict,
  type AmendmentKind,
  type AmendmentPreview,
  type DiffPart,
} from "../../editor";
import { can, statesFor, type Principal } from "../auth/permissions";
import { now } from "../lib/clock.server";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError, requireActorPermission } from "./acting.server";
import { listAuditEvents, recordAuditEvent, type Actor } from "./audit.server";
import { editDocument, readStoredDocument } from "./document.server";

import { AMENDMENT_NOTE_MAX, JUSTIFICATION_MAX, PROPOSED_TEXT_MAX } from "../lib/amendments";
export type { AmendmentPosition, AmendmentRow, AmendmentStatus } from "../../db/schema";


export type AmendmentField = "clauseId" | "proposedText" | "justification" | "note" | "position" | "amendment";

export class AmendmentError extends RuleError<AmendmentField> {}

type DocumentRef = Pick<DocumentRow, "id" | "name" | "instrumentId">;

// ---------------------------------------------------------------------------------------------------
// Who sees drafts

/** What a person may see of amendments: the chair sees every draft, a delegation its own state's. */
export interface AmendmentViewer {
  chair: boolean;
  states: readonly string[];
}

export function amendmentViewer(principal: Principal | null): AmendmentViewer {
  return { chair: can(principal, "amendment:decide"), states: statesFor(principal, "amendment:propose") };
}

/** An amendment never submitted (a draft, or a draft withdrawn) stays with its delegation and the chair. */
function visibleTo(row: Pick<AmendmentRow, "submittedAt" | "stateCode">, viewer: AmendmentViewer): boolean {
  return row.submittedAt !== null || viewer.chair || viewer.states.includes(row.stateCode);
}

/** The ids among `ids` of amendments the viewer may not see (for the timeline, which lists their steps). */
export function hiddenAmendmentIds(ids: readonly number[], viewer: AmendmentViewer): Set<number> {
  if (ids.length === 0) return new Set();
  const rows = db()
    .select({ id: amendments.id, submittedAt: amendments.submittedAt, stateCode: amendments.stateCode })
    .from(amendments)
    .where(inArray(amendments.id, [...ids]))
    .all();
  return new Set(rows.filter((row) => !visibleTo(row, viewer)).map((row) => row.id));
}

function viewerOfActor(actor: Actor): AmendmentViewer {
  return { chair: actor.stateCode == null, states: actor.stateCode ? [actor.stateCode] : [] };
}

// ---------------------------------------------------------------------------------------------------
// The clause and its text

interface ClauseNow {
  number: string;
  node: Node;
}

/** The clause with this stable id in `doc`, with its number, or undefined when it is not there. */
function clauseIn(doc: Node | null, clauseId: string): ClauseNow | undefined {
  const found = doc ? numberDocument(doc).clauses.find((clause) => clause.id === clauseId) : undefined;
  return found ? { number: found.number, node: found.node } : undefined;
}

function storedDraft(document: DocumentRef): Node | null {
  return readStoredDocument(document.name);
}

/**
 * The proposed text as it will be compared: line endings and Unicode normalised, and the white space a
 * text area adds or drops around it replaced by the base's own.
 */
export function normaliseProposedText(proposed: string, base: string): string {
  const text = proposed.replace(/\r\n?/g, "\n").normalize("NFC").trim();
  const lead = /^\s*/.exec(base)?.[0] ?? "";
  const trail = /\s*$/.exec(base)?.[0] ?? "";
  return text === "" ? "" : `${lead}${text}${trail}`;
}

function textProblem(input: { proposedText: string; justification: string }): AmendmentError | null {
  if (input.proposedText.length > PROPOSED_TEXT_MAX)
    return new AmendmentError(`The proposed text has at most ${PROPOSED_TEXT_MAX.toLocaleString("en")} characters`, "proposedText");
  const justification = input.justification.trim();
  if (!justification) return new AmendmentError("Enter a justification: say why your delegation proposes this change", "justification");
  if (justification.length > JUSTIFICATION_MAX)
    return new AmendmentError(`The justification has at most ${JUSTIFICATION_MAX.toLocaleString("en")} characters`, "justification");
  return null;
}

function noteProblem(note: string, required: string | null): AmendmentError | null {
  const trimmed = note.trim();
  if (!trimmed && required) return new AmendmentError(required, "note");
  if (trimmed.length > AMENDMENT_NOTE_MAX)
    return new AmendmentError(`The note has at most ${AMENDMENT_NOTE_MAX.toLocaleString("en")} characters`, "note");
  return null;
}

/** Refuses a proposal that changes nothing, or a change the text cannot take as an amendment. */
function requireApplicable(doc: Node, clauseId: string, base: string, proposed: string): void {
  if (amendmentKind({ base, proposed }) === "none")
    throw new AmendmentError("The proposed text is the same as the clause's text: change the words you want amended.", "proposedText");
  const trial = applyAmendment(doc, { clauseId, base, proposed });
  if (!trial.ok && trial.conflict.reason === "unsupported") throw new AmendmentError(trial.conflict.message, "proposedText");
}

/** Why an amendment cannot be applied to the text as it stands, in words for the page. */
export function conflictMessage(conflict: AmendmentConflict): string {
  if (conflict.reason === "clause-removed")
    return "The clause this amendment changes is no longer in the draft: it was deleted after the amendment was proposed.";
  if (conflict.reason === "unsupported") return conflict.message;
  const passages = conflict.passages.map(
    (passage) => `“${passage.base || "(the place of an insertion)"}” now reads “${passage.current || "(nothing)"}”`,
  );
  return `The clause has changed where this amendment changes it since it was proposed: ${passages.join("; ")}.`;
}

// ---------------------------------------------------------------------------------------------------
// Reading amendments

function findAmendment(documentId: number, number: number): AmendmentRow | undefined {
  return db()
    .select()
    .from(amendments)
    .where(and(eq(amendments.documentId, documentId), eq(amendments.number, number)))
    .get();
}

/** The amendment with this number, when the viewer may see it. */
export function getAmendment(document: DocumentRef, number: number, viewer: AmendmentViewer): AmendmentRow | undefined {
  const row = findAmendment(document.id, number);
  return row && visibleTo(row, viewer) ? row : undefined;
}

function requireAmendment(document: DocumentRef, number: number, actor: Actor): AmendmentRow {
  const row = getAmendment(document, number, viewerOfActor(actor));
  if (!row) throw new AmendmentError(`There is no amendment ${number} of this draft.`, "amendment");
  return row;
}

export interface AmendmentFilter {
  status?: AmendmentStatus;
  stateCode?: string;
  clauseId?: string;
}

export interface AmendmentSummary {
  id: number;
  number: number;
  clauseId: string;
  /** The clause's number in the draft as it stands; null when the clause is gone. */
  clauseNumber: string | null;
  clauseExcerpt: string;
  stateCode: string;
  stateName: string;
  status: AmendmentStatus;
  kind: AmendmentKind;
  cosponsors: number;
  objections: number;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
}

/** state code → latest position record, for each amendment id. */
function latestPositions(amendmentIds: readonly number[]): Map<number, Map<string, AmendmentPositionRow>> {
  const byAmendment = new Map<number, Map<string, AmendmentPositionRow>>();
  if (amendmentIds.length === 0) return byAmendment;
  const rows = db()
    .select()
    .from(amendmentPositions)
    .where(inArray(amendmentPositions.amendmentId, [...amendmentIds]))
    .orderBy(asc(amendmentPositions.id))
    .all();
  for (const row of rows) {
    const byState = byAmendment.get(row.amendmentId) ?? new Map<string, AmendmentPositionRow>();
    byState.set(row.stateCode, row);
    byAmendment.set(row.amendmentId, byState);
  }
  return byAmendment;
}

function countOf(positions: Map<string, AmendmentPositionRow> | undefined, position: AmendmentPosition): number {
  return [...(positions?.values() ?? [])].filter((row) => row.position === position).length;
}

function baseExcerpt(base: string): string {
  const words = base.trim().split(/\s+/).filter(Boolean);
  return words.length > 8 ? `${words.slice(0, 8).join(" ")}…` : words.join(" ");
}

function summarise(rows: readonly (AmendmentRow & { stateName: string })[], doc: Node | null): AmendmentSummary[] {
  const positions = latestPositions(rows.map((row) => row.id));
  const clauses = new Map(doc ? numberDocument(doc).clauses.map((clause) => [clause.id, clause] as const) : []);
  return rows.map((row) => {
    const clause = clauses.get(row.clauseId);
    return {
      id: row.id,
      number: row.number,
      clauseId: row.clauseId,
      clauseNumber: clause?.number ?? null,
      clauseExcerpt: clause ? clauseExcerpt(clause.node) : baseExcerpt(row.baseText),
      stateCode: row.stateCode,
      stateName: row.stateName,
      status: row.status,
      kind: amendmentKind({ base: row.baseText, proposed: row.proposedText }),
      cosponsors: countOf(positions.get(row.id), "cosponsor"),
      objections: countOf(positions.get(row.id), "object"),
      createdAt: row.createdAt,
      submittedAt: row.submittedAt,
      decidedAt: row.decidedAt,
    };
  });
}

/** The draft's amendments the viewer may see, newest first, filtered by status, proposing state and clause. */
export function listAmendments(document: DocumentRef, viewer: AmendmentViewer, filter: AmendmentFilter = {}): AmendmentSummary[] {
  const conditions: SQL[] = [eq(amendments.documentId, document.id)];
  if (filter.status) conditions.push(eq(amendments.status, filter.status));
  if (filter.stateCode) conditions.push(eq(amendments.stateCode, filter.stateCode));
  if (filter.clauseId) conditions.push(eq(amendments.clauseId, filter.clauseId));
  const rows = db()
    .select({ ...getTableColumns(amendments), stateName: states.name })
    .from(amendments)
    .innerJoin(states, eq(states.code, amendments.stateCode))
    .where(and(...conditions))
    .orderBy(desc(amendments.number))
    .all()
    .filter((row) => visibleTo(row, viewer));
  return summarise(rows, storedDraft(document));
}

export interface CurrentAmendmentPosition {
  stateCode: string;
  stateName: string;
  position: Exclude<AmendmentPosition, "none">;
  note: string;
  userName: string;
  at: Date;
}

/** The co-sponsors and objections that stand now (positions taken back are left out), oldest first. */
export function currentPositions(amendmentId: number): CurrentAmendmentPosition[] {
  const rows = db()
    .select({ row: amendmentPositions, stateName: states.name, userName: users.name })
    .from(amendmentPositions)
    .innerJoin(states, eq(states.code, amendmentPositions.stateCode))
    .innerJoin(users, eq(users.id, amendmentPositions.userId))
    .where(eq(amendmentPositions.amendmentId, amendmentId))
    .orderBy(asc(amendmentPositions.id))
    .all();
  const latest = new Map(rows.map((entry) => [entry.row.stateCode, entry]));
  return [...latest.values()]
    .sort((a, b) => a.row.id - b.row.id)
    .flatMap(({ row, stateName, userName }) =>
      row.position === "none" ? [] : [{ stateCode: row.stateCode, stateName, position: row.position, note: row.note, userName, at: row.at }],
    );
}

/** A state's current position on an amendment, or null (never recorded, or taken back). */
export function positionOfState(amendmentId: number, stateCode: string): AmendmentPosition | null {
  const row = db()
    .select({ position: amendmentPositions.position })
    .from(amendmentPositions)
    .where(and(eq(amendmentPositions.amendmentId, amendmentId), eq(amendmentPositions.stateCode, stateCode)))
    .orderBy(desc(amendmentPositions.id))
    .get();
  return row && row.position !== "none" ? row.position : null;
}

export interface AmendmentView {
  amendment: AmendmentRow;
  kind: AmendmentKind;
  clauseNumber: string | null;
  /** The proposed text against the clause's current text, or why it cannot be shown (the clause is gone). */
  preview: AmendmentPreview;
  /**
   * What accepting now would change in the clause's current text: the merged result when it applies (so
   * edits made elsewhere in the clause since the proposal show as kept), else the preview's diff; null
   * when the clause is gone.
   */
  changes: DiffPart[] | null;
  /** Whether the clause's text differs from the text the amendment was proposed against. */
  clauseChanged: boolean;
  /** Why accepting now would be refused (clause changed where it applies, or gone); null when it would apply. */
  conflict: string | null;
}

/** One amendment against the draft as it stands: what accepting would change, or why it cannot. */
export function viewAmendment(document: DocumentRef, amendment: AmendmentRow): AmendmentView {
  const doc = storedDraft(document);
  const proposal = { clauseId: amendment.clauseId, base: amendment.baseText, proposed: amendment.proposedText };
  const clause = clauseIn(doc, amendment.clauseId);
  const removed = { ok: false as const, conflict: { reason: "clause-removed" as const, clauseId: amendment.clauseId } };
  const preview = doc ? amendmentPreview(doc, proposal) : removed;
  const trial = doc ? applyAmendment(doc, proposal) : removed;
  const merged = trial.ok ? clauseIn(trial.doc, amendment.clauseId) : undefined;
  const changes = preview.ok ? (merged ? diffWords(preview.current, clauseBodyText(merged.node)) : preview.parts) : null;
  return {
    amendment,
    kind: amendmentKind(proposal),
    clauseNumber: clause?.number ?? null,
    preview,
    changes,
    clauseChanged: preview.ok && preview.current !== amendment.baseText,
    conflict: trial.ok ? null : conflictMessage(trial.conflict),
  };
}

export interface AmendmentEvent {
  action: string;
  at: Date;
  actorName: string | null;
  stateCode: string | null;
  details: Record<string, unknown>;
}

/** The dated steps of an amendment's life, oldest first, from the audit trail. */
export function amendmentTimeline(document: DocumentRef, amendment: Pick<AmendmentRow, "id">): AmendmentEvent[] {
  return listAuditEvents({ instrumentId: document.instrumentId, subject: `amendment:${amendment.id}`, limit: 500 })
    .reverse()
    .map((event) => ({
      action: event.action,
      at: event.at,
      actorName: event.actorName,
      stateCode: event.actorStateCode,
      details: JSON.parse(event.details) as Record<string, unknown>,
    }));
}

// ---------------------------------------------------------------------------------------------------
// For the rest of the app (inbox, dashboard)

export interface StateAmendment {
  instrumentSlug: string;
  instrumentTitle: string;
  number: number;
  clauseId: string;
  stateCode: string;
  status: AmendmentStatus;
  createdAt: Date;
  submittedAt: Date | null;
  decidedAt: Date | null;
}

function stateAmendments(where: SQL): StateAmendment[] {
  return db()
    .select({
      instrumentSlug: instruments.slug,
      instrumentTitle: instruments.title,
      number: amendments.number,
      clauseId: amendments.clauseId,
      stateCode: amendments.stateCode,
      status: amendments.status,
      createdAt: amendments.createdAt,
      submittedAt: amendments.submittedAt,
      decidedAt: amendments.decidedAt,
    })
    .from(amendments)
    .innerJoin(documents, eq(documents.id, amendments.documentId))
    .innerJoin(instruments, eq(instruments.id, documents.instrumentId))
    .where(where)
    .orderBy(asc(amendments.id))
    .all();
}

/**
 * Submitted amendments of other states on which this state has never recorded a position, oldest
 * first: what awaits its co-sponsorship or objection.
 */
export function amendmentsAwaitingState(stateCode: string): StateAmendment[] {
  const positioned = db()
    .selectDistinct({ amendmentId: amendmentPositions.amendmentId })
    .from(amendmentPositions)
    .where(eq(amendmentPositions.stateCode, stateCode))
    .all()
    .map((row) => row.amendmentId);
  const open = and(eq(amendments.status, "submitted"), ne(amendments.stateCode, stateCode)) as SQL;
  const rows = db().select({ id: amendments.id }).from(amendments).where(open).all();
  const awaiting = rows.map((row) => row.id).filter((id) => !positioned.includes(id));
  return awaiting.length ? stateAmendments(inArray(amendments.id, awaiting)) : [];
}

/** Every amendment the state has proposed, drafts included, oldest first. */
export function amendmentsOfState(stateCode: string): StateAmendment[] {
  return stateAmendments(eq(amendments.stateCode, stateCode));
}

// ---------------------------------------------------------------------------------------------------
// The proposing delegation's steps

export interface NewAmendment {
  clauseId: string;
  proposedText: string;
  justification: string;
  /** Submit at once rather than keep as a draft. */
  submit: boolean;
}

function nextNumber(documentId: number): number {
  const last = db().select({ number: max(amendments.number) }).from(amendments).where(eq(amendments.documentId, documentId)).get();
  return (last?.number ?? 0) + 1;
}

function audit(actor: Actor, document: DocumentRef, row: AmendmentRow, action: string, details: Record<string, unknown> = {}): void {
  recordAuditEvent(actor, {
    action: `amendment.${action}`,
    instrumentId: document.instrumentId,
    subjectType: "amendment",
    subjectId: row.id,
    details: { number: row.number, clauseId: row.clauseId, stateCode: row.stateCode, ...details },
  });
}

/** Proposes an amendment for the state the actor acts for, as a draft or submitted at once. */
export function proposeAmendment(actor: Actor, document: DocumentRef, input: NewAmendment): AmendmentRow {
  const userId = requireActorPermission(actor, "amendment:propose", "Only a delegate of a state proposes amendments for it.");
  const stateCode = actor.stateCode as string; // amendment:propose is own-state: the check above needs a state
  return inTransaction(() => {
    const doc = storedDraft(document);
    const clause = clauseIn(doc, input.clauseId.trim());
    if (!doc || !clause) throw new AmendmentError("Choose a clause of the current draft: this one is not in it (it may have been deleted).", "clauseId");
    const base = clauseBodyText(clause.node);
    const proposed = normaliseProposedText(input.proposedText, base);
    const problem = textProblem({ proposedText: proposed, justification: input.justification });
    if (problem) throw problem;
    requireApplicable(doc, input.clauseId.trim(), base, proposed);
    const at = now();
    const row = db()
      .insert(amendments)
      .values({
        documentId: document.id,
        number: nextNumber(document.id),
        clauseId: input.clauseId.trim(),
        baseText: base,
        proposedText: proposed,
        justification: input.justification.trim(),
        proposedBy: userId,
        stateCode,
        status: input.submit ? "submitted" : "draft",
        createdAt: at,
        submittedAt: input.submit ? at : null,
      })
      .returning()
      .get();
    audit(actor, document, row, "created", { clauseNumber: clause.number, kind: amendmentKind({ base, proposed }) });
    if (input.submit) audit(actor, document, row, "submitted", { clauseNumber: clause.number });
    return row;
  });
}

/** The amendment, when the actor's delegation proposed it; otherwise NotPermittedError. */
function requireOwnAmendment(actor: Actor, document: DocumentRef, number: number, message: string): { userId: number; row: AmendmentRow } {
  const userId = requireActorPermission(actor, "amendment:propose", message);
  const row = requireAmendment(document, number, actor);
  if (row.stateCode !== actor.stateCode) throw new NotPermittedError(message);
  return { userId, row };
}

function updateRow(row: AmendmentRow, values: Partial<AmendmentRow>): AmendmentRow {
  return db().update(amendments).set(values).where(eq(amendments.id, row.id)).returning().get();
}

export interface AmendmentChange {
  proposedText: string;
  justification: string;
}

/** Changes the proposed text and justification of a draft; the base stays the text it was proposed against. */
export function updateAmendment(actor: Actor, document: DocumentRef, number: number, input: AmendmentChange): AmendmentRow {
  return inTransaction(() => {
    const { row } = requireOwnAmendment(actor, document, number, "Only the delegation that proposed an amendment changes it.");
    if (row.status !== "draft")
      throw new AmendmentError(`Amendment ${number} is ${row.status}: only a draft can be changed. Withdraw it and propose a new one.`, "amendment");
    const proposed = normaliseProposedText(input.proposedText, row.baseText);
    const problem = textProblem({ proposedText: proposed, justification: input.justification });
    if (problem) throw problem;
    const doc = storedDraft(document);
    if (!doc || !clauseIn(doc, row.clauseId)) throw new AmendmentError(conflictMessage({ reason: "clause-removed", clauseId: row.clauseId }), "amendment");
    requireApplicable(doc, row.clauseId, row.baseText, proposed);
    const updated = updateRow(row, { proposedText: proposed, justification: input.justification.trim() });
    audit(actor, document, updated, "updated", { kind: amendmentKind({ base: row.baseText, proposed }) });
    return updated;
  });
}

/** Submits a draft: from now on other delegations see it and may co-sponsor or object. */
export function submitAmendment(actor: Actor, document: DocumentRef, number: number): AmendmentRow {
  return inTransaction(() => {
    const { row } = requireOwnAmendment(actor, document, number, "Only the delegation that proposed an amendment submits it.");
    if (row.status !== "draft") throw new AmendmentError(`Amendment ${number} is ${row.status}: only a draft can be submitted.`, "amendment");
    const clause = clauseIn(storedDraft(document), row.clauseId);
    if (!clause) throw new AmendmentError(conflictMessage({ reason: "clause-removed", clauseId: row.clauseId }), "amendment");
    const updated = updateRow(row, { status: "submitted", submittedAt: now() });
    audit(actor, document, updated, "submitted", { clauseNumber: clause.number });
    return updated;
  });
}

/** Withdraws a draft or submitted amendment; dated and attributed on the row as the end of its life. */
export function withdrawAmendment(actor: Actor, document: DocumentRef, number: number): AmendmentRow {
  return inTransaction(() => {
    const { userId, row } = requireOwnAmendment(actor, document, number, "Only the delegation that proposed an amendment withdraws it.");
    if (row.status !== "draft" && row.status !== "submitted")
      throw new AmendmentError(`Amendment ${number} is already ${row.status}: it can no longer be withdrawn.`, "amendment");
    const updated = updateRow(row, { status: "withdrawn", decidedAt: now(), decidedBy: userId });
    audit(actor, document, updated, "withdrawn", { from: row.status });
    return updated;
  });
}

// ---------------------------------------------------------------------------------------------------
// Other delegations' positions

export interface PositionInput {
  position: AmendmentPosition;
  note: string;
}

/** Records the actor's state's co-sponsorship of or objection to a submitted amendment, or takes it back ("none"). */
export function recordAmendmentPosition(actor: Actor, document: DocumentRef, number: number, input: PositionInput): AmendmentPositionRow {
  const userId = requireActorPermission(actor, "amendment:position", "Only a delegate of a state co-sponsors or objects for it.");
  const stateCode = actor.stateCode as string; // amendment:position is own-state
  const problem = noteProblem(input.note, null);
  if (problem) throw problem;
  return inTransaction(() => {
    const row = requireAmendment(document, number, actor);
    if (row.stateCode === stateCode) throw new NotPermittedError("A delegation does not co-sponsor or object to its own amendment.");
    if (row.status !== "submitted")
      throw new AmendmentError(`Amendment ${number} is ${row.status}: positions are taken only while it is submitted.`, "position");
    if (input.position === "none" && positionOfState(row.id, stateCode) === null)
      throw new AmendmentError("Your state has no position on this amendment to take back.", "position");
    const position = db()
      .insert(amendmentPositions)
      .values({ amendmentId: row.id, stateCode, position: input.position, note: input.note.trim(), userId, at: now() })
      .returning()
      .get();
    audit(actor, document, row, "position-recorded", { positionStateCode: stateCode, position: position.position, note: position.note });
    return position;
  });
}

// ---------------------------------------------------------------------------------------------------
// The chair's decision

export interface DecisionInput {
  note: string;
}

function requireSubmitted(document: DocumentRef, number: number, actor: Actor): AmendmentRow {
  const row = requireAmendment(document, number, actor);
  if (row.status !== "submitted")
    throw new AmendmentError(`Amendment ${number} is ${row.status}: only a submitted amendment can be decided.`, "amendment");
  return row;
}

/** The document held by a Y.Doc, repaired for reading as the stored draft is when edits left it outside the schema. */
function documentOf(ydoc: Y.Doc): Node {
  try {
    return documentFromYDoc(ydoc);
  } catch (error) {
    if (error instanceof InvalidDocumentError) return repairDocument(yDocToJSON(ydoc));
    throw error;
  }
}

/**
 * Accepts a submitted amendment: its change is merged into the clause as it stands and written to the
 * living text as one edit in the chair's name, in the same transaction as the decision. When the clause
 * changed where the amendment applies, or is gone, throws AmendmentError and changes nothing.
 */
export async function acceptAmendment(actor: Actor, document: DocumentRef, number: number, input: DecisionInput): Promise<AmendmentRow> {
  const userId = requireActorPermission(actor, "amendment:decide", "Only the chair accepts amendments.");
  const problem = noteProblem(input.note, null);
  if (problem) throw problem;
  requireSubmitted(document, number, actor);
  return editDocument(document.name, userId, (ydoc) => {
    // Read again inside the edit's transaction: the amendment may have been decided meanwhile.
    const row = requireSubmitted(document, number, actor);
    const doc = documentOf(ydoc);
    const result = applyAmendment(doc, { clauseId: row.clauseId, base: row.baseText, proposed: row.proposedText });
    if (!result.ok)
      throw new AmendmentError(`Amendment ${number} cannot be accepted, and nothing has been changed. ${conflictMessage(result.conflict)}`, "");
    const clauseNumber = clauseIn(doc, row.clauseId)?.number ?? null;
    const updated = updateRow(row, { status: "accepted", decidedAt: now(), decidedBy: userId, decisionNote: input.note.trim() });
    audit(actor, document, updated, "accepted", { clauseNumber, note: updated.decisionNote });
    updateYDoc(ydoc, result.doc);
    return updated;
  });
}

/** Rejects a submitted amendment, with the chair's reasons. */
export function rejectAmendment(actor: Actor, document: DocumentRef, number: number, input: DecisionInput): AmendmentRow {
  const userId = requireActorPermission(actor, "amendment:decide", "Only the chair rejects amendments.");
  const problem = noteProblem(input.note, "Enter a note: say why the amendment is rejected");
  if (problem) throw problem;
  return inTransaction(() => {
    const row = requireSubmitted(document, number, actor);
    const updated = updateRow(row, { status: "rejected", decidedAt: now(), decidedBy: userId, decisionNote: input.note.trim() });
    audit(actor, document, updated, "rejected", { note: updated.decisionNote });
    return updated;
  });
}
