// The live drafting editor: ProseMirror bound to the shared Y.Doc through y-prosemirror, synchronised
// with the collaboration server by the Hocuspocus provider and kept in the browser's IndexedDB by
// y-indexeddb, so edits made without a connection survive closing the page and are sent when it is
// opened again. Everything that needs the browser is made in an effect and torn down in its cleanup
// (React 18 StrictMode mounts twice). Open comment threads are placed in the live text (comment-placement.ts)
// and highlighted; what the selection allows (commenting, bracketing) is reported with the rest of the state.
import { HocuspocusProvider, WebSocketStatus } from "@hocuspocus/provider";
import { toggleMark } from "prosemirror-commands";
import { keymap } from "prosemirror-keymap";
import { EditorState, TextSelection, type Command, type Transaction } from "prosemirror-state";
import { EditorView } from "prosemirror-view";
import { useEffect, useRef, useState } from "react";
import { IndexeddbPersistence } from "y-indexeddb";
import { redo, undo, yCursorPlugin, ySyncPlugin, yUndoPlugin } from "y-prosemirror";
import {
  anchorFromEditorState,
  bracketAtSelection,
  bracketLabelsPlugin,
  commentHighlightsPlugin,
  createYDoc,
  documentFragment,
  documentOutline,
  editorPlugins,
  setActiveCommentHighlight,
  setCommentHighlights,
  type BracketAt,
  type CommentAnchor,
  indentClause,
  insertClauseAfter,
  moveClauseDown,
  moveClauseUp,
  outdentClause,
  schema,
  type OutlineSection,
} from "../../editor";
import { decodeThreads, highlightsOf, placeThreads, type EditorThread, type PlacedThread } from "./comment-placement";
import { peopleFrom, presenceClass, type Person } from "./presence";

export type Connection = "connecting" | "connected" | "offline";

export interface LiveEditorProps {
  slug: string;
  documentName: string;
  /** What the page was allowed when it loaded; the server's answer on connecting has the last word. */
  canEdit: boolean;
  user: { id: number; name: string; stateCode: string | null };
  onState?: (state: LiveEditorState) => void;
  /** The open comment threads to place and highlight in the text. */
  threads?: readonly EditorThread[];
  /** Called on the comment shortcut (COMMENT_KEYS) in the editor. */
  onCommentShortcut?: () => void;
}

/** The key that opens the comment form from inside the editor, as ProseMirror names it and as aria-keyshortcuts does. */
export const COMMENT_KEYS = { binding: "Mod-Alt-m", aria: "Control+Alt+M", label: "Ctrl+Alt+M" } as const;

/** What the current selection allows. */
export interface SelectionInfo {
  /** The selection holds text (a comment or a bracket can be made on it). */
  hasText: boolean;
  /** It holds text and touches no bracket, so it can be bracketed. */
  bracketable: boolean;
  /** The bracket the cursor is in. */
  bracket: BracketAt | null;
}

export interface LiveEditorState {
  connection: Connection;
  /** Edits made here that the server has not yet confirmed as stored. */
  unconfirmed: number;
  ready: boolean;
  editable: boolean;
  people: Person[];
  problem: string | null;
  /** The live document's sections and numbered clauses (empty until the document has arrived). */
  outline: OutlineSection[];
  selection: SelectionInfo;
  /** The open threads in text order, detached ones last. */
  placed: PlacedThread[];
  activeThread: number | null;
}

const NO_SELECTION: SelectionInfo = { hasText: false, bracketable: false, bracket: null };

/** How long anchors wait after an edit before they are resolved again (highlights are mapped meanwhile). */
const PLACEMENT_DELAY_MS = 250;

export function selectionInfo(state: EditorState): SelectionInfo {
  const { from, to, empty } = state.selection;
  const hasText = !empty && state.doc.textBetween(from, to, "\n").trim().length > 0;
  return {
    hasText,
    bracketable: hasText && !state.doc.rangeHasMark(from, to, schema.marks.bracket),
    bracket: bracketAtSelection(state),
  };
}

