import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireAnonymous } from "../auth/guards.server";
// eslint-disable-next-line no-restricted-syntax -- SIGN_IN_REFUSED is used in the loader or action only
import { retryAfterSeconds, safeRedirectTarget, signIn, SIGN_IN_REFUSED, throttleMessage } from "../auth/login.server";
import { PASSWORD_MAX } from "../auth/password-policy";
import { serializeSessionToken } from "../auth/session-cookie.server";
import { ErrorSummary, Field } from "../components/forms";
import { emailSchema, formFailure, formValues, parseForm, readForm } from "../lib/forms";

export const meta: MetaFunction = () => [{ title: "Sign in – Accord" }];

const loginSchema = z.object({
  email: emailSchema,
  password: z
    .string({ required_error: "Enter your password" })
    .min(1, "Enter your password")
    .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`),
  // An unsafe target is not an error the person can fix: it falls back to the dashboard.
  redirectTo: z.string().optional(),
});

const LABELS = { email: "Email address", password: "Password" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const redirectTo = new URL(request.url).searchParams.get("redirectTo");
  return { redirectTo: safeRedirectTarget(redirectTo) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const formData = await readForm(request);
  const parsed = parseForm(loginSchema, formData);
  if (!parsed.ok) return formFailure(parsed, 400);

  const result = await signIn(parsed.data, {
    ipAddress: context.clientAddress,
    userAgent: request.headers.get("user-agent"),
  });
  const values = formValues(formData);
  if (!result.ok && result.reason === "throttled") {
    const response = formFailure({ errors: { "": [throttleMessage(result.retryAfterMs)] }, values }, 429);
    response.headers.set("Retry-After", retryAfterSeconds(result.retryAfterMs));
    return response;
  }
  if (!result.ok) return formFailure({ errors: { "": [SIGN_IN_REFUSED] }, values }, 401);

  return redirect(safeRedirectTarget(parsed.data.redirectTo), {
    headers: { "Set-Cookie": await serializeSessionToken(result.token) },
  });
}

export default function Login() {
  const { redirectTo } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.errors;
  return (
    <>
      <h1>Sign in</h1>
      <p>Sign in with the email address and password you set up when you accepted your invitation.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          name="email"
          label={LABELS.email}
          type="email"
          autoComplete="username"
          spellCheck={false}
          required
          defaultValue={failure?.values.email ?? ""}
          errors={errors}
        />
        <Field name="password" label={LABELS.password} type="password" autoComplete="current-password" required errors={errors} />
        <button type="submit" className="button">
          Sign in
        </button>
      </Form>
      <p className="muted">
        No account yet? Accounts are opened by invitation only: ask the chair of the initiative for one.
      </p>
    </>
  );
}
