// Participating states. A state is added by its ISO 3166-1 alpha-2 code (or XK for Kosovo) and
// takes its name from the country tables, so the spelling is the same everywhere.
import { eq } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { states, type ParticipationStatus, type StateRow } from "../../db/schema";
import { now } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { allCountries, compareNames, countryName, type Country } from "./countries.server";
import { allStandings, ParticipationError, participationProblem, recordParticipation } from "./participation.server";
import { RuleError } from "../lib/rule-error";

export { countryName, isCountryCode } from "./countries.server";

export class StateError extends RuleError<"code" | "status" | "effectiveDate" | "sourceNote"> {}

/** Upper-cases and trims a code as typed in an address or a form. */
export function normaliseStateCode(code: string): string {
  return code.trim().toUpperCase();
}

/** Every participating state, sorted by name. */
export function listStates(): Country[] {
  return db()
    .select({ code: states.code, name: states.name })
    .from(states)
    .all()
    .sort((a, b) => compareNames(a.name, b.name));
}

export function countStates(): number {
  return db().select({ code: states.code }).from(states).all().length;
}

/** A state by its exact (upper-case) code. */
export function getState(code: string): StateRow | undefined {
  return db().select().from(states).where(eq(states.code, code)).get();
}

export interface NewState {
  code: string;
  /** The first participation record, written in the same transaction. */
  initial?: { status: ParticipationStatus; effectiveDate: string; sourceNote: string };
}

/** Adds a state (and its first status if given); throws StateError for a bad or existing code. */
export function addState(actor: Actor, input: NewState): StateRow {
  const code = normaliseStateCode(input.code);
  const name = countryName(code);
  if (!name) throw new StateError(`${input.code.trim() || "This"} is not a country code: choose a country from the list`, "code");
  if (input.initial) {
    const problem = participationProblem(input.initial);
    if (problem) throw new StateError(problem.message, problem.field === "stateCode" ? "code" : problem.field);
  }
  try {
    return inTransaction(() => {
      if (getState(code)) throw new StateError(`${name} is already a participating state`, "code");
      const state = db().insert(states).values({ code, name, createdAt: now() }).returning().get();
      recordAuditEvent(actor, {
        action: "state.added",
        subjectType: "state",
        subjectId: code,
        details: { stateCode: code, name },
      });
      if (input.initial) recordParticipation(actor, { stateCode: code, ...input.initial });
      return state;
    });
  } catch (error) {
    if (error instanceof ParticipationError) {
      throw new StateError(error.message, error.field === "stateCode" ? "code" : error.field);
    }
    throw error;
  }
}

export interface StateWithStatus extends Country {
  status: ParticipationStatus | null;
  /** YYYY-MM-DD from which the current status has held, or null without any record. */
  since: string | null;
}

/** Every state with its current status, sorted by name. */
export function listStatesWithStatus(): StateWithStatus[] {
  const standings = allStandings();
  return listStates().map((state) => {
    const standing = standings.get(state.code);
    return { ...state, status: standing?.status ?? null, since: standing?.since ?? null };
  });
}

/** Countries not yet added as participating states, sorted by name. */
export function availableCountries(): Country[] {
  const added = new Set(db().select({ code: states.code }).from(states).all().map((row) => row.code));
  return allCountries().filter((country) => !added.has(country.code));
}
