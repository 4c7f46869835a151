// The public log, in English at /log and in French at /fr/log: the transparency log explained for a
// reader who is not a cryptographer, with the current signed checkpoint (checked by the server at
// render), the verifier key, the latest entries, links to every endpoint, and the checks a reader can
// run in the browser. Public, and readable without JavaScript. The entry texts, the signed note, keys
// and hashes are data and are shown as they are; the log's endpoints keep their one, unprefixed address.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useIntl } from "react-intl";
import { LogVerifier, type LogVerifierLabels } from "../components/log-verifier";
import { langParam, localizedPath, translator, useT, type MessageId } from "../i18n";
import { cachingHeaders, publicPageHeaders, publicTag } from "../lib/public-http.server";
import { logOverview } from "../log-web/overview.server";
import { PublicPageError } from "../public-site/page-error";

const LATEST = 20;
/** The most entries /log/entries gives in one answer. */
const ENTRIES_PER_REQUEST = 1000;

export const handle = { localized: true };

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.meta.title }, { name: "description", content: data.meta.description }] : [{ title: "Public log – Accord" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const headers = await publicPageHeaders(request, publicTag("log", [lang]), "overview");
  const { t, instant } = translator(lang);
  const overview = logOverview(LATEST);
  return json(
    {
      ...overview,
      signedAtText: instant(overview.signedAt),
      meta: { title: t("log.meta.title"), description: t("log.meta.description") },
    },
    { headers },
  );
}

export const headers = cachingHeaders;

/** Shown in the layout when the page cannot be. */
export function ErrorBoundary() {
  return <PublicPageError notFound={{ title: "log.title", text: "log.notFound" }} unavailable={{ title: "log.title", text: "log.unavailable" }} />;
}

type Rich = (id: MessageId, values: Record<string, ReactNode>) => ReactNode;

/** Messages some of whose values are elements (an address as a link, a command in `<code>`). */
function useRich(): Rich {
  const intl = useIntl();
  return (id, values) => intl.formatMessage({ id }, values);
}

/** The words for the kinds of entry a pledge's events have; any other kind is shown as the entry names it. */
const KINDS = new Map<string, MessageId>([
  ["subscription", "log.kind.subscription"],
  ["endorsement", "log.kind.endorsement"],
  ["withdrawal", "log.kind.withdrawal"],
  ["declaration", "log.kind.declaration"],
]);

/** The in-browser verifier's words, in the page's language. */
export function useLogVerifierLabels(): LogVerifierLabels {
  const { t, date } = useT();
  const rich = useRich();
  return {
    noScript: t("log.verifier.noScript"),
    wholeTitle: t("log.verifier.whole.title"),
    wholeIntro: t("log.verifier.whole.intro"),
    wholeButton: t("log.verifier.whole.button"),
    progressLabel: t("log.verifier.whole.progressLabel"),
    progress: (done, total) => t("log.verifier.whole.progress", { done, total }),
    checkingLog: t("log.verifier.whole.checking"),
    logVerified: ({ treeSize, root, keyName }) => rich("log.verifier.whole.verified", { count: treeSize, root, keyName }),
    logFailed: t("log.verifier.whole.failed"),
    bundleTitle: t("log.verifier.bundle.title"),
    bundleIntro: t("log.verifier.bundle.intro"),
    bundleFile: t("log.verifier.bundle.file"),
    checkingBundle: (file) => t("log.verifier.bundle.checking", { file }),
    bundleFailed: (file) => t("log.verifier.bundle.failed", { file }),
    bundleOurs: ({ file, pledge, entries, treeSize, keyName }) => t("log.verifier.bundle.ours", { file, pledge, count: entries, size: treeSize, keyName }),
    bundleForeignTitle: t("log.verifier.bundle.foreignTitle"),
    bundleForeign: ({ file, key, pledge }) => rich("log.verifier.bundle.foreign", { file, key, pledge }),
    bundleAdoption: ({ index, edition, digest }) => rich("log.verifier.bundle.adoption", { index, edition, digest }),
    bundleEvent: ({ index, kind, state, effectiveDate }) => {
      const kindId = KINDS.get(kind);
      return t("log.verifier.bundle.event", { index, kind: kindId ? t(kindId) : kind, state, date: date(effectiveDate) });
    },
  };
}

export default function LogPage() {
  const log = useLoaderData<typeof loader>();
  const { t, number, lang } = useT();
  const rich = useRich();
  const verifierLabels = useLogVerifierLabels();
  const firstShown = Math.max(0, log.treeSize - LATEST);
  const entriesAddress = `/log/entries?start=${firstShown}&end=${log.treeSize}`;
  return (
    <>
      <h1>{t("log.title")}</h1>
      <p className="lead">{t("log.intro")}</p>

      <h2>{t("log.proves.title")}</h2>
      <ul>
        <li>{t("log.proves.signed")}</li>
        <li>{t("log.proves.consistent")}</li>
        <li>{t("log.proves.digest")}</li>
      </ul>
      <h2>{t("log.notProves.title")}</h2>
      <ul>
        <li>{t("log.notProves.truth")}</li>
        <li>{t("log.notProves.complete")}</li>
        <li>{t("log.notProves.split")}</li>
        <li>{t("log.notProves.declaration")}</li>
      </ul>

      <h2>{t("log.checkpoint.title")}</h2>
      <p>{t("log.checkpoint.intro")}</p>
      <dl className="summary-list">
        <dt>{t("log.checkpoint.entries")}</dt>
        <dd>{number(log.treeSize)}</dd>
        <dt>{t("log.checkpoint.root")}</dt>
        <dd>
          <code className="digest">{log.rootHex}</code>
        </dd>
        <dt>{t("log.checkpoint.signed")}</dt>
        <dd>
          <time dateTime={log.signedAt}>{log.signedAtText}</time>
        </dd>
        <dt>{t("log.checkpoint.origin")}</dt>
        <dd>
          <code>{log.origin}</code>
        </dd>
        <dt>{t("log.checkpoint.key")}</dt>
        <dd>
          <code className="digest">{log.verifierKey}</code>
        </dd>
        <dt>{t("log.checkpoint.serverCheck")}</dt>
        <dd>
          {log.signatureProblem === null
            ? t("log.checkpoint.verified")
            : // The log library describes the problem in English, whatever the page's language.
              rich("log.checkpoint.notVerified", { problem: <span lang="en">{log.signatureProblem}</span> })}
        </dd>
      </dl>
      <p>{rich("log.checkpoint.note", { address: <a href="/log/checkpoint">/log/checkpoint</a> })}</p>
      <pre className="log-text">{log.note}</pre>
      <p className="muted">{t("log.checkpoint.keyElsewhere")}</p>

      <h2>{t("log.check.title")}</h2>
      <LogVerifier logKey={log.verifierKey} labels={verifierLabels} />
      <p>
        {rich("log.check.otherWays", {
          command: <code>npm run verify-log -- --url &lt;{t("log.check.site")}&gt;</code>,
          guide: <code>docs/verifying-the-log.md</code>,
        })}
      </p>

      <h2>{t("log.latest.title")}</h2>
      {log.latest.length === 0 ? (
        <p>{t("log.latest.none")}</p>
      ) : (
        <>
          <p>
            {rich("log.latest.intro", {
              shown: log.latest.length,
              total: log.treeSize,
              address: <a href={entriesAddress}>{entriesAddress}</a>,
              max: ENTRIES_PER_REQUEST,
            })}
          </p>
          <ol className="plain-list" reversed>
            {log.latest.map((entry) => (
              <li key={entry.index}>
                <h3>{t("log.latest.entry", { index: entry.index })}</h3>
                <pre className="log-text">{entry.text}</pre>
                <p className="muted">
                  {t("log.latest.leafHash")} <code className="digest">{entry.leafHex}</code> ·{" "}
                  <a href={`/log/proof/inclusion?index=${entry.index}&size=${log.treeSize}`}>{t("log.latest.proof")}</a>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}

      <h2>{t("log.addresses.title")}</h2>
      <p>{t("log.addresses.intro")}</p>
      {/* Focusable and named, so that keyboard and screen reader users can scroll the table sideways on a phone. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="log-addresses-caption">
        <table>
          <caption id="log-addresses-caption">{t("log.addresses.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("log.addresses.address")}</th>
              <th scope="col">{t("log.addresses.what")}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                <a href="/log/checkpoint">/log/checkpoint</a>
              </th>
              <td>{t("log.addresses.checkpoint")}</td>
            </tr>
            <tr>
              <th scope="row">
                <a href="/log/key">/log/key</a>
              </th>
              <td>{t("log.addresses.key")}</td>
            </tr>
            <tr>
              <th scope="row">
                <a href={`/log/entries?start=0&end=${Math.min(Math.max(log.treeSize, 1), ENTRIES_PER_REQUEST)}`}>/log/entries?start=&amp;end=</a>
              </th>
              <td>{t("log.addresses.entries", { max: ENTRIES_PER_REQUEST })}</td>
            </tr>
            <tr>
              <th scope="row">
                {log.treeSize > 0 ? (
                  <a href={`/log/proof/inclusion?index=0&size=${log.treeSize}`}>/log/proof/inclusion?index=&amp;size=</a>
                ) : (
                  "/log/proof/inclusion?index=&size="
                )}
              </th>
              <td>{t("log.addresses.inclusion")}</td>
            </tr>
            <tr>
              <th scope="row">
                <a href={`/log/proof/consistency?from=0&to=${log.treeSize}`}>/log/proof/consistency?from=&amp;to=</a>
              </th>
              <td>{t("log.addresses.consistency")}</td>
            </tr>
          </tbody>
        </table>
      </div>
      <p>{rich("log.pledges", { link: <Link to={localizedPath(lang, "/pledges")}>{t("log.pledges.link")}</Link> })}</p>
    </>
  );
}
