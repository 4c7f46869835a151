// Co-drafting in the browser: two delegations type into the same clause at once and both texts end up
// in both editors and on the server; an observer follows read-only and cannot type.
import { type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { delegateOf, OBSERVER } from "./support/accounts";
import { login, logout } from "./support/login";

const DRAFT = "/instruments/code-of-conduct/draft";
const CLAUSE = "Each participating state";

/** The editor's text without the remote cursors' name labels and the number widgets. */
function editorText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const editor = document.querySelector(".draft-editor");
    if (!editor) return "";
    const copy = editor.cloneNode(true) as HTMLElement;
    copy.querySelectorAll(".ProseMirror-yjs-cursor, .clause-number, .section-number").forEach((node) => node.remove());
    return copy.textContent ?? "";
  });
}

async function openDraft(page: Page, email: string): Promise<void> {
  await login(page, email);
  await page.goto(DRAFT);
  await expect(page.locator(".draft-editor-mount")).toHaveAttribute("data-ready", "true");
  await expect(page.locator("[data-connection]")).toHaveAttribute("data-connection", "connected");
}

test("two delegates type in the same clause at once; both see both edits, saved on the server", async ({ browser }) => {
  const norway = await (await browser.newContext()).newPage();
  const denmark = await (await browser.newContext()).newPage();
  await openDraft(norway, delegateOf("NO"));
  await openDraft(denmark, delegateOf("DK"));

  // Each sees the other in the document, named by the server.
  await expect(norway.getByRole("list", { name: "In this document" })).toContainText("(DK)");
  await expect(denmark.getByRole("list", { name: "In this document" })).toContainText("(NO)");

  const marker = `${Date.now()}`;
  const fromNorway = `NORWAY${marker}`;
  const fromDenmark = `DENMARK${marker}`;
  // Two places in the same clause: the start and the end of the line each clicked on.
  await norway.locator(".draft-editor p", { hasText: CLAUSE }).first().click();
  await norway.keyboard.press("Home");
  await denmark.locator(".draft-editor p", { hasText: CLAUSE }).first().click();
  await denmark.keyboard.press("End");
  await Promise.all([
    norway.keyboard.type(` ${fromNorway} `, { delay: 15 }),
    denmark.keyboard.type(` ${fromDenmark} `, { delay: 15 }),
  ]);

  for (const page of [norway, denmark]) {
    await expect.poll(() => editorText(page)).toContain(fromNorway);
    await expect.poll(() => editorText(page)).toContain(fromDenmark);
    await expect(page.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  }
  expect(await editorText(norway)).toBe(await editorText(denmark));

  // The server's stored text, rendered without the editor, has both edits in that clause.
  const stored = await norway.request.get("/instruments/code-of-conduct");
  const html = await stored.text();
  const clause = html.slice(html.indexOf('id="clause-1.1"'), html.indexOf('id="clause-1.1-a"'));
  expect(clause).toContain(fromNorway);
  expect(clause).toContain(fromDenmark);
});

test("an observer follows the draft read-only: no tools, and typing changes nothing", async ({ page }) => {
  await openDraft(page, OBSERVER);
  await expect(page.getByRole("status")).toContainText("Read-only");
  await expect(page.getByRole("toolbar")).toHaveCount(0);
  await expect(page.locator(".draft-editor")).toHaveAttribute("contenteditable", "false");
  const before = await editorText(page);
  await page.locator(".draft-editor p", { hasText: CLAUSE }).first().click();
  await page.keyboard.type("OBSERVER-WAS-HERE");
  expect(await editorText(page)).toBe(before);
});

test("a delegate who loses the connection keeps editing, and the edits merge when it returns", async ({ browser }) => {
  const offlineContext = await browser.newContext();
  const traveller = await offlineContext.newPage();
  const colleague = await (await browser.newContext()).newPage();
  await openDraft(traveller, delegateOf("AU"));
  await openDraft(colleague, delegateOf("US"));

  await offlineContext.setOffline(true);
  await expect(traveller.locator("[data-connection]")).not.toHaveAttribute("data-connection", "connected");

  const written = `OFFLINE${Date.now()}`;
  await traveller.locator(".draft-editor p", { hasText: "Participating states intend to consult" }).click();
  await traveller.keyboard.press("End");
  await traveller.keyboard.type(` ${written}`);
  await expect(traveller.getByRole("status")).toContainText("kept in this browser");
  expect(await editorText(colleague)).not.toContain(written);

  await offlineContext.setOffline(false);
  await expect(traveller.locator("[data-connection]")).toHaveAttribute("data-connection", "connected", { timeout: 15_000 });
  await expect(traveller.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  await expect.poll(() => editorText(colleague)).toContain(written);
});

/** How many records the drafting page's IndexedDB copies of documents hold, by database name. */
function localCopies(page: Page): Promise<Record<string, number>> {
  return page.evaluate(async () => {
    const counts: Record<string, number> = {};
    for (const { name } of await indexedDB.databases()) {
      if (!name?.startsWith("accord/")) continue;
      counts[name] = await new Promise<number>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("updates").objectStore("updates").count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
        };
      });
    }
    return counts;
  });
}

