// The adopted editions of an instrument: public, like every adopted text. The chair adopts a saved
// version of the draft here, confirmed with a second factor: the text is frozen for good and the
// adoption goes into the public transparency log.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { actorOf, forbidden, getSessionUser, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, Field, SelectField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { formatInstant, formatIsoDate } from "../lib/dates";
import { DIGEST_PREFIX_LENGTH, EDITION_TITLE_MAX, editionPath, suggestedEditionTitle } from "../lib/editions";
import { formFailure, formValues, isoDateSchema, parseForm, readForm, textSchema } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { codeSchema, SECOND_FACTOR_PATH, TOTP_DIGITS } from "../lib/second-factor";
import { today } from "../lib/clock.server";
import { NotPermittedError } from "../models/acting.server";
import { adoptEdition, adoptionCandidates, adoptionProblem, listEditions, type AdoptionCandidate } from "../models/edition.server";
import { getInstrumentBySlug } from "../models/instrument.server";
import { confirmSecondFactor, hasSecondFactor } from "../models/second-factor.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Editions – ${data.instrument.title} – Accord` : "Editions – Accord" },
];

function requireInstrument(slug: string | undefined) {
  const instrument = slug ? getInstrumentBySlug(slug) : undefined;
  if (!instrument) throw json({ message: "There is no instrument at this address." }, { status: 404 });
  return instrument;
}

/** How the adoption form names a version: enough to tell versions apart and to see why one would be refused. */
function versionChoice(version: AdoptionCandidate) {
  const parts = [`${version.number}. ${version.name}`, `saved ${formatInstant(version.createdAt)}`, `${version.digest.slice(0, DIGEST_PREFIX_LENGTH)}…`];
  if (version.adoptedAs !== null) parts.push(`already adopted as edition ${version.adoptedAs}`);
  else if (version.bracketed.length) parts.push(`square brackets in ${version.bracketed.join(", ")}`);
  return { value: String(version.number), label: parts.join(" — ") };
}

/** What the chair needs to adopt: the versions to choose from, or the way to set up a second factor first. */
function adoptionForm(userId: number, slug: string, nextNumber: number) {
  if (!hasSecondFactor(userId)) return { ready: false as const };
  const versions = adoptionCandidates({ slug });
  const adoptable = versions.find((version) => version.adoptedAs === null && version.bracketed.length === 0);
  return {
    ready: true as const,
    choices: versions.map(versionChoice),
    defaultVersion: String(adoptable?.number ?? versions[0]?.number ?? ""),
    suggestedTitle: suggestedEditionTitle(nextNumber),
    today: today(),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionUser = await getSessionUser(request);
  const principal = sessionUser?.principal ?? null;
  const instrument = requireInstrument(params.slug);
  const editions = listEditions(instrument.id).map((edition) => ({
    number: edition.number,
    title: edition.title,
    adoptedOn: edition.adoptedOn,
    adoptedOnText: formatIsoDate(edition.adoptedOn),
    digest: edition.digest,
  }));
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    editions,
    showNav: can(principal, "draft:read"),
    adoption: sessionUser && can(principal, "edition:adopt") ? adoptionForm(sessionUser.user.id, instrument.slug, editions.length + 1) : null,
  };
}

const adoptSchema = z.object({
  version: z.string({ required_error: "Choose the version to adopt" }).regex(/^[1-9]\d{0,8}$/, "Choose the version to adopt").transform(Number),
  title: textSchema("a title for the edition", EDITION_TITLE_MAX),
  adoptedOn: isoDateSchema,
  code: codeSchema,
});

/**
 * What was typed, to put back in the form, without the one-time code: formValues keeps a field named
 * `code` (elsewhere a country code), and an unused code must not be written into the page.
 */
function typedValues(formData: FormData): Record<string, string> {
  const { code: _code, ...values } = formValues(formData);
  return values;
}

/** A refusal shown beside its field. */
function refusal(error: RuleError, formData: FormData) {
  return formFailure({ errors: { [error.field]: [error.message] }, values: typedValues(formData) }, 400);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "edition:adopt");
  const instrument = requireInstrument(params.slug);
  const formData = await readForm(request);
  const result = parseForm(adoptSchema, formData);
  if (!result.ok) return formFailure({ errors: result.errors, values: typedValues(formData) }, 400);
  const actor = actorOf(sessionUser, context);
  const adoption = { instrumentId: instrument.id, versionNumber: result.data.version, title: result.data.title, adoptedOn: result.data.adoptedOn };
  // Refuse what would be refused anyway before the code is consumed: a refused input changes nothing.
  const problem = adoptionProblem(adoption);
  if (problem) return refusal(problem, formData);
  try {
    const confirmation = confirmSecondFactor(actor, result.data.code);
    const edition = adoptEdition(actor, confirmation, adoption);
    return redirect(withNotice(editionPath(instrument.slug, edition.number), "edition-adopted"));
  } catch (error) {
    if (error instanceof NotPermittedError) throw forbidden(error.message);
    if (error instanceof RuleError) return refusal(error, formData);
    throw error;
  }
}

