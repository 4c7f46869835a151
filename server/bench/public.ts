// `npm run build` first (the pages are served from build/remix/index.js), then
// `npm run bench:public [-- --duration 5 --connections 1,10,50]`
//
// What Accord's public pages and data cost to serve. On a fresh temporary database seeded with the
// demo scenario (as `npm start` seeds an empty one), the real application (server/app.ts around the
// Remix build) listens on a free port of 127.0.0.1, and autocannon measures requests per second and
// p50/p99 latency of the pledge list, the adopted text and /pledges.json at each number of concurrent
// connections. In the same run and process, each is compared with a static file of the same bytes
// (the page's own body, so it compresses alike) served by express.static with the same compression,
// mounted in front of the application: the ratio says what rendering costs over sending bytes.
// Requests ask for gzip, as browsers do, and carry no If-None-Match (every answer is a full one); a
// last column measures revalidation: the same address with the ETag it gave, answered 304.
//
// The application is measured twice: as deployed, where an anonymous reader's public page is replayed
// while nothing is written (server/page-replay.ts, docs/decisions/019), and with the replay off, so
// that every request renders the page (what a page costs the first time after a write). Note that
// the static baseline compresses each answer as it sends it, as express.static does, while the
// replay compresses a page once.
//
// Prints a Markdown table. The aim: the pledge list at half the static file's throughput or better.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import autocannon from "autocannon";
import compression from "compression";
import express from "express";
import { disposeDatabase, openFreshDatabase } from "../../db/testing/fresh-database";
import { installConfig, type Config } from "../../app/lib/env.server";
import { openTransparencyLog } from "../../app/models/transparency-log.server";
import { createApp, REMIX_BUILD_PATH } from "../app";
import { seedDemoIfEmpty } from "../demo";

const USAGE = "usage: npm run bench:public -- [--duration <seconds>] [--connections <n,n,...>]";
const STATIC_PREFIX = "/bench-static";

interface Options {
  duration: number;
  connections: number[];
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { duration: 5, connections: [1, 10, 50] };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value = ""] = [argv[i], argv[i + 1]];
    if (name === "--duration" && /^[1-9]\d*$/.test(value)) options.duration = Number(value);
    else if (name === "--connections" && /^[1-9]\d*(,[1-9]\d*)*$/.test(value)) options.connections = value.split(",").map(Number);
    else throw new Error(USAGE);
  }
  return options;
}

interface Target {
  label: string;
  path: string;
  /** Where the page may be instead, when the first address is not served by this build. */
  fallback?: string;
}

const TARGETS: readonly Target[] = [
  { label: "pledge list", path: "/pledges" },
  { label: "adopted text", path: "/code/code-of-conduct-1", fallback: "/instruments/code-of-conduct/editions/1" },
  { label: "pledges JSON", path: "/pledges.json" },
];

interface Measure {
  rps: number;
  p50: number;
  p99: number;
}

