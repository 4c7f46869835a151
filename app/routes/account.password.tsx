import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { actorOf, requireUser } from "../auth/guards.server";
import { changePassword, retryAfterSeconds, throttleMessage } from "../auth/login.server";
import { PASSWORD_MAX, PASSWORD_RULES } from "../auth/password-policy";
import { newPasswordSchema } from "../auth/password.server";
import { ErrorSummary, Field } from "../components/forms";
import { formFailure, parseForm, readForm } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { Breadcrumbs } from "../components/breadcrumbs";

export const meta: MetaFunction = () => [{ title: "Change your password – Accord" }];

const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ required_error: "Enter your current password" })
      .min(1, "Enter your current password")
      .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`),
    newPassword: newPasswordSchema,
    confirmPassword: z.string({ required_error: "Repeat the new password" }).min(1, "Repeat the new password"),
  })
  .superRefine((value, ctx) => {
    if (value.confirmPassword !== value.newPassword) {
      ctx.addIssue({ code: "custom", path: ["confirmPassword"], message: "The two new passwords are not the same" });
    }
    if (value.newPassword === value.currentPassword) {
      ctx.addIssue({ code: "custom", path: ["newPassword"], message: "Choose a password different from your current one" });
    }
  });

const LABELS = { currentPassword: "Current password", newPassword: "New password", confirmPassword: "Repeat the new password" };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const parsed = parseForm(changePasswordSchema, await readForm(request));
  if (!parsed.ok) return formFailure(parsed, 400);

  const result = await changePassword(sessionUser, parsed.data, actorOf(sessionUser, context));
  if (!result.ok && result.reason === "throttled") {
    const response = formFailure({ errors: { "": [throttleMessage(result.retryAfterMs)] }, values: {} }, 429);
    response.headers.set("Retry-After", retryAfterSeconds(result.retryAfterMs));
    return response;
  }
  if (!result.ok) {
    return formFailure({ errors: { currentPassword: ["Your current password is not right"] }, values: {} }, 400);
  }
  return redirect(withNotice("/account", "password-changed"));
}

export default function ChangePassword() {
  const failure = useActionData<typeof action>();
  const errors = failure?.errors;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/account", label: "Your account" }]} current={"Change password"} />
      <h1>Change your password</h1>
      <p>Changing your password signs you out everywhere else; this session stays open.</p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" className="form" noValidate>
        <Field
          name="currentPassword"
          label={LABELS.currentPassword}
          type="password"
          autoComplete="current-password"
          required
          errors={errors}
        />
        <Field
          name="newPassword"
          label={LABELS.newPassword}
          hint={PASSWORD_RULES}
          type="password"
          autoComplete="new-password"
          required
          errors={errors}
        />
        <Field
          name="confirmPassword"
          label={LABELS.confirmPassword}
          type="password"
          autoComplete="new-password"
          required
          errors={errors}
        />
        <div className="actions">
          <button type="submit" className="button">
            Change password
          </button>
          <Link to="/account">Cancel</Link>
        </div>
      </Form>
    </>
  );
}
