// `npm run bench:collab [-- --clients 50,100,250 --seconds 10 --runs 3 --profile <dir>]`
//
// Accord's collaboration server against bare Hocuspocus 3.4.4 on the same workload, in the same run
// (docs: the handbook's quality baseline, and item 7 of the co-drafting issue). Each server runs in a
// child process of its own on 127.0.0.1 (./collab-server.ts); the clients are spread over several
// load-generator processes (./collab-load.ts). At each level N, a tenth of the clients are editors
// typing 5 characters a second with a cursor update per keystroke, the rest thin readers. Measured:
// keystroke-to-reader latency (p50/p95/p99), deliveries against expected (lost), the server's CPU and
// RSS, document updates per second applied, and for Accord that every acknowledged keystroke is in
// the stored document. Runs alternate the order of the two servers; figures are medians over runs.
//
// `--profile <dir>` writes a V8 CPU profile of each server process there (open it in Chrome's DevTools)
// to see where the server's time goes.
//
// Prints one table per level and writes the same as JSON to bench-results/collab-<date>.json.
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  clockMs,
  markerChar,
  MAX_EDITORS,
  MAX_SEQ,
  type LoadPlan,
  type LoadReply,
  type LoadRequest,
  type LoadResult,
  type Prepared,
  type ServerKind,
  type ServerReply,
  type ServerRequest,
  type ServerStats,
  type Verified,
} from "./protocol";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const KEYS_PER_SECOND = 5;
const CLIENTS_PER_LOAD_PROCESS = 60;
const DRAIN_MS = 2500;
const REQUEST_TIMEOUT_MS = 60_000;

interface Options {
  clients: number[];
  seconds: number;
  runs: number;
  profileDir: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { clients: [50, 100, 250], seconds: 10, runs: 3, profileDir: null };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (flag === "--clients" && value) options.clients = value.split(",").map((part) => Number(part.trim()));
    else if (flag === "--seconds" && value) options.seconds = Number(value);
    else if (flag === "--runs" && value) options.runs = Number(value);
    else if (flag === "--profile" && value) options.profileDir = path.resolve(value);
    else throw new Error(`unknown or incomplete option ${flag ?? ""} (use --clients 50,100,250 --seconds 10 --runs 3 --profile <dir>)`);
    i++;
  }
  if (options.clients.length === 0 || options.clients.some((n) => !Number.isInteger(n) || n < 2 || n > 1000))
    throw new Error("--clients takes whole numbers between 2 and 1000, separated by commas");
  if (!Number.isFinite(options.seconds) || options.seconds < 1 || options.seconds * KEYS_PER_SECOND > MAX_SEQ)
    throw new Error(`--seconds must be between 1 and ${MAX_SEQ / KEYS_PER_SECOND}`);
  if (!Number.isInteger(options.runs) || options.runs < 1 || options.runs > 20) throw new Error("--runs must be between 1 and 20");
  for (const n of options.clients)
    if (editorsFor(n) > MAX_EDITORS) throw new Error(`at most ${MAX_EDITORS} editors: ${n} clients would need ${editorsFor(n)}`);
  return options;
}

const editorsFor = (clients: number) => Math.max(1, Math.round(clients / 10));
const loadProcessesFor = (clients: number) => Math.max(2, Math.ceil(clients / CLIENTS_PER_LOAD_PROCESS));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

