// The drafting page: the live editor beside the outline of numbered clauses and the open comments, who is
// in the document, and whether edits are connected and saved. Delegates and the chair bracket text and
// change or remove brackets; everyone who comments (observers too, on their read-only view) selects text
// and comments on it. Without JavaScript it shows the text as stored, with links to the comments.
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useCallback, useRef, useState } from "react";
import { requirePermission } from "../auth/guards.server";
import { can, grantFor } from "../auth/permissions";
import { Breadcrumbs } from "../components/breadcrumbs";
import { InstrumentNav } from "../components/instrument-nav";
import { bracketSelection, removeBracketAtSelection, updateBracket, type BracketAttrs, type CommentAnchor } from "../../editor";
import { BracketForm } from "../drafting/bracket-form";
import { bytesToBase64 } from "../drafting/comment-fields";
import { CommentForm } from "../drafting/comment-form";
import type { EditorThread } from "../drafting/comment-placement";
import { CommentsPanel } from "../drafting/comments-panel";
import { ClauseOutline } from "../drafting/clause-outline";
import { requireDraftContext } from "../drafting/draft-context.server";
import { COMMENT_KEYS, LiveEditorStatus, TOOLBAR, useLiveEditor, type LiveEditorState } from "../drafting/live-editor";
import { presenceClass } from "../drafting/presence";
import { readDraft } from "../drafting/read-draft.server";
import { participatingStates } from "../models/clause-agreement.server";
import { openThreadsForEditor } from "../models/comment.server";
import { draftDocumentName } from "../models/document.server";
import { getState } from "../models/state.server";
import editorStyles from "prosemirror-view/style/prosemirror.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: editorStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Drafting: ${data.instrument.title} – Accord` : "Drafting – Accord" },
];

function editorThreads(documentId: number): EditorThread[] {
  return openThreadsForEditor(documentId).map((thread) => ({
    ...thread,
    anchorStart: thread.anchorStart ? bytesToBase64(thread.anchorStart) : null,
    anchorEnd: thread.anchorEnd ? bytesToBase64(thread.anchorEnd) : null,
    createdAt: thread.createdAt.toISOString(),
  }));
}

/**
 * The states a person may name as holding a bracket: a delegate only their own (a delegation speaks for
 * its state alone, and the collaboration server refuses anything else); the chair any participating state.
 */
function holderChoices(ownState: string | null): { code: string; name: string }[] {
  const own = ownState ? getState(ownState) : undefined;
  if (own) return [{ code: own.code, name: own.name }];
  return participatingStates().map(({ code, name }) => ({ code, name }));
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, principal } = await requirePermission(request, "draft:read");
  const { instrument, document } = requireDraftContext(params.slug);
  const draft = readDraft(instrument.slug);
  if (!draft) throw json({ message: "There is no draft at this address." }, { status: 404 });
  const canEdit = can(principal, "draft:edit");
  const stateCode = grantFor(principal, canEdit ? "draft:edit" : "draft:read")?.stateCode ?? null;
  return {
    instrument: { slug: instrument.slug, title: instrument.title },
    documentName: draftDocumentName(instrument.slug),
    canEdit,
    canComment: can(principal, "comment:write"),
    user: { id: user.id, name: user.name, stateCode },
    draft,
    threads: editorThreads(document.id),
    holderStates: canEdit ? holderChoices(stateCode) : [],
  };
}

type Panel =
  | { kind: "comment"; anchor: CommentAnchor }
  | { kind: "bracket"; mode: "new"; text: string; initial: BracketAttrs }
  | { kind: "bracket"; mode: "edit"; id: string; text: string; initial: BracketAttrs };

type LiveEditor = ReturnType<typeof useLiveEditor>;

/** The holders a bracket's form offers: the page's states and any the bracket already names. */
function statesFor(states: readonly { code: string; name: string }[], holders: readonly string[]) {
  const known = new Set(states.map((state) => state.code));
  return [...states, ...holders.filter((code) => !known.has(code)).map((code) => ({ code, name: code }))];
}

