// The open-data page, in English at /open-data and in French at /fr/open-data: every dataset with its
// address and format, how often it changes and how to revalidate it, every field of the pledge record
// (generated from app/open-data/pledge-record.ts, so the page and the files cannot disagree), how
// ids, dates and digests relate to the log, and the licence.
import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { langParam, translator, useT, type MessageId } from "../i18n";
import { cachingHeaders, publicPageHeaders, publicTag } from "../lib/public-http.server";
import { PLEDGE_RECORD_FIELDS, type PledgeRecordField } from "../open-data/pledge-record";
import { PublicPageError } from "../public-site/page-error";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.meta.title }, { name: "description", content: data.meta.description }] : [{ title: "Open data – Accord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  // A 304 is thrown, so that the route's ErrorBoundary (not the page) renders the body-less answer.
  const headers = await publicPageHeaders(request, publicTag("open-data", [lang]), "overview");
  const { t } = translator(lang);
  return json({ meta: { title: t("open-data.meta.title"), description: t("open-data.meta.description") } }, { headers });
}

export const headers: HeadersFunction = cachingHeaders;

/** Shown in the layout when the page cannot be; a 304 has no body, so it is never seen then. */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "open-data.title", text: "open-data.notFound" }}
      unavailable={{ title: "open-data.title", text: "open-data.unavailable" }}
    />
  );
}

const CC_BY = "https://creativecommons.org/licenses/by/4.0/";

interface Dataset {
  what: MessageId;
  address: string;
  /** A link when the address names one file as it is (not a pattern). */
  link: boolean;
  format: string;
}

const DATASETS: readonly Dataset[] = [
  { what: "open-data.dataset.pledgesJson", address: "/pledges.json", link: true, format: "JSON" },
  { what: "open-data.dataset.pledgesCsv", address: "/pledges.csv", link: true, format: "CSV (RFC 4180), UTF-8" },
  { what: "open-data.dataset.pledgesAtom", address: "/pledges.atom", link: true, format: "Atom (RFC 4287)" },
  { what: "open-data.dataset.stateAtom", address: "/states/{code}.atom", link: false, format: "Atom (RFC 4287)" },
  { what: "feeds.dataset.pledgesAtomFr", address: "/fr/pledges.atom", link: true, format: "Atom (RFC 4287)" },
  { what: "feeds.dataset.stateAtomFr", address: "/fr/states/{code}.atom", link: false, format: "Atom (RFC 4287)" },
  { what: "open-data.dataset.editionJson", address: "/code/{edition}.json", link: false, format: "JSON" },
  { what: "open-data.dataset.proofBundle", address: "/pledges/{id}/proof.json", link: false, format: "JSON (accord-proof-bundle/1)" },
  { what: "open-data.dataset.logCheckpoint", address: "/log/checkpoint", link: true, format: "C2SP signed note" },
  { what: "open-data.dataset.logKey", address: "/log/key", link: true, format: "C2SP verifier key" },
  { what: "open-data.dataset.logEntries", address: "/log/entries?start={start}&end={end}", link: false, format: "JSON" },
  { what: "open-data.dataset.logInclusion", address: "/log/proof/inclusion?index={index}&size={size}", link: false, format: "JSON (RFC 9162)" },
  { what: "open-data.dataset.logConsistency", address: "/log/proof/consistency?from={from}&to={to}", link: false, format: "JSON (RFC 9162)" },
];

