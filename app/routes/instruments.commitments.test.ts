// The commitments and reports pages for each kind of person: the chair adds commitments and sees the
// matrix; a delegate files reports for their own state; everyone else reads, and is refused the forms.
import { createElement, type ComponentType, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, expect, test, vi } from "vitest";
import type { EditionRow } from "../../db/schema";
import { clauseAnchor, demoFirstEdition, updateYDoc } from "../../editor";
import { config } from "../lib/env.server";
import { listCommitments, reportHistory } from "../models/commitment.server";
import { editDocument } from "../models/document.server";
import { adoptEdition, editionClauses, type EditionClause } from "../models/edition.server";
import { addState } from "../models/state.server";
import { recordPaperPledge } from "../models/pledge.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { saveVersion } from "../models/version.server";
import { createDraft, personWith } from "../testing/drafts";
import { callRoute, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import { confirmationFor } from "../testing/second-factor";
import * as commitmentRoute from "./instruments.$slug.editions.$number.commitments.$commitment";
import * as commitmentsRoute from "./instruments.$slug.editions.$number.commitments._index";
import * as reportsRoute from "./instruments.$slug.editions.$number.reports";

// The pages are rendered to HTML with the data their loader and action returned, as the server would
// send them, with Remix's components standing in as plain elements.
const remix = vi.hoisted(() => ({ loaderData: undefined as unknown, actionData: undefined as unknown }));
vi.mock("@remix-run/react", () => {
  type Props = Record<string, unknown> & { children?: ReactNode };
  const form = ({ children, ...rest }: Props) => createElement("form", rest, children);
  const link = ({ children, to, ...rest }: Props) => createElement("a", { href: to, ...rest }, children);
  return {
    Form: form,
    Link: link,
    useLoaderData: () => remix.loaderData,
    useActionData: () => remix.actionData,
    useNavigation: () => ({ state: "idle" }),
  };
});

function render(page: ComponentType, loaderData: unknown, actionData?: unknown): string {
  remix.loaderData = JSON.parse(JSON.stringify(loaderData)) as unknown;
  remix.actionData = actionData;
  return renderToString(createElement(page)).replaceAll("<!-- -->", "");
}

let slug = "";
let edition: EditionRow;
let clauses: EditionClause[] = [];
const cookies = { chair: "", norway: "", denmark: "", signer: "", observer: "" };

beforeAll(async () => {
  openTransparencyLog(config());
  const { instrument, document } = createDraft();
  slug = instrument.slug;
  const chair = personWith("chair");
  // The demo draft has one bracket; the adopted text has none.
  await editDocument(document.name, chair.userId, (ydoc) => updateYDoc(ydoc, demoFirstEdition()));
  const version = saveVersion(chair.actor, document, { name: "Agreed text", note: "" });
  edition = adoptEdition(chair.actor, confirmationFor(chair.actor), {
    instrumentId: instrument.id,
    versionNumber: version.number,
    title: "First edition",
    adoptedOn: "2026-03-30",
  });
  clauses = editionClauses(edition);
  addState(SYSTEM_ACTOR, { code: "FI" });
  cookies.chair = (await openTestSession(chair.userId)).cookie;
  cookies.norway = (await openTestSession(personWith("delegate", "NO").userId)).cookie;
  cookies.denmark = (await openTestSession(personWith("delegate", "DK").userId)).cookie;
  cookies.signer = (await openTestSession(personWith("signer", "NO").userId)).cookie;
  cookies.observer = (await openTestSession(personWith("observer").userId)).cookie;
});

const base = (number = "1") => `/instruments/${slug}/editions/${number}/commitments`;
const params = (extra: Record<string, string> = {}) => ({ params: { slug, number: "1", ...extra } });

/** The add form as a browser sends it: one `clauseIds` pair per ticked box. */
function addRequest(fields: { title: string; description?: string; clauseIds: string[] }, cookie: string, path = base()): Request {
  const body = new URLSearchParams({ title: fields.title, description: fields.description ?? "" });
  for (const id of fields.clauseIds) body.append("clauseIds", id);
  return new Request(new URL(path, "http://localhost"), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookie },
    body,
  });
}

