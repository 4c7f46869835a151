// The role × route matrix. Each role signs in once and requests every page with GET and every
// action with POST. Actions get an EMPTY form with Accord's own Origin: a role that may not act is
// refused (403, or sent to sign in) before the form is read, a role that may act gets 400 because
// the empty form fails validation after authorisation passed. So authorisation is proved for every
// cell without changing any data, and a digest of the domain tables confirms it.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type APIRequestContext, type APIResponse } from "@playwright/test";
import { expect, test } from "./support/test";
import { CHAIR, delegateOf, OBSERVER, signerOf } from "./support/accounts";
import { apiLogin, getPage, postForm } from "./support/api";
import { dbFingerprint } from "./support/db-fingerprint";

const ROLES = ["public", "observer", "delegate", "signer", "chair"] as const;
type Role = (typeof ROLES)[number];

const ACCOUNTS: Record<Exclude<Role, "public">, string> = {
  observer: OBSERVER,
  delegate: delegateOf("NO"),
  signer: signerOf("NO"),
  chair: CHAIR,
};

/** A status, `"login"` (302 to /login?redirectTo=<the path>), or a 302 to a fixed place. */
type Outcome = number | "login" | { redirect: string };
type Cells = Record<Role, Outcome>;

interface Row {
  method: "GET" | "POST";
  path: string;
  expect: Cells;
  note?: string;
}

const LOGIN = "login" as const;
const to = (place: string) => ({ redirect: place });
const forAll = (outcome: Outcome): Cells => ({ public: outcome, observer: outcome, delegate: outcome, signer: outcome, chair: outcome });
/** The public is sent to sign in; every signed-in role gets `outcome`. */
const signedIn = (outcome: Outcome): Cells => ({ ...forAll(outcome), public: LOGIN });
/** Only the chair gets `outcome`; other roles are refused, the public is sent to sign in. */
const chairOnly = (outcome: Outcome): Cells => ({ ...signedIn(403), chair: outcome });

const UNKNOWN_TOKEN = crypto.randomBytes(32).toString("base64url");

