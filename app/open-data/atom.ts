// The Atom feeds (RFC 4287, with the `feed` library): /pledges.atom and /states/<code>.atom. One
// entry per pledge event — the pledge, each declaration, the withdrawal — newest first, each with
// the id of a tag URI (RFC 4151) that never changes: `tag:<host>,2023:pledge/17`,
// `tag:<host>,2023:pledge/17/declaration/<log index>`, `tag:<host>,2023:pledge/17/withdrawal`.
// `updated` is the time the event was recorded, so the same facts always give the same bytes.
import { Feed } from "feed";
import type { PledgeRecord } from "./pledge-record";

/** The year in every tag URI: when Accord first held these names. Never change it. */
const TAG_YEAR = 2023;
/** A feed without any event yet still needs an `updated`; this one keeps its bytes stable. */
const NO_EVENT_UPDATED = new Date(Date.UTC(TAG_YEAR, 0, 1));

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";
export const DATA_RIGHTS =
  "Pledge data: public records of states' official acts, compiled by Accord and published under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).";

export type PledgeEventKind = "pledge" | "declaration" | "withdrawal";

export interface PledgeEvent {
  kind: PledgeEventKind;
  record: PledgeRecord;
  recordedAt: string;
  logIndex: number;
  /** The declaration's text, or the withdrawal's reason. */
  text: string | null;
  /** The date on paper: the pledge's or the withdrawal's effective date (declarations carry none). */
  effectiveDate: string | null;
}

function withdrawalEvent(record: PledgeRecord, withdrawal: NonNullable<PledgeRecord["withdrawal"]>): PledgeEvent {
  const { recordedAt, logIndex, reason, effectiveDate } = withdrawal;
  return { kind: "withdrawal", record, recordedAt, logIndex, text: reason, effectiveDate };
}

/** Every event of the records, newest first (log order is recording order). */
export function pledgeEvents(records: readonly PledgeRecord[]): PledgeEvent[] {
  const events = records.flatMap((record): PledgeEvent[] => [
    { kind: "pledge", record, recordedAt: record.recordedAt, logIndex: record.logIndex, text: null, effectiveDate: record.effectiveDate },
    ...record.declarations.map((declaration): PledgeEvent => ({
      kind: "declaration",
      record,
      recordedAt: declaration.recordedAt,
      logIndex: declaration.logIndex,
      text: declaration.text,
      effectiveDate: null,
    })),
    ...(record.withdrawal ? [withdrawalEvent(record, record.withdrawal)] : []),
  ]);
  return events.sort((a, b) => b.logIndex - a.logIndex);
}

/** `tag:<host>,2023:<name>`: the host of the public origin, without its port (RFC 4151 names a domain). */
export function tagUri(origin: string, name: string): string {
  return `tag:${new URL(origin).hostname},${TAG_YEAR}:${name}`;
}

export function eventId(origin: string, event: PledgeEvent): string {
  const pledge = `pledge/${event.record.id}`;
  if (event.kind === "pledge") return tagUri(origin, pledge);
  if (event.kind === "declaration") return tagUri(origin, `${pledge}/declaration/${event.logIndex}`);
  return tagUri(origin, `${pledge}/withdrawal`);
}

const PLEDGED = { subscription: "subscribed to", endorsement: "endorsed" } as const;
const PLEDGE_NOUN = { subscription: "subscription to", endorsement: "endorsement of" } as const;

/** "Norway subscribed to Code of Conduct, first edition", and the like for the other events. */
export function eventTitle({ kind, record }: PledgeEvent): string {
  const { state, edition } = record;
  if (kind === "pledge") return `${state.name} ${PLEDGED[record.kind]} ${edition.title}`;
  if (kind === "declaration") return `${state.name} made a declaration on its ${PLEDGE_NOUN[record.kind]} ${edition.title}`;
  return `${state.name} withdrew its ${PLEDGE_NOUN[record.kind]} ${edition.title}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The event's facts, as an HTML definition list (the entry's content). */
export function eventContent(event: PledgeEvent): string {
  const { record } = event;
  const facts: [string, string][] = [
    ["State", `${record.state.name} (${record.state.code})`],
    ["Edition", `${record.edition.title} (${record.edition.slug})`],
    ["Text digest (SHA-256)", record.edition.digest],
    ["Pledge", `${record.kind}, ${record.status}`],
    ...(event.effectiveDate ? [["Effective date", event.effectiveDate] as [string, string]] : []),
    ...(event.kind === "declaration" && event.text ? [["Declaration", event.text] as [string, string]] : []),
    ...(event.kind === "withdrawal" && event.text ? [["Reason", event.text] as [string, string]] : []),
    ["Recorded at (UTC)", event.recordedAt],
    ["Channel", record.channel],
    ["Log entry", String(event.logIndex)],
    ["Proof bundle", record.proofUrl],
  ];
  const items = facts.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value).replace(/\n/g, "<br>")}</dd>`);
  return `<dl>${items.join("")}</dl>`;
}

export interface FeedDescription {
  /** Public origin, e.g. "https://accord.example": ids and links are written with it. */
  origin: string;
  /** The tag URI name of the feed ("pledges", "states/NO"). */
  name: string;
  title: string;
  /** The page the feed follows ("/pledges", "/states/NO") and the feed's own address. */
  page: string;
  self: string;
}

export function pledgeFeed(description: FeedDescription, records: readonly PledgeRecord[]): string {
  const { origin } = description;
  const events = pledgeEvents(records);
  const latest = events[0];
  const feed = new Feed({
    id: tagUri(origin, description.name),
    title: description.title,
    updated: latest ? new Date(latest.recordedAt) : NO_EVENT_UPDATED,
    link: new URL(description.page, origin).href,
    feedLinks: { atom: new URL(description.self, origin).href },
    author: { name: "Accord", link: origin },
    copyright: DATA_RIGHTS,
    generator: "Accord",
  });
  for (const event of events) {
    feed.addItem({
      id: eventId(origin, event),
      // The library declares the title as HTML, so names are escaped like the content.
      title: escapeHtml(eventTitle(event)),
      link: event.record.url,
      date: new Date(event.recordedAt),
      content: eventContent(event),
    });
  }
  return feed.atom1();
}
