// The page an invitation link opens. Anyone holding the link may use it, but not while signed in:
// accepting signs the person in, and must never quietly swap the account in use.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useRouteError } from "@remix-run/react";
import { z } from "zod";
import { getSessionUser } from "../auth/guards.server";
import { acceptInvitationAndSignIn, accountModeFor, retryAfterSeconds, throttleMessage, type AccountMode } from "../auth/login.server";
import { PASSWORD_MAX, PASSWORD_RULES } from "../auth/password-policy";
import { newPasswordSchema } from "../auth/password.server";
import { ROLE_LABELS } from "../auth/permissions";
import { serializeSessionToken } from "../auth/session-cookie.server";
import { ErrorSummary, Field } from "../components/forms";
import { formFailure, parseForm, readForm, textSchema } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { findOpenInvitation, type ClosedReason } from "../models/invitation.server";
import { listStates } from "../models/state.server";

export const meta: MetaFunction = () => [{ title: "Your invitation – Accord" }];

const NO_STORE = { "Cache-Control": "no-store" };

const CLOSED: Record<ClosedReason, { status: number; title: string; message: string }> = {
  unknown: {
    status: 404,
    title: "This invitation link is not known",
    message: "Check that you opened the whole link as you received it. If it still does not work, ask the chair for a new invitation.",
  },
  expired: {
    status: 410,
    title: "This invitation has expired",
    message: "An invitation link works for seven days. Ask the chair for a new invitation.",
  },
  used: {
    status: 410,
    title: "This invitation has already been used",
    message: "Each invitation link works once. If you accepted it, sign in with your account; otherwise ask the chair for a new invitation.",
  },
  revoked: {
    status: 410,
    title: "This invitation was withdrawn",
    message: "The chair revoked this invitation or replaced it with a newer one. Use the newest link you received, or ask the chair for a new invitation.",
  },
};

function closedInvitation(reason: ClosedReason): Response {
  const { status, title, message } = CLOSED[reason];
  return json({ reason, title, message }, { status, headers: NO_STORE });
}

const confirmation = (value: { password: string; confirmPassword: string }, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirmPassword) {
    ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two passwords are not the same" });
  }
};

