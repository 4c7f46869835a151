import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requireUser } from "../auth/guards.server";
import { ROLE_LABELS } from "../auth/permissions";
import { clearSessionCookie } from "../auth/session-cookie.server";
import { ErrorSummary } from "../components/forms";
import { formFailure, parseForm, readForm } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { endEverySession, endOwnSession, listSessions, signOut } from "../models/session.server";
import { listStates } from "../models/state.server";
import { formatInstant } from "../lib/dates";
import { SECOND_FACTOR_PATH } from "../lib/second-factor";
import { secondFactorSince } from "../models/second-factor.server";

export const meta: MetaFunction = () => [{ title: "Your account – Accord" }];

const accountActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("end-session"),
    sessionId: z
      .string({ required_error: "Choose the session to end" })
      .regex(/^[0-9a-f]{64}$/, "Choose the session to end from the list"),
  }),
  z.object({ intent: z.literal("end-all") }),
]);

/** "2026-11-27 14:05 UTC": the same on the server and in the browser, whatever their zones. */

const BROWSERS: [RegExp, string][] = [
  [/Edg\//, "Edge"],
  [/OPR\//, "Opera"],
  [/Firefox\//, "Firefox"],
  [/Chrom(e|ium)\//, "Chrome"],
  [/Safari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/Android/, "Android"],
  [/iPhone|iPad/, "iOS"],
  [/Windows/, "Windows"],
  [/Mac OS X|Macintosh/, "macOS"],
  [/CrOS/, "ChromeOS"],
  [/Linux/, "Linux"],
];

/** A short description such as "Firefox on Linux"; the full string goes in the cell's title. */
function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown browser";
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent))?.[1] ?? "Unknown browser";
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  return system ? `${browser} on ${system}` : browser;
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session, principal } = await requireUser(request);
  const stateNames = new Map(listStates().map((state) => [state.code, state.name]));
  const secondFactor = secondFactorSince(user.id);
  return {
    user: { name: user.name, email: user.email },
    secondFactor: secondFactor ? { since: secondFactor.toISOString(), shown: formatInstant(secondFactor) } : null,
    roles: principal.memberships.map((membership) => ({
      key: `${membership.role}:${membership.stateCode ?? ""}`,
      role: ROLE_LABELS[membership.role],
      state: membership.stateCode ? (stateNames.get(membership.stateCode) ?? membership.stateCode) : null,
    })),
    sessions: listSessions(user.id).map((row) => ({
      id: row.id,
      current: row.id === session.id,
      startedAt: row.createdAt.toISOString(),
      started: formatInstant(row.createdAt),
      lastActiveAt: row.lastSeenAt.toISOString(),
      lastActive: formatInstant(row.lastSeenAt),
      address: row.ipAddress ?? "Unknown",
      browser: describeUserAgent(row.userAgent),
      userAgent: row.userAgent ?? "",
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const parsed = parseForm(accountActionSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed, 400);
  const actor = actorOf(sessionUser, context);
  const { user, session } = sessionUser;

  if (parsed.data.intent === "end-all") {
    endEverySession(actor, user.id);
    return redirect(withNotice("/login", "sessions-ended"), { headers: { "Set-Cookie": await clearSessionCookie() } });
  }

  const { sessionId } = parsed.data;
  if (sessionId === session.id) {
    // Ending the session in use is signing out.
    signOut(actor, user.id, session.id);
    return redirect(withNotice("/", "signed-out"), { headers: { "Set-Cookie": await clearSessionCookie() } });
  }
  if (!endOwnSession(actor, user.id, sessionId)) {
    return formFailure({ errors: { "": ["That session is not one of yours, or it has already ended."] }, values: {} }, 404);
  }
  return redirect(withNotice("/account", "session-ended"));
}

export default function Account() {
  const { user, roles, secondFactor, sessions } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  return (
    <>
      <h1>Your account</h1>
      <ErrorSummary errors={failure?.errors} />
      <dl className="summary-list">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Email address</dt>
        <dd>{user.email}</dd>
        <dt>Roles</dt>
        <dd>
          {roles.length === 0 ? (
            "No role yet"
          ) : (
            <ul>
              {roles.map((role) => (
                <li key={role.key}>{role.state ? `${role.role} for ${role.state}` : role.role}</li>
              ))}
            </ul>
          )}
        </dd>
        <dt>Password</dt>
        <dd>
          <Link to="/account/password">Change password</Link>
        </dd>
        <dt>Second factor</dt>
        <dd>
          {secondFactor ? (
            <>
              Authenticator app set up since <time dateTime={secondFactor.since}>{secondFactor.shown}</time>.{" "}
              <Link to={SECOND_FACTOR_PATH}>Replace or remove it</Link>
            </>
          ) : (
            <>
              Not set up: the chair needs one to adopt a text, signers to pledge.{" "}
              <Link to={SECOND_FACTOR_PATH}>Set up an authenticator</Link>
            </>
          )}
        </dd>
      </dl>

      <h2>Your sessions</h2>
      <p>
        Each place where you are signed in is a session. End any you do not recognise, then change your password. A session
        ends by itself after two hours without activity, and always twelve hours after it started.
      </p>
      <div className="table-wrap">
        <table>
          <caption>Sessions where you are signed in</caption>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Last active</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
              <th scope="col">
                <span className="visually-hidden">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={session.id}>
                <td>
                  <time dateTime={session.startedAt}>{session.started}</time>
                </td>
                <td>
                  <time dateTime={session.lastActiveAt}>{session.lastActive}</time>
                </td>
                <td>{session.address}</td>
                <td title={session.userAgent}>{session.browser}</td>
                <td>
                  {session.current ? (
                    <span className="status status--committed">This session</span>
                  ) : (
                    <Form method="post">
                      <input type="hidden" name="intent" value="end-session" />
                      <input type="hidden" name="sessionId" value={session.id} />
                      <button type="submit" className="button button--secondary">
                        End session
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Sign out everywhere</h2>
      <p>This ends every session of your account, this one included. You will need to sign in again.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="end-all" />
        <button type="submit" className="button button--danger">
          Sign out everywhere
        </button>
      </Form>
    </>
  );
}
