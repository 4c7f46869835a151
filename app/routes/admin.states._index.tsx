// The participating states with their current status, and the form that adds one.
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requirePermission } from "../auth/guards.server";
import { ErrorSummary, SelectField } from "../components/forms";
import { formFailure, isoDateSchema, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice } from "../lib/notices";
import {
  participationStatusSchema,
  sourceNoteSchema,
} from "../lib/participation";
import { addState, availableCountries, listStatesWithStatus } from "../models/state.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ParticipationFields } from "../components/participation-fields";
import { StatusBadge } from "../components/status-badge";
import { RuleError } from "../lib/rule-error";

export const meta: MetaFunction = () => [{ title: "States – Administration – Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "state:manage");
  return { states: listStatesWithStatus(), countries: availableCountries() };
}

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

// The first status is optional; once one is chosen, its date and source are required too.
const addStateSchema = z
  .object({
    code: z
      .string({ required_error: "Choose a country" })
      .trim()
      .min(1, "Choose a country")
      .regex(/^[A-Za-z]{2}$/, "Choose a country from the list")
      .transform((code) => code.toUpperCase()),
    status: z.preprocess(blankToUndefined, participationStatusSchema.optional()),
    effectiveDate: z.preprocess(blankToUndefined, isoDateSchema.optional()),
    sourceNote: z.preprocess(blankToUndefined, sourceNoteSchema.optional()),
  })
  .superRefine((input, ctx) => {
    if (!input.status) return;
    if (!input.effectiveDate)
      ctx.addIssue({ code: "custom", path: ["effectiveDate"], message: "Enter the date from which this status holds" });
    if (!input.sourceNote)
      ctx.addIssue({ code: "custom", path: ["sourceNote"], message: "Enter the source: where this status is recorded" });
  })
  .transform(({ code, status, effectiveDate, sourceNote }) => ({
    code,
    initial: status && effectiveDate && sourceNote ? { status, effectiveDate, sourceNote } : undefined,
  }));

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "state:manage");
  const formData = await readForm(request);
  const result = parseForm(addStateSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  // A first status is a participation record: it needs that permission as well.
  if (result.data.initial) await requirePermission(request, "participation:record");
  try {
    const state = addState(actorOf(sessionUser, context), result.data);
    return redirect(withNotice(`/admin/states/${state.code}`, "state-added"));
  } catch (error) {
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
}

const LABELS = {
  code: "Country",
  status: "Status in the initiative",
  effectiveDate: "Effective date",
  sourceNote: "Source",
};

export default function StatesPage() {
  const { states, countries } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failure?.errors;
  const values = failure?.values ?? {};
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin", label: "Administration" }]} current={"States"} />
      <h1>States</h1>
      {states.length ? (
        <div className="table-wrap">
          <table>
            <caption>Participating states</caption>
            <thead>
              <tr>
                <th scope="col">Code</th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {states.map((state) => (
                <tr key={state.code}>
                  <td className="mono">{state.code}</td>
                  <td>
                    <Link to={`/admin/states/${state.code}`}>{state.name}</Link>
                  </td>
                  <td>
                    {state.status ? (
                      <StatusBadge status={state.status} />
                    ) : (
                      <span className="muted">No status yet</span>
                    )}
                  </td>
                  <td>{state.since ? <time dateTime={state.since}>{state.since}</time> : null}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No state has been added yet.</p>
      )}

      <h2 id="add-state">Add a state</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" aria-labelledby="add-state" noValidate>
        <SelectField
          name="code"
          label={LABELS.code}
          hint="The name is taken from the ISO 3166 country list; Kosovo is listed under XK."
          placeholder="Choose a country"
          options={countries.map((country) => ({ value: country.code, label: `${country.name} (${country.code})` }))}
          defaultValue={values.code ?? ""}
          errors={errors}
          required
        />
        <ParticipationFields
          labels={LABELS}
          values={values}
          errors={errors}
          required={false}
          statusPlaceholder="No status yet"
          statusHint="Optional. If you choose one, give its date and source too."
        />
        <button type="submit" className="button" disabled={busy}>
          Add state
        </button>
      </Form>
    </>
  );
}
