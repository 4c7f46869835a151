// An instrument's timeline: every step of its negotiation as a dated, attributed sentence with a link
// to what it concerns, read from the audit events the domain modules write with the instrument's id
// (docs/decisions/013). Nothing here writes; addresses and other audit-only facts are left out.
import { numberDocument } from "../../editor";
import { ACTIVITY_KINDS, type ActivityKind } from "../lib/activity";
import { hiddenAmendmentIds, type AmendmentViewer } from "../models/amendment.server";
import { listAuditEvents, type AuditEntry } from "../models/audit.server";
import { countryName } from "../models/countries.server";
import { draftDocumentName, readStoredDocument } from "../models/document.server";


export interface ActivityEntry {
  id: number;
  action: string;
  at: Date;
  /** The person, or "Accord" for the server's own steps (a silence deadline passing). */
  who: string;
  stateCode: string | null;
  stateName: string | null;
  /** What happened, as a sentence without its subject ("submitted amendment 3 on clause 2.1"). */
  what: string;
  href: string | null;
}

export interface ActivityFilter {
  kind?: ActivityKind;
  stateCode?: string;
  /** Event ids: only events recorded after `after` and before `before`. */
  after?: number;
  before?: number;
  limit?: number;
}

type Details = Record<string, unknown>;

const str = (value: unknown): string | null => (typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null);
const quoted = (value: unknown, max = 80): string => {
  const text = str(value);
  if (!text) return "";
  return ` “${text.length > max ? `${text.slice(0, max - 1)}…` : text}”`;
};
/** The clause an event concerns, by its number in the draft as it stands (numbers move, ids do not). */
type ClauseNumbers = ReadonlyMap<string, string>;
const clauseOf = (details: Details, numbers: ClauseNumbers): string => {
  const id = str(details.clauseId);
  const number = (id ? numbers.get(id) : undefined) ?? str(details.clauseNumber);
  return number ? ` in clause ${number}` : "";
};
const list = (value: unknown): string => (Array.isArray(value) && value.length ? value.join(", ") : "");

/** The sentence and the link for one event; unknown actions are shown by name, never hidden. */
export function describeActivity(
  event: Pick<AuditEntry, "action" | "subjectType" | "subjectId">,
  details: Details,
  base: string,
  numbers: ClauseNumbers = new Map(),
): Pick<ActivityEntry, "what" | "href"> {
  const [concept, verb] = event.action.split(".", 2) as [string, string | undefined];
  const number = str(details.number);
  const clause = (facts: Details) => clauseOf(facts, numbers);
  const version = str(details.versionNumber) ? ` version ${str(details.versionNumber)}` : " a version";
  switch (concept) {
    case "version":
      return {
        what: `${verb === "restored" ? "restored" : "saved"} version ${number ?? ""}${quoted(details.name)}`,
        href: number ? `${base}/versions/${number}` : `${base}/versions`,
      };
    case "comment":
      return {
        what: `${{ created: "commented", replied: "replied to a comment", resolved: "resolved a comment", reopened: "reopened a comment" }[verb ?? ""] ?? event.action}${clause(details)}${quoted(details.quote)}`,
        href: event.subjectId ? `${base}/comments/${event.subjectId}` : `${base}/comments`,
      };
    case "amendment": {
      const position = str(details.position);
      const what =
        verb === "position-recorded" && position
          ? `${{ cosponsor: "co-sponsored", object: "objected to", none: "took back its position on" }[position] ?? position} amendment ${number ?? ""}`
          : `${{ created: "drafted", updated: "revised", submitted: "submitted", withdrawn: "withdrew", accepted: "accepted", rejected: "rejected" }[verb ?? ""] ?? verb} amendment ${number ?? ""}`;
      return { what: `${what}${clause(details)}`, href: number ? `${base}/amendments/${number}` : `${base}/amendments` };
    }
    case "bracket": {
      const holders = list(details.holders);
      return {
        what: `${{ added: "put", changed: "changed", removed: "removed" }[verb ?? ""] ?? verb} square brackets${verb === "added" ? " around" : ""}${quoted(details.text)}${holders ? ` (held by ${holders})` : ""}`,
        href: str(details.clauseId) ? `${base}/agreement#clause-${str(details.clauseId)}` : base,
      };
    }
    case "clause":
      return {
        what:
          verb === "decided"
            ? `decided${clause(details)}: ${str(details.decision)?.replace(/-/g, " ") ?? "a status"}`
            : `recorded a position${clause(details)}: ${str(details.position) ?? ""}`,
        href: str(details.clauseId) ? `${base}/agreement#clause-${str(details.clauseId)}` : `${base}/agreement`,
      };
    case "silence":
      return {
        what:
          verb === "closed"
            ? `closed the silence procedure on${version}: silence ${str(details.outcome) === "held" ? "held" : "was broken"}`
            : `${{ started: `put${version} under silence`, broken: `broke silence on${version}`, cancelled: `cancelled the silence procedure on${version}` }[verb ?? ""] ?? event.action}`,
        href: event.subjectId ? `${base}/silence/${event.subjectId}` : `${base}/silence`,
      };
    case "edition":
      return { what: `adopted edition ${number ?? ""}${quoted(details.title)}, dated ${str(details.adoptedOn) ?? ""}`, href: number ? `${base}/editions/${number}` : `${base}/editions` };
    case "pledge": {
      const state = str(details.stateCode) ?? "a state";
      const fromPaper = str(details.channel) === "paper";
      const act =
        verb === "recorded"
          ? `${str(details.kind) === "endorsement" ? "endorsement" : "subscription"} of ${state} (effective ${str(details.effectiveDate) ?? ""})`
          : verb === "withdrawn"
            ? `withdrawal of ${state}'s pledge (effective ${str(details.effectiveDate) ?? ""})`
            : `declaration of ${state}`;
      return { what: `${fromPaper ? "recorded from paper the" : "made the"} ${act}`, href: event.subjectId ? `/pledges/${event.subjectId}` : "/pledges" };
    }
    case "commitment": {
      const edition = str(details.editionNumber);
      const commitment = str(verb === "added" ? details.number : details.commitment);
      const href = edition && commitment ? `${base}/editions/${edition}/commitments/${commitment}` : null;
      return verb === "added"
        ? { what: `added commitment ${commitment ?? ""}${quoted(details.title)}`, href }
        : { what: `reported on commitment ${commitment ?? ""}: ${str(details.status)?.replace(/-/g, " ") ?? "a status"}`, href };
    }
    default:
      return { what: event.action, href: null };
  }
}

