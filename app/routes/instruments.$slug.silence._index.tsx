// The silence procedures of a draft: each with its version, deadline (UTC), time left or outcome and the
// states that broke silence, and the chair's form to put a saved version under silence.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, forbidden, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, Field, SelectField, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { nowMs } from "../lib/clock.server";
import { formatInstant } from "../lib/dates";
import { formFailure, parseForm, readForm, ruleFailure } from "../lib/forms";
import { RuleError } from "../lib/rule-error";
import { SILENCE_MAX_DAYS, SILENCE_NOTE_MAX, startSilenceSchema } from "../lib/silence";
import { procedureSummary } from "../lib/silence-view";
import { NotPermittedError } from "../models/acting.server";
import { listSilenceProcedures, startSilenceProcedure } from "../models/silence.server";
import { listVersions } from "../models/version.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Silence procedures – ${data.instrument.title} – Accord` : "Silence procedures – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const at = nowMs();
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    procedures: listSilenceProcedures(document.id).map((procedure) => procedureSummary(procedure, at)),
    versions: listVersions(document.id).map((version) => ({ number: version.number, name: version.name })),
    canRun: can(principal, "silence:run"),
    now: formatInstant(new Date(at)),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "silence:run");
  const { instrument, document } = requireDraftContext(params.slug);
  const formData = await readForm(request);
  const result = parseForm(startSilenceSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  const { version, deadline, note } = result.data;
  try {
    const procedure = startSilenceProcedure(actorOf(sessionUser, context), document, { versionNumber: version, deadline, note });
    return redirect(`${instrumentPath(instrument.slug, "silence")}/${procedure.id}`, 303);
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
}

const LABELS = { version: "Version", deadline: "Deadline (UTC)", note: "Note" };

type Procedure = ReturnType<typeof useLoaderData<typeof loader>>["procedures"][number];

function ProcedureRow({ slug, procedure }: { slug: string; procedure: Procedure }) {
  const base = instrumentPath(slug, "silence");
  return (
    <tr>
      <th scope="row">
        <Link to={`${base}/${procedure.id}`}>Procedure {procedure.id}</Link>
      </th>
      <td>
        {procedure.version ? (
          <Link to={`${instrumentPath(slug, "versions")}/${procedure.version.number}`}>
            {procedure.version.number}. {procedure.version.name}
          </Link>
        ) : (
          "—"
        )}
      </td>
      <td>
        <time dateTime={procedure.deadlineIso}>{procedure.deadline}</time>
      </td>
      <td className={`silence-state silence-state--${procedure.outcome ?? "open"}`}>{procedure.state}</td>
      <td>
        {procedure.breaks.length ? (
          <ul className="plain-list">
            {procedure.breaks.map((entry) => (
              <li key={entry.stateCode}>
                {entry.stateName} ({entry.userName}, <time dateTime={entry.atIso}>{entry.at}</time>): {entry.reason}
              </li>
            ))}
          </ul>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
    </tr>
  );
}

export default function SilenceProceduresPage() {
  const { instrument, procedures, versions, canRun, now } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(instrument.slug, "text"), label: instrument.title }]} current="Silence procedures" />
      <InstrumentNav slug={instrument.slug} current="silence" />
      <h1>Silence procedures</h1>
      <p className="muted">
        Under a silence procedure a version is taken as agreed unless a committed state breaks silence before the deadline. All
        times are in UTC; it is now {now}.
      </p>
      {procedures.length ? (
        <div className="table-wrap">
          <table>
            <caption>Silence procedures, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Procedure</th>
                <th scope="col">Version</th>
                <th scope="col">Deadline (UTC)</th>
                <th scope="col">Status</th>
                <th scope="col">Silence broken by</th>
              </tr>
            </thead>
            <tbody>
              {procedures.map((procedure) => (
                <ProcedureRow key={procedure.id} slug={instrument.slug} procedure={procedure} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No text has been put under silence yet.</p>
      )}

      {canRun ? (
        <>
          <h2 id="start-silence">Put a version under silence</h2>
          {versions.length ? (
            <>
              <ErrorSummary errors={failure?.errors} labels={LABELS} />
              <Form method="post" className="form" aria-labelledby="start-silence" noValidate>
                <SelectField
                  name="version"
                  label={LABELS.version}
                  options={versions.map((version) => ({ value: String(version.number), label: `${version.number}. ${version.name}` }))}
                  placeholder="Choose a saved version"
                  defaultValue={failure?.values.version ?? ""}
                  errors={failure?.errors}
                  required
                />
                <Field
                  name="deadline"
                  type="datetime-local"
                  label={LABELS.deadline}
                  hint={`Date and time in UTC, as YYYY-MM-DDTHH:MM; in the future and at most ${SILENCE_MAX_DAYS} days away.`}
                  defaultValue={failure?.values.deadline}
                  errors={failure?.errors}
                  required
                />
                <TextAreaField
                  name="note"
                  label={LABELS.note}
                  hint="Optional: what the states are asked to accept."
                  rows={3}
                  maxLength={SILENCE_NOTE_MAX}
                  defaultValue={failure?.values.note}
                  errors={failure?.errors}
                />
                <button type="submit" className="button" disabled={busy}>
                  Start the silence procedure
                </button>
              </Form>
            </>
          ) : (
            <p>
              Save the draft as a version first: <Link to={instrumentPath(instrument.slug, "versions")}>Versions</Link>.
            </p>
          )}
        </>
      ) : null}
    </>
  );
}
