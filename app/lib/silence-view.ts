// A silence procedure as pages show it: times in UTC to the minute, the time left or the outcome, and
// the breaks; plain data for a loader to return.
import type { SilenceProcedureView } from "../models/silence.server";
import { formatInstant } from "./dates";
import { formatTimeLeft, SILENCE_OUTCOME_LABELS } from "./silence";

/** A procedure as pages show it: times in UTC, what is left or how it ended. */
export function procedureSummary(procedure: SilenceProcedureView, at: number) {
  const open = procedure.outcome === null;
  const remaining = procedure.deadline.getTime() - at;
  return {
    id: procedure.id,
    version: procedure.version,
    note: procedure.note,
    deadline: formatInstant(procedure.deadline),
    deadlineIso: procedure.deadline.toISOString(),
    startedBy: procedure.startedByName,
    startedAt: formatInstant(procedure.startedAt),
    outcome: procedure.outcome,
    /** "3 days 4 hours left", "deadline passed: the outcome is being recorded", or the outcome. */
    state: open
      ? remaining > 0
        ? `open: ${formatTimeLeft(remaining)} left`
        : "deadline passed: the outcome is being recorded"
      : SILENCE_OUTCOME_LABELS[procedure.outcome ?? "held"],
    closedAt: procedure.closedAt ? formatInstant(procedure.closedAt) : null,
    breaks: procedure.breaks.map((entry) => ({
      stateCode: entry.stateCode,
      stateName: entry.stateName,
      userName: entry.userName,
      reason: entry.reason,
      at: formatInstant(entry.at),
      atIso: entry.at.toISOString(),
    })),
  };
}

