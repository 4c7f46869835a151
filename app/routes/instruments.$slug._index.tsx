// The draft of an instrument, read-only and rendered on the server from the stored document: what an
// observer sees, and what anyone sees without JavaScript. The outline links into the numbered clauses.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav } from "../components/instrument-nav";
import { ClauseOutline } from "../drafting/clause-outline";
import { readDraft } from "../drafting/read-draft.server";
import { getInstrumentBySlug } from "../models/instrument.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.instrument.title} (draft) – Accord` : "Draft – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const instrument = getInstrumentBySlug(params.slug ?? "");
  if (!instrument) throw json({ message: "There is no instrument at this address." }, { status: 404 });
  return {
    instrument: { slug: instrument.slug, title: instrument.title, summary: instrument.summary },
    draft: readDraft(instrument.slug),
    canEdit: can(principal, "draft:edit"),
  };
}

export default function InstrumentDraft() {
  const { instrument, draft, canEdit } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }]} current={instrument.title} />
      {draft ? <InstrumentNav slug={instrument.slug} current="text" /> : null}
      <p className="draft-status">
        <strong>Draft under negotiation.</strong>{" "}
        {canEdit
          ? "This is the text as last saved on the server."
          : "You follow the drafting read-only; this is the text as last saved on the server."}{" "}
        Nothing in it is agreed until the whole text is adopted.
      </p>
      {draft ? (
        <p>
          <Link className="button" to={`/instruments/${instrument.slug}/draft`}>
            {canEdit ? "Edit the draft with the other delegations" : "Follow the drafting live"}
          </Link>
        </p>
      ) : null}
      {draft ? (
        <div className="draft-layout">
          <ClauseOutline outline={draft.outline} hrefFor={(anchor) => `#${anchor}`} />
          {/* The HTML comes from editor/'s own serializer, which escapes every text and attribute. */}
          <div className="draft-text" dangerouslySetInnerHTML={{ __html: draft.html }} />
        </div>
      ) : (
        <>
          <h1>{instrument.title}</h1>
          <p>{instrument.summary}</p>
          <p className="muted">The chair has not opened a draft of this text yet.</p>
        </>
      )}
      <p>
        <Link to="/dashboard">Back to your dashboard</Link>
      </p>
    </>
  );
}
