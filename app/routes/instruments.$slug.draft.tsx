// The drafting page: the live editor beside the outline of numbered clauses, who is in the document,
// and whether edits are connected and saved. Without JavaScript it shows the text as stored.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can, grantFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav } from "../components/instrument-nav";
import { ClauseOutline } from "../drafting/clause-outline";
import { LiveEditorStatus, TOOLBAR, useLiveEditor } from "../drafting/live-editor";
import { presenceClass } from "../drafting/presence";
import { readDraft } from "../drafting/read-draft.server";
import { draftDocumentName } from "../models/document.server";
import { getInstrumentBySlug } from "../models/instrument.server";
import editorStyles from "prosemirror-view/style/prosemirror.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Drafting: ${data.instrument.title} – Accord` : "Drafting – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, principal } = await requirePermission(request, "draft:read");
  const instrument = getInstrumentBySlug(params.slug ?? "");
  const draft = instrument ? readDraft(instrument.slug) : null;
  if (!instrument || !draft) throw json({ message: "There is no draft at this address." }, { status: 404 });
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    documentName: draftDocumentName(instrument.slug),
    canEdit: can(principal, "draft:edit"),
    user: { id: user.id, name: user.name, stateCode: grantFor(principal, can(principal, "draft:edit") ? "draft:edit" : "draft:read")?.stateCode ?? null },
    draft,
  };
}

export default function DraftingPage() {
  const data = useLoaderData<typeof loader>();
  const { mountRef, state, run, goToClause } = useLiveEditor({
    slug: data.instrument.slug,
    documentName: data.documentName,
    canEdit: data.canEdit,
    user: data.user,
  });
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: `/instruments/${data.instrument.slug}`, label: data.instrument.title },
        ]}
        current="Drafting"
      />
      <InstrumentNav slug={data.instrument.slug} current="draft" />
      <div className="live-bar">
        <LiveEditorStatus state={state} />
        <div className="live-people">
          <h2 className="visually-hidden">In this document</h2>
          <ul aria-label="In this document">
            {state.people.map((person) => (
              <li key={person.clientId} className={`live-person ${presenceClass(person.stateCode)}`}>
                {person.name}
                {person.stateCode ? ` (${person.stateCode})` : ""}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {state.problem ? (
        <p className="error-summary" role="alert">
          {state.problem}
        </p>
      ) : null}
      {data.canEdit ? (
        <div className="toolbar" role="toolbar" aria-label="Drafting tools">
          {TOOLBAR.map((action) => (
            <button
              key={action.label}
              type="button"
              className="button button--secondary"
              aria-keyshortcuts={action.keys.startsWith("Enter") ? undefined : action.keys.replace("Ctrl", "Control")}
              title={`${action.label} (${action.keys})`}
              disabled={!state.editable}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => run(action)}
            >
              {action.label}
            </button>
          ))}
        </div>
      ) : null}
      <div className="draft-layout">
        <ClauseOutline
          outline={state.ready ? state.outline : data.draft.outline}
          hrefFor={(anchor) => `/instruments/${data.instrument.slug}#${anchor}`}
          onClause={(clauseId, event) => {
            if (!state.ready) return;
            event.preventDefault();
            goToClause(clauseId);
          }}
        >
          <p className="muted">
            <Link to={`/instruments/${data.instrument.slug}`}>Read the text as stored</Link>
          </p>
        </ClauseOutline>
        <div>
          {state.ready ? null : (
            // The stored text, until the live document has arrived (and for good without JavaScript).
            <div className="draft-text" dangerouslySetInnerHTML={{ __html: data.draft.html }} />
          )}
          <div ref={mountRef} className="draft-editor-mount" data-ready={state.ready} />
        </div>
      </div>
    </>
  );
}
