// The crash test: the collaboration server runs in a child process (./crash-harness.ts) while five
// delegates type into one document; at a seeded moment the process is killed with SIGKILL, started
// again on the same database file, and a fresh client reads the document back. An update counts as
// acknowledged only once the server's sync status for it ("applied") reached the client; the browser's
// "saved" indicator (`unsyncedChanges` back at 0) is tracked beside it and can never run ahead of it.
// Reported like Jepsen: schedules run, operations acknowledged, lost (must be 0), unexpected (must be
// 0), unacknowledged but present, and the database's integrity check after each kill.
//
// Replay: the seed of every schedule is printed; CRASH_SEED=<seed> CRASH_SCHEDULES=1 runs that one
// schedule again (CRASH_SEED alone fixes the whole run: schedule i uses seed + i).
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import * as decoding from "lib0/decoding";
import { afterEach, expect, test } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { issueCollabToken } from "../../app/auth/collab-token.server";
import { config } from "../../app/lib/env.server";
import { isValidDocumentJSON, yDocToJSON, type NodeJSON } from "../../editor";
import type { HarnessReady } from "./crash-harness";
import { titleText, waitFor } from "./testing";

const HARNESS = fileURLToPath(new URL("./crash-harness.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SCHEDULES = Number(process.env.CRASH_SCHEDULES ?? 20);
const BASE_SEED = process.env.CRASH_SEED === undefined ? crypto.randomInt(1, 2 ** 31) : Number(process.env.CRASH_SEED);
const TYPISTS = 5;
/** Hocuspocus's message type for "your update was (1) or was not (0) applied". */
const SYNC_STATUS = 8;
const TOKEN = / c(\d+)-(\d+)/g;

/** A small seeded generator (mulberry32): the same seed gives the same schedule. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The server process

interface Harness {
  child: ChildProcess;
  ready: HarnessReady;
  url: string;
  origin: string;
  exited: Promise<void>;
}

const processes = new Set<ChildProcess>();
const openClients = new Set<{ destroy(): void }>();
const directories: string[] = [];

afterEach(() => {
  for (const client of openClients) client.destroy();
  openClients.clear();
  for (const child of processes) child.kill("SIGKILL");
  processes.clear();
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

async function startHarness(databasePath: string): Promise<Harness> {
  const child = spawn(process.execPath, ["--import", "tsx", HARNESS, databasePath, "0"], {
    cwd: ROOT,
    env: { ...process.env, SESSION_SECRET: config().sessionSecret },
    stdio: ["pipe", "pipe", "pipe"],
  });
  processes.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => processes.delete(child));
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = await new Promise<HarnessReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the harness did not report ready within 20 s:\n${stderr}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split("\n").find((candidate) => candidate.startsWith("ready "));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(line.indexOf("{"))) as HarnessReady);
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the harness exited before it was ready (code ${child.exitCode}):\n${stderr}`));
    });
  });
  return { child, ready, url: `ws://127.0.0.1:${ready.port}/collab`, origin: `http://127.0.0.1:${ready.port}`, exited };
}

async function crash(harness: Harness): Promise<void> {
  harness.child.kill("SIGKILL");
  await harness.exited;
}

// ---------------------------------------------------------------------------------------------
// Clients

interface Client {
  provider: HocuspocusProvider;
  doc: Y.Doc;
  /** Sync statuses received: applied (1) and not applied (0). */
  applied: number;
  notApplied: number;
  closed: boolean;
  destroy(): void;
}

/** A browser-like client that never reconnects: once the server is gone, its connection stays closed. */
function connect(harness: Harness, documentName: string, token: string): Client {
  const { origin } = harness;
  class PageWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  const socket = new HocuspocusProviderWebsocket({ url: harness.url, WebSocketPolyfill: PageWebSocket, maxAttempts: 1 });
  const doc = new Y.Doc({ gc: false });
  const provider = new HocuspocusProvider({ websocketProvider: socket, name: documentName, document: doc, token });
  const client: Client = {
    provider,
    doc,
    applied: 0,
    notApplied: 0,
    closed: false,
    destroy() {
      openClients.delete(client);
      provider.destroy();
      socket.destroy();
    },
  };
  // Emitted before the provider decides whether to reconnect.
  socket.on("disconnect", () => {
    socket.shouldConnect = false;
    client.closed = true;
  });
  provider.on("message", ({ event }: { event: { data: ArrayBuffer | Uint8Array } }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== SYNC_STATUS) return;
    if (decoding.readVarInt(decoder) === 1) client.applied += 1;
    else client.notApplied += 1;
  });
  openClients.add(client);
  provider.attach();
  return client;
}

