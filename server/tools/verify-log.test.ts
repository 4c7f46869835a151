// The verifier against the log's real endpoints: the route loaders served over HTTP on 127.0.0.1,
// as Remix serves them, while the test alters the stored log behind the app's back.
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { currentDatabase } from "../../db/client";
import { EMPTY_TREE_HASH, generateKeys, hashLeaf, parseSignerKey, signCheckpoint } from "../../app/log";
import { utf8 } from "../../app/log/bytes";
import { DEFAULT_LOG_ORIGIN } from "../../app/log/key.server";
import { config } from "../../app/lib/env.server";
import { appendLogEntry, forgetLogTree, inclusionProof, latestCheckpoint, logVerifierKey, openTransparencyLog } from "../../app/models/transparency-log.server";
import { BUNDLE_FORMAT, type ProofBundle } from "../../app/log/bundle";
import { encodeEntry, textDigest, toHex } from "../../app/log";
import { testEntryText } from "../../app/testing/log";
import { loader as checkpointLoader } from "../../app/routes/log.checkpoint";
import { loader as entriesLoader } from "../../app/routes/log.entries";
import { loader as keyLoader } from "../../app/routes/log.key";
import { loader as consistencyLoader } from "../../app/routes/log.proof.consistency";
import { loader as inclusionLoader } from "../../app/routes/log.proof.inclusion";
import { runVerifyLog } from "./verify-log";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ROUTES: Record<string, (args: { request: Request }) => Response> = {
  "/log/checkpoint": checkpointLoader,
  "/log/key": keyLoader,
  "/log/entries": entriesLoader,
  "/log/proof/inclusion": inclusionLoader,
  "/log/proof/consistency": consistencyLoader,
};

let server: http.Server;
let url: string;
let dir: string;

function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const request = new Request(new URL(req.url ?? "/", url));
  const loader = ROUTES[new URL(request.url).pathname];
  let response: Response;
  try {
    response = loader ? loader({ request }) : new Response("Not found", { status: 404 });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  void response.text().then((body) => {
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  });
}

beforeAll(async () => {
  openTransparencyLog(config());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-verify-"));
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});

async function verify(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runVerifyLog(args, { out: (line) => out.push(line), err: (line) => err.push(line) }, dir);
  return { status, out: out.join("\n"), err: err.join("\n") };
}

const sqlite = () => currentDatabase().sqlite;

/** Alters the stored log behind the app's back for the length of `during`, then puts it back. */
async function whileTampered(tamper: () => void, during: () => Promise<void>): Promise<void> {
  sqlite().exec("BEGIN");
  try {
    tamper();
    forgetLogTree();
    await during();
  } finally {
    sqlite().exec("ROLLBACK");
    forgetLogTree();
  }
}

function appendEntries(from: number, to: number): void {
  for (let n = from; n < to; n++) appendLogEntry(testEntryText(n));
}

describe("an honest log", () => {
  test("the empty log verifies, and the first run pins the key and the checkpoint", async () => {
    const result = await verify("--url", url);
    expect(result).toMatchObject({ status: 0, err: "" });
    expect(result.out).toContain(`verified ${DEFAULT_LOG_ORIGIN} at ${url}`);
    expect(result.out).toContain("entries    0, every one parsed and hashed");
    expect(result.out).toContain("first run: key and checkpoint pinned in");
    const state = JSON.parse(fs.readFileSync(path.join(dir, ".accord-log-state.json"), "utf8")) as { checkpoint: { treeSize: number } };
    expect(state.checkpoint.treeSize).toBe(0);
  });

  test("a grown log verifies against the checkpoint seen last time", async () => {
    appendEntries(0, 5);
    const result = await verify("--url", url);
    expect(result.status).toBe(0);
    expect(result.out).toContain("entries    5, every one parsed and hashed");
    expect(result.out).toContain("consistent with the checkpoint of size 0 verified last time");
    appendEntries(5, 9);
    expect((await verify("--url", url)).out).toContain("consistent with the checkpoint of size 5 verified last time");
  });

  test("a log of more than one page of entries verifies", async () => {
    sqlite().transaction(() => appendEntries(9, 1203))();
    const result = await verify("--url", url, "--state", "big.json");
    expect(result.status).toBe(0);
    expect(result.out).toContain("entries    1203, every one parsed and hashed");
  });
});

