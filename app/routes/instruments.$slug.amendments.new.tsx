// Proposing an amendment, for delegates: first the clause (a GET form, so `?clause=<id>` is an address
// that starts from that clause), then its new wording, prefilled with the clause's current text, and the
// justification; kept as a draft for the delegation or submitted at once. Works without JavaScript.
import { redirect, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { actorOf, forbidden, requirePermission, requireUser } from "../auth/guards.server";
import { statesFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, SelectField, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { clauseBodyText, clauseExcerpt, numberDocument } from "../../editor";
import { formFailure, formValues, parseForm, readForm, ruleFailure, textSchema, type FieldErrors } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { JUSTIFICATION_MAX, PROPOSED_TEXT_MAX } from "../lib/amendments";
import { NotPermittedError } from "../models/acting.server";
import { proposeAmendment } from "../models/amendment.server";
import { readStoredDocument } from "../models/document.server";
import type { SessionUser } from "../models/session.server";
import { getState } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Propose an amendment – ${data.instrument.title} – Accord` : "Propose an amendment – Accord" },
];

/** The person, when they propose amendments for at least one state; else a login redirect or a 403. */
async function requireProposer(request: Request): Promise<{ sessionUser: SessionUser; states: string[] }> {
  const sessionUser = await requireUser(request);
  const states = statesFor(sessionUser.principal, "amendment:propose");
  if (states.length === 0) throw forbidden("Only a delegate proposes amendments, for their own state.");
  return { sessionUser, states };
}

interface ClauseChoice {
  id: string;
  number: string;
  excerpt: string;
  text: string;
}

function clauseChoices(documentName: string): ClauseChoice[] {
  const doc = readStoredDocument(documentName);
  if (!doc) return [];
  return numberDocument(doc).clauses.flatMap((clause) =>
    clause.id ? [{ id: clause.id, number: clause.number, excerpt: clauseExcerpt(clause.node), text: clauseBodyText(clause.node) }] : [],
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { states } = await requireProposer(request);
  const { instrument, document } = requireDraftContext(params.slug);
  const clauses = clauseChoices(document.name);
  const asked = new URL(request.url).searchParams.get("clause");
  const chosen = clauses.find((clause) => clause.id === asked) ?? null;
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    clauses: clauses.map(({ id, number, excerpt }) => ({ id, number, excerpt })),
    chosen,
    /** A clause was asked for that is not in the draft (deleted, or a stale link). */
    unknownClause: Boolean(asked) && !chosen,
    states: states.map((code) => ({ code, name: getState(code)?.name ?? code })),
  };
}

const proposalSchema = z.object({
  clauseId: z.string({ required_error: "Choose the clause to amend" }).trim().min(1, "Choose the clause to amend").max(100, "Choose the clause to amend"),
  proposedText: z
    .string()
    .max(PROPOSED_TEXT_MAX, `The proposed text has at most ${PROPOSED_TEXT_MAX.toLocaleString("en")} characters`)
    .default(""),
  justification: textSchema("a justification", JUSTIFICATION_MAX),
  intent: z.enum(["draft", "submit"], { errorMap: () => ({ message: "Choose Save as draft or Submit" }) }),
});

function chosenState(formData: FormData, own: readonly string[]): string | undefined {
  const asked = formData.get("state");
  if (typeof asked === "string" && asked) return asked;
  return own.length === 1 ? own[0] : undefined;
}

async function propose(request: Request, context: AppLoadContext, sessionUser: SessionUser, stateCode: string, formData: FormData) {
  await requirePermission(request, "amendment:propose", { stateCode });
  const result = parseForm(proposalSchema, formData);
  if (!result.ok) return { failure: formFailure(result, 400) };
  const { intent, ...input } = result.data;
  return { input: { ...input, submit: intent === "submit" }, actor: actorOf(sessionUser, context, stateCode) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { sessionUser, states } = await requireProposer(request);
  const { instrument, document } = requireDraftContext(params.slug);
  const formData = await readForm(request);
  const stateCode = chosenState(formData, states);
  if (!stateCode) return formFailure({ errors: { state: ["Choose the state you propose the amendment for"] }, values: formValues(formData) }, 400);
  const parsed = await propose(request, context, sessionUser, stateCode, formData);
  if ("failure" in parsed) return parsed.failure;
  try {
    const row = proposeAmendment(parsed.actor, document, parsed.input);
    const notice = row.status === "submitted" ? "amendment-submitted" : "amendment-saved";
    return redirect(withNotice(`${instrumentPath(instrument.slug, "amendments")}/${row.number}`, notice));
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
}

const LABELS = { clause: "Clause", state: "For the state", proposedText: "Proposed text", justification: "Justification" };

type Failure = { errors: FieldErrors; values: Record<string, string> } | undefined;

/** The form's messages, with the clause's message shown at the clause chooser. */
function shownErrors(failure: Failure): FieldErrors | undefined {
  if (!failure) return undefined;
  const { clauseId, ...rest } = failure.errors;
  return clauseId ? { ...rest, clause: clauseId } : rest;
}

export default function NewAmendmentPage() {
  const data = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as Failure;
  const busy = useNavigation().state === "submitting";
  const { instrument, chosen } = data;
  const errors = shownErrors(failure);
  const base = instrumentPath(instrument.slug, "amendments");
  const clauseId = failure?.values.clauseId ?? chosen?.id ?? "";
  const clause = data.clauses.find((candidate) => candidate.id === clauseId);
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
          { to: base, label: "Amendments" },
        ]}
        current="Propose an amendment"
      />
      <InstrumentNav slug={instrument.slug} current="amendments" />
      <h1>Propose an amendment</h1>
      <p className="muted">
        An amendment changes the words of one clause. Edit the clause&apos;s current text below into the text you propose; the change
        is shown word by word on the amendment&apos;s page. Square brackets, list markers and paragraphs are changed in the drafting editor,
        not by amendment.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      {data.unknownClause ? <p className="notice">That clause is not in the current draft: it may have been deleted. Choose another.</p> : null}

      <h2 id="choose-clause">1. The clause</h2>
      <Form method="get" className="form form--inline" aria-labelledby="choose-clause">
        <SelectField
          name="clause"
          label={LABELS.clause}
          placeholder="Choose a clause"
          options={data.clauses.map((option) => ({ value: option.id, label: `${option.number} ${option.excerpt}` }))}
          defaultValue={clauseId}
          errors={errors}
          required
        />
        <button type="submit" className="button button--secondary">
          {clause ? "Use this clause instead" : "Use this clause"}
        </button>
      </Form>

      {clause ? <ProposalForm data={data} clause={clause} failure={failure} errors={errors} busy={busy} /> : <p>Choose the clause to amend to continue.</p>}
      <p>
        <Link to={base}>Back to the amendments</Link>
      </p>
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function ProposalForm({
  data,
  clause,
  failure,
  errors,
  busy,
}: {
  data: LoaderData;
  clause: LoaderData["clauses"][number];
  failure: Failure;
  errors: FieldErrors | undefined;
  busy: boolean;
}) {
  const single = data.states.length === 1 ? data.states[0] : undefined;
  const prefill = data.chosen?.id === clause.id ? data.chosen.text : "";
  return (
    <>
      <h2 id="proposal">2. Clause {clause.number}: the text you propose</h2>
      <Form method="post" className="form" aria-labelledby="proposal" noValidate>
        <input type="hidden" name="clauseId" value={clause.id} />
        {single ? (
          <p>
            Proposed for <strong>{single.name}</strong>.
          </p>
        ) : (
          <SelectField
            name="state"
            label={LABELS.state}
            placeholder="Choose the state"
            options={data.states.map((state) => ({ value: state.code, label: state.name }))}
            defaultValue={failure?.values.state}
            errors={errors}
            required
          />
        )}
        <TextAreaField
          name="proposedText"
          label={LABELS.proposedText}
          hint={`The clause's own text as it now stands, without its number and sub-clauses. Change it into the wording you propose.`}
          rows={8}
          maxLength={PROPOSED_TEXT_MAX}
          errors={errors}
          defaultValue={failure?.values.proposedText ?? prefill}
        />
        <TextAreaField
          name="justification"
          label={LABELS.justification}
          hint="Why your delegation proposes the change. Other delegations and the chair read it."
          rows={4}
          maxLength={JUSTIFICATION_MAX}
          required
          errors={errors}
          defaultValue={failure?.values.justification}
        />
        <p className="muted">A draft is seen only by your delegation and the chair; submitting shows it to every delegation.</p>
        <div className="amendment-form__actions">
          <button type="submit" name="intent" value="draft" className="button button--secondary" disabled={busy}>
            Save as draft
          </button>{" "}
          <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
            Submit
          </button>
        </div>
      </Form>
    </>
  );
}

