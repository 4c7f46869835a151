// The amendments of a draft: every one the person may see (drafts only to their own delegation and the
// chair), newest first, filterable by status, proposing state and clause with a plain GET form, each with
// its clause, state, status, co-sponsors and objections and dates. Delegates find the way to propose one.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "../auth/guards.server";
import { statesFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { SelectField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { numberDocument } from "../../editor";
import { formatInstant } from "../lib/dates";
import { amendmentViewer, listAmendments, type AmendmentFilter, type AmendmentStatus } from "../models/amendment.server";
import { AMENDMENT_STATUSES } from "../lib/amendments";
import { readStoredDocument } from "../models/document.server";
import { listStates } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Amendments – ${data.instrument.title} – Accord` : "Amendments – Accord" },
];

const STATUS_LABELS: Record<AmendmentStatus, string> = {
  draft: "Draft",
  submitted: "Submitted",
  accepted: "Accepted",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

const filterSchema = z.object({
  status: z.enum(AMENDMENT_STATUSES).optional().catch(undefined),
  state: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional()
    .catch(undefined),
  clause: z.string().trim().min(1).max(100).optional().catch(undefined),
});

function filterFrom(url: URL): AmendmentFilter {
  const query = filterSchema.parse({
    status: url.searchParams.get("status") || undefined,
    state: url.searchParams.get("state") || undefined,
    clause: url.searchParams.get("clause") || undefined,
  });
  return { status: query.status, stateCode: query.state, clauseId: query.clause };
}

function dated(at: Date | null) {
  return at ? { text: formatInstant(at), iso: at.toISOString() } : null;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const filter = filterFrom(new URL(request.url));
  const amendments = listAmendments(document, amendmentViewer(principal), filter).map((amendment) => ({
    number: amendment.number,
    clauseNumber: amendment.clauseNumber,
    clauseExcerpt: amendment.clauseExcerpt,
    stateCode: amendment.stateCode,
    stateName: amendment.stateName,
    status: amendment.status,
    kind: amendment.kind,
    cosponsors: amendment.cosponsors,
    objections: amendment.objections,
    created: dated(amendment.createdAt),
    submitted: dated(amendment.submittedAt),
    decided: dated(amendment.decidedAt),
  }));
  const doc = readStoredDocument(document.name);
  const clauses = doc
    ? numberDocument(doc).clauses.flatMap((clause) => (clause.id ? [{ value: clause.id, label: `Clause ${clause.number}` }] : []))
    : [];
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    amendments,
    filter: { status: filter.status ?? "", state: filter.stateCode ?? "", clause: filter.clauseId ?? "" },
    filtered: Boolean(filter.status || filter.stateCode || filter.clauseId),
    states: listStates().map((state) => ({ value: state.code, label: state.name })),
    clauses,
    canPropose: statesFor(principal, "amendment:propose").length > 0,
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["amendments"][number];

function When({ label, at }: { label: string; at: Row["created"] }) {
  if (!at) return null;
  return (
    <span className="amendment-list__date">
      {label} <time dateTime={at.iso}>{at.text}</time>
    </span>
  );
}

function AmendmentRow({ row, base }: { row: Row; base: string }) {
  return (
    <tr>
      <th scope="row">
        <Link to={`${base}/${row.number}`}>Amendment {row.number}</Link>
      </th>
      <td>
        {row.clauseNumber ? `Clause ${row.clauseNumber}` : <em>Clause deleted</em>}
        <span className="amendment-list__excerpt">{row.clauseExcerpt}</span>
      </td>
      <td>{row.stateName}</td>
      <td>
        <span className={`amendment-status amendment-status--${row.status}`}>{STATUS_LABELS[row.status]}</span>
      </td>
      <td>
        {row.cosponsors} co-sponsor{row.cosponsors === 1 ? "" : "s"}, {row.objections} objection{row.objections === 1 ? "" : "s"}
      </td>
      <td>
        <When label="Proposed" at={row.created} />
        <When label="Submitted" at={row.submitted} />
        <When label={row.status === "withdrawn" ? "Withdrawn" : "Decided"} at={row.decided} />
      </td>
    </tr>
  );
}

export default function AmendmentsPage() {
  const data = useLoaderData<typeof loader>();
  const { instrument, amendments, filter } = data;
  const base = instrumentPath(instrument.slug, "amendments");
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(instrument.slug, "text"), label: instrument.title }]} current="Amendments" />
      <InstrumentNav slug={instrument.slug} current="amendments" />
      <h1>Amendments</h1>
      <p className="muted">
        A delegation proposes to change the words of one clause; other delegations co-sponsor or object, and the chair accepts the
        change into the text or rejects it. A draft amendment is seen only by its delegation and the chair.
      </p>
      {data.canPropose ? (
        <p>
          <Link to={`${base}/new`} className="button">
            Propose an amendment
          </Link>
        </p>
      ) : null}

      <h2 id="filter-amendments">Filter</h2>
      <Form method="get" className="form form--inline" aria-labelledby="filter-amendments">
        <SelectField
          name="status"
          label="Status"
          placeholder="Any status"
          options={AMENDMENT_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status] }))}
          defaultValue={filter.status}
        />
        <SelectField name="state" label="Proposed by" placeholder="Any state" options={data.states} defaultValue={filter.state} />
        <SelectField name="clause" label="Clause" placeholder="Any clause" options={data.clauses} defaultValue={filter.clause} />
        <button type="submit" className="button button--secondary">
          Show amendments
        </button>
        {data.filtered ? <Link to={base}>Show all</Link> : null}
      </Form>

      {amendments.length ? (
        <div className="table-wrap">
          <table className="amendment-list">
            <caption>{data.filtered ? "Amendments matching the filter, newest first" : "Amendments, newest first"}</caption>
            <thead>
              <tr>
                <th scope="col">Amendment</th>
                <th scope="col">Clause</th>
                <th scope="col">Proposed by</th>
                <th scope="col">Status</th>
                <th scope="col">Support</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {amendments.map((row) => (
                <AmendmentRow key={row.number} row={row} base={base} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{data.filtered ? "No amendment matches the filter." : "No amendment has been proposed yet."}</p>
      )}
    </>
  );
}
