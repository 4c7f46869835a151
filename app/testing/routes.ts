// Scaffolding for tests that call loaders and actions directly, as the server would: the load
// context, requests with or without a session cookie, and people who hold a role.
import type { AppLoadContext, LoaderFunctionArgs, TypedResponse } from "@remix-run/node";
import { buildUser } from "../../db/factories";
import type { MembershipRow, Role, UserRow } from "../../db/schema";
import { serializeSessionToken } from "../auth/session-cookie.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { grantMembership } from "../models/membership.server";
import { createSession, type SessionMeta } from "../models/session.server";
import { createUser } from "../models/user.server";

/** A loader or an action: Remix hands both the same arguments. */
export type RouteHandler = (args: LoaderFunctionArgs) => unknown;

export interface RouteOptions {
  params?: Record<string, string>;
  context?: AppLoadContext;
}

/** What the server hands every loader and action; the address is what throttling and the audit trail see. */
export function testContext(clientAddress = "127.0.0.1"): AppLoadContext {
  return { cspNonce: "n", clientAddress, render: { failed: false } };
}

async function settle(handler: RouteHandler, request: Request, { params = {}, context = testContext() }: RouteOptions): Promise<unknown> {
  try {
    return await handler({ request, params, context });
  } catch (thrown) {
    // Guards throw their redirect or 403; to the browser that is an answer like any other.
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Calls a loader or action and returns its answer, thrown or returned; plain data comes back as JSON, as Remix sends it. */
export async function callRoute(handler: RouteHandler, request: Request, options: RouteOptions = {}): Promise<Response> {
  const result = await settle(handler, request, options);
  return result instanceof Response ? result : Response.json(result);
}

/** What a loader's page receives: its plain data, or the body of its `json(...)` answer. */
type PageData<R> = R extends TypedResponse<infer U> ? U : R;

/**
 * Calls a loader and returns the data its page receives, typed: plain data, or the JSON of a 200 it
 * answered with `json(data, { headers })`; any other answer (a redirect, a 304, a 404) fails the test.
 */
export async function routeData<R>(handler: (args: LoaderFunctionArgs) => Promise<R>, request: Request, options: RouteOptions = {}): Promise<PageData<R>> {
  const result = await settle(handler, request, options);
  if (result instanceof Response) {
    if (result.status === 200 && result.headers.get("Content-Type")?.startsWith("application/json")) return (await result.json()) as PageData<R>;
    throw new Error(`expected data, but the route answered ${result.status} ${result.headers.get("Location") ?? ""}`);
  }
  return result as PageData<R>;
}

/** The `name=value` part of a Set-Cookie header: what a browser sends back in its Cookie header. */
function cookiePair(setCookie: string): string {
  return setCookie.split(";")[0] ?? "";
}

/** The Cookie header a browser would send after this response (empty if it set no cookie). */
export function cookieFrom(response: Response): string {
  return cookiePair(response.headers.get("Set-Cookie") ?? "");
}

/** Opens a session for the user, without a password, and returns the Cookie header that carries it. */
export async function openTestSession(userId: number, meta: SessionMeta = {}): Promise<{ cookie: string; token: string; sessionId: string }> {
  const { token, session } = createSession(userId, meta);
  return { cookie: cookiePair(await serializeSessionToken(token)), token, sessionId: session.id };
}

// A path is taken on this origin; a full URL (another origin or port) is kept as it is.
const ORIGIN = "http://localhost";

function cookieHeader(cookie: string | undefined): Record<string, string> {
  return cookie ? { Cookie: cookie } : {};
}

export function getRequest(path: string, { cookie }: { cookie?: string } = {}): Request {
  return new Request(new URL(path, ORIGIN), { headers: cookieHeader(cookie) });
}

/** A POST of an HTML form: the fields URL-encoded, as a browser sends them. */
export function formRequest(
  path: string,
  fields: Record<string, string>,
  { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {},
): Request {
  return new Request(new URL(path, ORIGIN), {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", ...cookieHeader(cookie) },
    body: new URLSearchParams(fields),
  });
}

export interface PersonInput {
  email?: string;
  name?: string;
  passwordHash?: string | null;
  role: Role;
  /** None for the chair and for an observer without a state. */
  stateCode?: string | null;
}

/**
 * A user holding one role, made through the domain functions as the seed would; email and name
 * default to fresh ones. Grant further roles with `grantMembership`.
 */
export function createPerson({ email, name, passwordHash, role, stateCode = null }: PersonInput): { user: UserRow; membership: MembershipRow } {
  const fresh = buildUser();
  const user = createUser(SYSTEM_ACTOR, { email: email ?? fresh.email, name: name ?? fresh.name, passwordHash });
  const membership = grantMembership(SYSTEM_ACTOR, { userId: user.id, role, stateCode });
  return { user, membership };
}
