// The /log page: what its loader reads from the stored log and the server's check of the
// checkpoint, the HTML a reader without JavaScript gets (in English at /log, in French at /fr/log),
// the browser verifier run against the real endpoints, and that the page's browser code imports
// nothing that needs Node or the server.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createElement, type ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { currentDatabase } from "../../db/client";
import { BundleOutcome, WholeLogCheck } from "../components/log-verifier";
import { I18nProvider, translator, type Lang } from "../i18n";
import { hashLeaf, toHex } from "../log";
import { utf8 } from "../log/bytes";
import { config } from "../lib/env.server";
import { buildBundleLog } from "../log-web/test-support";
import { verifyBundleInBrowser, verifyLogInBrowser } from "../log-web/verify";
import { appendLogEntry, forgetLogTree, latestCheckpoint, logVerifierKey, openTransparencyLog } from "../models/transparency-log.server";
import { testEntryText } from "../testing/log";
import { callRoute, getRequest, testContext, type RouteHandler } from "../testing/routes";
import { loader as checkpointLoader } from "./log.checkpoint";
import { loader as entriesLoader } from "./log.entries";
import { loader as keyLoader } from "./log.key";
import LogPage, { loader as pageLoader, useLogVerifierLabels } from "./($lang).log._index";

const remix = vi.hoisted(() => ({ loaderData: undefined as unknown }));
vi.mock("@remix-run/react", () => {
  type Props = Record<string, unknown> & { children?: ReactNode };
  const link = ({ children, to, ...rest }: Props) => createElement("a", { href: to, ...rest }, children);
  return { Link: link, useLoaderData: () => remix.loaderData };
});

type PageData = Awaited<ReturnType<Awaited<ReturnType<typeof pageLoader>>["json"]>>;

/** The page's data from its loader at /log (English) or /fr/log. */
async function loader(lang: Lang = "en"): Promise<PageData> {
  const request = getRequest(lang === "en" ? "/log" : `/${lang}/log`);
  const response = await pageLoader({ request, params: lang === "en" ? {} : { lang }, context: testContext() });
  return response.json();
}

/** What the page's own components render, inside the app's translations. */
const inLang = (lang: Lang, children: ReactNode) => renderToString(createElement(I18nProvider, { lang, children })).replaceAll("<!-- -->", "");

/** The page's HTML as the server sends it, from the loader's data serialised as Remix does. */
async function render(lang: Lang = "en"): Promise<string> {
  remix.loaderData = await loader(lang);
  return inLang(lang, createElement(LogPage));
}

const ROUTES: Record<string, RouteHandler> = { "/log/checkpoint": checkpointLoader, "/log/key": keyLoader, "/log/entries": entriesLoader };
const serveFromRoutes = (route: string) => {
  const handler = ROUTES[new URL(route, "http://localhost").pathname];
  return handler ? callRoute(handler, getRequest(route)) : Promise.resolve(new Response("Not found", { status: 404 }));
};

const sqlite = () => currentDatabase().sqlite;

beforeAll(() => {
  openTransparencyLog(config());
});

