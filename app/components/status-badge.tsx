import { statusLabel, type ParticipationStatus } from "../lib/participation";

/** A state's status in the initiative, as a coloured label that reads as plain text too. */
export function StatusBadge({ status }: { status: ParticipationStatus }) {
  return <span className={`status status--${status}`}>{statusLabel(status)}</span>;
}