describe("a log altered behind the app's back", () => {
  const STATE = ".accord-log-state.json";
  let pinned: string;

  beforeAll(async () => {
    expect((await verify("--url", url)).status).toBe(0);
    pinned = fs.readFileSync(path.join(dir, STATE), "utf8");
  });

  async function expectFailure(args: string[], message: string | RegExp): Promise<void> {
    const result = await verify("--url", url, ...args);
    expect(result).toMatchObject({ status: 1, out: "" });
    expect(result.err.startsWith("verify-log: FAILED: ")).toBe(true);
    const failure = result.err.slice("verify-log: FAILED: ".length);
    if (typeof message === "string") expect(failure).toBe(message);
    else expect(failure).toMatch(message);
    // A failed run keeps the last good state.
    expect(fs.readFileSync(path.join(dir, STATE), "utf8")).toBe(pinned);
  }

  test("an entry whose text was changed", async () => {
    await whileTampered(
      () => sqlite().exec("DROP TRIGGER log_entries_no_update; UPDATE log_entries SET entry = replace(entry, 'kind subscription', 'kind endorsement') WHERE leaf_index = 7;"),
      async () => {
        const result = await verify("--url", url);
        expect(result.status).toBe(1);
        expect(result.err).toMatch(/^verify-log: FAILED: entry 7: its text hashes to leaf [0-9a-f]{64}, but the server gives leaf hash [0-9a-f]{64}$/);
      },
    );
  });

  test("an entry changed with its leaf hash", async () => {
    await whileTampered(
      () => {
        const text = testEntryText(7, "withdrawal");
        sqlite().exec("DROP TRIGGER log_entries_no_update;");
        sqlite().prepare("UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE leaf_index = 7").run(text, Buffer.from(hashLeaf(utf8(text))));
      },
      () => expectFailure([], /^the root of the 1203 entries served \([A-Za-z0-9+/]{43}=\) is not the checkpoint's root \([A-Za-z0-9+/]{43}=\)$/),
    );
  });

  test("an entry that is not a canonical entry", async () => {
    await whileTampered(
      () => sqlite().exec("DROP TRIGGER log_entries_no_update; UPDATE log_entries SET entry = replace(entry, 'state ', 'state  ') WHERE leaf_index = 3;"),
      () => expectFailure([], "entry 3: log entry: line 3: state value must not contain spaces"),
    );
  });

  test("a checkpoint signed by another key of the same name", async () => {
    const forger = parseSignerKey(generateKeys(DEFAULT_LOG_ORIGIN).signerKey);
    await whileTampered(
      () => {
        const forged = signCheckpoint({ origin: DEFAULT_LOG_ORIGIN, treeSize: 1203, rootHash: EMPTY_TREE_HASH, extensions: [] }, [forger]);
        sqlite().exec("DROP TRIGGER log_checkpoints_no_update;");
        sqlite().prepare("UPDATE log_checkpoints SET note = ? WHERE tree_size = 1203").run(forged);
      },
      () => expectFailure([], `the checkpoint at /log/checkpoint does not verify with the log's key ${DEFAULT_LOG_ORIGIN}: note has no signature by a known key`),
    );
  });

  test("a checkpoint whose size was changed under the log's signature", async () => {
    await whileTampered(
      () => sqlite().exec("DROP TRIGGER log_checkpoints_no_update; UPDATE log_checkpoints SET note = replace(note, char(10) || '1203' || char(10), char(10) || '1202' || char(10)) WHERE tree_size = 1203;"),
      () => expectFailure([], /^the checkpoint at \/log\/checkpoint does not verify with the log's key accord\.example\/log: invalid signature for key accord\.example\/log\+[0-9a-f]{8}$/),
    );
  });

  test("a log rewritten and re-signed with the log's own key fails the consistency check", async () => {
    await whileTampered(
      () => {
        sqlite().exec("DROP TRIGGER log_entries_no_delete; DROP TRIGGER log_checkpoints_no_delete; DELETE FROM log_entries; DELETE FROM log_checkpoints;");
        forgetLogTree();
        // The same entries but one, then more: a longer log whose past differs.
        for (let n = 0; n < 1210; n++) appendLogEntry(testEntryText(n === 600 ? 50_000 : n));
      },
      () =>
        expectFailure(
          [],
          "the log rewrote its past: the checkpoint of size 1203 verified on " +
            `${(JSON.parse(pinned) as { verifiedAt: string }).verifiedAt} is not a prefix of the checkpoint of size 1210: ` +
            "consistency proof does not lead to the root hash of the tree of size 1203",
        ),
    );
  });

  test("a log that shrank", async () => {
    await whileTampered(
      () => {
        sqlite().exec("DROP TRIGGER log_entries_no_delete; DROP TRIGGER log_checkpoints_no_delete; DELETE FROM log_entries; DELETE FROM log_checkpoints;");
        forgetLogTree();
        appendEntries(0, 3);
      },
      () => expectFailure([], `the log shrank: it had 1203 entries when last verified (${(JSON.parse(pinned) as { verifiedAt: string }).verifiedAt}), now its checkpoint says 3`),
    );
  });

  test("a key other than the one pinned", async () => {
    const other = generateKeys(DEFAULT_LOG_ORIGIN).verifierKey;
    const served = (await (await fetch(`${url}/log/key`)).text()).trim();
    await expectFailure(["--key", other], `the log's key changed: /log/key serves ${served}, not the key given with --key, ${other}`);
    const state = JSON.parse(pinned) as { key: string };
    fs.writeFileSync(path.join(dir, STATE), JSON.stringify({ ...state, key: other }));
    const result = await verify("--url", url);
    expect(result.err).toBe(`verify-log: FAILED: the log's key changed: /log/key serves ${served}, not the key pinned in ${path.join(dir, STATE)}, ${other}`);
    fs.writeFileSync(path.join(dir, STATE), pinned);
  });
});

describe("the command", () => {
  test("bad arguments and an unreachable server exit with status 2", async () => {
    expect(await verify()).toMatchObject({ status: 2, err: expect.stringContaining("--url is required") as unknown as string });
    expect(await verify("--url", "ftp://example.org")).toMatchObject({ status: 2, err: "verify-log: --url must be an http: or https: URL" });
    expect(await verify("--url", url, "--stat", "x")).toMatchObject({ status: 2, err: expect.stringContaining('unknown argument "--stat"') as unknown as string });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await verify("--url", `http://127.0.0.1:${port}`, "--state", "unreachable.json");
    expect(result.status).toBe(2);
    expect(result.err).toMatch(new RegExp(`^verify-log: cannot reach http://127\\.0\\.0\\.1:${port}/log/key: `));
  });

  test("npm run verify-log runs it as a child process and exits 0 on an honest log", async () => {
    const stateFile = path.join(dir, "child.json");
    const child = spawn("npm", ["run", "--silent", "verify-log", "--", "--url", url, "--state", stateFile], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect({ status, stderr }).toMatchObject({ status: 0 });
    expect(stdout).toContain("entries    1203, every one parsed and hashed");
    expect(fs.existsSync(stateFile)).toBe(true);
  });
});

describe("a proof bundle, checked offline with --bundle", () => {
  const EDITION = "The adopted code of conduct (test edition)\n";
  const DECLARATION = "Norway applies the code from its next licensing round.";
  let bundle: ProofBundle;

  // A pledge's story appended to the stored log, and its bundle made from the log's own proofs.
  beforeAll(() => {
    const base = { edition: "code-of-conduct-2026", textDigest: textDigest(EDITION), effectiveDate: "2026-12-10", recorded: "2026-11-27T09:00:00.000Z" };
    const texts = [
      encodeEntry({ ...base, kind: "adoption", state: null, pledge: null, declarationDigest: null }),
      encodeEntry({ ...base, kind: "subscription", state: "NO", pledge: "17", declarationDigest: null }),
      encodeEntry({ ...base, kind: "declaration", state: "NO", pledge: "17", declarationDigest: textDigest(DECLARATION) }),
    ];
    const indexes = texts.map((text) => appendLogEntry(text).index);
    const checkpoint = latestCheckpoint();
    bundle = {
      format: BUNDLE_FORMAT,
      pledge: "17",
      verifierKey: logVerifierKey(),
      checkpoint: checkpoint.note,
      treeSize: checkpoint.treeSize,
      entries: indexes.map((index, i) => {
        const proof = inclusionProof(index, checkpoint.treeSize);
        return { index, text: texts[i] ?? "", leafHash: toHex(proof.leafHash), inclusionProof: proof.hashes.map(toHex) };
      }),
      declarations: [{ text: DECLARATION, digest: textDigest(DECLARATION) }],
    };
  });

  function writeBundle(name: string, change: (copy: ProofBundle) => void = () => undefined): string {
    const copy = structuredClone(bundle);
    change(copy);
    fs.writeFileSync(path.join(dir, name), JSON.stringify(copy, null, 2));
    return name;
  }

  test("a good bundle verifies, and the output says what it proves", async () => {
    const file = writeBundle("pledge-17.json");
    const [adoption, subscription, declaration] = bundle.entries.map((entry) => entry.index);
    const result = await verify("--bundle", file, "--key", bundle.verifierKey);
    expect(result).toMatchObject({ status: 0, err: "" });
    expect(result.out.split("\n")).toEqual([
      `verified proof bundle ${path.join(dir, file)}`,
      "  pledge     17 of NO",
      `  edition    code-of-conduct-2026, text SHA-256 ${textDigest(EDITION)} (log entry ${adoption}, adoption)`,
      `  entry ${subscription}   subscription, effective 2026-12-10, recorded 2026-11-27T09:00:00.000Z`,
      `  entry ${declaration}   declaration, effective 2026-12-10, recorded 2026-11-27T09:00:00.000Z, declaration SHA-256 ${textDigest(DECLARATION)}`,
      `  checkpoint size ${bundle.treeSize}: every entry's inclusion proof leads to its signed root`,
      "  key        the key given with --key",
    ]);
    expect((await verify("--bundle", file)).out).toContain("the bundle's own key; pass --key with the log's key");
  });

  test("a tampered bundle fails with exit status 1 and the reason", async () => {
    const subscription = bundle.entries[1]?.index ?? -1;
    const edited = writeBundle("edited.json", (b) => (b.entries[1]!.text = b.entries[1]!.text.replace("kind subscription", "kind endorsement")));
    const result = await verify("--bundle", edited);
    expect(result.status).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toMatch(
      new RegExp(`^verify-log: FAILED: ${path.join(dir, edited).replaceAll("/", "\\/")}: proof bundle: log entry ${subscription}: its text hashes to [0-9a-f]{64}, not to its leafHash [0-9a-f]{64}$`),
    );
    const other = generateKeys(DEFAULT_LOG_ORIGIN).verifierKey;
    const good = writeBundle("good.json");
    expect((await verify("--bundle", good, "--key", other)).err).toBe(
      `verify-log: FAILED: ${path.join(dir, good)}: proof bundle: its key ${bundle.verifierKey} is not the log's key ${other}`,
    );
    fs.writeFileSync(path.join(dir, "not-json.json"), "{");
    expect(await verify("--bundle", "not-json.json")).toMatchObject({ status: 1, err: `verify-log: FAILED: ${path.join(dir, "not-json.json")} is not JSON, so it is not a proof bundle` });
  });

  test("a bundle that leaves out the pledge itself fails: it would prove nothing of pledge 17", async () => {
    const stripped = writeBundle("stripped.json", (b) => b.entries.splice(1, 1));
    expect(await verify("--bundle", stripped, "--key", bundle.verifierKey)).toEqual({
      status: 1,
      out: "",
      err: `verify-log: FAILED: ${path.join(dir, stripped)}: proof bundle: it holds no subscription or endorsement entry of its pledge 17`,
    });
  });

  test("a missing file or a bundle with --url cannot run: exit status 2", async () => {
    expect(await verify("--bundle", "missing.json")).toMatchObject({ status: 2, err: expect.stringContaining(`verify-log: cannot read ${path.join(dir, "missing.json")}`) as unknown as string });
    expect(await verify("--bundle", "good.json", "--url", url)).toMatchObject({ status: 2, err: expect.stringContaining("--bundle is checked offline, without --url") as unknown as string });
  });
});