/** Synced, and the opening sync confirmed: the next sync status answers this client's first edit. */
async function settled(client: Client): Promise<void> {
  await waitFor(() => client.provider.isSynced && client.provider.unsyncedChanges === 0 && client.applied === 1, "a client's opening sync", 10_000);
}

interface Typist {
  index: number;
  client: Client;
  /** The tokens this client inserted, in order; each was one update message. */
  typed: string[];
  /** How many of `typed` the browser's indicator showed as saved (unsyncedChanges back at 0). */
  saved: number;
}

/** Each applied sync status after the opening one confirms the next update in order. */
const acknowledged = (typist: Typist) => Math.min(typist.typed.length, Math.max(0, typist.client.applied - 1));

// ---------------------------------------------------------------------------------------------
// One schedule

interface Plan {
  /** Per client: the pause (ms) after each insertion; 0 means the next one follows in the same burst. */
  pauses: number[][];
  killAtMs: number;
}

function plan(seed: number): Plan {
  const next = random(seed);
  const pauses = Array.from({ length: TYPISTS }, () => {
    const count = 8 + Math.floor(next() * 33);
    return Array.from({ length: count }, () => (next() < 0.25 ? 0 : 1 + Math.floor(next() * 20)));
  });
  const longest = Math.max(...pauses.map((list) => list.reduce((sum, ms) => sum + ms, 0)));
  // Somewhere while at least one client is still typing.
  const killAtMs = Math.floor((0.05 + next() * 0.9) * longest);
  return { pauses, killAtMs };
}

interface Outcome {
  seed: number;
  killAtMs: number;
  typed: number;
  acknowledged: number;
  saved: number;
  lost: string[];
  unexpected: string[];
  unacknowledgedPresent: number;
  integrity: string;
}

function titleNodeRemoved(json: NodeJSON): NodeJSON {
  const [title, ...rest] = json.content ?? [];
  return { ...json, content: [{ ...title!, content: [] }, ...rest] };
}

async function runSchedule(seed: number, harness: Harness, databasePath: string): Promise<{ outcome: Outcome; next: Harness }> {
  const { pauses, killAtMs } = plan(seed);
  const documentName = harness.ready.document;
  const typists: Typist[] = harness.ready.delegates.map((delegate, index) => {
    const token = issueCollabToken({ userId: delegate.userId, documentName, scope: "edit", stateCode: delegate.stateCode });
    return { index, client: connect(harness, documentName, token), typed: [], saved: 0 };
  });
  await Promise.all(typists.map((typist) => settled(typist.client)));
  const before = typists[0]!.client.doc;
  const originalTitle = titleText(before).toString();
  const originalBody = titleNodeRemoved(yDocToJSON(before));

  for (const typist of typists) {
    typist.client.provider.on("unsyncedChanges", ({ number }: { number: number }) => {
      if (number === 0) typist.saved = typist.typed.length;
    });
  }

  let killed = false;
  const type = async (typist: Typist) => {
    const title = titleText(typist.client.doc);
    for (const [n, ms] of (pauses[typist.index] ?? []).entries()) {
      if (killed) return;
      const token = ` c${typist.index}-${n}`;
      title.insert(title.length, token);
      typist.typed.push(token);
      if (ms > 0) await pause(ms);
    }
  };
  const typing = Promise.all(typists.map(type));
  await pause(killAtMs);
  harness.child.kill("SIGKILL");
  killed = true;
  await harness.exited;
  await typing;
  // Confirmations the server sent before it died may still be on their way: let every client see its
  // connection end, then count. (Should a close be slow, counting early only under-counts acknowledgements.)
  await waitFor(() => typists.every((typist) => typist.client.closed), "the clients to see the server gone", 5000).catch(() => undefined);
  for (const typist of typists) typist.client.destroy();

  const next = await startHarness(databasePath);
  const reader = connect(next, documentName, issueCollabToken({ userId: next.ready.observer.userId, documentName, scope: "read", stateCode: null }));
  await waitFor(() => reader.provider.isSynced, "the reader to sync after the restart", 10_000);
  const stored = titleText(reader.doc).toString();
  const storedJSON = yDocToJSON(reader.doc);
  reader.destroy();

  // What came back: the original title followed by whole tokens, each sent by a client, each once.
  const unexpected: string[] = [];
  if (!stored.startsWith(originalTitle)) unexpected.push(`the title no longer starts with "${originalTitle}"`);
  const appended = stored.startsWith(originalTitle) ? stored.slice(originalTitle.length) : stored;
  const residue = appended.replace(TOKEN, "");
  if (residue !== "") unexpected.push(`text no client typed: ${JSON.stringify(residue)}`);
  const sent = new Set(typists.flatMap((typist) => typist.typed));
  const present = new Set<string>();
  for (const match of appended.matchAll(TOKEN)) {
    const token = match[0];
    if (!sent.has(token)) unexpected.push(`"${token}" was never sent`);
    else if (present.has(token)) unexpected.push(`"${token}" appears twice`);
    present.add(token);
  }
  if (JSON.stringify(titleNodeRemoved(storedJSON)) !== JSON.stringify(originalBody)) unexpected.push("the document outside the title changed");
  if (!isValidDocumentJSON(storedJSON)) unexpected.push("the stored document does not fit the schema");

  const acked = typists.flatMap((typist) => typist.typed.slice(0, acknowledged(typist)));
  const ackedSet = new Set(acked);
  const outcome: Outcome = {
    seed,
    killAtMs,
    typed: sent.size,
    acknowledged: acked.length,
    saved: typists.reduce((sum, typist) => sum + typist.saved, 0),
    lost: acked.filter((token) => !present.has(token)).map((token) => token.trim()),
    unexpected,
    unacknowledgedPresent: [...present].filter((token) => !ackedSet.has(token)).length,
    integrity: next.ready.integrity,
  };
  // The indicator never claims more than the server confirmed, and nothing was refused.
  for (const typist of typists) expect(typist.saved).toBeLessThanOrEqual(acknowledged(typist));
  expect(typists.map((typist) => typist.client.notApplied)).toEqual(typists.map(() => 0));
  return { outcome, next };
}

