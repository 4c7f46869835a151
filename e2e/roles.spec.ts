// The administration pages are the chair's: a delegate is refused, the public is sent to sign in.
import { expect, test } from "./support/test";
import { delegateOf } from "./support/accounts";
import { login } from "./support/login";

const ADMIN_PAGES = ["/admin", "/admin/states", "/admin/users", "/admin/audit", "/admin/invitations"];

test("a delegate opening an administration page gets 403 Not allowed", async ({ page }) => {
  await login(page, delegateOf("US"));
  for (const path of ADMIN_PAGES) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(403);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not allowed");
      await expect(page).toHaveURL(path);
    });
  }
});

test("the public opening an administration page is sent to sign in, and back after", async ({ page }) => {
  for (const path of ADMIN_PAGES) {
    await test.step(path, async () => {
      const response = await page.goto(path);
      const redirect = response?.request().redirectedFrom();
      expect((await redirect?.response())?.status(), `${path} answers with a redirect`).toBe(302);
      await expect(page).toHaveURL(`/login?${new URLSearchParams({ redirectTo: path })}`);
      await expect(page.getByRole("main").getByLabel("Email address")).toBeVisible();
    });
  }
});
