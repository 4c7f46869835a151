// Silence procedures: the chair puts a saved version under silence until a deadline; a committed state
// may break silence before it, once, with a reason; at the deadline the outcome is recorded exactly once
// ("held" when nobody broke silence, "broken" otherwise), or the chair cancels before it. The only
// module that touches `silence_procedures` and `silence_breaks` (docs/decisions/013). Time comes from
// the app clock; the server's deadline timer (server/deadlines.ts) calls `closeDueSilenceProcedures`
// and listens for changes of the schedule through `onSilenceScheduleChange`.
import { and, asc, desc, eq, isNull, lte, min } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import {
  silenceBreaks,
  silenceProcedures,
  type DocumentRow,
  type InstrumentRow,
  type SilenceBreakRow,
  type SilenceOutcome,
  type SilenceProcedureRow,
} from "../../db/schema";
import { formatInstant } from "../lib/dates";
import { nowMs } from "../lib/clock.server";
import { RuleError } from "../lib/rule-error";
import { SILENCE_MAX_DAYS, SILENCE_NOTE_MAX, SILENCE_REASON_MAX } from "../lib/silence";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, SYSTEM_ACTOR, type Actor } from "./audit.server";
import { draftDocumentName, findDocumentByName } from "./document.server";
import { listInstruments } from "./instrument.server";
import { currentStanding } from "./participation.server";
import { getState } from "./state.server";
import { getUser } from "./user.server";
import { getVersion, getVersionById } from "./version.server";

export class SilenceError extends RuleError<"version" | "deadline" | "note" | "reason"> {}

const DAY_MS = 86_400_000;

// ---- the schedule, for the server's timer (on globalThis: the two bundles share it, decision 003)

type ScheduleListener = () => void;
const LISTENERS = Symbol.for("accord.silenceScheduleListeners");
type Registry = { [LISTENERS]?: Set<ScheduleListener> };

function listeners(): Set<ScheduleListener> {
  const registry = globalThis as Registry;
  return (registry[LISTENERS] ??= new Set());
}

/** Calls `listener` after a procedure is started, cancelled or closed; returns the unsubscribe. */
export function onSilenceScheduleChange(listener: ScheduleListener): () => void {
  listeners().add(listener);
  return () => listeners().delete(listener);
}

function scheduleChanged(): void {
  for (const listener of listeners()) listener();
}

/** The earliest deadline of an open procedure, in ms, or null when none is open. */
export function nextSilenceDeadline(): number | null {
  const row = db().select({ next: min(silenceProcedures.deadline) }).from(silenceProcedures).where(isNull(silenceProcedures.outcome)).get();
  return row?.next ? new Date(row.next).getTime() : null;
}

// ---- starting and cancelling

export interface NewSilenceProcedure {
  versionNumber: number;
  /** The deadline in ms since the epoch. */
  deadline: number;
  note: string;
}

function procedureProblem(input: NewSilenceProcedure, at: number): SilenceError | null {
  if (!Number.isFinite(input.deadline)) return new SilenceError("Enter the deadline as a date and time in UTC", "deadline");
  if (input.deadline <= at) return new SilenceError(`The deadline must be in the future: it is now ${formatInstant(new Date(at))}`, "deadline");
  if (input.deadline > at + SILENCE_MAX_DAYS * DAY_MS)
    return new SilenceError(`The deadline can be at most ${SILENCE_MAX_DAYS} days away (no later than ${formatInstant(new Date(at + SILENCE_MAX_DAYS * DAY_MS))})`, "deadline");
  if (input.note.trim().length > SILENCE_NOTE_MAX)
    return new SilenceError(`The note has at most ${SILENCE_NOTE_MAX.toLocaleString("en")} characters`, "note");
  return null;
}

function openProcedureOf(documentId: number): SilenceProcedureRow | undefined {
  return db()
    .select()
    .from(silenceProcedures)
    .where(and(eq(silenceProcedures.documentId, documentId), isNull(silenceProcedures.outcome)))
    .get();
}

/** Puts a saved version of the document under silence until the deadline, with its audit event. */
export function startSilenceProcedure(actor: Actor, document: DocumentRow, input: NewSilenceProcedure): SilenceProcedureRow {
  const userId = requireActorPermission(actor, "silence:run", "Only the chair puts a text under silence.");
  const at = nowMs();
  const problem = procedureProblem(input, at);
  if (problem) throw problem;
  const procedure = inTransaction(() => {
    const version = getVersion(document.id, input.versionNumber);
    if (!version) throw new SilenceError(`There is no version ${input.versionNumber} of this draft: choose a saved version`, "version");
    // A procedure whose deadline has passed is closed first, so it does not count as open.
    closeDueSilenceProcedures(at);
    const open = openProcedureOf(document.id);
    if (open) {
      throw new SilenceError(
        `Another silence procedure is open until ${formatInstant(open.deadline)}: wait for it to close or cancel it first`,
        "version",
      );
    }
    const row = db()
      .insert(silenceProcedures)
      .values({ documentId: document.id, versionId: version.id, deadline: new Date(input.deadline), note: input.note.trim(), startedBy: userId, startedAt: new Date(at) })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "silence.started",
      instrumentId: document.instrumentId,
      subjectType: "silence-procedure",
      subjectId: row.id,
      details: { versionNumber: version.number, versionName: version.name, deadline: row.deadline.toISOString(), note: row.note },
    });
    return row;
  });
  scheduleChanged();
  return procedure;
}

