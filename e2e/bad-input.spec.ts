// Bad input is refused with a 4xx and a message a person can act on, and changes nothing: each
// case compares a digest of the domain tables before and after.
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { CHAIR, delegateOf } from "./support/accounts";
import { fieldErrorIn, postForm } from "./support/api";
import { dbFingerprint } from "./support/db-fingerprint";
import { login, submitLogin } from "./support/login";
import { ORIGIN } from "./support/server";
import { escapeRegExp } from "./support/text";

/** Runs `act` and fails if any domain table changed meanwhile. */
async function expectNoChange(act: () => Promise<void>): Promise<void> {
  const before = dbFingerprint();
  expect(before.states, "the demo scenario is in the database").not.toMatch(/^0 rows/);
  await act();
  expect(dbFingerprint(), "the domain tables are unchanged").toEqual(before);
}

/** Resolves with the status of the next POST to `path` the page sends. */
function nextPostStatus(page: Page, path: string): Promise<number> {
  return page
    .waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === path)
    .then((response) => response.status());
}

/** The message the shared form components show beside a field (its accessible description). */
async function expectFieldMessage(page: Page, label: string, message: string): Promise<void> {
  const field = page.getByRole("main").getByLabel(label, { exact: true });
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(new RegExp(escapeRegExp(message)));
}

const summary = (page: Page) => page.getByRole("alert").filter({ hasText: "There is a problem" });

test.describe("the sign-in form", () => {
  const cases = [
    {
      title: "empty fields: 400 and a message for each field",
      email: "",
      password: "",
      status: 400,
      messages: { "Email address": "Enter an email address", Password: "Enter your password" },
    },
    {
      title: "a 10,000-character email address: 400",
      email: `${"a".repeat(10_000 - "@example.org".length)}@example.org`,
      password: "any password at all",
      status: 400,
      messages: { "Email address": "An email address has at most 254 characters" },
    },
    {
      title: "a malformed email address: 400",
      email: "not-an-email",
      password: "any password at all",
      status: 400,
      messages: { "Email address": "Enter an email address in the form name@example.org" },
    },
  ];
  for (const { title, email, password, status, messages } of cases) {
    test(title, async ({ page }) => {
      await page.goto("/login");
      await expectNoChange(async () => {
        const posted = nextPostStatus(page, "/login");
        const main = page.getByRole("main");
        await main.getByLabel("Email address").fill(email);
        await main.getByLabel("Password", { exact: true }).fill(password);
        await main.getByRole("button", { name: "Sign in" }).click();
        expect(await posted).toBe(status);
        for (const [label, message] of Object.entries(messages)) {
          await expect(summary(page)).toContainText(message);
          await expectFieldMessage(page, label, message);
        }
      });
    });
  }

  test("a wrong password: 401, and nothing but the sign-in bookkeeping is written", async ({ page }) => {
    await expectNoChange(async () => {
      const posted = nextPostStatus(page, "/login");
      await submitLogin(page, delegateOf("NL"), { password: "a wrong password for this account" });
      expect(await posted).toBe(401);
      await expect(summary(page)).toContainText("The email address or password is not right.");
    });
  });
});

test.describe("the chair's forms", () => {
  test.beforeEach(async ({ page }) => {
    await login(page, CHAIR);
  });

  test("a change of status with no source and a malformed date: 400 and both messages", async ({ page }) => {
    await page.goto("/admin/states/CA");
    const form = page.getByRole("form", { name: "Record a change of status" });
    await expectNoChange(async () => {
      await form.getByLabel("New status").selectOption("committed");
      // As a browser without a date picker would send it.
      const date = form.getByLabel("Effective date");
      await date.evaluate((input: HTMLInputElement) => (input.type = "text"));
      await date.fill("30/03/2023");
      await form.getByLabel("Source").fill("");
      const posted = nextPostStatus(page, "/admin/states/CA");
      await form.getByRole("button", { name: "Record status" }).click();
      expect(await posted).toBe(400);
      await expect(summary(page)).toContainText("Enter a date as YYYY-MM-DD");
      await expectFieldMessage(page, "Effective date", "Enter a date as YYYY-MM-DD");
      await expectFieldMessage(page, "Source", "Enter the source: where this change is recorded");
    });
  });

  test("a change of status with a 5,000-character source: 400", async ({ page }) => {
    await page.goto("/admin/states/CA");
    const form = page.getByRole("form", { name: "Record a change of status" });
    await expectNoChange(async () => {
      await form.getByLabel("New status").selectOption("committed");
      await form.getByLabel("Effective date").fill("2023-03-30");
      // As a client that ignores the field's maxlength would send it.
      const source = form.getByLabel("Source");
      await source.evaluate((textarea: HTMLTextAreaElement) => textarea.removeAttribute("maxlength"));
      await source.fill("x".repeat(5_000));
      const posted = nextPostStatus(page, "/admin/states/CA");
      await form.getByRole("button", { name: "Record status" }).click();
      expect(await posted).toBe(400);
      await expectFieldMessage(page, "Source", "The source has at most 1,000 characters");
    });
  });

  test("adding a state whose code is no country's: 400", async ({ page }) => {
    await page.goto("/admin/states");
    await expectNoChange(async () => {
      // The request context shares the page's cookies; the form's select offers only countries.
      const response = await postForm(page.request, "/admin/states?index", { code: "ZZ" });
      expect(response.status()).toBe(400);
      expect(fieldErrorIn(await response.text(), "code")).toBe("ZZ is not a country code: choose a country from the list");
    });
  });

  const validChange = {
    status: "withdrawn",
    effectiveDate: "2023-03-30",
    sourceNote: "This change must never be recorded: the request does not come from an Accord page.",
  };

  test("a cross-origin POST with the chair's cookies: 403 and nothing recorded", async ({ page }) => {
    await page.goto("/admin/states/CA");
    await expectNoChange(async () => {
      const response = await postForm(page.request, "/admin/states/CA", validChange, { Origin: "https://evil.example" });
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("cross-origin requests cannot change anything");
    });
  });

  test("a POST with neither Origin nor Sec-Fetch-Site: 403 and nothing recorded", async ({ page }) => {
    await page.goto("/admin/states/CA");
    await expectNoChange(async () => {
      const response = await postForm(page.request, "/admin/states/CA", validChange, {});
      expect(response.status()).toBe(403);
      expect(await response.text()).toContain("did not come from an Accord page");
    });
  });

  test("the same form with Accord's own Origin is accepted, so the two refusals above are the origin check", async ({
    page,
  }) => {
    // Sent for Kosovo, which no other test reads, so the change disturbs nothing.
    const before = dbFingerprint();
    const response = await postForm(
      page.request,
      "/admin/states/XK",
      { ...validChange, status: "committed", sourceNote: "Kosovo's delegation confirmed that it joins the initiative." },
      { Origin: ORIGIN },
    );
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toBe("/admin/states/XK?notice=participation-recorded");
    expect(dbFingerprint().participation_records).not.toBe(before.participation_records);
  });
});
