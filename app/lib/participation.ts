// What each status in the initiative means, for pages on both sides. The statuses themselves are
// defined by the schema (PARTICIPATION_STATUSES); the Record type makes sure every one has a label.
import { z } from "zod";
import type { ParticipationStatus } from "../../db/schema";

export type { ParticipationStatus };

export const PARTICIPATION_STATUS_INFO = {
  invited: { label: "Invited", explanation: "Invited to take part; has not yet said whether it will." },
  observer: { label: "Observer", explanation: "Follows the drafting without taking part in it." },
  supporter: {
    label: "Supporter",
    explanation: "Backs the joint statement without joining it.",
  },
  committed: {
    label: "Committed",
    explanation: "Joined the joint statement and committed to the drafting work.",
  },
  withdrawn: { label: "Withdrawn", explanation: "Has left the initiative; its earlier record is kept." },
} as const satisfies Record<ParticipationStatus, { label: string; explanation: string }>;

export const PARTICIPATION_STATUS_VALUES = Object.keys(PARTICIPATION_STATUS_INFO) as ParticipationStatus[];

export const PARTICIPATION_STATUS_OPTIONS = PARTICIPATION_STATUS_VALUES.map((status) => ({
  value: status,
  label: PARTICIPATION_STATUS_INFO[status].label,
}));

export function statusLabel(status: ParticipationStatus): string {
  return PARTICIPATION_STATUS_INFO[status].label;
}

export function isParticipationStatus(value: string): value is ParticipationStatus {
  return Object.hasOwn(PARTICIPATION_STATUS_INFO, value);
}

/** The most a source note may hold. */
export const SOURCE_NOTE_MAX = 1_000;

// Field schemas shared by the forms that record a status.
export const participationStatusSchema = z.enum(PARTICIPATION_STATUS_VALUES as [ParticipationStatus, ...ParticipationStatus[]], {
  errorMap: () => ({ message: "Choose a status from the list" }),
});

export const sourceNoteSchema = z
  .string({ required_error: "Enter the source" })
  .trim()
  .min(1, "Enter the source: where this change is recorded")
  .max(SOURCE_NOTE_MAX, `The source has at most ${SOURCE_NOTE_MAX.toLocaleString("en")} characters`);