function requireProcedure(procedureId: number): SilenceProcedureRow {
  const procedure = getSilenceProcedureRow(procedureId);
  if (!procedure) throw new SilenceError("There is no such silence procedure", "");
  return procedure;
}

function requireOpenBeforeDeadline(procedure: SilenceProcedureRow, at: number, doing: string): void {
  if (procedure.outcome) throw new SilenceError(`This silence procedure is closed (${procedure.outcome}): ${doing} is no longer possible`, "");
  if (at >= procedure.deadline.getTime())
    throw new SilenceError(`The deadline passed at ${formatInstant(procedure.deadline)}: ${doing} is no longer possible`, "");
}

function reasonProblem(reason: string, what: string): SilenceError | null {
  const trimmed = reason.trim();
  if (!trimmed) return new SilenceError(`Enter the reason ${what}`, "reason");
  if (trimmed.length > SILENCE_REASON_MAX)
    return new SilenceError(`The reason has at most ${SILENCE_REASON_MAX.toLocaleString("en")} characters`, "reason");
  return null;
}

/** The chair ends an open procedure before its deadline; the reason goes into the audit event. */
export function cancelSilenceProcedure(actor: Actor, procedureId: number, reason: string): SilenceProcedureRow {
  requireActorPermission(actor, "silence:run", "Only the chair cancels a silence procedure.");
  const problem = reasonProblem(reason, "for cancelling");
  if (problem) throw problem;
  const cancelled = inTransaction(() => {
    const at = nowMs();
    const procedure = requireProcedure(procedureId);
    requireOpenBeforeDeadline(procedure, at, "cancelling it");
    const row = db()
      .update(silenceProcedures)
      .set({ outcome: "cancelled", closedAt: new Date(at) })
      .where(and(eq(silenceProcedures.id, procedure.id), isNull(silenceProcedures.outcome)))
      .returning()
      .get();
    if (!row) throw new SilenceError("This silence procedure has just been closed", "");
    recordAuditEvent(actor, {
      action: "silence.cancelled",
      instrumentId: instrumentIdOf(procedure.documentId),
      subjectType: "silence-procedure",
      subjectId: procedure.id,
      details: { outcome: "cancelled", reason: reason.trim(), versionNumber: getVersionById(procedure.versionId)?.number ?? null },
    });
    return row;
  });
  scheduleChanged();
  return cancelled;
}

// ---- breaking silence

/** The actor's state breaks silence on an open procedure, before its deadline, once; committed states only. */
export function breakSilence(actor: Actor, procedureId: number, reason: string): SilenceBreakRow {
  const userId = requireActorPermission(actor, "silence:break", "You can break silence only for your own state's delegation.");
  const stateCode = actor.stateCode as string; // silence:break is own-state: the check above needs a state
  const problem = reasonProblem(reason, "your state breaks silence");
  if (problem) throw problem;
  return inTransaction(() => {
    const at = nowMs();
    const procedure = requireProcedure(procedureId);
    requireOpenBeforeDeadline(procedure, at, "breaking silence");
    const name = getState(stateCode)?.name ?? stateCode;
    const standing = currentStanding(stateCode);
    if (standing?.status !== "committed") {
      const status = standing ? `its current status is ${standing.status}` : "it has no status in the initiative";
      throw new SilenceError(`${name} cannot break silence: only committed states can, and ${status}`, "reason");
    }
    const earlier = db()
      .select()
      .from(silenceBreaks)
      .where(and(eq(silenceBreaks.procedureId, procedure.id), eq(silenceBreaks.stateCode, stateCode)))
      .get();
    if (earlier) throw new SilenceError(`${name} already broke silence on this procedure, on ${formatInstant(earlier.at)}`, "reason");
    const row = db()
      .insert(silenceBreaks)
      .values({ procedureId: procedure.id, stateCode, userId, reason: reason.trim(), at: new Date(at) })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "silence.broken",
      instrumentId: instrumentIdOf(procedure.documentId),
      subjectType: "silence-procedure",
      subjectId: procedure.id,
      details: { stateCode, reason: row.reason, versionNumber: getVersionById(procedure.versionId)?.number ?? null },
    });
    return row;
  });
}

// ---- closing at the deadline

export interface ClosedProcedure {
  id: number;
  outcome: Exclude<SilenceOutcome, "cancelled">;
  breakingStates: string[];
}

