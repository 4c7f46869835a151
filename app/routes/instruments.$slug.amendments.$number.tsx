// One amendment: what accepting it would change, word by word against the clause as it stands now (or why
// it no longer applies), the text it was proposed against, who proposed it and why, the co-sponsors and
// objections, its dated life; and the forms each person may use: the proposing delegation edits, submits
// or withdraws it, other delegations co-sponsor, object or take their position back, the chair accepts
// or rejects it. Works without JavaScript.
import { json, redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import type { DocumentRow } from "../../db/schema";
import { actorOf, forbidden, requirePermission, requireUser } from "../auth/guards.server";
import { can, statesFor, type Principal } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ChoiceFieldset, NoteField } from "../components/choice-fields";
import { ErrorSummary, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { diffWords, type DiffPart } from "../../editor";
import { formatInstant } from "../lib/dates";
import { formFailure, formValues, parseForm, readForm, ruleFailure, textSchema, type FieldErrors } from "../lib/forms";
import { withNotice, type NoticeKey } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { AMENDMENT_NOTE_MAX, AMENDMENT_POSITIONS, JUSTIFICATION_MAX, PROPOSED_TEXT_MAX } from "../lib/amendments";
import { NotPermittedError } from "../models/acting.server";
import {
  acceptAmendment,
  type AmendmentRow,
  type AmendmentStatus,
  amendmentTimeline,
  amendmentViewer,
  currentPositions,
  getAmendment,
  positionOfState,
  recordAmendmentPosition,
  rejectAmendment,
  submitAmendment,
  updateAmendment,
  viewAmendment,
  withdrawAmendment,
  type AmendmentEvent,
} from "../models/amendment.server";
import type { SessionUser } from "../models/session.server";
import { getState } from "../models/state.server";
import { getUser } from "../models/user.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Amendment ${data.amendment.number} – ${data.instrument.title} – Accord` : "Amendment – Accord" },
];

const STATUS_LABELS: Record<AmendmentStatus, string> = {
  draft: "Draft (seen only by its delegation and the chair)",
  submitted: "Submitted",
  accepted: "Accepted into the text",
  rejected: "Rejected",
  withdrawn: "Withdrawn",
};

const KIND_LABELS = { insert: "inserts words", delete: "deletes words", replace: "replaces words", none: "changes nothing" } as const;

function requireAmendmentOf(principal: Principal, document: DocumentRow, number: string | undefined): AmendmentRow {
  const row = number && /^[1-9]\d{0,8}$/.test(number) ? getAmendment(document, Number(number), amendmentViewer(principal)) : undefined;
  if (!row) throw json({ message: "There is no amendment with this number." }, { status: 404 });
  return row;
}

function dated(at: Date | null) {
  return at ? { text: formatInstant(at), iso: at.toISOString() } : null;
}

function stateName(code: string | null | undefined): string {
  return code ? (getState(code)?.name ?? code) : "";
}

const POSITION_WORDS = { cosponsor: "co-sponsored", object: "objected", none: "took back its position" } as const;

/** One step of the amendment's life in words. */
function describeEvent(event: AmendmentEvent): string {
  const details = event.details;
  switch (event.action) {
    case "amendment.created":
      return "Proposed";
    case "amendment.updated":
      return "Draft changed";
    case "amendment.submitted":
      return "Submitted";
    case "amendment.withdrawn":
      return "Withdrawn";
    case "amendment.accepted":
      return "Accepted into the text";
    case "amendment.rejected":
      return "Rejected";
    case "amendment.position-recorded": {
      const position = details.position as keyof typeof POSITION_WORDS;
      return `${stateName(details.positionStateCode as string)} ${POSITION_WORDS[position] ?? "recorded a position"}`;
    }
    default:
      return event.action;
  }
}

function timelineOf(document: DocumentRow, row: AmendmentRow) {
  return amendmentTimeline(document, row).map((event, index) => ({
    key: index,
    what: describeEvent(event),
    note: typeof event.details.note === "string" ? event.details.note : "",
    by: [event.actorName ?? "Accord", event.stateCode ? stateName(event.stateCode) : null].filter(Boolean).join(", "),
    at: dated(event.at),
  }));
}

