// Every public page, in English and in French, read as the public reads it: with JavaScript off (the
// page is complete, ships no script, and none of its links is dead: what is cited and downloaded
// answers), and on a phone (WCAG 2.2 SC 1.4.10 Reflow: usable at 320 CSS px without scrolling in two
// dimensions; only a named, focusable scroll container such as a wide table or the map may scroll
// sideways, inside itself; what a reader can disclose, such as a chart's table, is opened and measured
// too).
//
// The pages are one table: a page added to the public site is one line in PUBLIC_PAGES.
//
// Runs in the serial project (playwright.config.ts): it adds a state with no pledge, the one page of
// the demo's kind that does not exist otherwise, and a write must not land between another spec's
// database fingerprints. Being serial also makes one worker check every link once for the whole run.
import { request as newRequest, type APIRequestContext, type Page } from "@playwright/test";
import { CHAIR } from "./support/accounts";
import { apiLogin, postForm } from "./support/api";
import { readDatabase } from "./support/database";
import { BASE_URL } from "./support/server";
import { expect, test } from "./support/test";

type Lang = "en" | "fr";

interface PublicPage {
  /** What the page is, for the tests' names. */
  name: string;
  /** The page's address in each language; a page that exists in English only has no `fr`. */
  addresses: { en: string; fr?: string };
  /** The status the address answers with, 200 unless said. */
  status?: number;
  /** Where the address redirects to, when it is a short address for another page (placeholders allowed). */
  redirectsTo?: { en: string; fr: string };
  /**
   * For a page that ships a script as an enhancement: what it tells a reader without JavaScript to do
   * instead. Every other public page ships none.
   */
  withoutScript?: { en: RegExp; fr: RegExp };
  /** Why a page ships scripts although a visitor needs none: a known exception, to be removed once mended. */
  shipsScriptsBecause?: string;
}

/** Stands in an address for the id of a pledge, read from /pledges.json when the run starts. */
const PLEDGE = ":pledge";
/** Stands in an address for the newest adopted edition, read from the database when it is needed (other specs adopt one). */
const LATEST_EDITION = ":latest-edition";
/** A state this spec adds as invited, with no pledge: the demo's 25 states all subscribed. */
const UNPLEDGED = "IS";

const PUBLIC_PAGES: PublicPage[] = [
  { name: "home", addresses: { en: "/", fr: "/fr" } },
  {
    name: "latest edition",
    addresses: { en: "/code", fr: "/fr/code" },
    redirectsTo: { en: `/code/${LATEST_EDITION}`, fr: `/fr/code/${LATEST_EDITION}` },
  },
  { name: "adopted text", addresses: { en: "/code/code-of-conduct-1", fr: "/fr/code/code-of-conduct-1" } },
  { name: "pledge list", addresses: { en: "/pledges", fr: "/fr/pledges" } },
  {
    name: "filtered pledge list",
    addresses: { en: "/pledges?kind=subscription&region=Europe&sort=-state", fr: "/fr/pledges?kind=subscription&region=Europe&sort=-state" },
  },
  { name: "pledge", addresses: { en: `/pledges/${PLEDGE}`, fr: `/fr/pledges/${PLEDGE}` } },
  { name: "state with pledges", addresses: { en: "/states/NO", fr: "/fr/states/NO" } },
  { name: "state without a pledge", addresses: { en: `/states/${UNPLEDGED}`, fr: `/fr/states/${UNPLEDGED}` } },
  { name: "open data", addresses: { en: "/open-data", fr: "/fr/open-data" } },
  {
    name: "public log",
    addresses: { en: "/log", fr: "/fr/log" },
    withoutScript: { en: /Without it, use the command line verifier/, fr: /Sans JavaScript, utilisez le vérificateur en ligne de commande/ },
  },
  {
    name: "editions of the instrument",
    addresses: { en: "/instruments/code-of-conduct/editions" },
    shipsScriptsBecause: "the same route serves the chair's adoption form, whose pending state is an enhancement",
  },
  { name: "edition of the instrument", addresses: { en: "/instruments/code-of-conduct/editions/1" } },
  { name: "page not found", addresses: { en: "/no-such-page", fr: "/fr/no-such-page" }, status: 404 },
];

