// Everyone with an account: their roles (and for which state) and whether the account is usable.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { ROLE_LABELS } from "../auth/permissions";
import { listStates } from "../models/state.server";
// eslint-disable-next-line no-restricted-syntax -- ACCOUNT_STATUS_LABELS is used in the loader or action only
import { ACCOUNT_STATUS_LABELS, accountStatusOf, listUsersWithRoles } from "../models/user.server";
import { Breadcrumbs } from "../components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "People – Administration – Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:manage");
  const stateNames = new Map(listStates().map((state) => [state.code, state.name]));
  return {
    people: listUsersWithRoles().map((user) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      status: ACCOUNT_STATUS_LABELS[accountStatusOf(user)],
      roles: user.roles.map((role) => ({
        id: role.id,
        label: role.stateCode
          ? `${ROLE_LABELS[role.role]} for ${stateNames.get(role.stateCode) ?? role.stateCode}`
          : ROLE_LABELS[role.role],
      })),
    })),
  };
}

export default function PeoplePage() {
  const { people } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs trail={[{ to: "/admin", label: "Administration" }]} current={"People"} />
      <h1>People</h1>
      <p>
        People join through an invitation that grants their first role. <Link to="/admin/invitations">Invitations</Link>
      </p>
      <div className="table-wrap">
        <table>
          <caption>Accounts</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Roles</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {people.map((person) => (
              <tr key={person.id}>
                <td>
                  <Link to={`/admin/users/${person.id}`}>{person.name}</Link>
                </td>
                <td>{person.email}</td>
                <td>
                  {person.roles.length ? (
                    person.roles.map((role, index) => (
                      <span key={role.id}>
                        {index > 0 ? <br /> : null}
                        {role.label}
                      </span>
                    ))
                  ) : (
                    <span className="muted">No role</span>
                  )}
                </td>
                <td>{person.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
