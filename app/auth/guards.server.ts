// Guards named for what they demand. Every loader and action calls one before it reads or changes
// anything; a guard either returns the person or throws a redirect (anonymous) or a 403.
import { json, redirect, type AppLoadContext } from "@remix-run/node";
import { findLiveSession, type SessionUser } from "../models/session.server";
import type { Actor } from "../models/audit.server";
import { can, type Permission, type Target } from "./permissions";
import { readSessionToken } from "./session-cookie.server";

const resolved = new WeakMap<Request, Promise<SessionUser | null>>();

/** The signed-in person of this request, or null for the public. Resolved once per request. */
export function getSessionUser(request: Request): Promise<SessionUser | null> {
  let pending = resolved.get(request);
  if (!pending) {
    pending = readSessionToken(request).then((token) => (token ? findLiveSession(token) : null));
    resolved.set(request, pending);
  }
  return pending;
}

function loginRedirect(request: Request): Response {
  const url = new URL(request.url);
  const back = `${url.pathname}${url.search}`;
  const search = back === "/" ? "" : `?${new URLSearchParams({ redirectTo: back })}`;
  return redirect(`/login${search}`);
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const sessionUser = await getSessionUser(request);
  if (!sessionUser) throw loginRedirect(request);
  return sessionUser;
}

export async function requireAnonymous(request: Request): Promise<void> {
  if (await getSessionUser(request)) throw redirect("/dashboard");
}

export function forbidden(message = "You do not have permission to do this."): Response {
  return json({ message }, { status: 403 });
}

/** The person, when they hold `permission` (for `target`); otherwise a login redirect or a 403. */
export async function requirePermission(
  request: Request,
  permission: Permission,
  target: Target = {},
): Promise<SessionUser> {
  const sessionUser = await requireUser(request);
  if (!can(sessionUser.principal, permission, target)) throw forbidden();
  return sessionUser;
}

/** Who an action is attributed to in the audit trail. */
export function actorOf(sessionUser: SessionUser | null, context: AppLoadContext, stateCode?: string | null): Actor {
  return {
    userId: sessionUser?.user.id ?? null,
    stateCode: stateCode ?? null,
    ipAddress: context.clientAddress ?? null,
  };
}
