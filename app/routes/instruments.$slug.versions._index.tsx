// The named versions of a draft: the list (newest first) with who saved each and its digest, a form to
// compare any two (or a version with the draft as it stands), and the chair's form to save the draft
// as a new version.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requirePermission } from "../auth/guards.server";
import { can } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, Field, SelectField, TextAreaField } from "../components/forms";
import { InstrumentNav, instrumentPath } from "../components/instrument-nav";
import { requireDraftContext } from "../drafting/draft-context.server";
import { formatInstant } from "../lib/dates";
import { formFailure, parseForm, readForm, ruleFailure, textSchema } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { RuleError } from "../lib/rule-error";
import { getUser } from "../models/user.server";
import { VERSION_NAME_MAX, VERSION_NOTE_MAX } from "../lib/versions";
import { listVersions, saveVersion } from "../models/version.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions – ${data.instrument.title} – Accord` : "Versions – Accord" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const versions = listVersions(document.id).map((version) => ({
    number: version.number,
    name: version.name,
    note: version.note,
    digest: version.digest,
    savedBy: version.createdBy ? (getUser(version.createdBy)?.name ?? "—") : "Accord",
    savedAt: formatInstant(version.createdAt),
    savedAtIso: version.createdAt.toISOString(),
  }));
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    versions,
    canSave: can(principal, "version:save"),
  };
}

const saveSchema = z.object({
  name: textSchema("a name for the version", VERSION_NAME_MAX),
  note: z.string().trim().max(VERSION_NOTE_MAX, `The note has at most ${VERSION_NOTE_MAX.toLocaleString("en")} characters`).default(""),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "version:save");
  const { instrument, document } = requireDraftContext(params.slug);
  const formData = await readForm(request);
  const result = parseForm(saveSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  try {
    const version = saveVersion(actorOf(sessionUser, context), document, result.data);
    return redirect(withNotice(`${instrumentPath(instrument.slug, "versions")}/${version.number}`, "version-saved"));
  } catch (error) {
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
}

const LABELS = { name: "Name", note: "Note" };

export default function VersionsPage() {
  const { instrument, versions, canSave } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const base = instrumentPath(instrument.slug, "versions");
  const choices = versions.map((version) => ({ value: String(version.number), label: `${version.number}. ${version.name}` }));
  return (
    <>
      <Breadcrumbs trail={[{ to: "/dashboard", label: "Dashboard" }, { to: instrumentPath(instrument.slug, "text"), label: instrument.title }]} current="Versions" />
      <InstrumentNav slug={instrument.slug} current="versions" />
      <h1>Versions</h1>
      <p className="muted">
        A version is the draft as it stood when the chair saved it. Versions never change: restoring one makes the draft read as
        it did, as a new edit, and keeps every version.
      </p>

      {versions.length ? (
        <div className="table-wrap">
          <table>
            <caption>Saved versions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Note</th>
                <th scope="col">Saved</th>
                <th scope="col">SHA-256 of the text</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.number}>
                  <th scope="row">
                    <Link to={`${base}/${version.number}`}>
                      {version.number}. {version.name}
                    </Link>
                  </th>
                  <td>{version.note || <span className="muted">—</span>}</td>
                  <td>
                    <time dateTime={version.savedAtIso}>{version.savedAt}</time> by {version.savedBy}
                  </td>
                  <td className="mono digest" title={version.digest}>
                    {version.digest.slice(0, 16)}…
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No version has been saved yet.</p>
      )}

      {versions.length ? (
        <>
          <h2 id="compare">Compare</h2>
          <Form method="get" action={`${base}/compare`} className="form form--inline" aria-labelledby="compare">
            <SelectField name="from" label="Older" options={choices} defaultValue={String(versions.at(-1)?.number ?? 1)} />
            <SelectField
              name="to"
              label="Newer"
              options={[{ value: "current", label: "The draft as it stands" }, ...choices]}
              defaultValue={versions.length > 1 ? String(versions[0]?.number) : "current"}
            />
            <button type="submit" className="button button--secondary">
              Compare
            </button>
          </Form>
        </>
      ) : null}

      {canSave ? (
        <>
          <h2 id="save-version">Save the draft as a version</h2>
          <ErrorSummary errors={failure?.errors} labels={LABELS} />
          <Form method="post" className="form" aria-labelledby="save-version" noValidate>
            <Field
              name="name"
              label={LABELS.name}
              hint="For example: Chair's text, revision 2"
              maxLength={VERSION_NAME_MAX}
              required
              errors={failure?.errors}
              defaultValue={failure?.values.name}
            />
            <TextAreaField
              name="note"
              label={LABELS.note}
              hint="Optional: what this version is for, what changed."
              rows={3}
              maxLength={VERSION_NOTE_MAX}
              errors={failure?.errors}
              defaultValue={failure?.values.note}
            />
            <button type="submit" className="button" disabled={busy}>
              Save version
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
