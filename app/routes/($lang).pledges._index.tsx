// The public pledge list: every state's pledge to every adopted edition, withdrawn ones included with
// both dates, as a depositary's status list gives them, filtered, searched and sorted through one GET
// form (the address of a filtered list can be cited). Anyone can compare it with the log.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { LANGS, langParam, localizedPath, translator, useT, type Lang, type MessageId } from "../i18n";
import { today } from "../lib/clock.server";
import { cachingHeaders, publicPageHeaders, publicTag } from "../lib/public-http.server";
import { countryName } from "../models/countries.server";
import { listEditions } from "../models/edition.server";
import { listInstruments } from "../models/instrument.server";
import { listPledges, type PublicPledge } from "../models/pledge.server";
import {
  ariaSort,
  countPledges,
  filterQuery,
  parsePledgeFilter,
  PLEDGE_KINDS,
  PLEDGE_SORTS,
  PLEDGE_STATUSES,
  REGIONS,
  SEARCH_MAX,
  selectPledges,
  sortForColumn,
  type FilterField,
  type FilterValues,
  type MapPledge,
  type PledgeFilter,
} from "../public-site/pledge-filters";
import { PledgeMap, type PledgeMapLabels } from "../public-site/pledge-map";
import { PublicPageError } from "../public-site/page-error";
import { PledgeTimeline, type PledgeTimelineLabels } from "../public-site/pledge-timeline";
import { regionOf } from "../public-site/regions";
import { mapGeometryFor } from "../public-site/world-geometry.server";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.title} – Accord` },
        // The feed in the page's language: a published file, served by its own resource route.
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          href: localizedPath(data.lang, "/pledges.atom"),
          title: translator(data.lang).t("feeds.pledges.title"),
        },
      ]
    : [{ title: "Accord" }];

/** Every adopted edition of every instrument, the choices of the edition filter. */
function adoptedEditions(): { slug: string; title: string }[] {
  return listInstruments().flatMap((instrument) => listEditions(instrument.id).map(({ slug, title }) => ({ slug, title })));
}

/** What the filters need of a pledge: its state's names in both languages and its region. */
function filterable(pledge: PublicPledge, lang: Lang) {
  const code = pledge.state.code;
  const names = LANGS.map((locale) => countryName(code, locale) ?? pledge.state.name);
  return {
    id: pledge.id,
    stateCode: code,
    stateName: countryName(code, lang) ?? pledge.state.name,
    stateNames: names,
    region: regionOf(code),
    kind: pledge.kind,
    status: pledge.status,
    editionSlug: pledge.edition.slug,
    editionTitle: pledge.edition.title,
    effectiveDate: pledge.effectiveDate,
    withdrawnOn: pledge.withdrawal?.effectiveDate ?? null,
    declarations: pledge.declarations.map((declaration) => declaration.text),
  };
}

/** A value the list cannot filter by, said for the reader. */
interface ShownProblem {
  field: FilterField;
  message: string;
}

/** What each field accepts, for the message of a value it does not. */
function allowedValues(field: FilterField, editions: { slug: string }[]): string {
  const quoted = (values: readonly string[]) => values.map((value) => `“${value}”`).join(", ");
  switch (field) {
    case "kind":
      return quoted(PLEDGE_KINDS);
    case "status":
      return quoted(PLEDGE_STATUSES);
    case "region":
      return quoted(REGIONS);
    case "edition":
      return quoted(editions.map((edition) => edition.slug));
    case "sort":
      return quoted(PLEDGE_SORTS);
    default:
      return "";
  }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const url = new URL(request.url);
  url.searchParams.sort();
  // One version per language and query at each log size, and per day: the timeline runs to today.
  const headers = await publicPageHeaders(request, publicTag("pledges", [lang, today(), url.search]), "overview");

  const { t } = translator(lang);
  const editions = adoptedEditions();
  const parsed = parsePledgeFilter(url.searchParams, editions.map((edition) => edition.slug));
  const page = { lang, title: t("pledges.title"), editions, values: parsed.values };
  if (!parsed.ok) {
    const problems: ShownProblem[] = parsed.problems.map(({ field, value }) => ({
      field,
      message: t(`pledges.problem.${field}` as MessageId, { value, allowed: allowedValues(field, editions) }),
    }));
    return json({ ...page, problems, listing: null }, { status: 400, headers });
  }
  const pledges = selectPledges(
    listPledges().map((pledge) => filterable(pledge, lang)),
    parsed.filter,
    lang,
  );
  const mapPledges: MapPledge[] = pledges.map(({ stateCode, stateName, kind, status, effectiveDate, withdrawnOn }) => ({
    stateCode,
    stateName,
    kind,
    status,
    effectiveDate,
    withdrawnOn,
  }));
  const problems: ShownProblem[] = [];
  const charts = { pledges: mapPledges, geometry: mapGeometryFor(new Set(mapPledges.map((pledge) => pledge.stateCode))), asOf: today() };
  return json({ ...page, problems, listing: { filter: parsed.filter, counts: countPledges(pledges), pledges, charts } }, { headers });
}

// The page's caching headers, also on the 304 the loader throws (caught by this route's boundary).
export const headers = cachingHeaders;

/** Shown in the layout when the list cannot be; a 304 has no body, so it is never seen then. */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "errors.notFound.title", text: "errors.notFound.text", next: { path: "/pledges", label: "states.toPledges" } }}
      unavailable={{ title: "pledges.title", text: "pledges.unavailable" }}
    />
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Problems = LoaderData["problems"];

const fieldId = (field: FilterField) => `filter-${field}`;

/** A labelled control of the filter form, with its problem (if any) said beside it. */
function FilterControl({ field, label, problems, children }: { field: FilterField; label: string; problems: Problems; children: (aria: object) => ReactNode }) {
  const { t } = useT();
  const problem = problems.find((candidate) => candidate.field === field);
  const id = fieldId(field);
  return (
    <div className={`field${problem ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {problem ? (
        <span className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t("pledges.problem.prefix")} </span>
          {problem.message}
        </span>
      ) : null}
      {children({ id, name: field, "aria-describedby": problem ? `${id}-error` : undefined, "aria-invalid": problem ? true : undefined })}
    </div>
  );
}

