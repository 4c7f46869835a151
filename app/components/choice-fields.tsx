// Form pieces for pages with one small form per row (a clause, a procedure): ids are given by the page,
// since the same field name appears in many forms at once. Labels, hints and messages are wired as in
// forms.tsx.
export interface Choice {
  value: string;
  label: string;
  hint?: string;
}

/** A group of radio buttons in a fieldset whose legend names the question. */
export function ChoiceFieldset({
  idPrefix,
  name,
  legend,
  choices,
  errors,
  selected,
}: {
  idPrefix: string;
  name: string;
  legend: string;
  choices: readonly Choice[];
  errors?: string[];
  selected?: string;
}) {
  const errorId = `${idPrefix}-error`;
  return (
    <fieldset className={`field choice-fieldset${errors?.length ? " field--invalid" : ""}`} aria-describedby={errors?.length ? errorId : undefined}>
      <legend>{legend}</legend>
      {errors?.length ? (
        <span className="field__error" id={errorId}>
          <span className="visually-hidden">Error: </span>
          {errors.join(" ")}
        </span>
      ) : null}
      {choices.map((choice) => {
        const id = `${idPrefix}-${choice.value}`;
        return (
          <div className="choice" key={choice.value}>
            <input type="radio" id={id} name={name} value={choice.value} defaultChecked={selected === choice.value} aria-describedby={choice.hint ? `${id}-hint` : undefined} />
            <label htmlFor={id}>{choice.label}</label>
            {choice.hint ? (
              <span className="field__hint" id={`${id}-hint`}>
                {choice.hint}
              </span>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}

/** An optional note with its limit. */
export function NoteField({
  id,
  label = "Note",
  name = "note",
  hint,
  errors,
  value,
  max,
  required,
}: {
  id: string;
  label?: string;
  name?: string;
  hint?: string;
  errors?: string[];
  value?: string;
  max: number;
  required?: boolean;
}) {
  const describedBy = [hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null].filter(Boolean).join(" ");
  return (
    <div className={`field${errors?.length ? " field--invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {errors?.length ? (
        <span className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">Error: </span>
          {errors.join(" ")}
        </span>
      ) : null}
      <textarea
        id={id}
        name={name}
        rows={2}
        maxLength={max}
        required={required}
        defaultValue={value}
        aria-describedby={describedBy || undefined}
        aria-invalid={errors?.length ? true : undefined}
      />
    </div>
  );
}
