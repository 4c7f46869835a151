// The pledge crash test: a stream of pledges and withdrawals runs in a child process
// (./pledge-crash-harness.ts) and is killed with SIGKILL at a seeded moment, again and again on the
// same database and key files. After each kill the files are read directly (not through Accord) and
// checked: every event the harness confirmed is in its table and in the log at the index it was
// given, every log entry's leaf hash is the hash of its text, the root of all leaves is the root of
// the latest checkpoint, whose signature verifies with the log's key, and `PRAGMA integrity_check`
// is ok. Each restart also runs Accord's own start-up check of the log.
//
// Replay: PLEDGE_CRASH_SEED=<seed> PLEDGE_CRASH_SCHEDULES=1 runs one schedule again.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterEach, expect, test } from "vitest";
import { hashLeaf, openCheckpoint, parseEntry, parseVerifierKey, rootHash } from "../app/log";
import { utf8 } from "../app/log/bytes";
import { logOriginFor } from "../app/log/key.server";
import type { PledgeHarnessReady } from "./pledge-crash-harness";

const HARNESS = fileURLToPath(new URL("./pledge-crash-harness.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SCHEDULES = Number(process.env.PLEDGE_CRASH_SCHEDULES ?? 10);
const BASE_SEED = process.env.PLEDGE_CRASH_SEED === undefined ? crypto.randomInt(1, 2 ** 31) : Number(process.env.PLEDGE_CRASH_SEED);

interface Confirmed {
  pledgeId: number;
  kind: string;
  logIndex: number;
}

interface Run {
  child: ChildProcess;
  ready: PledgeHarnessReady;
  confirmed: Confirmed[];
  exited: Promise<void>;
}

const children = new Set<ChildProcess>();
const directories: string[] = [];

afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
});

