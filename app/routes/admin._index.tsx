// The administration overview: one card per section, with what is in it.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { listAuditEvents } from "../models/audit.server";
import { listInvitations } from "../models/invitation.server";
import { listStatesWithStatus } from "../models/state.server";
import { countUsers } from "../models/user.server";
import { formatInstant } from "../lib/dates";

export const meta: MetaFunction = () => [{ title: "Administration – Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:view");
  const states = listStatesWithStatus();
  const [latestEvent] = listAuditEvents({ limit: 1 });
  return {
    states: states.length,
    withoutStatus: states.filter((state) => state.status === null).length,
    people: countUsers(),
    openInvitations: listInvitations().filter((invitation) => invitation.status === "open").length,
    latestEventAt: latestEvent ? formatInstant(latestEvent.at) : null,
  };
}


function plural(count: number, one: string, many: string): string {
  return `${count.toLocaleString("en")} ${count === 1 ? one : many}`;
}

export default function AdminOverview() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Administration</h1>
      <ul className="card-grid">
        <li className="card">
          <h2>
            <Link to="/admin/states">States</Link>
          </h2>
          <p className="card__count">{plural(data.states, "state", "states")}</p>
          <p className="muted">
            {data.withoutStatus ? `${plural(data.withoutStatus, "has", "have")} no status yet. ` : null}
            Add states and record changes in their status.
          </p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/users">People</Link>
          </h2>
          <p className="card__count">{plural(data.people, "person", "people")}</p>
          <p className="muted">Grant and remove roles, disable accounts.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/invitations">Invitations</Link>
          </h2>
          <p className="card__count">{plural(data.openInvitations, "open invitation", "open invitations")}</p>
          <p className="muted">Invite delegates, signers and observers.</p>
        </li>
        <li className="card">
          <h2>
            <Link to="/admin/audit">Audit trail</Link>
          </h2>
          <p className="card__count">{data.latestEventAt ? `Latest event ${data.latestEventAt}` : "No events yet"}</p>
          <p className="muted">Who did what, when, for which state and from where.</p>
        </li>
      </ul>
    </>
  );
}