function ToolButton({ label, title, disabled, onClick, keys }: { label: string; title?: string; disabled: boolean; onClick: () => void; keys?: string }) {
  return (
    <button
      type="button"
      className="button button--secondary"
      aria-keyshortcuts={keys}
      title={title ?? label}
      disabled={disabled}
      // Keeps the editor's selection and focus while the button is pressed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {label}
    </button>
  );
}

function BracketTools({ state, open, remove }: { state: LiveEditorState; open: (mode: "new" | "edit") => void; remove: () => void }) {
  const { selection, editable } = state;
  const holders = selection.bracket?.holders.join(", ");
  return (
    <>
      <ToolButton label="Bracket" title="Put the selected text in square brackets" disabled={!editable || !selection.bracketable} onClick={() => open("new")} />
      <ToolButton
        label="Edit bracket"
        title={selection.bracket ? `Change who holds this bracket (now: ${holders || "no state named"}) and its alternatives` : "Put the cursor in a bracket to change it"}
        disabled={!editable || !selection.bracket}
        onClick={() => open("edit")}
      />
      <ToolButton label="Remove bracket" title="Take the square brackets off the text under the cursor" disabled={!editable || !selection.bracket} onClick={remove} />
    </>
  );
}

function useDraftingPanel(editor: LiveEditor, ownState: string | null) {
  const [panel, setPanel] = useState<Panel | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const { state, commentAnchor, runCommand, focusEditor, textBetween } = editor;

  function openComment() {
    const anchor = commentAnchor();
    if (anchor) setPanel({ kind: "comment", anchor });
    else setAnnouncement("Select the text to comment on first.");
  }

  function openBracket(mode: "new" | "edit") {
    const bracket = state.selection.bracket;
    if (mode === "edit" && bracket) {
      const text = textBetween(bracket.from, bracket.to);
      setPanel({ kind: "bracket", mode, id: bracket.id, text, initial: { holders: bracket.holders, alternatives: bracket.alternatives } });
      return;
    }
    const anchor = commentAnchor();
    setPanel({ kind: "bracket", mode: "new", text: anchor?.quote ?? "", initial: { holders: ownState ? [ownState] : [], alternatives: [] } });
  }

  function applyBracket(attrs: BracketAttrs): string | null {
    if (!panel || panel.kind !== "bracket") return null;
    const applied = runCommand(panel.mode === "new" ? bracketSelection(attrs) : updateBracket(panel.id, attrs));
    if (!applied) return panel.mode === "new" ? "Select text outside any existing bracket, then try again." : "This bracket is no longer in the text.";
    setPanel(null);
    setAnnouncement(panel.mode === "new" ? "The text is now in square brackets." : "The bracket has been changed.");
    return null;
  }

  const closeComment = useCallback(
    (threadId: number | null) => {
      setPanel(null);
      setAnnouncement(threadId === null ? "" : "Your comment has been added.");
      focusEditor();
    },
    [focusEditor],
  );

  function cancel() {
    setPanel(null);
    focusEditor();
  }

  function removeBracket() {
    if (runCommand(removeBracketAtSelection)) setAnnouncement("The square brackets have been removed.");
  }

  return { panel, announcement, openComment, openBracket, applyBracket, closeComment, cancel, removeBracket };
}

