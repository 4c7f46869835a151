import type { Node } from "prosemirror-model";
import { EditorState } from "prosemirror-state";
import { expect, test } from "vitest";
import * as Y from "yjs";
import { eq } from "drizzle-orm";
import { db } from "../../db/client";
import { comments, commentThreads } from "../../db/schema";
import { anchorFromRange, createYDoc, documentFromYDoc, updateYDoc, type CommentAnchor } from "../../editor";
import { createDraft, personWith, type TestDraft } from "../testing/drafts";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import {
  commentableClauses,
  CommentError,
  commentOnClause,
  commentOnPassage,
  getThread,
  listThreads,
  openThreadsForEditor,
  reopenThread,
  replyToThread,
  resolveThread,
} from "./comment.server";
import { editDocument, loadDocumentUpdate } from "./document.server";

/** The position of the first occurrence of `text` inside a textblock. */
function find(doc: Node, text: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0 || !node.isTextblock) return found < 0;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = pos + 1 + at;
    return false;
  });
  if (found < 0) throw new Error(`no "${text}"`);
  return found;
}

/** An anchor on `text` in the draft as stored, made as the browser would make it. */
function anchorOn(draft: TestDraft, text: string): CommentAnchor {
  const ydoc = createYDoc();
  Y.applyUpdate(ydoc, loadDocumentUpdate(draft.document.name) as Uint8Array);
  const from = find(documentFromYDoc(ydoc), text);
  const anchor = anchorFromRange(ydoc, from, from + text.length);
  ydoc.destroy();
  return anchor;
}

/** Deletes `text` from the stored draft as one edit. */
async function deleteFromDraft(draft: TestDraft, userId: number, text: string): Promise<void> {
  await editDocument(draft.document.name, userId, (ydoc) => {
    const state = EditorState.create({ doc: documentFromYDoc(ydoc) });
    const from = find(state.doc, text);
    updateYDoc(ydoc, state.apply(state.tr.delete(from, from + text.length)).doc);
  });
}

function rowCounts(draft: TestDraft) {
  const threads = db().select().from(commentThreads).where(eq(commentThreads.documentId, draft.document.id)).all();
  const messages = threads.length ? db().select().from(comments).all().filter((message) => threads.some((thread) => thread.id === message.threadId)) : [];
  return { threads: threads.length, messages: messages.length, statuses: threads.map((thread) => thread.status).join(",") };
}

test("a comment on a passage is stored with its anchor, author and state, placed in its clause, and audited", () => {
  const draft = createDraft();
  const norway = personWith("delegate", "NO");
  const id = commentOnPassage(norway.actor, draft.document, { anchor: anchorOn(draft, "the end user's record"), body: "  Too narrow.  " });
  const thread = getThread(draft.document, id);
  expect(thread).toMatchObject({
    kind: "passage",
    status: "open",
    attached: true,
    text: "the end user's record",
    quote: "the end user's record",
    clauseId: "demo-review-record",
    clauseNumber: "1.1(a)",
    stateCode: "NO",
    replies: 0,
  });
  expect(thread?.messages).toEqual([expect.objectContaining({ body: "Too narrow.", stateCode: "NO" })]);
  const [event] = listAuditEvents({ action: "comment.created", instrumentId: draft.instrument.id });
  expect(event).toMatchObject({ actorUserId: norway.userId, actorStateCode: "NO", subjectId: String(id) });
});

test("the stored text decides the quote and clause when the passage is there; the browser's claim is not trusted", () => {
  const draft = createDraft();
  const observer = personWith("observer");
  const anchor = { ...anchorOn(draft, "serious violations"), quote: "something else entirely", clauseId: "demo-review-law" };
  const id = commentOnPassage(observer.actor, draft.document, { anchor, body: "Which violations?" });
  expect(getThread(draft.document, id)).toMatchObject({ quote: "serious violations", clauseId: "demo-review", clauseNumber: "1.1", stateCode: null });
});

test("a passage whose text is later deleted lists as detached, with its quote", async () => {
  const draft = createDraft();
  const norway = personWith("delegate", "NO");
  const id = commentOnPassage(norway.actor, draft.document, { anchor: anchorOn(draft, "effective remedy"), body: "Define it." });
  await deleteFromDraft(draft, norway.userId, "effective remedy");
  const [thread] = listThreads(draft.document);
  expect(thread).toMatchObject({ id, attached: false, text: "effective remedy", quote: "effective remedy", clauseId: "demo-review-law-remedy" });
  expect(getThread(draft.document, id)?.attached).toBe(false);
});

test("a comment on a whole clause quotes its number and excerpt; a clause not in the draft is refused", () => {
  const draft = createDraft();
  const chair = personWith("chair");
  const id = commentOnClause(chair.actor, draft.document, { clauseId: "demo-review-law", body: "Shorten this." });
  expect(getThread(draft.document, id)).toMatchObject({ kind: "clause", attached: true, clauseNumber: "1.1(b)", stateCode: null });
  expect(getThread(draft.document, id)?.quote).toMatch(/^1\.1\(b\) the law governing/);
  const before = rowCounts(draft);
  expect(() => commentOnClause(chair.actor, draft.document, { clauseId: "no-such-clause", body: "Hm" })).toThrow(CommentError);
  expect(rowCounts(draft)).toEqual(before);
  expect(commentableClauses(draft.document).map((clause) => clause.id)).toContain("demo-review-law");
});