function permissionsOf(principal: Principal, row: AmendmentRow) {
  const proposing = statesFor(principal, "amendment:propose").includes(row.stateCode);
  const open = row.status === "draft" || row.status === "submitted";
  return {
    edit: proposing && row.status === "draft",
    withdraw: proposing && open,
    decide: can(principal, "amendment:decide") && row.status === "submitted",
    /** The states this person takes a position for (never the proposing state), while it is submitted. */
    positionStates:
      row.status === "submitted"
        ? statesFor(principal, "amendment:position")
            .filter((code) => code !== row.stateCode)
            .map((code) => ({ code, name: stateName(code), current: positionOfState(row.id, code) }))
        : [],
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const row = requireAmendmentOf(principal, document, params.number);
  const view = viewAmendment(document, row);
  const open = row.status === "draft" || row.status === "submitted";
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    amendment: {
      number: row.number,
      status: row.status,
      kind: view.kind,
      clauseId: row.clauseId,
      clauseNumber: view.clauseNumber,
      baseText: row.baseText,
      proposedText: row.proposedText,
      justification: row.justification,
      stateName: stateName(row.stateCode),
      proposerName: getUser(row.proposedBy)?.name ?? "—",
      created: dated(row.createdAt),
      submitted: dated(row.submittedAt),
      decided: dated(row.decidedAt),
      decidedBy: row.decidedBy ? (getUser(row.decidedBy)?.name ?? "—") : null,
      decisionNote: row.decisionNote ?? "",
    },
    /** While it is open: what accepting would change in the clause as it stands now. */
    current: open ? view.changes : null,
    clauseChanged: view.clauseChanged,
    conflict: open ? view.conflict : null,
    proposed: diffWords(row.baseText, row.proposedText),
    positions: currentPositions(row.id).map((position) => ({ ...position, at: dated(position.at) })),
    timeline: timelineOf(document, row),
    can: permissionsOf(principal, row),
  };
}

// ---------------------------------------------------------------------------------------------------
// Actions

const noteSchema = z
  .string()
  .trim()
  .max(AMENDMENT_NOTE_MAX, `The note has at most ${AMENDMENT_NOTE_MAX.toLocaleString("en")} characters`)
  .default("");

const updateSchema = z.object({
  proposedText: z
    .string()
    .max(PROPOSED_TEXT_MAX, `The proposed text has at most ${PROPOSED_TEXT_MAX.toLocaleString("en")} characters`)
    .default(""),
  justification: textSchema("a justification", JUSTIFICATION_MAX),
});

const positionSchema = z.object({
  position: z.enum(AMENDMENT_POSITIONS, { errorMap: () => ({ message: "Choose co-sponsor, object or take back your position" }) }),
  note: noteSchema,
});

const acceptSchema = z.object({ note: noteSchema });
const rejectSchema = z.object({ note: textSchema("a note saying why the amendment is rejected", AMENDMENT_NOTE_MAX) });

interface Step {
  request: Request;
  context: AppLoadContext;
  sessionUser: SessionUser;
  document: DocumentRow;
  row: AmendmentRow;
  formData: FormData;
  address: string;
}

/** Runs a domain step; a refused rule is a 400 beside its field, a refused person a 403, success a redirect with its notice. */
async function attempt(step: Step, run: () => unknown, notice: NoticeKey) {
  try {
    await run();
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, step.formData);
    throw error;
  }
  return redirect(withNotice(step.address, notice));
}

async function delegationStep(step: Step, intent: "update" | "submit" | "withdraw") {
  const stateCode = step.row.stateCode;
  await requirePermission(step.request, "amendment:propose", { stateCode });
  const actor = actorOf(step.sessionUser, step.context, stateCode);
  const { document, row } = step;
  if (intent === "submit") return attempt(step, () => submitAmendment(actor, document, row.number), "amendment-submitted");
  if (intent === "withdraw") return attempt(step, () => withdrawAmendment(actor, document, row.number), "amendment-withdrawn");
  const result = parseForm(updateSchema, step.formData);
  if (!result.ok) return formFailure(result, 400);
  return attempt(step, () => updateAmendment(actor, document, row.number, result.data), "amendment-updated");
}

async function positionStep(step: Step) {
  const all = statesFor(step.sessionUser.principal, "amendment:position");
  if (all.length === 0) throw forbidden("Only a delegate co-sponsors or objects to an amendment, for their own state.");
  const own = all.filter((code) => code !== step.row.stateCode);
  const asked = step.formData.get("state");
  if (asked === step.row.stateCode || (!asked && own.length === 0)) throw forbidden("A delegation does not co-sponsor or object to its own amendment.");
  const stateCode = typeof asked === "string" && asked ? asked : own.length === 1 ? own[0] : undefined;
  if (!stateCode) return formFailure({ errors: { state: ["Choose the state you take the position for"] }, values: formValues(step.formData) }, 400);
  await requirePermission(step.request, "amendment:position", { stateCode });
  const result = parseForm(positionSchema, step.formData);
  if (!result.ok) return formFailure(result, 400);
  const actor = actorOf(step.sessionUser, step.context, stateCode);
  return attempt(step, () => recordAmendmentPosition(actor, step.document, step.row.number, result.data), "amendment-position-recorded");
}

