// The amendments pages for each kind of person: the list with its filters, the proposal form, and one
// amendment with the forms of the proposing delegation, of other delegations and of the chair.
import type { Node } from "prosemirror-model";
import { createElement, type ComponentType, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { applyAmendment, clauseBodyText, documentFromYDoc, numberDocument, updateYDoc } from "../../editor";
import { getAmendment, listAmendments, type AmendmentViewer } from "../models/amendment.server";
import { editDocument, readStoredDocument } from "../models/document.server";
import { createDraft, personWith, type TestDraft } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import * as amendmentRoute from "./instruments.$slug.amendments.$number";
import * as listRoute from "./instruments.$slug.amendments._index";
import * as newRoute from "./instruments.$slug.amendments.new";

// The pages are rendered to HTML with the data their loader and action returned, as the server would
// send them, with Remix's components standing in as plain elements.
const remix = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }));
vi.mock("@remix-run/react", () => {
  type Props = Record<string, unknown> & { children?: ReactNode };
  const pass = ({ children, preventScrollReset: _scroll, ...rest }: Props) => createElement("form", rest, children);
  const link = ({ children, to, ...rest }: Props) => createElement("a", { href: to, ...rest }, children);
  return {
    Form: pass,
    Link: link,
    useLoaderData: () => remix.loaderData,
    useActionData: () => remix.actionData,
    useNavigation: () => ({ state: "idle" }),
  };
});

/** The page's HTML for this loader data (serialised as Remix sends it) and optional action data. */
function render(page: ComponentType, loaderData: unknown, actionData?: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData)) as unknown;
  remix.actionData = actionData;
  // React separates adjacent texts with empty comments; they are no part of what a person reads.
  return renderToString(createElement(page)).replaceAll("<!-- -->", "");
}

const CONSULT = "demo-consult";
const CONSULT_TEXT =
  "Participating states intend to consult industry, academic researchers and civil society organisations when they develop or revise controls on surveillance technology.";
const CHAIR_VIEW: AmendmentViewer = { chair: true, states: [] };

type Who = "chair" | "norway" | "canada" | "signer" | "observer";
const cookies: Record<Who, string> = { chair: "", norway: "", canada: "", signer: "", observer: "" };
let draft: TestDraft;
let norwayId = 0;

beforeAll(async () => {
  draft = createDraft();
  cookies.chair = (await openTestSession(personWith("chair").userId)).cookie;
  norwayId = personWith("delegate", "NO").userId;
  cookies.norway = (await openTestSession(norwayId)).cookie;
  cookies.canada = (await openTestSession(personWith("delegate", "CA").userId)).cookie;
  cookies.signer = (await openTestSession(personWith("signer", "NO").userId)).cookie;
  cookies.observer = (await openTestSession(personWith("observer").userId)).cookie;
});

const path = (rest = "") => `/instruments/${draft.instrument.slug}/amendments${rest}`;
const params = (extra: Record<string, string> = {}) => ({ params: { slug: draft.instrument.slug, ...extra } });
const one = (number: number) => params({ number: String(number) });

function post(route: { action: typeof newRoute.action }, who: Who | null, fields: Record<string, string>, rest = "", extra = params()) {
  return callRoute(route.action, formRequest(path(rest), fields, who ? { cookie: cookies[who] } : {}), extra);
}

async function propose(who: Who, fields: Record<string, string> = {}): Promise<Response> {
  return post(newRoute, who, {
    clauseId: CONSULT,
    proposedText: CONSULT_TEXT.replace("industry", "industry, trade unions"),
    justification: "Workers should be heard.",
    intent: "draft",
    ...fields,
  });
}

async function editConsult(from: string, to: string): Promise<void> {
  await editDocument(draft.document.name, norwayId, (ydoc) => {
    const doc = documentFromYDoc(ydoc);
    const clause = numberDocument(doc).clauses.find((candidate) => candidate.id === CONSULT) as { node: Node };
    const base = clauseBodyText(clause.node);
    const result = applyAmendment(doc, { clauseId: CONSULT, base, proposed: base.replace(from, to) });
    if (!result.ok) throw new Error("test edit refused");
    updateYDoc(ydoc, result.doc);
  });
}

