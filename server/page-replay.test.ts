// The replay of public answers, through the real server (server/app.ts: helmet's nonces, compression,
// the Remix adapter) around a stand-in for Remix that counts what it renders and reads the real
// database, so that a write is a real write.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { afterEach, beforeEach, expect, test } from "vitest";
import { currentDatabase, openDatabase } from "../db/client";
import { setClock } from "../app/lib/clock.server";
import { SYSTEM_ACTOR } from "../app/models/audit.server";
import { addState, countStates } from "../app/models/state.server";
import { TEST_CONFIG } from "../app/testing/setup";
import { createApp, publicAnswersVersion } from "./app";
import { PageReplay } from "./page-replay";

const PUBLIC = { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=0", ETag: 'W/"page-1"', Vary: "Cookie" };

/** How each stand-in page answers, by path. */
const PAGES: Record<string, (context: AppLoadContext, request: Request) => { status?: number; headers: Record<string, string>; body: string }> = {
  "/public": () => ({ headers: PUBLIC, body: `<main>${countStates()} states</main>` }),
  "/with-script": (context) => ({ headers: PUBLIC, body: `<main>states</main><script nonce="${context.cspNonce}">1</script>` }),
  "/by-language": (_context, request) => ({
    headers: { ...PUBLIC, Vary: "Accept-Language, Cookie" },
    body: `<main>${request.headers.get("Accept-Language") ?? "none"}</main>`,
  }),
  "/private": () => ({ headers: { ...PUBLIC, "Cache-Control": "private, no-cache" }, body: "<main>yours</main>" }),
  "/untagged": () => ({ headers: { "Cache-Control": "public, max-age=0" }, body: "<main>no tag</main>" }),
  "/sets-cookie": () => ({ headers: { ...PUBLIC, "Set-Cookie": "a=b" }, body: "<main>cookie</main>" }),
  "/missing": () => ({ status: 404, headers: PUBLIC, body: "<main>not here</main>" }),
  "/conditional": (_context, request) =>
    request.headers.get("If-None-Match") === PUBLIC.ETag ? { status: 304, headers: PUBLIC, body: "" } : { headers: PUBLIC, body: "<main>page</main>" },
  "/half-rendered": (context) => {
    context.render.failed = true;
    return { headers: PUBLIC, body: "<main>part</main>" };
  },
};

const rendered: string[] = [];
let replay: PageReplay;
let server: http.Server | undefined;
let origin: string;

async function handleRequest(request: Request, context: AppLoadContext): Promise<Response> {
  const { pathname } = new URL(request.url);
  rendered.push(pathname);
  const page = PAGES[pathname] ?? PAGES["/missing"];
  if (!page) throw new Error("no stand-in for 404s");
  const { status = 200, headers, body } = page(context, request);
  return new Response(status === 304 ? null : body, { status, headers });
}

/** The server around a new, empty replay (each test starts with nothing kept). */
async function start(maxBytes?: number): Promise<void> {
  replay = new PageReplay({ version: publicAnswersVersion, maxBytes });
  server = http.createServer(createApp({ mode: "production" } as ServerBuild, TEST_CONFIG, { replay, handleRequest }));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeEach(async () => {
  rendered.length = 0;
  await start();
});

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = "GET"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${origin}${path}`, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    });
    request.on("error", reject);
    request.end();
  });
}

function cspNonce(answer: Answer): string {
  const match = /'nonce-([^']+)'/.exec(String(answer.headers["content-security-policy"]));
  if (!match?.[1]) throw new Error("the answer has no CSP nonce");
  return match[1];
}

test("an anonymous reader's second request for a public page is answered from the first, with its own nonce", async () => {
  const first = await get("/public");
  const second = await get("/public");
  expect(rendered).toEqual(["/public"]);
  expect(second.status).toBe(200);
  expect(second.body.toString()).toBe(first.body.toString());
  expect(second.headers.etag).toBe(first.headers.etag);
  expect(second.headers["cache-control"]).toBe("public, max-age=0");
  expect(cspNonce(second)).not.toBe(cspNonce(first));
});

test("a page that carries the nonce is replayed with the new request's nonce in it", async () => {
  const first = await get("/with-script");
  const second = await get("/with-script");
  expect(rendered).toEqual(["/with-script"]);
  expect(first.body.toString()).toContain(`nonce="${cspNonce(first)}"`);
  expect(second.body.toString()).toContain(`nonce="${cspNonce(second)}"`);
  expect(second.body.toString()).not.toContain(cspNonce(first));
});

test("a write to the database, through Accord or by another connection, renders the page again", async () => {
  expect((await get("/public")).status).toBe(200);
  await get("/public");
  expect(rendered).toEqual(["/public"]);

  addState(SYSTEM_ACTOR, { code: "NO" });
  const afterWrite = await get("/public");
  expect(afterWrite.body.toString()).toBe(`<main>${countStates()} states</main>`);
  expect(rendered).toEqual(["/public", "/public"]);

  const other = openDatabase(currentDatabase().file);
  other.sqlite.prepare("INSERT INTO states (code, name, created_at) VALUES ('IS', 'Iceland', ?)").run(Date.now());
  other.sqlite.close();
  expect((await get("/public")).body.toString()).toBe(`<main>${countStates()} states</main>`);
  expect(rendered).toEqual(["/public", "/public", "/public"]);
});

test("the next day renders the page again", async () => {
  setClock(() => Date.parse("2026-03-01T23:59:00Z"));
  await get("/public");
  await get("/public");
  setClock(() => Date.parse("2026-03-02T00:00:30Z"));
  await get("/public");
  expect(rendered).toEqual(["/public", "/public"]);
});

test("a reader who sends a cookie or credentials always gets a rendered page", async () => {
  await get("/public");
  await get("/public", { Cookie: "accord_session=x" });
  await get("/public", { Authorization: "Bearer x" });
  expect(rendered).toEqual(["/public", "/public", "/public"]);
});

test("private, untagged, cookie-setting, failed and half-rendered answers are rendered every time", async () => {
  for (const path of ["/private", "/untagged", "/sets-cookie", "/missing", "/half-rendered"]) {
    const first = await get(path);
    const second = await get(path);
    expect(second.body.toString()).toBe(first.body.toString());
  }
  expect(rendered).toEqual(["/private", "/private", "/untagged", "/untagged", "/sets-cookie", "/sets-cookie", "/missing", "/missing", "/half-rendered", "/half-rendered"]);
});

test("a client that holds the kept answer's tag gets a 304 without a rendering", async () => {
  const first = await get("/public");
  const revalidated = await get("/public", { "If-None-Match": String(first.headers.etag) });
  expect(revalidated.status).toBe(304);
  expect(revalidated.body.length).toBe(0);
  expect(revalidated.headers.etag).toBe(first.headers.etag);
  expect(revalidated.headers["cache-control"]).toBe("public, max-age=0");
  // The browser keeps the policy its copy came with, whose nonce is the one in that copy's scripts.
  expect(revalidated.headers["content-security-policy"]).toBeUndefined();
  expect((await get("/public", { "If-None-Match": 'W/"another"' })).status).toBe(200);
  expect(rendered).toEqual(["/public"]);
});

test("a route's own 304 carries no policy either, so the held copy keeps the nonce it came with", async () => {
  // A cookie, so that the route answers and not the replay.
  const answer = await get("/conditional", { Cookie: "a=b", "If-None-Match": PUBLIC.ETag });
  expect(answer.status).toBe(304);
  expect(answer.headers["content-security-policy"]).toBeUndefined();
  expect((await get("/conditional", { Cookie: "a=b" })).headers["content-security-policy"]).toMatch(/nonce-/);
});

test("a reader who accepts gzip gets the kept body compressed, the same bytes once unpacked", async () => {
  const plain = await get("/public");
  const packed = await get("/public", { "Accept-Encoding": "gzip" });
  expect(packed.headers["content-encoding"]).toBe("gzip");
  expect(packed.headers.vary).toMatch(/Accept-Encoding/);
  expect(gunzipSync(packed.body).toString()).toBe(plain.body.toString());
  expect(Number(packed.headers["content-length"])).toBe(packed.body.length);
  expect(rendered).toEqual(["/public"]);
});

test("an answer that varies on the language is kept once per language", async () => {
  const english = await get("/by-language", { "Accept-Language": "en" });
  const french = await get("/by-language", { "Accept-Language": "fr" });
  expect((await get("/by-language", { "Accept-Language": "en" })).body.toString()).toBe(english.body.toString());
  expect((await get("/by-language", { "Accept-Language": "fr" })).body.toString()).toBe(french.body.toString());
  expect(french.body.toString()).toBe("<main>fr</main>");
  expect(rendered).toEqual(["/by-language", "/by-language"]);
});

test("a HEAD request is answered from the kept GET, headers only", async () => {
  const full = await get("/public");
  const head = await get("/public", {}, "HEAD");
  expect(head.status).toBe(200);
  expect(head.body.length).toBe(0);
  expect(head.headers["content-length"]).toBe(String(full.body.length));
  expect(rendered).toEqual(["/public"]);
});

test("what is kept stays within its bytes however many addresses are asked for", async () => {
  await new Promise((resolve) => server?.close(resolve));
  await start(4 * 1024);
  for (let i = 0; i < 400; i++) await get(`/public?page=${i}`);
  const { entries, addresses, bytes } = replay.size;
  expect(bytes).toBeLessThanOrEqual(4 * 1024);
  expect(entries).toBeGreaterThan(0);
  expect(entries).toBeLessThan(400);
  // An address whose answers have all gone is forgotten too.
  expect(addresses).toBe(entries);
  // The most recent address is still kept; the first went long ago.
  rendered.length = 0;
  await get("/public?page=399");
  await get("/public?page=0");
  expect(rendered).toEqual(["/public"]);
});
