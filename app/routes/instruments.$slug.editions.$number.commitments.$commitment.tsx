// One commitment of an edition: the clauses it comes from, quoted; every state's current report; the
// full history of the viewer's own state; and a delegate's form to file a new report, which never
// replaces an earlier one.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clauseAnchor } from "../../editor";
import { actorOf, forbidden, requirePermission, requireUser } from "../auth/guards.server";
import { statesFor, type Principal } from "../auth/permissions";
import { EditionTrail } from "../components/edition-trail";
import { ChoiceFieldset } from "../components/choice-fields";
import { ErrorSummary, Field, fieldId, TextAreaField } from "../components/forms";
import { requireDraftContext } from "../drafting/draft-context.server";
import { today } from "../lib/clock.server";
import { EVIDENCE_LINKS_MAX, linesOf, REPORT_NARRATIVE_MAX, REPORT_STATUS_CHOICES, REPORT_STATUS_LABELS } from "../lib/commitments";
import { formatInstant, formatIsoDate } from "../lib/dates";
import { editionPath } from "../lib/editions";
import { formFailure, formValues, isoDateSchema, parseForm, readForm, type FieldErrors } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import { fileReport, getCommitment, latestReports, reportHistory, type Report } from "../models/commitment.server";
import { getEdition } from "../models/edition.server";
import { getState } from "../models/state.server";
import { getUser } from "../models/user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Commitment ${data.commitment.number} – ${data.edition.title} – Accord` : "Commitment – Accord" },
];

const POSITIVE = /^[1-9]\d{0,8}$/;

/** The edition and commitment the address names, or a 404. */
function requireCommitment(instrumentId: number, params: { number?: string; commitment?: string }) {
  const edition = params.number && POSITIVE.test(params.number) ? getEdition(instrumentId, Number(params.number)) : undefined;
  if (!edition) throw json({ message: "There is no edition with this number." }, { status: 404 });
  const commitment = params.commitment && POSITIVE.test(params.commitment) ? getCommitment(edition.id, Number(params.commitment)) : undefined;
  if (!commitment) throw json({ message: "This edition has no commitment with this number." }, { status: 404 });
  return { edition, commitment };
}

function stateName(code: string): string {
  return getState(code)?.name ?? code;
}

function reportView(report: Report) {
  return {
    id: report.id,
    state: stateName(report.stateCode),
    status: REPORT_STATUS_LABELS[report.status],
    statusKey: report.status,
    reportDate: formatIsoDate(report.reportDate),
    reportDateIso: report.reportDate,
    narrative: report.narrative,
    evidenceLinks: report.evidenceLinks,
    filedBy: report.filedBy ? (getUser(report.filedBy)?.name ?? "—") : "Accord",
    filedAt: formatInstant(report.filedAt),
    filedAtIso: report.filedAt.toISOString(),
  };
}

/** The states the person belongs to in any role: whose history they see. */
function ownStates(principal: Principal): string[] {
  return [...new Set(principal.memberships.flatMap((membership) => (membership.stateCode ? [membership.stateCode] : [])))];
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument } = requireDraftContext(params.slug);
  const { edition, commitment } = requireCommitment(instrument.id, params);
  const current = latestReports(edition.id)
    .filter((report) => report.commitmentId === commitment.id)
    .map(reportView)
    .sort((a, b) => a.state.localeCompare(b.state, "en"));
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    edition: { number: edition.number, title: edition.title },
    commitment: {
      number: commitment.number,
      title: commitment.title,
      description: commitment.description,
      clauses: commitment.clauses.map((clause) => ({ ...clause, anchor: `clause-${clauseAnchor(clause.number)}` })),
    },
    current,
    histories: ownStates(principal).map((code) => ({ state: stateName(code), reports: reportHistory(commitment.id, code).map(reportView) })),
    reportStates: statesFor(principal, "report:file").map((code) => ({ code, name: stateName(code) })),
    today: today(),
  };
}

const reportSchema = z.object({
  status: z.enum(REPORT_STATUS_CHOICES, { errorMap: () => ({ message: "Choose the state of implementation" }) }),
  narrative: z.string().default(""),
  evidenceLinks: z.string().default("").transform(linesOf),
  reportDate: isoDateSchema,
});

/** What was typed, to put back in the form; the narrative in full (formValues cuts long values short). */
function valuesOf(formData: FormData): Record<string, string> {
  const narrative = formData.get("narrative");
  return { ...formValues(formData), narrative: typeof narrative === "string" ? narrative.slice(0, REPORT_NARRATIVE_MAX) : "" };
}

function failure(errors: FieldErrors, formData: FormData) {
  return formFailure({ errors, values: valuesOf(formData) }, 400);
}

/** The state the report is for: the one chosen, or the person's only one. */
function reportingState(principal: Principal, formData: FormData): string | undefined {
  const own = statesFor(principal, "report:file");
  const asked = formData.get("state");
  return typeof asked === "string" && asked ? asked : own.length === 1 ? own[0] : undefined;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  if (statesFor(sessionUser.principal, "report:file").length === 0) throw forbidden("Only a state's delegates file reports on its commitments.");
  const { instrument } = requireDraftContext(params.slug);
  const { edition, commitment } = requireCommitment(instrument.id, params);
  const formData = await readForm(request);
  const stateCode = reportingState(sessionUser.principal, formData);
  if (!stateCode) return failure({ state: ["Choose the state the report is for"] }, formData);
  await requirePermission(request, "report:file", { stateCode });
  const result = parseForm(reportSchema, formData);
  if (!result.ok) return failure(result.errors, formData);
  try {
    fileReport(actorOf(sessionUser, context, stateCode), { commitmentId: commitment.id, ...result.data });
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return failure({ [error.field]: [error.message] }, formData);
    throw error;
  }
  const address = `${editionPath(instrument.slug, edition.number)}/commitments/${commitment.number}`;
  return redirect(withNotice(address, "report-filed"), 303);
}