async function chairStep(step: Step, intent: "accept" | "reject") {
  await requirePermission(step.request, "amendment:decide");
  const actor = actorOf(step.sessionUser, step.context);
  if (intent === "accept") {
    const result = parseForm(acceptSchema, step.formData);
    if (!result.ok) return formFailure(result, 400);
    return attempt(step, () => acceptAmendment(actor, step.document, step.row.number, result.data), "amendment-accepted");
  }
  const result = parseForm(rejectSchema, step.formData);
  if (!result.ok) return formFailure(result, 400);
  return attempt(step, () => rejectAmendment(actor, step.document, step.row.number, result.data), "amendment-rejected");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const { principal } = sessionUser;
  const actsOnAmendments =
    can(principal, "amendment:decide") || statesFor(principal, "amendment:propose").length > 0 || statesFor(principal, "amendment:position").length > 0;
  if (!actsOnAmendments) throw forbidden();
  const { instrument, document } = requireDraftContext(params.slug);
  const row = requireAmendmentOf(principal, document, params.number);
  const formData = await readForm(request);
  const address = `${instrumentPath(instrument.slug, "amendments")}/${row.number}`;
  const step: Step = { request, context, sessionUser, document, row, formData, address };
  const intent = formData.get("intent");
  if (intent === "update" || intent === "submit" || intent === "withdraw") return delegationStep(step, intent);
  if (intent === "position") return positionStep(step);
  if (intent === "accept" || intent === "reject") return chairStep(step, intent);
  return formFailure({ errors: { "": ["Choose what to do with this amendment, then use that form's button."] }, values: formValues(formData) }, 400);
}

// ---------------------------------------------------------------------------------------------------
// Page

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Failure = { errors: FieldErrors; values: Record<string, string> } | undefined;

/** The failure, when it came from the form with this intent. */
function failureOf(failure: Failure, intent: string): Failure {
  return failure && failure.values.intent === intent ? failure : undefined;
}

