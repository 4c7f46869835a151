// Two versions compared (or a version and the draft as it stands): clauses aligned by their stable ids,
// insertions and deletions marked in place, moved and renumbered clauses labelled. A GET page, so a
// comparison has an address delegations can share.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { compareDocuments, versionDiffToHTML } from "../../editor";
import { amendmentViewer } from "../models/amendment.server";
import { readStoredDocument } from "../models/document.server";
import { getVersion, versionDocument, versionEventId } from "../models/version.server";
import { textChangesBetween } from "../drafting/activity.server";
import { formatInstant } from "../lib/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.older.label} compared with ${data.newer.label} – ${data.instrument.title} – Accord` : "Compare – Accord" },
];

/** One side of the comparison, with where it sits on the timeline (null for the draft as it stands: now). */
function side(documentId: number, documentName: string, value: string | null) {
  if (value === "current") {
    const doc = readStoredDocument(documentName);
    if (doc) return { label: "the draft as it stands", doc, eventId: null };
  } else if (value && /^[1-9]\d{0,8}$/.test(value)) {
    const version = getVersion(documentId, Number(value));
    if (version) return { label: `version ${version.number} (${version.name})`, doc: versionDocument(version), eventId: versionEventId(version) };
  }
  throw json({ message: "Choose two saved versions (or a version and the current draft) to compare." }, { status: 400 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const url = new URL(request.url);
  const older = side(document.id, document.name, url.searchParams.get("from"));
  const newer = side(document.id, document.name, url.searchParams.get("to"));
  const diff = compareDocuments(older.doc, newer.doc);
  // Who changed the text between the two, as far as the record tells: accepted amendments, brackets, restores.
  const points = [older.eventId, newer.eventId];
  const from = Math.min(...points.map((point) => point ?? Number.MAX_SAFE_INTEGER));
  const to = points.includes(null) ? undefined : Math.max(...(points as number[]));
  const recorded = from === Number.MAX_SAFE_INTEGER ? [] : textChangesBetween(instrument, amendmentViewer(principal), from, to);
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    older: { label: older.label },
    newer: { label: newer.label },
    html: versionDiffToHTML(diff),
    recorded: recorded.map((entry) => ({
      id: entry.id,
      at: formatInstant(entry.at),
      atIso: entry.at.toISOString(),
      who: entry.stateName ? `${entry.who} (${entry.stateName})` : entry.who,
      what: entry.what,
      href: entry.href,
    })),
  };
}

export default function ComparePage() {
  const { instrument, older, newer, html, recorded } = useLoaderData<typeof loader>();
  const versions = instrumentPath(instrument.slug, "versions");
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: versions, label: "Versions" },
        ]}
        current="Comparison"
      />
      <InstrumentNav slug={instrument.slug} current="versions" />
      <h1>
        Changes from {older.label} to {newer.label}
      </h1>
      <p className="muted">
        Inserted words are underlined, deleted words struck through; clauses are matched by their identity, so a moved or
        renumbered clause is compared with itself.
      </p>
      <section aria-labelledby="recorded-changes">
        <h2 id="recorded-changes">Who changed the text in between</h2>
        {recorded.length ? (
          <ol className="activity">
            {recorded.map((entry) => (
              <li key={entry.id}>
                <time dateTime={entry.atIso}>{entry.at}</time> <span className="activity__who">{entry.who}</span>{" "}
                {entry.href ? <Link to={entry.href}>{entry.what}</Link> : entry.what}
              </li>
            ))}
          </ol>
        ) : (
          <p className="muted">No accepted amendment, bracket or restored version was recorded between them.</p>
        )}
        <p className="muted">Words typed in the live editor are merged into the text and are not attributed one by one.</p>
      </section>
      {/* The HTML comes from editor/'s own serializer, which escapes every text and attribute. */}
      <div className="version-diff-wrap" dangerouslySetInnerHTML={{ __html: html }} />
      <p>
        <Link to={versions}>All versions</Link>
      </p>
    </>
  );
}
