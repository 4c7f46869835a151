// The Atom feeds at their addresses in both languages: /pledges.atom and /fr/pledges.atom,
// /states/<code>.atom and /fr/states/<code>.atom (through the file-address rewrite, as the server
// hands them over). The French feeds carry the English feeds' entries under the same ids, each
// language has its own cache tag, and any other language prefix is a 404. The pages link the feed
// in their own language, and /open-data names every feed's address.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { createElement, type ReactElement } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, test } from "vitest";
import { fileRoutePath } from "../../server/file-addresses";
import { I18nProvider, LANGS, langOfPath, translator } from "../i18n";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { pledgeRecords } from "../open-data/pledge-record";
import { openDataScenario } from "../open-data/testing";
import { callRoute, getRequest, testContext } from "../testing/routes";
import * as openDataPage from "./($lang).open-data";
import * as pledgesPage from "./($lang).pledges._index";
import * as pledgesFeedRoute from "./($lang).pledges[.]atom";
import * as statePage from "./($lang).states.$code";
import * as stateFeedRoute from "./($lang).states.$code.files.$format";

const ORIGIN = "http://localhost";

beforeAll(async () => {
  openTransparencyLog(config());
  setClock(() => Date.UTC(2026, 10, 27, 9, 0, 0));
  await openDataScenario();
});

interface Feed {
  "@xml:lang": string;
  id: string;
  title: string;
  link: { "@rel": string; "@href": string }[];
  entry?: { id: string; updated: string; title: { "#text": string }; link: { "@href": string }[] }[];
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "entry" || name === "link" });

async function feedOf(response: Response): Promise<Feed> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/atom+xml; charset=utf-8");
  const xml = await response.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  return (parser.parse(xml) as { feed: Feed }).feed;
}

/** The `($lang)` segment as Remix hands it over: absent for English. */
const langParams = (lang: string | undefined): Record<string, string> => (lang ? { lang } : {});

function pledgesFeed(lang: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  const request = getRequest(lang ? `/${lang}/pledges.atom` : "/pledges.atom");
  for (const [name, value] of Object.entries(headers)) request.headers.set(name, value);
  return callRoute(pledgesFeedRoute.loader, request, { params: langParams(lang) });
}

/** A state's feed by its published address, rewritten as server/file-addresses.ts does. */
function stateFeed(address: string): Promise<Response> {
  const path = fileRoutePath(address);
  if (!path) throw new Error(`${address} is not the address of a published file`);
  return stateFeedAt(path);
}

/** The resource route's own path, `[/<lang>]/states/<code>/files/<format>`, whatever its parts. */
function stateFeedAt(path: string): Promise<Response> {
  const [, lang, code = "", format = ""] = /^(?:\/([^/]+))?\/states\/([^/]+)\/files\/([^/]+)$/.exec(path) ?? [];
  return callRoute(stateFeedRoute.loader, getRequest(path), { params: { ...langParams(lang), code, format } });
}

describe("/fr/pledges.atom", () => {
  test("is the English feed's entries in French, linking to the French pages", async () => {
    const english = await feedOf(await pledgesFeed(undefined));
    const french = await feedOf(await pledgesFeed("fr"));
    expect(english["@xml:lang"]).toBe("en");
    expect(english.title).toBe("Accord: pledge events");
    expect(english.link).toContainEqual({ "@rel": "self", "@href": `${ORIGIN}/pledges.atom` });

    expect(french["@xml:lang"]).toBe("fr");
    expect(french.title).toBe("Accord : événements d’engagement");
    expect(french.link).toEqual(
      expect.arrayContaining([
        { "@rel": "self", "@href": `${ORIGIN}/fr/pledges.atom` },
        { "@rel": "alternate", "@href": `${ORIGIN}/fr/pledges` },
      ]),
    );
    expect(french.entry?.map((entry) => [entry.id, entry.updated])).toEqual(english.entry?.map((entry) => [entry.id, entry.updated]));
    expect(french.entry).toHaveLength(6);
    expect(new Set(french.entry?.map((entry) => entry.link[0]?.["@href"]))).toEqual(new Set(pledgeRecords(ORIGIN).map((record) => `${ORIGIN}/fr/pledges/${record.id}`)));
    expect(french.entry?.map((entry) => entry.title["#text"])).toContain(
      `Suède : souscription à « ${pledgeRecords(ORIGIN, { stateCode: "SE" })[0]!.edition.title} »`,
    );
  });

  test("has a cache tag of its own: each language revalidates to a 304, never to the other's copy", async () => {
    const english = await pledgesFeed(undefined);
    const french = await pledgesFeed("fr");
    const frenchTag = french.headers.get("ETag") ?? "";
    expect(frenchTag).toMatch(/^W\/"[^"]+"$/);
    expect(frenchTag).not.toBe(english.headers.get("ETag"));
    expect(french.headers.get("Access-Control-Allow-Origin")).toBe("*");

    const cached = await pledgesFeed("fr", { "If-None-Match": frenchTag });
    expect(cached.status).toBe(304);
    expect(cached.headers.get("ETag")).toBe(frenchTag);
    expect(await cached.text()).toBe("");
    expect((await pledgesFeed(undefined, { "If-None-Match": frenchTag })).status).toBe(200);
  });

  test("any other language prefix is a 404, English's own included", async () => {
    for (const lang of ["de", "en", "FR"]) expect((await pledgesFeed(lang)).status, lang).toBe(404);
  });
});

