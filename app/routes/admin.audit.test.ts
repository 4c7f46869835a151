import { beforeAll, describe, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { recordAuditEvent } from "../models/audit.server";
import { recordParticipation } from "../models/participation.server";
import { addState } from "../models/state.server";
import { callRoute, createPerson, getRequest, openTestSession } from "../testing/routes";
import * as auditRoute from "./admin.audit";

const chair = createPerson({ email: "chair@example.org", name: "Chair of the initiative", role: "chair" }).user;
const actor = { userId: chair.id, ipAddress: "192.0.2.7" };

interface AuditPage {
  errors: Record<string, string[]> | null;
  events: { id: number; action: string; at: string; stateCode: string | null; details: { label: string; value: string }[] }[];
  olderLink: string | null;
  newestLink: string | null;
  unknownActor: boolean;
}

beforeAll(() => {
  setClock(() => Date.parse("2021-12-10T09:00:00Z"));
  addState(actor, { code: "US" });
  addState(actor, { code: "DK" });
  setClock(() => Date.parse("2021-12-11T23:59:59Z"));
  recordParticipation(actor, { stateCode: "DK", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
  setClock(() => Date.parse("2023-03-30T12:00:00Z"));
  recordParticipation(actor, { stateCode: "US", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
  setClock(null);
});

async function audit(search: string): Promise<{ status: number; page: AuditPage }> {
  const { cookie } = await openTestSession(chair.id);
  const response = await callRoute(auditRoute.loader, getRequest(`/admin/audit${search}`, { cookie }));
  return { status: response.status, page: (await response.json()) as AuditPage };
}

describe("the audit trail", () => {
  test("shows events newest first, with their details readable", async () => {
    const { status, page } = await audit("?action=participation.recorded");
    expect(status).toBe(200);
    expect(page.events.map((event) => [event.stateCode, event.at])).toEqual([
      ["US", "2023-03-30 12:00:00 UTC"],
      ["DK", "2021-12-11 23:59:59 UTC"],
    ]);
    expect(page.events[0]?.details).toContainEqual({ label: "state code", value: "US" });
  });

  test("filters by action prefix, state and dates (both ends inclusive)", async () => {
    expect((await audit("?action=state.")).page.events.map((event) => event.action)).toEqual(["state.added", "state.added"]);
    expect((await audit("?action=participation")).page.events).toHaveLength(2);
    expect((await audit("?state=dk")).page.events.map((event) => event.action)).toEqual(["participation.recorded", "state.added"]);
    expect((await audit("?from=2021-12-11&to=2021-12-11")).page.events.map((event) => event.action)).toEqual(["participation.recorded"]);
    expect((await audit("?from=2021-12-10&to=2021-12-10")).page.events).toHaveLength(2);
    expect((await audit("?from=2023-03-30&action=participation.")).page.events).toHaveLength(1);
    expect((await audit("?state=US&to=2022-12-31")).page.events.map((event) => event.action)).toEqual(["state.added"]);
  });

  test("filters by the email of who acted; an unknown email shows nothing", async () => {
    expect((await audit("?actor=CHAIR@example.org&action=state.")).page.events).toHaveLength(2);
    const unknown = await audit("?actor=nobody@example.org");
    expect(unknown.page).toMatchObject({ unknownActor: true, events: [] });
  });

  test("bad filter values are a 400 with a message per field, not a server error", async () => {
    const { status, page } = await audit("?from=2021-13-01&to=yesterday&state=Norway&actor=not-an-email&before=x");
    expect(status).toBe(400);
    expect(Object.keys(page.errors ?? {}).sort()).toEqual(["actor", "before", "from", "state", "to"]);
    expect(page.events).toEqual([]);
    const reversed = await audit("?from=2023-01-02&to=2023-01-01");
    expect(reversed.status).toBe(400);
    expect(reversed.page.errors?.to?.[0]).toMatch(/after the start date/);
  });

  test("pages through older events with `before`", async () => {
    for (let index = 0; index < 60; index += 1) recordAuditEvent(actor, { action: "test.paging", details: { index } });
    const first = await audit("?action=test.paging");
    expect(first.page.events).toHaveLength(50);
    expect(first.page.olderLink).toBe(`/admin/audit?action=test.paging&before=${first.page.events[49]!.id}`);
    expect(first.page.newestLink).toBeNull();
    const second = await audit(first.page.olderLink!.replace("/admin/audit", ""));
    expect(second.page.events).toHaveLength(10);
    expect(second.page.events[0]!.id).toBe(first.page.events[49]!.id - 1);
    expect(second.page.olderLink).toBeNull();
    expect(second.page.newestLink).toBe("/admin/audit?action=test.paging");
  });
});
