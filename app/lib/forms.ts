// Parsing a submitted form with a zod schema into either data or field-by-field messages. The same
// schemas run in the browser where a form wants them; the server always parses.
import { json } from "@remix-run/node";
import { z } from "zod";
import type { RuleError } from "./rule-error";

export type FieldErrors = Partial<Record<string, string[]>>;

export interface FormFailure {
  /** Messages keyed by field name; `""` holds messages about the form as a whole. */
  errors: FieldErrors;
  /** What the person typed (never passwords), to put back in the form. */
  values: Record<string, string>;
}

export type FormResult<T> = { ok: true; data: T } | ({ ok: false } & FormFailure);

/** Fields whose values are never echoed back into a page. */
// One-time codes are in fields named `code`, a name country codes use too, so it is not listed here: the
// forms that take a one-time code (adoption, pledges, second factor) leave it out of the values they send back.
const SECRET_FIELDS = /password|token|secret|otp/i;

export function formValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === "string" && !SECRET_FIELDS.test(key)) values[key] = value.slice(0, 2_000);
  }
  return values;
}

export function parseForm<S extends z.ZodTypeAny>(schema: S, formData: FormData): FormResult<z.output<S>> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value): value is string => typeof value === "string");
    input[key] = all.length > 1 ? all : all[0];
  }
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, errors: fieldErrors(parsed.error), values: formValues(formData) };
}

export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".");
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

/** A 4xx answer that re-renders the form with its messages. */
export function formFailure(failure: FormFailure, status = 400) {
  return json({ ok: false as const, errors: failure.errors, values: failure.values }, { status });
}

/** Reads a request's form data, refusing bodies that are not forms. */
export async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw json({ message: "Send this as a form (application/x-www-form-urlencoded)." }, { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw json({ message: "The form could not be read." }, { status: 400 });
  }
}

// Field schemas shared by forms.
export const emailSchema = z
  .string({ required_error: "Enter an email address" })
  .trim()
  .min(1, "Enter an email address")
  // One message at a time: an empty field is not also "malformed".
  .pipe(
    z
      .string()
      .max(254, "An email address has at most 254 characters")
      .email("Enter an email address in the form name@example.org"),
  )
  .transform((value) => value.toLowerCase());

export const isoDateSchema = z
  .string({ required_error: "Enter a date" })
  .trim()
  .min(1, "Enter a date")
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Enter a date as YYYY-MM-DD")
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, "Enter a real date");

/** A required line of text, trimmed, with a length limit the person is told about. */
export function textSchema(label: string, max: number, min = 1) {
  return z
    .string({ required_error: `Enter ${label}` })
    .trim()
    .min(min, min === 1 ? `Enter ${label}` : `${capitalise(label)} needs at least ${min} characters`)
    .max(max, `${capitalise(label)} has at most ${max} characters`);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A domain rule's refusal as a 400 with the message beside its field; nothing was written. */
export function ruleFailure(error: RuleError, formData: FormData) {
  return formFailure({ errors: { [error.field]: [error.message] }, values: formValues(formData) }, 400);
}