/** A word diff: inserted words underlined in <ins>, deleted ones struck through in <del>, each named for screen readers. */
function WordDiff({ parts, label }: { parts: readonly DiffPart[]; label: string }) {
  return (
    <div className="version-diff amendment-diff" role="group" aria-label={label}>
      {parts.map((part, index) =>
        part.kind === "inserted" ? (
          <ins key={index}>
            <span className="visually-hidden">[inserted: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </ins>
        ) : part.kind === "deleted" ? (
          <del key={index}>
            <span className="visually-hidden">[deleted: </span>
            {part.text}
            <span className="visually-hidden">]</span>
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </div>
  );
}

function When({ at }: { at: { text: string; iso: string } | null }) {
  return at ? <time dateTime={at.iso}>{at.text}</time> : null;
}

function Summary({ data }: { data: LoaderData }) {
  const { amendment } = data;
  return (
    <dl className="summary-list">
      <dt>Status</dt>
      <dd>
        <span className={`amendment-status amendment-status--${amendment.status}`}>{STATUS_LABELS[amendment.status]}</span>
      </dd>
      <dt>Clause</dt>
      <dd>{amendment.clauseNumber ? `Clause ${amendment.clauseNumber}` : "A clause since deleted from the draft"}</dd>
      <dt>Proposed by</dt>
      <dd>
        {amendment.stateName} ({amendment.proposerName}), <When at={amendment.created} />
      </dd>
      <dt>Change</dt>
      <dd>It {KIND_LABELS[amendment.kind]}</dd>
      {amendment.decided ? (
        <>
          <dt>{amendment.status === "withdrawn" ? "Withdrawn" : "Decided"}</dt>
          <dd>
            <When at={amendment.decided} /> by {amendment.decidedBy}
            {amendment.decisionNote ? <span className="amendment-note">{amendment.decisionNote}</span> : null}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

function Change({ data }: { data: LoaderData }) {
  return (
    <section aria-labelledby="the-change">
      <h2 id="the-change">The change</h2>
      {data.conflict ? (
        <div className="amendment-conflict" role="note">
          <h3>This amendment no longer applies as proposed</h3>
          <p>{data.conflict}</p>
          <p>It cannot be accepted until this is resolved: the proposing delegation may withdraw it and propose one on the current text.</p>
        </div>
      ) : null}
      {data.current ? (
        <>
          <h3>Against the clause as it stands now</h3>
          <WordDiff parts={data.current} label="The clause as it stands now, with the amendment's changes marked" />
          {data.clauseChanged ? null : <p className="muted">The clause has not changed since the amendment was proposed.</p>}
        </>
      ) : null}
      {data.current && !data.clauseChanged ? null : (
        <>
          <h3>As proposed</h3>
          <WordDiff parts={data.proposed} label="The text the amendment was proposed against, with its changes marked" />
        </>
      )}
      <details>
        <summary>The clause&apos;s text when the amendment was proposed</summary>
        <div className="amendment-text">{data.amendment.baseText}</div>
      </details>
      <h3>Justification</h3>
      <div className="amendment-text">{data.amendment.justification}</div>
    </section>
  );
}

function Positions({ data }: { data: LoaderData }) {
  const groups = [
    { key: "cosponsor", title: "Co-sponsors", none: "No state co-sponsors it." },
    { key: "object", title: "Objections", none: "No state objects." },
  ] as const;
  return (
    <section aria-labelledby="positions">
      <h2 id="positions">Co-sponsors and objections</h2>
      {groups.map((group) => {
        const entries = data.positions.filter((position) => position.position === group.key);
        return (
          <div key={group.key}>
            <h3>{group.title}</h3>
            {entries.length ? (
              <ul className="amendment-positions">
                {entries.map((entry) => (
                  <li key={entry.stateCode}>
                    <strong>{entry.stateName}</strong> ({entry.userName}, <When at={entry.at} />)
                    {entry.note ? <span className="amendment-note">{entry.note}</span> : null}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{group.none}</p>
            )}
          </div>
        );
      })}
    </section>
  );
}

function Timeline({ data }: { data: LoaderData }) {
  return (
    <section aria-labelledby="timeline">
      <h2 id="timeline">History</h2>
      <ol className="amendment-timeline">
        {data.timeline.map((step) => (
          <li key={step.key}>
            <When at={step.at} />: {step.what} <span className="muted">({step.by})</span>
            {step.note ? <span className="amendment-note">{step.note}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function FormMessage({ failure }: { failure: Failure }) {
  const messages = failure?.errors[""] ?? failure?.errors.amendment ?? [];
  return messages.length ? <p className="field__error">{messages.join(" ")}</p> : null;
}

function DelegationForms({ data, failure, busy }: { data: LoaderData; failure: Failure; busy: boolean }) {
  const { amendment } = data;
  const update = failureOf(failure, "update");
  return (
    <section aria-labelledby="delegation-forms">
      <h2 id="delegation-forms">Your delegation&apos;s amendment</h2>
      {data.can.edit ? (
        <Form method="post" className="form" aria-label="Change the draft amendment" noValidate>
          <input type="hidden" name="intent" value="update" />
          <TextAreaField
            name="proposedText"
            label="Proposed text"
            hint="Changes are compared with the clause's text when the amendment was proposed."
            rows={8}
            maxLength={PROPOSED_TEXT_MAX}
            errors={update?.errors}
            defaultValue={update?.values.proposedText ?? amendment.proposedText}
          />
          <TextAreaField
            name="justification"
            label="Justification"
            rows={4}
            maxLength={JUSTIFICATION_MAX}
            required
            errors={update?.errors}
            defaultValue={update?.values.justification ?? amendment.justification}
          />
          <FormMessage failure={update} />
          <button type="submit" className="button button--secondary" disabled={busy}>
            Save changes
          </button>
        </Form>
      ) : null}
      <div className="amendment-form__actions">
        {data.can.edit ? (
          <Form method="post" className="form form--inline" aria-label="Submit the amendment">
            <input type="hidden" name="intent" value="submit" />
            <FormMessage failure={failureOf(failure, "submit")} />
            <button type="submit" className="button" disabled={busy}>
              Submit to all delegations
            </button>
          </Form>
        ) : null}
        {data.can.withdraw ? (
          <Form method="post" className="form form--inline" aria-label="Withdraw the amendment">
            <input type="hidden" name="intent" value="withdraw" />
            <FormMessage failure={failureOf(failure, "withdraw")} />
            <button type="submit" className="button button--danger" disabled={busy}>
              Withdraw amendment {amendment.number}
            </button>
          </Form>
        ) : null}
      </div>
    </section>
  );
}

const POSITION_CHOICES = [
  { value: "cosponsor", label: "Co-sponsor", hint: "Your state joins in proposing the change." },
  { value: "object", label: "Object", hint: "Your state cannot accept the change: say why in the note." },
];

function PositionForm({ data, failure, busy }: { data: LoaderData; failure: Failure; busy: boolean }) {
  const states = data.can.positionStates;
  const single = states.length === 1 ? states[0] : undefined;
  const mine = failureOf(failure, "position");
  const hasPosition = states.some((state) => state.current !== null);
  const choices = hasPosition ? [...POSITION_CHOICES, { value: "none", label: "Take back the position", hint: "Neither co-sponsor nor object." }] : POSITION_CHOICES;
  return (
    <section aria-labelledby="position-form">
      <h2 id="position-form">Position of {single ? single.name : "your state"}</h2>
      {single?.current ? <p>{single.name} currently {single.current === "cosponsor" ? "co-sponsors this amendment" : "objects to this amendment"}.</p> : null}
      <Form method="post" className="form" aria-labelledby="position-form" noValidate>
        <input type="hidden" name="intent" value="position" />
        {single ? (
          <input type="hidden" name="state" value={single.code} />
        ) : (
          <ChoiceFieldset
            idPrefix="position-state"
            name="state"
            legend="For the state"
            choices={states.map((state) => ({ value: state.code, label: state.name }))}
            errors={mine?.errors.state}
            selected={mine?.values.state}
          />
        )}
        <ChoiceFieldset
          idPrefix="position-choice"
          name="position"
          legend={`Position on amendment ${data.amendment.number}`}
          choices={choices}
          errors={mine?.errors.position}
          selected={mine?.values.position ?? single?.current ?? undefined}
        />
        <NoteField id="position-note" hint="Optional." errors={mine?.errors.note} value={mine?.values.note} max={AMENDMENT_NOTE_MAX} />
        <FormMessage failure={mine} />
        <button type="submit" className="button" disabled={busy}>
          Record position
        </button>
      </Form>
    </section>
  );
}

function ChairForms({ data, failure, busy }: { data: LoaderData; failure: Failure; busy: boolean }) {
  const accept = failureOf(failure, "accept");
  const reject = failureOf(failure, "reject");
  return (
    <section aria-labelledby="chair-forms">
      <h2 id="chair-forms">The chair&apos;s decision</h2>
      <Form method="post" className="form" aria-label="Accept the amendment" noValidate>
        <input type="hidden" name="intent" value="accept" />
        <p className="muted">Accepting changes the clause in the draft as one edit in your name; delegates editing now see it happen.</p>
        <NoteField id="accept-note" hint="Optional." errors={accept?.errors.note} value={accept?.values.note} max={AMENDMENT_NOTE_MAX} />
        <FormMessage failure={accept} />
        <button type="submit" className="button" disabled={busy || data.conflict !== null}>
          Accept amendment {data.amendment.number}
        </button>
      </Form>
      <Form method="post" className="form" aria-label="Reject the amendment" noValidate>
        <input type="hidden" name="intent" value="reject" />
        <NoteField id="reject-note" label="Reason for rejecting" errors={reject?.errors.note} value={reject?.values.note} max={AMENDMENT_NOTE_MAX} required />
        <FormMessage failure={reject} />
        <button type="submit" className="button button--danger" disabled={busy}>
          Reject amendment {data.amendment.number}
        </button>
      </Form>
    </section>
  );
}

export default function AmendmentPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const busy = useNavigation().state === "submitting";
  const { instrument, amendment } = data;
  const base = instrumentPath(instrument.slug, "amendments");
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: base, label: "Amendments" },
        ]}
        current={`Amendment ${amendment.number}`}
      />
      <InstrumentNav slug={instrument.slug} current="amendments" />
      <h1>
        Amendment {amendment.number}
        {amendment.clauseNumber ? ` to clause ${amendment.clauseNumber}` : null}
      </h1>
      <ErrorSummary errors={failure?.errors} labels={{ proposedText: "Proposed text", justification: "Justification" }} />
      <Summary data={data} />
      <Change data={data} />
      <Positions data={data} />
      {data.can.edit || data.can.withdraw ? <DelegationForms data={data} failure={failure} busy={busy} /> : null}
      {data.can.positionStates.length ? <PositionForm data={data} failure={failure} busy={busy} /> : null}
      {data.can.decide ? <ChairForms data={data} failure={failure} busy={busy} /> : null}
      <Timeline data={data} />
      <p>
        <Link to={base}>All amendments</Link>
      </p>
    </>
  );
}