function forkTs(file: string, args: string[], profileDir: string | null = null): ChildProcess {
  return fork(path.join(HERE, file), args, {
    cwd: ROOT,
    execArgv: ["--import", "tsx", ...(profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [])],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Waits for the first message that `pick` accepts, failing after `timeoutMs` or when the child exits. */
function nextMessage<M, T>(child: ChildProcess, pick: (message: M) => T | undefined, what: string, timeoutMs = REQUEST_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: M) => {
      const picked = pick(message);
      if (picked === undefined) return;
      done();
      resolve(picked);
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${what}: the child process exited (${code})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
  });
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

class ServerChild {
  private nextId = 1;
  constructor(
    readonly kind: ServerKind,
    readonly child: ChildProcess,
    readonly port: number,
    readonly pid: number,
  ) {}

  static async start(kind: ServerKind, databasePath: string, profileDir: string | null): Promise<ServerChild> {
    const child = forkTs("collab-server.ts", [kind, databasePath], profileDir);
    const ready = await nextMessage(child, (m: ServerReply) => (m.type === "ready" ? m : undefined), `starting the ${kind} server`);
    return new ServerChild(kind, child, ready.port, ready.pid);
  }

  private request<T>(request: WithoutId<ServerRequest>, pick: (reply: ServerReply) => T | undefined): Promise<T> {
    const id = this.nextId++;
    const answer = nextMessage(
      this.child,
      (reply: ServerReply) => {
        if (!("id" in reply) || reply.id !== id) return undefined;
        if (reply.type === "error") throw new Error(`${this.kind} server: ${reply.message}`);
        return pick(reply);
      },
      `${this.kind} server ${request.type}`,
    );
    this.child.send({ ...request, id });
    return answer;
  }

  prepare(editors: number): Promise<Prepared> {
    return this.request({ type: "prepare", editors }, (r) => (r.type === "prepared" ? r.prepared : undefined));
  }
  watch(document: string): Promise<true> {
    return this.request({ type: "watch", document }, (r) => (r.type === "watching" ? true : undefined));
  }
  stats(document: string): Promise<ServerStats> {
    return this.request({ type: "stats", document }, (r) => (r.type === "stats" ? r.stats : undefined));
  }
  verify(document: string, acked: number[]): Promise<Verified> {
    return this.request({ type: "verify", document, acked }, (r) => (r.type === "verified" ? r.verified : undefined));
  }
  stop(): void {
    if (this.child.connected) this.child.disconnect();
  }
}

function fromLoad<T>(child: ChildProcess, pick: (reply: LoadReply) => T | undefined, what: string, timeoutMs?: number): Promise<T> {
  return nextMessage(
    child,
    (reply: LoadReply) => {
      if (reply.type === "error") throw new Error(`load generator: ${reply.message}`);
      return pick(reply);
    },
    what,
    timeoutMs,
  );
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

function median(values: number[]): number {
  const finite = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 ? (finite[mid] as number) : ((finite[mid - 1] as number) + (finite[mid] as number)) / 2;
}

interface RunResult {
  server: ServerKind;
  run: number;
  clients: number;
  editors: number;
  readers: number;
  loadProcesses: number;
  keystrokes: number;
  acknowledged: number;
  expectedDeliveries: number;
  delivered: number;
  lost: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  serverCpuPercent: number;
  serverRssMb: number;
  updatesPerSecond: number;
  readerFramesPerSecond: number;
  loadCpuPercentMax: number;
  /** Editor connections the server closed (code and reason), after which the provider reconnected. */
  editorCloses: string[];
  stored: Verified;
}

async function measure(server: ServerChild, clients: number, run: number, seconds: number): Promise<RunResult> {
  const editorCount = editorsFor(clients);
  const readerCount = clients - editorCount;
  const processes = loadProcessesFor(clients);
  const maxSeq = Math.round(seconds * KEYS_PER_SECOND);
  const prepared = await server.prepare(editorCount);

  const url = `ws://127.0.0.1:${server.port}/collab`;
  const origin = `http://127.0.0.1:${server.port}`;
  const plans: LoadPlan[] = Array.from({ length: processes }, (_, p) => ({
    url,
    origin,
    document: prepared.document,
    editors: [],
    readers: Math.floor(readerCount / processes) + (p < readerCount % processes ? 1 : 0),
    readerToken: prepared.readerToken,
    maxSeq,
    editorCount,
    seconds,
    keysPerSecond: KEYS_PER_SECOND,
  }));
  prepared.editorTokens.forEach((token, index) => plans[index % processes]?.editors.push({ index, token }));

  const loads = plans.map(() => forkTs("collab-load.ts", []));
  try {
    const connected = loads.map((child) => fromLoad(child, (r) => (r.type === "connected" ? r : undefined), "connecting clients"));
    plans.forEach((plan, p) => loads[p]?.send({ type: "plan", plan } satisfies LoadRequest));
    for (const answer of await Promise.all(connected))
      if (answer.failures.length > 0) throw new Error(`${server.kind}: clients failed to connect: ${answer.failures.join("; ")}`);

    await server.watch(prepared.document);
    const startAt = clockMs() + 500;
    const typed = loads.map((child) => fromLoad(child, (r) => (r.type === "typed" ? true : undefined), "typing", seconds * 1000 + 30_000));
    for (const child of loads) child.send({ type: "go", startAt } satisfies LoadRequest);
    await sleep(startAt - clockMs());
    const before = await server.stats(prepared.document);
    await Promise.all(typed);
    const after = await server.stats(prepared.document);
    await sleep(DRAIN_MS);

    const results = await Promise.all(
      loads.map((child) => {
        const answer = fromLoad(child, (r) => (r.type === "result" ? r.result : undefined), "collecting results");
        child.send({ type: "collect" } satisfies LoadRequest);
        return answer;
      }),
    );
    return await summarise(server, prepared, results, { clients, run, editorCount, readerCount, processes, maxSeq, before, after });
  } finally {
    for (const child of loads) if (child.connected) child.disconnect();
    await Promise.all(
      loads.map((child) =>
        child.exitCode !== null || child.signalCode !== null
          ? Promise.resolve()
          : Promise.race([new Promise<void>((resolve) => child.once("exit", () => resolve())), sleep(10_000).then(() => void child.kill())]),
      ),
    );
  }
}

async function summarise(
  server: ServerChild,
  prepared: Prepared,
  results: LoadResult[],
  info: { clients: number; run: number; editorCount: number; readerCount: number; processes: number; maxSeq: number; before: ServerStats; after: ServerStats },
): Promise<RunResult> {
  const sent: number[][] = Array.from({ length: info.editorCount }, () => []);
  const acked: number[] = [];
  for (const result of results)
    for (const editor of result.editors) {
      sent[editor.index] = editor.sent;
      if (editor.acked) editor.sent.forEach((_, seq) => acked.push(markerChar(editor.index, seq).codePointAt(0) ?? 0));
    }
  const keystrokes = sent.reduce((sum, times) => sum + times.length, 0);
  const arrivals = results.flatMap((result) => result.arrivals);
  const latencies = new Float64Array(keystrokes * arrivals.length);
  let delivered = 0;
  for (const table of arrivals)
    for (let editor = 0; editor < info.editorCount; editor++) {
      const times = sent[editor] ?? [];
      for (let seq = 0; seq < times.length; seq++) {
        const at = table[editor * info.maxSeq + seq] as number;
        if (!Number.isNaN(at)) latencies[delivered++] = at - (times[seq] as number);
      }
    }
  const sorted = latencies.subarray(0, delivered).sort();
  const windowMs = info.after.at - info.before.at;
  const stored = await server.verify(prepared.document, acked);
  const editorCloses = results.flatMap((result) => result.editors.flatMap((editor) => editor.closes));
  return {
    server: server.kind,
    run: info.run,
    clients: info.clients,
    editors: info.editorCount,
    readers: info.readerCount,
    loadProcesses: info.processes,
    keystrokes,
    acknowledged: acked.length,
    expectedDeliveries: keystrokes * arrivals.length,
    delivered,
    lost: keystrokes * arrivals.length - delivered,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted.length > 0 ? (sorted[sorted.length - 1] as number) : Number.NaN,
    serverCpuPercent: ((info.after.cpuMicros - info.before.cpuMicros) / (windowMs * 1000)) * 100,
    serverRssMb: info.after.rssBytes / (1024 * 1024),
    updatesPerSecond: ((info.after.updates - info.before.updates) * 1000) / windowMs,
    readerFramesPerSecond: results.reduce((sum, r) => sum + (r.readerFrames * 1000) / r.wallMs, 0),
    loadCpuPercentMax: Math.max(...results.map((r) => (r.cpuMicros / (r.wallMs * 1000)) * 100)),
    editorCloses,
    stored,
  };
}

interface Summary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  serverCpuPercent: number;
  serverRssMb: number;
  updatesPerSecond: number;
  keystrokes: number;
  acknowledged: number;
  expectedDeliveries: number;
  lost: number;
  storedMissing: number;
  loadCpuPercentMax: number;
  readerFramesPerSecond: number;
  editorCloses: string[];
}

function summary(runs: RunResult[]): Summary {
  const sum = (pick: (r: RunResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  return {
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p95Ms: median(runs.map((r) => r.p95Ms)),
    p99Ms: median(runs.map((r) => r.p99Ms)),
    serverCpuPercent: median(runs.map((r) => r.serverCpuPercent)),
    serverRssMb: median(runs.map((r) => r.serverRssMb)),
    updatesPerSecond: median(runs.map((r) => r.updatesPerSecond)),
    keystrokes: sum((r) => r.keystrokes),
    acknowledged: sum((r) => r.acknowledged),
    expectedDeliveries: sum((r) => r.expectedDeliveries),
    lost: sum((r) => r.lost),
    storedMissing: sum((r) => r.stored.missing),
    loadCpuPercentMax: Math.max(...runs.map((r) => r.loadCpuPercentMax)),
    readerFramesPerSecond: median(runs.map((r) => r.readerFramesPerSecond)),
    editorCloses: runs.flatMap((r) => r.editorCloses),
  };
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : "n/a");
const ratio = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}x` : "n/a");

function table(clients: number, accord: Summary, baseline: Summary): string {
  const editors = editorsFor(clients);
  const head = ["", "p50 ms", "p95 ms", "p99 ms", "CPU %", "RSS MB", "upd/s", "lost/expected", "gen CPU %"];
  const row = (name: string, s: Summary) => [
    name,
    fixed(s.p50Ms),
    fixed(s.p95Ms),
    fixed(s.p99Ms),
    fixed(s.serverCpuPercent),
    fixed(s.serverRssMb),
    fixed(s.updatesPerSecond),
    `${s.lost}/${s.expectedDeliveries}`,
    fixed(s.loadCpuPercentMax, 0),
  ];
  const rows = [
    head,
    row("accord", accord),
    row("baseline", baseline),
    [
      "accord/baseline",
      ratio(accord.p50Ms, baseline.p50Ms),
      ratio(accord.p95Ms, baseline.p95Ms),
      ratio(accord.p99Ms, baseline.p99Ms),
      ratio(accord.serverCpuPercent, baseline.serverCpuPercent),
      ratio(accord.serverRssMb, baseline.serverRssMb),
      ratio(accord.updatesPerSecond, baseline.updatesPerSecond),
      "",
      "",
    ],
  ];
  const widths = head.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const lines = rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  "));
  return [
    `N = ${clients} clients (${editors} editors at ${KEYS_PER_SECOND} keys/s with cursor updates, ${clients - editors} thin readers, ${loadProcessesFor(clients)} load processes)`,
    ...lines,
    `reader frames/s: accord ${fixed(accord.readerFramesPerSecond, 0)}, baseline ${fixed(baseline.readerFramesPerSecond, 0)}`,
    `accord durability: ${accord.acknowledged} of ${accord.keystrokes} keystrokes acknowledged, ${accord.acknowledged - accord.storedMissing} stored, ${accord.storedMissing} missing`,
    ...(["accord", "baseline"] as const).flatMap((kind) => {
      const closes = (kind === "accord" ? accord : baseline).editorCloses;
      if (closes.length === 0) return [];
      const reasons = [...new Set(closes)].join("; ");
      return [`${kind}: the server closed ${closes.length} editor connection(s) (the providers reconnected): ${reasons}`];
    }),
  ].join("\n");
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const command = `npm run bench:collab${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
  const cores = os.availableParallelism();
  const machine = `${cores} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), Node ${process.version}, ${os.platform()} ${os.release()}`;
  console.log(`bench:collab — ${machine}`);
  console.log(`command: ${command}`);
  console.log(`levels ${options.clients.join(", ")} clients, ${options.seconds} s each, ${options.runs} run(s), servers alternating order per run\n`);

  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "accord-bench-"));
  const servers: ServerChild[] = [];
  const runs: RunResult[] = [];
  const startedAt = new Date();
  try {
    const accord = await ServerChild.start("accord", path.join(temp, "accord.db"), options.profileDir);
    servers.push(accord);
    const baseline = await ServerChild.start("baseline", path.join(temp, "unused.db"), options.profileDir);
    servers.push(baseline);
    for (const clients of options.clients) {
      for (let run = 0; run < options.runs; run++) {
        const order = run % 2 === 0 ? [accord, baseline] : [baseline, accord];
        for (const server of order) {
          const result = await measure(server, clients, run, options.seconds);
          runs.push(result);
          console.log(
            `  N=${clients} run ${run + 1} ${server.kind.padEnd(8)} p50 ${fixed(result.p50Ms)} p99 ${fixed(result.p99Ms)} ms, ` +
              `CPU ${fixed(result.serverCpuPercent)} %, lost ${result.lost}/${result.expectedDeliveries}, load gen max CPU ${fixed(result.loadCpuPercentMax, 0)} %` +
              (result.editorCloses.length > 0 ? `, ${result.editorCloses.length} editor connection(s) closed by the server` : ""),
          );
        }
      }
    }
  } finally {
    for (const server of servers) server.stop();
    await sleep(200);
    fs.rmSync(temp, { recursive: true, force: true });
  }

  const levels = options.clients.map((clients) => {
    const of = (kind: ServerKind) => runs.filter((r) => r.clients === clients && r.server === kind);
    const accord = summary(of("accord"));
    const baseline = summary(of("baseline"));
    return {
      clients,
      editors: editorsFor(clients),
      readers: clients - editorsFor(clients),
      loadProcesses: loadProcessesFor(clients),
      accord,
      baseline,
      ratios: {
        p50: accord.p50Ms / baseline.p50Ms,
        p95: accord.p95Ms / baseline.p95Ms,
        p99: accord.p99Ms / baseline.p99Ms,
        cpu: accord.serverCpuPercent / baseline.serverCpuPercent,
        rss: accord.serverRssMb / baseline.serverRssMb,
      },
    };
  });
  console.log("");
  for (const level of levels) console.log(`${table(level.clients, level.accord, level.baseline)}\n`);
  console.log(`(medians over ${options.runs} run(s); CPU % of one core over the typing window; gen CPU %: busiest load generator)`);

  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const outDir = path.join(ROOT, "bench-results");
  fs.mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, `collab-${stamp}.json`);
  const report = {
    benchmark: "collab",
    startedAt: startedAt.toISOString(),
    command,
    machine: { cores, cpu: os.cpus()[0]?.model ?? null, node: process.version, platform: `${os.platform()} ${os.release()}` },
    options: { ...options, keysPerSecond: KEYS_PER_SECOND, drainMs: DRAIN_MS },
    levels,
    runs,
  };
  fs.writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(ROOT, outFile)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
