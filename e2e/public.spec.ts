// The public site as a visitor without an account uses it: filtering and sorting the pledge list
// with JavaScript off, switching to French, citing a clause by its anchor, and downloading every
// published file, each opened and checked against the open data (the PDF and Word files carry every
// clause, the Akoma Ntoso file has one article per top-level clause, the CSV is the JSON record for
// record, the Atom feed has one entry per pledge event).
import { type APIRequestContext } from "@playwright/test";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { unzipSync, strFromU8 } from "fflate";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { expect, test } from "./support/test";

const EDITION = "code-of-conduct-1";

interface EditionClause {
  id: string;
  number: string;
  text: string;
  clauses: EditionClause[];
}
interface EditionJSON {
  digest: string;
  sections: { clauses: EditionClause[] }[];
}
interface PledgeJSON {
  id: number;
  state: { code: string };
  effectiveDate: string;
  edition: { digest: string };
  declarations: unknown[];
  withdrawal: unknown;
}

const flatten = (clauses: EditionClause[]): EditionClause[] => clauses.flatMap((clause) => [clause, ...flatten(clause.clauses)]);
const words = (text: string) => text.replace(/\s+/g, " ").trim();

async function edition(request: APIRequestContext): Promise<{ json: EditionJSON; clauses: EditionClause[] }> {
  const json = (await (await request.get(`/code/${EDITION}.json`)).json()) as EditionJSON;
  return { json, clauses: json.sections.flatMap((section) => flatten(section.clauses)) };
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the pledge list filters by region and sorts by state through its form and its column headers", async ({ page }) => {
    await page.goto("/pledges");
    await page.getByLabel("Region").selectOption("Oceania");
    await page.getByLabel("Edition").selectOption(EDITION);
    await page.getByRole("button", { name: "Show pledges" }).click();
    await expect(page).toHaveURL(/region=Oceania/);
    const states = page.getByRole("table").getByRole("rowheader");
    await expect(states).toHaveText(["Australia", "New Zealand"]);
    // A sortable header's link says what clicking it does: "State (state, A to Z)".
    const stateHeader = page.getByRole("columnheader", { name: /^State/ });
    await stateHeader.getByRole("link").click();
    await expect(stateHeader).toHaveAttribute("aria-sort", "ascending");
    await stateHeader.getByRole("link").click();
    await expect(stateHeader).toHaveAttribute("aria-sort", "descending");
    await expect(states).toHaveText(["New Zealand", "Australia"]);
    await page.getByRole("link", { name: "Clear the filters" }).first().click();
    await expect(page).toHaveURL(/\/pledges$/);
  });

  test("a bad filter is refused with the field named, and the list is still there to fix it", async ({ page }) => {
    const response = await page.goto("/pledges?kind=treaty");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("Kind");
    await expect(page.getByLabel("Kind")).toBeVisible();
  });

  test("a clause is cited by its anchor, and the text shows its digest", async ({ page, request }) => {
    const { json } = await edition(request);
    await page.goto(`/code/${EDITION}#clause-1-2`);
    await expect(page.locator("#clause-1-2")).toBeInViewport();
    await expect(page.getByRole("main")).toContainText(json.digest);
    await expect(page.getByRole("navigation", { name: /contents/i })).toBeVisible();
  });
});

test("the language switch leads to the same page in French, with French country names and search", async ({ page }) => {
  await page.goto("/pledges");
  await page.getByRole("navigation", { name: "Language" }).getByRole("link", { name: "Français" }).click();
  await expect(page).toHaveURL(/\/fr\/pledges$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await page.getByLabel(/Rechercher/).fill("Norvège");
  await page.getByRole("button", { name: "Afficher les engagements" }).click();
  await expect(page.getByRole("table").getByRole("rowheader").first()).toHaveText("Norvège");
  await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/pledges\?q=Norv%C3%A8ge/);
  await expect(page.getByRole("table").getByRole("rowheader").first()).toHaveText("Norway");
});