/** Requests per second and latency at `connections`; every answer must be a 200 (or, revalidating with `etag`, a 304). */
async function measure(url: string, connections: number, duration: number, etag?: string): Promise<Measure> {
  const headers: Record<string, string> = { "accept-encoding": "gzip", ...(etag ? { "if-none-match": etag } : {}) };
  // The load comes from a worker thread, so that the client does not take the server's event loop.
  const result = await autocannon({ url, connections, duration, headers, workers: 1 });
  if (result.requests.total === 0) throw new Error(`${url}: no request completed in ${duration} s; give a longer --duration`);
  const expected = etag ? result["3xx"] : result["2xx"];
  if (expected !== result.requests.total || result.errors + result.timeouts > 0) {
    throw new Error(`${url}: ${result.requests.total - expected} of ${result.requests.total} requests failed or were not ${etag ? "304" : "200"}`);
  }
  // Completed requests over the time measured: autocannon's per-second average drops the last partial second.
  return { rps: result.requests.total / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

/** The body of a page as the application serves it, uncompressed; null when it is not there (404). */
async function body(origin: string, pathname: string): Promise<{ bytes: Buffer; type: string; etag: string | null } | null> {
  const response = await fetch(new URL(pathname, origin), { headers: { "accept-encoding": "identity" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${pathname} answered ${response.status}`);
  return { bytes: Buffer.from(await response.arrayBuffer()), type: response.headers.get("content-type") ?? "", etag: response.headers.get("etag") };
}

/** Writes the page's bytes as a static file of the same type and returns its address. */
function baselineFile(staticDir: string, target: Target, page: { bytes: Buffer; type: string }): string {
  const name = `${target.label.replace(/\W+/g, "-")}.${page.type.startsWith("application/json") ? "json" : "html"}`;
  fs.writeFileSync(path.join(staticDir, name), page.bytes);
  return `${STATIC_PREFIX}/${name}`;
}

/** Serves `app` on a free port of 127.0.0.1; returns its origin. */
async function listen(app: express.Express, servers: http.Server[]): Promise<string> {
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function benchConfig(databasePath: string, dataDir: string): Config {
  return {
    nodeEnv: "production",
    port: 0,
    host: "127.0.0.1",
    databasePath,
    dataDir,
    sessionSecret: "bench-session-secret-that-is-long-enough-0000",
    publicOrigin: null,
    secure: false,
    demoPassword: "bench-demo-password-not-for-use",
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // React picks its production build from NODE_ENV when the Remix build first loads it (below), as a
  // deployed server does; its development build renders several times slower.
  process.env.NODE_ENV = "production";
  if (!fs.existsSync(REMIX_BUILD_PATH)) throw new Error(`${REMIX_BUILD_PATH} is missing: run \`npm run build\` first.`);
  const handle = openFreshDatabase("bench-public");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-bench-public-"));
  const staticDir = path.join(dataDir, "static");
  fs.mkdirSync(staticDir);
  const config = benchConfig(handle.file, dataDir);
  installConfig(config);
  const servers: http.Server[] = [];
  try {
    openTransparencyLog(config);
    await seedDemoIfEmpty(config);
    const build = (await import(pathToFileURL(REMIX_BUILD_PATH).href)) as ServerBuild;
    // The baseline in front of the application, with the same compression; the rest is the real app.
    const outer = express();
    outer.use(STATIC_PREFIX, compression(), express.static(staticDir));
    outer.use(createApp(build, config));
    const origin = await listen(outer, servers);
    // The same application, rendering every answer.
    const rendering = await listen(createApp(build, config, { replay: false }), servers);

    const rows: string[] = [];
    const notes: string[] = [];
    for (const target of TARGETS) {
      let pathname = target.path;
      let page = await body(origin, pathname);
      if (!page && target.fallback) {
        notes.push(`${target.path} is not served by this build (404); measured ${target.fallback} instead.`);
        pathname = target.fallback;
        page = await body(origin, pathname);
      }
      if (!page) throw new Error(`${pathname} answered 404`);
      const baseline = baselineFile(staticDir, target, page);
      for (const connections of options.connections) {
        const flat = await measure(`${origin}${baseline}`, connections, options.duration);
        const served = await measure(`${origin}${pathname}`, connections, options.duration);
        const rendered = await measure(`${rendering}${pathname}`, connections, options.duration);
        const revalidated = page.etag ? (await measure(`${origin}${pathname}`, connections, options.duration, page.etag)).rps.toFixed(0) : "no ETag";
        const cells = [
          `${target.label} \`${pathname}\``,
          page.bytes.length.toLocaleString("en"),
          connections,
          ...[flat, served, rendered].flatMap((m) => [m.rps.toFixed(0), m.p50, m.p99]),
          (served.rps / flat.rps).toFixed(2),
          (rendered.rps / flat.rps).toFixed(2),
          revalidated,
        ];
        rows.push(`| ${cells.join(" | ")} |`);
      }
    }
    process.stdout.write(`\n## Public pages against a static file of the same bytes (${options.duration} s each, gzip, Node ${process.version})\n\n`);
    process.stdout.write(
      "| address | bytes | connections | static req/s | static p50 ms | static p99 ms | served req/s | p50 ms | p99 ms | rendered req/s | rendered p50 ms | rendered p99 ms | served/static | rendered/static | 304 req/s |\n",
    );
    process.stdout.write("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (const row of rows) process.stdout.write(`${row}\n`);
    for (const note of notes) process.stdout.write(`\nNote: ${note}\n`);
  } finally {
    for (const server of servers) await new Promise<void>((resolve) => server.close(() => resolve()));
    disposeDatabase(handle);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