const acceptSchemas = {
  new: z
    .object({
      name: textSchema("your name", 120),
      password: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Repeat the password" }).min(1, "Repeat the password"),
    })
    .superRefine(confirmation),
  "set-password": z
    .object({
      password: newPasswordSchema,
      confirmPassword: z.string({ required_error: "Repeat the password" }).min(1, "Repeat the password"),
    })
    .superRefine(confirmation),
  existing: z.object({
    password: z
      .string({ required_error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`),
  }),
} satisfies Record<AccountMode, z.ZodTypeAny>;

const LABELS: Record<AccountMode, Record<string, string>> = {
  new: { name: "Your name", password: "Choose a password", confirmPassword: "Repeat the password" },
  "set-password": { password: "Choose a password", confirmPassword: "Repeat the password" },
  existing: { password: "Your current password" },
};


export async function loader({ request, params }: LoaderFunctionArgs) {
  const found = findOpenInvitation(params.token ?? "");
  if (!found.ok) throw closedInvitation(found.reason);
  const { invitation } = found;
  const signedIn = await getSessionUser(request);
  const stateName = invitation.stateCode
    ? (listStates().find((state) => state.code === invitation.stateCode)?.name ?? invitation.stateCode)
    : null;
  return json(
    {
      email: invitation.email,
      role: ROLE_LABELS[invitation.role],
      state: stateName,
      expiresAt: invitation.expiresAt.toISOString(),
      mode: accountModeFor(invitation.email),
      signedInAs: signedIn ? signedIn.user.name : null,
    },
    { headers: NO_STORE },
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const token = params.token ?? "";
  const signedIn = await getSessionUser(request);
  if (signedIn) {
    const message = `You are signed in as ${signedIn.user.name}. Sign out first, then open the invitation link again.`;
    return formFailure({ errors: { "": [message] }, values: {} }, 409);
  }
  const found = findOpenInvitation(token);
  if (!found.ok) throw closedInvitation(found.reason);
  const mode = accountModeFor(found.invitation.email);
  const parsed = parseForm(acceptSchemas[mode], await readForm(request));
  if (!parsed.ok) return formFailure(parsed, 400);

  const result = await acceptInvitationAndSignIn(
    token,
    { name: "name" in parsed.data ? parsed.data.name : undefined, password: parsed.data.password },
    { ipAddress: context.clientAddress, userAgent: request.headers.get("user-agent") },
  );
  if (result.ok) {
    return redirect(withNotice("/dashboard", "invitation-accepted"), {
      headers: { "Set-Cookie": await serializeSessionToken(result.token) },
    });
  }
  switch (result.reason) {
    case "throttled": {
      const response = formFailure({ errors: { "": [throttleMessage(result.retryAfterMs)] }, values: {} }, 429);
      response.headers.set("Retry-After", retryAfterSeconds(result.retryAfterMs));
      return response;
    }
    case "wrong-password":
      return formFailure({ errors: { password: ["This is not the password of your account"] }, values: {} }, 400);
    case "account-disabled":
      return formFailure({ errors: { "": ["Your account is disabled: ask the chair to enable it."] }, values: {} }, 403);
    case "account-changed":
      return formFailure({ errors: { "": ["Your account changed while this page was open: reload the page and try again."] }, values: {} }, 409);
    default:
      throw closedInvitation(result.reason);
  }
}

export default function Invitation() {
  const { email, role, state, mode, signedInAs } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.errors;
  const labels = LABELS[mode];
  return (
    <>
      <h1>Your invitation to Accord</h1>
      <dl className="summary-list">
        <dt>Email address</dt>
        <dd>{email}</dd>
        <dt>Role</dt>
        <dd>{role}</dd>
        <dt>State</dt>
        <dd>{state ?? "None"}</dd>
      </dl>
      <ErrorSummary errors={errors} labels={labels} />
      {signedInAs ? (
        <>
          <p>
            You are signed in as {signedInAs}. To accept this invitation, sign out first, then open the invitation link
            again.
          </p>
          <Form method="post" action="/logout">
            <button type="submit" className="button">
              Sign out
            </button>
          </Form>
        </>
      ) : (
        <Form method="post" className="form" noValidate>
          {mode === "existing" ? (
            <p>This email address already has an account. Enter its password to add this role to it.</p>
          ) : mode === "set-password" ? (
            <p>Choose the password of your account.</p>
          ) : (
            <p>Tell us your name and choose a password to open your account.</p>
          )}
          {mode === "new" ? (
            <Field
              name="name"
              label={labels.name}
              autoComplete="name"
              required
              defaultValue={failure?.values.name ?? ""}
              errors={errors}
            />
          ) : null}
          <Field
            name="password"
            label={labels.password}
            hint={mode === "existing" ? undefined : PASSWORD_RULES}
            type="password"
            autoComplete={mode === "existing" ? "current-password" : "new-password"}
            required
            errors={errors}
          />
          {mode === "existing" ? null : (
            <Field
              name="confirmPassword"
              label={labels.confirmPassword}
              type="password"
              autoComplete="new-password"
              required
              errors={errors}
            />
          )}
          <button type="submit" className="button">
            Accept invitation
          </button>
        </Form>
      )}
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (!isRouteErrorResponse(error)) console.error(error);
  const closed =
    isRouteErrorResponse(error) && typeof error.data === "object" && error.data && "title" in error.data
      ? (error.data as { title: string; message: string })
      : null;
  return (
    <>
      <h1>{closed?.title ?? "This invitation cannot be opened"}</h1>
      <p>{closed?.message ?? "Accord could not open this invitation. Nothing was changed. Please try again, or ask the chair for a new invitation."}</p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </>
  );
}