/** The main navigation's and the language switch's names in each language (app/i18n/messages/common.ts). */
const LANDMARKS: Record<Lang, { main: string; language: string }> = {
  en: { main: "Main", language: "Language" },
  fr: { main: "Navigation principale", language: "Langue" },
};

const PHONES = [
  { width: 320, height: 640 },
  { width: 375, height: 812 },
];

/** Each address of each page, with its language. */
const ADDRESSES = PUBLIC_PAGES.flatMap((page) =>
  (["en", "fr"] as const).flatMap((lang) => {
    const address = page.addresses[lang];
    return address ? [{ page, lang, address }] : [];
  }),
);

let pledgeId: string | undefined;

/** The address with its placeholders filled in. */
function resolve(address: string): string {
  let resolved = address;
  if (resolved.includes(PLEDGE)) {
    if (!pledgeId) throw new Error("No pledge id: the beforeAll hook did not read /pledges.json.");
    resolved = resolved.replace(PLEDGE, pledgeId);
  }
  if (resolved.includes(LATEST_EDITION)) {
    const slug = readDatabase((sqlite) => sqlite.prepare("SELECT slug FROM editions ORDER BY number DESC LIMIT 1").pluck().get());
    if (typeof slug !== "string") throw new Error("No edition has been adopted.");
    resolved = resolved.replace(LATEST_EDITION, slug);
  }
  return resolved;
}

/** Adds the state without a pledge through the chair's form, unless an earlier run in this server did. */
async function ensureUnpledgedState(): Promise<void> {
  const chair = await newRequest.newContext({ baseURL: BASE_URL });
  try {
    if ((await chair.get(`/states/${UNPLEDGED}`)).status() === 200) return;
    await apiLogin(chair, CHAIR);
    const added = await postForm(chair, "/admin/states?index", {
      code: UNPLEDGED,
      status: "invited",
      effectiveDate: "2026-10-05",
      sourceNote: "Illustrative test data: an invitation with no pledge yet.",
    });
    expect(added.status(), `adding ${UNPLEDGED} as the chair`).toBe(302);
  } finally {
    await chair.dispose();
  }
}

test.beforeAll(async ({ request }) => {
  const { pledges } = (await (await request.get("/pledges.json")).json()) as { pledges: { id: number; state: { code: string } }[] };
  expect(pledges.length, "the demo's pledges in /pledges.json").toBeGreaterThan(0);
  expect(pledges.filter((pledge) => pledge.state.code === UNPLEDGED), `pledges of ${UNPLEDGED}`).toEqual([]);
  pledgeId = String(pledges[0]?.id);
  await ensureUnpledgedState();
});

// The browser's default language would otherwise decide where "/" leads.
test.use({ locale: "en-GB" });

/** Every link checked in this worker, by address without its fragment: each is fetched once. */
const checkedLinks = new Map<string, Promise<number>>();

function linkStatus(request: APIRequestContext, address: string): Promise<number> {
  let status = checkedLinks.get(address);
  if (!status) {
    status = request.get(address).then((response) => response.status());
    checkedLinks.set(address, status);
  }
  return status;
}