test("the PDF, Word and Akoma Ntoso files of the edition carry every clause", async ({ page, request }) => {
  const { json, clauses } = await edition(request);
  await page.goto(`/code/${EDITION}`);
  const download = async (name: RegExp) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).first().click()]);
    return { name: file.suggestedFilename(), bytes: new Uint8Array(await (await import("node:fs/promises")).readFile((await file.path()) ?? "")) };
  };

  const pdf = await download(/PDF/);
  expect(pdf.name).toBe(`${EDITION}.pdf`);
  const document = await getDocument({ data: pdf.bytes, useSystemFonts: true }).promise;
  let pdfText = "";
  for (let n = 1; n <= document.numPages; n += 1) {
    const content = await (await document.getPage(n)).getTextContent();
    pdfText += ` ${content.items.map((item) => ("str" in item ? item.str : "")).join(" ")}`;
  }
  // The canonical text writes a list item's bullet as "-", the PDF as "•".
  const pdfWords = words(pdfText.replace(/•/g, "-"));
  expect(pdfWords).toContain(json.digest);
  for (const clause of clauses) expect(pdfWords, `clause ${clause.number} in the PDF`).toContain(words(clause.text));

  const docx = await download(/Word/);
  expect(docx.name).toBe(`${EDITION}.docx`);
  const documentXml = strFromU8(unzipSync(docx.bytes)["word/document.xml"] ?? new Uint8Array());
  const entities: Record<string, string> = { amp: "&", apos: "'", quot: '"', lt: "<", gt: ">" };
  const docxText = words(
    documentXml
      .replace(/<w:tab\/>|<\/w:p>/g, " ")
      .replace(/<[^>]+>/g, "")
      .replace(/&(amp|apos|quot|lt|gt);/g, (_, name: string) => entities[name] ?? "")
      .replace(/•/g, "-"),
  );
  for (const clause of clauses) expect(docxText, `clause ${clause.number} in the Word file`).toContain(words(clause.text));

  const akn = await download(/Akoma Ntoso/);
  const xml = strFromU8(akn.bytes);
  expect(XMLValidator.validate(xml)).toBe(true);
  const articles = [...xml.matchAll(/<article\b/g)].length;
  expect(articles).toBe(json.sections.reduce((sum, section) => sum + section.clauses.length, 0));
  expect(xml).toContain(json.digest);
});

test("the CSV is the JSON record for record, and the Atom feed has one entry per pledge event", async ({ request }) => {
  // Another spec may pledge meanwhile: read the JSON before and after, and retry until nothing moved.
  let pledges: PledgeJSON[] = [];
  let csv = "";
  let atom = "";
  await expect
    .poll(async () => {
      const before = await (await request.get("/pledges.json")).text();
      csv = await (await request.get("/pledges.csv")).text();
      atom = await (await request.get("/pledges.atom")).text();
      const after = await (await request.get("/pledges.json")).text();
      pledges = (JSON.parse(after) as { pledges: PledgeJSON[] }).pledges;
      return JSON.parse(before).logSize === JSON.parse(after).logSize;
    })
    .toBe(true);

  const rows = parseCsv(csv, { columns: true, bom: true }) as Record<string, string>[];
  expect(rows.map((row) => [Number(row.pledge_id), row.state_code, row.effective_date, row.text_digest])).toEqual(
    pledges.map((pledge) => [pledge.id, pledge.state.code, pledge.effectiveDate, pledge.edition.digest]),
  );

  expect(XMLValidator.validate(atom)).toBe(true);
  const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" }).parse(atom) as { feed: { entry?: unknown[] } };
  const events = pledges.reduce((sum, pledge) => sum + 1 + pledge.declarations.length + (pledge.withdrawal ? 1 : 0), 0);
  expect(feed.feed.entry ?? []).toHaveLength(events);
});