function consultText(): string {
  const doc = readStoredDocument(draft.document.name) as Node;
  const clause = numberDocument(doc).clauses.find((candidate) => candidate.id === CONSULT) as { node: Node };
  return clauseBodyText(clause.node);
}

describe("proposing: /amendments/new", () => {
  test("the form is for delegates only: the public signs in, others are refused", async () => {
    const anonymous = await callRoute(newRoute.loader, getRequest(path("/new")), params());
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/login\?redirectTo=/);
    for (const who of ["observer", "signer", "chair"] as const) {
      expect((await callRoute(newRoute.loader, getRequest(path("/new"), { cookie: cookies[who] }), params())).status).toBe(403);
      expect((await post(newRoute, who, {}, "/new")).status).toBe(403);
    }
    expect((await post(newRoute, null, {}, "/new")).status).toBe(302);
  });

  test("lists the numbered clauses; ?clause= preselects one and prefills its current text", async () => {
    const blank = await routeData(newRoute.loader, getRequest(path("/new"), { cookie: cookies.norway }), params());
    expect(blank.clauses.find((clause) => clause.id === CONSULT)).toMatchObject({ number: "2.1" });
    expect(blank.chosen).toBeNull();
    expect(blank.states).toEqual([{ code: "NO", name: expect.any(String) }]);
    const chosen = await routeData(newRoute.loader, getRequest(path(`/new?clause=${CONSULT}`), { cookie: cookies.norway }), params());
    expect(chosen.chosen).toMatchObject({ id: CONSULT, number: "2.1", text: CONSULT_TEXT });
    const unknown = await routeData(newRoute.loader, getRequest(path("/new?clause=gone"), { cookie: cookies.norway }), params());
    expect(unknown).toMatchObject({ chosen: null, unknownClause: true });
  });

  test("bad input is a 400 with messages by field and saves nothing", async () => {
    const empty = await post(newRoute, "norway", {}, "/new");
    expect(empty.status).toBe(400);
    const { errors } = (await empty.json()) as { errors: Record<string, string[]> };
    expect(errors.clauseId).toEqual(["Choose the clause to amend"]);
    expect(errors.justification).toEqual(["Enter a justification"]);
    expect(errors.intent).toEqual(["Choose Save as draft or Submit"]);

    const same = await propose("norway", { proposedText: CONSULT_TEXT });
    expect(same.status).toBe(400);
    expect(await same.json()).toMatchObject({ errors: { proposedText: [expect.stringContaining("same as the clause's text")] } });
    const gone = await propose("norway", { clauseId: "gone" });
    expect(gone.status).toBe(400);
    expect(listAmendments(draft.document, CHAIR_VIEW)).toEqual([]);
  });

  test("a delegate cannot propose for another state", async () => {
    expect((await propose("norway", { state: "CA" })).status).toBe(403);
    expect(listAmendments(draft.document, CHAIR_VIEW)).toEqual([]);
  });

  test("saving a draft or submitting redirects to the numbered amendment", async () => {
    const saved = await propose("norway");
    expect(saved.status).toBe(302);
    expect(saved.headers.get("Location")).toBe(`${path("/1")}?notice=amendment-saved`);
    const submitted = await propose("canada", { proposedText: CONSULT_TEXT.replace("industry", "companies"), intent: "submit" });
    expect(submitted.headers.get("Location")).toBe(`${path("/2")}?notice=amendment-submitted`);
    expect(getAmendment(draft.document, 2, CHAIR_VIEW)?.status).toBe("submitted");
  });
});

