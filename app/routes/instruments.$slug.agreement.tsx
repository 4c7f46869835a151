// Clause agreement: the consensus matrix of a draft (each clause's status against the position of each
// participating state), the share of the text agreed, a delegate's form per clause to record their
// state's position and the chair's form per clause to record a decision. Works without JavaScript.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { actorOf, forbidden, requirePermission, requireUser } from "../auth/guards.server";
import { can, statesFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ChoiceFieldset, NoteField } from "../components/choice-fields";
import { ErrorSummary } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { clauseAnchor } from "../../editor";
import {
  AGREEMENT_NOTE_MAX,
  CLAUSE_DECISION_INFO,
  CLAUSE_POSITION_INFO,
  clauseDecisionSchema,
  clausePositionSchema,
  clauseStatusLabel,
  formatShare,
  NO_POSITION_LABEL,
} from "../lib/agreement";
import { formFailure, formValues, parseForm, readForm, ruleFailure, type FieldErrors } from "../lib/forms";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import { consensusMatrix, recordClauseDecision, recordClausePosition } from "../models/clause-agreement.server";
import type { DocumentRow } from "../../db/schema";
import type { SessionUser } from "../models/session.server";
import type { AppLoadContext } from "@remix-run/node";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Agreement – ${data.instrument.title} – Accord` : "Agreement – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const matrix = consensusMatrix(document);
  const columns = new Set(matrix.states.map((state) => state.code));
  const ownStates = statesFor(principal, "clause:position");
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    states: matrix.states.map(({ code, name }) => ({ code, name })),
    rows: matrix.rows.map((row) => ({
      id: row.id,
      number: row.number,
      level: row.level,
      excerpt: row.excerpt,
      status: row.status,
      decisionNote: row.decisionNote,
      textAnchor: `clause-${clauseAnchor(row.number)}`,
      positions: row.positions,
    })),
    share: matrix.share,
    canDecide: can(principal, "clause:decide"),
    /** The states this person records positions for (only those in the matrix). */
    positionStates: matrix.states.filter((state) => ownStates.includes(state.code)).map(({ code, name }) => ({ code, name })),
    /** Their states that cannot record positions because they are not committed or supporters. */
    absentStates: ownStates.filter((code) => !columns.has(code)),
  };
}

function agreementAddress(slug: string, clauseId: string): string {
  return `${instrumentPath(slug, "agreement")}#clause-${encodeURIComponent(clauseId)}`;
}