/** The page's same-origin links: their addresses without fragment, and the fragments pointing into the page itself. */
async function sameOriginLinks(page: Page): Promise<{ addresses: string[]; missingTargets: string[] }> {
  return page.evaluate(() => {
    const here = new URL(location.href);
    const addresses = new Set<string>();
    const missingTargets: string[] = [];
    // The attribute, not `.href`: the map's links are SVG elements, whose `href` is not a string.
    for (const link of Array.from(document.querySelectorAll("a[href]"))) {
      const url = new URL(link.getAttribute("href") ?? "", here);
      if (url.origin !== here.origin) continue;
      const samePage = url.pathname === here.pathname && url.search === here.search;
      if (samePage && url.hash) {
        const id = decodeURIComponent(url.hash.slice(1));
        if (!document.getElementById(id)) missingTargets.push(link.getAttribute("href") ?? "");
        continue;
      }
      url.hash = "";
      addresses.add(url.href);
    }
    return { addresses: [...addresses], missingTargets };
  });
}

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  for (const { page: entry, lang, address } of ADDRESSES) {
    test(`${entry.name} (${address}) is complete without JavaScript and has no dead link`, async ({ page, request }) => {
      const path = resolve(address);
      const response = await page.goto(path);
      expect(response?.status(), `${path} answers`).toBe(entry.status ?? 200);
      if (entry.redirectsTo) {
        expect(response?.request().redirectedFrom()?.url(), `${path} redirects`).toBe(`${BASE_URL}${path}`);
        expect(new URL(page.url()).pathname).toBe(resolve(entry.redirectsTo[lang]));
      }

      // Soft: one run reports every problem of the page.
      await expect.soft(page.locator("html")).toHaveAttribute("lang", lang);
      await expect.soft(page.locator("head > title"), "one title").toHaveCount(1);
      expect.soft((await page.title()).trim(), "the title").not.toBe("");
      await expect.soft(page.locator("h1"), "one h1").toHaveCount(1);
      await expect.soft(page.getByRole("main")).toHaveCount(1);

      if (entry.withoutScript) await expect.soft(page.getByText(entry.withoutScript[lang])).toBeVisible();
      else if (!entry.shipsScriptsBecause) await expect.soft(page.locator("script"), "scripts shipped").toHaveCount(0);

      const { addresses, missingTargets } = await sameOriginLinks(page);
      expect(missingTargets, "links to a fragment the page does not have").toEqual([]);
      const statuses = await Promise.all(addresses.map(async (link) => ({ link, status: await linkStatus(request, link) })));
      const dead = statuses.filter(({ status }) => status < 200 || status > 299).map(({ link, status }) => `${link} → ${status}`);
      expect(dead, `dead links on ${path}`).toEqual([]);
    });
  }
});