describe("the list: /amendments", () => {
  test("the public signs in; readers see the amendments they may see, delegates the way to propose", async () => {
    const anonymous = await callRoute(listRoute.loader, getRequest(path()), params());
    expect(anonymous.status).toBe(302);
    const observer = await routeData(listRoute.loader, getRequest(path(), { cookie: cookies.observer }), params());
    expect(observer.amendments.map((row) => row.number)).toEqual([2]); // Norway's draft is hidden
    expect(observer.canPropose).toBe(false);
    expect(observer.amendments[0]).toMatchObject({ clauseNumber: "2.1", stateCode: "CA", status: "submitted", cosponsors: 0, objections: 0 });
    const norway = await routeData(listRoute.loader, getRequest(path(), { cookie: cookies.norway }), params());
    expect(norway.amendments.map((row) => row.number)).toEqual([2, 1]);
    expect(norway.canPropose).toBe(true);
    const chair = await routeData(listRoute.loader, getRequest(path(), { cookie: cookies.chair }), params());
    expect(chair.amendments).toHaveLength(2);
    expect(chair.canPropose).toBe(false);
  });

  test("filters by status, state and clause; unknown filter values are ignored", async () => {
    const list = (query: string) => routeData(listRoute.loader, getRequest(path(query), { cookie: cookies.chair }), params());
    expect((await list("?status=draft")).amendments.map((row) => row.number)).toEqual([1]);
    expect((await list("?state=CA")).amendments.map((row) => row.number)).toEqual([2]);
    expect((await list(`?clause=${CONSULT}&status=submitted`)).amendments.map((row) => row.number)).toEqual([2]);
    expect((await list("?clause=demo-capacity")).amendments).toEqual([]);
    const ignored = await list("?status=bogus&state=norway");
    expect(ignored.amendments).toHaveLength(2);
    expect(ignored.filtered).toBe(false);
  });
});

