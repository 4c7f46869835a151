// The signed-in person's authenticator app (docs/decisions/016): set it up by scanning a QR code or
// typing the secret, confirm it with a first code, replace or remove it. Everything is for the person
// themselves. The page shows a secret while a set-up is in progress: nothing of it is cached, and
// the secret never travels in a URL (the QR code is drawn again from the pending set-up).
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { actorOf, requireUser } from "../auth/guards.server";
import { Breadcrumbs } from "../components/breadcrumbs";
import { ErrorSummary, Field } from "../components/forms";
import { formatInstant } from "../lib/dates";
import { formFailure, parseForm, readForm } from "../lib/forms";
import { withNotice } from "../lib/notices";
import { codeSchema, groupSecret, SECOND_FACTOR_PATH, TOTP_DIGITS } from "../lib/second-factor";
import {
  cancelTotpEnrolment,
  confirmSecondFactor,
  confirmTotpEnrolment,
  pendingEnrolment,
  removeSecondFactor,
  SecondFactorError,
  secondFactorSince,
  startTotpEnrolment,
} from "../models/second-factor.server";

export const meta: MetaFunction = () => [{ title: "Second factor – Accord" }];

const NO_STORE = { "Cache-Control": "no-store" };

// The document itself, not only its data, must not be cached: it can show the secret.
export const headers: HeadersFunction = () => NO_STORE;

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("cancel") }),
  z.object({ intent: z.literal("confirm"), code: codeSchema }),
  // Replacing and removing an authenticator both need a current code from it.
  z.object({ intent: z.literal("replace"), code: codeSchema }),
  z.object({ intent: z.literal("remove"), code: codeSchema }),
]);

const LABELS = { code: "Code from your authenticator app" };

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const since = secondFactorSince(user.id);
  const pending = pendingEnrolment(user.id);
  return json(
    {
      email: user.email,
      since: since ? { iso: since.toISOString(), shown: formatInstant(since) } : null,
      pending: pending
        ? {
            secret: groupSecret(pending.secret),
            qrSvg: await QRCode.toString(pending.uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
          }
        : null,
    },
    { headers: NO_STORE },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const parsed = parseForm(actionSchema, await readForm(request));
  // The code is never put back into the form.
  if (!parsed.ok) return formFailure({ errors: parsed.errors, values: {} }, 400);
  const actor = actorOf(sessionUser, context);
  const userId = sessionUser.user.id;
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "start":
        startTotpEnrolment(actor, userId);
        return redirect(SECOND_FACTOR_PATH);
      case "replace":
        startTotpEnrolment(actor, userId, confirmSecondFactor(actor, form.code));
        return redirect(SECOND_FACTOR_PATH);
      case "cancel":
        cancelTotpEnrolment(actor, userId);
        return redirect(SECOND_FACTOR_PATH);
      case "confirm":
        confirmTotpEnrolment(actor, userId, form.code);
        return redirect(withNotice(SECOND_FACTOR_PATH, "second-factor-enrolled"));
      case "remove":
        removeSecondFactor(actor, userId, form.code);
        return redirect(withNotice(SECOND_FACTOR_PATH, "second-factor-removed"));
    }
  } catch (error) {
    if (error instanceof SecondFactorError) return formFailure({ errors: { [error.field]: [error.message] }, values: {} }, 400);
    throw error;
  }
}

function CodeField({ errors, hint }: { errors?: Record<string, string[] | undefined>; hint: string }) {
  return (
    <Field
      name="code"
      label={LABELS.code}
      hint={hint}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]*"
      maxLength={TOTP_DIGITS + 2}
      className="input--code"
      required
      errors={errors}
    />
  );
}

export default function SecondFactor() {
  const { email, since, pending } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const errors = failure?.errors;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/account", label: "Your account" }]} current="Second factor" />
      <h1>Second factor</h1>
      <p className="lead">
        The chair needs a code from an authenticator app to adopt a text, and signers need one to pledge their state to it. A
        stolen password alone then cannot commit a state or adopt a text in your name.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />

      <dl className="summary-list">
        <dt>Authenticator app</dt>
        <dd>
          {since ? (
            <>
              Set up since <time dateTime={since.iso}>{since.shown}</time>
            </>
          ) : (
            "Not set up"
          )}
        </dd>
      </dl>

      {pending ? (
        <section aria-labelledby="set-up-title">
          <h2 id="set-up-title">{since ? "Set up a new authenticator" : "Set up an authenticator"}</h2>
          <ol>
            <li>
              Open an authenticator app on your phone (any app for time-based codes) and add an account.
              <div
                className="qr-code"
                role="img"
                aria-label="QR code for your authenticator app; the key below holds the same secret"
                // Drawn on the server from the pending set-up by the qrcode library: SVG markup only.
                dangerouslySetInnerHTML={{ __html: pending.qrSvg }}
              />
            </li>
            <li>
              If you cannot scan it, type this key instead, for the account {email}, as a time-based key:
              <p className="notice notice--secret">
                <code className="totp-secret">{pending.secret}</code>
              </p>
            </li>
            <li>Enter the {TOTP_DIGITS}-digit code the app now shows, to prove it is set up.</li>
          </ol>
          {since ? <p>Your current authenticator keeps working until the new one is confirmed.</p> : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            <CodeField errors={errors} hint="The code changes every 30 seconds. Spaces do not matter." />
            <div className="actions">
              <button type="submit" className="button">
                Confirm
              </button>
            </div>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <button type="submit" className="button button--link">
              Cancel the set-up
            </button>
          </Form>
        </section>
      ) : since ? (
        <section aria-labelledby="manage-title">
          <h2 id="manage-title">Replace or remove your authenticator</h2>
          <p>
            Replace it when you move to a new phone or app: the one you have now keeps working until the new one is
            confirmed. Without an authenticator you cannot adopt a text or pledge until you set one up again.
          </p>
          <Form method="post" className="form" noValidate>
            <CodeField errors={errors} hint="A current code from the app you use now, to show it is you." />
            <div className="actions">
              <button type="submit" name="intent" value="replace" className="button button--secondary">
                Replace
              </button>
              <button type="submit" name="intent" value="remove" className="button button--danger">
                Remove
              </button>
            </div>
          </Form>
        </section>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="start" />
          <button type="submit" className="button">
            Set up an authenticator
          </button>
        </Form>
      )}
    </>
  );
}