const LABELS = { state: "For the state", status: "State of implementation", narrative: "Report", evidenceLinks: "Evidence (links)", reportDate: "Date of the report" };

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
type ReportData = Data["current"][number];

function EvidenceLinks({ links }: { links: string[] }) {
  if (!links.length) return <span className="muted">none</span>;
  return (
    <ul className="plain-list">
      {links.map((link) => (
        <li key={link} className="digest">
          <a href={link} rel="noopener noreferrer">
            {link}
          </a>
        </li>
      ))}
    </ul>
  );
}

function CurrentReports({ reports }: { reports: ReportData[] }) {
  if (!reports.length) return <p>No state has reported on this commitment yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>The current report of each state (its latest)</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">Status</th>
            <th scope="col">Date</th>
            <th scope="col">Report</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {reports.map((report) => (
            <tr key={report.id}>
              <th scope="row">{report.state}</th>
              <td className={`report-status report-status--${report.statusKey}`}>{report.status}</td>
              <td>
                <time dateTime={report.reportDateIso}>{report.reportDate}</time>
              </td>
              <td className="source-note">{report.narrative}</td>
              <td>
                <EvidenceLinks links={report.evidenceLinks} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function History({ state, reports }: Data["histories"][number]) {
  return (
    <>
      <h3>{state}</h3>
      {reports.length ? (
        <ol className="activity">
          {reports.map((report) => (
            <li key={report.id}>
              <strong>{report.status}</strong>: report dated <time dateTime={report.reportDateIso}>{report.reportDate}</time>, filed by{" "}
              {report.filedBy} on <time dateTime={report.filedAtIso}>{report.filedAt}</time>
              <p className="source-note">{report.narrative}</p>
              {report.evidenceLinks.length ? <EvidenceLinks links={report.evidenceLinks} /> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p>{state} has not reported on this commitment yet.</p>
      )}
    </>
  );
}

function ReportForm({ states, todayIso }: { states: Data["reportStates"]; todayIso: string }) {
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const single = states.length === 1 ? states[0] : undefined;
  return (
    <>
      <h2 id="report">File a report{single ? ` for ${single.name}` : ""}</h2>
      <p className="muted">A new report becomes your state&apos;s current one; earlier reports stay in its history.</p>
      <ErrorSummary errors={failure?.errors} labels={LABELS} />
      <Form method="post" className="form" aria-labelledby="report" noValidate>
        {single ? (
          <input type="hidden" name="state" value={single.code} />
        ) : (
          <div id={fieldId("state")}>
            <ChoiceFieldset
              idPrefix="report-state"
              name="state"
              legend={LABELS.state}
              choices={states.map((state) => ({ value: state.code, label: state.name }))}
              errors={failure?.errors.state}
              selected={failure?.values.state}
            />
          </div>
        )}
        <div id={fieldId("status")}>
          <ChoiceFieldset
            idPrefix="report-status"
            name="status"
            legend={LABELS.status}
            choices={REPORT_STATUS_CHOICES.map((status) => ({ value: status, label: REPORT_STATUS_LABELS[status] }))}
            errors={failure?.errors.status}
            selected={failure?.values.status}
          />
        </div>
        <TextAreaField
          name="narrative"
          label={LABELS.narrative}
          hint="What your state has done and plans to do to implement the commitment."
          rows={6}
          maxLength={REPORT_NARRATIVE_MAX}
          required
          errors={failure?.errors}
          defaultValue={failure?.values.narrative}
        />
        <TextAreaField
          name="evidenceLinks"
          label={LABELS.evidenceLinks}
          hint={`Optional: up to ${EVIDENCE_LINKS_MAX} addresses starting with https://, one per line.`}
          rows={3}
          errors={failure?.errors}
          defaultValue={failure?.values.evidenceLinks}
        />
        <Field
          name="reportDate"
          type="date"
          label={LABELS.reportDate}
          hint="YYYY-MM-DD; not in the future, and not before the edition was adopted."
          required
          errors={failure?.errors}
          defaultValue={failure?.values.reportDate ?? todayIso}
        />
        <button type="submit" className="button" disabled={busy}>
          File the report
        </button>
      </Form>
    </>
  );
}

export default function CommitmentPage() {
  const { instrument, edition, commitment, current, histories, reportStates, today: todayIso } = useLoaderData<typeof loader>();
  const editionAddress = editionPath(instrument.slug, edition.number);
  return (
    <>
      <EditionTrail
        instrument={instrument}
        edition={edition}
        within={[{ to: `${editionAddress}/commitments`, label: "Commitments" }]}
        current={`Commitment ${commitment.number}`}
      />
      <h1>
        Commitment {commitment.number}: {commitment.title}
      </h1>
      {commitment.description ? <p className="source-note">{commitment.description}</p> : null}
      <p className="muted">A commitment is part of the edition&apos;s record: it is never changed or removed.</p>

      <h2>The clauses it comes from</h2>
      {commitment.clauses.map((clause) => (
        <blockquote key={clause.id} className="comment-quote">
          <p>
            <Link to={`${editionAddress}#${clause.anchor}`}>Clause {clause.number}</Link>: {clause.excerpt}
          </p>
        </blockquote>
      ))}

      <h2>Where the states stand</h2>
      <CurrentReports reports={current} />

      {histories.length ? (
        <>
          <h2>Your state&apos;s reports, latest first</h2>
          {histories.map((history) => (
            <History key={history.state} {...history} />
          ))}
        </>
      ) : null}

      {reportStates.length ? <ReportForm states={reportStates} todayIso={todayIso} /> : null}
    </>
  );
}
