// The signed-in person's authenticator app (docs/decisions/016): set it up by scanning a QR code or
// typing the secret, confirm it with a first code, replace or remove it. Everything is for the person
// themselves. A first set-up asks for the password again; replacing asks for a current code of the
// authenticator in use, both to start and to confirm. The secret is shown once, in the answer to the
// request that started the set-up (never in a URL, never cached); a reload shows only that a set-up is
// in progress, which the person finishes with a code from the app or starts again.
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
import { retryAfterSeconds, throttleMessage } from "../auth/login.server";
import { PASSWORD_MAX } from "../auth/password-policy";
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
  hasSecondFactor,
  pendingEnrolmentSince,
  removeSecondFactor,
  SecondFactorError,
  secondFactorSince,
  startFirstTotpEnrolment,
  startTotpEnrolment,
  type TotpEnrolment,
} from "../models/second-factor.server";

export const meta: MetaFunction = () => [{ title: "Second factor – Accord" }];

const NO_STORE = { "Cache-Control": "no-store" };

// The document itself, not only its data, must not be cached: it can show the secret.
export const headers: HeadersFunction = () => NO_STORE;

const passwordSchema = z
  .string({ required_error: "Enter your password" })
  .min(1, "Enter your password")
  .max(PASSWORD_MAX, `A password has at most ${PASSWORD_MAX} characters`);

const actionSchema = z.discriminatedUnion("intent", [
  // A first set-up needs the password again: a session left open is not enough.
  z.object({ intent: z.literal("start"), password: passwordSchema }),
  z.object({ intent: z.literal("cancel") }),
  // Confirming a replacement needs a current code of the authenticator in use too (checked in the action).
  z.object({ intent: z.literal("confirm"), code: codeSchema, currentCode: z.string().optional() }),
  // Replacing and removing an authenticator both need a current code from it.
  z.object({ intent: z.literal("replace"), code: codeSchema }),
  z.object({ intent: z.literal("remove"), code: codeSchema }),
]);

const LABELS = {
  password: "Your password",
  code: "Code from your authenticator app",
  currentCode: "Code from your current app",
  newCode: "Code from the new app",
};

/** The labels of the fields on the page as it stands, for the error summary's links. */
function labelsFor(replacing: boolean): Record<string, string> {
  return replacing
    ? { code: LABELS.newCode, currentCode: LABELS.currentCode }
    : { password: LABELS.password, code: LABELS.code };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireUser(request);
  const since = secondFactorSince(user.id);
  const pendingSince = pendingEnrolmentSince(user.id);
  return json(
    {
      email: user.email,
      since: since ? { iso: since.toISOString(), shown: formatInstant(since) } : null,
      // Only that a set-up is in progress: its secret was shown once, when it was started.
      pending: pendingSince ? { iso: pendingSince.toISOString(), shown: formatInstant(pendingSince) } : null,
    },
    { headers: NO_STORE },
  );
}

/** The answer to the request that started a set-up: the only one that carries its secret. */
async function shownOnce(enrolment: TotpEnrolment) {
  return json(
    {
      ok: true as const,
      enrolment: {
        secret: groupSecret(enrolment.secret),
        qrSvg: await QRCode.toString(enrolment.uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 }),
      },
    },
    { headers: NO_STORE },
  );
}

