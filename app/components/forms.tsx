// Form pieces with labels, hints and messages wired for assistive technology.
import { useEffect, useRef, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";
import type { FieldErrors } from "../lib/forms";

export function fieldId(name: string): string {
  return `field-${name.replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

/** Lists every problem of a failed form, each linking to its field; takes focus when it appears. */
export function ErrorSummary({ errors, labels }: { errors?: FieldErrors; labels?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages && messages.length > 0);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  }, [entries.length, errors]);
  if (entries.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {entries.flatMap(([name, messages]) =>
          (messages ?? []).map((message) => (
            <li key={`${name}:${message}`}>
              {name && labels?.[name] !== undefined ? <a href={`#${fieldId(name)}`}>{message}</a> : message}
            </li>
          )),
        )}
      </ul>
    </div>
  );
}

interface FieldFrameProps {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: true }) => ReactNode;
}

/** A labelled control with its hint and error, wired by id; the control itself comes from `children`. */
export function FieldFrame({ name, label, hint, errors, children }: FieldFrameProps) {
  const id = fieldId(name);
  const messages = errors?.[name] ?? [];
  const describedBy = [hint ? `${id}-hint` : null, messages.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${messages.length ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {messages.length ? (
        <span className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {messages.join(" ")}
        </span>
      ) : null}
      {children({
        id,
        "aria-describedby": describedBy || undefined,
        "aria-invalid": messages.length ? true : undefined,
      })}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "name" | "id"> & {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
};

export function Field({ name, label, hint, errors, type = "text", ...input }: InputProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      {(aria) => <input name={name} type={type} {...aria} {...input} />}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, "name" | "id"> & {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
  options: ReadonlyArray<{ value: string; label: string }>;
  placeholder?: string;
};

export function SelectField({ name, label, hint, errors, options, placeholder, ...select }: SelectProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      {(aria) => (
        <select name={name} {...aria} {...select}>
          {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name" | "id"> & {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: FieldErrors;
};

export function TextAreaField({ name, label, hint, errors, ...textarea }: TextAreaProps) {
  return (
    <FieldFrame name={name} label={label} hint={hint} errors={errors}>
      {(aria) => <textarea name={name} {...aria} {...textarea} />}
    </FieldFrame>
  );
}
