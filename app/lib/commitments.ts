// Words and limits of commitments and implementation reports, for the commitment module and the pages
// on both sides (a *.server module is empty in the browser). Statuses repeat the schema's, with
// `satisfies` keeping them in step.
import type { ReportStatus } from "../../db/schema";

export type { ReportStatus };

export const REPORT_STATUS_LABELS = {
  "not-started": "Not started",
  "in-progress": "In progress",
  implemented: "Implemented",
} as const satisfies Record<ReportStatus, string>;

export const REPORT_STATUS_CHOICES = ["not-started", "in-progress", "implemented"] as const satisfies readonly ReportStatus[];

export const COMMITMENT_TITLE_MAX = 200;
export const COMMITMENT_DESCRIPTION_MAX = 4_000;
export const REPORT_NARRATIVE_MAX = 10_000;
export const EVIDENCE_LINKS_MAX = 10;
export const EVIDENCE_LINK_MAX = 2_000;

/** The links typed one per line in a textarea, blank lines dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}
