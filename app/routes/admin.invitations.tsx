import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requirePermission } from "../auth/guards.server";
import { ROLE_LABELS, type Role } from "../auth/permissions";
import { ErrorSummary, Field, SelectField } from "../components/forms";
import { config } from "../lib/env.server";
import { emailSchema, formFailure, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { createInvitation, listInvitations, revokeInvitation, type InvitationStatus } from "../models/invitation.server";
import { listStates } from "../models/state.server";
import { formatInstant } from "../lib/dates";
import { RuleError } from "../lib/rule-error";

export const meta: MetaFunction = () => [{ title: "Invitations – Administration – Accord" }];

const ROLES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];

const invitationActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("create"),
    email: emailSchema,
    role: z.enum(ROLES, { errorMap: () => ({ message: "Choose a role" }) }),
    stateCode: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^([A-Z]{2})?$/, "Choose a state from the list")
      .optional()
      .transform((code) => code || null),
  }),
  z.object({
    intent: z.literal("revoke"),
    invitationId: z.coerce
      .number({ invalid_type_error: "Choose an invitation to revoke" })
      .int("Choose an invitation to revoke")
      .positive("Choose an invitation to revoke"),
  }),
]);

const LABELS = { email: "Email address", role: "Role", stateCode: "State" };
const ROLE_OPTIONS = ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const STATUS_LABELS: Record<InvitationStatus, string> = { open: "Open", accepted: "Accepted", expired: "Expired", revoked: "Revoked" };

/** "2026-11-27 14:05 UTC", the same wherever it is rendered. */

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:manage");
  return {
    states: listStates().map((state) => ({ value: state.code, label: state.name })),
    invitations: listInvitations().map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      role: ROLE_LABELS[invitation.role],
      state: invitation.stateName ?? invitation.stateCode ?? "",
      createdAt: invitation.createdAt.toISOString(),
      created: formatInstant(invitation.createdAt),
      expiresAt: invitation.expiresAt.toISOString(),
      expires: formatInstant(invitation.expiresAt),
      invitedBy: invitation.invitedByName,
      status: invitation.status,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "user:manage");
  const formData = await readForm(request);
  const parsed = parseForm(invitationActionSchema, formData);
  if (!parsed.ok) return formFailure(parsed, 400);
  const actor = actorOf(sessionUser, context);

  if (parsed.data.intent === "revoke") {
    const revoked = revokeInvitation(actor, parsed.data.invitationId);
    if (!revoked.ok && revoked.reason === "unknown") {
      return formFailure({ errors: { "": ["There is no such invitation."] }, values: {} }, 404);
    }
    if (!revoked.ok) {
      return formFailure({ errors: { "": ["This invitation is no longer open: it was accepted, has expired or was revoked."] }, values: {} }, 409);
    }
    return redirect(withNotice("/admin/invitations", "invitation-revoked"));
  }

  const { email, role, stateCode } = parsed.data;
  try {
    const { token } = createInvitation(actor, { email, role, stateCode });
    const origin = config().publicOrigin ?? new URL(request.url).origin;
    // The token is shown this once and never stored: the answer must not be cached anywhere.
    return json(
      { ok: true as const, email, link: `${origin}/invitations/${token}` },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
}

export default function AdminInvitations() {
  const { states, invitations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const created = result?.ok ? result : null;
  const errors = failure?.errors;
  return (
    <>
      <h1>Invitations</h1>
      <p>
        An invitation lets one person open an account (or use the one they have) and take up a role. The link works once and
        for seven days.
      </p>

      {created ? (
        <div className="notice notice--secret" role="status">
          <h2>Invitation created for {created.email}</h2>
          <p>Send this link to the person yourself: Accord does not send email yet. It is shown only now.</p>
          <p>
            <code id="invitation-link">{created.link}</code>
          </p>
        </div>
      ) : null}

      <h2>Invite someone</h2>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" noValidate key={created?.link ?? "form"}>
        <input type="hidden" name="intent" value="create" />
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="off"
          spellCheck={false}
          required
          defaultValue={failure?.values.email ?? ""}
          errors={errors}
        />
        <SelectField
          name="role"
          label={LABELS.role}
          options={ROLE_OPTIONS}
          placeholder="Choose a role"
          required
          defaultValue={failure?.values.role ?? ""}
          errors={errors}
        />
        <SelectField
          name="stateCode"
          label={LABELS.stateCode}
          hint="Delegates and signers act for a state. Leave it empty for the chair, or for an observer from an international organisation."
          options={states}
          placeholder="No state"
          defaultValue={failure?.values.stateCode ?? ""}
          errors={errors}
        />
        {states.length === 0 ? (
          <p className="muted">
            There is no participating state yet: <Link to="/admin/states">add states</Link> before inviting their delegates and
            signers.
          </p>
        ) : null}
        <button type="submit" className="button">
          Create invitation
        </button>
      </Form>

      <h2>All invitations</h2>
      {invitations.length === 0 ? (
        <p>No invitation yet.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>Invitations, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Email address</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{invitation.role}</td>
                  <td>{invitation.state || <span className="muted">None</span>}</td>
                  <td>
                    <time dateTime={invitation.createdAt}>{invitation.created}</time>
                    <br />
                    <span className="muted">by {invitation.invitedBy}</span>
                  </td>
                  <td>
                    <time dateTime={invitation.expiresAt}>{invitation.expires}</time>
                  </td>
                  <td>{STATUS_LABELS[invitation.status]}</td>
                  <td>
                    {invitation.status === "open" ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="revoke" />
                        <input type="hidden" name="invitationId" value={invitation.id} />
                        <button type="submit" className="button button--secondary">
                          Revoke
                        </button>
                      </Form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
