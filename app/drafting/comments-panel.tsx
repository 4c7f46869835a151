// The open comment threads beside the live editor, in the order of the text (those whose text has been
// deleted last). Activating a thread selects its passage in the editor; each links to its thread page.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { PlacedThread } from "./comment-placement";

export interface CommentsPanelProps {
  slug: string;
  placed: readonly PlacedThread[];
  activeThread: number | null;
  /** False until the live text has loaded: threads cannot be placed yet. */
  ready: boolean;
  onSelect: (threadId: number) => void;
  /** A form shown above the list (commenting, bracketing). */
  children?: ReactNode;
  /** A short message for screen readers, e.g. after a comment was added. */
  announcement?: string;
}

function ThreadEntry({ entry, slug, active, onSelect }: { entry: PlacedThread; slug: string; active: boolean; onSelect: (threadId: number) => void }) {
  const { thread } = entry;
  const detached = entry.from === null;
  return (
    <li className={`comments-panel__thread${active ? " comments-panel__thread--active" : ""}`}>
      {detached ? (
        <p className="comment-quote comment-quote--detached">
          <span className="visually-hidden">Deleted text: </span>
          {entry.text}
        </p>
      ) : (
        <button type="button" className="button--link comments-panel__quote" onClick={() => onSelect(thread.id)} aria-pressed={active}>
          <span className="visually-hidden">Show in the text: </span>
          {entry.text}
        </button>
      )}
      <p className="comments-panel__first">{thread.firstComment}</p>
      <p className="comments-panel__meta">
        {thread.authorName}
        {thread.stateCode ? ` (${thread.stateCode})` : ""}
        {detached ? " · text deleted" : ""} ·{" "}
        <Link to={`/instruments/${encodeURIComponent(slug)}/comments/${thread.id}`}>
          {thread.replies === 0 ? "Open thread" : `${thread.replies} ${thread.replies === 1 ? "reply" : "replies"}`}
          <span className="visually-hidden"> (thread {thread.id})</span>
        </Link>
      </p>
    </li>
  );
}

export function CommentsPanel({ slug, placed, activeThread, ready, onSelect, children, announcement }: CommentsPanelProps) {
  return (
    <aside className="comments-panel" aria-labelledby="comments-panel-heading">
      {children}
      <h2 id="comments-panel-heading">Open comments</h2>
      {/* A polite live region, not role="status": the page's one status is the editor's connection. */}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      {!ready ? (
        <p className="muted">The comments are placed in the text once it has loaded.</p>
      ) : placed.length ? (
        <ol className="comments-panel__list">
          {placed.map((entry) => (
            <ThreadEntry key={entry.thread.id} entry={entry} slug={slug} active={entry.thread.id === activeThread} onSelect={onSelect} />
          ))}
        </ol>
      ) : (
        <p className="muted">No open comments. Select text and choose Comment to start one.</p>
      )}
      <p>
        <Link to={`/instruments/${encodeURIComponent(slug)}/comments`}>All comments, with resolved ones</Link>
      </p>
    </aside>
  );
}
