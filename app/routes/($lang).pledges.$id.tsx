// One pledge, publicly: its facts, each of its events with the log entry that records it, and how to
// check the record without trusting Accord.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { langParam, localizedPath, translator, useT } from "../i18n";
import { cachingHeaders, publicPageHeaders, publicTag } from "../lib/public-http.server";
import { parsePledgeId } from "../lib/pledges";
import { countryName } from "../models/countries.server";
import { getPledge, type PublicPledge } from "../models/pledge.server";
import { latestCheckpoint } from "../models/transparency-log.server";
import { PublicPageError } from "../public-site/page-error";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.title} – Accord` : "Accord" }];

/** One event of a pledge as its log entry attests it; dates stay ISO for the page to format. */
type PledgeEvent =
  | { type: "pledge"; kind: PublicPledge["kind"]; logIndex: number; effectiveDate: string; recordedAt: string }
  | { type: "declaration"; logIndex: number; recordedAt: string; text: string; digest: string }
  | { type: "withdrawal"; logIndex: number; effectiveDate: string; recordedAt: string; reason: string };

/** The pledge's events in log order. */
function eventsOf(pledge: PublicPledge): PledgeEvent[] {
  const events: PledgeEvent[] = [
    { type: "pledge", kind: pledge.kind, logIndex: pledge.logIndex, effectiveDate: pledge.effectiveDate, recordedAt: pledge.recordedAt.toISOString() },
    ...pledge.declarations.map((declaration) => ({
      type: "declaration" as const,
      logIndex: declaration.logIndex,
      recordedAt: declaration.recordedAt.toISOString(),
      text: declaration.text,
      digest: declaration.digest,
    })),
  ];
  const { withdrawal } = pledge;
  if (withdrawal) {
    events.push({
      type: "withdrawal",
      logIndex: withdrawal.logIndex,
      effectiveDate: withdrawal.effectiveDate,
      recordedAt: withdrawal.recordedAt.toISOString(),
      reason: withdrawal.reason,
    });
  }
  return events.sort((a, b) => a.logIndex - b.logIndex);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const { t } = translator(lang);
  const id = parsePledgeId(params.id);
  const pledge = id === null ? undefined : getPledge(id);
  if (!pledge) throw json({ message: t("pledges.one.notFound") }, { status: 404 });
  const state = { code: pledge.state.code, name: countryName(pledge.state.code, lang) ?? pledge.state.name };
  // Every event of a pledge is a log entry, and its proof links name the log's size.
  const headers = await publicPageHeaders(request, publicTag(`pledge-${pledge.id}`, [lang]), "overview");
  const data = {
    title: t("pledges.one.title", { id: pledge.id, state: state.name }),
    pledge: {
      id: pledge.id,
      state,
      kind: pledge.kind,
      channel: pledge.channel,
      effectiveDate: pledge.effectiveDate,
      withdrawnOn: pledge.withdrawal?.effectiveDate ?? null,
      edition: { title: pledge.edition.title, slug: pledge.edition.slug, digest: pledge.edition.digest },
    },
    events: eventsOf(pledge),
    treeSize: latestCheckpoint().treeSize,
  };
  return json(data, { headers });
}

export const headers = cachingHeaders;

/** Catches the 304 the loader throws (so that its caching headers are the answer's) and the 404. */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "pledges.one.notFound" }}
      unavailable={{ title: "pledges.unavailable" }}
      next={{ path: "/pledges", label: "states.toPledges" }}
    />
  );
}

function EventCard({ event, treeSize }: { event: PledgeEvent; treeSize: number }) {
  const { t, date, instant } = useT();
  const recorded = instant(event.recordedAt);
  return (
    <li className="card">
      {event.type === "pledge" ? (
        <>
          <h3>{t(`pledges.event.${event.kind}`)}</h3>
          <p>{t("pledges.event.effectiveRecorded", { effective: date(event.effectiveDate), recorded })}</p>
        </>
      ) : null}
      {event.type === "declaration" ? (
        <>
          <h3>{t("pledges.event.declaration")}</h3>
          <p>{t("pledges.event.recorded", { recorded })}</p>
          <blockquote className="declaration">{event.text}</blockquote>
          <p>
            {t("pledges.event.declarationDigest")} <code className="digest">{event.digest}</code>
          </p>
        </>
      ) : null}
      {event.type === "withdrawal" ? (
        <>
          <h3>{t("pledges.event.withdrawal")}</h3>
          <p>{t("pledges.event.effectiveRecorded", { effective: date(event.effectiveDate), recorded })}</p>
          <blockquote className="declaration">{event.reason}</blockquote>
        </>
      ) : null}
      <p>
        {t("pledges.event.logEntry", { index: event.logIndex })}{" "}
        <a href={`/log/proof/inclusion?index=${event.logIndex}&size=${treeSize}`}>{t("pledges.event.proofLink", { size: treeSize })}</a>
      </p>
    </li>
  );
}

export default function PledgePage() {
  const { title, pledge, events, treeSize } = useLoaderData<typeof loader>();
  const { t, date, lang } = useT();
  const bundle = `/pledges/${pledge.id}/proof.json`;
  return (
    <>
      <nav className="breadcrumbs" aria-label={t("pledges.breadcrumbs")}>
        <ol>
          <li>
            <Link to={localizedPath(lang, "/pledges")}>{t("pledges.title")}</Link>
          </li>
          <li aria-current="page">{t("pledges.pledgeLink", { id: pledge.id })}</li>
        </ol>
      </nav>
      <h1>{title}</h1>
      <dl className="summary-list">
        <dt>{t("pledges.one.state")}</dt>
        <dd>
          <Link to={localizedPath(lang, `/states/${pledge.state.code}`)}>{pledge.state.name}</Link> (<code>{pledge.state.code}</code>)
        </dd>
        <dt>{t("pledges.one.kind")}</dt>
        <dd>{t(`pledges.kind.${pledge.kind}`)}</dd>
        <dt>{t("pledges.one.status")}</dt>
        <dd>
          {pledge.withdrawnOn
            ? t("pledges.status.withdrawnOn", { withdrawn: date(pledge.withdrawnOn), pledged: date(pledge.effectiveDate) })
            : t("pledges.status.activeSince", { date: date(pledge.effectiveDate) })}
        </dd>
        <dt>{t("pledges.one.edition")}</dt>
        <dd>
          {pledge.edition.title} (<code>{pledge.edition.slug}</code>)
        </dd>
        <dt>{t("pledges.one.editionDigest")}</dt>
        <dd>
          <code className="digest">{pledge.edition.digest}</code>
        </dd>
        <dt>{t("pledges.one.channel")}</dt>
        <dd>{t(`pledges.channel.${pledge.channel}`)}</dd>
      </dl>

      <h2>{t("pledges.one.events")}</h2>
      <ol className="plain-list pledge-events">
        {events.map((event) => (
          <EventCard key={event.logIndex} event={event} treeSize={treeSize} />
        ))}
      </ol>

      <h2>{t("pledges.one.check")}</h2>
      <p>
        <a href={bundle} download>
          {t("pledges.one.bundle")}
        </a>{" "}
        {t("pledges.one.bundleContents")}
      </p>
      <p>
        {t("pledges.one.verifyRun")} <code>npm run verify-log -- --bundle accord-pledge-{pledge.id}-proof.json</code>{" "}
        {t("pledges.one.verifyWhat")} <a href="/log/key">/log/key</a>. {t("pledges.one.verifyLog")}{" "}
        <Link to={localizedPath(lang, "/log")}>/log</Link>.
      </p>
    </>
  );
}
