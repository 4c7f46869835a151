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
import { readStoredDocument } from "../models/document.server";
import { getVersion, versionDocument } from "../models/version.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.older.label} compared with ${data.newer.label} – ${data.instrument.title} – Accord` : "Compare – Accord" },
];

function side(documentId: number, documentName: string, value: string | null) {
  if (value === "current") {
    const doc = readStoredDocument(documentName);
    if (doc) return { label: "the draft as it stands", doc };
  } else if (value && /^[1-9]\d{0,8}$/.test(value)) {
    const version = getVersion(documentId, Number(value));
    if (version) return { label: `version ${version.number} (${version.name})`, doc: versionDocument(version) };
  }
  throw json({ message: "Choose two saved versions (or a version and the current draft) to compare." }, { status: 400 });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const url = new URL(request.url);
  const older = side(document.id, document.name, url.searchParams.get("from"));
  const newer = side(document.id, document.name, url.searchParams.get("to"));
  const diff = compareDocuments(older.doc, newer.doc);
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    older: { label: older.label },
    newer: { label: newer.label },
    html: versionDiffToHTML(diff),
  };
}

export default function ComparePage() {
  const { instrument, older, newer, html } = useLoaderData<typeof loader>();
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
      {/* The HTML comes from editor/'s own serializer, which escapes every text and attribute. */}
      <div className="version-diff-wrap" dangerouslySetInnerHTML={{ __html: html }} />
      <p>
        <Link to={versions}>All versions</Link>
      </p>
    </>
  );
}
