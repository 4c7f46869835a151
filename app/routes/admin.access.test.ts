// Every administration loader and action checks its own permission: a delegate's session gets a
// 403 and the public a sign-in redirect, whichever route is called directly, and nothing changes.
import { describe, expect, test } from "vitest";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { grantMembership } from "../models/membership.server";
import { addState, listStates } from "../models/state.server";
import { createPerson, formRequest, getRequest, openTestSession, testContext, type RouteHandler } from "../testing/routes";
import * as layout from "./admin";
import * as overview from "./admin._index";
import * as audit from "./admin.audit";
import * as invitationsRoute from "./admin.invitations";
import * as stateRoute from "./admin.states.$code";
import * as statesRoute from "./admin.states._index";
import * as personRoute from "./admin.users.$userId";
import * as peopleRoute from "./admin.users._index";

const context = testContext();
addState(SYSTEM_ACTOR, { code: "NO" });
const chair = createPerson({ email: "chair@example.org", name: "Chair of the initiative", role: "chair" }).user;
const delegate = createPerson({ email: "delegate@example.no", name: "Norwegian delegate", role: "delegate", stateCode: "NO" }).user;
grantMembership(SYSTEM_ACTOR, { userId: delegate.id, role: "signer", stateCode: "NO" });

const LOADERS: [string, RouteHandler, Record<string, string>][] = [
  ["/admin", layout.loader, {}],
  ["/admin", overview.loader, {}],
  ["/admin/states", statesRoute.loader, {}],
  ["/admin/states/NO", stateRoute.loader, { code: "NO" }],
  ["/admin/users", peopleRoute.loader, {}],
  [`/admin/users/${chair.id}`, personRoute.loader, { userId: String(chair.id) }],
  ["/admin/audit", audit.loader, {}],
  ["/admin/invitations", invitationsRoute.loader, {}],
];

const ACTIONS: [string, RouteHandler, Record<string, string>, Record<string, string>][] = [
  ["/admin/states", statesRoute.action, {}, { code: "DK", status: "committed", effectiveDate: "2021-12-10", sourceNote: "x" }],
  ["/admin/states/NO", stateRoute.action, { code: "NO" }, { status: "withdrawn", effectiveDate: "2022-01-01", sourceNote: "x" }],
  [`/admin/users/${delegate.id}`, personRoute.action, { userId: String(delegate.id) }, { intent: "grant", role: "chair", stateCode: "" }],
  [`/admin/users/${delegate.id}`, personRoute.action, { userId: String(delegate.id) }, { intent: "revoke", membershipId: "1" }],
  [`/admin/users/${chair.id}`, personRoute.action, { userId: String(chair.id) }, { intent: "disable" }],
  [`/admin/users/${chair.id}`, personRoute.action, { userId: String(chair.id) }, { intent: "enable" }],
  ["/admin/invitations", invitationsRoute.action, {}, { intent: "create", email: "new@example.org", role: "chair", stateCode: "" }],
];

/** The refusal a guard throws; a handler that answers instead fails the test. */
async function thrown(pending: unknown): Promise<Response> {
  try {
    await pending;
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("the handler answered instead of refusing");
}

describe("administration access", () => {
  test("a delegate's session gets 403 from every loader", async () => {
    const { cookie } = await openTestSession(delegate.id);
    for (const [path, loader, params] of LOADERS) {
      const response = await thrown(loader({ request: getRequest(path, { cookie }), params, context }));
      expect(response.status, path).toBe(403);
    }
  });

  test("a delegate's session gets 403 from every action, and nothing changes", async () => {
    const { cookie } = await openTestSession(delegate.id);
    const events = listAuditEvents({ limit: 500 }).length;
    for (const [path, action, params, fields] of ACTIONS) {
      const response = await thrown(action({ request: formRequest(path, fields, { cookie }), params, context }));
      expect(response.status, path).toBe(403);
    }
    expect(listAuditEvents({ limit: 500 })).toHaveLength(events);
    expect(listStates().map((state) => state.code)).toEqual(["NO"]);
  });

  test("the public is sent to sign in", async () => {
    for (const [path, action, params, fields] of ACTIONS) {
      const response = await thrown(action({ request: formRequest(path, fields), params, context }));
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location"), path).toMatch(/^\/login\?redirectTo=/);
    }
  });
});
