// The administration area: the chair's pages for states, people, invitations and the audit trail.
// This check only keeps the frame from showing; every child loader and action checks its own
// permission, because a child's action runs without this loader.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { requirePermission } from "../auth/guards.server";

export const meta: MetaFunction = () => [{ title: "Administration – Accord" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:view");
  return null;
}

const SECTIONS = [
  { to: "/admin/states", label: "States" },
  { to: "/admin/users", label: "People" },
  { to: "/admin/invitations", label: "Invitations" },
  { to: "/admin/audit", label: "Audit trail" },
] as const;

export default function AdminLayout() {
  return (
    <>
      <nav className="admin-nav" aria-label="Administration">
        <ul>
          {SECTIONS.map((section) => (
            <li key={section.to}>
              <NavLink to={section.to}>{section.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
