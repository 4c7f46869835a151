// The comments pages for each kind of person: the list with its filters and the form to comment on a clause,
// comments on a passage posted by the drafting page (hidden anchor fields, strictly checked), one thread with
// its replies, and resolving and reopening it.
import { beforeAll, expect, test } from "vitest";
import * as Y from "yjs";
import { anchorFromRange, createYDoc, documentFromYDoc, type CommentAnchor } from "../../editor";
import { bytesToBase64 } from "../drafting/comment-fields";
import { listAuditEvents } from "../models/audit.server";
import { getThread, listThreads } from "../models/comment.server";
import { loadDocumentUpdate } from "../models/document.server";
import { createDraft, personWith, type TestDraft } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import * as threadRoute from "./instruments.$slug.comments.$id";
import * as draftRoute from "./instruments.$slug.draft";
import * as listRoute from "./instruments.$slug.comments._index";

let draft: TestDraft;
const cookies = { chair: "", delegate: "", observer: "", signer: "" };

beforeAll(async () => {
  draft = createDraft();
  cookies.chair = (await openTestSession(personWith("chair").userId)).cookie;
  cookies.delegate = (await openTestSession(personWith("delegate", "NO").userId)).cookie;
  cookies.observer = (await openTestSession(personWith("observer").userId)).cookie;
  cookies.signer = (await openTestSession(personWith("signer", "NO").userId)).cookie;
});

const path = (rest = "") => `/instruments/${draft.instrument.slug}/comments${rest}`;
const params = (extra: Record<string, string> = {}) => ({ params: { slug: draft.instrument.slug, ...extra } });
const threadCount = () => listThreads(draft.document, { status: "all" }).length;

function anchorOn(text: string): CommentAnchor {
  const ydoc = createYDoc();
  Y.applyUpdate(ydoc, loadDocumentUpdate(draft.document.name) as Uint8Array);
  let from = -1;
  documentFromYDoc(ydoc).descendants((node, pos) => {
    if (from >= 0 || !node.isTextblock) return from < 0;
    const at = node.textContent.indexOf(text);
    if (at >= 0) from = pos + 1 + at;
    return false;
  });
  const anchor = anchorFromRange(ydoc, from, from + text.length);
  ydoc.destroy();
  return anchor;
}

function passageFields(anchor: CommentAnchor, body: string): Record<string, string> {
  return { body, anchorStart: bytesToBase64(anchor.start), anchorEnd: bytesToBase64(anchor.end), quote: anchor.quote, clauseId: anchor.clauseId ?? "" };
}