function clause(index: number): EditionClause {
  const found = clauses[index];
  if (!found) throw new Error(`the demo edition has no clause at index ${index}`);
  return found;
}

const REPORT = { state: "NO", status: "in-progress", narrative: "Guidance for licensing officers is being revised.", evidenceLinks: "", reportDate: "2026-04-15" };

test("only the chair adds a commitment; bad input gets the field's message and writes nothing", async () => {
  const valid = { title: "Human rights in export reviews", clauseIds: [clause(2).id, clause(0).id] };
  for (const who of ["norway", "signer", "observer"] as const) {
    const refused = await callRoute(commitmentsRoute.action, addRequest(valid, cookies[who]), params());
    expect(refused.status).toBe(403);
  }
  const cases: [Partial<typeof valid>, string, string][] = [
    [{ clauseIds: [] }, "clauseIds", "Choose at least one clause the commitment comes from"],
    [{ clauseIds: ["made-up-clause"] }, "clauseIds", "“made-up-clause” is not a clause of this edition"],
    [{ title: " " }, "title", "Enter a title for the commitment"],
  ];
  for (const [change, field, message] of cases) {
    const bad = await callRoute(commitmentsRoute.action, addRequest({ ...valid, ...change }, cookies.chair), params());
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ errors: { [field]: [message] } });
  }
  expect(listCommitments(edition.id)).toEqual([]);

  const added = await callRoute(commitmentsRoute.action, addRequest(valid, cookies.chair), params());
  expect(added.status).toBe(303);
  expect(added.headers.get("Location")).toBe(`${base()}/1?notice=commitment-added`);
  expect(listCommitments(edition.id).map((commitment) => commitment.clauses.map((entry) => entry.id))).toEqual([[clause(0).id, clause(2).id]]);

  const missing = await callRoute(commitmentsRoute.action, addRequest(valid, cookies.chair, base("9")), params({ number: "9" }));
  expect(missing.status).toBe(404);
});

test("the list links each commitment's clauses into the edition; the chair gets the form and the matrix", async () => {
  const delegate = await routeData(commitmentsRoute.loader, getRequest(base(), { cookie: cookies.norway }), params());
  expect(delegate.commitments).toHaveLength(1);
  expect(delegate.commitments[0]?.clauses).toEqual([
    { number: clause(0).number, anchor: `clause-${clauseAnchor(clause(0).number)}` },
    { number: clause(2).number, anchor: `clause-${clauseAnchor(clause(2).number)}` },
  ]);
  expect(delegate.commitments[0]?.own).toEqual([{ state: "Norway", status: null, reportDate: null }]);
  expect([delegate.canDefine, delegate.canOverview, delegate.clauses]).toEqual([false, false, []]);

  const chair = await routeData(commitmentsRoute.loader, getRequest(base(), { cookie: cookies.chair }), params());
  expect([chair.canDefine, chair.canOverview]).toEqual([true, true]);
  expect(chair.clauses).toEqual(clauses);
  expect(chair.commitments[0]?.own).toEqual([]);

  const delegatePage = render(commitmentsRoute.default, delegate);
  expect(delegatePage).toContain(`href="/instruments/${slug}/editions/1#clause-${clauseAnchor(clause(2).number)}"`);
  expect(delegatePage).toContain("not reported yet");
  expect(delegatePage).toContain(`href="${base()}/1#report"`);
  expect(delegatePage).not.toContain("<form");

  // A refused form comes back with its message beside the field and every ticked clause still ticked.
  const refused = await callRoute(commitmentsRoute.action, addRequest({ title: "", clauseIds: [clause(0).id, clause(1).id] }, cookies.chair), params());
  const chairPage = render(commitmentsRoute.default, chair, await refused.json());
  expect(chairPage).toContain("<legend>Clauses it comes from</legend>");
  expect(chairPage.match(/type="checkbox"/g)).toHaveLength(clauses.length);
  expect(chairPage.match(/type="checkbox"[^>]*checked/g)).toHaveLength(2);
  expect(chairPage).toMatch(/id="field-title-error"><span class="visually-hidden">Error: <\/span>Enter a title for the commitment/);
  expect(chairPage).toContain(`href="/instruments/${slug}/editions/1/reports"`);

  const missing = await callRoute(commitmentsRoute.loader, getRequest(base("9"), { cookie: cookies.norway }), params({ number: "9" }));
  expect(missing.status).toBe(404);
  const anonymous = await callRoute(commitmentsRoute.loader, getRequest(base()), params());
  expect(anonymous.status).toBe(302);
});

