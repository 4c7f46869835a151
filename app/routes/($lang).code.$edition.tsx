// An adopted edition typeset for reading, at /code/<edition> and /fr/code/<edition>: its digest and how to
// check it, a table of contents, every clause at its citable anchor (`#clause-1.2`, also `#clause-1-2`), the downloads, and
// the other editions. The text is the adopted English one in every language of the interface.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { config } from "../lib/env.server";
import { cachingHeaders, publicPageHeaders, publicTag } from "../lib/public-http.server";
import { editionPath } from "../lib/editions";
import { langParam, localizedPath, translator, useT, type Lang, type MessageId } from "../i18n";
import { getEditionBySlug, listEditions } from "../models/edition.server";
import { getInstrument } from "../models/instrument.server";
import { editionReading } from "../public-site/edition-html.server";
import { EditionContents, EditionText } from "../public-site/edition-text";
import { PublicPageError } from "../public-site/page-error";
import printStylesheet from "../styles/print.css";

// Complete without JavaScript: the page ships none (docs/decisions/018).
export const handle = { localized: true, hydrate: false };

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStylesheet, media: "print" }];

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.meta.title }, { name: "description", content: data.meta.description }] : [{ title: "Accord" }];

export const headers = cachingHeaders;

// The published files of an edition, at the addresses server/file-addresses.ts serves.
const DOWNLOADS: { extension: string; label: MessageId; type: string }[] = [
  { extension: "pdf", label: "code.downloads.pdf", type: "application/pdf" },
  { extension: "docx", label: "code.downloads.docx", type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
  { extension: "akn.xml", label: "code.downloads.akn", type: "application/akn+xml" },
  { extension: "json", label: "code.downloads.json", type: "application/json" },
];

function notFound(lang: Lang): Response {
  return json({ message: translator(lang).t("code.notFound") }, { status: 404 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const edition = params.edition ? getEditionBySlug(params.edition) : undefined;
  const instrument = edition ? getInstrument(edition.instrumentId) : undefined;
  if (!edition || !instrument) throw notFound(lang);
  // The page is the same for everyone in a language until the text changes, which it never does.
  // The text never changes; the list of other editions grows with the log.
  const headers = await publicPageHeaders(request, publicTag(`code-${edition.slug}`, [lang]), "reading");
  const { t, date } = translator(lang);
  // Printed, a download is only useful with its full address; without a configured origin, the path.
  const origin = config().publicOrigin ?? "";
  return json(
    {
      lang,
      meta: {
        title: t("code.meta.title", { title: edition.title }),
        description: t("code.meta.description", { title: edition.title, date: date(edition.adoptedOn) }),
      },
      edition: { slug: edition.slug, title: edition.title, number: edition.number, adoptedOn: edition.adoptedOn, digest: edition.digest },
      canonicalTextPath: `${editionPath(instrument.slug, edition.number)}/text`,
      downloads: DOWNLOADS.map(({ extension, label, type }) => {
        const path = `/code/${edition.slug}.${extension}`;
        return { label, type, path, address: `${origin}${path}` };
      }),
      reading: editionReading(edition, lang),
      otherEditions: listEditions(instrument.id)
        .filter((other) => other.id !== edition.id)
        .reverse()
        .map(({ slug, title, number, adoptedOn }) => ({ slug, title, number, adoptedOn })),
    },
    { headers },
  );
}

export default function EditionReadingPage() {
  const { lang, edition, canonicalTextPath, downloads, reading, otherEditions } = useLoaderData<typeof loader>();
  const { t, date } = useT();
  return (
    <div className="edition-page">
      <h1>{edition.title}</h1>
      <dl className="summary-list">
        <dt>{t("code.adoptedOn")}</dt>
        <dd>
          <time dateTime={edition.adoptedOn}>{date(edition.adoptedOn)}</time>
        </dd>
        <dt>{t("code.edition")}</dt>
        <dd>{t("code.editionNumber", { number: edition.number })}</dd>
        <dt>{t("code.digest")}</dt>
        <dd>
          <code className="digest">{edition.digest}</code>
        </dd>
      </dl>
      <p className="edition-page__check">
        {t("code.digestWhat")} <a href={canonicalTextPath}>{t("code.canonicalText")}</a> · <Link to="/log">{t("code.log")}</Link>
      </p>
      {lang === "en" ? null : <p className="notice">{t("code.inEnglish")}</p>}
      <section className="edition-downloads" aria-labelledby="edition-downloads">
        <h2 id="edition-downloads">{t("code.downloads")}</h2>
        <ul>
          {downloads.map((download) => (
            <li key={download.path}>
              <a href={download.path} type={download.type} data-address={download.address}>
                {t(download.label)}
              </a>
            </li>
          ))}
        </ul>
        <p>
          <Link to={`${localizedPath(lang, "/pledges")}?edition=${encodeURIComponent(edition.slug)}`}>{t("code.pledges")}</Link>
        </p>
      </section>
      <div className="edition-layout">
        <EditionContents outline={reading.outline} />
        <EditionText html={reading.html} />
      </div>
      {otherEditions.length > 0 ? (
        <section aria-labelledby="edition-others">
          <h2 id="edition-others">{t("code.otherEditions")}</h2>
          <ul>
            {otherEditions.map((other) => (
              <li key={other.slug}>
                <Link to={localizedPath(lang, `/code/${other.slug}`)}>{other.title}</Link>{" "}
                {t("code.otherEditionAdopted", { number: other.number, date: date(other.adoptedOn) })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** An unknown edition (404); a 304 has no body, so this is never seen for one. */
export function ErrorBoundary() {
  return (
    <PublicPageError
      notFound={{ title: "code.notFoundTitle", text: "code.notFound" }}
      unavailable={{ title: "code.errorTitle", text: "code.error" }}
      next={{ path: "/code", label: "code.latest" }}
    />
  );
}
