// Pledging to an adopted edition. A signer subscribes or endorses for their state, adds declarations
// and withdraws; the chair records what states sent on paper, with the date the paper carries. Every
// form asks for a code from the person's authenticator: each act is in the public log for good.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, forbidden, requireUser } from "../auth/guards.server";
import { can, statesFor, type Principal } from "../auth/permissions";
import { EditionTrail } from "../components/edition-trail";
import { ErrorSummary } from "../components/forms";
import {
  CodeControl,
  Control,
  DeclarationControl,
  failureOf,
  KindChoice,
  LABELS,
  PaperDateControl,
  PledgeSelect,
  ReasonControl,
  Submit,
  type Failure,
} from "../components/pledge-form-controls";
import { requireDraftContext } from "../drafting/draft-context.server";
import { formatIsoDate } from "../lib/dates";
import { formValues, isoDateSchema, parseForm, readForm, type FieldErrors } from "../lib/forms";
import { withNotice, type NoticeKey } from "../lib/notices";
import {
  declarationSchema,
  oneTimeCodeSchema,
  optionalDeclarationSchema,
  parsePledgeId,
  PLEDGE_KIND_LABELS,
  pledgeKindSchema,
  pledgeStatusText,
  withdrawalReasonSchema,
} from "../lib/pledges";
import { RuleError } from "../lib/rule-error";
import { NotPermittedError } from "../models/acting.server";
import type { Actor } from "../models/audit.server";
import { getEdition } from "../models/edition.server";
import {
  activePledge,
  addDeclaration,
  getPledge,
  listPledges,
  recordPaperDeclaration,
  recordPaperPledge,
  recordPaperWithdrawal,
  recordPledge,
  withdrawPledge,
} from "../models/pledge.server";
import { confirmSecondFactor, hasSecondFactor, type SecondFactorConfirmation } from "../models/second-factor.server";
import { getState, listStates } from "../models/state.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Pledge – ${data.edition.title} – Accord` : "Pledge – Accord" }];

function requireEdition(instrumentId: number, number: string | undefined) {
  const edition = number && /^[1-9]\d{0,8}$/.test(number) ? getEdition(instrumentId, Number(number)) : undefined;
  if (!edition) throw json({ message: "There is no edition with this number." }, { status: 404 });
  return edition;
}

/** Who may use this page: a signer (for the states they sign for) and the chair; anyone else gets a 403. */
function pledgeRoles(principal: Principal) {
  const signerStates = statesFor(principal, "pledge:sign");
  const isChair = can(principal, "pledge:record-paper");
  if (!signerStates.length && !isChair) throw forbidden("Only a state's signer, or the chair, records pledges.");
  return { signerStates, isChair };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, principal } = await requireUser(request);
  const { signerStates, isChair } = pledgeRoles(principal);
  const { instrument } = requireDraftContext(params.slug);
  const edition = requireEdition(instrument.id, params.number);
  // A signer for several states pledges for one at a time, chosen by `?state=`.
  const asked = new URL(request.url).searchParams.get("state");
  const stateCode = signerStates.find((code) => code === asked) ?? signerStates[0];
  const active = listPledges({ editionId: edition.id }).filter((pledge) => pledge.status === "active");
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    edition: { number: edition.number, title: edition.title, digest: edition.digest, adoptedOn: edition.adoptedOn },
    hasSecondFactor: hasSecondFactor(user.id),
    signer: stateCode
      ? {
          state: { code: stateCode, name: getState(stateCode)?.name ?? stateCode },
          otherStates: signerStates.filter((code) => code !== stateCode).map((code) => ({ code, name: getState(code)?.name ?? code })),
          pledge: activePledge(edition.id, stateCode) ?? null,
        }
      : null,
    chair: isChair
      ? {
          states: listStates().filter((state) => !active.some((pledge) => pledge.state.code === state.code)),
          activePledges: active.map((pledge) => ({
            id: pledge.id,
            label: `${pledge.state.name}: ${PLEDGE_KIND_LABELS[pledge.kind].toLowerCase()} on ${formatIsoDate(pledge.effectiveDate)} (pledge ${pledge.id})`,
          })),
        }
      : null,
  };
}

