// One person: their roles (grant, remove) and their account (disable, enable). Several forms on
// one page, told apart by a hidden `intent`.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requirePermission } from "../auth/guards.server";
import { ROLE_LABELS, type Role } from "../auth/permissions";
import { ErrorSummary, SelectField } from "../components/forms";
import { formFailure, parseForm, readForm, ruleFailure } from "../lib/forms";
import { withNotice, type NoticeKey } from "../lib/notices";
import { grantRole, listMemberships, removeRole } from "../models/membership.server";
import { listStates } from "../models/state.server";
// eslint-disable-next-line no-restricted-syntax -- ACCOUNT_STATUS_LABELS is used in the loader or action only
import { ACCOUNT_STATUS_LABELS, accountStatusOf, disableUser, enableUser, getUser } from "../models/user.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RuleError } from "../lib/rule-error";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.person.name} – People – Administration – Accord` : "Person – Accord" },
];

const ROLE_VALUES = Object.keys(ROLE_LABELS) as [Role, ...Role[]];

function requireKnownUser(param: string | undefined) {
  const id = param && /^[1-9]\d{0,15}$/.test(param) ? Number(param) : null;
  const user = id !== null && Number.isSafeInteger(id) ? getUser(id) : undefined;
  if (!user) throw json({ message: "There is no account with this number." }, { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const sessionUser = await requirePermission(request, "user:manage");
  const user = requireKnownUser(params.userId);
  const states = listStates();
  const stateNames = new Map(states.map((state) => [state.code, state.name]));
  return {
    person: {
      id: user.id,
      name: user.name,
      email: user.email,
      disabled: user.disabledAt !== null,
      status: ACCOUNT_STATUS_LABELS[accountStatusOf({ disabledAt: user.disabledAt, hasPassword: user.passwordHash !== null })],
      isSelf: user.id === sessionUser.user.id,
    },
    roles: listMemberships(user.id).map((membership) => ({
      id: membership.id,
      label: ROLE_LABELS[membership.role],
      stateCode: membership.stateCode,
      stateName: membership.stateCode ? (stateNames.get(membership.stateCode) ?? membership.stateCode) : null,
      grantedOn: membership.createdAt.toISOString().slice(0, 10),
    })),
    states,
  };
}

const userActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("revoke"),
      membershipId: z.coerce
        .number({ invalid_type_error: "Choose a role to remove" })
        .int("Choose a role to remove")
        .positive("Choose a role to remove"),
    }),
    z.object({
      intent: z.literal("grant"),
      role: z.enum(ROLE_VALUES, { errorMap: () => ({ message: "Choose a role from the list" }) }),
      stateCode: z
        .string()
        .trim()
        .max(2, "Choose a state from the list")
        .toUpperCase()
        .optional()
        .transform((code) => code || null),
    }),
    z.object({ intent: z.literal("disable") }),
    z.object({ intent: z.literal("enable") }),
  ],
  { errorMap: () => ({ message: "This form could not be read: reload the page and try again" }) },
);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sessionUser = await requirePermission(request, "user:manage");
  const user = requireKnownUser(params.userId);
  const formData = await readForm(request);
  const result = parseForm(userActionSchema, formData);
  if (!result.ok) return formFailure(result, 400);
  const actor = actorOf(sessionUser, context);
  const input = result.data;
  let notice: NoticeKey;
  try {
    if (input.intent === "revoke") {
      const removed = removeRole(actor, user.id, input.membershipId);
      if (!removed.ok) throw json({ message: "This person holds no such role." }, { status: 404 });
      notice = "membership-removed";
    } else if (input.intent === "grant") {
      grantRole(actor, { userId: user.id, role: input.role, stateCode: input.stateCode });
      notice = "membership-added";
    } else if (input.intent === "disable") {
      disableUser(actor, user.id);
      notice = "account-disabled";
    } else {
      enableUser(actor, user.id);
      notice = "account-enabled";
    }
  } catch (error) {
    if (error instanceof RuleError) return ruleFailure(error, formData);
    throw error;
  }
  return redirect(withNotice(`/admin/users/${user.id}`, notice));
}

const LABELS = { role: "Role", stateCode: "State" };

export default function PersonPage() {
  const { person, roles, states } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = failure?.errors;
  const grantValues = failure?.values.intent === "grant" ? failure.values : {};
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin", label: "Administration" }, { to: "/admin/users", label: "People" }]} current={person.name} />
      <h1>{person.name}</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <dl className="summary-list">
        <dt>Email</dt>
        <dd>{person.email}</dd>
        <dt>Account</dt>
        <dd>{person.status}</dd>
      </dl>

      <h2>Roles</h2>
      {roles.length ? (
        <div className="table-wrap">
          <table>
            <caption>Roles held</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Granted on</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.map((role) => (
                <tr key={role.id}>
                  <td>{role.label}</td>
                  <td>
                    {role.stateCode ? <Link to={`/admin/states/${role.stateCode}`}>{role.stateName}</Link> : <span className="muted">No state</span>}
                  </td>
                  <td>
                    <time dateTime={role.grantedOn}>{role.grantedOn}</time>
                  </td>
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="revoke" />
                      <input type="hidden" name="membershipId" value={role.id} />
                      <button type="submit" className="button button--secondary" disabled={busy}>
                        Remove<span className="visually-hidden"> the role {role.label}{role.stateName ? ` for ${role.stateName}` : ""}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{person.name} holds no role.</p>
      )}

      <h2 id="grant-role">Grant a role</h2>
      <Form method="post" className="form" aria-labelledby="grant-role" noValidate>
        <input type="hidden" name="intent" value="grant" />
        <SelectField
          name="role"
          label={LABELS.role}
          placeholder="Choose a role"
          options={ROLE_VALUES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
          defaultValue={grantValues.role ?? ""}
          errors={errors}
          required
        />
        <SelectField
          name="stateCode"
          label={LABELS.stateCode}
          hint="Delegates and signers act for a state; the chair for none; an observer for a state or for none."
          placeholder="No state"
          options={states.map((state) => ({ value: state.code, label: state.name }))}
          defaultValue={grantValues.stateCode ?? ""}
          errors={errors}
        />
        <button type="submit" className="button" disabled={busy}>
          Grant role
        </button>
      </Form>

      <h2>Account</h2>
      {person.isSelf ? (
        <p>This is your own account: another chair can disable it if needed.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value={person.disabled ? "enable" : "disable"} />
          {person.disabled ? (
            <p>This account is disabled: its holder cannot sign in.</p>
          ) : (
            <p>Disabling the account signs {person.name} out everywhere and stops them from signing in. Their records stay.</p>
          )}
          <button type="submit" className={`button${person.disabled ? "" : " button--danger"}`} disabled={busy}>
            {person.disabled ? "Enable account" : "Disable account"}
          </button>
        </Form>
      )}
    </>
  );
}