describe("the empty log", () => {
  test("the page says so and shows the checkpoint of size 0", async () => {
    const data = await loader();
    expect(data).toMatchObject({ treeSize: 0, rootHex: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", signatureProblem: null, latest: [] });
    const html = await render();
    expect(html).toContain("The log has no entries yet.");
    expect(html).toContain("The checkpoint&#x27;s signature verified with the log&#x27;s key when this page was made.");
  });
});

test("the page does not claim more than the log proves: one reader's checkpoint does not show that others saw the same", async () => {
  const html = await render();
  expect(html).not.toContain("shows everyone the same history");
  expect(html).toContain("unless readers compare the checkpoints");
});

test("a bundle signed with a key other than this log's is not announced as verified", async () => {
  const { bundle } = buildBundleLog();
  const result = await verifyBundleInBrowser(JSON.stringify(bundle));
  function Outcome({ logKey }: { logKey: string }) {
    return createElement(BundleOutcome, { file: "pledge-17.json", result, logKey, labels: useLogVerifierLabels() });
  }
  const outcome = (logKey: string, lang: Lang = "en") => inLang(lang, createElement(Outcome, { logKey }));
  const ours = outcome(bundle.verifierKey);
  expect(ours).toContain("Verified with this log&#x27;s key: pledge-17.json proves pledge 17");
  const foreign = outcome(logVerifierKey());
  expect(foreign).not.toContain("Verified");
  expect(foreign).toContain("Not signed by this log.");
  expect(foreign).toContain('class="notice notice--warning"');
  const french = outcome(bundle.verifierKey, "fr");
  expect(french).toContain("Vérifié avec la clé de ce journal : pledge-17.json prouve l’engagement 17");
  expect(outcome(logVerifierKey(), "fr")).toContain("<strong>Non signé par ce journal.</strong>");
});

describe("a log with entries", () => {
  beforeAll(() => {
    sqlite().transaction(() => {
      for (let n = 0; n < 45; n++) appendLogEntry(testEntryText(n));
    })();
  });

  test("the loader gives the checkpoint, the key, and the last 20 entries newest first", async () => {
    const data = await loader();
    const checkpoint = latestCheckpoint();
    expect(data.treeSize).toBe(45);
    expect(data.rootHex).toBe(toHex(checkpoint.rootHash));
    expect(data.note).toBe(checkpoint.note);
    expect(data.verifierKey).toBe(logVerifierKey());
    expect(data.signatureProblem).toBeNull();
    expect(data.latest.map((entry) => entry.index)).toEqual(Array.from({ length: 20 }, (_, i) => 44 - i));
    expect(data.latest[0]).toEqual({ index: 44, text: testEntryText(44), leafHex: toHex(hashLeaf(utf8(testEntryText(44)))) });
  });

  test("the HTML, without JavaScript, holds the signed note, the key, the entries and a link to every endpoint", async () => {
    const html = await render();
    expect(html).toContain(`/log/checkpoint</a>:</p><pre class="log-text">${latestCheckpoint().note}</pre>`);
    expect(html).toContain(logVerifierKey());
    expect(html).toContain("<h3>Entry 44</h3>");
    expect(html).toContain("<h3>Entry 25</h3>");
    expect(html).not.toContain("<h3>Entry 24</h3>");
    expect(html).toContain(`<pre class="log-text">${testEntryText(44)}</pre>`);
    for (const href of ["/log/checkpoint", "/log/key", "/log/entries?start=25&amp;end=45", "/log/entries?start=0&amp;end=45", "/log/proof/inclusion?index=44&amp;size=45", "/log/proof/consistency?from=0&amp;to=45"]) {
      expect(html).toContain(`href="${href}"`);
    }
    expect(html).toContain("With JavaScript on, this page can check the whole log");
    expect(html).not.toContain("Verify in this browser</button>");
  });

  test("the browser verifier, run against the real endpoints, verifies the stored log", async () => {
    const result = await verifyLogInBrowser(serveFromRoutes);
    expect(result).toEqual({ ok: true, treeSize: 45, rootHex: toHex(latestCheckpoint().rootHash), keyName: "accord.example/log", problems: [] });
  });

  test("a checkpoint altered behind the app's back is reported by the server's check and by the browser's", async () => {
    sqlite().exec("BEGIN");
    try {
      sqlite().exec(
        "DROP TRIGGER log_checkpoints_no_update; UPDATE log_checkpoints SET note = replace(note, char(10) || '45' || char(10), char(10) || '44' || char(10)) WHERE tree_size = 45;",
      );
      forgetLogTree();
      expect((await loader()).signatureProblem).toMatch(/^invalid signature for key accord\.example\/log\+[0-9a-f]{8}$/);
      expect(await render()).toContain('The checkpoint&#x27;s signature did NOT verify with the log&#x27;s key when this page was made: <span lang="en">invalid signature for key');
      const result = await verifyLogInBrowser(serveFromRoutes);
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([expect.stringMatching(/^the signature by accord\.example\/log\+[0-9a-f]{8} does not verify/)]);
    } finally {
      sqlite().exec("ROLLBACK");
      forgetLogTree();
    }
  });
});

// After the 45 entries appended above.
describe("in French, at /fr/log", () => {
  const fr = translator("fr");

  test("the loader answers /fr/log with French words for the head, and the same log data as /log", async () => {
    const french = await loader("fr");
    const english = await loader("en");
    expect(french.meta).toEqual({ title: "Journal public – Accord", description: fr.t("log.meta.description") });
    expect(english.meta.title).toBe("Public log – Accord");
    const { meta: _fr, signedAtText: frSigned, ...frenchData } = french;
    const { meta: _en, signedAtText: enSigned, ...englishData } = english;
    expect(frenchData).toEqual(englishData);
    expect(frSigned).toBe(fr.instant(french.signedAt));
    expect(frSigned).not.toBe(enSigned);
  });

  test("the page is in French: headings, the explanation of what the log proves and does not, the verifier's words; the data as they are", async () => {
    const html = await render("fr");
    expect(html).toContain("<h1>Journal public</h1>");
    expect(html).toContain("<h2>Ce que prouve le journal</h2>");
    expect(html).toContain("<h2>Ce qu’il ne prouve pas</h2>");
    for (const id of ["log.intro", "log.proves.signed", "log.proves.consistent", "log.notProves.truth", "log.notProves.split", "log.verifier.noScript"] as const) {
      expect(html).toContain(fr.t(id));
    }
    expect(html).toContain("à moins que les lecteurs ne comparent les points de contrôle");
    expect(html).toContain("<h3>Entrée 44</h3>");
    expect(html).toContain(`/log/checkpoint</a> :</p><pre class="log-text">${latestCheckpoint().note}</pre>`);
    expect(html).toContain(`<pre class="log-text">${testEntryText(44)}</pre>`);
    expect(html).toContain(logVerifierKey());
    // The data endpoints keep their one address; the other public pages are in French.
    for (const href of ["/log/checkpoint", "/log/key", "/log/entries?start=25&amp;end=45", "/log/proof/inclusion?index=44&amp;size=45"]) {
      expect(html).toContain(`href="${href}"`);
    }
    expect(html).toContain('href="/fr/pledges"');
    expect(html).not.toContain("What the log proves");
    expect(html).not.toContain("Latest entries");
  });

  test("the in-browser verifier's button and words are French", () => {
    function Check() {
      return createElement(WholeLogCheck, { labels: useLogVerifierLabels() });
    }
    const html = inLang("fr", createElement(Check));
    expect(html).toContain(">Vérifier dans ce navigateur</button>");
    expect(html).toContain(`<h3 id="browser-check-title">${fr.t("log.verifier.whole.title")}</h3>`);
    expect(inLang("en", createElement(Check))).toContain(">Verify in this browser</button>");
  });

  test("/log and /fr/log are the page's addresses; any other language, /en/log included, is a 404", async () => {
    for (const lang of ["de", "en"]) {
      const response = await callRoute(pageLoader, getRequest(`/${lang}/log`), { params: { lang } });
      expect(response.status, lang).toBe(404);
    }
    expect((await callRoute(pageLoader, getRequest("/fr/log"), { params: { lang: "fr" } })).status).toBe(200);
  });
});

describe("the page's browser code", () => {
  const ROOT = fileURLToPath(new URL("..", import.meta.url));

  // Every module the component reaches through relative imports, with its bare imports.
  function importGraph(file: string, seen = new Map<string, string[]>()): Map<string, string[]> {
    if (seen.has(file)) return seen;
    const source = fs.readFileSync(file, "utf8");
    const specifiers = [...source.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gms)].map((match) => match[1] as string);
    seen.set(file, specifiers);
    for (const specifier of specifiers.filter((s) => s.startsWith("."))) {
      const base = path.resolve(path.dirname(file), specifier);
      const resolved = [`${base}.ts`, `${base}.tsx`, path.join(base, "index.ts")].find((candidate) => fs.existsSync(candidate));
      if (resolved) importGraph(resolved, seen);
    }
    return seen;
  }

  test("imports only browser-safe modules: no node:, no *.server, nothing from app/log", () => {
    const graph = importGraph(path.join(ROOT, "components/log-verifier.tsx"));
    expect([...graph.keys()].map((file) => path.relative(ROOT, file)).sort()).toEqual(["components/log-verifier.tsx", "log-web/verify.ts"]);
    const bare = [...graph.values()].flat().filter((specifier) => !specifier.startsWith("."));
    expect(bare).toEqual(["react"]);
  });
});
