// Words for clause agreement, for pages on both sides: a clause's status, a state's position on it, and
// the form schemas that record them. The values themselves are defined by the schema.
import { z } from "zod";
import type { ClauseDecision, ClausePosition } from "../../db/schema";

export type { ClauseDecision, ClausePosition };

// The schema's values, repeated here for the browser (which must not import db/); `satisfies` keeps them in step.
const CLAUSE_DECISION_VALUES = ["open", "agreed-ad-referendum", "agreed"] as const satisfies readonly ClauseDecision[];
const CLAUSE_POSITION_VALUES = ["supports", "reserves", "objects"] as const satisfies readonly ClausePosition[];

/** "bracketed" is derived from the text and never stored; the others are the chair's latest decision. */
export type ClauseStatus = "bracketed" | ClauseDecision;

export const CLAUSE_STATUS_LABELS = {
  bracketed: "bracketed",
  open: "open",
  "agreed-ad-referendum": "agreed ad referendum",
  agreed: "agreed",
} as const satisfies Record<ClauseStatus, string>;

export const CLAUSE_DECISION_INFO = {
  open: { label: "open", hint: "Still under negotiation." },
  "agreed-ad-referendum": { label: "agreed ad referendum", hint: "Agreed by the delegations, subject to confirmation by capitals." },
  agreed: { label: "agreed", hint: "Agreed, until everything is agreed." },
} as const satisfies Record<ClauseDecision, { label: string; hint: string }>;

export const CLAUSE_POSITION_INFO = {
  supports: { label: "supports", hint: "The state can accept the clause as it stands." },
  reserves: { label: "reserves", hint: "The state accepts it with a reservation: say which in the note." },
  objects: { label: "objects", hint: "The state cannot accept the clause as it stands." },
} as const satisfies Record<ClausePosition, { label: string; hint: string }>;

export const NO_POSITION_LABEL = "no position";

/** The most a note on a decision or a position may hold. */
export const AGREEMENT_NOTE_MAX = 2_000;

export function clauseStatusLabel(status: ClauseStatus): string {
  return CLAUSE_STATUS_LABELS[status];
}

const noteSchema = z
  .string()
  .trim()
  .max(AGREEMENT_NOTE_MAX, `The note has at most ${AGREEMENT_NOTE_MAX.toLocaleString("en")} characters`)
  .default("");

const clauseIdSchema = z.string({ required_error: "Choose a clause" }).trim().min(1, "Choose a clause").max(100, "Choose a clause");

export const clauseDecisionSchema = z.object({
  clauseId: clauseIdSchema,
  decision: z.enum(CLAUSE_DECISION_VALUES, { errorMap: () => ({ message: "Choose open, agreed ad referendum or agreed" }) }),
  note: noteSchema,
});

export const clausePositionSchema = z.object({
  clauseId: clauseIdSchema,
  position: z.enum(CLAUSE_POSITION_VALUES, { errorMap: () => ({ message: "Choose supports, reserves or objects" }) }),
  note: noteSchema,
});

/** "37.5%": a share to one decimal place. */
export function formatShare(part: number, whole: number): string {
  if (whole <= 0) return "0%";
  return `${Math.round((part / whole) * 1000) / 10}%`;
}