test("bodies are required and bounded, anchors must be real positions; every refusal changes nothing", () => {
  const draft = createDraft();
  const norway = personWith("delegate", "NO");
  const anchor = anchorOn(draft, "the end user");
  const refusals: Array<() => unknown> = [
    () => commentOnPassage(norway.actor, draft.document, { anchor, body: "   " }),
    () => commentOnPassage(norway.actor, draft.document, { anchor, body: "x".repeat(4_001) }),
    () => commentOnPassage(norway.actor, draft.document, { anchor: { ...anchor, start: new Uint8Array([255, 255, 255]) }, body: "Hi" }),
    () => commentOnPassage(norway.actor, draft.document, { anchor: { ...anchor, end: new Uint8Array(0) }, body: "Hi" }),
    () => commentOnPassage(norway.actor, draft.document, { anchor: { ...anchor, start: new Uint8Array(300) }, body: "Hi" }),
    () => commentOnPassage(norway.actor, draft.document, { anchor: { ...anchor, quote: "" }, body: "Hi" }),
    () => commentOnPassage(norway.actor, draft.document, { anchor: { ...anchor, clauseId: "bad id!" }, body: "Hi" }),
    () => commentOnClause(norway.actor, draft.document, { clauseId: "demo-review", body: "" }),
  ];
  for (const refuse of refusals) expect(refuse).toThrow(CommentError);
  expect(rowCounts(draft)).toEqual({ threads: 0, messages: 0, statuses: "" });
  expect(listAuditEvents({ action: "comment.", instrumentId: draft.instrument.id })).toEqual([]);
});

test("replies, resolving and reopening: who may, in which order, each audited; refusals change nothing", () => {
  const draft = createDraft();
  const norway = personWith("delegate", "NO");
  const observer = personWith("observer");
  const signer = personWith("signer", "NO");
  const id = commentOnClause(observer.actor, draft.document, { clauseId: "demo-review", body: "Question." });

  replyToThread(norway.actor, draft.document, id, "Answer.");
  expect(getThread(draft.document, id)?.replies).toBe(1);
  expect(() => replyToThread(signer.actor, draft.document, id, "Me too")).toThrow(NotPermittedError);
  expect(() => resolveThread(observer.actor, draft.document, id)).toThrow(NotPermittedError);
  expect(() => replyToThread(norway.actor, draft.document, id + 1000, "Lost")).toThrow(CommentError);
  expect(rowCounts(draft)).toEqual({ threads: 1, messages: 2, statuses: "open" });

  resolveThread(norway.actor, draft.document, id);
  expect(getThread(draft.document, id)).toMatchObject({ status: "resolved" });
  expect(() => resolveThread(norway.actor, draft.document, id)).toThrow("already resolved");
  expect(() => replyToThread(observer.actor, draft.document, id, "Late")).toThrow(/resolved/);
  expect(rowCounts(draft)).toEqual({ threads: 1, messages: 2, statuses: "resolved" });

  reopenThread(personWith("chair").actor, draft.document, id);
  expect(() => reopenThread(norway.actor, draft.document, id)).toThrow("already open");
  replyToThread(observer.actor, draft.document, id, "Thanks.");
  const thread = getThread(draft.document, id);
  expect(thread?.messages.map((message) => message.body)).toEqual(["Question.", "Answer.", "Thanks."]);
  expect(thread?.status).toBe("open");
  const actions = listAuditEvents({ instrumentId: draft.instrument.id, action: "comment." }).map((event) => event.action).reverse();
  expect(actions).toEqual(["comment.created", "comment.replied", "comment.resolved", "comment.reopened", "comment.replied"]);
});

test("a thread of another draft is not found through this one", () => {
  const draft = createDraft();
  const other = createDraft();
  const norway = personWith("delegate", "NO");
  const id = commentOnClause(norway.actor, draft.document, { clauseId: "demo-review", body: "Mine." });
  expect(getThread(other.document, id)).toBeNull();
  expect(() => resolveThread(norway.actor, other.document, id)).toThrow(CommentError);
});

test("threads filter by clause, state and status; the editor gets open threads with their anchors", () => {
  const draft = createDraft();
  const norway = personWith("delegate", "NO");
  const denmark = personWith("delegate", "DK");
  const a = commentOnPassage(norway.actor, draft.document, { anchor: anchorOn(draft, "the end user"), body: "A" });
  const b = commentOnClause(denmark.actor, draft.document, { clauseId: "demo-review-law", body: "B" });
  const c = commentOnClause(norway.actor, draft.document, { clauseId: "demo-review-law", body: "C" });
  resolveThread(denmark.actor, draft.document, c);

  const ids = (filter: Parameters<typeof listThreads>[1]) => listThreads(draft.document, filter).map((thread) => thread.id);
  expect(ids({})).toEqual([c, b, a]);
  expect(ids({ status: "open" })).toEqual([b, a]);
  expect(ids({ status: "resolved" })).toEqual([c]);
  expect(ids({ stateCode: "NO" })).toEqual([c, a]);
  expect(ids({ clauseId: "demo-review-law", status: "all" })).toEqual([c, b]);
  expect(ids({ clauseId: "demo-review-record", stateCode: "DK" })).toEqual([]);

  const editor = openThreadsForEditor(draft.document.id);
  expect(editor.map((thread) => thread.id)).toEqual([a, b]);
  expect(editor[0]?.anchorStart).toBeInstanceOf(Uint8Array);
  expect(editor[1]).toMatchObject({ anchorStart: null, firstComment: "B", stateCode: "DK" });
});
