// The commitments of an adopted edition: each with the clauses it comes from (linking into the
// edition's text), a delegate's current status on each with a link to report, and the chair's form to
// add a commitment and link to the matrix of every state's reports.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { clauseAnchor } from "../../editor";
import { actorOf, forbidden, requirePermission } from "../auth/guards.server";
import { can, statesFor } from "../auth/permissions";
import { EditionTrail } from "../components/edition-trail";
import { ErrorSummary, Field, fieldId, TextAreaField } from "../components/forms";
import { requireDraftContext } from "../drafting/draft-context.server";
import { COMMITMENT_DESCRIPTION_MAX, COMMITMENT_TITLE_MAX, REPORT_STATUS_LABELS } from "../lib/commitments";
import { formatIsoDate } from "../lib/dates";
import { editionPath } from "../lib/editions";
import { formFailure, formValues, parseForm, readForm, type FieldErrors } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import { addCommitment, latestReports, listCommitments } from "../models/commitment.server";
import { editionClauses, getEdition } from "../models/edition.server";
import { getState } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Commitments – ${data.edition.title} – Accord` : "Commitments – Accord" },
];

function requireEdition(instrumentId: number, number: string | undefined) {
  const edition = number && /^[1-9]\d{0,8}$/.test(number) ? getEdition(instrumentId, Number(number)) : undefined;
  if (!edition) throw json({ message: "There is no edition with this number." }, { status: 404 });
  return edition;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument } = requireDraftContext(params.slug);
  const edition = requireEdition(instrument.id, params.number);
  const ownStates = statesFor(principal, "report:file").map((code) => ({ code, name: getState(code)?.name ?? code }));
  const current = new Map(latestReports(edition.id).map((report) => [`${report.commitmentId}:${report.stateCode}`, report]));
  const canDefine = can(principal, "commitment:define");
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    edition: { number: edition.number, title: edition.title, adoptedOn: formatIsoDate(edition.adoptedOn) },
    commitments: listCommitments(edition.id).map((commitment) => ({
      number: commitment.number,
      title: commitment.title,
      description: commitment.description,
      clauses: commitment.clauses.map((clause) => ({ number: clause.number, anchor: `clause-${clauseAnchor(clause.number)}` })),
      /** The current status of each state this person reports for. */
      own: ownStates.map((state) => {
        const report = current.get(`${commitment.id}:${state.code}`);
        return {
          state: state.name,
          status: report ? REPORT_STATUS_LABELS[report.status] : null,
          reportDate: report ? formatIsoDate(report.reportDate) : null,
        };
      }),
    })),
    /** The clauses a commitment can come from, for the chair's form. */
    clauses: canDefine ? editionClauses(edition) : [],
    canDefine,
    canOverview: can(principal, "report:overview"),
  };
}

/** A checkbox group sends nothing, one value or several; the domain takes a list in every case. */
const addSchema = z.object({
  title: z.string().default(""),
  description: z.string().default(""),
  clauseIds: z
    .union([z.string(), z.array(z.string())])
    .default([])
    .transform((value) => (Array.isArray(value) ? value : [value])),
});

/**
 * What was typed, to put back in the form: the description in full (formValues cuts long values short)
 * and every ticked clause (formValues keeps only the last of repeated fields).
 */
function valuesOf(formData: FormData): Record<string, string> {
  const description = formData.get("description");
  return {
    ...formValues(formData),
    description: typeof description === "string" ? description.slice(0, COMMITMENT_DESCRIPTION_MAX) : "",
    clauseIds: formData.getAll("clauseIds").filter((id) => typeof id === "string").join(" "),
  };
}

function failure(errors: FieldErrors, formData: FormData) {
  return formFailure({ errors, values: valuesOf(formData) }, 400);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "commitment:define");
  const { instrument } = requireDraftContext(params.slug);
  const edition = requireEdition(instrument.id, params.number);
  const formData = await readForm(request);
  const result = parseForm(addSchema, formData);
  if (!result.ok) return failure(result.errors, formData);
  try {
    const commitment = addCommitment(actorOf(sessionUser, context), { editionId: edition.id, ...result.data });
    const address = `${editionPath(instrument.slug, edition.number)}/commitments/${commitment.number}`;
    return redirect(withNotice(address, "commitment-added"), 303);
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return failure({ [error.field]: [error.message] }, formData);
    throw error;
  }
}

const LABELS = { title: "Title", description: "Description", clauseIds: "Clauses it comes from" };

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

/** The edition's clauses as checkboxes, in a fieldset whose legend asks the question. */
function ClauseChoices({ clauses, errors, chosen }: { clauses: Data["clauses"]; errors?: string[]; chosen: Set<string> }) {
  const id = fieldId("clauseIds");
  return (
    <fieldset id={id} className={`field choice-fieldset${errors?.length ? " field--invalid" : ""}`} aria-describedby={`${id}-hint${errors?.length ? ` ${id}-error` : ""}`}>
      <legend>{LABELS.clauseIds}</legend>
      <span className="field__hint" id={`${id}-hint`}>
        Choose at least one clause of the edition.
      </span>
      {errors?.length ? (
        <span className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {errors.join(" ")}
        </span>
      ) : null}
      {clauses.map((clause) => (
        <div className="choice" key={clause.id}>
          <input type="checkbox" id={`clause-choice-${clause.id}`} name="clauseIds" value={clause.id} defaultChecked={chosen.has(clause.id)} />
          <label htmlFor={`clause-choice-${clause.id}`}>
            {clause.number} {clause.excerpt ? <span className="muted">{clause.excerpt}</span> : null}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

function CommitmentItem({ commitment, base, editionAddress }: { commitment: Data["commitments"][number]; base: string; editionAddress: string }) {
  return (
    <li className="card">
      <h2>
        <Link to={`${base}/${commitment.number}`}>
          {commitment.number}. {commitment.title}
        </Link>
      </h2>
      {commitment.description ? <p className="source-note">{commitment.description}</p> : null}
      <p>
        {commitment.clauses.length === 1 ? "From clause " : "From clauses "}
        {commitment.clauses.map((clause, index) => (
          <span key={clause.anchor}>
            {index > 0 ? ", " : null}
            <Link to={`${editionAddress}#${clause.anchor}`}>{clause.number}</Link>
          </span>
        ))}
      </p>
      {commitment.own.map((own) => (
        <p key={own.state}>
          {own.state}:{" "}
          {own.status ? (
            <>
              <strong>{own.status}</strong> (reported {own.reportDate})
            </>
          ) : (
            <span className="muted">not reported yet</span>
          )}{" "}
          — <Link to={`${base}/${commitment.number}#report`}>Report on commitment {commitment.number}</Link>
        </p>
      ))}
    </li>
  );
}

