// The Atom feeds (RFC 4287, with the `feed` library): /pledges.atom and /states/<code>.atom in
// English, /fr/pledges.atom and /fr/states/<code>.atom in French. One entry per pledge event — the
// pledge, each declaration, the withdrawal — newest first, each with the id of a tag URI (RFC 4151)
// that never changes: `tag:<host>,2023:pledge/17`, `tag:<host>,2023:pledge/17/declaration/<log index>`,
// `tag:<host>,2023:pledge/17/withdrawal`. An entry's id names the event, not the text about it, so it
// is the same in every language, as are its dates, digests and proof link; the title, the facts'
// wording, the country name and the link to the pledge's page are in the feed's language.
// `updated` is the time the event was recorded, so the same facts always give the same bytes.
import { Feed } from "feed";
import { localizedPath, translator, type Lang, type MessageId, type Translator } from "../i18n";
import { countryName } from "../models/countries.server";
import type { PledgeRecord } from "./pledge-record";

/** The year in every tag URI: when Accord first held these names. Never change it. */
const TAG_YEAR = 2023;
/** A feed without any event yet still needs an `updated`; this one keeps its bytes stable. */
const NO_EVENT_UPDATED = new Date(Date.UTC(TAG_YEAR, 0, 1));

export const ATOM_CONTENT_TYPE = "application/atom+xml; charset=utf-8";

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

/** The event's id: the same in every language's feed. */
export function eventId(origin: string, event: PledgeEvent): string {
  const pledge = `pledge/${event.record.id}`;
  if (event.kind === "pledge") return tagUri(origin, pledge);
  if (event.kind === "declaration") return tagUri(origin, `${pledge}/declaration/${event.logIndex}`);
  return tagUri(origin, `${pledge}/withdrawal`);
}

/** The state's name in `lang` (the record carries the English one). */
export function stateName(state: { code: string; name: string }, lang: Lang): string {
  return countryName(state.code, lang) ?? state.name;
}

/** "Norway subscribed to Code of Conduct, first edition", "Norvège : souscription à « … »", and the like. */
export function eventTitle({ kind, record }: PledgeEvent, { t, lang }: Translator): string {
  return t(`feeds.event.${kind}.${record.kind}`, { state: stateName(record.state, lang), edition: record.edition.title });
}

/** An absolute URL of a page, in `lang`: `https://…/pledges/17` becomes `https://…/fr/pledges/17`. */
export function localizedUrl(url: string, lang: Lang): string {
  const localized = new URL(url);
  localized.pathname = localizedPath(lang, localized.pathname);
  return localized.href;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Fact {
  term: MessageId;
  text: string;
  /** The exact value of a date or instant the text writes for people. */
  datetime?: string;
}

/** What the event itself says: a declaration's text or a withdrawal's reason, in the state's own words. */
function statedFacts({ kind, text }: PledgeEvent): Fact[] {
  if (!text || kind === "pledge") return [];
  return [{ term: kind === "declaration" ? "feeds.fact.declaration" : "feeds.fact.reason", text }];
}

function eventFacts(event: PledgeEvent, { t, date, instant, lang }: Translator): Fact[] {
  const { record, effectiveDate } = event;
  const effective: Fact[] = effectiveDate ? [{ term: "feeds.fact.effectiveDate", text: date(effectiveDate), datetime: effectiveDate }] : [];
  return [
    { term: "feeds.fact.state", text: `${stateName(record.state, lang)} (${record.state.code})` },
    { term: "feeds.fact.edition", text: `${record.edition.title} (${record.edition.slug})` },
    { term: "feeds.fact.digest", text: record.edition.digest },
    { term: "feeds.fact.pledge", text: `${t(`feeds.kind.${record.kind}`)}, ${t(`feeds.status.${record.status}`)}` },
    ...effective,
    ...statedFacts(event),
    { term: "feeds.fact.recordedAt", text: instant(event.recordedAt), datetime: event.recordedAt },
    { term: "feeds.fact.channel", text: t(`feeds.channel.${record.channel}`) },
    // Ids are written as they are, never as a localised number ("1 234").
    { term: "feeds.fact.logEntry", text: String(event.logIndex) },
    { term: "feeds.fact.proofBundle", text: record.proofUrl },
  ];
}

/**
 * The event's facts, as an HTML definition list (the entry's content), worded in the translator's
 * language; dates are written for people, with their exact value in `<time datetime>`.
 */
export function eventContent(event: PledgeEvent, translation: Translator): string {
  const items = eventFacts(event, translation).map(({ term, text, datetime }) => {
    const value = escapeHtml(text).replace(/\n/g, "<br>");
    const shown = datetime ? `<time datetime="${escapeHtml(datetime)}">${value}</time>` : value;
    return `<dt>${escapeHtml(translation.t(term))}</dt><dd>${shown}</dd>`;
  });
  return `<dl>${items.join("")}</dl>`;
}

const FEED_OPENING = '<feed xmlns="http://www.w3.org/2005/Atom">';

/** The feed element with its language: the library writes `language` into RSS only, never into Atom. */
function withLanguage(xml: string, lang: Lang): string {
  if (!xml.includes(FEED_OPENING)) {
    throw new Error(`The feed library no longer opens an Atom feed with ${FEED_OPENING}; give the feed its xml:lang another way.`);
  }
  return xml.replace(FEED_OPENING, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}">`);
}

export interface FeedDescription {
  /** Public origin, e.g. "https://accord.example": ids and links are written with it. */
  origin: string;
  lang: Lang;
  /**
   * The page the feed follows, without a language prefix ("/pledges", "/states/NO"). In `lang`, that
   * page's address followed by ".atom" is the feed's own address, and names the feed in its tag URI
   * ("pledges", "fr/pledges"): the French feed is another document than the English one.
   */
  page: string;
  title: string;
}

export function pledgeFeed({ origin, lang, page, title }: FeedDescription, records: readonly PledgeRecord[]): string {
  const translation = translator(lang);
  const address = localizedPath(lang, page);
  const events = pledgeEvents(records);
  const latest = events[0];
  const feed = new Feed({
    id: tagUri(origin, address.slice(1)),
    title,
    updated: latest ? new Date(latest.recordedAt) : NO_EVENT_UPDATED,
    link: new URL(address, origin).href,
    feedLinks: { atom: new URL(`${address}.atom`, origin).href },
    author: { name: "Accord", link: origin },
    copyright: translation.t("feeds.rights"),
    generator: "Accord",
  });
  for (const event of events) {
    feed.addItem({
      id: eventId(origin, event),
      // The library declares the title as HTML, so names are escaped like the content.
      title: escapeHtml(eventTitle(event, translation)),
      link: localizedUrl(event.record.url, lang),
      date: new Date(event.recordedAt),
      content: eventContent(event, translation),
    });
  }
  return withLanguage(feed.atom1(), lang);
}
