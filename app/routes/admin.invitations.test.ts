import { afterEach, beforeAll, expect, test } from "vitest";
import { config, installConfig } from "../lib/env.server";
import { listAuditEvents, SYSTEM_ACTOR } from "../models/audit.server";
import { findOpenInvitation, listInvitations } from "../models/invitation.server";
import { addState } from "../models/state.server";
import { callRoute, createPerson, formRequest, getRequest, routeData, openTestSession, testContext, type RouteHandler } from "../testing/routes";
import { action, loader } from "./admin.invitations";

const testConfig = config();
// On a port: the tests check that the link is made on the origin the request came to.
const PAGE = "http://localhost:3000/admin/invitations";
let chairCookie = "";
let delegateCookie = "";
let chairId = 0;

beforeAll(async () => {
  addState(SYSTEM_ACTOR, { code: "NO" });
  addState(SYSTEM_ACTOR, { code: "DK" });
  chairId = createPerson({ email: "chair@example.test", name: "Chair of the initiative", passwordHash: "x", role: "chair" }).user.id;
  const delegate = { email: "delegate.no@example.test", name: "Delegate of Norway", passwordHash: "x" };
  const delegateId = createPerson({ ...delegate, role: "delegate", stateCode: "NO" }).user.id;
  chairCookie = (await openTestSession(chairId)).cookie;
  delegateCookie = (await openTestSession(delegateId)).cookie;
});

afterEach(() => {
  installConfig(testConfig);
});

// The audit trail records this address; a test checks it.
const context = testContext("192.0.2.1");
const call = (handler: RouteHandler, request: Request) => callRoute(handler, request, { context });

const post = (fields: Record<string, string>, cookie = chairCookie) => formRequest(PAGE, fields, { cookie });

async function invite(fields: Record<string, string>) {
  const response = await call(action, post({ intent: "create", ...fields }));
  expect(response.status).toBe(200);
  return (await response.json()) as { ok: true; email: string; link: string };
}

test("only people who manage users may open the page or post to it", async () => {
  const anonymous = await call(loader, getRequest(PAGE));
  expect(anonymous.headers.get("Location")).toBe("/login?redirectTo=%2Fadmin%2Finvitations");
  const delegate = await call(loader, getRequest(PAGE, { cookie: delegateCookie }));
  expect(delegate.status).toBe(403);

  const before = listInvitations().length;
  const refused = await call(action, post({ intent: "create", email: "x@example.test", role: "delegate", stateCode: "NO" }, delegateCookie));
  expect(refused.status).toBe(403);
  expect(listInvitations()).toHaveLength(before);
});

test("creating an invitation shows its link once, on this site's origin, and the link opens it", async () => {
  const response = await call(action, post({ intent: "create", email: " New.Delegate@Example.test ", role: "delegate", stateCode: "no" }));
  expect(response.status).toBe(200);
  expect(response.headers.get("Cache-Control")).toBe("no-store");
  const created = (await response.json()) as { ok: true; email: string; link: string };
  expect(created.email).toBe("new.delegate@example.test");
  const match = /^http:\/\/localhost:3000\/invitations\/([A-Za-z0-9_-]{43})$/.exec(created.link);
  expect(match).not.toBeNull();
  const found = findOpenInvitation(match?.[1] ?? "");
  expect(found.ok && found.invitation).toMatchObject({ email: "new.delegate@example.test", role: "delegate", stateCode: "NO", invitedBy: chairId });
  expect(listAuditEvents({ action: "invitation.created", limit: 1 })[0]).toMatchObject({ actorUserId: chairId, ipAddress: "192.0.2.1" });
});

test("the link uses the public origin when one is configured", async () => {
  installConfig({ ...testConfig, publicOrigin: "https://accord.example.org" });
  const created = await invite({ email: "observer@example.test", role: "observer", stateCode: "" });
  expect(created.link).toMatch(/^https:\/\/accord\.example\.org\/invitations\/[A-Za-z0-9_-]{43}$/);
});

test.each([
  [{ email: "", role: "delegate", stateCode: "NO" }, "email", "Enter an email address"],
  [{ email: "not-an-address", role: "delegate", stateCode: "NO" }, "email", "Enter an email address in the form name@example.org"],
  [{ email: "a@example.test", role: "", stateCode: "NO" }, "role", "Choose a role"],
  [{ email: "a@example.test", role: "president", stateCode: "NO" }, "role", "Choose a role"],
  [{ email: "a@example.test", role: "delegate", stateCode: "" }, "stateCode", "Choose the state this delegate or signer acts for"],
  [{ email: "a@example.test", role: "signer", stateCode: "SE" }, "stateCode", "SE is not a participating state yet: add it first"],
  [{ email: "a@example.test", role: "signer", stateCode: "Norway" }, "stateCode", "Choose a state from the list"],
  [{ email: "a@example.test", role: "chair", stateCode: "DK" }, "stateCode", "The chair acts for the initiative, not for a state: leave the state empty"],
  [{ email: "chair@example.test", role: "chair", stateCode: "" }, "email", "chair@example.test already holds this role"],
])("bad input %j is a 400 on its field, and no invitation is made", async (fields, field, message) => {
  const before = { invitations: listInvitations().length, audit: listAuditEvents({ limit: 500 }).length };
  const response = await call(action, post({ intent: "create", ...fields }));
  expect(response.status).toBe(400);
  const body = await response.json();
  expect(body.errors[field]).toContain(message);
  expect(body.values.email).toBe(fields.email);
  expect({ invitations: listInvitations().length, audit: listAuditEvents({ limit: 500 }).length }).toEqual(before);
});

test("an open invitation can be revoked once; the list shows it as revoked", async () => {
  const created = await invite({ email: "to-revoke@example.test", role: "signer", stateCode: "DK" });
  const id = listInvitations().find((item) => item.email === "to-revoke@example.test")?.id ?? 0;
  const response = await call(action, post({ intent: "revoke", invitationId: String(id) }));
  expect(response.status).toBe(302);
  expect(response.headers.get("Location")).toBe("/admin/invitations?notice=invitation-revoked");
  expect(findOpenInvitation(created.link.split("/").pop() ?? "")).toEqual({ ok: false, reason: "revoked" });

  const data = await routeData(loader, getRequest(PAGE, { cookie: chairCookie }), { context });
  expect(data.invitations.find((item) => item.id === id)).toMatchObject({ status: "revoked", role: "Signer", state: "Denmark" });
  expect(data.states).toEqual([
    { value: "DK", label: "Denmark" },
    { value: "NO", label: "Norway" },
  ]);

  const audit = listAuditEvents({ limit: 500 }).length;
  const again = await call(action, post({ intent: "revoke", invitationId: String(id) }));
  expect(again.status).toBe(409);
  expect((await call(action, post({ intent: "revoke", invitationId: "999999" }))).status).toBe(404);
  expect((await call(action, post({ intent: "revoke", invitationId: "abc" }))).status).toBe(400);
  expect(listAuditEvents({ limit: 500 }).length).toBe(audit);
});
