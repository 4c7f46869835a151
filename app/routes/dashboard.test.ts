import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { expect, test, vi } from "vitest";
// The factories only build input (no table access), so a route's test may use them.
import { buildInstrument, buildParticipation, buildRoleAccount, buildStateCode, buildUser } from "../../db/factories";
import type { Role } from "../auth/permissions";
import { createInstrument } from "../models/instrument.server";
import { grantMembership } from "../models/membership.server";
import { addState, getState } from "../models/state.server";
import { createUser } from "../models/user.server";
import { createPerson, getRequest, openTestSession, testContext } from "../testing/routes";
import Dashboard, { loader } from "./dashboard";

// The page is rendered as the server sends it, without a router: the loader's own data goes in
// through useLoaderData, and a Link is the plain anchor it renders as.
const page = vi.hoisted(() => ({ data: undefined as unknown }));
vi.mock("@remix-run/react", () => ({
  useLoaderData: () => page.data,
  Link: ({ to, children }: { to: string; children: ReactNode }) => createElement("a", { href: to }, children),
}));

async function render(userId: number): Promise<string> {
  page.data = JSON.parse(JSON.stringify(await load(userId)));
  return renderToStaticMarkup(createElement(Dashboard));
}

const chair = createPerson(buildRoleAccount({ role: "chair" })).user;
const asChair = { userId: chair.id };
const instrument = createInstrument(asChair, buildInstrument());

function addDelegation(status: "committed" | "supporter", effectiveDate: string) {
  const code = buildStateCode();
  addState(asChair, { code, initial: buildParticipation({ status, effectiveDate }) });
  return { code, delegationName: getState(code)?.name ?? code };
}

function personWith(roles: { role: Role; stateCode: string | null }[]) {
  const user = createUser(asChair, buildUser());
  for (const { role, stateCode } of roles) grantMembership(asChair, { userId: user.id, role, stateCode });
  return user;
}

/** The loader called directly: the data, or a rejection with the guard's Response. */
async function load(userId: number | null) {
  const cookie = userId === null ? undefined : (await openTestSession(userId)).cookie;
  return loader({ request: getRequest("/dashboard", { cookie }), params: {}, context: testContext() });
}

test("a delegate sees their roles, their state's status since its date, what they may do, and the draft", async () => {
  const state = addDelegation("committed", "2021-12-10");
  const other = addDelegation("supporter", "2022-03-01");
  const delegate = personWith([
    { role: "signer", stateCode: state.code },
    { role: "delegate", stateCode: state.code },
    { role: "delegate", stateCode: other.code },
  ]);

  const data = await load(delegate.id);

  expect(data.name).toBe(delegate.name);
  // Roles in the order chair, delegate, signer, observer; within a role, by state name.
  const delegateRoles = [state, other].map((s) => `Delegate for ${s.delegationName}`).sort((a, b) => a.localeCompare(b, "en"));
  expect(data.roles).toEqual([...delegateRoles, `Signer for ${state.delegationName}`]);
  const card = data.delegations.find((delegation) => delegation.code === state.code);
  expect(card).toMatchObject({
    name: state.delegationName,
    status: "committed",
    since: { iso: "2021-12-10", text: "10 December 2021" },
  });
  expect(card?.abilities).toHaveLength(2);
  expect(card?.abilities[0]).toMatch(/draft/);
  expect(card?.abilities[1]).toMatch(/pledge .* once a text is adopted/);
  const otherCard = data.delegations.find((delegation) => delegation.code === other.code);
  expect(otherCard).toMatchObject({ status: "supporter", since: { text: "1 March 2022" } });
  expect(otherCard?.abilities).toHaveLength(1);
  expect(data.instruments).toContainEqual({ slug: instrument.slug, title: instrument.title, summary: instrument.summary });
  expect(data.administration).toBe(false);
  expect(data.readOnly).toBe(false);
});

test("the chair is offered the administration and acts for no state", async () => {
  const data = await load(chair.id);
  expect(data.name).toBe("Chair of the initiative");
  expect(data.roles).toEqual(["Chair of the initiative"]);
  expect(data.delegations).toEqual([]);
  expect(data.administration).toBe(true);
  expect(data.readOnly).toBe(false);
  expect(data.instruments.map((entry) => entry.slug)).toContain(instrument.slug);
});

test("an observer without a state follows the drafting read-only", async () => {
  const observer = personWith([{ role: "observer", stateCode: null }]);
  const data = await load(observer.id);
  expect(data.roles).toEqual(["Observer"]);
  expect(data.delegations).toEqual([]);
  expect(data.readOnly).toBe(true);
  expect(data.administration).toBe(false);
});

test("the public is sent to sign in, and an account without a role is refused", async () => {
  const anonymous = await load(null).catch((thrown: unknown) => thrown);
  expect(anonymous).toBeInstanceOf(Response);
  expect((anonymous as Response).status).toBe(302);
  expect((anonymous as Response).headers.get("Location")).toBe("/login?redirectTo=%2Fdashboard");

  const nobody = createUser(asChair, buildUser());
  const refused = await load(nobody.id).catch((thrown: unknown) => thrown);
  expect((refused as Response).status).toBe(403);
});

test("the page greets the person and shows each state's status badge and date, as plain HTML", async () => {
  const state = addDelegation("committed", "2021-12-10");
  const delegate = personWith([{ role: "delegate", stateCode: state.code }]);
  const html = await render(delegate.id);
  expect(html).toContain("<h1>Dashboard</h1>");
  expect(html).toContain(`Welcome, ${delegate.name}.`);
  expect(html).toContain(`<li>Delegate for ${state.delegationName}</li>`);
  expect(html).toContain('<span class="status status--committed">Committed</span> since <time dateTime="2021-12-10">10 December 2021</time>');
  expect(html).toContain(instrument.title);
  expect(html).toContain(`href="/instruments/${instrument.slug}"`);
  expect(html).not.toContain('href="/admin');
  expect(html).not.toMatch(/<form|<script/);
});

test("the chair's page links to every part of the administration", async () => {
  const html = await render(chair.id);
  for (const path of ["/admin/states", "/admin/users", "/admin/invitations", "/admin/audit"]) {
    expect(html).toContain(`href="${path}"`);
  }
});
