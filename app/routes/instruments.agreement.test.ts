// The agreement page for each kind of person: the matrix, the delegate's position form and the chair's
// decision form, with their refusals.
import { beforeAll, describe, expect, test } from "vitest";
import * as Y from "yjs";
import { demoDraft, documentToYDoc } from "../../editor";
import type { DocumentRow } from "../../db/schema";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { clauseHistory, positionsOf } from "../models/clause-agreement.server";
import { createDocument, draftDocumentName } from "../models/document.server";
import { createInstrument } from "../models/instrument.server";
import { recordParticipation } from "../models/participation.server";
import { addState } from "../models/state.server";
import { callRoute, createPerson, formRequest, getRequest, openTestSession, routeData } from "../testing/routes";
import * as agreementRoute from "./instruments.$slug.agreement";

const SLUG = "code-of-conduct";
const PATH = `/instruments/${SLUG}/agreement`;
type Who = "delegate" | "signer" | "observer" | "chair";
const cookies: Record<Who, string> = { delegate: "", signer: "", observer: "", chair: "" };
let document: DocumentRow;

beforeAll(async () => {
  addState(SYSTEM_ACTOR, { code: "NO", initial: { status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" } });
  addState(SYSTEM_ACTOR, { code: "CA", initial: { status: "supporter", effectiveDate: "2021-12-10", sourceNote: "Joint statement" } });
  addState(SYSTEM_ACTOR, { code: "FR" });
  recordParticipation(SYSTEM_ACTOR, { stateCode: "FR", status: "invited", effectiveDate: "2022-01-01", sourceNote: "Invitation" });
  const instrument = createInstrument(SYSTEM_ACTOR, { slug: SLUG, title: "Code of conduct", summary: "A draft under negotiation." });
  document = createDocument(SYSTEM_ACTOR, {
    instrumentId: instrument.id,
    name: draftDocumentName(SLUG),
    initial: Y.encodeStateAsUpdate(documentToYDoc(demoDraft())),
  });
  const people = {
    delegate: createPerson({ role: "delegate", stateCode: "NO" }),
    signer: createPerson({ role: "signer", stateCode: "NO" }),
    observer: createPerson({ role: "observer" }),
    chair: createPerson({ role: "chair" }),
  };
  for (const who of Object.keys(people) as Who[]) cookies[who] = (await openTestSession(people[who].user.id)).cookie;
});

const params = { params: { slug: SLUG } };

function get(who: Who) {
  return routeData(agreementRoute.loader, getRequest(PATH, { cookie: cookies[who] }), params);
}

function post(who: Who | null, fields: Record<string, string>) {
  return callRoute(agreementRoute.action, formRequest(PATH, fields, { cookie: who ? cookies[who] : undefined }), params);
}

describe("reading the matrix", () => {
  test("the public is sent to sign in, for the page and the form", async () => {
    const page = await callRoute(agreementRoute.loader, getRequest(PATH), params);
    expect(page.status).toBe(302);
    expect(page.headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(PATH)}`);
    const form = await post(null, { intent: "position", clauseId: "demo-consult", position: "supports" });
    expect(form.status).toBe(302);
    expect(form.headers.get("Location")).toMatch(/^\/login/);
  });

  test("every member sees the clauses in order against the committed states and supporters", async () => {
    for (const who of ["delegate", "signer", "observer", "chair"] as const) {
      const data = await get(who);
      expect(data.states).toEqual([
        { code: "CA", name: "Canada" },
        { code: "NO", name: "Norway" },
      ]);
      expect(data.rows[0]).toMatchObject({ id: "demo-review", number: "1.1", status: "bracketed", textAnchor: "clause-1.1" });
      expect(data.share.agreedClauses).toBe(0);
      expect(data.canDecide).toBe(who === "chair");
      expect(data.positionStates).toEqual(who === "delegate" ? [{ code: "NO", name: "Norway" }] : []);
    }
  });

  test("an unknown instrument is a 404", async () => {
    const response = await callRoute(agreementRoute.loader, getRequest("/instruments/none/agreement", { cookie: cookies.chair }), { params: { slug: "none" } });
    expect(response.status).toBe(404);
  });
});

describe("recording a position", () => {
  test("an observer and a signer are refused with 403", async () => {
    for (const who of ["observer", "signer"] as const) {
      const response = await post(who, { intent: "position", clauseId: "demo-consult", position: "supports", state: "NO" });
      expect(response.status).toBe(403);
      expect((await post(who, {})).status).toBe(403);
    }
    expect(positionsOf(document.id, "NO")).toEqual([]);
  });

  test("a delegate cannot record a position for another state", async () => {
    const response = await post("delegate", { intent: "position", clauseId: "demo-consult", position: "supports", state: "CA" });
    expect(response.status).toBe(403);
    expect(positionsOf(document.id, "CA")).toEqual([]);
  });

  test("an empty form, a missing position or an unknown clause is a 400 with messages", async () => {
    const empty = await post("delegate", {});
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors[""][0]).toMatch(/Choose a clause/);

    const noPosition = await post("delegate", { intent: "position", clauseId: "demo-consult", note: "" });
    expect(noPosition.status).toBe(400);
    expect((await noPosition.json()).errors.position).toEqual(["Choose supports, reserves or objects"]);

    const unknown = await post("delegate", { intent: "position", clauseId: "nosuchclause", position: "objects" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors.clauseId[0]).toMatch(/not in the current draft/);
    expect(positionsOf(document.id, "NO")).toEqual([]);
  });

  test("a delegate's position is recorded for their state and shows in the matrix", async () => {
    const response = await post("delegate", { intent: "position", clauseId: "demo-consult", position: "reserves", note: "Scope of consultation" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${PATH}#clause-demo-consult`);
    const row = (await get("observer")).rows.find((candidate) => candidate.id === "demo-consult");
    expect(row?.positions).toEqual({ NO: { position: "reserves", note: "Scope of consultation" } });
  });
});

describe("recording a decision", () => {
  test("the public, an observer, a delegate and a signer cannot decide", async () => {
    const fields = { intent: "decision", clauseId: "demo-consult", decision: "agreed" };
    expect((await post(null, fields)).status).toBe(302);
    for (const who of ["observer", "delegate", "signer"] as const) expect((await post(who, fields)).status).toBe(403);
    expect(clauseHistory(document.id, "demo-consult").decisions).toEqual([]);
  });

  test("an empty form or agreement on a bracketed clause is a 400 with messages", async () => {
    expect((await post("chair", {})).status).toBe(400);
    const noDecision = await post("chair", { intent: "decision", clauseId: "demo-consult" });
    expect(noDecision.status).toBe(400);
    expect((await noDecision.json()).errors.decision).toEqual(["Choose open, agreed ad referendum or agreed"]);

    const bracketed = await post("chair", { intent: "decision", clauseId: "demo-review", decision: "agreed" });
    expect(bracketed.status).toBe(400);
    const body = await bracketed.json();
    expect(body.errors.decision[0]).toMatch(/^Remove the square brackets first: clause 1\.1/);
    expect(body.values).toMatchObject({ intent: "decision", clauseId: "demo-review" });
    expect(clauseHistory(document.id, "demo-review").decisions).toEqual([]);
  });

  test("the chair's decision changes the clause's status and the agreed share", async () => {
    const response = await post("chair", { intent: "decision", clauseId: "demo-consult", decision: "agreed", note: "Agreed in the second round" });
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe(`${PATH}#clause-demo-consult`);
    const data = await get("delegate");
    expect(data.rows.find((row) => row.id === "demo-consult")).toMatchObject({ status: "agreed", decisionNote: "Agreed in the second round" });
    expect(data.share.agreedClauses).toBe(1);
    expect(data.share.agreedChars).toBeGreaterThan(0);
  });
});