test(
  "SIGKILL while five delegates type loses no acknowledged edit and leaves a sound database",
  async () => {
    expect(Number.isSafeInteger(BASE_SEED) && SCHEDULES >= 1, "CRASH_SEED and CRASH_SCHEDULES must be whole numbers").toBe(true);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "accord-crash-"));
    directories.push(directory);
    const databasePath = path.join(directory, "accord.db");
    console.log(`crash test: ${SCHEDULES} schedules from seed ${BASE_SEED} (replay one: CRASH_SEED=<seed> CRASH_SCHEDULES=1)`);

    const outcomes: Outcome[] = [];
    let harness = await startHarness(databasePath);
    try {
      for (let i = 0; i < SCHEDULES; i += 1) {
        const seed = (BASE_SEED + i) >>> 0;
        const { outcome, next } = await runSchedule(seed, harness, databasePath);
        harness = next;
        outcomes.push(outcome);
        console.log(
          `schedule ${String(i + 1).padStart(2)} seed ${seed}: kill at ${outcome.killAtMs} ms, typed ${outcome.typed}, ` +
            `acknowledged ${outcome.acknowledged} (saved ${outcome.saved}), lost ${outcome.lost.length}, ` +
            `unexpected ${outcome.unexpected.length}, unacknowledged present ${outcome.unacknowledgedPresent}, integrity ${outcome.integrity}` +
            (outcome.lost.length > 0 ? ` LOST: ${outcome.lost.join(" ")}` : "") +
            (outcome.unexpected.length > 0 ? ` UNEXPECTED: ${outcome.unexpected.join("; ")}` : ""),
        );
      }
    } finally {
      await crash(harness);
    }

    const total = (pick: (outcome: Outcome) => number) => outcomes.reduce((sum, outcome) => sum + pick(outcome), 0);
    const rows: [string, string | number][] = [
      ["schedules run", outcomes.length],
      ["updates typed", total((o) => o.typed)],
      ["operations acknowledged", total((o) => o.acknowledged)],
      ["  of which shown as saved", total((o) => o.saved)],
      ["lost (must be 0)", total((o) => o.lost.length)],
      ["unexpected (must be 0)", total((o) => o.unexpected.length)],
      ["unacknowledged but present", total((o) => o.unacknowledgedPresent)],
      ["integrity ok", `${outcomes.filter((o) => o.integrity === "ok").length}/${outcomes.length}`],
    ];
    console.log(["crash test summary", ...rows.map(([label, value]) => `  ${label.padEnd(28)} ${String(value).padStart(8)}`)].join("\n"));

    expect(outcomes).toHaveLength(SCHEDULES);
    for (const outcome of outcomes) {
      expect({ seed: outcome.seed, lost: outcome.lost, unexpected: outcome.unexpected, integrity: outcome.integrity }).toEqual({
        seed: outcome.seed,
        lost: [],
        unexpected: [],
        integrity: "ok",
      });
    }
    // The schedules did exercise the server: most edits were confirmed before the kills.
    expect(total((o) => o.acknowledged)).toBeGreaterThan(0);
  },
  120_000,
);