describe("/fr/states/<code>.atom", () => {
  test("is the state's English feed's entries in French, under the French addresses", async () => {
    const norway = pledgeRecords(ORIGIN, { stateCode: "NO" })[0]!;
    const english = await feedOf(await stateFeed("/states/NO.atom"));
    const french = await feedOf(await stateFeed("/fr/states/NO.atom"));
    expect(english.title).toBe("Accord: pledge events of Norway");
    expect(english.id).toBe("tag:localhost,2023:states/NO");

    expect(french["@xml:lang"]).toBe("fr");
    expect(french.title).toBe("Accord : événements d’engagement – Norvège");
    expect(french.id).toBe("tag:localhost,2023:fr/states/NO");
    expect(french.link).toEqual(
      expect.arrayContaining([
        { "@rel": "self", "@href": `${ORIGIN}/fr/states/NO.atom` },
        { "@rel": "alternate", "@href": `${ORIGIN}/fr/states/NO` },
      ]),
    );
    expect(french.entry).toHaveLength(1 + norway.declarations.length);
    expect(french.entry?.map((entry) => entry.id)).toEqual(english.entry?.map((entry) => entry.id));
    expect(french.entry?.every((entry) => entry.link[0]?.["@href"] === `${ORIGIN}/fr/pledges/${norway.id}`)).toBe(true);
    expect(french.entry?.every((entry) => entry.title["#text"].startsWith("Norvège : "))).toBe(true);

    const englishTag = (await stateFeed("/states/NO.atom")).headers.get("ETag");
    expect((await stateFeed("/fr/states/NO.atom")).headers.get("ETag")).not.toBe(englishTag);
  });

  test("says in French what is missing; another language prefix is a 404", async () => {
    const unknown = await stateFeed("/fr/states/ZZ.atom");
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe("Accord ne connaît aucun État portant le code ZZ.\n");
    const otherFormat = await stateFeedAt("/fr/states/NO/files/rss");
    expect(otherFormat.status).toBe(404);
    expect(await otherFormat.text()).toContain("/fr/states/NO.atom");
    const english = await stateFeedAt("/states/NO/files/rss");
    expect(await english.text()).toBe("There is no such file. A state's feed is at the address of its page followed by .atom, e.g. /states/NO.atom.\n");

    for (const lang of ["de", "en"]) expect((await stateFeedAt(`/${lang}/states/NO/files/atom`)).status, lang).toBe(404);
  });
});

interface PageModule {
  loader: (args: LoaderFunctionArgs) => Promise<unknown>;
  default: () => ReactElement;
}

/** A public page as a browser gets it at `path`, rendered on the server from its real loader, in the address's language. */
async function renderPage(page: PageModule, routePath: string, path: string): Promise<string> {
  const route = {
    id: "page",
    path: routePath,
    loader: ({ request, params }: Pick<LoaderFunctionArgs, "request" | "params">) => page.loader({ request, params, context: testContext() }),
    Component: page.default,
  };
  const handler = createStaticHandler([route]);
  const context = await handler.query(getRequest(path));
  if (context instanceof Response) throw new Error(`${path} answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  const tree = createElement(I18nProvider, { lang: langOfPath(path), children: createElement(StaticRouterProvider, { router, context }) });
  return renderToString(tree);
}

/** The `<link rel="alternate">` of the page's head: what its `meta` export gives for its loader's data. */
async function alternateFeed(page: { loader: PageModule["loader"]; meta: unknown }, path: string, params: Record<string, string>): Promise<unknown> {
  const data: unknown = await (await callRoute(page.loader, getRequest(path), { params })).json();
  const meta = page.meta as (args: { data: unknown }) => { rel?: string; type?: string }[];
  return meta({ data }).find((tag) => tag.rel === "alternate" && tag.type === "application/atom+xml");
}

describe("the pages link the feed in their language", () => {
  test.each([
    { language: "English", lang: undefined, prefix: "" },
    { language: "French", lang: "fr", prefix: "/fr" },
  ])("the pledge list and a state's page in $language, in the head and in the page", async ({ lang, prefix }) => {
    const list = await renderPage(pledgesPage, "/:lang?/pledges", `${prefix}/pledges`);
    expect(list).toContain(`href="${prefix}/pledges.atom" type="application/atom+xml"`);
    expect(await alternateFeed(pledgesPage, `${prefix}/pledges`, langParams(lang))).toMatchObject({
      href: `${prefix}/pledges.atom`,
      title: translator(lang ? "fr" : "en").t("feeds.pledges.title"),
    });

    const state = await renderPage(statePage, "/:lang?/states/:code", `${prefix}/states/NO`);
    expect(state).toContain(`href="${prefix}/states/NO.atom" type="application/atom+xml"`);
    expect(await alternateFeed(statePage, `${prefix}/states/NO`, { ...langParams(lang), code: "NO" })).toMatchObject({ href: `${prefix}/states/NO.atom` });
  });

  test.each(LANGS)("/open-data names the English and the French feeds, in %s", (lang) => {
    const html = renderToString(createElement(I18nProvider, { lang, children: createElement(openDataPage.default) }));
    for (const address of ["/pledges.atom", "/states/{code}.atom", "/fr/pledges.atom", "/fr/states/{code}.atom"]) expect(html).toContain(`<code>${address}</code>`);
    expect(html).toContain('<a href="/fr/pledges.atom">');
    const { t } = translator(lang);
    for (const id of ["feeds.openData.languages", "feeds.dataset.pledgesAtomFr", "feeds.dataset.stateAtomFr"] as const) expect(html).toContain(t(id));
  });
});
