// What the world map shows of each state: one category per state, from all its pledges in the list.
// Pure and browser-safe: the map component and the page's loader (which asks for the shapes of exactly
// these states) share it.
import type { MapPledge } from "./pledge-filters";

/** A state's place on the map: an active subscription outranks an active endorsement, which outranks withdrawals. */
export const MAP_CATEGORIES = ["subscription", "endorsement", "withdrawn"] as const;
export type MapCategory = (typeof MAP_CATEGORIES)[number];

export interface MapCountry {
  code: string;
  name: string;
  category: MapCategory;
  /** The date the category holds since: the earliest effective date of its active pledges, or the latest withdrawal. */
  since: string;
}

/** A country's outline in the map's viewBox (world-geometry.server.ts draws them). */
export interface CountryPath {
  /** ISO 3166-1 alpha-2 code. */
  code: string;
  /** SVG path data. */
  d: string;
}

/** What the page's loader passes to the map: the viewBox and the outlines of the pledged states. */
export interface MapShapes {
  viewBox: string;
  width: number;
  height: number;
  shapes: CountryPath[];
}

function earliest(dates: string[]): string | undefined {
  return dates.reduce<string | undefined>((first, date) => (first === undefined || date < first ? date : first), undefined);
}

function latest(dates: string[]): string | undefined {
  return dates.reduce<string | undefined>((last, date) => (last === undefined || date > last ? date : last), undefined);
}

function countryOf(code: string, pledges: readonly MapPledge[]): MapCountry {
  const name = pledges[0]?.stateName ?? code;
  const activeSince = (kind: MapPledge["kind"]) =>
    earliest(pledges.filter((pledge) => pledge.status === "active" && pledge.kind === kind).map((pledge) => pledge.effectiveDate));
  const subscribed = activeSince("subscription");
  if (subscribed !== undefined) return { code, name, category: "subscription", since: subscribed };
  const endorsed = activeSince("endorsement");
  if (endorsed !== undefined) return { code, name, category: "endorsement", since: endorsed };
  const withdrawn = latest(pledges.map((pledge) => pledge.withdrawnOn ?? pledge.effectiveDate));
  return { code, name, category: "withdrawn", since: withdrawn ?? "" };
}

/** Every state with a pledge in `pledges`, once, in its category, sorted by name as a reader of `lang` expects. */
export function mapCountries(pledges: readonly MapPledge[], lang: string): MapCountry[] {
  const byState = new Map<string, MapPledge[]>();
  for (const pledge of pledges) byState.set(pledge.stateCode, [...(byState.get(pledge.stateCode) ?? []), pledge]);
  const collator = new Intl.Collator(lang, { sensitivity: "base" });
  return [...byState].map(([code, own]) => countryOf(code, own)).sort((a, b) => collator.compare(a.name, b.name));
}