/** Records the outcome of one procedure if it is still open; the breaks are read in the same transaction. */
function closeOne(procedure: SilenceProcedureRow): ClosedProcedure | null {
  const breakingStates = db()
    .select({ stateCode: silenceBreaks.stateCode })
    .from(silenceBreaks)
    .where(eq(silenceBreaks.procedureId, procedure.id))
    .orderBy(asc(silenceBreaks.id))
    .all()
    .map((row) => row.stateCode);
  const outcome = breakingStates.length ? "broken" : "held";
  const result = db()
    .update(silenceProcedures)
    .set({ outcome, closedAt: procedure.deadline })
    .where(and(eq(silenceProcedures.id, procedure.id), isNull(silenceProcedures.outcome)))
    .run();
  if (result.changes === 0) return null;
  recordAuditEvent(SYSTEM_ACTOR, {
    action: "silence.closed",
    instrumentId: instrumentIdOf(procedure.documentId),
    subjectType: "silence-procedure",
    subjectId: procedure.id,
    details: { outcome, breakingStates, deadline: procedure.deadline.toISOString(), versionNumber: getVersionById(procedure.versionId)?.number ?? null },
  });
  return { id: procedure.id, outcome, breakingStates };
}

/**
 * Records the outcome of every open procedure whose deadline is at or before `atMs`, each exactly once.
 * Safe to call again or at the same time as a break: a break is refused from the deadline on.
 */
export function closeDueSilenceProcedures(atMs: number = nowMs()): ClosedProcedure[] {
  const closed = inTransaction(() => {
    const due = db()
      .select()
      .from(silenceProcedures)
      .where(and(isNull(silenceProcedures.outcome), lte(silenceProcedures.deadline, new Date(atMs))))
      .orderBy(asc(silenceProcedures.deadline), asc(silenceProcedures.id))
      .all();
    return due.map(closeOne).filter((entry): entry is ClosedProcedure => entry !== null);
  });
  if (closed.length) scheduleChanged();
  return closed;
}

// ---- reading

function getSilenceProcedureRow(id: number): SilenceProcedureRow | undefined {
  return db().select().from(silenceProcedures).where(eq(silenceProcedures.id, id)).get();
}

/** document id → its instrument, for the drafts of every instrument. */
function draftInstruments(): Map<number, InstrumentRow> {
  const byDocument = new Map<number, InstrumentRow>();
  for (const instrument of listInstruments()) {
    const document = findDocumentByName(draftDocumentName(instrument.slug));
    if (document) byDocument.set(document.id, instrument);
  }
  return byDocument;
}

function instrumentIdOf(documentId: number): number | undefined {
  return draftInstruments().get(documentId)?.id;
}

export interface SilenceBreakView {
  stateCode: string;
  stateName: string;
  userId: number;
  userName: string;
  reason: string;
  at: Date;
}

/** The states that broke silence on a procedure, in the order they did, with who and why. */
export function silenceBrokenBy(procedureId: number): SilenceBreakView[] {
  return db()
    .select()
    .from(silenceBreaks)
    .where(eq(silenceBreaks.procedureId, procedureId))
    .orderBy(asc(silenceBreaks.id))
    .all()
    .map((row) => ({
      stateCode: row.stateCode,
      stateName: getState(row.stateCode)?.name ?? row.stateCode,
      userId: row.userId,
      userName: getUser(row.userId)?.name ?? "—",
      reason: row.reason,
      at: row.at,
    }));
}

export interface SilenceProcedureView extends SilenceProcedureRow {
  version: { number: number; name: string } | null;
  startedByName: string;
  breaks: SilenceBreakView[];
}

function viewOf(row: SilenceProcedureRow): SilenceProcedureView {
  const version = getVersionById(row.versionId);
  return {
    ...row,
    version: version ? { number: version.number, name: version.name } : null,
    startedByName: getUser(row.startedBy)?.name ?? "—",
    breaks: silenceBrokenBy(row.id),
  };
}

/** The procedures of a document, newest first, with their versions and breaks. */
export function listSilenceProcedures(documentId: number): SilenceProcedureView[] {
  return db()
    .select()
    .from(silenceProcedures)
    .where(eq(silenceProcedures.documentId, documentId))
    .orderBy(desc(silenceProcedures.id))
    .all()
    .map(viewOf);
}

/** One procedure of a document with its version and breaks, or undefined. */
export function getSilenceProcedure(documentId: number, id: number): SilenceProcedureView | undefined {
  const row = getSilenceProcedureRow(id);
  return row && row.documentId === documentId ? viewOf(row) : undefined;
}

export interface OpenSilenceProcedure {
  id: number;
  documentId: number;
  instrument: Pick<InstrumentRow, "id" | "slug" | "title"> | null;
  version: { number: number; name: string } | null;
  deadline: Date;
}

/** Every open procedure (outcome not yet recorded), earliest deadline first, with its instrument. */
export function openSilenceProcedures(): OpenSilenceProcedure[] {
  const instruments = draftInstruments();
  return db()
    .select()
    .from(silenceProcedures)
    .where(isNull(silenceProcedures.outcome))
    .orderBy(asc(silenceProcedures.deadline), asc(silenceProcedures.id))
    .all()
    .map((row) => {
      const instrument = instruments.get(row.documentId);
      const version = getVersionById(row.versionId);
      return {
        id: row.id,
        documentId: row.documentId,
        instrument: instrument ? { id: instrument.id, slug: instrument.slug, title: instrument.title } : null,
        version: version ? { number: version.number, name: version.name } : null,
        deadline: row.deadline,
      };
    });
}
