// One saved version, read-only: its text as it was, with its digest and note; links to compare it; the
// chair's form to restore it (a new edit of the living draft, never a rewrite of history).
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { ClauseOutline } from "../drafting/clause-outline";
import { requireDraftContext } from "../drafting/draft-context.server";
import { documentOutline, documentToHTML } from "../../editor";
import { formatInstant } from "../lib/dates";
import { readForm } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { getUser } from "../models/user.server";
import { getVersion, restoreVersion, versionDocument } from "../models/version.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Version ${data.version.number}: ${data.version.name} – ${data.instrument.title} – Accord` : "Version – Accord" },
];

function requireVersion(documentId: number, number: string | undefined) {
  const version = number && /^[1-9]\d{0,8}$/.test(number) ? getVersion(documentId, Number(number)) : undefined;
  if (!version) throw json({ message: "There is no version with this number." }, { status: 404 });
  return version;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const version = requireVersion(document.id, params.number);
  const doc = versionDocument(version);
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    version: {
      number: version.number,
      name: version.name,
      note: version.note,
      digest: version.digest,
      savedBy: version.createdBy ? (getUser(version.createdBy)?.name ?? "—") : "Accord",
      savedAt: formatInstant(version.createdAt),
      savedAtIso: version.createdAt.toISOString(),
    },
    html: documentToHTML(doc),
    outline: documentOutline(doc),
    canRestore: can(principal, "version:save"),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "version:save");
  const { instrument, document } = requireDraftContext(params.slug);
  const version = requireVersion(document.id, params.number);
  const formData = await readForm(request);
  if (formData.get("intent") !== "restore") throw json({ message: "Choose what to do with this version." }, { status: 400 });
  await restoreVersion(actorOf(sessionUser, context), document, version.number);
  return redirect(withNotice(instrumentPath(instrument.slug, "text"), "version-restored"));
}

export default function VersionPage() {
  const { instrument, version, html, outline, canRestore } = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const versions = instrumentPath(instrument.slug, "versions");
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: versions, label: "Versions" },
        ]}
        current={`Version ${version.number}`}
      />
      <InstrumentNav slug={instrument.slug} current="versions" />
      <h1>
        Version {version.number}: {version.name}
      </h1>
      <dl className="summary-list">
        <dt>Saved</dt>
        <dd>
          <time dateTime={version.savedAtIso}>{version.savedAt}</time> by {version.savedBy}
        </dd>
        {version.note ? (
          <>
            <dt>Note</dt>
            <dd>{version.note}</dd>
          </>
        ) : null}
        <dt>SHA-256 of the text</dt>
        <dd className="mono digest">{version.digest}</dd>
      </dl>
      <p>
        <Link to={`${versions}/compare?from=${version.number}&to=current`}>Compare with the draft as it stands</Link>
      </p>
      {canRestore ? (
        <Form method="post" className="form form--inline">
          <input type="hidden" name="intent" value="restore" />
          <p className="muted">
            Restoring makes the draft read as this version again, as one edit in your name; delegates editing now see it happen.
          </p>
          <button type="submit" className="button button--secondary" disabled={busy}>
            Restore version {version.number}
          </button>
        </Form>
      ) : null}
      <div className="draft-layout">
        <ClauseOutline outline={outline} hrefFor={(anchor) => `#${anchor}`} />
        {/* The HTML comes from editor/'s own serializer, which escapes every text and attribute. */}
        <div className="draft-text" dangerouslySetInnerHTML={{ __html: html }} />
      </div>
    </>
  );
}