// The whole matrix, in the order each role runs it. `?index` targets an index route's own action
// (a bare POST to /admin/states would go to the parent route), as Remix's <Form> does.
// /logout ends the session, so it comes last, followed by a check that the session is gone.
const MATRIX: Row[] = [
  { method: "GET", path: "/", expect: forAll(200) },
  { method: "GET", path: "/healthz", expect: forAll(200) },
  { method: "GET", path: "/login", expect: { ...forAll(to("/dashboard")), public: 200 } },
  { method: "GET", path: "/dashboard", expect: signedIn(200) },
  { method: "GET", path: "/account", expect: signedIn(200) },
  { method: "GET", path: "/account/password", expect: signedIn(200) },
  { method: "GET", path: "/admin", expect: chairOnly(200) },
  { method: "GET", path: "/admin/states", expect: chairOnly(200) },
  { method: "GET", path: "/admin/states/NO", expect: chairOnly(200) },
  { method: "GET", path: "/admin/users", expect: chairOnly(200) },
  { method: "GET", path: "/admin/users/1", expect: chairOnly(200) },
  { method: "GET", path: "/admin/audit", expect: chairOnly(200) },
  { method: "GET", path: "/admin/invitations", expect: chairOnly(200) },
  { method: "GET", path: `/invitations/${UNKNOWN_TOKEN}`, expect: forAll(404), note: "an unknown token" },
  { method: "GET", path: "/instruments/code-of-conduct", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/no-such-text", expect: signedIn(404) },
  { method: "GET", path: "/instruments/code-of-conduct/draft", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/collab-token", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/no-such-text/collab-token", expect: signedIn(404) },
  { method: "GET", path: "/instruments/code-of-conduct/versions", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/versions/1", expect: signedIn(200), note: "the chair's first text" },
  { method: "GET", path: "/instruments/code-of-conduct/versions/99", expect: signedIn(404) },
  { method: "GET", path: "/instruments/code-of-conduct/versions/compare?from=1&to=current", expect: signedIn(200) },
  { method: "GET", path: "/account/second-factor", expect: signedIn(200) },
  { method: "GET", path: "/instruments/code-of-conduct/editions", expect: forAll(200), note: "public" },
  { method: "GET", path: "/instruments/code-of-conduct/editions/1", expect: forAll(200), note: "the first edition, public" },
  { method: "GET", path: "/instruments/code-of-conduct/editions/1/text", expect: forAll(200), note: "canonical text" },
  { method: "GET", path: "/instruments/code-of-conduct/editions/99", expect: forAll(404) },
  {
    method: "GET",
    path: "/instruments/code-of-conduct/editions/1/pledge",
    expect: { ...signedIn(403), signer: 200, chair: 200 },
    note: "pledge:sign, pledge:record-paper",
  },
  { method: "GET", path: "/instruments/code-of-conduct/editions/1/commitments", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/editions/1/commitments/1", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/editions/1/reports", expect: chairOnly(200), note: "report:overview" },
  { method: "GET", path: "/pledges", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges.json", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges/1", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges/1/proof.json", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges/9999", expect: forAll(404) },
  { method: "GET", path: "/log", expect: forAll(200), note: "public" },
  { method: "GET", path: "/fr/log", expect: forAll(200), note: "public, in French" },
  { method: "GET", path: "/fr", expect: forAll(200), note: "public, in French" },
  { method: "GET", path: "/code", expect: forAll(to("/code/code-of-conduct-1")), note: "the latest edition" },
  { method: "GET", path: "/code/code-of-conduct-1", expect: forAll(200), note: "public" },
  { method: "GET", path: "/fr/code/code-of-conduct-1", expect: forAll(200), note: "public" },
  { method: "GET", path: "/code/code-of-conduct-9", expect: forAll(404) },
  { method: "GET", path: "/code/code-of-conduct-1.pdf", expect: forAll(200), note: "published file" },
  { method: "GET", path: "/code/code-of-conduct-1/files/akn.xml", expect: forAll(200), note: "what .akn.xml is rewritten to" },
  { method: "GET", path: "/code/code-of-conduct-1/files/exe", expect: forAll(404) },
  { method: "GET", path: "/open-data", expect: forAll(200), note: "public" },
  { method: "GET", path: "/fr/open-data", expect: forAll(200), note: "public" },
  { method: "GET", path: "/de/open-data", expect: forAll(404), note: "not one of our languages" },
  { method: "GET", path: "/pledges/map.svg", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges.csv", expect: forAll(200), note: "public" },
  { method: "GET", path: "/pledges.atom", expect: forAll(200), note: "public" },
  { method: "GET", path: "/states/NO", expect: forAll(200), note: "public" },
  { method: "GET", path: "/states/NO.atom", expect: forAll(200), note: "published feed" },
  { method: "GET", path: "/states/NO/files/atom", expect: forAll(200), note: "what .atom is rewritten to" },
  { method: "GET", path: "/fr/pledges.atom", expect: forAll(200), note: "public, in French" },
  { method: "GET", path: "/fr/states/NO.atom", expect: forAll(200), note: "published feed, in French" },
  { method: "GET", path: "/fr/states/NO/files/atom", expect: forAll(200), note: "what the French .atom is rewritten to" },
  { method: "GET", path: "/states/ZZ", expect: forAll(404) },
  { method: "GET", path: "/instruments/code-of-conduct/activity", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/agreement", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/silence", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/silence/999", expect: signedIn(404), note: "no such procedure" },
  { method: "GET", path: "/instruments/code-of-conduct/amendments", expect: signedIn(200), note: "draft:read" },
  {
    method: "GET",
    path: "/instruments/code-of-conduct/amendments/new",
    expect: { ...signedIn(403), delegate: 200 },
    note: "amendment:propose",
  },
  { method: "GET", path: "/instruments/code-of-conduct/amendments/999", expect: signedIn(404), note: "no such amendment" },
  { method: "GET", path: "/instruments/code-of-conduct/comments", expect: signedIn(200), note: "draft:read" },
  { method: "GET", path: "/instruments/code-of-conduct/comments/999", expect: signedIn(404), note: "no such thread" },
  { method: "GET", path: "/inbox", expect: signedIn(200) },
  { method: "GET", path: "/log/checkpoint", expect: forAll(200), note: "public" },
  { method: "GET", path: "/log/key", expect: forAll(200), note: "public" },
  { method: "GET", path: "/log/entries?start=5&end=2", expect: forAll(400), note: "a backwards range" },
  { method: "GET", path: "/log/proof/inclusion?index=1&size=1", expect: forAll(400), note: "index beyond the size" },
  { method: "GET", path: "/log/proof/consistency?from=0&to=0", expect: forAll(200), note: "public" },
  { method: "GET", path: "/logout", expect: forAll(to("/")), note: "changes nothing" },

  { method: "POST", path: "/admin/states?index", expect: chairOnly(400), note: "state:manage" },
  { method: "POST", path: "/admin/states/NO", expect: chairOnly(400), note: "participation:record" },
  { method: "POST", path: "/admin/users/1", expect: chairOnly(400), note: "user:manage" },
  { method: "POST", path: "/admin/invitations", expect: chairOnly(400), note: "user:manage" },
  { method: "POST", path: "/instruments/code-of-conduct/versions?index", expect: chairOnly(400), note: "version:save" },
  { method: "POST", path: "/instruments/code-of-conduct/versions/1", expect: chairOnly(400), note: "version:save" },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/agreement",
    expect: { ...signedIn(403), delegate: 400, chair: 400 },
    note: "clause:position, clause:decide",
  },
  { method: "POST", path: "/instruments/code-of-conduct/silence?index", expect: chairOnly(400), note: "silence:run" },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/silence/999",
    expect: { ...signedIn(403), delegate: 404, chair: 404 },
    note: "silence:break, silence:run; no such procedure",
  },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/amendments/new",
    expect: { ...signedIn(403), delegate: 400 },
    note: "amendment:propose",
  },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/amendments/999",
    expect: { ...signedIn(403), delegate: 404, chair: 404 },
    note: "amendment:propose/position/decide; no such amendment",
  },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/comments?index",
    expect: { ...signedIn(400), signer: 403 },
    note: "comment:write (observers too)",
  },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/comments/999",
    expect: { ...signedIn(404), signer: 403 },
    note: "comment:write; no such thread",
  },
  { method: "POST", path: "/instruments/code-of-conduct/editions?index", expect: chairOnly(400), note: "edition:adopt" },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/editions/1/pledge",
    expect: { ...signedIn(403), signer: 400, chair: 400 },
    note: "pledge:sign, pledge:record-paper",
  },
  { method: "POST", path: "/instruments/code-of-conduct/editions/1/commitments?index", expect: chairOnly(400), note: "commitment:define" },
  {
    method: "POST",
    path: "/instruments/code-of-conduct/editions/1/commitments/1",
    expect: { ...signedIn(403), delegate: 400 },
    note: "report:file",
  },
  { method: "POST", path: "/account/second-factor", expect: signedIn(400) },
  { method: "POST", path: "/account?index", expect: signedIn(400) },
  { method: "POST", path: "/account/password", expect: signedIn(400) },
  {
    method: "POST",
    path: `/invitations/${UNKNOWN_TOKEN}`,
    expect: { ...forAll(409), public: 404 },
    note: "signed in: sign out first",
  },
  { method: "POST", path: "/login", expect: { ...forAll(to("/dashboard")), public: 400 } },
  { method: "POST", path: "/logout", expect: forAll(to("/?notice=signed-out")), note: "ends the session" },
  { method: "GET", path: "/dashboard", expect: forAll(LOGIN), note: "after /logout" },
];

