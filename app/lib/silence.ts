// Words and form schemas for silence procedures, for pages on both sides. Deadlines are instants in UTC,
// typed as `YYYY-MM-DDTHH:MM` (what a datetime-local field sends) and always shown as UTC.
import { z } from "zod";
import type { SilenceOutcome } from "../../db/schema";

export type { SilenceOutcome };

export const SILENCE_OUTCOME_LABELS = {
  held: "held: silence was not broken",
  broken: "broken",
  cancelled: "cancelled by the chair",
} as const satisfies Record<SilenceOutcome, string>;

export const SILENCE_NOTE_MAX = 2_000;
export const SILENCE_REASON_MAX = 2_000;
export const SILENCE_MAX_DAYS = 60;

const DEADLINE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})$/;

/** `2026-12-01T12:00` (UTC) → the instant in ms, or null when it is not a real date and time. */
export function parseUtcDeadline(value: string): number | null {
  const match = DEADLINE.exec(value.trim());
  if (!match) return null;
  const [, date, hours, minutes] = match;
  const ms = Date.parse(`${date}T${hours}:${minutes}:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 16) !== `${date}T${hours}:${minutes}`) return null;
  return ms;
}

/** "3 days 4 hours", "25 minutes", "less than a minute": what is left until a deadline. */
export function formatTimeLeft(ms: number): string {
  if (ms < 60_000) return "less than a minute";
  const minutes = Math.floor(ms / 60_000);
  const days = Math.floor(minutes / 1_440);
  const hours = Math.floor((minutes % 1_440) / 60);
  const rest = minutes % 60;
  const part = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (days > 0) return hours ? `${part(days, "day")} ${part(hours, "hour")}` : part(days, "day");
  if (hours > 0) return rest ? `${part(hours, "hour")} ${part(rest, "minute")}` : part(hours, "hour");
  return part(rest, "minute");
}

export const startSilenceSchema = z.object({
  version: z
    .string({ required_error: "Choose the version to put under silence" })
    .regex(/^[1-9]\d{0,8}$/, "Choose the version to put under silence")
    .transform(Number),
  deadline: z
    .string({ required_error: "Enter the deadline" })
    .trim()
    .min(1, "Enter the deadline")
    .refine((value) => parseUtcDeadline(value) !== null, "Enter the deadline as a real date and time in UTC, e.g. 2026-12-01T12:00")
    .transform((value) => parseUtcDeadline(value) as number),
  note: z.string().trim().max(SILENCE_NOTE_MAX, `The note has at most ${SILENCE_NOTE_MAX.toLocaleString("en")} characters`).default(""),
});

export const breakSilenceSchema = z.object({
  reason: z
    .string({ required_error: "Enter the reason your state breaks silence" })
    .trim()
    .min(1, "Enter the reason your state breaks silence")
    .max(SILENCE_REASON_MAX, `The reason has at most ${SILENCE_REASON_MAX.toLocaleString("en")} characters`),
});

export const cancelSilenceSchema = z.object({
  reason: z
    .string({ required_error: "Enter the reason for cancelling" })
    .trim()
    .min(1, "Enter the reason for cancelling")
    .max(SILENCE_REASON_MAX, `The reason has at most ${SILENCE_REASON_MAX.toLocaleString("en")} characters`),
});