test("a delegate files a report for their own state; bad input is refused beside its field and nothing is written", async () => {
  const path = `${base()}/1`;
  const filed = await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, evidenceLinks: "https://example.org/guidance\n\n" }, { cookie: cookies.norway }), params({ commitment: "1" }));
  expect(filed.status).toBe(303);
  expect(filed.headers.get("Location")).toBe(`${path}?notice=report-filed`);

  const cases: [Record<string, string>, string, RegExp][] = [
    [{ evidenceLinks: "https://example.org/ok\nhttp://example.org/plain" }, "evidenceLinks", /“http:\/\/example.org\/plain” is not an https:\/\/ address/],
    [{ evidenceLinks: "javascript:alert(1)" }, "evidenceLinks", /“javascript:alert\(1\)”/],
    [{ status: "" }, "status", /Choose the state of implementation/],
    [{ narrative: "" }, "narrative", /Describe how/],
    [{ reportDate: "2999-01-01" }, "reportDate", /cannot be in the future/],
    [{ reportDate: "2026-03-01" }, "reportDate", /before the edition was adopted/],
  ];
  for (const [change, field, message] of cases) {
    const bad = await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, ...change }, { cookie: cookies.norway }), params({ commitment: "1" }));
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { errors: Record<string, string[]> };
    expect(body.errors[field]?.join(" ")).toMatch(message);
  }

  // A long report comes back in full with the message, to be corrected rather than typed again.
  const long = "The licensing authority reviewed its guidance. ".repeat(60);
  const kept = await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, narrative: long, evidenceLinks: "www.example.org" }, { cookie: cookies.norway }), params({ commitment: "1" }));
  expect(kept.status).toBe(400);
  expect(await kept.json()).toMatchObject({ errors: { evidenceLinks: [expect.stringContaining("“www.example.org” is not a full address")] }, values: { narrative: long } });

  const forDenmark = await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, state: "DK" }, { cookie: cookies.norway }), params({ commitment: "1" }));
  expect(forDenmark.status).toBe(403);
  for (const who of ["signer", "observer", "chair"] as const) {
    const refused = await callRoute(commitmentRoute.action, formRequest(path, REPORT, { cookie: cookies[who] }), params({ commitment: "1" }));
    expect(refused.status).toBe(403);
  }
  expect(reportHistory(listCommitments(edition.id)[0]?.id ?? 0, "NO")).toHaveLength(1);
  expect(reportHistory(listCommitments(edition.id)[0]?.id ?? 0, "DK")).toHaveLength(0);

  for (const [number, commitment] of [["1", "9"], ["9", "1"]] as const) {
    const missing = await callRoute(commitmentRoute.action, formRequest(`${base(number)}/${commitment}`, REPORT, { cookie: cookies.norway }), params({ number, commitment }));
    expect(missing.status).toBe(404);
  }
});