function sameSelectionInfo(a: SelectionInfo, b: SelectionInfo): boolean {
  return a.hasText === b.hasText && a.bracketable === b.bracketable && JSON.stringify(a.bracket) === JSON.stringify(b.bracket);
}

/**
 * The IndexedDB database holding one person's copy of one document: per person, so edits never travel
 * under someone else's name from a shared browser. Signing out clears the site's storage.
 */
export function localCopyName(userId: number, documentName: string): string {
  return `accord/${userId}/${documentName}`;
}

/** A fresh short-lived token for each (re)connection, from the page's own origin. */
async function fetchToken(slug: string): Promise<string> {
  const response = await fetch(`/instruments/${encodeURIComponent(slug)}/collab-token`, {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`The server refused a drafting token (${response.status}).`);
  const body = (await response.json()) as { token?: unknown };
  if (typeof body.token !== "string") throw new Error("The server sent no drafting token.");
  return body.token;
}

function collabUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === "https:" ? "wss:" : "ws:"}//${host}/collab`;
}

// Cursor and selection decorations with classes instead of y-prosemirror's inline styles (CSP).
function cursorBuilder(user: { name?: string; stateCode?: string }): HTMLElement {
  const cursor = document.createElement("span");
  cursor.className = `ProseMirror-yjs-cursor ${presenceClass(user.stateCode)}`;
  const label = document.createElement("span");
  label.className = "ProseMirror-yjs-cursor__label";
  label.textContent = user.stateCode ? `${user.name ?? "Someone"} (${user.stateCode})` : (user.name ?? "Someone");
  cursor.append("\u2060", label, "\u2060");
  return cursor;
}

function selectionBuilder(user: { stateCode?: string }) {
  return { class: `ProseMirror-yjs-selection ${presenceClass(user.stateCode)}` };
}

export interface ToolbarAction {
  label: string;
  keys: string;
  command: Command;
}

export const TOOLBAR: ToolbarAction[] = [
  { label: "New clause", keys: "Enter at the end of a clause", command: insertClauseAfter },
  { label: "Indent", keys: "Tab", command: indentClause },
  { label: "Outdent", keys: "Shift+Tab", command: outdentClause },
  { label: "Move up", keys: "Alt+Up", command: moveClauseUp },
  { label: "Move down", keys: "Alt+Down", command: moveClauseDown },
  { label: "Bold", keys: "Ctrl+B", command: toggleMark(schema.marks.strong) },
  { label: "Italic", keys: "Ctrl+I", command: toggleMark(schema.marks.em) },
  { label: "Undo", keys: "Ctrl+Z", command: undo },
  { label: "Redo", keys: "Ctrl+Shift+Z", command: redo },
];

