// The public log endpoints as a verifier sees them: formats, content types, caching, 400s, and the
// same answers for every role and for no one signed in.
import { beforeAll, describe, expect, test } from "vitest";
import { EMPTY_TREE_HASH, hashLeaf, MerkleTree, openCheckpoint, parseVerifierKey, toHex, verifyConsistency, verifyInclusion } from "../log";
import { fromHex, utf8 } from "../log/bytes";
import { config } from "../lib/env.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { addState } from "../models/state.server";
import { appendLogEntry, openTransparencyLog } from "../models/transparency-log.server";
import { callRoute, createPerson, getRequest, openTestSession, type RouteHandler } from "../testing/routes";
import { testEntryText } from "../testing/log";
import { loader as checkpointLoader } from "./log.checkpoint";
import { loader as entriesLoader } from "./log.entries";
import { loader as keyLoader } from "./log.key";
import { loader as consistencyLoader } from "./log.proof.consistency";
import { loader as inclusionLoader } from "./log.proof.inclusion";

const IMMUTABLE = "public, max-age=31536000, immutable";

async function get(handler: RouteHandler, path: string, cookie?: string): Promise<Response> {
  return callRoute(handler, getRequest(path, { cookie }));
}

async function errorOf(handler: RouteHandler, path: string): Promise<string> {
  const response = await get(handler, path);
  expect(response.status).toBe(400);
  expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
  const body = (await response.json()) as { error: string };
  return body.error;
}

function hexes(values: unknown): Uint8Array[] {
  return (values as string[]).map((hex) => fromHex(hex, 32, "hash"));
}

beforeAll(() => {
  openTransparencyLog(config());
});

describe("before any entry", () => {
  test("GET /log/checkpoint serves the signed checkpoint of the empty log", async () => {
    const response = await get(checkpointLoader, "/log/checkpoint");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    const key = (await (await get(keyLoader, "/log/key")).text()).trim();
    const verifier = parseVerifierKey(key);
    const checkpoint = openCheckpoint(await response.text(), { origin: verifier.name, verifiers: [verifier] });
    expect(checkpoint).toMatchObject({ origin: "accord.example/log", treeSize: 0, rootHash: EMPTY_TREE_HASH });
  });

  test("GET /log/entries has nothing to serve yet", async () => {
    expect(await errorOf(entriesLoader, "/log/entries?start=0&end=1")).toBe("start (0) is beyond the log, which has 0 entries");
  });
});