test("the public is sent to sign in; a signer reads the comments but may not comment", async () => {
  const list = await callRoute(listRoute.loader, getRequest(path()), params());
  expect(list.status).toBe(302);
  expect(list.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
  const post = await callRoute(listRoute.action, formRequest(path(), { clauseId: "demo-review", body: "Hi" }), params());
  expect(post.status).toBe(302);

  const read = await routeData(listRoute.loader, getRequest(path(), { cookie: cookies.signer }), params());
  expect(read.canComment).toBe(false);
  const refused = await callRoute(listRoute.action, formRequest(path(), { clauseId: "demo-review", body: "Hi" }, { cookie: cookies.signer }), params());
  expect(refused.status).toBe(403);
  expect(threadCount()).toBe(0);
});

test("a comment on a clause: messages for what is missing or too long, a redirect to the new thread when right", async () => {
  const empty = await callRoute(listRoute.action, formRequest(path(), {}, { cookie: cookies.delegate }), params());
  expect(empty.status).toBe(400);
  expect(await empty.json()).toMatchObject({ errors: { body: ["Write your comment"], clauseId: ["Choose a clause from the list"] } });
  const long = await callRoute(listRoute.action, formRequest(path(), { clauseId: "demo-review", body: "x".repeat(4_001) }, { cookie: cookies.delegate }), params());
  expect(long.status).toBe(400);
  expect(await long.json()).toMatchObject({ errors: { body: ["A comment has at most 4,000 characters"] } });
  const gone = await callRoute(listRoute.action, formRequest(path(), { clauseId: "no-such-clause", body: "Hi" }, { cookie: cookies.delegate }), params());
  expect(gone.status).toBe(400);
  expect(await gone.json()).toMatchObject({ errors: { clauseId: [expect.stringMatching(/not in the current draft/)] } });
  expect(threadCount()).toBe(0);

  const made = await callRoute(listRoute.action, formRequest(path(), { clauseId: "demo-review-law", body: "Shorter, please." }, { cookie: cookies.delegate }), params());
  expect(made.status).toBe(303);
  const [thread] = listThreads(draft.document);
  expect(made.headers.get("Location")).toBe(`${path(`/${thread?.id}`)}?notice=comment-added`);
  expect(thread).toMatchObject({ kind: "clause", stateCode: "NO", clauseNumber: "1.1(b)" });
});

test("a comment on a passage from the editor: garbage anchors are a 400 that changes nothing, a good one a 201 for the fetcher", async () => {
  const before = threadCount();
  const anchor = anchorOn("surveillance technology");
  const good = passageFields(anchor, "Which technology?");
  const garbage: Record<string, string>[] = [
    { ...good, anchorStart: "not base64!" },
    { ...good, anchorEnd: "A".repeat(400) },
    { ...good, anchorStart: "" },
    { ...good, anchorStart: "////" },
    { ...good, anchorEnd: bytesToBase64(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9])) },
    { ...good, quote: "" },
    { ...good, quote: "q".repeat(2_001) },
    { ...good, clauseId: "<script>" },
    { ...good, body: "" },
  ];
  for (const fields of garbage) {
    const refused = await callRoute(listRoute.action, formRequest(path(), { ...fields, via: "editor" }, { cookie: cookies.observer }), params());
    expect(refused.status).toBe(400);
    const answer = (await refused.json()) as { errors: Record<string, string[]> };
    expect(Object.values(answer.errors).flat().length).toBeGreaterThan(0);
  }
  expect(threadCount()).toBe(before);

  const made = await callRoute(listRoute.action, formRequest(path(), { ...good, via: "editor" }, { cookie: cookies.observer }), params());
  expect(made.status).toBe(201);
  const { threadId } = (await made.json()) as { threadId: number };
  expect(getThread(draft.document, threadId)).toMatchObject({ kind: "passage", attached: true, text: "surveillance technology", clauseNumber: "1.1", stateCode: null });
  expect(listAuditEvents({ action: "comment.created", instrumentId: draft.instrument.id })).toHaveLength(before + 1);

  // Without JavaScript's fetcher, the same post goes to the thread.
  const plain = await callRoute(listRoute.action, formRequest(path(), passageFields(anchor, "Again."), { cookie: cookies.chair }), params());
  expect(plain.status).toBe(303);
});

test("the list filters by clause, state and status and shows each thread's place", async () => {
  const all = await routeData(listRoute.loader, getRequest(path("?status=all"), { cookie: cookies.observer }), params());
  expect(all.canComment).toBe(true);
  expect(all.threads.length).toBe(threadCount());
  expect(all.states).toEqual(["NO"]);
  expect(all.clauses.map((clause) => clause.id)).toContain("demo-review-law");
  const byClause = await routeData(listRoute.loader, getRequest(path("?clause=demo-review-law&status=all"), { cookie: cookies.observer }), params());
  expect(byClause.threads.map((thread) => thread.clauseNumber)).toEqual(["1.1(b)"]);
  const byState = await routeData(listRoute.loader, getRequest(path("?state=NO"), { cookie: cookies.observer }), params());
  expect(byState.threads.every((thread) => thread.stateCode === "NO")).toBe(true);
  const resolved = await routeData(listRoute.loader, getRequest(path("?status=resolved&state=zz&clause=%3Cx%3E"), { cookie: cookies.observer }), params());
  expect(resolved.threads).toEqual([]);
  expect(resolved.filter).toEqual({ clause: "", state: "", status: "resolved" });
});