test.describe("a browser that prefers French", () => {
  test.use({ locale: "fr-FR", javaScriptEnabled: false });

  test("is led from / to /fr, and the language switch there leads back to the English home page", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/fr$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "fr");
    await page.getByRole("navigation", { name: LANDMARKS.fr.language }).getByRole("link", { name: "English" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});

/** What at the current width is wider than the viewport, and what scrolls sideways without being a named, focusable region. */
async function reflowProblems(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : "";
      const classes = typeof element.className === "string" && element.className ? `.${element.className.trim().split(/\s+/).join(".")}` : "";
      const text = (element.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${element.tagName.toLowerCase()}${id}${classes} "${text}"`;
    };
    const all = Array.from(document.body.querySelectorAll("*"));
    const scrollers = all.filter((element) => {
      const { overflowX } = getComputedStyle(element);
      return (overflowX === "auto" || overflowX === "scroll") && element.scrollWidth > element.clientWidth;
    });
    const accessibleName = (element: Element) =>
      (
        element.getAttribute("aria-label") ??
        (element.getAttribute("aria-labelledby") ?? "")
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? "")
          .join(" ")
      ).trim();
    const unnamedScrollers = scrollers
      .filter((element) => element.getAttribute("tabindex") !== "0" || element.getAttribute("role") !== "region" || accessibleName(element) === "")
      .map(describe);

    // A scroll container clips what it contains, except what is positioned against a box outside it.
    const clippedBy = (scroller: Element, element: Element) => {
      if (!scroller.contains(element)) return false;
      const { position } = getComputedStyle(element);
      if (position === "fixed") return false;
      if (position !== "absolute" || !(element instanceof HTMLElement)) return true;
      return !!element.offsetParent && scroller.contains(element.offsetParent);
    };
    const overflows = (element: Element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
    };
    const tooWide = all
      // Shapes inside an SVG are clipped to it; the SVG itself is checked.
      .filter((element) => !(element instanceof SVGElement && element.ownerSVGElement))
      .filter((element) => !scrollers.some((scroller) => scroller !== element && clippedBy(scroller, element)))
      .filter(overflows)
      // The outermost only: what overflows inside it follows from it.
      .filter((element) => !(element.parentElement && element.parentElement !== document.body && overflows(element.parentElement)))
      .map((element) => `${describe(element)} (${Math.round(element.getBoundingClientRect().left)}–${Math.round(element.getBoundingClientRect().right)} px)`);

    // Text cut off by a box that hides its overflow (the visually hidden texts are 1 px on purpose).
    const clipped = all
      .filter((element) => {
        const { overflowX } = getComputedStyle(element);
        return (overflowX === "hidden" || overflowX === "clip") && element.clientWidth > 1 && element.scrollWidth > element.clientWidth + 1;
      })
      .map(describe);

    const h1 = document.querySelector("h1");
    const h1Box = h1?.getBoundingClientRect();
    const h1Fits = !!h1 && !!h1Box && h1.scrollWidth <= h1.clientWidth + 1 && h1Box.left >= 0 && h1Box.right <= width + 0.5;

    return { pageScroll: document.documentElement.scrollWidth - width, tooWide, unnamedScrollers, clipped, h1Fits };
  });
}

test.describe("on a phone", () => {
  for (const { page: entry, lang, address } of ADDRESSES) {
    test(`${entry.name} (${address}) reflows at 320 and 375 px`, async ({ page }) => {
      const path = resolve(address);
      for (const phone of PHONES) {
        await page.setViewportSize(phone);
        const response = await page.goto(path);
        expect(response?.status(), `${path} answers`).toBe(entry.status ?? 200);
        const at = `${path} at ${phone.width} px`;

        // What a reader can disclose must reflow too: the map's and the chart's text alternatives.
        await page.locator("details").evaluateAll((all) => all.forEach((details) => ((details as HTMLDetailsElement).open = true)));
        // Soft: one run reports every problem of the page at both widths.
        const problems = await reflowProblems(page);
        expect.soft(problems.pageScroll, `${at}: the page scrolls sideways by`).toBeLessThanOrEqual(0);
        expect.soft(problems.tooWide, `${at}: wider than the screen`).toEqual([]);
        expect.soft(problems.unnamedScrollers, `${at}: scroll containers that are not a named, focusable region`).toEqual([]);
        expect.soft(problems.clipped, `${at}: clipped text`).toEqual([]);
        expect.soft(problems.h1Fits, `${at}: the h1 fits`).toBe(true);

        // The language switch leads to the same page in the other language: an error page has none.
        const switchable = !!entry.addresses.fr && entry.status === undefined;
        await expectHeaderReachable(page, lang, switchable, at);
      }
    });
  }
});

/**
 * The main navigation's links and the language switch are on screen, and a keyboard reaches the last
 * of them from the top of the page (past the skip link, the site's name and the navigation).
 */
async function expectHeaderReachable(page: Page, lang: Lang, localized: boolean, at: string) {
  const banner = page.getByRole("banner");
  const links = banner.getByRole("navigation", { name: LANDMARKS[lang].main }).getByRole("link");
  const switcher = banner.getByRole("navigation", { name: LANDMARKS[lang].language }).getByRole("link");
  expect(await links.count(), `${at}: main navigation links`).toBeGreaterThan(0);
  for (const link of await links.all()) await expect(link, `${at}: a navigation link on screen`).toBeInViewport({ ratio: 1 });
  if (localized) await expect(switcher, `${at}: the language switch on screen`).toBeInViewport({ ratio: 1 });
  else await expect(switcher).toHaveCount(0);

  const last = localized ? switcher : links.last();
  const isFocused = () => last.evaluate((element) => element === document.activeElement);
  for (let presses = 0; presses < 20 && !(await isFocused()); presses += 1) await page.keyboard.press("Tab");
  await expect(last, `${at}: reached with the Tab key`).toBeFocused();
}