// ---------------------------------------------------------------------------------------------
// The forms: each names itself in `intent`, so a failure is shown on the form that was sent

const pledgeIdSchema = z
  .string({ required_error: "Choose the pledge" })
  .refine((value) => parsePledgeId(value) !== null, "Choose the pledge")
  .transform(Number);

const SCHEMAS = {
  pledge: z.object({ stateCode: z.string().default(""), kind: pledgeKindSchema, declaration: optionalDeclarationSchema, code: oneTimeCodeSchema }),
  declare: z.object({ pledgeId: pledgeIdSchema, declaration: declarationSchema, code: oneTimeCodeSchema }),
  withdraw: z.object({ pledgeId: pledgeIdSchema, reason: withdrawalReasonSchema, code: oneTimeCodeSchema }),
  "paper-pledge": z.object({
    stateCode: z.string({ required_error: "Choose the state" }).min(1, "Choose the state"),
    kind: pledgeKindSchema,
    effectiveDate: isoDateSchema,
    declaration: optionalDeclarationSchema,
    code: oneTimeCodeSchema,
  }),
  "paper-declaration": z.object({ pledgeId: pledgeIdSchema, effectiveDate: isoDateSchema, declaration: declarationSchema, code: oneTimeCodeSchema }),
  "paper-withdrawal": z.object({ pledgeId: pledgeIdSchema, effectiveDate: isoDateSchema, reason: withdrawalReasonSchema, code: oneTimeCodeSchema }),
} as const;

type Intent = keyof typeof SCHEMAS;
const CHAIR_INTENTS: readonly Intent[] = ["paper-pledge", "paper-declaration", "paper-withdrawal"];

function isIntent(value: unknown): value is Intent {
  return typeof value === "string" && Object.hasOwn(SCHEMAS, value);
}

// Fields the signer's forms carry hidden: a message about one is about the form as a whole.
const HIDDEN_FIELDS: Partial<Record<Intent, readonly string[]>> = {
  pledge: ["stateCode", "effectiveDate"],
  declare: ["pledgeId"],
  withdraw: ["pledgeId"],
};

/** A 400 that re-renders the form `intent` with its messages; the one-time code is never put back. */
function failure(intent: Intent | "", errors: FieldErrors, formData: FormData) {
  const hidden = (intent && HIDDEN_FIELDS[intent]) || [];
  const shown: FieldErrors = {};
  for (const [field, messages] of Object.entries(errors)) (shown[hidden.includes(field) ? "" : field] ??= []).push(...(messages ?? []));
  const { code: _code, ...values } = formValues(formData);
  return json({ ok: false as const, intent, errors: shown, values }, { status: 400 });
}

interface Done {
  pledgeId: number;
  notice: NoticeKey;
}

type Submission = { [K in Intent]: { intent: K; data: z.output<(typeof SCHEMAS)[K]> } }[Intent];

