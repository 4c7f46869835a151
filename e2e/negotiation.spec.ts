// A drafting round end to end, as a chair and three delegations run it in their browsers: a comment on
// a phrase, an amendment proposed by Norway and co-sponsored by Denmark, square brackets put by
// Australia, the chair accepting the amendment into the text, saving the chair's text as a new version
// and comparing it with the first, then a silence procedure that Denmark breaks. Every step is then on
// the instrument's timeline, dated and attributed. Several steps are driven from the keyboard only.
import { type Browser, type Page } from "@playwright/test";
import { expect, test } from "./support/test";
import { CHAIR, delegateOf, type DelegationCode } from "./support/accounts";
import { login } from "./support/login";

const BASE = "/instruments/code-of-conduct";
const CLAUSE_2_2 = "They encourage companies that develop or sell such technology";

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

const delegate = (browser: Browser, code: DelegationCode) => signedIn(browser, delegateOf(code));

/** Opens the live draft and waits until it is connected and editable. */
async function openDraft(page: Page): Promise<void> {
  await page.goto(`${BASE}/draft`);
  await expect(page.locator(".draft-editor-mount")).toHaveAttribute("data-ready", "true");
  await expect(page.locator("[data-connection]")).toHaveAttribute("data-connection", "connected");
}

/** Selects the first occurrence of `text` in the editor, as a person dragging over it would. */
async function selectInEditor(page: Page, text: string): Promise<void> {
  await page.locator(".draft-editor p", { hasText: text }).first().click();
  const found = await page.evaluate((wanted) => {
    const editor = document.querySelector(".draft-editor");
    if (!editor) return false;
    const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent?.indexOf(wanted) ?? -1;
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      return true;
    }
    return false;
  }, text);
  expect(found, `"${text}" is in the editor`).toBe(true);
}

/** Activates a control from the keyboard: focus, then Enter (Space for radio buttons). */
async function press(page: Page, control: ReturnType<Page["getByRole"]>, key: "Enter" | "Space" = "Enter"): Promise<void> {
  await control.focus();
  await page.keyboard.press(key);
}