test("the commitment page shows every state's current report, the viewer's history and, for a delegate, the form", async () => {
  const path = `${base()}/1`;
  await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, status: "implemented", reportDate: "2026-05-02" }, { cookie: cookies.norway }), params({ commitment: "1" }));
  await callRoute(commitmentRoute.action, formRequest(path, { ...REPORT, state: "", status: "not-started" }, { cookie: cookies.denmark }), params({ commitment: "1" }));

  const norway = await routeData(commitmentRoute.loader, getRequest(path, { cookie: cookies.norway }), params({ commitment: "1" }));
  expect(norway.commitment.clauses.map((entry) => entry.excerpt)).toEqual([clause(0).excerpt, clause(2).excerpt]);
  expect(norway.current.map((report) => [report.state, report.status, report.reportDate])).toEqual([
    ["Denmark", "Not started", "15 April 2026"],
    ["Norway", "Implemented", "2 May 2026"],
  ]);
  expect(norway.histories).toHaveLength(1);
  expect(norway.histories[0]?.reports.map((report) => [report.status, report.evidenceLinks])).toEqual([
    ["Implemented", []],
    ["In progress", ["https://example.org/guidance"]],
  ]);
  expect(norway.reportStates).toEqual([{ code: "NO", name: "Norway" }]);
  const norwayPage = render(commitmentRoute.default, norway);
  expect(norwayPage).toContain('<a href="https://example.org/guidance" rel="noopener noreferrer">');
  expect(norwayPage).toContain("File a report for Norway");
  expect(norwayPage.match(/type="radio" id="report-status-[a-z-]+" name="status"/g)).toHaveLength(3);
  expect(norwayPage).toContain(`name="reportDate" type="date"`);
  expect(norwayPage).toContain(`value="${norway.today}"`);

  const observer = await routeData(commitmentRoute.loader, getRequest(path, { cookie: cookies.observer }), params({ commitment: "1" }));
  expect([observer.histories, observer.reportStates]).toEqual([[], []]);
  expect(observer.current).toHaveLength(2);
  expect(render(commitmentRoute.default, observer)).not.toContain("<form");
  const missing = await callRoute(commitmentRoute.loader, getRequest(`${base()}/9`, { cookie: cookies.observer }), params({ commitment: "9" }));
  expect(missing.status).toBe(404);
});

test("the chair's matrix lists the states that pledged or reported, those without any report last, with counts per commitment", async () => {
  const path = `/instruments/${slug}/editions/1/reports`;
  // Finland pledged and has not reported; Sweden neither pledged nor reported, so it is not a row.
  const chair = personWith("chair");
  recordPaperPledge(chair.actor, confirmationFor(chair.actor), { editionId: edition.id, stateCode: "FI", kind: "subscription", effectiveDate: edition.adoptedOn });
  addState(SYSTEM_ACTOR, { code: "SE" });
  for (const who of ["norway", "signer", "observer"] as const) {
    const refused = await callRoute(reportsRoute.loader, getRequest(path, { cookie: cookies[who] }), params());
    expect(refused.status).toBe(403);
  }
  const matrix = await routeData(reportsRoute.loader, getRequest(path, { cookie: cookies.chair }), params());
  expect(matrix.commitments).toEqual([{ number: 1, title: "Human rights in export reviews" }]);
  expect(matrix.rows.map((row) => [row.state, row.cells.map((cell) => cell && `${cell.label}, ${cell.date}`)])).toEqual([
    ["Denmark", ["Not started, 15 April 2026"]],
    ["Norway", ["Implemented, 2 May 2026"]],
    ["Finland", [null]],
  ]);
  expect(matrix.counts).toEqual([{ "not-started": 1, "in-progress": 0, implemented: 1, none: 1 }]);
  const page = render(reportsRoute.default, matrix);
  expect(page).toContain("<caption>");
  expect(page).toContain('<th scope="row">Finland</th><td class="muted">No report</td>');
  expect(page).toMatch(/<th scope="row">Norway<\/th><td class="report-status report-status--implemented">Implemented<span class="report-status__date"><time dateTime="2026-05-02">2 May 2026<\/time>/);
  expect(page).toContain("<li>No report: 1</li>");
  const missing = await callRoute(reportsRoute.loader, getRequest(path.replace("/1/", "/9/"), { cookie: cookies.chair }), params({ number: "9" }));
  expect(missing.status).toBe(404);
});
