// The pledge list's filters, search and sort: parsed from the query string of the list's GET form,
// then applied to the pledges in memory (a few hundred at most: one per state and edition). Pure and
// browser-safe: the page builds its sort links and form from the same definitions.
import { z } from "zod";
import type { PledgeKind } from "../lib/pledges";

export const REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"] as const;
export type Region = (typeof REGIONS)[number];

export const PLEDGE_STATUSES = ["active", "withdrawn"] as const;
export type PledgeStatus = (typeof PLEDGE_STATUSES)[number];

export const PLEDGE_KINDS = ["subscription", "endorsement"] as const satisfies readonly PledgeKind[];

/** A column and its direction; a leading "-" is descending. */
export const PLEDGE_SORTS = ["date", "-date", "state", "-state"] as const;
export type PledgeSort = (typeof PLEDGE_SORTS)[number];
export const DEFAULT_SORT: PledgeSort = "date";

export const FILTER_FIELDS = ["q", "kind", "status", "region", "edition", "from", "to", "sort"] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** The longest search accepted: longer than any state's name or a sensible phrase of a declaration. */
export const SEARCH_MAX = 200;

/** A pledge as the map and the timeline draw it. */
export interface MapPledge {
  stateCode: string;
  stateName: string;
  kind: "subscription" | "endorsement";
  status: "active" | "withdrawn";
  effectiveDate: string;
  withdrawnOn: string | null;
}

/** What the filters look at: a pledge with its state's names in every language and its region. */
export interface FilterablePledge {
  stateCode: string;
  /** The name in the page's language: what the list shows and sorts by. */
  stateName: string;
  /** The names in every language, so that "Allemagne" and "Germany" both find it. */
  stateNames: readonly string[];
  region: Region | null;
  kind: PledgeKind;
  status: PledgeStatus;
  editionSlug: string;
  effectiveDate: string;
  declarations: readonly string[];
}

/** The filters in force; null is "any". */
export interface PledgeFilter {
  q: string | null;
  kind: PledgeKind | null;
  status: PledgeStatus | null;
  region: Region | null;
  edition: string | null;
  from: string | null;
  to: string | null;
  sort: PledgeSort;
}

/** A value the list cannot filter by: the page names the field and what it accepts. */
export interface FilterProblem {
  field: FilterField;
  value: string;
}

/** The raw values of the form's fields, as the reader typed or chose them (empty when absent). */
export type FilterValues = Record<FilterField, string>;

export type FilterParse = { ok: true; filter: PledgeFilter; values: FilterValues } | { ok: false; problems: FilterProblem[]; values: FilterValues };

export const NO_FILTER: PledgeFilter = { q: null, kind: null, status: null, region: null, edition: null, from: null, to: null, sort: DEFAULT_SORT };

export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

// An empty field of a GET form means "any": it is read as absent.
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const calendarDate = z.string().refine(isCalendarDate);

function filterSchema(editionSlugs: readonly string[]) {
  return z
    .object({
      q: optional(z.string().max(SEARCH_MAX)),
      kind: optional(z.enum(PLEDGE_KINDS)),
      status: optional(z.enum(PLEDGE_STATUSES)),
      region: optional(z.enum(REGIONS)),
      edition: optional(z.string().refine((slug) => editionSlugs.includes(slug))),
      from: optional(calendarDate),
      to: optional(calendarDate),
      sort: optional(z.enum(PLEDGE_SORTS)),
    })
    .refine(({ from, to }) => !from || !to || from <= to, { path: ["to"] });
}

