// The controls of the pledge forms (app/routes/instruments.$slug.editions.$number.pledge.tsx). That page
// holds up to five forms that share field names, so each control's id is made from its form's
// `intent` and its name: ids stay unique, and a failure is shown on the form that was sent.
import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";
import type { FieldErrors } from "../lib/forms";
import { DECLARATION_MAX, PLEDGE_KIND_CHOICES, WITHDRAWAL_REASON_MAX } from "../lib/pledges";
import { FieldFrame, fieldId } from "./forms";

/** What the action answers when a form failed: the form (`intent`), messages by field, values to put back. */
export type Failure = { intent: string; errors: FieldErrors; values: Record<string, string> } | undefined;

export const LABELS: Record<string, string> = {
  stateCode: "State",
  kind: "Kind of pledge",
  declaration: "Declaration",
  effectiveDate: "Date the paper carries",
  pledgeId: "Pledge",
  reason: "Reason for the withdrawal",
  code: "Code from your authenticator app",
};

/** One form's share of a failure: its messages keyed by `<intent>-<field>` (so the summary links to the field) and its values. */
export function failureOf(failed: Failure, intent: string) {
  if (failed?.intent !== intent) return { errors: undefined, values: {} as Record<string, string>, labels: {} };
  const errors = Object.fromEntries(Object.entries(failed.errors).map(([name, messages]) => [name ? `${intent}-${name}` : "", messages]));
  const labels = Object.fromEntries(Object.entries(LABELS).map(([name, label]) => [`${intent}-${name}`, label]));
  return { errors, values: failed.values, labels };
}

export interface ControlProps {
  intent: string;
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  children: (props: { id: string; name: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode;
}

// A labelled control whose id is unique on the page (several forms here share field names).
export function Control({ intent, name, label, hint, errors, children }: ControlProps) {
  // The frame keys the id and the messages by `<intent>-<name>`; the control keeps its form field's own name.
  return (
    <FieldFrame name={`${intent}-${name}`} label={label} hint={hint} errors={errors}>
      {(wiring) => children({ ...wiring, name })}
    </FieldFrame>
  );
}

export function CodeControl({ intent, errors }: { intent: string; errors?: FieldErrors }) {
  return (
    <Control intent={intent} name="code" label={LABELS.code} hint="The 6 digits your authenticator app shows now." errors={errors}>
      {(props) => (
        <input {...props} className="input--code" type="text" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} size={8} required />
      )}
    </Control>
  );
}

export function KindChoice({ intent, errors, chosen }: { intent: string; errors?: FieldErrors; chosen?: string }) {
  const key = `${intent}-kind`;
  const id = fieldId(key);
  const messages = errors?.[key] ?? [];
  return (
    <fieldset id={id} className={`field choice-fieldset${messages.length ? " field--invalid" : ""}`} aria-describedby={messages.length ? `${id}-error` : undefined}>
      <legend>{LABELS.kind}</legend>
      {messages.length ? (
        <span className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {messages.join(" ")}
        </span>
      ) : null}
      {PLEDGE_KIND_CHOICES.map((choice) => (
        <div className="choice" key={choice.value}>
          <input type="radio" id={`${id}-${choice.value}`} name="kind" value={choice.value} defaultChecked={chosen === choice.value} aria-describedby={`${id}-${choice.value}-hint`} />
          <label htmlFor={`${id}-${choice.value}`}>{choice.label}</label>
          <span className="field__hint" id={`${id}-${choice.value}-hint`}>
            {choice.hint}
          </span>
        </div>
      ))}
    </fieldset>
  );
}

export function DeclarationControl({ intent, errors, value, optional }: { intent: string; errors?: FieldErrors; value?: string; optional?: boolean }) {
  const hint = `${optional ? "Optional: an" : "An"} interpretive statement published with the pledge, word for word (at most ${DECLARATION_MAX.toLocaleString("en")} characters).`;
  return (
    <Control intent={intent} name="declaration" label={LABELS.declaration} hint={hint} errors={errors}>
      {(props) => <textarea {...props} rows={5} maxLength={DECLARATION_MAX} defaultValue={value} required={!optional} />}
    </Control>
  );
}

export function ReasonControl({ intent, errors, value }: { intent: string; errors?: FieldErrors; value?: string }) {
  return (
    <Control intent={intent} name="reason" label={LABELS.reason} hint="Published with the withdrawal." errors={errors}>
      {(props) => <textarea {...props} rows={3} maxLength={WITHDRAWAL_REASON_MAX} defaultValue={value} required />}
    </Control>
  );
}

export function PaperDateControl({ intent, errors, value }: { intent: string; errors?: FieldErrors; value?: string }) {
  return (
    <Control intent={intent} name="effectiveDate" label={LABELS.effectiveDate} hint="As YYYY-MM-DD: the date written on the paper, not today's." errors={errors}>
      {(props) => <input {...props} type="date" defaultValue={value} required />}
    </Control>
  );
}

export function PledgeSelect({ intent, errors, pledges, value }: { intent: string; errors?: FieldErrors; pledges: { id: number; label: string }[]; value?: string }) {
  return (
    <Control intent={intent} name="pledgeId" label={LABELS.pledgeId} errors={errors}>
      {(props) => (
        <select {...props} defaultValue={value ?? ""} required>
          <option value="">Choose the pledge</option>
          {pledges.map((pledge) => (
            <option key={pledge.id} value={pledge.id}>
              {pledge.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

export function Submit({ children, danger }: { children: ReactNode; danger?: boolean }) {
  const busy = useNavigation().state === "submitting";
  return (
    <button type="submit" className={danger ? "button button--danger" : "button"} disabled={busy}>
      {children}
    </button>
  );
}