test("a chair and three delegations run a drafting round, every step attributed and dated", async ({ browser }) => {
  test.setTimeout(180_000);
  const norway = await delegate(browser, "NO");
  const denmark = await delegate(browser, "DK");
  const australia = await delegate(browser, "AU");
  const chair = await signedIn(browser, CHAIR);

  await test.step("Norway comments on a phrase of clause 2.2 in the live draft", async () => {
    await openDraft(norway);
    await selectInEditor(norway, "human rights due diligence");
    await press(norway, norway.getByRole("toolbar", { name: "Drafting tools" }).getByRole("button", { name: "Comment" }));
    const form = norway.getByRole("form", { name: "Comment on the selected text" });
    await expect(form.getByLabel("Your comment")).toBeFocused();
    await norway.keyboard.type("Due diligence should name the guidance it refers to.");
    await press(norway, form.getByRole("button", { name: "Comment" }));
    const panel = norway.getByRole("complementary", { name: "Open comments" });
    await expect(panel).toContainText("Due diligence should name the guidance it refers to.");
    await expect(panel).toContainText("human rights due diligence");
  });

  await test.step("Norway proposes new wording for clause 2.2 and submits it", async () => {
    await norway.goto(`${BASE}/amendments/new`);
    const clause = norway.getByLabel("Clause", { exact: true });
    const option = clause.locator("option", { hasText: /^2\.2 / });
    await clause.selectOption({ value: (await option.getAttribute("value")) ?? "" });
    await press(norway, norway.getByRole("button", { name: "Use this clause" }));
    const proposed = norway.getByLabel("Proposed text");
    await expect(proposed).toHaveValue(new RegExp(`^${CLAUSE_2_2}`));
    await proposed.fill((await proposed.inputValue()).replace("They encourage companies", "They expect companies"));
    await norway.getByLabel("Justification").fill("Companies should meet a clear expectation, not an encouragement.");
    await press(norway, norway.getByRole("button", { name: "Submit", exact: true }));
    await expect(norway).toHaveURL(new RegExp(`${BASE}/amendments/1\\?notice=amendment-submitted$`));
    await expect(norway.getByRole("heading", { level: 1, name: /Amendment 1/ })).toBeVisible();
  });

  await test.step("Denmark co-sponsors it, from the keyboard", async () => {
    await denmark.goto(`${BASE}/amendments/1`);
    await expect(denmark.locator(".amendment-diff ins").first()).toContainText("expect");
    await press(denmark, denmark.getByRole("radio", { name: "Co-sponsor" }), "Space");
    await press(denmark, denmark.getByRole("button", { name: "Record position" }));
    await expect(denmark.getByRole("region", { name: "Co-sponsors and objections" }).locator(".amendment-positions")).toContainText("Denmark");
  });

  await test.step("Australia brackets a phrase of clause 1.1(c), with an alternative wording", async () => {
    await openDraft(australia);
    await selectInEditor(australia, "the scale at which");
    await press(australia, australia.getByRole("toolbar", { name: "Drafting tools" }).getByRole("button", { name: "Bracket", exact: true }));
    const form = australia.locator("form.side-form");
    await expect(form.getByRole("checkbox", { name: /Australia/ })).toBeChecked();
    await form.getByLabel("Alternative wordings").fill("the extent to which");
    await press(australia, form.getByRole("button", { name: "Bracket", exact: true }));
    await expect(australia.locator(".draft-editor .bracket", { hasText: "the scale at which" })).toBeVisible();
    await expect(australia.getByRole("status").filter({ hasText: "All changes saved" })).toBeVisible();
  });

  await test.step("the chair accepts the amendment: the clause reads as amended", async () => {
    await chair.goto(`${BASE}/amendments/1`);
    await press(chair, chair.getByRole("button", { name: "Accept amendment 1" }));
    await expect(chair).toHaveURL(/notice=amendment-accepted/);
    await chair.goto(BASE);
    await expect(chair.locator(".draft-text")).toContainText("They expect companies that develop or sell such technology");
  });

  await test.step("the chair saves the chair's text as version 3 and compares it with the second edition's first text (version 2)", async () => {
    await chair.goto(`${BASE}/versions`);
    await chair.getByLabel("Name", { exact: true }).fill("Chair's text, revision 2");
    await chair.getByLabel("Note").fill("After the first round of amendments.");
    await press(chair, chair.getByRole("button", { name: "Save version" }));
    await expect(chair).toHaveURL(new RegExp(`${BASE}/versions/3\\?notice=version-saved$`));
    await chair.goto(`${BASE}/versions`);
    await chair.getByLabel("Older").selectOption("2");
    await chair.getByLabel("Newer").selectOption("3");
    await press(chair, chair.getByRole("button", { name: "Compare" }));
    await expect(chair.getByRole("heading", { level: 1, name: /^Changes from version 2/ })).toBeVisible();
    await expect(chair.locator(".version-diff del", { hasText: "encourage" })).toBeVisible();
    await expect(chair.locator(".version-diff ins", { hasText: "expect" })).toBeVisible();
    const between = chair.getByRole("region", { name: "Who changed the text in between" });
    await expect(between).toContainText("accepted amendment 1");
    await expect(between).toContainText(/Australia\).*put square brackets around “the scale at which”/);
  });

  let procedure = "";
  await test.step("the chair puts version 3 under silence until tomorrow", async () => {
    await chair.goto(`${BASE}/silence`);
    await chair.getByRole("combobox", { name: "Version" }).selectOption("3");
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    await chair.getByLabel("Deadline").fill(`${tomorrow}T12:00`);
    await press(chair, chair.getByRole("button", { name: "Start the silence procedure" }));
    await expect(chair).toHaveURL(new RegExp(`${BASE}/silence/\\d+$`));
    procedure = new URL(chair.url()).pathname;
  });

  await test.step("Denmark breaks silence with its reason", async () => {
    await denmark.goto(procedure);
    await denmark.getByLabel("Why Denmark breaks silence").fill("Clause 2.2 needs a transition period for small companies.");
    await press(denmark, denmark.getByRole("button", { name: "Break silence" }));
    await expect(denmark.locator("main")).toContainText("Clause 2.2 needs a transition period for small companies.");
  });

  await test.step("the timeline shows every step, dated and attributed", async () => {
    await chair.goto(`${BASE}/activity`);
    const steps = chair.locator(".activity li");
    const expected: [string, RegExp][] = [
      ["Norway", /commented in clause 2\.2 “human rights due diligence”/],
      ["Norway", /submitted amendment 1/],
      ["Denmark", /co-sponsored amendment 1/],
      ["Australia", /put square brackets around “the scale at which” \(held by AU\)/],
      ["Chair", /accepted amendment 1/],
      ["Chair", /saved version 3 “Chair's text, revision 2”/],
      ["Chair", /put version 3 under silence/],
      ["Denmark", /broke silence on version 3/],
    ];
    for (const [who, what] of expected) {
      const step = steps.filter({ hasText: what });
      await expect(step).toHaveCount(1);
      await expect(step).toContainText(who);
      await expect(step.locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
    }
  });
});
