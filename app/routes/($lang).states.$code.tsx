// A state's public page: where it stands in the initiative and since when, its pledges to every
// edition with their declarations and withdrawals (each event linked to its proof in the log), and
// its reports on the commitments. What a researcher cites about one state.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { langParam, localizedPath, translator, useT, type Lang } from "../i18n";
import { cachingHeaders, dataTag, publicPageHeaders } from "../lib/public-http.server";
import { listCommitments, reportHistory } from "../models/commitment.server";
import { countryName } from "../models/countries.server";
import { listEditions } from "../models/edition.server";
import { listInstruments } from "../models/instrument.server";
import { listParticipationHistory } from "../models/participation.server";
import { listPledges, type PublicPledge } from "../models/pledge.server";
import { getState } from "../models/state.server";
import { latestCheckpoint } from "../models/transparency-log.server";
import { PublicPageError } from "../public-site/page-error";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

/** The state's Atom feed in the page's language: a published file, served by its own resource route. */
const feedPath = (lang: Lang, code: string) => localizedPath(lang, `/states/${code}.atom`);

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.state.name} – Accord` },
        { tagName: "link", rel: "alternate", type: "application/atom+xml", href: data.feedPath, title: data.feedTitle },
      ]
    : [{ title: "Accord" }];

/** A pledge's events in log order, as the page lists them. */
function pledgeEvents(pledge: PublicPledge) {
  const events = [
    { type: "pledge" as const, logIndex: pledge.logIndex, effectiveDate: pledge.effectiveDate, text: null },
    ...pledge.declarations.map((declaration) => ({ type: "declaration" as const, logIndex: declaration.logIndex, effectiveDate: null, text: declaration.text })),
    ...(pledge.withdrawal
      ? [{ type: "withdrawal" as const, logIndex: pledge.withdrawal.logIndex, effectiveDate: pledge.withdrawal.effectiveDate, text: pledge.withdrawal.reason }]
      : []),
  ];
  return events.sort((a, b) => a.logIndex - b.logIndex);
}

/**
 * The state's reports, per edition and commitment it reported on: the current report (filed last) and
 * how many it replaced.
 */
function commitmentReports(code: string) {
  return listInstruments()
    .flatMap((instrument) => listEditions(instrument.id))
    .map((edition) => ({
      edition: { slug: edition.slug, title: edition.title },
      commitments: listCommitments(edition.id).flatMap((commitment) => {
        const [latest, ...earlier] = reportHistory(commitment.id, code);
        if (!latest) return [];
        const { status, reportDate, narrative, evidenceLinks } = latest;
        return [{ number: commitment.number, title: commitment.title, latest: { status, reportDate, narrative, evidenceLinks }, earlier: earlier.length }];
      }),
    }))
    .filter((edition) => edition.commitments.length > 0);
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const { t } = translator(lang);
  const code = params.code ?? "";
  const row = /^[A-Z]{2}$/.test(code) ? getState(code) : undefined;
  if (!row) throw json({ message: t("states.notFound") }, { status: 404 });
  const name = countryName(code, lang) ?? row.name;
  const data = {
    state: { code, name },
    feedTitle: t("states.feed.title", { state: name }),
    feedPath: feedPath(lang, code),
    // The history is kept newest first; a reader follows it from the start.
    participation: listParticipationHistory(code)
      .reverse()
      .map(({ id, status, effectiveDate, sourceNote }) => ({ id, status, effectiveDate, sourceNote })),
    pledges: listPledges({ stateCode: code }).map((pledge) => ({
      id: pledge.id,
      edition: { slug: pledge.edition.slug, title: pledge.edition.title },
      kind: pledge.kind,
      channel: pledge.channel,
      effectiveDate: pledge.effectiveDate,
      withdrawnOn: pledge.withdrawal?.effectiveDate ?? null,
      events: pledgeEvents(pledge),
    })),
    reports: commitmentReports(code),
    treeSize: latestCheckpoint().treeSize,
  };
  // Participation records and reports are not in the log, so the tag is made from what the page shows.
  const headers = await publicPageHeaders(request, dataTag(`state-${lang}`, data), "overview");
  return json(data, { headers });
}

export const headers = cachingHeaders;

/** Catches the 304 the loader throws (so that its caching headers are the answer's) and the 404. */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "states.notFound" }}
      unavailable={{ title: "states.unavailable" }}
      next={{ path: "/pledges", label: "states.toPledges" }}
    />
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function ParticipationHistory({ records }: { records: Data["participation"] }) {
  const { t, date } = useT();
  if (records.length === 0) return <p>{t("states.participation.none")}</p>;
  return (
    // Focusable and named, so that keyboard and screen reader users can scroll the table sideways on a phone.
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="states-participation-caption">
      <table>
        <caption id="states-participation-caption">{t("states.participation.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("states.participation.date")}</th>
            <th scope="col">{t("states.participation.status")}</th>
            <th scope="col">{t("states.participation.source")}</th>
          </tr>
        </thead>
        <tbody>
          {records.map((record) => (
            <tr key={record.id}>
              <th scope="row">
                <time dateTime={record.effectiveDate}>{date(record.effectiveDate)}</time>
              </th>
              <td>{t(`states.status.${record.status}`)}</td>
              <td>{record.sourceNote || "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PledgeCard({ pledge, treeSize }: { pledge: Data["pledges"][number]; treeSize: number }) {
  const { t, date, lang } = useT();
  return (
    <li className="card">
      <h3>
        {pledge.edition.title}: {t(`pledges.kind.${pledge.kind}`)}
      </h3>
      <dl className="summary-list">
        <dt>{t("states.pledge.effective")}</dt>
        <dd>
          <time dateTime={pledge.effectiveDate}>{date(pledge.effectiveDate)}</time>
        </dd>
        <dt>{t("states.pledge.status")}</dt>
        <dd>
          {pledge.withdrawnOn
            ? t("pledges.status.withdrawnOn", { withdrawn: date(pledge.withdrawnOn), pledged: date(pledge.effectiveDate) })
            : t("pledges.status.activeSince", { date: date(pledge.effectiveDate) })}
        </dd>
        <dt>{t("states.pledge.channel")}</dt>
        <dd>{t(`pledges.channel.${pledge.channel}`)}</dd>
      </dl>
      <h4>{t("states.pledge.events")}</h4>
      <ol className="plain-list">
        {pledge.events.map((event) => (
          <li key={event.logIndex}>
            <p>
              <strong>{t(`pledges.event.${event.type === "pledge" ? pledge.kind : event.type}`)}</strong>
              {event.effectiveDate ? <> — {t("states.event.effective", { date: date(event.effectiveDate) })}</> : null}
              {" · "}
              <a href={`/log/proof/inclusion?index=${event.logIndex}&size=${treeSize}`}>{t("states.event.logEntry", { index: event.logIndex })}</a>
            </p>
            {event.text ? <blockquote className="declaration">{event.text}</blockquote> : null}
          </li>
        ))}
      </ol>
      <p>
        <Link to={localizedPath(lang, `/pledges/${pledge.id}`)}>{t("pledges.pledgeLink", { id: pledge.id })}</Link>
        {" · "}
        <a href={`/pledges/${pledge.id}/proof.json`} download>
          {t("states.pledge.bundle")}
        </a>
      </p>
    </li>
  );
}

function Reports({ editions }: { editions: Data["reports"] }) {
  const { t, date } = useT();
  if (editions.length === 0) return <p>{t("states.reports.none")}</p>;
  return (
    <>
      {editions.map((edition) => (
        <section key={edition.edition.slug} aria-labelledby={`reports-${edition.edition.slug}`}>
          <h3 id={`reports-${edition.edition.slug}`}>{edition.edition.title}</h3>
          <ul className="plain-list state-reports">
            {edition.commitments.map((commitment) => (
              <li key={commitment.number} className="card">
                <h4>{t("states.reports.commitment", { number: commitment.number, title: commitment.title })}</h4>
                <p>
                  {t(`states.report.${commitment.latest.status}`)} —{" "}
                  {t("states.reports.date", { date: date(commitment.latest.reportDate) })}
                </p>
                <p className="declaration">{commitment.latest.narrative}</p>
                {commitment.latest.evidenceLinks.length ? (
                  <>
                    <p>{t("states.reports.evidence")}</p>
                    <ul>
                      {commitment.latest.evidenceLinks.map((link) => (
                        <li key={link}>
                          <a href={link}>{link}</a>
                        </li>
                      ))}
                    </ul>
                  </>
                ) : null}
                {commitment.earlier ? <p>{t("states.reports.earlier", { count: commitment.earlier })}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

export default function StatePage() {
  const { state, participation, pledges, reports, treeSize } = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <>
      <nav className="breadcrumbs" aria-label={t("pledges.breadcrumbs")}>
        <ol>
          <li>
            <Link to={localizedPath(lang, "/pledges")}>{t("pledges.title")}</Link>
          </li>
          <li aria-current="page">{state.name}</li>
        </ol>
      </nav>
      <h1>
        {state.name} <span className="state-code">({state.code})</span>
      </h1>
      <p>
        <a href={feedPath(lang, state.code)} type="application/atom+xml">
          {t("states.feed.link")}
        </a>
      </p>

      <h2>{t("states.participation.title")}</h2>
      <ParticipationHistory records={participation} />

      <h2>{t("states.pledges.title")}</h2>
      {pledges.length ? (
        <ul className="plain-list state-pledges">
          {pledges.map((pledge) => (
            <PledgeCard key={pledge.id} pledge={pledge} treeSize={treeSize} />
          ))}
        </ul>
      ) : (
        <p>{t("states.pledges.none")}</p>
      )}

      <h2>{t("states.reports.title")}</h2>
      <Reports editions={reports} />
    </>
  );
}