// The domain call of each form, once its code is confirmed.
function perform(actor: Actor, confirmation: SecondFactorConfirmation, editionId: number, { intent, data }: Submission): Done {
  switch (intent) {
    case "pledge": {
      const pledge = recordPledge(actor, confirmation, { editionId, kind: data.kind, declaration: data.declaration });
      return { pledgeId: pledge.id, notice: "pledge-recorded" };
    }
    case "declare":
      addDeclaration(actor, confirmation, { pledgeId: data.pledgeId, text: data.declaration });
      return { pledgeId: data.pledgeId, notice: "declaration-recorded" };
    case "withdraw":
      withdrawPledge(actor, confirmation, { pledgeId: data.pledgeId, reason: data.reason });
      return { pledgeId: data.pledgeId, notice: "pledge-withdrawn" };
    case "paper-pledge": {
      const { stateCode, kind, effectiveDate, declaration } = data;
      const pledge = recordPaperPledge(actor, confirmation, { editionId, stateCode, kind, effectiveDate, declaration });
      return { pledgeId: pledge.id, notice: "pledge-recorded" };
    }
    case "paper-declaration":
      recordPaperDeclaration(actor, confirmation, { pledgeId: data.pledgeId, text: data.declaration, effectiveDate: data.effectiveDate });
      return { pledgeId: data.pledgeId, notice: "declaration-recorded" };
    case "paper-withdrawal":
      recordPaperWithdrawal(actor, confirmation, { pledgeId: data.pledgeId, reason: data.reason, effectiveDate: data.effectiveDate });
      return { pledgeId: data.pledgeId, notice: "pledge-withdrawn" };
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const { signerStates, isChair } = pledgeRoles(sessionUser.principal);
  const { instrument } = requireDraftContext(params.slug);
  const edition = requireEdition(instrument.id, params.number);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (!isIntent(intent)) return failure("", { "": ["This form is not one of this page's: reload the page and try again."] }, formData);
  const chairForm = CHAIR_INTENTS.includes(intent);
  if (chairForm && !isChair) throw forbidden("Only the chair records what states sent on paper.");

  const parsed = parseForm(SCHEMAS[intent], formData);
  if (!parsed.ok) return failure(intent, parsed.errors, formData);
  const submission = { intent, data: parsed.data } as Submission;
  const pledge = "pledgeId" in submission.data ? getPledge(submission.data.pledgeId) : undefined;
  if ("pledgeId" in submission.data && pledge?.edition.id !== edition.id) {
    return failure(intent, { pledgeId: [`There is no pledge ${submission.data.pledgeId} to this edition`] }, formData);
  }
  const stateCode = chairForm ? null : (pledge?.state.code ?? (submission.intent === "pledge" ? submission.data.stateCode : undefined));
  // The signer acts for the pledge's state, or for the state a new pledge names: one they sign for.
  if (!chairForm && !signerStates.includes(stateCode ?? "")) throw forbidden("You can pledge only for the state you sign for.");
  const actor = actorOf(sessionUser, context, stateCode);
  try {
    const confirmation = confirmSecondFactor(actor, parsed.data.code);
    const done = perform(actor, confirmation, edition.id, submission);
    return redirect(withNotice(`/pledges/${done.pledgeId}`, done.notice), 303);
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return failure(intent, { [error.field]: [error.message] }, formData);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The page

type Data = ReturnType<typeof useLoaderData<typeof loader>>;
function BindingSentence({ digest }: { digest: string }) {
  return (
    <p>
      The pledge binds your state to exactly the text whose SHA-256 digest is <code className="digest">{digest}</code>, and it is
      published in the <Link to="/log">public log</Link> together with the date and your state&apos;s name.
    </p>
  );
}

// Every act here is confirmed with a code: without an authenticator the forms could only refuse.
function SecondFactorNeeded() {
  return (
    <p className="notice">
      Pledges and their records are confirmed with a code from an authenticator app.{" "}
      <Link to="/account/second-factor">Set up your authenticator</Link>, then come back to this page.
    </p>
  );
}

interface SectionProps {
  failed: Failure;
  /** The person has an authenticator, so the forms can be used. */
  ready: boolean;
}

function PledgeForm({ state, edition, failed }: { state: { code: string; name: string }; edition: Data["edition"]; failed: Failure }) {
  const form = failureOf(failed, "pledge");
  return (
    <>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="signer-heading" noValidate>
        <input type="hidden" name="intent" value="pledge" />
        <input type="hidden" name="stateCode" value={state.code} />
        <KindChoice intent="pledge" errors={form.errors} chosen={form.values.kind} />
        <DeclarationControl intent="pledge" errors={form.errors} value={form.values.declaration} optional />
        <BindingSentence digest={edition.digest} />
        <CodeControl intent="pledge" errors={form.errors} />
        <Submit>Pledge for {state.name}</Submit>
      </Form>
    </>
  );
}

function DeclareForm({ pledgeId, failed }: { pledgeId: number; failed: Failure }) {
  const form = failureOf(failed, "declare");
  return (
    <>
      <h3 id="declare-heading">Add a declaration</h3>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="declare-heading" noValidate>
        <input type="hidden" name="intent" value="declare" />
        <input type="hidden" name="pledgeId" value={pledgeId} />
        <DeclarationControl intent="declare" errors={form.errors} value={form.values.declaration} />
        <CodeControl intent="declare" errors={form.errors} />
        <Submit>Add the declaration</Submit>
      </Form>
    </>
  );
}

function WithdrawForm({ pledgeId, stateName, failed }: { pledgeId: number; stateName: string; failed: Failure }) {
  const form = failureOf(failed, "withdraw");
  return (
    <>
      <h3 id="withdraw-heading">Withdraw the pledge</h3>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="withdraw-heading" noValidate>
        <input type="hidden" name="intent" value="withdraw" />
        <input type="hidden" name="pledgeId" value={pledgeId} />
        <p>
          Withdrawing takes effect today. The pledge stays on the public record, shown as withdrawn with today&apos;s date and your
          reason; your state can pledge again later.
        </p>
        <ReasonControl intent="withdraw" errors={form.errors} value={form.values.reason} />
        <CodeControl intent="withdraw" errors={form.errors} />
        <Submit danger>Withdraw the pledge of {stateName}</Submit>
      </Form>
    </>
  );
}

function SignerSection({ signer, edition, failed, ready }: SectionProps & { signer: NonNullable<Data["signer"]>; edition: Data["edition"] }) {
  const { state, pledge } = signer;
  if (!pledge) {
    return (
      <section aria-labelledby="signer-heading">
        <h2 id="signer-heading">{state.name} has not pledged</h2>
        <p>Your state has not pledged to this edition yet. As its signer you can subscribe to it or endorse it.</p>
        {ready ? <PledgeForm state={state} edition={edition} failed={failed} /> : <SecondFactorNeeded />}
      </section>
    );
  }
  return (
    <section aria-labelledby="signer-heading">
      <h2 id="signer-heading">The pledge of {state.name}</h2>
      <dl className="summary-list">
        <dt>Pledge</dt>
        <dd>
          <Link to={`/pledges/${pledge.id}`}>
            {PLEDGE_KIND_LABELS[pledge.kind]} (pledge {pledge.id})
          </Link>
        </dd>
        <dt>Status</dt>
        <dd>{pledgeStatusText(pledge)}</dd>
        <dt>Declarations</dt>
        <dd>{pledge.declarations.length ? pledge.declarations.map((declaration) => (
              <p key={declaration.logIndex} className="declaration">
                {declaration.text}
              </p>
            )) : "None"}</dd>
      </dl>
      {ready ? (
        <>
          <DeclareForm pledgeId={pledge.id} failed={failed} />
          <WithdrawForm pledgeId={pledge.id} stateName={state.name} failed={failed} />
        </>
      ) : (
        <SecondFactorNeeded />
      )}
    </section>
  );
}

function PaperPledgeForm({ states, failed }: { states: NonNullable<Data["chair"]>["states"]; failed: Failure }) {
  const form = failureOf(failed, "paper-pledge");
  if (!states.length) return <p>Every participating state has an active pledge to this edition.</p>;
  return (
    <>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="paper-heading" noValidate>
        <input type="hidden" name="intent" value="paper-pledge" />
        <Control intent="paper-pledge" name="stateCode" label={LABELS.stateCode} errors={form.errors}>
          {(props) => (
            <select {...props} defaultValue={form.values.stateCode ?? ""} required>
              <option value="">Choose the state</option>
              {states.map((state) => (
                <option key={state.code} value={state.code}>
                  {state.name}
                </option>
              ))}
            </select>
          )}
        </Control>
        <KindChoice intent="paper-pledge" errors={form.errors} chosen={form.values.kind} />
        <PaperDateControl intent="paper-pledge" errors={form.errors} value={form.values.effectiveDate} />
        <DeclarationControl intent="paper-pledge" errors={form.errors} value={form.values.declaration} optional />
        <CodeControl intent="paper-pledge" errors={form.errors} />
        <Submit>Record the pledge</Submit>
      </Form>
    </>
  );
}

type ActivePledges = NonNullable<Data["chair"]>["activePledges"];

function PaperDeclarationForm({ pledges, failed }: { pledges: ActivePledges; failed: Failure }) {
  const form = failureOf(failed, "paper-declaration");
  return (
    <>
      <h3 id="paper-declaration-heading">Record a declaration received on paper</h3>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="paper-declaration-heading" noValidate>
        <input type="hidden" name="intent" value="paper-declaration" />
        <PledgeSelect intent="paper-declaration" errors={form.errors} pledges={pledges} value={form.values.pledgeId} />
        <PaperDateControl intent="paper-declaration" errors={form.errors} value={form.values.effectiveDate} />
        <DeclarationControl intent="paper-declaration" errors={form.errors} value={form.values.declaration} />
        <CodeControl intent="paper-declaration" errors={form.errors} />
        <Submit>Record the declaration</Submit>
      </Form>
    </>
  );
}

function PaperWithdrawalForm({ pledges, failed }: { pledges: ActivePledges; failed: Failure }) {
  const form = failureOf(failed, "paper-withdrawal");
  return (
    <>
      <h3 id="paper-withdrawal-heading">Record a withdrawal received on paper</h3>
      <ErrorSummary errors={form.errors} labels={form.labels} />
      <Form method="post" className="form" aria-labelledby="paper-withdrawal-heading" noValidate>
        <input type="hidden" name="intent" value="paper-withdrawal" />
        <p>The pledge stays on the public record, shown as withdrawn on the date the paper carries, with its reason.</p>
        <PledgeSelect intent="paper-withdrawal" errors={form.errors} pledges={pledges} value={form.values.pledgeId} />
        <PaperDateControl intent="paper-withdrawal" errors={form.errors} value={form.values.effectiveDate} />
        <ReasonControl intent="paper-withdrawal" errors={form.errors} value={form.values.reason} />
        <CodeControl intent="paper-withdrawal" errors={form.errors} />
        <Submit danger>Record the withdrawal</Submit>
      </Form>
    </>
  );
}

function ChairSection({ chair, failed, ready }: SectionProps & { chair: NonNullable<Data["chair"]> }) {
  return (
    <section aria-labelledby="paper-heading">
      <h2 id="paper-heading">Record a pledge received on paper</h2>
      <p>
        A state may send its pledge, a declaration or a withdrawal as a signed letter or note verbale. Record it here with the date
        the paper carries: the record and the public log show that you recorded it.
      </p>
      {ready ? (
        <>
          <PaperPledgeForm states={chair.states} failed={failed} />
          {chair.activePledges.length ? (
            <>
              <PaperDeclarationForm pledges={chair.activePledges} failed={failed} />
              <PaperWithdrawalForm pledges={chair.activePledges} failed={failed} />
            </>
          ) : null}
        </>
      ) : (
        <SecondFactorNeeded />
      )}
    </section>
  );
}

export default function PledgePage() {
  const { instrument, edition, hasSecondFactor: ready, signer, chair } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>() as Failure;
  return (
    <>
      <EditionTrail instrument={instrument} edition={edition} current="Pledge" />
      <h1>Pledge to {edition.title}</h1>
      <dl className="summary-list">
        <dt>Edition</dt>
        <dd>
          {edition.title}, adopted on {formatIsoDate(edition.adoptedOn)}
        </dd>
        <dt>SHA-256 of its text</dt>
        <dd>
          <code className="digest">{edition.digest}</code>
        </dd>
      </dl>
      {failed && !failed.intent ? <ErrorSummary errors={failed.errors} /> : null}
      {signer?.otherStates.length ? (
        <p>
          You also sign for{" "}
          {signer.otherStates.map((state, index) => (
            <span key={state.code}>
              {index > 0 ? ", " : null}
              <Link to={`?state=${state.code}`}>{state.name}</Link>
            </span>
          ))}
          .
        </p>
      ) : null}
      {signer ? <SignerSection signer={signer} edition={edition} failed={failed} ready={ready} /> : null}
      {chair ? <ChairSection chair={chair} failed={failed} ready={ready} /> : null}
    </>
  );
}