function Choices({ any, options }: { any: string; options: readonly { value: string; label: string }[] }) {
  return (
    <>
      <option value="">{any}</option>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </>
  );
}

function FilterForm({ values, problems, editions }: { values: FilterValues; problems: Problems; editions: LoaderData["editions"] }) {
  // A list that could not be filtered has no "Clear the filters" link above it: the form offers one.
  const clearHere = problems.length > 0;
  const { t, lang } = useT();
  const select = (field: FilterField, options: readonly { value: string; label: string }[]) => (
    <FilterControl field={field} label={t(`pledges.filter.${field}` as MessageId)} problems={problems}>
      {(aria) => (
        <select {...aria} defaultValue={values[field]}>
          <Choices any={t("pledges.filter.any")} options={options} />
        </select>
      )}
    </FilterControl>
  );
  const date = (field: "from" | "to") => (
    <FilterControl field={field} label={t(`pledges.filter.${field}`)} problems={problems}>
      {(aria) => <input {...aria} type="date" defaultValue={values[field]} />}
    </FilterControl>
  );
  return (
    <form method="get" action={localizedPath(lang, "/pledges")} className="pledge-filters" aria-labelledby="pledge-filters-title">
      <h2 id="pledge-filters-title">{t("pledges.filter.title")}</h2>
      <FilterControl field="q" label={t("pledges.filter.q")} problems={problems}>
        {(aria) => <input {...aria} type="search" maxLength={SEARCH_MAX} defaultValue={values.q} />}
      </FilterControl>
      <div className="pledge-filters__grid">
        {select("kind", PLEDGE_KINDS.map((kind) => ({ value: kind, label: t(`pledges.kind.${kind}`) })))}
        {select("status", PLEDGE_STATUSES.map((status) => ({ value: status, label: t(`pledges.status.${status}`) })))}
        {select("region", REGIONS.map((region) => ({ value: region, label: t(`pledges.region.${region}`) })))}
        {select("edition", editions.map((edition) => ({ value: edition.slug, label: edition.title })))}
        {date("from")}
        {date("to")}
        <FilterControl field="sort" label={t("pledges.filter.sort")} problems={problems}>
          {(aria) => (
            <select {...aria} defaultValue={values.sort || "date"}>
              {PLEDGE_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`pledges.sort.${sort}`)}
                </option>
              ))}
            </select>
          )}
        </FilterControl>
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {t("pledges.filter.apply")}
        </button>
        {clearHere ? <Link to={localizedPath(lang, "/pledges")}>{t("pledges.filter.clear")}</Link> : null}
      </div>
    </form>
  );
}

