// The silence pages for each kind of person: the list and the chair's form to start a procedure, one
// procedure with the delegate's form to break silence and the chair's form to cancel.
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import * as Y from "yjs";
import type { DocumentRow } from "../../db/schema";
import { demoDraft, documentToYDoc } from "../../editor";
import { setClock } from "../lib/clock.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { createDocument, draftDocumentName } from "../models/document.server";
import { createInstrument } from "../models/instrument.server";
import { getSilenceProcedure, listSilenceProcedures, silenceBrokenBy, startSilenceProcedure } from "../models/silence.server";
import { addState } from "../models/state.server";
import { saveVersion } from "../models/version.server";
import { callRoute, createPerson, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import * as procedureRoute from "./instruments.$slug.silence.$id";
import * as listRoute from "./instruments.$slug.silence._index";

const SLUG = "code-of-conduct";
const LIST = `/instruments/${SLUG}/silence`;
const START = Date.parse("2026-12-01T09:00:00Z");
const DAY = 86_400_000;
type Who = "delegate" | "supporter" | "signer" | "observer" | "chair";
const cookies: Record<Who, string> = { delegate: "", supporter: "", signer: "", observer: "", chair: "" };
const ids: Record<Who, number> = { delegate: 0, supporter: 0, signer: 0, observer: 0, chair: 0 };
let document: DocumentRow;
let clock = START;

beforeAll(async () => {
  setClock(() => START);
  addState(SYSTEM_ACTOR, { code: "NO", initial: { status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" } });
  addState(SYSTEM_ACTOR, { code: "CA", initial: { status: "supporter", effectiveDate: "2021-12-10", sourceNote: "Joint statement" } });
  const instrument = createInstrument(SYSTEM_ACTOR, { slug: SLUG, title: "Code of conduct", summary: "A draft under negotiation." });
  document = createDocument(SYSTEM_ACTOR, { instrumentId: instrument.id, name: draftDocumentName(SLUG), initial: Y.encodeStateAsUpdate(documentToYDoc(demoDraft())) });
  const people = {
    delegate: createPerson({ role: "delegate", stateCode: "NO", name: "Delegate of Norway" }),
    supporter: createPerson({ role: "delegate", stateCode: "CA" }),
    signer: createPerson({ role: "signer", stateCode: "NO" }),
    observer: createPerson({ role: "observer" }),
    chair: createPerson({ role: "chair" }),
  };
  for (const who of Object.keys(people) as Who[]) {
    ids[who] = people[who].user.id;
    cookies[who] = (await openTestSession(people[who].user.id)).cookie;
  }
  saveVersion({ userId: ids.chair }, document, { name: "Chair's text", note: "" });
});

beforeEach(() => {
  clock = START;
  setClock(() => clock);
});

const listParams = { params: { slug: SLUG } };
const procedureParams = (id: number) => ({ params: { slug: SLUG, id: String(id) } });

function postList(who: Who | null, fields: Record<string, string>) {
  return callRoute(listRoute.action, formRequest(LIST, fields, { cookie: who ? cookies[who] : undefined }), listParams);
}

function postProcedure(who: Who | null, id: number, fields: Record<string, string>) {
  return callRoute(procedureRoute.action, formRequest(`${LIST}/${id}`, fields, { cookie: who ? cookies[who] : undefined }), procedureParams(id));
}

function openProcedure(deadline = START + 7 * DAY): number {
  const existing = listSilenceProcedures(document.id).find((procedure) => procedure.outcome === null);
  if (existing) return existing.id;
  return startSilenceProcedure({ userId: ids.chair }, document, { versionNumber: 1, deadline, note: "" }).id;
}

describe("the list of procedures", () => {
  test("the public is sent to sign in; every member reads it; only the chair may start one", async () => {
    const page = await callRoute(listRoute.loader, getRequest(LIST), listParams);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(LIST)}`);
    for (const who of ["delegate", "signer", "observer", "chair"] as const) {
      const data = await routeData(listRoute.loader, getRequest(LIST, { cookie: cookies[who] }), listParams);
      expect(data.canRun).toBe(who === "chair");
      expect(data.versions).toEqual([{ number: 1, name: "Chair's text" }]);
    }
  });

  test("starting is refused to the public (login), a delegate, a signer and an observer (403)", async () => {
    const fields = { version: "1", deadline: "2026-12-05T12:00", note: "" };
    expect((await postList(null, fields)).status).toBe(302);
    for (const who of ["delegate", "signer", "observer"] as const) expect((await postList(who, fields)).status).toBe(403);
    expect(listSilenceProcedures(document.id)).toEqual([]);
  });

  test("bad input is a 400 with field messages and starts nothing", async () => {
    const empty = await postList("chair", {});
    expect(empty.status).toBe(400);
    expect(Object.keys((await empty.json()).errors).sort()).toEqual(["deadline", "version"]);
    const notADate = await postList("chair", { version: "1", deadline: "2026-02-30T12:00" });
    expect((await notADate.json()).errors.deadline[0]).toMatch(/real date and time in UTC/);
    const past = await postList("chair", { version: "1", deadline: "2026-11-30T12:00" });
    expect(past.status).toBe(400);
    expect((await past.json()).errors.deadline[0]).toMatch(/must be in the future/);
    const far = await postList("chair", { version: "1", deadline: "2027-03-01T12:00" });
    expect((await far.json()).errors.deadline[0]).toMatch(/at most 60 days away/);
    const unknown = await postList("chair", { version: "9", deadline: "2026-12-05T12:00" });
    expect((await unknown.json()).errors.version[0]).toMatch(/no version 9/);
    expect(listSilenceProcedures(document.id)).toEqual([]);
  });

  test("the chair starts a procedure, is sent to it, and the list shows it in UTC", async () => {
    const response = await postList("chair", { version: "1", deadline: "2026-12-05T12:00", note: "Final reading" });
    expect(response.status).toBe(303);
    const [procedure] = listSilenceProcedures(document.id);
    expect(response.headers.get("Location")).toBe(`${LIST}/${procedure?.id}`);
    const data = await routeData(listRoute.loader, getRequest(LIST, { cookie: cookies.observer }), listParams);
    expect(data.procedures[0]).toMatchObject({ deadline: "2026-12-05 12:00 UTC", state: "open: 4 days 3 hours left", version: { number: 1, name: "Chair's text" } });
    const second = await postList("chair", { version: "1", deadline: "2026-12-06T12:00" });
    expect(second.status).toBe(400);
    expect((await second.json()).errors.version[0]).toMatch(/Another silence procedure is open/);
  });
});

describe("one procedure", () => {
  test("the public is sent to sign in; members read it; an unknown number is a 404", async () => {
    const id = openProcedure();
    const page = await callRoute(procedureRoute.loader, getRequest(`${LIST}/${id}`), procedureParams(id));
    expect(page.status).toBe(302);
    const data = await routeData(procedureRoute.loader, getRequest(`${LIST}/${id}`, { cookie: cookies.delegate }), procedureParams(id));
    expect(data.breakStates).toEqual([{ code: "NO", name: "Norway" }]);
    expect(data.canCancel).toBe(false);
    const chair = await routeData(procedureRoute.loader, getRequest(`${LIST}/${id}`, { cookie: cookies.chair }), procedureParams(id));
    expect(chair).toMatchObject({ canCancel: true, breakStates: [] });
    const missing = await callRoute(procedureRoute.loader, getRequest(`${LIST}/999`, { cookie: cookies.chair }), procedureParams(999));
    expect(missing.status).toBe(404);
  });

  test("breaking silence is refused to an observer and a signer (403), for another state (403), to a supporter (400)", async () => {
    const id = openProcedure();
    for (const who of ["observer", "signer"] as const) expect((await postProcedure(who, id, { intent: "break", reason: "No" })).status).toBe(403);
    expect((await postProcedure("delegate", id, { intent: "break", state: "CA", reason: "For Canada" })).status).toBe(403);
    const supporter = await postProcedure("supporter", id, { intent: "break", reason: "No" });
    expect(supporter.status).toBe(400);
    expect((await supporter.json()).errors.reason[0]).toMatch(/Canada cannot break silence: only committed states can/);
    const empty = await postProcedure("delegate", id, {});
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors.reason).toEqual(["Enter the reason your state breaks silence"]);
    expect(silenceBrokenBy(id)).toEqual([]);
  });

  test("a committed state's delegate breaks silence and the page shows it; after the deadline it is refused", async () => {
    const id = openProcedure();
    const response = await postProcedure("delegate", id, { intent: "break", reason: "Clause 1.1 must say 'should'." });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${LIST}/${id}`);
    const data = await routeData(procedureRoute.loader, getRequest(`${LIST}/${id}`, { cookie: cookies.observer }), procedureParams(id));
    expect(data.procedure.breaks).toEqual([
      expect.objectContaining({ stateName: "Norway", userName: "Delegate of Norway", reason: "Clause 1.1 must say 'should'.", at: "2026-12-01 09:00 UTC" }),
    ]);
    const again = await postProcedure("delegate", id, { intent: "break", reason: "Twice" });
    expect(again.status).toBe(400);
    expect((await again.json()).errors.reason[0]).toMatch(/already broke silence/);
  });

  test("cancelling: 403 for a delegate, 400 without a reason, 303 and cancelled for the chair", async () => {
    const id = openProcedure();
    expect((await postProcedure("delegate", id, { intent: "cancel", reason: "No" })).status).toBe(403);
    const noReason = await postProcedure("chair", id, { intent: "cancel", reason: "" });
    expect(noReason.status).toBe(400);
    expect((await noReason.json()).errors.reason).toEqual(["Enter the reason for cancelling"]);
    expect((await postProcedure("chair", id, {})).status).toBe(400);
    const done = await postProcedure("chair", id, { intent: "cancel", reason: "A revised text follows" });
    expect(done.status).toBe(303);
    expect(getSilenceProcedure(document.id, id)?.outcome).toBe("cancelled");
    const data = await routeData(procedureRoute.loader, getRequest(`${LIST}/${id}`, { cookie: cookies.chair }), procedureParams(id));
    expect(data).toMatchObject({ open: false, canCancel: false, procedure: { state: "cancelled by the chair" } });
  });

  test("after the deadline a break is refused with the deadline named", async () => {
    const id = openProcedure(START + 10 * 60_000);
    clock = START + 10 * 60_000;
    const late = await postProcedure("delegate", id, { intent: "break", reason: "Late" });
    expect(late.status).toBe(400);
    expect((await late.json()).errors[""][0]).toMatch(/The deadline passed at 2026-12-01 09:10 UTC/);
    expect(silenceBrokenBy(id)).toEqual([]);
  });
});