/** Runs a recording; a refused rule is a 400 beside its field, a refused person a 403. */
function attempt(formData: FormData, record: () => void, success: string) {
  try {
    record();
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
  return redirect(success, 303);
}

async function decide(request: Request, context: AppLoadContext, slug: string, document: DocumentRow, formData: FormData) {
  const sessionUser = await requirePermission(request, "clause:decide");
  const result = parseForm(clauseDecisionSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  const { data } = result;
  return attempt(formData, () => recordClauseDecision(actorOf(sessionUser, context), document, data), agreementAddress(slug, data.clauseId));
}

async function position(request: Request, context: AppLoadContext, sessionUser: SessionUser, slug: string, document: DocumentRow, formData: FormData) {
  const own = statesFor(sessionUser.principal, "clause:position");
  const asked = formData.get("state");
  const stateCode = typeof asked === "string" && asked ? asked : own.length === 1 ? own[0] : undefined;
  if (!stateCode) return formFailure({ errors: { state: ["Choose the state you record the position for"] }, values: formValues(formData) }, 400);
  await requirePermission(request, "clause:position", { stateCode });
  const result = parseForm(clausePositionSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  const { data } = result;
  return attempt(formData, () => recordClausePosition(actorOf(sessionUser, context, stateCode), document, data), agreementAddress(slug, data.clauseId));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  if (!can(sessionUser.principal, "clause:decide") && statesFor(sessionUser.principal, "clause:position").length === 0) throw forbidden();
  const { instrument, document } = requireDraftContext(params.slug);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "decision") return decide(request, context, instrument.slug, document, formData);
  if (intent === "position") return position(request, context, sessionUser, instrument.slug, document, formData);
  return formFailure({ errors: { "": ["Choose a clause and what to record for it, then submit that clause's form."] }, values: formValues(formData) }, 400);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Row = LoaderData["rows"][number];
type Failure = { errors: FieldErrors; values: Record<string, string> } | undefined;

function ShareSummary({ share }: { share: LoaderData["share"] }) {
  return (
    <dl className="summary-list agreement-share">
      <dt>Clauses agreed</dt>
      <dd>
        {share.agreedClauses} of {share.totalClauses} ({formatShare(share.agreedClauses, share.totalClauses)})
      </dd>
      <dt>Text agreed, by characters</dt>
      <dd>
        {formatShare(share.agreedChars, share.totalChars)}{" "}
        <span className="muted">
          ({share.agreedChars.toLocaleString("en")} of {share.totalChars.toLocaleString("en")} characters)
        </span>
      </dd>
    </dl>
  );
}

/** The failure of the form for this clause and intent, if that is the form that was sent. */
function failureFor(failure: Failure, row: Row, intent: "position" | "decision"): Failure {
  return failure && failure.values.clauseId === row.id && failure.values.intent === intent ? failure : undefined;
}

function PositionForm({ row, states, failure, busy }: { row: Row; states: LoaderData["positionStates"]; failure: Failure; busy: boolean }) {
  const prefix = `position-${row.id}`;
  const single = states.length === 1 ? states[0] : undefined;
  const stateLabel = single ? single.name : "your state";
  return (
    <details open={failure ? true : undefined}>
      <summary>Position of {stateLabel}</summary>
      <Form method="post" className="form form--compact" noValidate preventScrollReset>
        <input type="hidden" name="intent" value="position" />
        <input type="hidden" name="clauseId" value={row.id} />
        {single ? (
          <input type="hidden" name="state" value={single.code} />
        ) : (
          <ChoiceFieldset
            idPrefix={`${prefix}-state`}
            name="state"
            legend="For the state"
            choices={states.map((state) => ({ value: state.code, label: state.name }))}
            errors={failure?.errors.state}
            selected={failure?.values.state}
          />
        )}
        <ChoiceFieldset
          idPrefix={`${prefix}-position`}
          name="position"
          legend={`Position of ${stateLabel} on clause ${row.number}`}
          choices={Object.entries(CLAUSE_POSITION_INFO).map(([value, info]) => ({ value, label: info.label, hint: info.hint }))}
          errors={failure?.errors.position}
          selected={failure?.values.position ?? row.positions[single?.code ?? ""]?.position}
        />
        <NoteField id={`${prefix}-note`} hint="A reservation usually says what it is." errors={failure?.errors.note} value={failure?.values.note} max={AGREEMENT_NOTE_MAX} />
        {failure?.errors.clauseId ? <p className="field__error">{failure.errors.clauseId.join(" ")}</p> : null}
        <button type="submit" className="button" disabled={busy}>
          Record position
        </button>
      </Form>
    </details>
  );
}

function DecisionForm({ row, failure, busy }: { row: Row; failure: Failure; busy: boolean }) {
  const prefix = `decision-${row.id}`;
  return (
    <details open={failure ? true : undefined}>
      <summary>Chair&apos;s decision</summary>
      <Form method="post" className="form form--compact" noValidate preventScrollReset>
        <input type="hidden" name="intent" value="decision" />
        <input type="hidden" name="clauseId" value={row.id} />
        <ChoiceFieldset
          idPrefix={`${prefix}-decision`}
          name="decision"
          legend={`Status of clause ${row.number}`}
          choices={Object.entries(CLAUSE_DECISION_INFO).map(([value, info]) => ({ value, label: info.label, hint: info.hint }))}
          errors={failure?.errors.decision}
          selected={failure?.values.decision}
        />
        <NoteField id={`${prefix}-note`} hint="Optional: why, or what was agreed." errors={failure?.errors.note} value={failure?.values.note} max={AGREEMENT_NOTE_MAX} />
        {failure?.errors.clauseId ? <p className="field__error">{failure.errors.clauseId.join(" ")}</p> : null}
        <button type="submit" className="button" disabled={busy}>
          Record decision
        </button>
      </Form>
    </details>
  );
}

function PositionCell({ cell }: { cell: Row["positions"][string] | undefined }) {
  if (!cell) return <td className="position position--none">{NO_POSITION_LABEL}</td>;
  return (
    <td className={`position position--${cell.position}`}>
      {CLAUSE_POSITION_INFO[cell.position].label}
      {cell.note ? <span className="position__note">{cell.note}</span> : null}
    </td>
  );
}

function MatrixRow({ row, data, failure, busy }: { row: Row; data: LoaderData; failure: Failure; busy: boolean }) {
  const hasForms = data.canDecide || data.positionStates.length > 0;
  return (
    <tr id={`clause-${row.id}`} data-level={row.level}>
      <th scope="row" className="matrix__clause">
        <Link to={`${instrumentPath(data.instrument.slug, "text")}#${row.textAnchor}`}>{row.number}</Link>{" "}
        <span className="matrix__excerpt">{row.excerpt || <span className="muted">(no text)</span>}</span>
      </th>
      <td className={`clause-status clause-status--${row.status}`}>
        {clauseStatusLabel(row.status)}
        {row.decisionNote ? <span className="position__note">{row.decisionNote}</span> : null}
      </td>
      {data.states.map((state) => (
        <PositionCell key={state.code} cell={row.positions[state.code]} />
      ))}
      {hasForms ? (
        <td className="matrix__forms">
          {data.positionStates.length ? <PositionForm row={row} states={data.positionStates} failure={failureFor(failure, row, "position")} busy={busy} /> : null}
          {data.canDecide ? <DecisionForm row={row} failure={failureFor(failure, row, "decision")} busy={busy} /> : null}
        </td>
      ) : null}
    </tr>
  );
}

export default function AgreementPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const busy = useNavigation().state === "submitting";
  const { instrument, states, rows } = data;
  const hasForms = data.canDecide || data.positionStates.length > 0;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(instrument.slug, "text"), label: instrument.title }]} current="Agreement" />
      <InstrumentNav slug={instrument.slug} current="agreement" />
      <h1>Agreement on the clauses</h1>
      <p className="muted">
        A clause is bracketed while its text holds square brackets; otherwise its status is the chair&apos;s latest decision. Nothing
        is agreed until everything is agreed: clause-level agreement stays provisional until the whole text is adopted.
      </p>
      <ShareSummary share={data.share} />
      {data.absentStates.length ? (
        <p className="notice">
          Positions are recorded by committed states and supporters; {data.absentStates.join(", ")} is not one at present.
        </p>
      ) : null}
      <ErrorSummary errors={failure?.errors} />
      {rows.length ? (
        <div className="table-wrap">
          <table className="matrix">
            <caption>Consensus matrix: the status of each clause and the current position of each participating state</caption>
            <thead>
              <tr>
                <th scope="col">Clause</th>
                <th scope="col">Status</th>
                {states.map((state) => (
                  <th scope="col" key={state.code}>
                    <abbr title={state.name}>{state.code}</abbr>
                  </th>
                ))}
                {hasForms ? <th scope="col">Record</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <MatrixRow key={row.id} row={row} data={data} failure={failure} busy={busy} />
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>The draft has no clauses yet.</p>
      )}
      {states.length === 0 ? <p>No state is committed or a supporter yet, so there are no positions to show.</p> : null}
    </>
  );
}
