import countries from "i18n-iso-countries";
import { expect, test } from "vitest";
import {
  addDays,
  buildInstrument,
  buildIsoDate,
  buildParticipation,
  buildPassword,
  buildRoleAccount,
  buildStateCode,
  buildUser,
} from "./factories";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

test("users get unique, lower-case emails and can be overridden field by field", () => {
  const users = Array.from({ length: 50 }, () => buildUser());
  expect(new Set(users.map((user) => user.email)).size).toBe(50);
  for (const user of users) {
    expect(user.email).toBe(user.email.toLowerCase());
    expect(user.email).toMatch(/^[a-z0-9-]+@example\.test$/);
    expect(user.name.length).toBeGreaterThan(0);
  }
  expect(buildUser({ name: "Delegate of Norway" })).toMatchObject({ name: "Delegate of Norway" });
});

test("role accounts say the role and the state in the email and the name", () => {
  const norway = { code: "NO", delegationName: "Norway" };
  expect(buildRoleAccount({ role: "delegate", state: norway, emailDomain: "demo.test" })).toEqual({
    email: "delegate.no@demo.test",
    name: "Delegate of Norway",
    role: "delegate",
    stateCode: "NO",
  });
  expect(buildRoleAccount({ role: "chair", emailDomain: "demo.test" })).toEqual({
    email: "chair@demo.test",
    name: "Chair of the initiative",
    role: "chair",
    stateCode: null,
  });
  // Without a domain, each call gets its own, so two tests never build the same address.
  const first = buildRoleAccount({ role: "signer", state: norway });
  const second = buildRoleAccount({ role: "signer", state: norway });
  expect(first.email).not.toBe(second.email);
  expect(first.email.startsWith("signer.no@")).toBe(true);
});

test("state codes are real ISO codes, never handed out twice, and skip excluded ones", () => {
  const known = new Set(Object.keys(countries.getAlpha2Codes()));
  const exclude = ["ZW", "zm"];
  const codes = Array.from({ length: 30 }, () => buildStateCode({ exclude }));
  expect(new Set(codes).size).toBe(30);
  for (const code of codes) expect(known.has(code)).toBe(true);
  expect(codes).not.toContain("ZW");
  expect(codes).not.toContain("ZM");
});

test("dates are real calendar dates in the past, and addDays crosses months and years", () => {
  for (let i = 0; i < 20; i += 1) {
    const date = buildIsoDate();
    expect(date).toMatch(ISO_DATE);
    expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
    expect(date < new Date().toISOString().slice(0, 10)).toBe(true);
  }
  expect(addDays("2021-12-31", 1)).toBe("2022-01-01");
  expect(addDays("2024-03-01", -1)).toBe("2024-02-29");
});

test("participation input has a status, a date and a distinct source note", () => {
  const a = buildParticipation();
  const b = buildParticipation({ status: "supporter", effectiveDate: "2021-12-10" });
  expect(a.effectiveDate).toMatch(ISO_DATE);
  expect(a.sourceNote).not.toBe(b.sourceNote);
  expect(b).toMatchObject({ status: "supporter", effectiveDate: "2021-12-10" });
});

test("instruments get unique slugs that fit the address format", () => {
  const slugs = Array.from({ length: 20 }, () => buildInstrument().slug);
  expect(new Set(slugs).size).toBe(20);
  for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9][a-z0-9-]*$/);
  expect(buildInstrument({ slug: "code-of-conduct" }).slug).toBe("code-of-conduct");
});

test("passwords are long and random", () => {
  const passwords = Array.from({ length: 20 }, () => buildPassword());
  expect(new Set(passwords).size).toBe(20);
  for (const password of passwords) expect(password.length).toBeGreaterThanOrEqual(16);
});
