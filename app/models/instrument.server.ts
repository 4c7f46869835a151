// Instruments: the texts the states negotiate (the code of conduct, and later editions of it).
// This module keeps the record of each one; its drafts and adopted editions come later.
import { asc, eq } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import { instruments, type InstrumentRow } from "../../db/schema";
import { now } from "../lib/clock.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { RuleError } from "../lib/rule-error";

export const INSTRUMENT_TITLE_MAX = 200;
export const INSTRUMENT_SUMMARY_MAX = 2_000;

export class InstrumentError extends RuleError<"slug" | "title" | "summary"> {}

export interface NewInstrument {
  /** The instrument's part of its address: lower case letters, digits and dashes. */
  slug: string;
  title: string;
  summary: string;
}

// Same rule as the table's CHECK, so a bad slug gets a message instead of a constraint error.
const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

function instrumentProblem(input: NewInstrument): InstrumentError | null {
  if (!SLUG_PATTERN.test(input.slug))
    return new InstrumentError("Use lower case letters, digits and dashes for the address, starting with a letter or digit", "slug");
  const title = input.title.trim();
  if (!title) return new InstrumentError("Enter the title", "title");
  if (title.length > INSTRUMENT_TITLE_MAX) return new InstrumentError(`The title has at most ${INSTRUMENT_TITLE_MAX} characters`, "title");
  const summary = input.summary.trim();
  if (!summary) return new InstrumentError("Enter a summary", "summary");
  if (summary.length > INSTRUMENT_SUMMARY_MAX)
    return new InstrumentError(`The summary has at most ${INSTRUMENT_SUMMARY_MAX.toLocaleString("en")} characters`, "summary");
  return null;
}

/** Creates an instrument with its audit event; throws InstrumentError for bad input or a taken slug. */
export function createInstrument(actor: Actor, input: NewInstrument): InstrumentRow {
  const problem = instrumentProblem(input);
  if (problem) throw problem;
  return inTransaction(() => {
    if (getInstrumentBySlug(input.slug)) throw new InstrumentError(`An instrument already has the address ${input.slug}`, "slug");
    const instrument = db()
      .insert(instruments)
      .values({
        slug: input.slug,
        title: input.title.trim(),
        summary: input.summary.trim(),
        createdAt: now(),
        createdBy: actor.userId,
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "instrument.created",
      subjectType: "instrument",
      subjectId: instrument.id,
      details: { slug: instrument.slug, title: instrument.title },
    });
    return instrument;
  });
}

/** Every instrument, oldest first (the original code before its later editions). */
export function listInstruments(): InstrumentRow[] {
  return db().select().from(instruments).orderBy(asc(instruments.createdAt), asc(instruments.id)).all();
}

export function getInstrumentBySlug(slug: string): InstrumentRow | undefined {
  return db().select().from(instruments).where(eq(instruments.slug, slug)).get();
}

export function getInstrument(id: number): InstrumentRow | undefined {
  return db().select().from(instruments).where(eq(instruments.id, id)).get();
}
