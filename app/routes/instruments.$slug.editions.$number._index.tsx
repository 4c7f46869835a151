// One adopted edition, public: its text as adopted, the SHA-256 digest every pledge names, and where its
// adoption sits in the transparency log, with the links a reader needs to check all three.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getSessionUser } from "../auth/guards.server";
import { can, hasRole } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { ClauseOutline } from "../drafting/clause-outline";
import { formatInstant, formatIsoDate } from "../lib/dates";
import { editionPath } from "../lib/editions";
import { getEdition } from "../models/edition.server";
import { getInstrumentBySlug } from "../models/instrument.server";
import { latestCheckpoint } from "../models/transparency-log.server";
import { editionReading } from "../public-site/edition-html.server";

// Public and complete without JavaScript (links only): the page ships none, as the public site's pages.
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.edition.title} – ${data.instrument.title} – Accord` : "Edition – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const principal = (await getSessionUser(request))?.principal ?? null;
  const instrument = params.slug ? getInstrumentBySlug(params.slug) : undefined;
  if (!instrument) throw json({ message: "There is no instrument at this address." }, { status: 404 });
  const edition = params.number && /^[1-9]\d{0,8}$/.test(params.number) ? getEdition(instrument.id, Number(params.number)) : undefined;
  if (!edition) throw json({ message: `${instrument.title} has no edition with this number.` }, { status: 404 });
  // The public site's typesetting of the text: headings from h2 down, under this page's one h1.
  const { html, outline } = editionReading(edition, "en");
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    edition: {
      number: edition.number,
      title: edition.title,
      slug: edition.slug,
      adoptedOn: edition.adoptedOn,
      adoptedOnText: formatIsoDate(edition.adoptedOn),
      recordedAt: edition.recordedAt.toISOString(),
      recordedAtText: formatInstant(edition.recordedAt),
      digest: edition.digest,
      logIndex: edition.logIndex,
    },
    // The proof is asked against the log as it is now, so it also shows the entry is still there.
    logSize: latestCheckpoint().treeSize,
    html,
    outline,
    showNav: can(principal, "draft:read"),
    canPledge: hasRole(principal, "signer") || can(principal, "pledge:record-paper"),
  };
}

export default function EditionPage() {
  const { instrument, edition, logSize, html, outline, showNav, canPledge } = useLoaderData<typeof loader>();
  const path = editionPath(instrument.slug, edition.number);
  const editions = instrumentPath(instrument.slug, "editions");
  return (
    <>
      <Breadcrumbs
        trail={[
          ...(showNav
            ? [
                { to: "/dashboard", label: "Dashboard" },
                { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
              ]
            : [{ to: "/", label: "Accord" }]),
          { to: editions, label: "Editions" },
        ]}
        current={edition.title}
      />
      {showNav ? <InstrumentNav slug={instrument.slug} current="editions" /> : null}
      <h1>
        {instrument.title}: {edition.title}
      </h1>
      <dl className="summary-list">
        <dt>Adopted on</dt>
        <dd>
          <time dateTime={edition.adoptedOn}>{edition.adoptedOnText}</time>
        </dd>
        <dt>Recorded</dt>
        <dd>
          <time dateTime={edition.recordedAt}>{edition.recordedAtText}</time>
        </dd>
        <dt>SHA-256 of the text</dt>
        <dd>
          <code className="digest">{edition.digest}</code>
        </dd>
        <dt>Transparency log</dt>
        <dd>
          Entry {edition.logIndex} (<Link to={`/log/proof/inclusion?index=${edition.logIndex}&size=${logSize}`}>proof of inclusion</Link>{" "}
          in the log of {logSize} {logSize === 1 ? "entry" : "entries"}; <Link to="/log">about the log</Link>)
        </dd>
      </dl>
      <ul className="actions edition-links">
        <li>
          <a href={`${path}/text`}>Canonical text (UTF-8)</a>
        </li>
        <li>
          <Link to={`${path}/commitments`}>Commitments</Link>
        </li>
        {canPledge ? (
          <li>
            <Link to={`${path}/pledge`}>Pledge to this edition</Link>
          </li>
        ) : null}
      </ul>
      <p className="muted">
        The digest is the SHA-256 of the canonical text: download it and run <code>sha256sum</code> to check that this is the text
        the states pledge to.
      </p>
      <div className="draft-layout">
        <ClauseOutline outline={outline} hrefFor={(anchor) => `#${anchor}`} />
        {/* The HTML comes from the public site's typesetting on editor/'s serializer, which escapes every text and attribute. */}
        <div className="draft-text edition-text" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
    </>
  );
}