function refused(field: string, message: string, status = 400) {
  const response = formFailure({ errors: { [field]: [message] }, values: {} }, status);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const sessionUser = await requireUser(request);
  const parsed = parseForm(actionSchema, await readForm(request));
  // Neither a code nor the password is ever put back into the form.
  if (!parsed.ok) return formFailure({ errors: parsed.errors, values: {} }, 400);
  const actor = actorOf(sessionUser, context);
  const userId = sessionUser.user.id;
  const form = parsed.data;
  try {
    switch (form.intent) {
      case "start": {
        const started = await startFirstTotpEnrolment(actor, userId, form.password);
        if (started.ok) return shownOnce(started.enrolment);
        if (started.reason === "throttled") {
          const response = refused("", throttleMessage(started.retryAfterMs), 429);
          response.headers.set("Retry-After", retryAfterSeconds(started.retryAfterMs));
          return response;
        }
        return refused("password", "Your password is not right");
      }
      case "replace":
        return shownOnce(startTotpEnrolment(actor, userId, confirmSecondFactor(actor, form.code)));
      case "cancel":
        cancelTotpEnrolment(actor, userId);
        return redirect(SECOND_FACTOR_PATH);
      case "confirm": {
        // Replacing: a current code of the authenticator in use first, checked and used like any other.
        let confirmation = null;
        if (hasSecondFactor(userId)) {
          const parsedCurrent = codeSchema.safeParse(form.currentCode ?? "");
          if (!parsedCurrent.success) return refused("currentCode", "Enter the 6-digit code your current authenticator app shows");
          try {
            confirmation = confirmSecondFactor(actor, parsedCurrent.data);
          } catch (error) {
            if (error instanceof SecondFactorError) return refused("currentCode", error.message);
            throw error;
          }
        }
        confirmTotpEnrolment(actor, userId, form.code, confirmation);
        return redirect(withNotice(SECOND_FACTOR_PATH, "second-factor-enrolled"));
      }
      case "remove":
        removeSecondFactor(actor, userId, form.code);
        return redirect(withNotice(SECOND_FACTOR_PATH, "second-factor-removed"));
    }
  } catch (error) {
    if (error instanceof SecondFactorError) return refused(error.field, error.message);
    throw error;
  }
}

type Errors = Record<string, string[] | undefined> | undefined;

function CodeField({ name = "code", label, errors, hint }: { name?: string; label: string; errors: Errors; hint: string }) {
  return (
    <Field
      name={name}
      label={label}
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

function Secret({ enrolment, email }: { enrolment: { secret: string; qrSvg: string }; email: string }) {
  return (
    <>
      <li>
        Open an authenticator app on your phone (any app for time-based codes) and add an account.
        <div
          className="qr-code"
          role="img"
          aria-label="QR code for your authenticator app; the key below holds the same secret"
          // Drawn on the server from the set-up just started by the qrcode library: SVG markup only.
          dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
        />
      </li>
      <li>
        If you cannot scan it, type this key instead, for the account {email}, as a time-based key:
        <p className="notice notice--secret">
          <code className="totp-secret">{enrolment.secret}</code>
        </p>
        This key is shown only now: it will not be shown again.
      </li>
    </>
  );
}

export default function SecondFactor() {
  const { email, since, pending } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const errors = answer && "errors" in answer ? answer.errors : undefined;
  const shown = pending && answer && "enrolment" in answer ? answer.enrolment : null;
  const replacing = since !== null;
  return (
    <>
      <Breadcrumbs trail={[{ to: "/account", label: "Your account" }]} current="Second factor" />
      <h1>Second factor</h1>
      <p className="lead">
        The chair needs a code from an authenticator app to adopt a text, and signers need one to pledge their state to it. A
        stolen password alone then cannot commit a state or adopt a text in your name.
      </p>
      <ErrorSummary errors={errors} labels={labelsFor(replacing)} />

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
          <h2 id="set-up-title">{replacing ? "Set up a new authenticator" : "Set up an authenticator"}</h2>
          {shown ? (
            <ol>
              <Secret enrolment={shown} email={email} />
              <li>Enter the {TOTP_DIGITS}-digit code the app now shows, to prove it is set up.</li>
            </ol>
          ) : (
            <p>
              You started setting up {replacing ? "a new" : "an"} authenticator at <time dateTime={pending.iso}>{pending.shown}</time>.
              Its key was shown only then. If you added it to your app, enter the code the app shows to finish. If not,
              cancel the set-up and start again: a new key will be shown.
            </p>
          )}
          {replacing ? <p>Your current authenticator keeps working until the new one is confirmed.</p> : null}
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="confirm" />
            {replacing ? (
              <CodeField
                name="currentCode"
                label={LABELS.currentCode}
                errors={errors}
                hint="A current code from the app you use now, to show it is you."
              />
            ) : null}
            <CodeField
              label={replacing ? LABELS.newCode : LABELS.code}
              errors={errors}
              hint="The code changes every 30 seconds. Spaces do not matter."
            />
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
            <CodeField label={LABELS.code} errors={errors} hint="A current code from the app you use now, to show it is you." />
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
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="start" />
          <Field
            name="password"
            label={LABELS.password}
            hint="Enter your password again: setting up an authenticator changes how you prove who you are."
            type="password"
            autoComplete="current-password"
            required
            errors={errors}
          />
          <div className="actions">
            <button type="submit" className="button">
              Set up an authenticator
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