test("a thread: everyone who reads drafts sees it; an observer replies but cannot resolve; delegates resolve and reopen", async () => {
  const [thread] = listThreads(draft.document, { clauseId: "demo-review-law" });
  const id = String(thread?.id);
  const at = path(`/${id}`);
  const read = await routeData(threadRoute.loader, getRequest(at, { cookie: cookies.signer }), params({ id }));
  expect(read.thread.messages).toHaveLength(1);
  expect(read).toMatchObject({ canReply: false, canResolve: false, heading: "Comment on clause 1.1(b)" });
  expect((await callRoute(threadRoute.loader, getRequest(at), params({ id }))).status).toBe(302);
  expect((await callRoute(threadRoute.loader, getRequest(path("/999"), { cookie: cookies.signer }), params({ id: "999" }))).status).toBe(404);
  expect((await callRoute(threadRoute.loader, getRequest(path("/x"), { cookie: cookies.signer }), params({ id: "x" }))).status).toBe(404);

  expect((await callRoute(threadRoute.action, formRequest(at, { intent: "reply", body: "Me" }, { cookie: cookies.signer }), params({ id }))).status).toBe(403);
  const empty = await callRoute(threadRoute.action, formRequest(at, {}, { cookie: cookies.observer }), params({ id }));
  expect(empty.status).toBe(400);
  const blank = await callRoute(threadRoute.action, formRequest(at, { intent: "reply", body: " " }, { cookie: cookies.observer }), params({ id }));
  expect(blank.status).toBe(400);
  expect(await blank.json()).toMatchObject({ errors: { body: ["Write your comment"] } });
  const replied = await callRoute(threadRoute.action, formRequest(at, { intent: "reply", body: "Agreed." }, { cookie: cookies.observer }), params({ id }));
  expect(replied.status).toBe(303);
  expect(replied.headers.get("Location")).toBe(`${at}?notice=comment-replied`);
  expect((await callRoute(threadRoute.action, formRequest(at, { intent: "resolve" }, { cookie: cookies.observer }), params({ id }))).status).toBe(403);
  expect(getThread(draft.document, Number(id))?.status).toBe("open");

  const resolved = await callRoute(threadRoute.action, formRequest(at, { intent: "resolve" }, { cookie: cookies.delegate }), params({ id }));
  expect(resolved.headers.get("Location")).toBe(`${at}?notice=comment-resolved`);
  const again = await callRoute(threadRoute.action, formRequest(at, { intent: "resolve" }, { cookie: cookies.chair }), params({ id }));
  expect(again.status).toBe(400);
  expect(await again.json()).toMatchObject({ errors: { thread: ["This thread is already resolved."] } });
  const late = await callRoute(threadRoute.action, formRequest(at, { intent: "reply", body: "Late" }, { cookie: cookies.observer }), params({ id }));
  expect(late.status).toBe(400);
  const reopened = await callRoute(threadRoute.action, formRequest(at, { intent: "reopen" }, { cookie: cookies.chair }), params({ id }));
  expect(reopened.status).toBe(303);
  const after = await routeData(threadRoute.loader, getRequest(at, { cookie: cookies.delegate }), params({ id }));
  expect(after.thread).toMatchObject({ status: "open", statusChangedByName: expect.any(String) });
  expect(after.thread.messages.map((message) => message.body)).toEqual(["Shorter, please.", "Agreed."]);
  expect(after).toMatchObject({ canReply: true, canResolve: true });
  const actions = listAuditEvents({ instrumentId: draft.instrument.id, action: "comment." }).map((event) => event.action);
  expect(actions.slice(0, 3)).toEqual(["comment.reopened", "comment.resolved", "comment.replied"]);
});

test("the drafting page gets the open threads with their anchors, who may comment, and the states a bracket may name", async () => {
  const observer = await routeData(draftRoute.loader, getRequest(`/instruments/${draft.instrument.slug}/draft`, { cookie: cookies.observer }), params());
  expect(observer).toMatchObject({ canEdit: false, canComment: true, holderStates: [] });
  const open = listThreads(draft.document, { status: "open" });
  expect(observer.threads.map((thread) => thread.id).sort()).toEqual(open.map((thread) => thread.id).sort());
  const passage = observer.threads.find((thread) => thread.anchorStart !== null);
  expect(passage?.anchorStart).toMatch(/^[A-Za-z0-9+/]+=*$/);
  expect(passage?.quote).toBe("surveillance technology");

  const delegate = await routeData(draftRoute.loader, getRequest(`/instruments/${draft.instrument.slug}/draft`, { cookie: cookies.delegate }), params());
  expect(delegate).toMatchObject({ canEdit: true, canComment: true, user: { stateCode: "NO" } });
  expect(delegate.holderStates.map((state) => state.code)).toContain("NO");
  const signer = await routeData(draftRoute.loader, getRequest(`/instruments/${draft.instrument.slug}/draft`, { cookie: cookies.signer }), params());
  expect(signer).toMatchObject({ canEdit: false, canComment: false });
});