describe("with entries", () => {
  const N = 6;
  const texts = Array.from({ length: N }, (_, n) => testEntryText(n, n === 4 ? "withdrawal" : "subscription"));
  const leaves = texts.map((text) => hashLeaf(utf8(text)));
  const tree = new MerkleTree(N, leaves);

  beforeAll(() => {
    for (const text of texts) appendLogEntry(text);
  });

  test("GET /log/key serves the verifier key as one line of text", async () => {
    const response = await get(keyLoader, "/log/key");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("Access-Control-Allow-Origin")).toBe("*");
    expect(await response.text()).toMatch(/^accord\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}\n$/);
  });

  test("GET /log/checkpoint serves the checkpoint of the log's size, with its root", async () => {
    const key = parseVerifierKey((await (await get(keyLoader, "/log/key")).text()).trim());
    const note = await (await get(checkpointLoader, "/log/checkpoint")).text();
    expect(note).toMatch(/^accord\.example\/log\n6\n[A-Za-z0-9+/]{43}=\n\n\u2014 accord\.example\/log [A-Za-z0-9+/]+=*\n$/);
    expect(openCheckpoint(note, { origin: key.name, verifiers: [key] }).rootHash).toEqual(tree.rootHash());
  });

  test("GET /log/entries serves the exact texts and leaf hashes, immutable when the range lies within the log", async () => {
    const response = await get(entriesLoader, "/log/entries?start=1&end=4");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("Cache-Control")).toBe(IMMUTABLE);
    expect(await response.json()).toEqual({
      treeSize: N,
      entries: [1, 2, 3].map((index) => ({ index, text: texts[index], leafHash: toHex(leaves[index] ?? new Uint8Array()) })),
    });
  });

  test("a range running past the log is cut at its size and not cached", async () => {
    const response = await get(entriesLoader, "/log/entries?start=4&end=1000");
    expect(response.headers.get("Cache-Control")).toBe("no-cache");
    const body = (await response.json()) as { entries: { index: number }[] };
    expect(body.entries.map((entry) => entry.index)).toEqual([4, 5]);
  });

  test("bad ranges get a 400 naming the parameter", async () => {
    expect(await errorOf(entriesLoader, "/log/entries")).toBe("start is required; end is required");
    expect(await errorOf(entriesLoader, "/log/entries?start=-1&end=2")).toBe("start must be a whole number such as 0 or 42");
    expect(await errorOf(entriesLoader, "/log/entries?start=0&end=1e3")).toBe("end must be a whole number such as 0 or 42");
    expect(await errorOf(entriesLoader, "/log/entries?start=01&end=2")).toBe("start must be a whole number such as 0 or 42");
    expect(await errorOf(entriesLoader, "/log/entries?start=0&end=99999999999999999")).toBe("end must be a whole number such as 0 or 42");
    expect(await errorOf(entriesLoader, "/log/entries?start=3&end=3")).toBe("end (3) must be greater than start (3)");
    expect(await errorOf(entriesLoader, "/log/entries?start=0&end=1001")).toBe(
      "at most 1000 entries are served at a time: ask for end 1000 or less",
    );
    expect(await errorOf(entriesLoader, "/log/entries?start=6&end=7")).toBe("start (6) is beyond the log, which has 6 entries");
  });

  test("GET /log/proof/inclusion serves an audit path that verifies, immutable", async () => {
    for (const size of [1, 4, 5, N]) {
      for (let index = 0; index < size; index++) {
        const response = await get(inclusionLoader, `/log/proof/inclusion?index=${index}&size=${size}`);
        expect(response.status).toBe(200);
        expect(response.headers.get("Cache-Control")).toBe(IMMUTABLE);
        const body = (await response.json()) as { index: number; treeSize: number; leafHash: string; hashes: string[] };
        expect(body).toMatchObject({ index, treeSize: size, leafHash: toHex(leaves[index] ?? new Uint8Array()) });
        verifyInclusion({ leafIndex: index, treeSize: size, leafHash: fromHex(body.leafHash, 32, "leaf"), proof: hexes(body.hashes), rootHash: tree.rootHashAt(size) });
      }
    }
  });

  test("bad inclusion requests get a 400", async () => {
    expect(await errorOf(inclusionLoader, "/log/proof/inclusion?index=0")).toBe("size is required");
    expect(await errorOf(inclusionLoader, "/log/proof/inclusion?index=x&size=1")).toBe("index must be a whole number such as 0 or 42");
    expect(await errorOf(inclusionLoader, "/log/proof/inclusion?index=3&size=3")).toBe("index (3) must be smaller than size (3)");
    expect(await errorOf(inclusionLoader, "/log/proof/inclusion?index=0&size=7")).toBe("size (7) is larger than the log, which has 6 entries");
  });

  test("GET /log/proof/consistency serves proofs that verify between every pair of sizes", async () => {
    for (let from = 0; from <= N; from++) {
      for (let to = from; to <= N; to++) {
        const response = await get(consistencyLoader, `/log/proof/consistency?from=${from}&to=${to}`);
        expect(response.headers.get("Cache-Control")).toBe(IMMUTABLE);
        const body = (await response.json()) as { from: number; to: number; hashes: string[] };
        expect(body).toMatchObject({ from, to });
        verifyConsistency({ oldSize: from, newSize: to, oldRoot: tree.rootHashAt(from), newRoot: tree.rootHashAt(to), proof: hexes(body.hashes) });
      }
    }
  });

  test("bad consistency requests get a 400", async () => {
    expect(await errorOf(consistencyLoader, "/log/proof/consistency?from=4&to=2")).toBe("from (4) must not be larger than to (2)");
    expect(await errorOf(consistencyLoader, "/log/proof/consistency?from=0&to=7")).toBe("to (7) is larger than the log, which has 6 entries");
    expect(await errorOf(consistencyLoader, "/log/proof/consistency?from=&to=2")).toBe("from must be a whole number such as 0 or 42");
  });

  test("every role, and no one signed in, gets the same public answers", async () => {
    const paths: [RouteHandler, string][] = [
      [checkpointLoader, "/log/checkpoint"],
      [keyLoader, "/log/key"],
      [entriesLoader, "/log/entries?start=0&end=6"],
      [inclusionLoader, "/log/proof/inclusion?index=2&size=6"],
      [consistencyLoader, "/log/proof/consistency?from=2&to=6"],
    ];
    addState(SYSTEM_ACTOR, { code: "NO" });
    const cookies: (string | undefined)[] = [undefined];
    for (const role of ["observer", "delegate", "signer", "chair"] as const) {
      const { user } = createPerson({ role, stateCode: role === "delegate" || role === "signer" ? "NO" : null });
      cookies.push((await openTestSession(user.id)).cookie);
    }
    for (const [handler, path] of paths) {
      const anonymous = await (await get(handler, path)).text();
      for (const cookie of cookies) {
        const response = await get(handler, path, cookie);
        expect(response.status).toBe(200);
        expect(await response.text()).toBe(anonymous);
      }
    }
  });
});
