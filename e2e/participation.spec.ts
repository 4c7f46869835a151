// The chair records participation: a change of status with its history, and a new state whose
// name comes from the ISO country list.
import { createRequire } from "node:module";
import { expect, test } from "./support/test";
import countries, { type LocaleData } from "i18n-iso-countries";
import { CHAIR } from "./support/accounts";
import { login } from "./support/login";

const require = createRequire(import.meta.url);
countries.registerLocale(require("i18n-iso-countries/langs/en.json") as LocaleData);

test.beforeEach(async ({ page }) => {
  await login(page, CHAIR);
});

// The only test that changes Canada's record.
test("the chair records Canada's change from supporter to committed and sees both in the history", async ({ page }) => {
  await page.goto("/admin/states/CA");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Canada");
  const history = page.getByRole("table", { name: "Participation history" });
  const rows = history.locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText("Supporter");
  await expect(rows.nth(0)).toContainText("2021-12-10");

  const form = page.getByRole("form", { name: "Record a change of status" });
  await form.getByLabel("New status").selectOption("committed");
  await form.getByLabel("Effective date").fill("2023-03-30");
  await form.getByLabel("Source").fill("Canada's delegation confirmed by note verbale that it joins the joint statement.");
  await form.getByRole("button", { name: "Record status" }).click();

  await expect(page.getByRole("status")).toHaveText("The change of status has been recorded.");
  await expect(page).toHaveURL("/admin/states/CA?notice=participation-recorded");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Committed");
  await expect(rows.nth(0)).toContainText("2023-03-30");
  await expect(rows.nth(0)).toContainText("Canada's delegation confirmed by note verbale");
  await expect(rows.nth(1)).toContainText("Supporter");
  await expect(rows.nth(1)).toContainText("2021-12-10");
});

test("the chair adds Sweden and sees its page under the name from the country list", async ({ page }) => {
  const name = countries.getName("SE", "en") ?? "";
  expect(name, "the country list names SE").not.toBe("");
  await page.goto("/admin/states");
  await expect(page.getByRole("table", { name: "Participating states" }).getByRole("link", { name })).toHaveCount(0);

  const form = page.getByRole("form", { name: "Add a state" });
  await form.getByLabel("Country").selectOption("SE");
  await form.getByRole("button", { name: "Add state" }).click();

  await expect(page).toHaveURL("/admin/states/SE?notice=state-added");
  await expect(page.getByRole("status")).toHaveText("The state has been added.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`${name} (SE)`);

  await page.goto("/admin/states");
  await expect(page.getByRole("table", { name: "Participating states" }).getByRole("link", { name })).toBeVisible();
});
