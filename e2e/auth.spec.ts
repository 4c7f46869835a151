// Signing in and out through the real form: the header, the refusals and where a sign-in leads.
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { DEMO_ACCOUNTS, delegateOf, signerOf, unknownEmail } from "./support/accounts";
import { apiLogin } from "./support/api";
import { userName } from "./support/database";
import { login, logout, submitLogin } from "./support/login";

const REFUSED = "The email address or password is not right.";

/** Submits the sign-in form and returns the status of the POST it makes. */
async function signInStatus(page: Page, email: string, password: string): Promise<number> {
  const posted = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/login",
  );
  await submitLogin(page, email, { password });
  return (await posted).status();
}

test("a person signs in, sees their name in the header, signs out and is signed out", async ({ page }) => {
  const email = signerOf("US");
  const name = userName(email);
  await login(page, email);
  await expect(page).toHaveURL("/dashboard");
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name, exact: true })).toBeVisible();

  await logout(page);
  await expect(header.getByRole("link", { name, exact: true })).toHaveCount(0);

  await page.goto("/dashboard");
  await expect(page).toHaveURL("/login?redirectTo=%2Fdashboard");
  await expect(page.getByRole("main").getByLabel("Email address")).toBeVisible();
});

test("a wrong password is refused with 401, one message and the error summary focused", async ({ page }) => {
  const status = await signInStatus(page, delegateOf("FR"), "not the right password at all");
  expect(status).toBe(401);
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText(REFUSED);
  await expect(summary).toBeFocused();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
});

test("an unknown account gets the same refusal as a wrong password", async ({ page }) => {
  const status = await signInStatus(page, unknownEmail("stranger"), "not the right password at all");
  expect(status).toBe(401);
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText(REFUSED);
  await expect(summary).toBeFocused();
});

test("redirectTo is honoured for a path on this site", async ({ page }) => {
  await login(page, signerOf("AU"), { redirectTo: "/account" });
  await expect(page).toHaveURL("/account");
});

for (const target of ["https://evil.example/", "//evil.example/"]) {
  test(`redirectTo ${target} is ignored: the sign-in lands on the dashboard`, async ({ page, baseURL }) => {
    await login(page, signerOf("DK"), { redirectTo: target });
    await expect(page).toHaveURL(`${baseURL}/dashboard`);
  });
}

test("every demo account signs in with the demo password", async ({ playwright, baseURL }) => {
  expect(DEMO_ACCOUNTS).toHaveLength(18);
  for (const email of DEMO_ACCOUNTS) {
    const request = await playwright.request.newContext({ baseURL });
    try {
      await apiLogin(request, email);
      const dashboard = await request.get("/dashboard", { maxRedirects: 0 });
      expect(dashboard.status(), `${email} opens the dashboard`).toBe(200);
    } finally {
      await request.dispose();
    }
  }
});
