// Adoption and pledges end to end, each person in their own browser: the chair prepares a bracket-free
// text and adopts it as the second edition with a code from the chair's authenticator; the United
// States' signer sets up an authenticator, subscribes with a declaration, finds the pledge on the public
// list, downloads its proof bundle (checked here with the log's own verifier), then withdraws.
import fs from "node:fs";
import { type Browser, type Page } from "@playwright/test";
import { verifyProofBundle } from "../app/log/bundle";
import { expect, test } from "./support/test";
import { CHAIR, DEMO_PASSWORD, signerOf } from "./support/accounts";
import { Authenticator, demoChairAuthenticator } from "./support/authenticator";
import { login } from "./support/login";

const BASE = "/instruments/code-of-conduct";
const DECLARATION = "The United States applies this code within the limits of its export control law.";

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await login(page, email);
  return page;
}

test("the chair adopts the second edition; a signer sets up an authenticator, subscribes, checks the proof, and withdraws", async ({ browser }) => {
  test.setTimeout(180_000);
  const chair = await signedIn(browser, CHAIR);
  const signer = await signedIn(browser, signerOf("US"));
  const chairCodes = demoChairAuthenticator();

  let versionNumber = "";
  await test.step("the chair restores the adopted text, which has no brackets, and saves it as a version", async () => {
    await chair.goto(`${BASE}/versions/1`);
    await chair.getByRole("button", { name: "Restore version 1" }).click();
    await expect(chair).toHaveURL(/notice=version-restored/);
    await chair.goto(`${BASE}/versions`);
    await chair.getByLabel("Name", { exact: true }).fill("Text for the second edition");
    await chair.getByRole("button", { name: "Save version" }).click();
    await expect(chair).toHaveURL(/\/versions\/\d+\?notice=version-saved$/);
    versionNumber = /\/versions\/(\d+)/.exec(chair.url())?.[1] ?? "";
  });

  let digest = "";
  await test.step("the chair adopts it as the second edition with a code from the authenticator", async () => {
    await chair.goto(`${BASE}/editions`);
    await expect(chair.getByRole("link", { name: "Code of Conduct, first edition" })).toBeVisible();
    await chair.getByLabel("Version to adopt").selectOption(versionNumber);
    await expect(chair.getByLabel("Title of the edition")).toHaveValue("Second edition");
    await chair.getByLabel("Code from your authenticator app").fill(await chairCodes.code());
    await chair.getByRole("button", { name: "Adopt and publish" }).click();
    await expect(chair).toHaveURL(new RegExp(`${BASE}/editions/2\\?notice=edition-adopted$`));
    digest = (await chair.locator("code").filter({ hasText: /^[0-9a-f]{64}$/ }).first().textContent()) ?? "";
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    // The canonical text served for the edition is exactly the text with that digest.
    const text = await chair.request.get(`${BASE}/editions/2/text`);
    expect(text.headers()["etag"]).toBe(`"${digest}"`);
    const { createHash } = await import("node:crypto");
    expect(createHash("sha256").update(await text.body()).digest("hex")).toBe(digest);
  });

  let signerCodes: Authenticator | null = null;
  await test.step("the signer sets up an authenticator", async () => {
    await signer.goto("/account/second-factor");
    await signer.getByLabel("Your password").fill(DEMO_PASSWORD);
    await signer.getByRole("button", { name: "Set up an authenticator" }).click();
    await expect(signer.getByRole("img", { name: /QR code for your authenticator app/ })).toBeVisible();
    const secret = (await signer.locator(".totp-secret").textContent()) ?? "";
    signerCodes = new Authenticator(secret);
    await signer.getByLabel("Code from your authenticator app").fill(await signerCodes.code());
    await signer.getByRole("button", { name: "Confirm" }).click();
    await expect(signer).toHaveURL(/notice=second-factor-enrolled/);
    await expect(signer.getByRole("main")).toContainText("Set up since");
  });
  if (!signerCodes) throw new Error("the signer has no authenticator");
  const codes: Authenticator = signerCodes;

  let pledgeUrl = "";
  await test.step("the signer subscribes to the second edition with a declaration", async () => {
    await signer.goto(`${BASE}/editions/2/pledge`);
    await expect(signer.getByRole("main")).toContainText(digest);
    await signer.getByRole("radio", { name: "Subscribe" }).check();
    await signer.getByLabel("Declaration").fill(DECLARATION);
    await signer.getByLabel("Code from your authenticator app").fill(await codes.code());
    await signer.getByRole("button", { name: "Pledge for United States of America" }).click();
    await expect(signer).toHaveURL(/\/pledges\/\d+\?notice=pledge-recorded$/);
    pledgeUrl = new URL(signer.url()).pathname;
  });

  const pledgeId = pledgeUrl.split("/").pop() ?? "";
  const visitor = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await test.step("anyone sees the pledge on the public list", async () => {
    await visitor.goto("/pledges");
    const row = visitor.getByRole("row").filter({ has: visitor.getByRole("link", { name: "United States of America" }) }).filter({ hasText: "Second edition" });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("Subscribed");
    await expect(row).toContainText(DECLARATION);
    const listed = await (await visitor.request.get("/pledges.json")).json() as { pledges: { id: number; state: { code: string }; edition: { digest: string } }[] };
    expect(listed.pledges.find((pledge) => String(pledge.id) === pledgeId)).toMatchObject({ state: { code: "US" }, edition: { digest } });
  });

  await test.step("anyone downloads the pledge's proof bundle, and it verifies against the log's key", async () => {
    await visitor.goto(pledgeUrl);
    const [download] = await Promise.all([visitor.waitForEvent("download"), visitor.getByRole("link", { name: "Download the proof bundle" }).click()]);
    expect(download.suggestedFilename()).toBe(`accord-pledge-${pledgeId}-proof.json`);
    const bundle: unknown = JSON.parse(fs.readFileSync((await download.path()) ?? "", "utf8"));
    const key = (await (await visitor.request.get("/log/key")).text()).trim();
    const proved = verifyProofBundle(bundle, { verifierKey: key });
    expect(proved.pledge).toBe(pledgeId);
    expect(proved.entries.map((entry) => entry.kind)).toEqual(["adoption", "subscription", "declaration"]);
    expect(proved.entries.every((entry) => entry.textDigest === digest)).toBe(true);
  });

  await test.step("the signer withdraws; the list shows the state as withdrawn with both dates", async () => {
    await signer.goto(`${BASE}/editions/2/pledge`);
    await signer.getByLabel("Reason for the withdrawal").fill("The government will review its position after the elections.");
    await signer.locator("form", { has: signer.getByLabel("Reason for the withdrawal") }).getByLabel("Code from your authenticator app").fill(await codes.code());
    await signer.getByRole("button", { name: "Withdraw the pledge of United States of America" }).click();
    await expect(signer).toHaveURL(/\/pledges\/\d+\?notice=pledge-withdrawn$/);
    await visitor.goto("/pledges");
    const row = visitor.getByRole("row").filter({ has: visitor.getByRole("link", { name: "United States of America" }) }).filter({ hasText: "Second edition" });
    await expect(row).toContainText(/Withdrawn on .+ \(pledged .+\)/);
  });
});
