// A signed-in person's starting page: their roles, the delegations they act for with each state's
// current status, the instruments under drafting, and where to go next for their role.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";
import { can, hasRole, ROLE_LABELS, type Role } from "../auth/permissions";
import { StatusBadge } from "../components/status-badge";
import { formatIsoDate } from "../lib/dates";
import { listInstruments } from "../models/instrument.server";
import { currentStanding } from "../models/participation.server";
import { getState } from "../models/state.server";

export const meta: MetaFunction = () => [{ title: "Dashboard – Accord" }];

/** What each role lets a person do for their state, in the order the cards list them. */
const ROLE_ABILITIES: Record<Exclude<Role, "chair">, string> = {
  delegate:
    "As delegate you draft for the delegation: edit the text, comment, propose amendments and hold brackets, and later report on how your state carries out its commitments.",
  signer:
    "As signer you pledge for the state once a text is adopted: subscribe to it or endorse it, add a declaration, or withdraw.",
  observer: "As observer you follow the drafting for this state read-only.",
};

const ROLE_ORDER: readonly Role[] = ["chair", "delegate", "signer", "observer"];

const ADMIN_LINKS = [
  { to: "/admin/states", label: "States", description: "Add states and record changes in their status." },
  { to: "/admin/users", label: "People", description: "Grant and remove roles, disable accounts." },
  { to: "/admin/invitations", label: "Invitations", description: "Invite delegates, signers and observers." },
  { to: "/admin/audit", label: "Audit trail", description: "Who did what, when, for which state and from where." },
] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, principal } = await requirePermission(request, "dashboard:view");
  const stateNames = new Map<string, string>();
  const nameOf = (code: string | null): string => {
    if (!code) return "";
    if (!stateNames.has(code)) stateNames.set(code, getState(code)?.name ?? code);
    return stateNames.get(code) as string;
  };

  const memberships = [...principal.memberships].sort(
    (a, b) =>
      ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) ||
      nameOf(a.stateCode).localeCompare(nameOf(b.stateCode), "en"),
  );
  const roles = memberships.map((membership) =>
    membership.stateCode
      ? `${ROLE_LABELS[membership.role]} for ${nameOf(membership.stateCode)}`
      : membership.role === "chair"
        ? "Chair of the initiative"
        : ROLE_LABELS[membership.role],
  );

  const rolesByState = new Map<string, Exclude<Role, "chair">[]>();
  for (const { role, stateCode } of memberships) {
    if (!stateCode || role === "chair") continue;
    rolesByState.set(stateCode, [...(rolesByState.get(stateCode) ?? []), role]);
  }
  const delegations = [...rolesByState].map(([code, stateRoles]) => {
    const standing = currentStanding(code);
    return {
      code,
      name: nameOf(code),
      status: standing?.status ?? null,
      since: standing ? { iso: standing.since, text: formatIsoDate(standing.since) } : null,
      abilities: stateRoles.map((role) => ROLE_ABILITIES[role]),
    };
  });
  delegations.sort((a, b) => a.name.localeCompare(b.name, "en"));

  return {
    name: user.name,
    roles,
    delegations,
    instruments: listInstruments().map(({ slug, title, summary }) => ({ slug, title, summary })),
    administration: can(principal, "admin:view"),
    // Only an observer and nothing more follows read-only; a delegate who also observes drafts.
    readOnly: !can(principal, "draft:edit") && hasRole(principal, "observer"),
  };
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Dashboard</h1>
      <p className="lead">Welcome, {data.name}.</p>

      <h2>Your roles</h2>
      <ul>
        {data.roles.map((role) => (
          <li key={role}>{role}</li>
        ))}
      </ul>

      {data.delegations.length ? (
        <section aria-labelledby="delegations-title">
          <h2 id="delegations-title">{data.delegations.length === 1 ? "Your delegation" : "Your delegations"}</h2>
          <ul className="card-grid">
            {data.delegations.map((delegation) => (
              <li className="card" key={delegation.code}>
                <h3>{delegation.name}</h3>
                {delegation.status && delegation.since ? (
                  <p>
                    <StatusBadge status={delegation.status} />{" "}
                    since <time dateTime={delegation.since.iso}>{delegation.since.text}</time>
                  </p>
                ) : (
                  <p className="muted">No status has been recorded for this state yet.</p>
                )}
                {delegation.abilities.map((ability) => (
                  <p key={ability}>{ability}</p>
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {data.readOnly ? (
        <section aria-labelledby="observer-title">
          <h2 id="observer-title">Following the drafting</h2>
          <p>
            As an observer you follow the drafting: you can read the drafts and how they change and comment on them, but
            not edit them or pledge.
          </p>
        </section>
      ) : null}

      <section aria-labelledby="drafting-title">
        <h2 id="drafting-title">Under drafting</h2>
        {data.instruments.length ? (
          <ul className="card-grid">
            {data.instruments.map((instrument) => (
              <li className="card" key={instrument.slug}>
                <h3>
                  <Link to={`/instruments/${instrument.slug}`}>{instrument.title}</Link>
                </h3>
                <p>{instrument.summary}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">No instrument is under drafting yet.</p>
        )}
      </section>

      {data.administration ? (
        <section aria-labelledby="admin-title">
          <h2 id="admin-title">Administration</h2>
          <ul className="card-grid">
            {ADMIN_LINKS.map((link) => (
              <li className="card" key={link.to}>
                <h3>
                  <Link to={link.to}>{link.label}</Link>
                </h3>
                <p className="muted">{link.description}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