function expectedText(outcome: Outcome, requestPath: string): string {
  if (typeof outcome === "number") return String(outcome);
  if (outcome === LOGIN) {
    // Remix hands an action its URL without the `?index` that picked the route.
    const back = new URL(requestPath, "http://accord.invalid");
    back.searchParams.delete("index");
    return `302 /login?${new URLSearchParams({ redirectTo: `${back.pathname}${back.search}` })}`;
  }
  return `302 ${outcome.redirect}`;
}

function actualText(response: APIResponse): string {
  const status = response.status();
  return status >= 300 && status < 400 ? `${status} ${response.headers()["location"] ?? "(no Location)"}` : String(status);
}

/** Short form for the printed table. */
function short(text: string): string {
  if (text.startsWith("302 /login?")) return "302→login";
  return text.replace(/^302 (\S+)$/, "302→$1");
}

function send(request: APIRequestContext, row: Row): Promise<APIResponse> {
  return row.method === "GET" ? getPage(request, row.path) : postForm(request, row.path, {});
}

function printMatrix(results: Map<Row, Record<Role, { expected: string; actual: string }>>): void {
  const header = ["request", ...ROLES];
  const lines = [...results].map(([row, cells]) => [
    `${row.method} ${row.path.replace(UNKNOWN_TOKEN, "<token>")}${row.note ? ` (${row.note})` : ""}`,
    ...ROLES.map((role) => {
      const cell = cells[role];
      return cell.actual === cell.expected ? short(cell.actual) : `✗ ${short(cell.actual)} ≠ ${short(cell.expected)}`;
    }),
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...lines].map((line) => (line[column] ?? "").length)));
  const format = (line: string[]) => `| ${line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  console.log(
    [format(header), `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`, ...lines.map(format)].join("\n"),
  );
}

test("every role gets exactly the expected answer from every route, and no data changes", async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const before = dbFingerprint();
  const results = new Map<Row, Record<Role, { expected: string; actual: string }>>(
    MATRIX.map((row) => [row, {} as Record<Role, { expected: string; actual: string }>]),
  );

  for (const role of ROLES) {
    await test.step(role, async () => {
      const request = await playwright.request.newContext({ baseURL });
      try {
        if (role !== "public") await apiLogin(request, ACCOUNTS[role]);
        for (const row of MATRIX) {
          const response = await send(request, row);
          const cell = { expected: expectedText(row.expect[role], row.path), actual: actualText(response) };
          (results.get(row) as Record<Role, typeof cell>)[role] = cell;
          expect.soft(cell.actual, `${row.method} ${row.path} as ${role}`).toBe(cell.expected);
        }
      } finally {
        await request.dispose();
      }
    });
  }

  printMatrix(results);
  expect(dbFingerprint(), "the matrix changed no domain table").toEqual(before);
});

// ---- Every route file is in the matrix -------------------------------------------------------

const ROUTES_DIR = fileURLToPath(new URL("../app/routes", import.meta.url));

interface RouteFile {
  file: string;
  pattern: RegExp;
  hasAction: boolean;
}

/** Splits a flat-routes file name on dots, keeping `[escaped.dots]` together. */
function segmentsOf(routeId: string): string[] {
  return routeId.match(/(?:\[[^\]]*\]|[^.])+/g) ?? [];
}

/** The URLs a Remix flat-routes file answers, as a regular expression. */
function urlPattern(routeId: string): RegExp {
  let source = "";
  for (const raw of segmentsOf(routeId)) {
    if (raw === "_index" || raw.startsWith("_")) continue; // an index, or a pathless layout
    const optional = /^\(.*\)$/.test(raw);
    const segment = (optional ? raw.slice(1, -1) : raw).replace(/_$/, "");
    const part =
      segment === "$"
        ? ".*"
        : segment.startsWith("$")
          ? "[^/]+"
          : segment.replace(/\[([^\]]*)\]/g, "$1").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    source += optional ? `(?:/${part})?` : `/${part}`;
  }
  return new RegExp(`^${source || "/"}$`);
}

function routeFiles(): RouteFile[] {
  const found: RouteFile[] = [];
  for (const entry of fs.readdirSync(ROUTES_DIR, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    let file: string | undefined;
    let routeId = entry.name;
    if (entry.isDirectory()) {
      file = ["route.tsx", "route.ts", "route.jsx", "route.js"]
        .map((name) => path.join(ROUTES_DIR, entry.name, name))
        .find((candidate) => fs.existsSync(candidate));
    } else if (/\.(tsx|ts|jsx|js)$/.test(entry.name) && !/\.test\.(tsx|ts)$/.test(entry.name)) {
      file = path.join(ROUTES_DIR, entry.name);
      routeId = entry.name.replace(/\.(tsx|ts|jsx|js)$/, "");
    }
    if (!file) continue;
    const source = fs.readFileSync(file, "utf8");
    found.push({
      file: path.relative(ROUTES_DIR, file),
      pattern: urlPattern(routeId),
      hasAction: /export\s+(?:async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b/.test(source),
    });
  }
  return found;
}

test("every route file in app/routes is in the matrix, with a POST row when it has an action", () => {
  const files = routeFiles();
  expect(files.length, "route files found in app/routes").toBeGreaterThan(1);
  const pathOf = (row: Row) => row.path.split("?")[0] ?? row.path;
  const missing: string[] = [];
  for (const route of files) {
    const rows = MATRIX.filter((row) => route.pattern.test(pathOf(row)));
    if (rows.length === 0) missing.push(`${route.file}: no row requests a URL matching ${route.pattern}`);
    else if (route.hasAction && !rows.some((row) => row.method === "POST")) {
      missing.push(`${route.file}: exports an action but no POST row matches ${route.pattern}`);
    }
  }
  expect(missing, "route files the matrix does not cover: add rows to MATRIX").toEqual([]);
});
