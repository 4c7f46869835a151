// What the public home page says about the initiative, read through the domain modules: each
// instrument's current edition, the counts people cite, and the latest pledge events. Counts are
// taken from the same reads the pledge list uses, so the home page and the list cannot disagree.
import type { PledgeKind } from "../../db/schema";
import { listEditions } from "../models/edition.server";
import { listInstruments } from "../models/instrument.server";
import { listPledges, type PublicPledge } from "../models/pledge.server";
import { listStatesWithStatus } from "../models/state.server";

export interface CurrentEdition {
  instrumentTitle: string;
  slug: string;
  title: string;
  number: number;
  /** YYYY-MM-DD */
  adoptedOn: string;
  digest: string;
}

/** The latest adopted edition of every instrument that has one, in the instruments' order. */
export function currentEditions(): CurrentEdition[] {
  return listInstruments().flatMap((instrument) => {
    const latest = listEditions(instrument.id).at(-1);
    if (!latest) return [];
    const { slug, title, number, adoptedOn, digest } = latest;
    return [{ instrumentTitle: instrument.title, slug, title, number, adoptedOn, digest }];
  });
}

export interface PublicCounts {
  /** States with at least one pledge of subscription not withdrawn. */
  subscribing: number;
  /** States with at least one pledge of endorsement not withdrawn. */
  endorsing: number;
  /** Pledges that were withdrawn (each is still listed, with both dates). */
  withdrawn: number;
  /** States whose current participation status is "committed" to the drafting. */
  committed: number;
}

function statesWithActive(pledges: PublicPledge[], kind: PledgeKind): number {
  return new Set(pledges.filter((pledge) => pledge.status === "active" && pledge.kind === kind).map((pledge) => pledge.state.code)).size;
}

export function publicCounts(): PublicCounts {
  const pledges = listPledges();
  return {
    subscribing: statesWithActive(pledges, "subscription"),
    endorsing: statesWithActive(pledges, "endorsement"),
    withdrawn: pledges.filter((pledge) => pledge.status === "withdrawn").length,
    committed: listStatesWithStatus().filter((state) => state.status === "committed").length,
  };
}

/** A pledge made or withdrawn: what the home page's list of latest events shows. */
export interface PledgeEvent {
  pledgeId: number;
  happened: "pledged" | "withdrew";
  kind: PledgeKind;
  stateCode: string;
  /** The state's name as recorded (English); pages show countryName in their language when it has one. */
  stateName: string;
  editionTitle: string;
  /** The date on the record (YYYY-MM-DD): the pledge's or the withdrawal's effective date. */
  effectiveDate: string;
  /** The event's entry in the transparency log, which also orders events of the same date. */
  logIndex: number;
}

export const LATEST_EVENTS = 8;

/** The latest pledges and withdrawals, newest first by effective date, then by their place in the log. */
export function latestPledgeEvents(limit = LATEST_EVENTS): PledgeEvent[] {
  const events = listPledges().flatMap((pledge): PledgeEvent[] => {
    const common = { pledgeId: pledge.id, kind: pledge.kind, stateCode: pledge.state.code, stateName: pledge.state.name, editionTitle: pledge.edition.title };
    const made: PledgeEvent = { ...common, happened: "pledged", effectiveDate: pledge.effectiveDate, logIndex: pledge.logIndex };
    if (!pledge.withdrawal) return [made];
    const { effectiveDate, logIndex } = pledge.withdrawal;
    return [made, { ...common, happened: "withdrew", effectiveDate, logIndex }];
  });
  events.sort((a, b) => b.effectiveDate.localeCompare(a.effectiveDate) || b.logIndex - a.logIndex);
  return events.slice(0, limit);
}