export default function CommitmentsPage() {
  const { instrument, edition, commitments, clauses, canDefine, canOverview } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const editionAddress = editionPath(instrument.slug, edition.number);
  const base = `${editionAddress}/commitments`;
  return (
    <>
      <EditionTrail instrument={instrument} edition={edition} current="Commitments" />
      <h1>Commitments of {edition.title}</h1>
      <p className="muted">
        The undertakings of the edition adopted on {edition.adoptedOn}, each drawn from clauses of its text, on which the states
        report how they implement them. A commitment is part of the edition&apos;s record: once added it is never changed or
        removed.
      </p>
      {canOverview ? (
        <p>
          <Link to={`${editionAddress}/reports`}>Every state&apos;s reports, commitment by commitment</Link>
        </p>
      ) : null}

      {commitments.length ? (
        <ol className="card-grid" aria-label="Commitments">
          {commitments.map((commitment) => (
            <CommitmentItem key={commitment.number} commitment={commitment} base={base} editionAddress={editionAddress} />
          ))}
        </ol>
      ) : (
        <p>No commitment has been listed for this edition yet.</p>
      )}

      {canDefine ? (
        <>
          <h2 id="add-commitment">Add a commitment</h2>
          <p className="muted">Check the wording before adding it: commitments cannot be edited afterwards.</p>
          <ErrorSummary errors={failed?.errors} labels={LABELS} />
          <Form method="post" className="form" aria-labelledby="add-commitment" noValidate>
            <Field
              name="title"
              label={LABELS.title}
              hint="For example: Take human rights into account when reviewing exports"
              maxLength={COMMITMENT_TITLE_MAX}
              required
              errors={failed?.errors}
              defaultValue={failed?.values.title}
            />
            <TextAreaField
              name="description"
              label={LABELS.description}
              hint="Optional: what states undertake, in a few sentences."
              rows={4}
              maxLength={COMMITMENT_DESCRIPTION_MAX}
              errors={failed?.errors}
              defaultValue={failed?.values.description}
            />
            <ClauseChoices clauses={clauses} errors={failed?.errors.clauseIds} chosen={new Set(failed?.values.clauseIds?.split(" "))} />
            <button type="submit" className="button" disabled={busy}>
              Add the commitment
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