function parseDetails(text: string): Details {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? (value as Details) : {};
  } catch {
    return {};
  }
}

/**
 * The instrument's timeline as the viewer may see it, newest first, paged by event id: the steps of an
 * amendment never submitted stay with its delegation and the chair (a page may hold fewer entries).
 */
export function instrumentActivity(instrument: { id: number; slug: string }, viewer: AmendmentViewer, filter: ActivityFilter = {}): ActivityEntry[] {
  const base = `/instruments/${encodeURIComponent(instrument.slug)}`;
  const draft = readStoredDocument(draftDocumentName(instrument.slug));
  const numbers = new Map(draft ? numberDocument(draft).clauses.flatMap((entry) => (entry.id ? [[entry.id, entry.number] as const] : [])) : []);
  const events = listAuditEvents({
    instrumentId: instrument.id,
    action: filter.kind ? ACTIVITY_KINDS[filter.kind].prefix : undefined,
    stateCode: filter.stateCode,
    before: filter.before,
    after: filter.after,
    limit: filter.limit ?? 50,
  });
  const amendmentIds = events.filter((event) => event.subjectType === "amendment" && event.subjectId).map((event) => Number(event.subjectId));
  const hidden = hiddenAmendmentIds(amendmentIds, viewer);
  return events.filter((event) => !(event.subjectType === "amendment" && hidden.has(Number(event.subjectId)))).map((event) => ({
    id: event.id,
    action: event.action,
    at: event.at,
    who: event.actorName ?? "Accord",
    stateCode: event.actorStateCode,
    stateName: event.actorStateCode ? countryName(event.actorStateCode) : null,
    ...describeActivity(event, parseDetails(event.details), base, numbers),
  }));
}

/** The steps that changed the text, by whom: what a comparison of two versions can attribute. */
const TEXT_CHANGING = /^(amendment\.accepted|bracket\.(added|changed|removed)|version\.restored)$/;

/**
 * The recorded steps that changed the text between two points of the timeline (event ids; `before`
 * omitted for "up to now"), oldest first. Edits typed in the live editor are merged into the document
 * and not attributed here once the log is compacted.
 */
export function textChangesBetween(
  instrument: { id: number; slug: string },
  viewer: AmendmentViewer,
  after: number,
  before?: number,
): ActivityEntry[] {
  return instrumentActivity(instrument, viewer, { after, before, limit: 500 })
    .filter((entry) => TEXT_CHANGING.test(entry.action))
    .reverse();
}