describe("one amendment: /amendments/<number>", () => {
  test("the public signs in; a draft is seen only by its delegation and the chair; unknown numbers are 404", async () => {
    expect((await callRoute(amendmentRoute.loader, getRequest(path("/2")), one(2))).status).toBe(302);
    expect((await callRoute(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.canada }), one(1))).status).toBe(404);
    expect((await callRoute(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.observer }), one(1))).status).toBe(404);
    expect((await callRoute(amendmentRoute.loader, getRequest(path("/99"), { cookie: cookies.chair }), one(99))).status).toBe(404);
    expect((await callRoute(amendmentRoute.loader, getRequest(path("/x"), { cookie: cookies.chair }), params({ number: "x" }))).status).toBe(404);
    const own = await routeData(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.norway }), one(1));
    expect(own.can).toMatchObject({ edit: true, withdraw: true, decide: false, positionStates: [] });
    expect(own.current).toContainEqual({ kind: "inserted", text: "trade unions, " });
    expect(own.conflict).toBeNull();
    expect(own.timeline.map((step) => step.what)).toEqual(["Proposed"]);
  });

  test("each person is offered their own forms", async () => {
    const get = (who: Who) => routeData(amendmentRoute.loader, getRequest(path("/2"), { cookie: cookies[who] }), one(2));
    expect((await get("norway")).can).toMatchObject({ edit: false, withdraw: false, decide: false, positionStates: [{ code: "NO", current: null }] });
    expect((await get("canada")).can).toMatchObject({ edit: false, withdraw: true, decide: false, positionStates: [] });
    expect((await get("chair")).can).toMatchObject({ edit: false, withdraw: false, decide: true, positionStates: [] });
    expect((await get("observer")).can).toMatchObject({ edit: false, withdraw: false, decide: false, positionStates: [] });
  });

  test("an empty or unknown form is a 400 for those who act on amendments, a 403 for others, a login for the public", async () => {
    expect((await post(amendmentRoute, null, {}, "/2", one(2))).status).toBe(302);
    expect((await post(amendmentRoute, "observer", {}, "/2", one(2))).status).toBe(403);
    expect((await post(amendmentRoute, "signer", {}, "/2", one(2))).status).toBe(403);
    for (const who of ["norway", "chair"] as const) {
      const empty = await post(amendmentRoute, who, {}, "/2", one(2));
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ errors: { "": [expect.stringContaining("Choose what to do")] } });
    }
  });

  test("the proposing delegation edits and submits its draft; nobody else may", async () => {
    const bad = await post(amendmentRoute, "norway", { intent: "update", proposedText: CONSULT_TEXT, justification: "" }, "/1", one(1));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { justification: ["Enter a justification"] } });
    const same = await post(amendmentRoute, "norway", { intent: "update", proposedText: CONSULT_TEXT, justification: "Why" }, "/1", one(1));
    expect(same.status).toBe(400);
    expect((await post(amendmentRoute, "canada", { intent: "submit" }, "/1", one(1))).status).toBe(404);
    expect((await post(amendmentRoute, "chair", { intent: "submit" }, "/1", one(1))).status).toBe(403);

    const proposed = CONSULT_TEXT.replace("industry", "industry, trade unions and consumer groups");
    const updated = await post(amendmentRoute, "norway", { intent: "update", proposedText: proposed, justification: "Broader." }, "/1", one(1));
    expect(updated.headers.get("Location")).toBe(`${path("/1")}?notice=amendment-updated`);
    const submitted = await post(amendmentRoute, "norway", { intent: "submit" }, "/1", one(1));
    expect(submitted.headers.get("Location")).toBe(`${path("/1")}?notice=amendment-submitted`);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)).toMatchObject({ status: "submitted", proposedText: proposed });
    const again = await post(amendmentRoute, "norway", { intent: "submit" }, "/1", one(1));
    expect(again.status).toBe(400);
  });

  test("other delegations co-sponsor or object; a delegation cannot take a position on its own amendment", async () => {
    const bad = await post(amendmentRoute, "canada", { intent: "position", position: "maybe" }, "/1", one(1));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { position: [expect.stringContaining("Choose co-sponsor")] } });
    const recorded = await post(amendmentRoute, "canada", { intent: "position", position: "object", note: "Too broad." }, "/1", one(1));
    expect(recorded.headers.get("Location")).toBe(`${path("/1")}?notice=amendment-position-recorded`);
    expect((await post(amendmentRoute, "norway", { intent: "position", position: "cosponsor" }, "/1", one(1))).status).toBe(403);
    expect((await post(amendmentRoute, "norway", { intent: "position", position: "cosponsor", state: "NO" }, "/1", one(1))).status).toBe(403);
    expect((await post(amendmentRoute, "canada", { intent: "position", position: "cosponsor", state: "US" }, "/1", one(1))).status).toBe(403);
    expect((await post(amendmentRoute, "chair", { intent: "position", position: "cosponsor" }, "/1", one(1))).status).toBe(403);
    const page = await routeData(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.observer }), one(1));
    expect(page.positions).toEqual([expect.objectContaining({ stateCode: "CA", position: "object", note: "Too broad." })]);
    expect(page.timeline.map((step) => step.what)).toContain(`${page.positions[0]?.stateName} objected`);
  });

  test("the chair rejects with a note; a delegate cannot decide", async () => {
    expect((await post(amendmentRoute, "canada", { intent: "reject", note: "No." }, "/2", one(2))).status).toBe(403);
    expect((await post(amendmentRoute, "norway", { intent: "accept" }, "/2", one(2))).status).toBe(403);
    const noNote = await post(amendmentRoute, "chair", { intent: "reject", note: " " }, "/2", one(2));
    expect(noNote.status).toBe(400);
    expect(await noNote.json()).toMatchObject({ errors: { note: [expect.stringContaining("Enter a note")] } });
    const rejected = await post(amendmentRoute, "chair", { intent: "reject", note: "No consensus in the room." }, "/2", one(2));
    expect(rejected.headers.get("Location")).toBe(`${path("/2")}?notice=amendment-rejected`);
    expect(getAmendment(draft.document, 2, CHAIR_VIEW)).toMatchObject({ status: "rejected", decisionNote: "No consensus in the room." });
  });

  test("acceptance is refused with the conflict shown when the clause changed where it applies, and applies otherwise", async () => {
    await editConsult("industry, academic", "industry and academic");
    const page = await routeData(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.chair }), one(1));
    expect(page.conflict).toMatch(/now reads/);
    const refused = await post(amendmentRoute, "chair", { intent: "accept", note: "" }, "/1", one(1));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ errors: { "": [expect.stringContaining("cannot be accepted, and nothing has been changed")] } });
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)?.status).toBe("submitted");
    expect(consultText()).toBe(CONSULT_TEXT.replace("industry, academic", "industry and academic"));

    await editConsult("industry and academic", "industry, academic");
    const accepted = await post(amendmentRoute, "chair", { intent: "accept", note: "Agreed." }, "/1", one(1));
    expect(accepted.headers.get("Location")).toBe(`${path("/1")}?notice=amendment-accepted`);
    expect(consultText()).toBe(CONSULT_TEXT.replace("industry", "industry, trade unions and consumer groups"));
    const after = await routeData(amendmentRoute.loader, getRequest(path("/1"), { cookie: cookies.norway }), one(1));
    expect(after.amendment).toMatchObject({ status: "accepted", decisionNote: "Agreed." });
    expect(after.current).toBeNull();
    expect(after.can).toMatchObject({ edit: false, withdraw: false, decide: false, positionStates: [] });
  });

  test("the proposing delegation withdraws; another delegation cannot", async () => {
    await propose("norway", { intent: "submit" });
    expect((await post(amendmentRoute, "canada", { intent: "withdraw" }, "/3", one(3))).status).toBe(403);
    const withdrawn = await post(amendmentRoute, "norway", { intent: "withdraw" }, "/3", one(3));
    expect(withdrawn.headers.get("Location")).toBe(`${path("/3")}?notice=amendment-withdrawn`);
    expect(getAmendment(draft.document, 3, CHAIR_VIEW)?.status).toBe("withdrawn");
    expect((await post(amendmentRoute, "norway", { intent: "withdraw" }, "/3", one(3))).status).toBe(400);
  });
});

