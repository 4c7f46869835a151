// The headers every page carries, the session cookie's attributes, and the health check.
import { expect, test } from "./support/test";
import { signerOf } from "./support/accounts";
import { apiLogin } from "./support/api";
import { login } from "./support/login";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name, ...values]) => [(name as string).toLowerCase(), values]),
  );
}

test("a page's CSP nonce is fresh per response and on every inline script; framing and sniffing are off", async ({
  request,
}) => {
  const nonces: string[] = [];
  // /log twice: the second answer is replayed from the first (docs/decisions/019), with its own nonce.
  for (const path of ["/login", "/log", "/log"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const headers = response.headers();
    const policy = directives(headers["content-security-policy"] ?? "");

    const scriptSrc = policy.get("script-src") ?? [];
    const nonce = scriptSrc.map((value) => /^'nonce-([A-Za-z0-9+/=_-]+)'$/.exec(value)?.[1]).find(Boolean);
    expect(nonce, `${path}: script-src has a nonce`).toBeTruthy();
    expect(scriptSrc, `${path}: script-src allows no inline script without the nonce`).not.toContain("'unsafe-inline'");
    expect(policy.get("frame-ancestors"), path).toEqual(["'none'"]);
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"], path).toContain(
      headers["referrer-policy"],
    );

    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    const inline = scripts.filter(([, attributes]) => !/\bsrc=/.test(attributes ?? ""));
    expect(inline.length, `${path}: the page has inline scripts to check`).toBeGreaterThan(0);
    for (const [tag, attributes] of scripts) {
      expect(/\bnonce="([^"]*)"/.exec(attributes ?? "")?.[1], `${path}: ${tag.slice(0, 80)}`).toBe(nonce);
    }
    nonces.push(nonce as string);
  }
  expect(new Set(nonces).size, "each response has its own nonce").toBe(nonces.length);
});

test("the public pages that are complete without JavaScript ship none", async ({ request }) => {
  for (const path of ["/", "/fr", "/code/code-of-conduct-1", "/pledges", "/pledges/1", "/states/NO", "/open-data"]) {
    const html = await (await request.get(path)).text();
    expect(html.match(/<script\b/gi) ?? [], path).toEqual([]);
    expect(html, path).not.toMatch(/rel="modulepreload"/);
  }
});

test("the page runs under its policy: Chromium reports no violation and the app hydrates", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto("/login");
  // The scripts ran: a client-side navigation happens without a document request.
  const documentRequests: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documentRequests.push(request.url());
  });
  await page.getByRole("banner").getByRole("link", { name: "Accord" }).click();
  await expect(page).toHaveURL("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("A code of conduct on export controls for surveillance technology");
  expect(documentRequests, "navigated without reloading the document").toEqual([]);
  expect(violations).toEqual([]);
});

test("the session cookie is HttpOnly and SameSite=Lax", async ({ page, playwright, baseURL }) => {
  const request = await playwright.request.newContext({ baseURL });
  try {
    const response = await apiLogin(request, signerOf("GB"));
    const setCookie = response.headersArray().find(({ name, value }) => name.toLowerCase() === "set-cookie" && /accord_session=/.test(value));
    expect(setCookie?.value).toMatch(/;\s*HttpOnly/i);
    expect(setCookie?.value).toMatch(/;\s*SameSite=Lax/i);
    expect(setCookie?.value).toMatch(/;\s*Path=\//i);
  } finally {
    await request.dispose();
  }

  await login(page, signerOf("GB"));
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name.endsWith("accord_session"));
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
  expect(await page.evaluate(() => document.cookie)).not.toContain("accord_session");
});

test("/healthz answers 200 ok", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect((await response.text()).trim()).toBe("ok");
  expect(response.headers()["cache-control"]).toBe("no-store");
});