const recordsIn = (copies: Record<string, number>) => Object.values(copies).reduce((sum, n) => sum + n, 0);

test("edits made offline survive closing the page and reach the others when it is opened again; signing out clears them", async ({ browser }) => {
  const context = await browser.newContext();
  const traveller = await context.newPage();
  const colleague = await (await browser.newContext()).newPage();
  await openDraft(traveller, delegateOf("FR"));
  await openDraft(colleague, delegateOf("NL"));
  await expect.poll(async () => Object.keys(await localCopies(traveller))).toHaveLength(1);
  const before = recordsIn(await localCopies(traveller));

  await context.setOffline(true);
  await expect(traveller.locator("[data-connection]")).not.toHaveAttribute("data-connection", "connected");
  const written = `KEPT${Date.now()}`;
  await traveller.locator(".draft-editor p", { hasText: "Participating states intend to consult" }).click();
  await traveller.keyboard.press("End");
  await traveller.keyboard.type(` ${written}`);
  await expect(traveller.getByRole("status")).toContainText("kept in this browser");
  await expect.poll(async () => recordsIn(await localCopies(traveller))).toBeGreaterThan(before);
  await traveller.close();

  await context.setOffline(false);
  expect(await editorText(colleague)).not.toContain(written);
  const back = await context.newPage();
  await back.goto(DRAFT);
  await expect(back.locator(".draft-editor-mount")).toHaveAttribute("data-ready", "true");
  await expect.poll(() => editorText(back)).toContain(written);
  await expect.poll(() => editorText(colleague), { timeout: 15_000 }).toContain(written);

  await logout(back);
  expect(await localCopies(back)).toEqual({});
});

test("the outline follows the live text: a new clause appears with its number, and the outline leads into it", async ({ page }) => {
  await openDraft(page, delegateOf("GB"));
  const outline = page.getByRole("navigation", { name: "Clauses" });
  await page.locator(".draft-editor p", { hasText: "They stand ready to help other states" }).click();
  await page.keyboard.press("End");
  await page.getByRole("toolbar", { name: "Drafting tools" }).getByRole("button", { name: "New clause" }).click();
  const written = `NEWCLAUSE${Date.now()}`;
  await page.keyboard.type(written);
  await expect(outline.getByRole("link", { name: new RegExp(`^3\\.3 ${written}`) })).toBeVisible();

  await outline.getByRole("link", { name: /^1\.2 / }).click();
  await expect(page.locator(".draft-editor")).toBeFocused();
  await page.keyboard.type("X");
  await expect.poll(() => editorText(page)).toContain("XWhere that risk is substantial");
});