/** The filters of a query string; `editionSlugs` are the editions one may choose. */
export function parsePledgeFilter(query: URLSearchParams, editionSlugs: readonly string[]): FilterParse {
  const values = Object.fromEntries(FILTER_FIELDS.map((field) => [field, (query.get(field) ?? "").trim()])) as FilterValues;
  const parsed = filterSchema(editionSlugs).safeParse(values);
  if (!parsed.success) {
    const fields = new Set(parsed.error.issues.map((issue) => issue.path[0] as FilterField));
    return { ok: false, values, problems: FILTER_FIELDS.filter((field) => fields.has(field)).map((field) => ({ field, value: values[field] })) };
  }
  const { q, kind, status, region, edition, from, to, sort } = parsed.data;
  return {
    ok: true,
    values,
    filter: {
      q: q ?? null,
      kind: kind ?? null,
      status: status ?? null,
      region: region ?? null,
      edition: edition ?? null,
      from: from ?? null,
      to: to ?? null,
      sort: sort ?? DEFAULT_SORT,
    },
  };
}

/** Lower case without accents, so that "cote d'ivoire" finds "Côte d'Ivoire". */
function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/** The search matches a state's code exactly, or a part of one of its names or of a declaration. */
function matchesSearch(pledge: FilterablePledge, q: string): boolean {
  const needle = folded(q);
  if (pledge.stateCode.toLowerCase() === needle) return true;
  return [...pledge.stateNames, ...pledge.declarations].some((text) => folded(text).includes(needle));
}

function matches(pledge: FilterablePledge, filter: PledgeFilter): boolean {
  return (
    (filter.kind === null || pledge.kind === filter.kind) &&
    (filter.status === null || pledge.status === filter.status) &&
    (filter.region === null || pledge.region === filter.region) &&
    (filter.edition === null || pledge.editionSlug === filter.edition) &&
    (filter.from === null || pledge.effectiveDate >= filter.from) &&
    (filter.to === null || pledge.effectiveDate <= filter.to) &&
    (filter.q === null || matchesSearch(pledge, filter.q))
  );
}

/** The pledges the filter keeps, in its sort order; names are compared as a reader of `lang` expects. */
export function selectPledges<T extends FilterablePledge>(pledges: readonly T[], filter: PledgeFilter, lang: string): T[] {
  const collator = new Intl.Collator(lang, { sensitivity: "base" });
  const byDate = (a: T, b: T) => a.effectiveDate.localeCompare(b.effectiveDate);
  const byState = (a: T, b: T) => collator.compare(a.stateName, b.stateName);
  const compare: Record<PledgeSort, (a: T, b: T) => number> = {
    date: (a, b) => byDate(a, b) || byState(a, b),
    "-date": (a, b) => byDate(b, a) || byState(a, b),
    state: (a, b) => byState(a, b) || byDate(a, b),
    "-state": (a, b) => byState(b, a) || byDate(a, b),
  };
  return pledges.filter((pledge) => matches(pledge, filter)).sort(compare[filter.sort]);
}

export interface PledgeCounts {
  total: number;
  subscribing: number;
  endorsing: number;
  withdrawn: number;
}

/** Active subscriptions, active endorsements and withdrawn pledges: together, every pledge listed. */
export function countPledges(pledges: readonly Pick<FilterablePledge, "kind" | "status">[]): PledgeCounts {
  const active = pledges.filter((pledge) => pledge.status === "active");
  return {
    total: pledges.length,
    subscribing: active.filter((pledge) => pledge.kind === "subscription").length,
    endorsing: active.filter((pledge) => pledge.kind === "endorsement").length,
    withdrawn: pledges.length - active.length,
  };
}

/** The query string ("" or "?…") of the filter with `changes`; "any" values and the default sort are left out. */
export function filterQuery(filter: PledgeFilter, changes: Partial<PledgeFilter> = {}): string {
  const next = { ...filter, ...changes };
  const query = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = next[field];
    if (value !== null && !(field === "sort" && value === DEFAULT_SORT)) query.set(field, value);
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

/** The sort a column's header link asks for: its ascending order, or descending when that is the current one. */
export function sortForColumn(column: "date" | "state", current: PledgeSort): PledgeSort {
  return current === column ? `-${column}` : column;
}

/** The column's aria-sort value, or undefined when the list is not sorted by it. */
export function ariaSort(column: "date" | "state", current: PledgeSort): "ascending" | "descending" | undefined {
  if (current === column) return "ascending";
  if (current === `-${column}`) return "descending";
  return undefined;
}