function ProblemSummary({ problems }: { problems: Problems }) {
  const { t } = useT();
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{t("pledges.problem.title")}</h2>
      <ul>
        {problems.map((problem) => (
          <li key={problem.field}>
            <a href={`#${fieldId(problem.field)}`}>{problem.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A column header that sorts the list by its column, keeping the filters. */
function SortHeader({ column, filter, children }: { column: "date" | "state"; filter: PledgeFilter; children: string }) {
  const { t, lang } = useT();
  const next = sortForColumn(column, filter.sort);
  return (
    <th scope="col" aria-sort={ariaSort(column, filter.sort)}>
      <Link to={`${localizedPath(lang, "/pledges")}${filterQuery(filter, { sort: next })}`}>
        {children}
        <span className="visually-hidden"> ({t(`pledges.sort.${next}`)})</span>
      </Link>
    </th>
  );
}

type Listing = NonNullable<LoaderData["listing"]>;

function PledgeTable({ listing }: { listing: Listing }) {
  const { t, date, lang } = useT();
  const { filter, pledges } = listing;
  if (pledges.length === 0) return <p>{t("pledges.none")}</p>;
  return (
    // Focusable and named, so that keyboard and screen reader users can scroll the table sideways on a phone.
    <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="pledges-caption">
      <table>
        <caption id="pledges-caption">{t("pledges.caption")}</caption>
        <thead>
          <tr>
            <SortHeader column="state" filter={filter}>
              {t("pledges.column.state")}
            </SortHeader>
            <th scope="col">{t("pledges.column.kind")}</th>
            <th scope="col">{t("pledges.column.edition")}</th>
            <SortHeader column="date" filter={filter}>
              {t("pledges.column.effectiveDate")}
            </SortHeader>
            <th scope="col">{t("pledges.column.declaration")}</th>
            <th scope="col">{t("pledges.column.status")}</th>
            <th scope="col">{t("pledges.column.record")}</th>
          </tr>
        </thead>
        <tbody>
          {pledges.map((pledge) => (
            <tr key={pledge.id}>
              <th scope="row">
                <Link to={localizedPath(lang, `/states/${pledge.stateCode}`)}>{pledge.stateName}</Link>
              </th>
              <td>{t(`pledges.kind.${pledge.kind}`)}</td>
              <td>{pledge.editionTitle}</td>
              <td>
                <time dateTime={pledge.effectiveDate}>{date(pledge.effectiveDate)}</time>
              </td>
              <td>
                {pledge.declarations.length
                  ? pledge.declarations.map((text, index) => (
                      <p key={index} className="declaration">
                        {text}
                      </p>
                    ))
                  : "—"}
              </td>
              <td>
                {pledge.withdrawnOn ? (
                  <span className="status status--withdrawn">
                    {t("pledges.status.withdrawnOn", { withdrawn: date(pledge.withdrawnOn), pledged: date(pledge.effectiveDate) })}
                  </span>
                ) : (
                  t("pledges.status.activeSince", { date: date(pledge.effectiveDate) })
                )}
              </td>
              <td>
                <Link to={localizedPath(lang, `/pledges/${pledge.id}`)}>
                  {t("pledges.pledgeLink", { id: pledge.id })}
                  <span className="visually-hidden"> ({pledge.stateName})</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The map's words in the page's language. */
function useMapLabels(): PledgeMapLabels {
  const { t } = useT();
  return {
    title: t("pledges.map.svgTitle"),
    description: t("pledges.map.description"),
    legend: t("pledges.map.legend"),
    categories: { subscription: t("pledges.map.subscription"), endorsement: t("pledges.map.endorsement"), withdrawn: t("pledges.map.withdrawn") },
    countryStatus: {
      subscription: (state, date) => t("pledges.map.subscribesSince", { state, date }),
      endorsement: (state, date) => t("pledges.map.endorsesSince", { state, date }),
      withdrawn: (state, date) => t("pledges.map.withdrewOn", { state, date }),
    },
    listSummary: t("pledges.map.listSummary"),
    none: t("pledges.map.none"),
  };
}

/** The timeline's words in the page's language. */
function useTimelineLabels(): PledgeTimelineLabels {
  const { t } = useT();
  return {
    title: t("pledges.timeline.svgTitle"),
    description: t("pledges.timeline.description"),
    series: { subscription: t("pledges.timeline.subscriptions"), endorsement: t("pledges.timeline.endorsements") },
    yAxis: t("pledges.timeline.yAxis"),
    tableSummary: t("pledges.timeline.tableSummary"),
    tableCaption: t("pledges.timeline.tableCaption"),
    columns: {
      date: t("pledges.timeline.column.date"),
      newSubscriptions: t("pledges.timeline.column.newSubscriptions"),
      newEndorsements: t("pledges.timeline.column.newEndorsements"),
      withdrawals: t("pledges.timeline.column.withdrawals"),
      totalActive: t("pledges.timeline.column.totalActive"),
    },
    empty: t("pledges.timeline.empty"),
  };
}

/** The listed pledges on a world map and over time, drawn on the server as SVG. */
function Charts({ charts }: { charts: Listing["charts"] }) {
  const { t, date, lang } = useT();
  return (
    <>
      <section aria-labelledby="pledge-map-title" className="pledge-chart">
        <h2 id="pledge-map-title">{t("pledges.map.title")}</h2>
        <PledgeMap
          pledges={charts.pledges}
          geometry={charts.geometry}
          hrefFor={(code) => localizedPath(lang, `/states/${code}`)}
          formatDate={date}
          lang={lang}
          labels={useMapLabels()}
        />
      </section>
      <section aria-labelledby="pledge-timeline-title" className="pledge-chart">
        <h2 id="pledge-timeline-title">{t("pledges.timeline.title")}</h2>
        <PledgeTimeline pledges={charts.pledges} asOf={charts.asOf} formatDate={date} labels={useTimelineLabels()} />
      </section>
    </>
  );
}

export default function PledgesPage() {
  const { title, values, problems, editions, listing } = useLoaderData<typeof loader>();
  const { t, lang } = useT();
  return (
    <>
      <h1>{title}</h1>
      <p>
        {t("pledges.intro.log")} <Link to="/log">{t("pledges.intro.logLink")}</Link>.{" "}
        {t("pledges.intro.data")} <a href="/pledges.json">{t("pledges.intro.dataLink")}</a>.
      </p>
      <p>
        <a href={localizedPath(lang, "/pledges.atom")} type="application/atom+xml">
          {t("feeds.pledges.link")}
        </a>
      </p>
      {problems.length ? <ProblemSummary problems={problems} /> : null}
      <FilterForm values={values} problems={problems} editions={editions} />
      {listing ? (
        <section aria-labelledby="pledge-list-title">
          <h2 id="pledge-list-title">{t("pledges.list.title")}</h2>
          <p className="lead">
            {t("pledges.counts", listing.counts)}
          </p>
          <p>
            <Link to={localizedPath(lang, "/pledges")}>{t("pledges.filter.clear")}</Link>
          </p>
          <PledgeTable listing={listing} />
        </section>
      ) : null}
      {listing ? <Charts charts={listing.charts} /> : null}
    </>
  );
}
