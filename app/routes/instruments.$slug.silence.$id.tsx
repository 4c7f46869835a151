// One silence procedure: its version, deadline (UTC), time left or outcome and the breaks; a committed
// state's delegate's form to break silence, and the chair's form to cancel before the deadline.
import { json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, forbidden, requirePermission, requireUser } from "../auth/guards.server";
import { can, statesFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, SelectField, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { nowMs } from "../lib/clock.server";
import { formatInstant } from "../lib/dates";
import { formFailure, formValues, parseForm, readForm, ruleFailure } from "../lib/forms";
import { RuleError } from "../lib/rule-error";
import { breakSilenceSchema, cancelSilenceSchema, SILENCE_REASON_MAX } from "../lib/silence";
import { procedureSummary } from "../lib/silence-view";
import { NotPermittedError } from "../models/acting.server";
import type { SessionUser } from "../models/session.server";
import { breakSilence, cancelSilenceProcedure, getSilenceProcedure } from "../models/silence.server";
import { getState } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Silence procedure ${data.procedure.id} – ${data.instrument.title} – Accord` : "Silence procedure – Accord" },
];

function requireProcedure(documentId: number, id: string | undefined) {
  const procedure = id && /^[1-9]\d{0,8}$/.test(id) ? getSilenceProcedure(documentId, Number(id)) : undefined;
  if (!procedure) throw json({ message: "There is no silence procedure with this number." }, { status: 404 });
  return procedure;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const procedure = requireProcedure(document.id, params.id);
  const at = nowMs();
  const open = procedure.outcome === null && at < procedure.deadline.getTime();
  const broken = new Set(procedure.breaks.map((entry) => entry.stateCode));
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    procedure: procedureSummary(procedure, at),
    open,
    /** The states this person may break silence for that have not yet done so. */
    breakStates: open
      ? statesFor(principal, "silence:break")
          .filter((code) => !broken.has(code))
          .map((code) => ({ code, name: getState(code)?.name ?? code }))
      : [],
    canCancel: open && can(principal, "silence:run"),
    now: formatInstant(new Date(at)),
  };
}

function refusal(error: unknown, formData: FormData) {
  if (error instanceof NotPermittedError) throw forbidden(error.message);
  if (error instanceof RuleError) return ruleFailure(error, formData);
  throw error;
}

async function breakIt(request: Request, context: AppLoadContext, sessionUser: SessionUser, address: string, procedureId: number, formData: FormData) {
  const own = statesFor(sessionUser.principal, "silence:break");
  const asked = formData.get("state");
  const stateCode = typeof asked === "string" && asked ? asked : own.length === 1 ? own[0] : undefined;
  if (!stateCode) return formFailure({ errors: { state: ["Choose the state that breaks silence"] }, values: formValues(formData) }, 400);
  await requirePermission(request, "silence:break", { stateCode });
  const result = parseForm(breakSilenceSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  try {
    breakSilence(actorOf(sessionUser, context, stateCode), procedureId, result.data.reason);
  } catch (error) {
    return refusal(error, formData);
  }
  return redirect(address, 303);
}

async function cancel(request: Request, context: AppLoadContext, address: string, procedureId: number, formData: FormData) {
  const sessionUser = await requirePermission(request, "silence:run");
  const result = parseForm(cancelSilenceSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  try {
    cancelSilenceProcedure(actorOf(sessionUser, context), procedureId, result.data.reason);
  } catch (error) {
    return refusal(error, formData);
  }
  return redirect(address, 303);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  if (!can(sessionUser.principal, "silence:run") && statesFor(sessionUser.principal, "silence:break").length === 0) throw forbidden();
  const { instrument, document } = requireDraftContext(params.slug);
  const procedure = requireProcedure(document.id, params.id);
  const address = `${instrumentPath(instrument.slug, "silence")}/${procedure.id}`;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "cancel") return cancel(request, context, address, procedure.id, formData);
  if (intent === "break" || !can(sessionUser.principal, "silence:run")) return breakIt(request, context, sessionUser, address, procedure.id, formData);
  return formFailure({ errors: { "": ["Choose whether to break silence or to cancel the procedure."] }, values: formValues(formData) }, 400);
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function Breaks({ breaks }: { breaks: Data["procedure"]["breaks"] }) {
  if (!breaks.length) return <p>No state has broken silence.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>States that broke silence</caption>
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col">By</th>
            <th scope="col">When (UTC)</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {breaks.map((entry) => (
            <tr key={entry.stateCode}>
              <th scope="row">{entry.stateName}</th>
              <td>{entry.userName}</td>
              <td>
                <time dateTime={entry.atIso}>{entry.at}</time>
              </td>
              <td className="source-note">{entry.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SilenceProcedurePage() {
  const { instrument, procedure, breakStates, canCancel, now } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const intent = failure?.values.intent;
  const single = breakStates.length === 1 ? breakStates[0] : undefined;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: instrumentPath(instrument.slug, "silence"), label: "Silence procedures" },
        ]}
        current={`Procedure ${procedure.id}`}
      />
      <InstrumentNav slug={instrument.slug} current="silence" />
      <h1>Silence procedure {procedure.id}</h1>
      <dl className="summary-list">
        <dt>Version</dt>
        <dd>
          {procedure.version ? (
            <Link to={`${instrumentPath(instrument.slug, "versions")}/${procedure.version.number}`}>
              {procedure.version.number}. {procedure.version.name}
            </Link>
          ) : (
            "—"
          )}
        </dd>
        <dt>Deadline</dt>
        <dd>
          <time dateTime={procedure.deadlineIso}>{procedure.deadline}</time> <span className="muted">(it is now {now})</span>
        </dd>
        <dt>Status</dt>
        <dd>{procedure.state}</dd>
        {procedure.closedAt ? (
          <>
            <dt>Closed</dt>
            <dd>{procedure.closedAt}</dd>
          </>
        ) : null}
        <dt>Started</dt>
        <dd>
          {procedure.startedAt} by {procedure.startedBy}
        </dd>
        {procedure.note ? (
          <>
            <dt>Note</dt>
            <dd className="source-note">{procedure.note}</dd>
          </>
        ) : null}
      </dl>

      <h2>Breaks of silence</h2>
      <Breaks breaks={procedure.breaks} />

      {breakStates.length ? (
        <>
          <h2 id="break-silence">Break silence</h2>
          <p className="muted">Breaking silence is recorded with your state, your name and your reason, and cannot be taken back.</p>
          <ErrorSummary errors={intent === "break" ? failure?.errors : undefined} labels={{ reason: "Reason", state: "State" }} />
          <Form method="post" className="form" aria-labelledby="break-silence" noValidate>
            <input type="hidden" name="intent" value="break" />
            {single ? (
              <input type="hidden" name="state" value={single.code} />
            ) : (
              <SelectField name="state" label="State" options={breakStates.map((state) => ({ value: state.code, label: state.name }))} errors={failure?.errors} />
            )}
            <TextAreaField
              name="reason"
              label={single ? `Why ${single.name} breaks silence` : "Reason"}
              hint={`Required, at most ${SILENCE_REASON_MAX.toLocaleString("en")} characters.`}
              rows={4}
              maxLength={SILENCE_REASON_MAX}
              required
              errors={intent === "break" ? failure?.errors : undefined}
              defaultValue={intent === "break" ? failure?.values.reason : undefined}
            />
            <button type="submit" className="button button--danger" disabled={busy}>
              Break silence
            </button>
          </Form>
        </>
      ) : null}

      {canCancel ? (
        <>
          <h2 id="cancel-silence">Cancel the procedure</h2>
          <ErrorSummary errors={intent === "cancel" ? failure?.errors : undefined} labels={{ reason: "Reason for cancelling" }} />
          <Form method="post" className="form" aria-labelledby="cancel-silence" noValidate>
            <input type="hidden" name="intent" value="cancel" />
            <TextAreaField
              name="reason"
              label="Reason for cancelling"
              hint="Recorded in the audit trail."
              rows={3}
              maxLength={SILENCE_REASON_MAX}
              required
              errors={intent === "cancel" ? failure?.errors : undefined}
              defaultValue={intent === "cancel" ? failure?.values.reason : undefined}
            />
            <button type="submit" className="button button--secondary" disabled={busy}>
              Cancel the procedure
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
