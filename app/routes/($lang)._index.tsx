// The public home page, in English at / and in French at /fr: what the initiative is, the text in force,
// the counts people cite (each defined in words and linked to the list it counts), and the latest
// pledge events. Signed-in people see the same page with a link to their dashboard.
import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { DEFAULT_LANG, langParam, localizedPath, negotiateLang, translator, useT, type Lang, type MessageId } from "../i18n";
import { cachingHeaders, dataTag, publicPageHeaders } from "../lib/public-http.server";
import { countryName } from "../models/countries.server";
import { currentEditions, latestPledgeEvents, publicCounts, type PledgeEvent, type PublicCounts } from "../public-site/overview.server";
import { PublicPageError } from "../public-site/page-error";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data, error }) =>
  data
    ? [{ title: data.meta.title }, { name: "description", content: data.meta.description }]
    : [{ title: isRouteErrorResponse(error) && error.status === 404 ? `${translator(DEFAULT_LANG).t("errors.notFound.title")} – Accord` : "Accord" }];

export const headers = cachingHeaders;

/**
 * A visitor who arrives at / from elsewhere (no Referer of ours) and whose browser prefers another of
 * our languages is sent to the home page in it. Someone who chose English with the switcher comes from
 * one of our pages, so their choice stands; every other address keeps the language it names.
 */
function preferredOtherLang(request: Request): Lang | null {
  const preferred = negotiateLang(request.headers.get("Accept-Language"));
  return preferred && preferred !== DEFAULT_LANG ? preferred : null;
}

function fromOurPages(request: Request): boolean {
  const referer = request.headers.get("Referer");
  return referer !== null && new URL(referer, request.url).origin === new URL(request.url).origin;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const preferred = params.lang === undefined ? preferredOtherLang(request) : null;
  if (preferred && !fromOurPages(request)) {
    throw redirect(localizedPath(preferred, "/"), { headers: { Vary: "Accept-Language, Referer", "Cache-Control": "private, no-cache" } });
  }
  const { t } = translator(lang);
  const principal = (await getSessionUser(request))?.principal ?? null;
  const data = {
    lang,
    meta: { title: t("home.meta.title"), description: t("home.meta.description") },
    signedIn: principal !== null,
    canAdminister: can(principal, "admin:view"),
    editions: currentEditions(),
    counts: publicCounts(),
    events: latestPledgeEvents().map((event) => ({ ...event, stateName: countryName(event.stateCode, lang) ?? event.stateName })),
  };
  // Counts change with participation statuses too, which the log does not carry: the tag is the data's own.
  // At / the answer depends on the browser's languages: it is shared per Accept-Language, except
  // when a reader whose browser prefers another language chose English on our pages (their choice).
  const negotiated = params.lang === undefined ? { vary: ["Accept-Language"], personal: preferred !== null } : {};
  return json(data, { headers: await publicPageHeaders(request, dataTag(`home-${lang}`, data), "overview", negotiated) });
}

type Data = Awaited<ReturnType<Awaited<ReturnType<typeof loader>>["json"]>>;

export default function Home() {
  const { lang, signedIn, canAdminister, editions, counts, events } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <>
      <h1>{t("home.title")}</h1>
      <p className="lead">{t("home.intro.what")}</p>
      <p>{t("home.intro.how")}</p>
      {signedIn ? (
        <p className="actions">
          <Link className="button" to="/dashboard">
            {t("home.dashboard")}
          </Link>
          {canAdminister ? (
            <Link className="button button--secondary" to="/admin">
              {t("home.admin")}
            </Link>
          ) : null}
        </p>
      ) : null}
      <CurrentText editions={editions} />
      <Counts counts={counts} />
      <LatestEvents events={events} />
      <section aria-labelledby="home-more">
        <h2 id="home-more">{t("home.more.title")}</h2>
        <ul>
          <li>
            <Link to={localizedPath(lang, "/pledges")}>{t("home.more.pledges")}</Link>: {t("home.more.pledgesWhat")}
          </li>
          <li>
            <Link to="/log">{t("home.more.log")}</Link>: {t("home.more.logWhat")}
          </li>
          <li>
            <Link to={localizedPath(lang, "/open-data")}>{t("home.more.openData")}</Link>: {t("home.more.openDataWhat")}
          </li>
        </ul>
      </section>
      {signedIn ? null : <p className="muted">{t("home.signInNote")}</p>}
    </>
  );
}

