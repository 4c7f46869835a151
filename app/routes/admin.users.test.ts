import { describe, expect, test } from "vitest";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { listMemberships } from "../models/membership.server";
import { createSession, findLiveSession, listSessions } from "../models/session.server";
import { addState } from "../models/state.server";
import { createUser, getUser } from "../models/user.server";
import { callRoute, createPerson, formRequest, getRequest, routeData, openTestSession } from "../testing/routes";
import * as personRoute from "./admin.users.$userId";
import * as peopleRoute from "./admin.users._index";

const { user: chair, membership: chairRole } = createPerson({
  email: "chair@example.org",
  name: "Chair of the initiative",
  passwordHash: "x",
  role: "chair",
});
addState(SYSTEM_ACTOR, { code: "NO" });
const { user: delegate, membership: delegateRole } = createPerson({
  email: "delegate@example.no",
  name: "Norwegian delegate",
  passwordHash: "x",
  role: "delegate",
  stateCode: "NO",
});

async function act(userId: string | number, fields: Record<string, string>): Promise<Response> {
  const { cookie } = await openTestSession(chair.id);
  return callRoute(personRoute.action, formRequest(`/admin/users/${userId}`, fields, { cookie }), { params: { userId: String(userId) } });
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBe(400);
  return ((await response.json()) as { errors: Record<string, string[]> }).errors;
}

describe("the people page", () => {
  test("lists everyone with roles and account status", async () => {
    createUser(SYSTEM_ACTOR, { email: "invited@example.org", name: "Invited person" });
    const { cookie } = await openTestSession(chair.id);
    const data = await routeData(peopleRoute.loader, getRequest("/admin/users", { cookie }));
    expect(data.people.map((person) => [person.email, person.status, person.roles.map((role) => role.label)])).toEqual([
      ["chair@example.org", "Active", ["Chair"]],
      ["delegate@example.no", "Active", ["Delegate for Norway"]],
      ["invited@example.org", "Invited, no password yet", []],
    ]);
  });
});

describe("a person's page", () => {
  test("answers 404 for a non-numeric or unknown id", async () => {
    for (const id of ["abc", "0", "999", "1.5", "-1"]) {
      const { cookie } = await openTestSession(chair.id);
      expect((await callRoute(personRoute.loader, getRequest(`/admin/users/${id}`, { cookie }), { params: { userId: id } })).status).toBe(404);
      expect((await act(id, { intent: "disable" })).status).toBe(404);
    }
  });

  test("refuses to remove the last chair", async () => {
    const errors = await errorsOf(await act(chair.id, { intent: "revoke", membershipId: String(chairRole.id) }));
    expect(errors[""]?.[0]).toMatch(/last chair/);
    expect(listMemberships(chair.id).map((membership) => membership.role)).toEqual(["chair"]);
  });

  test("a membership that belongs to someone else is a 404", async () => {
    const response = await act(chair.id, { intent: "revoke", membershipId: String(delegateRole.id) });
    expect(response.status).toBe(404);
    expect(listMemberships(delegate.id)).toHaveLength(1);
  });

  test("grants a role, refuses a role that does not fit the state, and refuses a duplicate", async () => {
    const granted = await act(delegate.id, { intent: "grant", role: "signer", stateCode: "NO" });
    expect(granted.headers.get("Location")).toBe(`/admin/users/${delegate.id}?notice=membership-added`);
    expect(listMemberships(delegate.id).map((membership) => membership.role).sort()).toEqual(["delegate", "signer"]);

    expect((await errorsOf(await act(delegate.id, { intent: "grant", role: "chair", stateCode: "NO" }))).stateCode?.[0]).toMatch(
      /not for a state/,
    );
    expect((await errorsOf(await act(delegate.id, { intent: "grant", role: "signer", stateCode: "" }))).stateCode?.[0]).toMatch(
      /Choose the state/,
    );
    expect((await errorsOf(await act(delegate.id, { intent: "grant", role: "signer", stateCode: "NO" }))).role?.[0]).toMatch(
      /already holds/,
    );
    expect((await errorsOf(await act(delegate.id, { intent: "grant", role: "king", stateCode: "" }))).role).toEqual([
      "Choose a role from the list",
    ]);
    expect((await errorsOf(await act(delegate.id, { intent: "promote" }))).intent).toBeDefined();
    expect(listMemberships(delegate.id)).toHaveLength(2);
  });

  test("removes a role once another chair exists", async () => {
    const { user: second, membership: secondRole } = createPerson({
      email: "second@example.org",
      name: "Second chair",
      passwordHash: "x",
      role: "chair",
    });
    const response = await act(second.id, { intent: "revoke", membershipId: String(secondRole.id) });
    expect(response.headers.get("Location")).toBe(`/admin/users/${second.id}?notice=membership-removed`);
    expect(listMemberships(second.id)).toEqual([]);
    const [event] = listAuditEvents({ action: "membership.revoked" });
    expect(event).toMatchObject({ actorUserId: chair.id, subjectId: String(second.id) });
  });

  test("disabling ends every session of the person; enabling lets them sign in again", async () => {
    const { token } = createSession(delegate.id);
    expect(findLiveSession(token)).not.toBeNull();
    const response = await act(delegate.id, { intent: "disable" });
    expect(response.headers.get("Location")).toBe(`/admin/users/${delegate.id}?notice=account-disabled`);
    expect(getUser(delegate.id)?.disabledAt).not.toBeNull();
    expect(listSessions(delegate.id)).toEqual([]);
    expect(findLiveSession(token)).toBeNull();

    await act(delegate.id, { intent: "enable" });
    expect(getUser(delegate.id)?.disabledAt).toBeNull();
    expect(listAuditEvents({ action: "user.", subject: `user:${delegate.id}` }).map((event) => event.action)).toEqual([
      "user.enabled",
      "user.disabled",
      "user.created",
    ]);
  });

  test("the chair cannot disable their own account", async () => {
    const errors = await errorsOf(await act(chair.id, { intent: "disable" }));
    expect(errors[""]?.[0]).toMatch(/your own account/);
    expect(getUser(chair.id)?.disabledAt).toBeNull();
  });
});