export default function DraftingPage() {
  const data = useLoaderData<typeof loader>();
  // The shortcut is handled by the editor, which is made before the panel's handlers exist.
  const shortcut = useRef<() => void>(() => undefined);
  const editor = useLiveEditor({
    slug: data.instrument.slug,
    documentName: data.documentName,
    canEdit: data.canEdit,
    user: data.user,
    threads: data.threads,
    onCommentShortcut: data.canComment ? () => shortcut.current() : undefined,
  });
  const { mountRef, state, run, goToClause, selectThread } = editor;
  const drafting = useDraftingPanel(editor, data.user.stateCode);
  shortcut.current = drafting.openComment;
  const { panel } = drafting;
  const commentButton = data.canComment ? (
    <ToolButton
      label="Comment"
      // The shortcut works inside the editor, which only those who edit can focus.
      title={data.canEdit ? `Comment on the selected text (${COMMENT_KEYS.label})` : "Comment on the selected text"}
      keys={data.canEdit ? COMMENT_KEYS.aria : undefined}
      disabled={!state.ready || !state.selection.hasText}
      onClick={drafting.openComment}
    />
  ) : null;
  return (
    <>
      <Breadcrumbs
        trail={[
          { to: "/dashboard", label: "Dashboard" },
          { to: `/instruments/${data.instrument.slug}`, label: data.instrument.title },
        ]}
        current="Drafting"
      />
      <InstrumentNav slug={data.instrument.slug} current="draft" />
      <div className="live-bar">
        <LiveEditorStatus state={state} />
        <div className="live-people">
          <h2 className="visually-hidden">In this document</h2>
          <ul aria-label="In this document">
            {state.people.map((person) => (
              <li key={person.clientId} className={`live-person ${presenceClass(person.stateCode)}`}>
                {person.name}
                {person.stateCode ? ` (${person.stateCode})` : ""}
              </li>
            ))}
          </ul>
        </div>
      </div>
      {state.problem ? (
        <p className="error-summary" role="alert">
          {state.problem}
        </p>
      ) : null}
      {data.canEdit ? (
        <div className="toolbar" role="toolbar" aria-label="Drafting tools">
          {TOOLBAR.map((action) => (
            <ToolButton
              key={action.label}
              label={action.label}
              title={`${action.label} (${action.keys})`}
              keys={action.keys.startsWith("Enter") ? undefined : action.keys.replace("Ctrl", "Control")}
              disabled={!state.editable}
              onClick={() => run(action)}
            />
          ))}
          <BracketTools state={state} open={drafting.openBracket} remove={drafting.removeBracket} />
          {commentButton}
        </div>
      ) : commentButton ? (
        // Read-only: no drafting tools, but selecting text and commenting on it works.
        <div className="toolbar" role="group" aria-label="Comment tools">
          {commentButton}
        </div>
      ) : null}
      <div className="draft-layout draft-layout--comments">
        <ClauseOutline
          outline={state.ready ? state.outline : data.draft.outline}
          hrefFor={(anchor) => `/instruments/${data.instrument.slug}#${anchor}`}
          onClause={(clauseId, event) => {
            if (!state.ready) return;
            event.preventDefault();
            goToClause(clauseId);
          }}
        >
          <p className="muted">
            <Link to={`/instruments/${data.instrument.slug}`}>Read the text as stored</Link>
          </p>
        </ClauseOutline>
        <div>
          {state.ready ? null : (
            // The stored text, until the live document has arrived (and for good without JavaScript).
            <div className="draft-text" dangerouslySetInnerHTML={{ __html: data.draft.html }} />
          )}
          <div ref={mountRef} className="draft-editor-mount" data-ready={state.ready} />
        </div>
        <CommentsPanel
          slug={data.instrument.slug}
          placed={state.placed}
          activeThread={state.activeThread}
          ready={state.ready}
          onSelect={selectThread}
          announcement={drafting.announcement}
        >
          {panel?.kind === "comment" ? <CommentForm slug={data.instrument.slug} anchor={panel.anchor} onClose={drafting.closeComment} /> : null}
          {panel?.kind === "bracket" ? (
            <BracketForm
              key={panel.mode === "edit" ? `edit-${panel.id}` : "new"}
              mode={panel.mode}
              text={panel.text}
              initial={panel.initial}
              states={statesFor(data.holderStates, panel.initial.holders)}
              onSubmit={drafting.applyBracket}
              onCancel={drafting.cancel}
            />
          ) : null}
        </CommentsPanel>
      </div>
    </>
  );
}
