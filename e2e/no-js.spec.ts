// Accord works without JavaScript: the forms are real forms and the server renders every answer.
import { expect, test } from "./support/test";
import { CHAIR, delegateOf, signerOf } from "./support/accounts";
import { userName } from "./support/database";
import { login, submitLogin } from "./support/login";

test.use({ javaScriptEnabled: false });

test("with JavaScript off, a person signs in and sees the dashboard", async ({ page }) => {
  const email = signerOf("NL");
  await login(page, email);
  await expect(page).toHaveURL("/dashboard");
  await expect(page.getByRole("banner").getByRole("link", { name: userName(email), exact: true })).toBeVisible();
});

test("with JavaScript off, a failed sign-in shows the error summary", async ({ page }) => {
  const posted = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/login",
  );
  await submitLogin(page, delegateOf("GB"), { password: "not the right password at all" });
  expect((await posted).status()).toBe(401);
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(summary).toContainText("The email address or password is not right.");
  await expect(page).toHaveURL("/login");
});

test("with JavaScript off, the chair reads Australia's participation history", async ({ page }) => {
  await login(page, CHAIR);
  await page.goto("/admin/states/AU");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Australia");
  const rows = page.getByRole("table", { name: "Participation history" }).locator("tbody tr");
  await expect(rows.first()).toContainText("Committed");
  await expect(rows.last()).toContainText("2021-12-10");
});
