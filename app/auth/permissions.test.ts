import { expect, test } from "vitest";
import { ALL_PERMISSIONS, can, grantFor, statesFor, type Principal } from "./permissions";

const chair: Principal = { userId: 1, memberships: [{ role: "chair", stateCode: null }] };
const delegateNO: Principal = { userId: 2, memberships: [{ role: "delegate", stateCode: "NO" }] };
const signerNO: Principal = { userId: 3, memberships: [{ role: "signer", stateCode: "NO" }] };
const observer: Principal = { userId: 4, memberships: [{ role: "observer", stateCode: null }] };
const nobody: Principal = { userId: 5, memberships: [] };

test("the public holds no permission at all", () => {
  for (const permission of ALL_PERMISSIONS) expect(can(null, permission, { stateCode: "NO" })).toBe(false);
});

test("a person without a role holds no permission", () => {
  for (const permission of ALL_PERMISSIONS) expect(can(nobody, permission, { stateCode: "NO" })).toBe(false);
});

test("only the chair administers", () => {
  for (const permission of ["admin:view", "state:manage", "participation:record", "user:manage", "audit:read"] as const) {
    expect([chair, delegateNO, signerNO, observer].map((p) => can(p, permission))).toEqual([true, false, false, false]);
  }
});

test("a signer signs only for their own state, and the chair for none", () => {
  expect(can(signerNO, "pledge:sign", { stateCode: "NO" })).toBe(true);
  expect(can(signerNO, "pledge:sign", { stateCode: "DK" })).toBe(false);
  expect(can(signerNO, "pledge:sign")).toBe(false);
  expect(can(delegateNO, "pledge:sign", { stateCode: "NO" })).toBe(false);
  expect(can(chair, "pledge:sign", { stateCode: "NO" })).toBe(false);
});

test("observers read drafts but do not edit them", () => {
  expect(can(observer, "draft:read")).toBe(true);
  expect(can(observer, "draft:edit")).toBe(false);
  expect(can(delegateNO, "draft:edit")).toBe(true);
});

test("statesFor lists the states a person acts for", () => {
  const both: Principal = {
    userId: 6,
    memberships: [
      { role: "delegate", stateCode: "NO" },
      { role: "signer", stateCode: "DK" },
    ],
  };
  expect(statesFor(both, "state:act")).toEqual(["NO", "DK"]);
  expect(statesFor(both, "pledge:sign")).toEqual(["DK"]);
  expect(statesFor(null, "state:act")).toEqual([]);
});

test("grantFor names the membership that holds a permission, a state's first", () => {
  const observerOfJapan: Principal = { userId: 7, memberships: [{ role: "observer", stateCode: "JP" }] };
  expect(grantFor(observerOfJapan, "draft:read")).toEqual({ role: "observer", stateCode: "JP" });
  expect(grantFor(observerOfJapan, "draft:edit")).toBeNull();
  expect(grantFor(chair, "draft:edit")).toEqual({ role: "chair", stateCode: null });
  const chairAndDelegate: Principal = {
    userId: 8,
    memberships: [
      { role: "chair", stateCode: null },
      { role: "delegate", stateCode: "NO" },
    ],
  };
  expect(grantFor(chairAndDelegate, "draft:edit")).toEqual({ role: "delegate", stateCode: "NO" });
  expect(grantFor(null, "draft:read")).toBeNull();
});