/** Mounts the editor into `mount` once the shared document has arrived; returns the running view. */
export function useLiveEditor(props: LiveEditorProps) {
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const [state, setState] = useState<LiveEditorState>({
    connection: "connecting",
    unconfirmed: 0,
    ready: false,
    editable: false,
    people: [],
    problem: null,
    outline: [],
    selection: NO_SELECTION,
    placed: [],
    activeThread: null,
  });
  const { slug, documentName, canEdit, user, threads } = props;
  const userId = user.id;
  const threadsRef = useRef(decodeThreads(threads ?? []));
  const placeRef = useRef<() => void>(() => undefined);
  const shortcutRef = useRef(props.onCommentShortcut);
  shortcutRef.current = props.onCommentShortcut;

  useEffect(() => {
    const mount = mountRef.current;
    if (!mount) return;
    const update = (change: Partial<LiveEditorState>) => setState((previous) => ({ ...previous, ...change }));
    let editable = false;
    let serverAllowsEdits = canEdit;
    let placementTimer: ReturnType<typeof setTimeout> | undefined;
    let selection = NO_SELECTION;
    const ydoc = createYDoc();
    // Threads are resolved in the view's state, after the binding has written it to Yjs (see anchors.ts).
    const placeNow = () => {
      placementTimer = undefined;
      const view = viewRef.current;
      if (!view) return;
      const placed = placeThreads(view.state, threadsRef.current);
      view.dispatch(setCommentHighlights(view.state.tr, highlightsOf(placed)));
      update({ placed });
    };
    placeRef.current = placeNow;
    const onTransaction = (view: EditorView, transaction: Transaction) => {
      if (transaction.docChanged) {
        update({ outline: documentOutline(view.state.doc) });
        placementTimer ??= setTimeout(placeNow, PLACEMENT_DELAY_MS);
      }
      const next = selectionInfo(view.state);
      if (!sameSelectionInfo(selection, next)) {
        selection = next;
        update({ selection: next });
      }
    };
    // The view is made from a Y.Doc that holds the document (never from an empty one, which the
    // editor would fill with a blank skeleton that then merges into the real text): the copy kept in
    // this browser if there is one, else the server's.
    const showEditor = () => {
      if (viewRef.current || documentFragment(ydoc).length === 0) return;
      const onComment = () => {
        shortcutRef.current?.();
        return shortcutRef.current !== undefined;
      };
      viewRef.current = createView(mount, ydoc, provider, () => editable, onTransaction, onComment);
      update({ outline: documentOutline(viewRef.current.state.doc) });
      setEditable(serverAllowsEdits);
      update({ ready: true });
      placeNow();
    };
    const localCopy = new IndexeddbPersistence(localCopyName(userId, documentName), ydoc);
    void localCopy.whenSynced.then(showEditor);
    const provider = new HocuspocusProvider({
      url: collabUrl(),
      name: documentName,
      document: ydoc,
      token: () => fetchToken(slug),
      onStatus: ({ status }) =>
        update({
          connection:
            status === WebSocketStatus.Connected ? "connected" : status === WebSocketStatus.Connecting ? "connecting" : "offline",
        }),
      onAuthenticated: ({ scope }) => {
        serverAllowsEdits = canEdit && scope === "read-write";
        setEditable(viewRef.current !== null && serverAllowsEdits);
      },
      onAuthenticationFailed: ({ reason }) => update({ problem: `The server refused the connection: ${reason}.` }),
      onUnsyncedChanges: ({ number }) => update({ unconfirmed: number }),
      onAwarenessChange: ({ states }) => update({ people: peopleFrom(states) }),
      onSynced: ({ state: synced }) => {
        if (synced) showEditor();
      },
    });
    provider.setAwarenessField("user", { name: user.name, stateCode: user.stateCode });

    // When the browser knows the network is gone, say so at once and keep editing locally; when it
    // returns, reconnect at once rather than on the provider's back-off. Yjs merges what was typed.
    const goOffline = () => provider.disconnect();
    const goOnline = () => void provider.connect();
    window.addEventListener("offline", goOffline);
    window.addEventListener("online", goOnline);

    function setEditable(value: boolean) {
      editable = value;
      viewRef.current?.setProps({});
      update({ editable: value });
    }

    return () => {
      clearTimeout(placementTimer);
      placeRef.current = () => undefined;
      window.removeEventListener("offline", goOffline);
      window.removeEventListener("online", goOnline);
      viewRef.current?.destroy();
      viewRef.current = null;
      provider.destroy();
      void localCopy.destroy();
      ydoc.destroy();
    };
  }, [slug, documentName, canEdit, userId, user.name, user.stateCode]);

  // New threads (after a comment is posted and the page's data revalidated) are placed at once.
  useEffect(() => {
    threadsRef.current = decodeThreads(threads ?? []);
    placeRef.current();
  }, [threads]);

  /** Puts the caret at the start of a clause and brings it into view. */
  function goToClause(clauseId: string) {
    const view = viewRef.current;
    if (!view) return;
    let target: number | null = null;
    view.state.doc.descendants((node, pos) => {
      if (target !== null) return false;
      if (node.type === schema.nodes.clause && node.attrs.id === clauseId) target = pos;
      return true;
    });
    if (target === null) return;
    const dom = view.nodeDOM(target);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: "center" });
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(target + 1))));
    view.focus();
  }

  function run(action: ToolbarAction) {
    runCommand(action.command);
  }

  /** Runs an editing command on the live text (never in a read-only view); answers whether it applied. */
  function runCommand(command: Command): boolean {
    const view = viewRef.current;
    if (!view || !view.editable) return false;
    const applied = command(view.state, view.dispatch, view);
    view.focus();
    return applied;
  }

  /** The anchor of the selected passage, or null when nothing with text is selected. */
  function commentAnchor(): CommentAnchor | null {
    const view = viewRef.current;
    if (!view || view.state.selection.empty) return null;
    try {
      return anchorFromEditorState(view.state);
    } catch {
      return null;
    }
  }

  /** Selects a thread's passage (or goes to its clause), marks it active and brings it into view. */
  function selectThread(threadId: number) {
    const view = viewRef.current;
    if (!view) return;
    const entry = placeThreads(view.state, threadsRef.current).find((placed) => placed.thread.id === threadId);
    if (!entry || entry.from === null || entry.to === null) return;
    if (!entry.thread.anchorStart && entry.thread.clauseId) goToClause(entry.thread.clauseId);
    else {
      const tr = view.state.tr.setSelection(TextSelection.create(view.state.doc, entry.from, entry.to));
      view.dispatch(setActiveCommentHighlight(tr, String(threadId)).scrollIntoView());
      const { node } = view.domAtPos(entry.from);
      (node instanceof HTMLElement ? node : node.parentElement)?.scrollIntoView({ block: "center" });
      view.focus();
    }
    setState((previous) => ({ ...previous, activeThread: threadId }));
  }

  function focusEditor() {
    viewRef.current?.focus();
  }

  /** The live text between two positions (blocks joined by a space). */
  function textBetween(from: number, to: number): string {
    const doc = viewRef.current?.state.doc;
    return doc ? doc.textBetween(Math.max(0, from), Math.min(doc.content.size, to), " ") : "";
  }

  return { mountRef, state, run, runCommand, goToClause, commentAnchor, selectThread, focusEditor, textBetween };
}

