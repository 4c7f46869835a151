// Signing in and out through the real pages, as a person does.
import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD } from "./accounts";

export interface LoginOptions {
  password?: string;
  /** Opens `/login?redirectTo=…` instead of `/login`. */
  redirectTo?: string;
}

/** Fills and submits the sign-in form, then waits until the header offers "Sign out". */
export async function login(page: Page, email: string, options: LoginOptions = {}): Promise<void> {
  await submitLogin(page, email, options);
  await expect(page.getByRole("banner").getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
}

/** Fills and submits the sign-in form without expecting it to succeed. */
export async function submitLogin(page: Page, email: string, options: LoginOptions = {}): Promise<void> {
  const path = options.redirectTo === undefined ? "/login" : `/login?${new URLSearchParams({ redirectTo: options.redirectTo })}`;
  await page.goto(path);
  const main = page.getByRole("main");
  await main.getByLabel("Email address").fill(email);
  await main.getByLabel("Password", { exact: true }).fill(options.password ?? DEMO_PASSWORD);
  await main.getByRole("button", { name: "Sign in" }).click();
}

/** Signs out with the header's button and waits until the header offers "Sign in" again. */
export async function logout(page: Page): Promise<void> {
  await page.getByRole("banner").getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
}
