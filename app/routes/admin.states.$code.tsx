// One participating state: its current status, the form that records a change, its whole
// history (records are never edited: a correction is a new record) and the people who act for it.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Fragment } from "react";
import { z } from "zod";
import { actorOf, requirePermission } from "../auth/guards.server";
import { ROLE_LABELS } from "../auth/permissions";
import { ErrorSummary } from "../components/forms";
import { formFailure, isoDateSchema, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice } from "../lib/notices";
import {
  PARTICIPATION_STATUS_INFO,
  PARTICIPATION_STATUS_VALUES,
  participationStatusSchema,
  sourceNoteSchema,
  statusLabel,
} from "../lib/participation";
import { listStateMembers } from "../models/membership.server";
import {
  listParticipationHistory,
  recordParticipation,
  standingOf,
} from "../models/participation.server";
import { getState } from "../models/state.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ParticipationFields } from "../components/participation-fields";
import { StatusBadge } from "../components/status-badge";
import { formatInstant } from "../lib/dates";
import { RuleError } from "../lib/rule-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.state.name} – States – Administration – Accord` : "State – Accord" },
];

/** The state named in the address, exactly as stored (upper case), or a 404. */
function requireKnownState(code: string | undefined) {
  const state = code && /^[A-Z]{2}$/.test(code) ? getState(code) : undefined;
  if (!state) throw json({ message: "There is no participating state with this code." }, { status: 404 });
  return state;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "participation:record");
  const state = requireKnownState(params.code);
  const history = listParticipationHistory(state.code);
  return {
    state: { code: state.code, name: state.name },
    standing: standingOf(history),
    history: history.map((record) => ({
      id: record.id,
      effectiveDate: record.effectiveDate,
      status: record.status,
      sourceNote: record.sourceNote,
      recordedByName: record.recordedByName,
      recordedByEmail: record.recordedByEmail,
      recordedAt: formatInstant(record.recordedAt),
    })),
    members: listStateMembers(state.code).map((member) => ({
      membershipId: member.membershipId,
      userId: member.userId,
      name: member.name,
      email: member.email,
      role: member.role,
      disabled: member.disabledAt !== null,
    })),
  };
}


const recordStatusSchema = z.object({
  status: participationStatusSchema,
  effectiveDate: isoDateSchema,
  sourceNote: sourceNoteSchema,
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "participation:record");
  const state = requireKnownState(params.code);
  const formData = await readForm(request);
  const result = parseForm(recordStatusSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  try {
    recordParticipation(actorOf(sessionUser, context), { stateCode: state.code, ...result.data });
  } catch (error) {
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
  return redirect(withNotice(`/admin/states/${state.code}`, "participation-recorded"));
}

const LABELS = { status: "New status", effectiveDate: "Effective date", sourceNote: "Source" };

export default function StatePage() {
  const { state, standing, history, members } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failure?.errors;
  const values = failure?.values ?? {};
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin", label: "Administration" }, { to: "/admin/states", label: "States" }]} current={state.name} />
      <h1>
        {state.name} <span className="muted mono">({state.code})</span>
      </h1>
      <dl className="summary-list">
        <dt>Current status</dt>
        <dd>
          {standing ? (
            <>
              <StatusBadge status={standing.status} />{" "}
              <span className="muted">{PARTICIPATION_STATUS_INFO[standing.status].explanation}</span>
            </>
          ) : (
            <span className="muted">No status recorded yet</span>
          )}
        </dd>
        <dt>Since</dt>
        <dd>{standing ? <time dateTime={standing.since}>{standing.since}</time> : "—"}</dd>
      </dl>

      <h2 id="record-status">Record a change of status</h2>
      <p className="muted">
        Records are kept as they were entered. To correct one, record the right status with its date: the status with the
        latest effective date is the current one.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" aria-labelledby="record-status" noValidate>
        <ParticipationFields
          labels={LABELS}
          values={values}
          errors={errors}
          required
          statusPlaceholder="Choose a status"
          dateHint="The day the change took effect; it cannot be later than today."
        />
        <button type="submit" className="button" disabled={busy}>
          Record status
        </button>
      </Form>

      <h2>History</h2>
      {history.length ? (
        <div className="table-wrap">
          <table>
            <caption>Participation history</caption>
            <thead>
              <tr>
                <th scope="col">Effective date</th>
                <th scope="col">Status</th>
                <th scope="col">Source</th>
                <th scope="col">Recorded by</th>
                <th scope="col">Recorded at</th>
              </tr>
            </thead>
            <tbody>
              {history.map((record) => (
                <tr key={record.id}>
                  <td>
                    <time dateTime={record.effectiveDate}>{record.effectiveDate}</time>
                  </td>
                  <td>
                    <StatusBadge status={record.status} />
                  </td>
                  <td className="source-note">{record.sourceNote}</td>
                  <td>
                    {record.recordedByName ? (
                      <>
                        {record.recordedByName}
                        <br />
                        <span className="muted">{record.recordedByEmail}</span>
                      </>
                    ) : (
                      <span className="muted">System</span>
                    )}
                  </td>
                  <td>{record.recordedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No status has been recorded for {state.name} yet.</p>
      )}

      <h2>People acting for {state.name}</h2>
      {members.length ? (
        <ul>
          {members.map((member) => (
            <li key={member.membershipId}>
              <Link to={`/admin/users/${member.userId}`}>{member.name}</Link> ({member.email}),{" "}
              {ROLE_LABELS[member.role].toLowerCase()}
              {member.disabled ? <span className="muted"> – account disabled</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          Nobody holds a role for {state.name} yet. <Link to="/admin/invitations">Invite someone</Link>.
        </p>
      )}

      <h2>What the statuses mean</h2>
      <dl className="summary-list">
        {PARTICIPATION_STATUS_VALUES.map((status) => (
          <Fragment key={status}>
            <dt>{statusLabel(status)}</dt>
            <dd>{PARTICIPATION_STATUS_INFO[status].explanation}</dd>
          </Fragment>
        ))}
      </dl>
    </>
  );
}