function createView(
  mount: HTMLElement,
  ydoc: ReturnType<typeof createYDoc>,
  provider: HocuspocusProvider,
  editable: () => boolean,
  onTransaction: (view: EditorView, transaction: Transaction) => void,
  onComment: () => boolean,
): EditorView {
  mount.replaceChildren();
  const plugins = [
    ySyncPlugin(documentFragment(ydoc)),
    yCursorPlugin(provider.awareness!, { cursorBuilder, selectionBuilder }),
    yUndoPlugin(),
    keymap({ "Mod-z": undo, "Mod-y": redo, "Mod-Shift-z": redo, [COMMENT_KEYS.binding]: onComment }),
    ...editorPlugins(),
    bracketLabelsPlugin(),
    commentHighlightsPlugin(),
  ];
  const view: EditorView = new EditorView(mount, {
    state: EditorState.create({ schema, plugins }),
    editable,
    attributes: { "aria-label": "Draft text", "aria-multiline": "true", role: "textbox", class: "code-of-conduct draft-editor" },
    // ProseMirror calls this with the view as `this`, also while the constructor is still running
    // (the sync plugin dispatches during set-up), before `view` below is assigned.
    dispatchTransaction(this: EditorView, transaction) {
      this.updateState(this.state.apply(transaction));
      onTransaction(this, transaction);
    },
  });
  return view;
}

export function LiveEditorStatus({ state }: { state: LiveEditorState }) {
  const saved =
    state.connection !== "connected"
      ? state.unconfirmed > 0
        ? `${state.unconfirmed} ${state.unconfirmed === 1 ? "change" : "changes"} kept in this browser, to be sent when the connection returns`
        : "No unsent changes"
      : state.unconfirmed > 0
        ? "Saving…"
        : "All changes saved";
  const connection = { connected: "Connected", connecting: "Reconnecting…", offline: "Offline" }[state.connection];
  return (
    <div className="live-status" role="status" aria-live="polite">
      <span className={`live-status__connection live-status__connection--${state.connection}`} data-connection={state.connection}>
        {connection}
      </span>
      <span className="live-status__saved" data-unconfirmed={state.unconfirmed}>
        {saved}
      </span>
      {state.ready && !state.editable ? <span className="live-status__readonly">Read-only</span> : null}
    </div>
  );
}
