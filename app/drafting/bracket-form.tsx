// The small form beside the live editor for putting the selected text in square brackets, or for changing
// the holders and alternatives of the bracket under the cursor: the states holding it (one's own state
// ticked for a new bracket) and the alternative wordings, one per line. It takes focus when it opens and
// Escape cancels it. The page applies the result with editor/'s bracket commands.
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { MAX_ALTERNATIVE_LENGTH, MAX_BRACKET_ALTERNATIVES, type BracketAttrs } from "../../editor";

export interface BracketFormProps {
  mode: "new" | "edit";
  /** The text bracketed (or to be). */
  text: string;
  initial: BracketAttrs;
  /** The states that may hold it, code and name. */
  states: ReadonlyArray<{ code: string; name: string }>;
  /** Applies the bracket; answers with a message when it could not. */
  onSubmit: (attrs: BracketAttrs) => string | null;
  onCancel: () => void;
}

/** The alternatives typed one per line: trimmed, blank lines dropped; or a message. */
export function parseAlternatives(text: string): { alternatives: string[] } | { problem: string } {
  const alternatives = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (alternatives.length > MAX_BRACKET_ALTERNATIVES) return { problem: `Give at most ${MAX_BRACKET_ALTERNATIVES} alternatives.` };
  if (alternatives.some((line) => line.length > MAX_ALTERNATIVE_LENGTH))
    return { problem: `An alternative has at most ${MAX_ALTERNATIVE_LENGTH.toLocaleString("en")} characters.` };
  return { alternatives };
}

export function BracketForm({ mode, text, initial, states, onSubmit, onCancel }: BracketFormProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const alternativesRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    (firstRef.current ?? alternativesRef.current)?.focus();
  }, []);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const holders = data.getAll("holders").filter((value): value is string => typeof value === "string");
    const parsed = parseAlternatives(String(data.get("alternatives") ?? ""));
    if ("problem" in parsed) return setProblem(parsed.problem);
    setProblem(onSubmit({ holders, alternatives: parsed.alternatives }));
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onCancel();
  }

  const heading = mode === "new" ? "Put the selected text in square brackets" : "Change the bracket";
  return (
    <form className="side-form" aria-labelledby="bracket-form-heading" onSubmit={submit} onKeyDown={onKeyDown} noValidate>
      <h2 id="bracket-form-heading">{heading}</h2>
      {text ? <blockquote className="comment-quote">[{text}]</blockquote> : null}
      {problem ? (
        <p className="field__error" role="alert">
          <span className="visually-hidden">Error: </span>
          {problem}
        </p>
      ) : null}
      <fieldset className="field">
        <legend>Held by</legend>
        <span className="field__hint">The states that cannot yet accept this text.</span>
        {states.map((state, index) => (
          <div className="choice" key={state.code}>
            <input
              type="checkbox"
              id={`bracket-holder-${state.code}`}
              name="holders"
              value={state.code}
              defaultChecked={initial.holders.includes(state.code)}
              ref={index === 0 ? firstRef : undefined}
            />
            <label htmlFor={`bracket-holder-${state.code}`}>
              {state.name} ({state.code})
            </label>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="bracket-alternatives">Alternative wordings</label>
        <span className="field__hint" id="bracket-alternatives-hint">
          One per line; leave empty when there is none. Escape cancels.
        </span>
        <textarea id="bracket-alternatives" name="alternatives" rows={3} ref={alternativesRef} defaultValue={initial.alternatives.join("\n")} aria-describedby="bracket-alternatives-hint" />
      </div>
      <div className="actions">
        <button type="submit" className="button">
          {mode === "new" ? "Bracket" : "Save the bracket"}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