function CurrentText({ editions }: { editions: Data["editions"] }) {
  const { t, date, lang } = useT();
  return (
    <section aria-labelledby="home-text">
      <h2 id="home-text">{t("home.text.title")}</h2>
      {editions.length === 0 ? <p>{t("home.text.none")}</p> : null}
      {editions.map((edition) => (
        <div key={edition.slug} className="card home-edition">
          <h3>{edition.title}</h3>
          <dl className="summary-list">
            <dt>{t("home.text.adoptedOn")}</dt>
            <dd>
              <time dateTime={edition.adoptedOn}>{date(edition.adoptedOn)}</time>
            </dd>
            <dt>{t("home.text.edition")}</dt>
            <dd>{t("home.text.editionOf", { number: edition.number, instrument: edition.instrumentTitle })}</dd>
            <dt>{t("home.text.digest")}</dt>
            <dd>
              <code className="digest">{edition.digest}</code>
            </dd>
          </dl>
          <p className="actions">
            <Link className="button" to={localizedPath(lang, `/code/${edition.slug}`)}>
              {t("home.text.read", { title: edition.title })}
            </Link>
          </p>
        </div>
      ))}
    </section>
  );
}

// Each count names what it counts and links to the list it was counted from, so a reader can check it.
const COUNTS: { key: keyof PublicCounts; label: MessageId; definition: MessageId; link?: { label: MessageId; query: string } }[] = [
  {
    key: "subscribing",
    label: "home.counts.subscribing",
    definition: "home.counts.subscribingMeans",
    link: { label: "home.counts.subscribingLink", query: "kind=subscription&status=active" },
  },
  {
    key: "endorsing",
    label: "home.counts.endorsing",
    definition: "home.counts.endorsingMeans",
    link: { label: "home.counts.endorsingLink", query: "kind=endorsement&status=active" },
  },
  {
    key: "withdrawn",
    label: "home.counts.withdrawn",
    definition: "home.counts.withdrawnMeans",
    link: { label: "home.counts.withdrawnLink", query: "status=withdrawn" },
  },
  { key: "committed", label: "home.counts.committed", definition: "home.counts.committedMeans" },
];

function Counts({ counts }: { counts: PublicCounts }) {
  const { t, number, lang } = useT();
  return (
    <section aria-labelledby="home-counts">
      <h2 id="home-counts">{t("home.counts.title")}</h2>
      <ul className="card-grid">
        {COUNTS.map(({ key, label, definition, link }) => (
          <li key={key} className="card">
            <h3>{t(label)}</h3>
            <p className="card__count">{number(counts[key])}</p>
            <p>{t(definition)}</p>
            {link ? (
              <p>
                <Link to={`${localizedPath(lang, "/pledges")}?${link.query}`}>{t(link.label)}</Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

const EVENT_TEXT: Record<PledgeEvent["happened"], Record<PledgeEvent["kind"], MessageId>> = {
  pledged: { subscription: "home.events.subscribed", endorsement: "home.events.endorsed" },
  withdrew: { subscription: "home.events.withdrewSubscription", endorsement: "home.events.withdrewEndorsement" },
};

function LatestEvents({ events }: { events: Data["events"] }) {
  const { t, date, lang } = useT();
  return (
    <section aria-labelledby="home-events">
      <h2 id="home-events">{t("home.events.title")}</h2>
      {events.length === 0 ? (
        <p>{t("home.events.none")}</p>
      ) : (
        <ol className="home-events">
          {events.map((event) => (
            <li key={`${event.happened}-${event.pledgeId}`}>
              <time dateTime={event.effectiveDate}>{date(event.effectiveDate)}</time>{" "}
              <Link to={localizedPath(lang, `/pledges/${event.pledgeId}`)}>
                {t(EVENT_TEXT[event.happened][event.kind], { state: event.stateName, edition: event.editionTitle })}
              </Link>
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to={localizedPath(lang, "/pledges")}>{t("home.events.all")}</Link>
      </p>
    </section>
  );
}

/**
 * Shown in the site's frame when the page cannot be made; a 304 has no body, so this is never seen for one.
 * Any one-segment address that is not a language (`/no-such-page`) reaches this route too: that is a page not found.
 */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "errors.notFound.title", text: "errors.notFound.text", next: { path: "/", label: "errors.home" } }}
      unavailable={{ title: "home.title", text: "home.error" }}
    />
  );
}