export default function OpenData() {
  const { t } = useT();
  return (
    <>
      <h1>{t("open-data.title")}</h1>
      <p className="lead">{t("open-data.intro")}</p>
      <Datasets />
      <section aria-labelledby="open-data-updates">
        <h2 id="open-data-updates">{t("open-data.updates.title")}</h2>
        <p>{t("open-data.updates.frequency")}</p>
        <p>{t("open-data.updates.revalidate")}</p>
      </section>
      <Fields />
      <section aria-labelledby="open-data-csv">
        <h2 id="open-data-csv">{t("open-data.csv.title")}</h2>
        <p>{t("open-data.csv.format")}</p>
        <p>{t("open-data.csv.bom")}</p>
        <p>{t("open-data.csv.formulas")}</p>
      </section>
      <section aria-labelledby="open-data-atom">
        <h2 id="open-data-atom">{t("open-data.atom.title")}</h2>
        <p>{t("open-data.atom.entries")}</p>
        <p>{t("feeds.openData.languages")}</p>
        <p>
          <code>tag:…,2023:pledge/17</code>, <code>tag:…,2023:pledge/17/declaration/42</code>, <code>tag:…,2023:pledge/17/withdrawal</code>
        </p>
      </section>
      <section aria-labelledby="open-data-log">
        <h2 id="open-data-log">{t("open-data.log.title")}</h2>
        <p>{t("open-data.log.ids")}</p>
        <p>{t("open-data.log.dates")}</p>
        <p>{t("open-data.log.digests")}</p>
      </section>
      <section aria-labelledby="open-data-licence">
        <h2 id="open-data-licence">{t("open-data.licence.title")}</h2>
        <p>{t("open-data.licence.data")}</p>
        <p>{t("open-data.licence.texts")}</p>
        <p>
          <a href={CC_BY} rel="license">
            {t("open-data.licence.link")}
          </a>
        </p>
      </section>
    </>
  );
}

function Datasets() {
  const { t } = useT();
  return (
    <section aria-labelledby="open-data-datasets">
      <h2 id="open-data-datasets">{t("open-data.datasets.title")}</h2>
      {/* Focusable, so that keyboard users can scroll the table sideways on a narrow screen. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="open-data-datasets-caption">
        <table>
          <caption id="open-data-datasets-caption">{t("open-data.datasets.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("open-data.datasets.name")}</th>
              <th scope="col">{t("open-data.datasets.address")}</th>
              <th scope="col">{t("open-data.datasets.format")}</th>
            </tr>
          </thead>
          <tbody>
            {DATASETS.map((dataset) => (
              <tr key={dataset.address}>
                <th scope="row">{t(dataset.what)}</th>
                <td>
                  {/* Plain links: these are files, not pages of the application. */}
                  {dataset.link ? (
                    <a href={dataset.address}>
                      <code>{dataset.address}</code>
                    </a>
                  ) : (
                    <code>{dataset.address}</code>
                  )}
                </td>
                <td>{dataset.format}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function fieldType(field: PledgeRecordField, t: ReturnType<typeof useT>["t"]): string {
  const type = field.values ? t("open-data.type.enum", { values: field.values.join(", ") }) : t(`open-data.type.${field.type}`);
  return field.optional ? `${type}; ${t("open-data.fields.optional")}` : type;
}

function Fields() {
  const { t } = useT();
  return (
    <section aria-labelledby="open-data-fields">
      <h2 id="open-data-fields">{t("open-data.fields.title")}</h2>
      <p>{t("open-data.fields.intro")}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="open-data-fields-caption">
        <table>
          <caption id="open-data-fields-caption">{t("open-data.fields.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("open-data.fields.json")}</th>
              <th scope="col">{t("open-data.fields.csv")}</th>
              <th scope="col">{t("open-data.fields.type")}</th>
              <th scope="col">{t("open-data.fields.meaning")}</th>
            </tr>
          </thead>
          <tbody>
            {PLEDGE_RECORD_FIELDS.map((field) => (
              <tr key={field.json}>
                <th scope="row">
                  <code>{field.json}</code>
                </th>
                <td>
                  {field.csv ? (
                    <code>{field.csv}</code>
                  ) : (
                    <>
                      <span aria-hidden="true">–</span>
                      <span className="visually-hidden">{t("open-data.fields.jsonOnly")}</span>
                    </>
                  )}
                </td>
                <td>{fieldType(field, t)}</td>
                <td>{t(field.meaning)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
