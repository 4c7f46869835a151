// A state's status in the initiative over time. Records are append-only (database triggers): a
// correction is a new record. The current status is derived from the history, never stored: the
// record with the latest effective date, ties broken by the latest record.
import { asc, desc, eq } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import {
  participationRecords,
  states,
  users,
  type ParticipationRecordRow,
  type ParticipationStatus,
} from "../../db/schema";
import { now, today } from "../lib/clock.server";
import { isParticipationStatus, SOURCE_NOTE_MAX } from "../lib/participation";
import { recordAuditEvent, type Actor } from "./audit.server";
import { RuleError } from "../lib/rule-error";

export class ParticipationError extends RuleError<"stateCode" | "status" | "effectiveDate" | "sourceNote"> {}

export interface ParticipationInput {
  stateCode: string;
  status: ParticipationStatus;
  /** YYYY-MM-DD */
  effectiveDate: string;
  sourceNote: string;
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** The first problem with a change of status (the state aside), or null. */
export function participationProblem(input: Omit<ParticipationInput, "stateCode">): ParticipationError | null {
  if (!isParticipationStatus(input.status)) return new ParticipationError("Choose a status from the list", "status");
  if (!isRealDate(input.effectiveDate))
    return new ParticipationError("Enter the effective date as a real date (YYYY-MM-DD)", "effectiveDate");
  // ISO dates compare as text; today comes from the clock tests can move.
  if (input.effectiveDate > today())
    return new ParticipationError("The effective date cannot be later than today: record a change once it has happened", "effectiveDate");
  const note = input.sourceNote.trim();
  if (!note) return new ParticipationError("Enter the source: where this change is recorded", "sourceNote");
  if (note.length > SOURCE_NOTE_MAX)
    return new ParticipationError(`The source has at most ${SOURCE_NOTE_MAX.toLocaleString("en")} characters`, "sourceNote");
  return null;
}

/** Appends one record of a state's status, with its audit event, in one transaction. */
export function recordParticipation(actor: Actor, input: ParticipationInput): ParticipationRecordRow {
  const problem = participationProblem(input);
  if (problem) throw problem;
  return inTransaction(() => {
    const state = db().select({ code: states.code }).from(states).where(eq(states.code, input.stateCode)).get();
    if (!state) throw new ParticipationError(`${input.stateCode} is not a participating state: add it first`, "stateCode");
    const record = db()
      .insert(participationRecords)
      .values({
        stateCode: state.code,
        status: input.status,
        effectiveDate: input.effectiveDate,
        sourceNote: input.sourceNote.trim(),
        recordedBy: actor.userId,
        recordedAt: now(),
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "participation.recorded",
      subjectType: "state",
      subjectId: state.code,
      details: {
        stateCode: state.code,
        status: record.status,
        effectiveDate: record.effectiveDate,
        recordId: record.id,
      },
    });
    return record;
  });
}

export interface ParticipationHistoryEntry extends ParticipationRecordRow {
  recordedByName: string | null;
  recordedByEmail: string | null;
}

/** Every record of a state, newest effective date first (ties: latest recorded first). */
export function listParticipationHistory(stateCode: string): ParticipationHistoryEntry[] {
  return db()
    .select({
      id: participationRecords.id,
      stateCode: participationRecords.stateCode,
      status: participationRecords.status,
      effectiveDate: participationRecords.effectiveDate,
      sourceNote: participationRecords.sourceNote,
      recordedBy: participationRecords.recordedBy,
      recordedAt: participationRecords.recordedAt,
      recordedByName: users.name,
      recordedByEmail: users.email,
    })
    .from(participationRecords)
    .leftJoin(users, eq(users.id, participationRecords.recordedBy))
    .where(eq(participationRecords.stateCode, stateCode))
    .orderBy(desc(participationRecords.effectiveDate), desc(participationRecords.id))
    .all();
}

/** The record that gives a state's current status, or undefined when none was recorded. */
export function currentParticipation(stateCode: string): ParticipationRecordRow | undefined {
  return db()
    .select()
    .from(participationRecords)
    .where(eq(participationRecords.stateCode, stateCode))
    .orderBy(desc(participationRecords.effectiveDate), desc(participationRecords.id))
    .limit(1)
    .get();
}

export interface Standing {
  status: ParticipationStatus;
  /** The effective date from which the state has held this status without a change in between. */
  since: string;
  record: Pick<ParticipationRecordRow, "id" | "status" | "effectiveDate">;
}

/**
 * The current status and since when it has held, from records ordered newest first. A later
 * record of the same status (a confirmation, a correction) does not move "since" forward.
 */
export function standingOf(newestFirst: ReadonlyArray<Pick<ParticipationRecordRow, "id" | "status" | "effectiveDate">>): Standing | null {
  const [current] = newestFirst;
  if (!current) return null;
  let since = current.effectiveDate;
  for (const record of newestFirst.slice(1)) {
    if (record.status !== current.status) break;
    since = record.effectiveDate;
  }
  return { status: current.status, since, record: current };
}

export function currentStanding(stateCode: string): Standing | null {
  return standingOf(listParticipationHistory(stateCode));
}

/** The standing of every state that has at least one record, keyed by state code. */
export function allStandings(): Map<string, Standing> {
  const rows = db()
    .select({
      id: participationRecords.id,
      stateCode: participationRecords.stateCode,
      status: participationRecords.status,
      effectiveDate: participationRecords.effectiveDate,
    })
    .from(participationRecords)
    .orderBy(asc(participationRecords.stateCode), desc(participationRecords.effectiveDate), desc(participationRecords.id))
    .all();
  const byState = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byState.get(row.stateCode) ?? [];
    list.push(row);
    byState.set(row.stateCode, list);
  }
  const standings = new Map<string, Standing>();
  for (const [code, records] of byState) {
    const standing = standingOf(records);
    if (standing) standings.set(code, standing);
  }
  return standings;
}