async function start(databasePath: string): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", HARNESS, databasePath], {
    cwd: ROOT,
    env: { ...process.env, SESSION_SECRET: "pledge-crash-session-secret-0123456789abcdef" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  void exited.then(() => children.delete(child));
  const confirmed: Confirmed[] = [];
  let stderr = "";
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const ready = await new Promise<PledgeHarnessReady>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the harness did not report ready within 20 s:\n${stderr}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        if (line.startsWith("ready ")) {
          clearTimeout(timer);
          resolve(JSON.parse(line.slice("ready ".length)) as PledgeHarnessReady);
        } else if (line.startsWith("confirmed ")) {
          const [, pledgeId, kind, logIndex] = line.split(" ");
          confirmed.push({ pledgeId: Number(pledgeId), kind: kind ?? "", logIndex: Number(logIndex) });
        }
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the harness exited before it was ready (code ${child.exitCode}):\n${stderr}`));
    });
  });
  return { child, ready, confirmed, exited };
}

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

interface Check {
  missing: string[];
  logSize: number;
  rootMatches: boolean;
  integrity: string;
}

/** Reads the files as left by the kill, with nothing of Accord but the log's public formats. */
function checkFiles(databasePath: string, verifierKey: string, confirmed: Confirmed[]): Check {
  const sqlite = new Database(databasePath);
  try {
    const integrity = (sqlite.pragma("integrity_check") as { integrity_check: string }[]).map((row) => row.integrity_check).join("; ");
    const entries = sqlite.prepare("SELECT leaf_index AS i, entry, leaf_hash AS leaf FROM log_entries ORDER BY leaf_index").all() as {
      i: number;
      entry: string;
      leaf: Buffer;
    }[];
    const pledgeIds = new Set((sqlite.prepare("SELECT id FROM pledges").all() as { id: number }[]).map((row) => row.id));
    const withdrawn = new Set((sqlite.prepare("SELECT pledge_id AS id FROM pledge_withdrawals").all() as { id: number }[]).map((row) => row.id));
    const latest = sqlite.prepare("SELECT tree_size AS size, note FROM log_checkpoints ORDER BY tree_size DESC LIMIT 1").get() as { size: number; note: string };

    const missing: string[] = [];
    for (const event of confirmed) {
      const label = `${event.kind} of pledge ${event.pledgeId} at log index ${event.logIndex}`;
      const inTable = event.kind === "withdrawal" ? withdrawn.has(event.pledgeId) : pledgeIds.has(event.pledgeId);
      const text = entries[event.logIndex]?.entry;
      const entry = text === undefined ? null : parseEntry(text);
      if (!inTable) missing.push(`${label}: not in its table`);
      if (!entry || entry.kind !== event.kind || entry.pledge !== String(event.pledgeId)) missing.push(`${label}: not in the log`);
    }
    const leaves = entries.map((row) => {
      const leaf = hashLeaf(utf8(row.entry));
      if (!Buffer.from(leaf).equals(row.leaf)) missing.push(`log entry ${row.i}: its leaf hash is not the hash of its text`);
      return leaf;
    });
    // Throws, failing the test with the reason, unless the checkpoint's signature verifies with the log's key.
    const verified = openCheckpoint(latest.note, { origin: logOriginFor(null), verifiers: [parseVerifierKey(verifierKey)] });
    return {
      missing,
      logSize: entries.length,
      rootMatches: latest.size === entries.length && Buffer.from(rootHash(leaves)).equals(verified.rootHash),
      integrity,
    };
  } finally {
    sqlite.close();
  }
}

test(
  "SIGKILL during a stream of pledges: every confirmed pledge and withdrawal is in the database and the log, and the log verifies",
  async () => {
    expect(Number.isSafeInteger(BASE_SEED) && SCHEDULES >= 1, "PLEDGE_CRASH_SEED and PLEDGE_CRASH_SCHEDULES must be whole numbers").toBe(true);
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "accord-pledge-crash-"));
    directories.push(directory);
    const databasePath = path.join(directory, "accord.db");
    console.log(`pledge crash test: ${SCHEDULES} schedules from seed ${BASE_SEED} (replay: PLEDGE_CRASH_SEED=<seed> PLEDGE_CRASH_SCHEDULES=1)`);

    let confirmedTotal = 0;
    let run = await start(databasePath);
    const results: (Check & { seed: number; confirmed: number })[] = [];
    for (let i = 0; i < SCHEDULES; i += 1) {
      const seed = (BASE_SEED + i) >>> 0;
      // The kill lands at a seeded moment of the stream, mid-transaction or between two.
      const killAtMs = Math.floor(20 + random(seed)() * 480);
      await new Promise((resolve) => setTimeout(resolve, killAtMs));
      run.child.kill("SIGKILL");
      await run.exited;
      const check = checkFiles(databasePath, run.ready.verifierKey, run.confirmed);
      confirmedTotal += run.confirmed.length;
      results.push({ ...check, seed, confirmed: run.confirmed.length });
      console.log(
        `schedule ${String(i + 1).padStart(2)} seed ${seed}: kill at ${killAtMs} ms, confirmed ${run.confirmed.length}, log size ${check.logSize}, ` +
          `missing ${check.missing.length}, root matches ${check.rootMatches}, integrity ${check.integrity}`,
      );
      // The next start runs Accord's own check of the log against its checkpoint and key.
      const next = await start(databasePath);
      expect(next.ready.logSize).toBe(check.logSize);
      expect(next.ready.verifierKey).toBe(run.ready.verifierKey);
      run = next;
    }
    run.child.kill("SIGKILL");
    await run.exited;

    console.log(
      `pledge crash test summary: ${results.length} schedules, ${confirmedTotal} events confirmed, ` +
        `${results.reduce((sum, r) => sum + r.missing.length, 0)} missing, root matches ${results.filter((r) => r.rootMatches).length}/${results.length}, ` +
        `integrity ok ${results.filter((r) => r.integrity === "ok").length}/${results.length}`,
    );
    for (const result of results) {
      expect({ seed: result.seed, missing: result.missing, rootMatches: result.rootMatches, integrity: result.integrity }).toEqual({
        seed: result.seed,
        missing: [],
        rootMatches: true,
        integrity: "ok",
      });
    }
    // The schedules did exercise the stream: events were confirmed before the kills.
    expect(confirmedTotal).toBeGreaterThan(0);
  },
  180_000,
);