const LABELS = { version: "Version to adopt", title: "Title of the edition", adoptedOn: "Date of adoption", code: "Code from your authenticator app" };

export default function EditionsPage() {
  const { instrument, editions, showNav, adoption } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        trail={
          showNav
            ? [
                { to: "/dashboard", label: "Dashboard" },
                { to: instrumentPath(instrument.slug, "text"), label: instrument.title },
              ]
            : [{ to: "/", label: "Accord" }]
        }
        current="Editions"
      />
      {showNav ? <InstrumentNav slug={instrument.slug} current="editions" /> : null}
      <h1>Editions of {instrument.title}</h1>
      <p className="muted">
        An edition is a text the participating states adopted. It never changes: its SHA-256 digest is what every pledge names,
        and its adoption is recorded in the public transparency log.
      </p>
      <EditionTable slug={instrument.slug} editions={editions} />
      {adoption ? <AdoptionSection slug={instrument.slug} adoption={adoption} /> : null}
    </>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function EditionTable({ slug, editions }: { slug: string; editions: LoaderData["editions"] }) {
  if (!editions.length) return <p>No edition has been adopted yet.</p>;
  return (
    <div className="table-wrap">
      <table>
        <caption>Adopted editions, first adopted first</caption>
        <thead>
          <tr>
            <th scope="col">Edition</th>
            <th scope="col">Adopted on</th>
            <th scope="col">SHA-256 of the text</th>
          </tr>
        </thead>
        <tbody>
          {editions.map((edition) => (
            <tr key={edition.number}>
              <th scope="row">
                <Link to={editionPath(slug, edition.number)}>
                  {edition.number}. {edition.title}
                </Link>
              </th>
              <td>
                <time dateTime={edition.adoptedOn}>{edition.adoptedOnText}</time>
              </td>
              <td className="mono digest" title={edition.digest}>
                {edition.digest.slice(0, DIGEST_PREFIX_LENGTH)}…
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AdoptionSection({ slug, adoption }: { slug: string; adoption: NonNullable<LoaderData["adoption"]> }) {
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failure?.errors;
  const values: Record<string, string | undefined> = failure?.values ?? {};
  return (
    <section aria-labelledby="adopt">
      <h2 id="adopt">Adopt a version as an edition</h2>
      {!adoption.ready ? (
        <p>
          Adopting a text is confirmed with a code from an authenticator app.{" "}
          <Link to={SECOND_FACTOR_PATH}>Set up your second factor</Link> first, then come back to this page.
        </p>
      ) : !adoption.choices.length ? (
        <p>
          No version of the draft has been saved yet. <Link to={instrumentPath(slug, "versions")}>Save the agreed draft as a version</Link>{" "}
          first, then adopt it here.
        </p>
      ) : (
        <>
          <div className="notice notice--warning">
            <p>
              <strong>Adoption freezes the text for good.</strong> The edition can never be changed or deleted, and its adoption,
              with the SHA-256 digest of its text, is published in the public transparency log the moment you confirm.
            </p>
            <p>
              Only a text without square brackets can be adopted: a bracket is wording the states have not agreed.
            </p>
          </div>
          <ErrorSummary errors={errors} labels={LABELS} />
          <Form method="post" className="form" aria-labelledby="adopt" noValidate>
            <SelectField
              name="version"
              label={LABELS.version}
              hint="Saved versions of the draft, newest first."
              options={adoption.choices}
              errors={errors}
              defaultValue={values.version ?? adoption.defaultVersion}
            />
            <Field
              name="title"
              label={LABELS.title}
              maxLength={EDITION_TITLE_MAX}
              required
              errors={errors}
              defaultValue={values.title ?? adoption.suggestedTitle}
            />
            <Field
              name="adoptedOn"
              type="date"
              label={LABELS.adoptedOn}
              hint="The day the states adopted the text; it may be earlier than today, never later."
              max={adoption.today}
              required
              errors={errors}
              defaultValue={values.adoptedOn ?? adoption.today}
            />
            <Field
              name="code"
              label={LABELS.code}
              hint={`The ${TOTP_DIGITS}-digit code your authenticator app shows now.`}
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]*"
              maxLength={TOTP_DIGITS + 2}
              required
              errors={errors}
            />
            <button type="submit" className="button" disabled={busy}>
              Adopt and publish
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
