// Values of amendments that pages need on both sides (a *.server module is empty in the browser): the
// lifecycle's statuses, repeated from the schema with `satisfies` keeping them in step, and field limits.
import type { AmendmentPosition, AmendmentStatus } from "../../db/schema";

export const AMENDMENT_STATUSES = ["draft", "submitted", "accepted", "rejected", "withdrawn"] as const satisfies readonly AmendmentStatus[];
export const AMENDMENT_POSITIONS = ["cosponsor", "object", "none"] as const satisfies readonly AmendmentPosition[];

export const PROPOSED_TEXT_MAX = 20_000;
export const JUSTIFICATION_MAX = 4_000;
export const AMENDMENT_NOTE_MAX = 2_000;