describe("the pages as HTML", () => {
  test("the list shows each amendment with its clause, state, status, support and dates, and a filter form", async () => {
    const data = await routeData(listRoute.loader, getRequest(path(), { cookie: cookies.norway }), params());
    const html = render(listRoute.default, data);
    expect(html).toContain("Propose an amendment");
    expect(html).toContain(`href="${path("/1")}"`);
    expect(html).toMatch(/Clause 2\.1/);
    expect(html).toContain('name="status"');
    expect(html).toMatch(/1 objection/);
    expect(html).toContain("<time");
  });

  test("the proposal form is prefilled from ?clause= and shows its messages after a refusal", async () => {
    const data = await routeData(newRoute.loader, getRequest(path(`/new?clause=${CONSULT}`), { cookie: cookies.norway }), params());
    const html = render(newRoute.default, data);
    expect(html).toContain(`<option value="${CONSULT}" selected="">`);
    expect(html).toContain(consultText().slice(0, 40));
    expect(html).toContain("Save as draft");
    const failure = (await (await propose("norway", { justification: "" })).json()) as unknown;
    const failed = render(newRoute.default, data, failure);
    expect(failed).toContain("There is a problem");
    expect(failed).toContain('href="#field-justification"');
    expect(failed).toContain('aria-invalid="true"');
  });

  test("an amendment shows its change with <ins> and <del>, its positions, history and the chair's forms", async () => {
    await propose("norway", { proposedText: consultText().replace("academic researchers", "scholars"), intent: "submit" });
    const data = await routeData(amendmentRoute.loader, getRequest(path("/4"), { cookie: cookies.chair }), one(4));
    const html = render(amendmentRoute.default, data);
    expect(html).toMatch(/<del><span class="visually-hidden">\[deleted: <\/span>academic<span/);
    expect(html).toMatch(/<ins><span class="visually-hidden">\[inserted: <\/span>scholars<span/);
    expect(html).toContain("Accept amendment 4");
    expect(html).toContain("Reject amendment 4");
    expect(html).toContain("History");
    expect(html).toContain("Amendment 4 to clause 2.1");

    await editConsult("academic researchers", "researchers");
    const stale = await routeData(amendmentRoute.loader, getRequest(path("/4"), { cookie: cookies.canada }), one(4));
    const staleHtml = render(amendmentRoute.default, stale);
    expect(staleHtml).toContain("no longer applies as proposed");
    expect(staleHtml).toContain("Record position");
  });
});
