// An invitation from the chair to a new delegate of Denmark: created, accepted once, then closed.
import { expect, test } from "./support/test";
import { CHAIR } from "./support/accounts";
import { login, logout } from "./support/login";
import { escapeRegExp } from "./support/text";

test("a new delegate of Denmark accepts the chair's invitation and the link then stops working", async ({
  page,
  browser,
  baseURL,
}) => {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const email = `new.delegate.dk.${suffix}@example.org`;
  const name = `Delegate of Denmark ${suffix}`;
  const password = `Harbour-Compass-${suffix}-Meridian`;

  await login(page, CHAIR);
  await page.goto("/admin/invitations");
  const main = page.getByRole("main");
  await main.getByLabel("Email address").fill(email);
  await main.getByLabel("Role", { exact: true }).selectOption("delegate");
  await main.getByLabel("State", { exact: true }).selectOption("DK");
  await main.getByRole("button", { name: "Create invitation" }).click();

  const link = page.locator("#invitation-link");
  await expect(link).toHaveText(new RegExp(`^${escapeRegExp(baseURL ?? "")}/invitations/[A-Za-z0-9_-]{20,}$`));
  const url = (await link.textContent()) ?? "";
  await expect(page.getByRole("table", { name: "Invitations, newest first" })).toContainText(email);
  await logout(page);

  const invitee = await browser.newContext();
  try {
    const invitePage = await invitee.newPage();
    const opened = await invitePage.goto(url);
    expect(opened?.status()).toBe(200);
    const form = invitePage.getByRole("main");
    await expect(form).toContainText(email);
    await expect(form).toContainText("Denmark");
    await form.getByLabel("Your name").fill(name);
    await form.getByLabel("Choose a password").fill(password);
    await form.getByLabel("Repeat the password").fill(password);
    await form.getByRole("button", { name: "Accept invitation" }).click();

    await expect(invitePage).toHaveURL("/dashboard?notice=invitation-accepted");
    const header = invitePage.getByRole("banner");
    await expect(header.getByRole("link", { name, exact: true })).toBeVisible();
    await expect(header.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();

    const again = await invitePage.goto(url);
    expect(again?.status()).toBe(410);
    await expect(invitePage.getByRole("heading", { level: 1 })).toHaveText("This invitation has already been used");
  } finally {
    await invitee.close();
  }
});
