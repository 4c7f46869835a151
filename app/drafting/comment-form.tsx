// The small form beside the live editor for commenting on the selected passage. It takes focus when it
// opens, Escape cancels it, and it posts the passage's anchor in hidden fields to the comments page's action
// with a fetcher, so the editor stays as it is; the page's data is revalidated and the new thread appears in
// the panel.
import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import type { CommentAnchor } from "../../editor";
import type { FieldErrors } from "../lib/forms";
import { bytesToBase64, COMMENT_BODY_MAX, COMMENT_QUOTE_MAX } from "./comment-fields";

type CommentAnswer = { ok: true; threadId: number } | { ok: false; errors: FieldErrors; values: Record<string, string> };

export interface CommentFormProps {
  slug: string;
  anchor: CommentAnchor;
  /** Called with the new thread's id once stored, or null when cancelled. */
  onClose: (threadId: number | null) => void;
}

export function CommentForm({ slug, anchor, onClose }: CommentFormProps) {
  const fetcher = useFetcher<CommentAnswer>();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const answer = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = answer && !answer.ok ? answer.errors : undefined;
  const messages = errors ? Object.values(errors).flat() : [];

  useEffect(() => {
    bodyRef.current?.focus();
  }, []);

  // The latest onClose, so that a new function from the page does not close the form a second time.
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  useEffect(() => {
    if (answer?.ok) closeRef.current(answer.threadId);
  }, [answer]);

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key !== "Escape") return;
    event.preventDefault();
    onClose(null);
  }

  const quote = anchor.quote.length > COMMENT_QUOTE_MAX ? `${anchor.quote.slice(0, COMMENT_QUOTE_MAX - 1)}…` : anchor.quote;
  return (
    <fetcher.Form method="post" action={`/instruments/${encodeURIComponent(slug)}/comments?index`} className="side-form" aria-labelledby="comment-form-heading" onKeyDown={onKeyDown} noValidate>
      <h2 id="comment-form-heading">Comment on the selected text</h2>
      <blockquote className="comment-quote">{quote}</blockquote>
      <input type="hidden" name="via" value="editor" />
      <input type="hidden" name="anchorStart" value={bytesToBase64(anchor.start)} />
      <input type="hidden" name="anchorEnd" value={bytesToBase64(anchor.end)} />
      <input type="hidden" name="quote" value={quote} />
      <input type="hidden" name="clauseId" value={anchor.clauseId ?? ""} />
      <div className={`field${messages.length ? " field--invalid" : ""}`}>
        <label htmlFor="comment-body">Your comment</label>
        <span className="field__hint" id="comment-body-hint">
          Escape cancels.
        </span>
        {messages.length ? (
          <span className="field__error" id="comment-body-error" role="alert">
            <span className="visually-hidden">Error: </span>
            {messages.join(" ")}
          </span>
        ) : null}
        <textarea
          id="comment-body"
          name="body"
          rows={4}
          maxLength={COMMENT_BODY_MAX}
          required
          ref={bodyRef}
          aria-describedby={messages.length ? "comment-body-hint comment-body-error" : "comment-body-hint"}
          aria-invalid={messages.length ? true : undefined}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={fetcher.state !== "idle"}>
          {fetcher.state === "idle" ? "Comment" : "Sending…"}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onClose(null)}>
          Cancel
        </button>
      </div>
    </fetcher.Form>
  );
}
