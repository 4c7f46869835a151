import { describe, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { listAuditEvents } from "../models/audit.server";
import { listParticipationHistory } from "../models/participation.server";
import { getState, listStates } from "../models/state.server";
import { callRoute, createPerson, formRequest, getRequest, routeData, openTestSession } from "../testing/routes";
import * as stateRoute from "./admin.states.$code";
import * as statesRoute from "./admin.states._index";

const chair = createPerson({ email: "chair@example.org", name: "Chair of the initiative", role: "chair" }).user;

// Each request comes from a session of its own, opened for the chair.
async function get(path: string): Promise<Request> {
  return getRequest(path, { cookie: (await openTestSession(chair.id)).cookie });
}

async function post(path: string, fields: Record<string, string>): Promise<Request> {
  return formRequest(path, fields, { cookie: (await openTestSession(chair.id)).cookie });
}

async function addState(fields: Record<string, string>): Promise<Response> {
  return callRoute(statesRoute.action, await post("/admin/states", fields));
}

async function recordStatus(code: string, fields: Record<string, string>): Promise<Response> {
  return callRoute(stateRoute.action, await post(`/admin/states/${code}`, fields), { params: { code } });
}

describe("adding a state", () => {
  test("by its code takes the name from the country tables and redirects to its page", async () => {
    const response = await addState({ code: "no", status: "", effectiveDate: "", sourceNote: "" });
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/admin/states/NO?notice=state-added");
    expect(getState("NO")?.name).toBe("Norway");
    expect(listParticipationHistory("NO")).toEqual([]);
  });

  test("with a first status records it", async () => {
    setClock(() => Date.parse("2022-02-01T10:00:00Z"));
    const response = await addState({ code: "AU", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
    expect(response.headers.get("Location")).toBe("/admin/states/AU?notice=state-added");
    expect(listParticipationHistory("AU").map((entry) => entry.status)).toEqual(["committed"]);
  });

  test("an unknown code, a duplicate or a status without date and source is a 400 and changes nothing", async () => {
    const before = { states: listStates().length, events: listAuditEvents({ limit: 500 }).length };

    const unknown = await addState({ code: "ZZ" });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors.code[0]).toMatch(/not a country code/);

    const duplicate = await addState({ code: "NO" });
    expect(duplicate.status).toBe(400);
    const body = await duplicate.json();
    expect(body.errors.code[0]).toMatch(/Norway is already a participating state/);
    expect(body.values.code).toBe("NO");

    const incomplete = await addState({ code: "DK", status: "committed", effectiveDate: "", sourceNote: "" });
    expect(incomplete.status).toBe(400);
    expect(Object.keys((await incomplete.json()).errors).sort()).toEqual(["effectiveDate", "sourceNote"]);

    const badDate = await addState({ code: "DK", status: "committed", effectiveDate: "2021-02-30", sourceNote: "x" });
    expect(badDate.status).toBe(400);
    expect((await badDate.json()).errors.effectiveDate).toEqual(["Enter a real date"]);

    const empty = await addState({});
    expect(empty.status).toBe(400);
    expect((await empty.json()).errors.code).toEqual(["Choose a country"]);

    expect(listStates().length).toBe(before.states);
    expect(listAuditEvents({ limit: 500 }).length).toBe(before.events);
  });

  test("the page lists states with their status and offers only countries not yet added", async () => {
    const data = await routeData(statesRoute.loader, await get("/admin/states"));
    expect(data.states.map((state) => [state.code, state.status])).toEqual([
      ["AU", "committed"],
      ["NO", null],
    ]);
    const codes = data.countries.map((country) => country.code);
    expect(codes).toContain("XK");
    expect(codes).not.toContain("NO");
  });
});

describe("a state's page", () => {
  test("answers 404 for an unknown or lower-case code", async () => {
    for (const code of ["no", "ZZ", "NOR"]) {
      const response = await callRoute(stateRoute.loader, await get(`/admin/states/${code}`), { params: { code } });
      expect(response.status).toBe(404);
    }
    const response = await recordStatus("no", { status: "committed", effectiveDate: "2021-12-10", sourceNote: "x" });
    expect(response.status).toBe(404);
  });

  test("records a change of status, keeps the history and shows the current status", async () => {
    setClock(() => Date.parse("2023-03-30T10:00:00Z"));
    const first = await recordStatus("NO", { status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/admin/states/NO?notice=participation-recorded");
    await recordStatus("NO", { status: "observer", effectiveDate: "2021-06-01", sourceNote: "Earlier meeting record" });

    const data = await routeData(stateRoute.loader, await get("/admin/states/NO"), { params: { code: "NO" } });
    expect(data.state).toEqual({ code: "NO", name: "Norway" });
    expect(data.standing).toMatchObject({ status: "committed", since: "2021-12-10" });
    expect(data.history.map((entry) => [entry.effectiveDate, entry.status, entry.recordedByName])).toEqual([
      ["2021-12-10", "committed", "Chair of the initiative"],
      ["2021-06-01", "observer", "Chair of the initiative"],
    ]);
    expect(data.history[0]?.recordedAt).toBe("2023-03-30 10:00 UTC");
  });

  test("refuses a future date, an empty source or an unknown status with field messages", async () => {
    setClock(() => Date.parse("2023-03-30T10:00:00Z"));
    const before = listParticipationHistory("NO").length;
    const future = await recordStatus("NO", { status: "withdrawn", effectiveDate: "2023-03-31", sourceNote: "Announcement" });
    expect(future.status).toBe(400);
    expect((await future.json()).errors.effectiveDate[0]).toMatch(/later than today/);
    const noSource = await recordStatus("NO", { status: "withdrawn", effectiveDate: "2023-03-01", sourceNote: " " });
    expect(noSource.status).toBe(400);
    expect((await noSource.json()).errors.sourceNote).toBeDefined();
    const badStatus = await recordStatus("NO", { status: "friendly", effectiveDate: "2023-03-01", sourceNote: "x" });
    expect(badStatus.status).toBe(400);
    expect((await badStatus.json()).errors.status).toEqual(["Choose a status from the list"]);
    expect(listParticipationHistory("NO")).toHaveLength(before);
  });

  test("lists the people who act for the state", async () => {
    const delegate = createPerson({ email: "delegate@example.no", name: "Norwegian delegate", role: "delegate", stateCode: "NO" }).user;
    const data = await routeData(stateRoute.loader, await get("/admin/states/NO"), { params: { code: "NO" } });
    expect(data.members).toEqual([
      expect.objectContaining({ userId: delegate.id, name: "Norwegian delegate", role: "delegate", disabled: false }),
    ]);
  });
});
