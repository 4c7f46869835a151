// WCAG 2.2 AA as axe-core checks it, on every public page in both languages and on the drafting
// pages in their main states, each as the person who uses it. A violation fails the test with the
// rule, the page and the offending elements, so the report says what to mend.
import AxeBuilder from "@axe-core/playwright";
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { CHAIR, delegateOf, signerOf } from "./support/accounts";
import { login } from "./support/login";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

async function violations(page: Page, path: string, ready?: (page: Page) => Promise<void>): Promise<string[]> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBe(200);
  if (ready) await ready(page);
  // Legacy mode runs axe in the page itself; Accord's pages embed no frames it would miss.
  const results = await new AxeBuilder({ page }).withTags(TAGS).setLegacyMode(true).analyze();
  return results.violations.map(
    (violation) => `${path}: ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`,
  );
}

const PUBLIC_PAGES = [
  "/",
  "/fr",
  "/code/code-of-conduct-1",
  "/fr/code/code-of-conduct-1",
  "/pledges",
  "/fr/pledges",
  "/pledges?kind=subscription&sort=-state",
  "/pledges/1",
  "/fr/pledges/1",
  "/states/NO",
  "/fr/states/NO",
  "/open-data",
  "/fr/open-data",
  "/log",
  "/fr/log",
  "/instruments/code-of-conduct/editions",
  "/instruments/code-of-conduct/editions/1",
  "/login",
];

for (const path of PUBLIC_PAGES) {
  test(`public: ${path} has no axe violations`, async ({ page }) => {
    expect(await violations(page, path)).toEqual([]);
  });
}

/** Who looks at which signed-in pages: each person's pages in the state they find them in. */
const SIGNED_IN_PAGES: [string, string[]][] = [
  [
    delegateOf("NO"),
    [
      "/dashboard",
      "/inbox",
      "/account",
      "/account/second-factor",
      "/instruments/code-of-conduct",
      "/instruments/code-of-conduct/comments",
      "/instruments/code-of-conduct/amendments",
      "/instruments/code-of-conduct/amendments/new",
      "/instruments/code-of-conduct/agreement",
      "/instruments/code-of-conduct/versions",
      "/instruments/code-of-conduct/versions/1",
      "/instruments/code-of-conduct/versions/compare?from=1&to=current",
      "/instruments/code-of-conduct/silence",
      "/instruments/code-of-conduct/activity",
      "/instruments/code-of-conduct/editions/1/commitments",
      "/instruments/code-of-conduct/editions/1/commitments/1",
    ],
  ],
  [
    CHAIR,
    [
      "/admin",
      "/admin/states",
      "/admin/users",
      "/admin/audit",
      "/admin/invitations",
      "/instruments/code-of-conduct/editions",
      "/instruments/code-of-conduct/editions/1/pledge",
      "/instruments/code-of-conduct/editions/1/reports",
    ],
  ],
  [signerOf("NO"), ["/instruments/code-of-conduct/editions/1/pledge", "/account/second-factor"]],
];

for (const [email, paths] of SIGNED_IN_PAGES) {
  test(`signed in as ${email}: ${paths.length} pages have no axe violations`, async ({ page }) => {
    test.setTimeout(30_000 + paths.length * 15_000);
    await login(page, email);
    const found: string[] = [];
    for (const path of paths) found.push(...(await violations(page, path)));
    expect(found).toEqual([]);
  });
}

test("the live editor has no axe violations once it has loaded", async ({ page }) => {
  await login(page, delegateOf("NO"));
  const found = await violations(page, "/instruments/code-of-conduct/draft", async (draft) => {
    await expect(draft.locator(".ProseMirror")).toBeVisible();
  });
  expect(found).toEqual([]);
});
