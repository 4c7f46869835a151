// The chair's overview of implementation: the states that pledged to an edition (and any other state
// that reported on it) against every commitment of the edition, each cell the state's current status
// and the date of its report, with a count per commitment. States that have not reported at all come last.
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { EditionTrail } from "../components/edition-trail";
import { requireDraftContext } from "../drafting/draft-context.server";
import { REPORT_STATUS_CHOICES, REPORT_STATUS_LABELS } from "../lib/commitments";
import { formatIsoDate } from "../lib/dates";
import { editionPath } from "../lib/editions";
import { latestReports, reportMatrix } from "../models/commitment.server";
import { listPledges } from "../models/pledge.server";
import { getEdition } from "../models/edition.server";
import { listStates } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Implementation reports – ${data.edition.title} – Accord` : "Implementation reports – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "report:overview");
  const { instrument } = requireDraftContext(params.slug);
  const edition = params.number && /^[1-9]\d{0,8}$/.test(params.number) ? getEdition(instrument.id, Number(params.number)) : undefined;
  if (!edition) throw json({ message: "There is no edition with this number." }, { status: 404 });
  const names = new Map(listStates().map((state) => [state.code, state.name]));
  // The states that undertook the commitments: those with an active pledge, and whoever reported anyway.
  const pledged = listPledges({ editionId: edition.id }).filter((pledge) => pledge.status === "active").map((pledge) => pledge.state.code);
  const reported = latestReports(edition.id).map((report) => report.stateCode);
  const matrix = reportMatrix(edition.id, [...new Set([...pledged, ...reported])].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b)));
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    edition: { number: edition.number, title: edition.title },
    commitments: matrix.commitments.map(({ number, title }) => ({ number, title })),
    rows: matrix.rows.map((row) => ({
      state: names.get(row.stateCode) ?? row.stateCode,
      cells: row.cells.map((cell) =>
        cell ? { status: cell.status, label: REPORT_STATUS_LABELS[cell.status], date: formatIsoDate(cell.reportDate), dateIso: cell.reportDate } : null,
      ),
    })),
    counts: matrix.counts,
  };
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Cell({ cell }: { cell: Data["rows"][number]["cells"][number] }) {
  if (!cell) return <td className="muted">No report</td>;
  return (
    <td className={`report-status report-status--${cell.status}`}>
      {cell.label}
      <span className="report-status__date">
        <time dateTime={cell.dateIso}>{cell.date}</time>
      </span>
    </td>
  );
}

function Counts({ count }: { count: Data["counts"][number] }) {
  return (
    <td>
      <ul className="plain-list">
        {REPORT_STATUS_CHOICES.map((status) => (
          <li key={status}>
            {REPORT_STATUS_LABELS[status]}: {count[status]}
          </li>
        ))}
        <li>No report: {count.none}</li>
      </ul>
    </td>
  );
}

export default function ReportsPage() {
  const { instrument, edition, commitments, rows, counts } = useLoaderData<typeof loader>();
  const editionAddress = editionPath(instrument.slug, edition.number);
  const base = `${editionAddress}/commitments`;
  return (
    <>
      <EditionTrail instrument={instrument} edition={edition} within={[{ to: base, label: "Commitments" }]} current="Implementation reports" />
      <h1>Implementation reports on {edition.title}</h1>
      <p className="muted">
        Each state&apos;s current report on each commitment: the status it gave and the date of its report. Every earlier report is
        kept on the commitment&apos;s page.
      </p>
      {commitments.length === 0 ? (
        <p>
          No commitment has been listed for this edition yet: <Link to={base}>add the commitments</Link> first.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="matrix">
            <caption>Current status of each state on each commitment; states that have not reported come last</caption>
            <thead>
              <tr>
                <th scope="col">State</th>
                {commitments.map((commitment) => (
                  <th scope="col" key={commitment.number}>
                    <Link to={`${base}/${commitment.number}`}>
                      {commitment.number}. {commitment.title}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.state}>
                  <th scope="row">{row.state}</th>
                  {row.cells.map((cell, index) => (
                    <Cell key={commitments[index]?.number ?? index} cell={cell} />
                  ))}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Totals</th>
                {counts.map((count, index) => (
                  <Counts key={commitments[index]?.number ?? index} count={count} />
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </>
  );
}
