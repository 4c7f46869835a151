// The stored log: appends inside callers' transactions, the append-only tables, checkpoints signed and
// verified with the published key, proofs at many sizes, the in-memory tree against the table, and the
// checks that refuse a log altered behind the app's back at start (the checks before every use are in
// transparency-log.server.checks.test.ts).
import fs from "node:fs";
import path from "node:path";
import { asc } from "drizzle-orm";
import { beforeAll, describe, expect, test } from "vitest";
import { currentDatabase, db, inTransaction } from "../../db/client";
import { logCheckpoints } from "../../db/schema";
import {
  EMPTY_TREE_HASH,
  LogFormatError,
  MerkleTree,
  generateKeys,
  hashLeaf,
  openCheckpoint,
  parseVerifierKey,
  verifyConsistency,
  verifyInclusion,
  type VerifiedCheckpoint,
} from "../log";
import { utf8 } from "../log/bytes";
import { DEFAULT_LOG_ORIGIN, LogKeyError, logKey } from "../log/key.server";
import { config, logKeyLocation } from "../lib/env.server";
import { testEntryText } from "../testing/log";
import {
  LogIntegrityError,
  LogRangeError,
  MAX_ENTRIES_PER_PAGE,
  appendLogEntry,
  consistencyProof,
  forgetLogTree,
  inclusionProof,
  latestCheckpoint,
  logEntries,
  logVerifierKey,
  openTransparencyLog,
} from "./transparency-log.server";

const sqlite = () => currentDatabase().sqlite;
const count = (table: string) => (sqlite().prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

function openWithKey(note: string): VerifiedCheckpoint {
  return openCheckpoint(note, { origin: logKey().origin, verifiers: [parseVerifierKey(logVerifierKey())] });
}

/** Every stored checkpoint, opened with the log's key, by size. */
function storedCheckpoints(): Map<number, VerifiedCheckpoint> {
  const rows = db().select().from(logCheckpoints).orderBy(asc(logCheckpoints.treeSize)).all();
  return new Map(rows.map((row) => [row.treeSize, openWithKey(row.note)]));
}

// Runs `fn` in a transaction that is always rolled back, for changes made behind the app's back.
class Rollback extends Error {}
function thenRollBack(fn: () => void): void {
  expect(() =>
    inTransaction(() => {
      fn();
      throw new Rollback("roll back");
    }),
  ).toThrow(Rollback);
  forgetLogTree();
}

let firstStart: ReturnType<typeof openTransparencyLog>;
beforeAll(() => {
  firstStart = openTransparencyLog(config());
});

describe("start", () => {
  test("the first start generates a key readable only by its owner and signs the empty checkpoint", () => {
    expect(firstStart).toEqual({ origin: DEFAULT_LOG_ORIGIN, treeSize: 0, generatedKey: true });
    const { path: file, isDefault } = logKeyLocation(config());
    expect(isDefault).toBe(true);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^PRIVATE\+KEY\+accord\.example\/log\+[0-9a-f]{8}\+\S+\n$/);
    const latest = latestCheckpoint();
    expect(latest.treeSize).toBe(0);
    expect(openWithKey(latest.note)).toMatchObject({ origin: DEFAULT_LOG_ORIGIN, treeSize: 0, rootHash: EMPTY_TREE_HASH });
  });

  test("a later start keeps the key and adds no checkpoint", () => {
    const vkey = logVerifierKey();
    expect(openTransparencyLog(config())).toEqual({ origin: DEFAULT_LOG_ORIGIN, treeSize: 0, generatedKey: false });
    expect(logVerifierKey()).toBe(vkey);
    expect(count("log_checkpoints")).toBe(1);
  });

  test("a key generated for a public origin is named after its host", () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(config().databasePath), "key-"));
    const file = path.join(dir, "nested", "log-key");
    // An empty log of its own: a fresh key is generated at the default place of another data directory.
    thenRollBack(() => {
      sqlite().exec("DROP TRIGGER log_checkpoints_no_delete; DELETE FROM log_checkpoints;");
      const started = openTransparencyLog({ ...config(), dataDir: path.dirname(file), publicOrigin: "https://accord.example.org:8443" });
      expect(started).toEqual({ origin: "accord.example.org:8443/log", treeSize: 0, generatedKey: true });
      expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    });
    // Back to the log's own key for the other tests.
    openTransparencyLog(config());
    expect(logKey().origin).toBe(DEFAULT_LOG_ORIGIN);
  });
});

describe("appending", () => {
  test("an append returns its index, the new size and the signed checkpoint of that size", () => {
    const appended = appendLogEntry(testEntryText(0));
    expect(appended.index).toBe(0);
    expect(appended.treeSize).toBe(1);
    const checkpoint = openWithKey(appended.checkpoint);
    expect(checkpoint.treeSize).toBe(1);
    expect(checkpoint.rootHash).toEqual(hashLeaf(utf8(testEntryText(0))));
    expect(latestCheckpoint().note).toBe(appended.checkpoint);
    expect(logEntries(0, 1).entries).toEqual([{ index: 0, text: testEntryText(0), leafHash: hashLeaf(utf8(testEntryText(0))) }]);
  });

  test("an append inside a transaction that then fails leaves no entry and no checkpoint", () => {
    const before = latestCheckpoint();
    expect(() =>
      inTransaction(() => {
        const appended = appendLogEntry(testEntryText(1));
        expect(appended.index).toBe(1);
        throw new Error("the pledge could not be recorded");
      }),
    ).toThrow("the pledge could not be recorded");
    expect(count("log_entries")).toBe(1);
    expect(latestCheckpoint()).toEqual(before);
    // The in-memory tree had taken the leaf; it is rebuilt, and the next entry takes index 1.
    const next = appendLogEntry(testEntryText(2));
    expect(next.index).toBe(1);
    expect(openWithKey(next.checkpoint).rootHash).toEqual(new MerkleTree(2, [hashLeaf(utf8(testEntryText(0))), hashLeaf(utf8(testEntryText(2)))]).rootHash());
  });

  test("a text that is not a canonical entry is refused and nothing is written", () => {
    const before = count("log_entries");
    expect(() => appendLogEntry(testEntryText(3).replace("\n", "\r\n"))).toThrow(LogFormatError);
    expect(() => appendLogEntry(testEntryText(3).replace("kind subscription", "kind pledge"))).toThrow(/kind must be one of/);
    expect(() => appendLogEntry("")).toThrow(LogFormatError);
    expect(count("log_entries")).toBe(before);
  });

  test("entries and checkpoints cannot be updated or deleted, nor inserted out of place", () => {
    const run = (statement: string) => () => sqlite().prepare(statement).run();
    expect(run("UPDATE log_entries SET entry = 'x'")).toThrow("log_entries is append-only");
    expect(run("DELETE FROM log_entries")).toThrow("log_entries is append-only");
    expect(run("UPDATE log_checkpoints SET note = 'x'")).toThrow("log_checkpoints is append-only");
    expect(run("DELETE FROM log_checkpoints")).toThrow("log_checkpoints is append-only");
    const hash = "x'" + "00".repeat(32) + "'";
    expect(run(`INSERT OR REPLACE INTO log_entries VALUES (0, 'x', ${hash}, 0)`)).toThrow("must take the next index");
    expect(run(`INSERT INTO log_entries VALUES (7, 'x', ${hash}, 0)`)).toThrow("must take the next index");
    expect(run(`INSERT INTO log_checkpoints VALUES (1, ${hash}, 'x', 0)`)).toThrow("must be for the current size");
    expect(count("log_entries")).toBe(2);
  });
});

describe("proofs", () => {
  const N = 21;

  beforeAll(() => {
    inTransaction(() => {
      for (let n = count("log_entries"); n < N; n++) appendLogEntry(testEntryText(100 + n));
    });
  });

  test("every checkpoint verifies with the published key and has the root of its entries", () => {
    const checkpoints = storedCheckpoints();
    expect([...checkpoints.keys()]).toEqual(Array.from({ length: N + 1 }, (_, i) => i));
    const leaves = logEntries(0, N).entries.map((entry) => hashLeaf(utf8(entry.text)));
    const tree = new MerkleTree(N, leaves);
    for (const [size, checkpoint] of checkpoints) expect(checkpoint.rootHash).toEqual(tree.rootHashAt(size));
  });

  test("the inclusion proof of every entry verifies against the checkpoint of every size that holds it", () => {
    const checkpoints = storedCheckpoints();
    for (const size of [1, 2, 3, 7, 8, 13, 16, N]) {
      const rootHash = checkpoints.get(size)?.rootHash ?? new Uint8Array();
      for (let index = 0; index < size; index++) {
        const proof = inclusionProof(index, size);
        verifyInclusion({ leafIndex: index, treeSize: size, leafHash: proof.leafHash, proof: proof.hashes, rootHash });
      }
    }
  });

  test("consistency proofs between every pair of sizes verify", () => {
    const checkpoints = storedCheckpoints();
    for (let from = 0; from <= N; from++) {
      for (let to = from; to <= N; to++) {
        const proof = consistencyProof(from, to);
        const oldRoot = checkpoints.get(from)?.rootHash ?? new Uint8Array();
        const newRoot = checkpoints.get(to)?.rootHash ?? new Uint8Array();
        verifyConsistency({ oldSize: from, newSize: to, oldRoot, newRoot, proof: proof.hashes });
      }
    }
  });

  test("requests outside the log are refused with a message naming the parameter", () => {
    const refusal = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        if (error instanceof LogRangeError) return `${error.field}: ${error.message}`;
        throw error;
      }
      return "answered";
    };
    expect(refusal(() => inclusionProof(N, N))).toBe(`index: index (${N}) must be smaller than size (${N})`);
    expect(refusal(() => inclusionProof(0, N + 1))).toBe(`size: size (${N + 1}) is larger than the log, which has ${N} entries`);
    expect(refusal(() => inclusionProof(-1, 2))).toBe("index: index must be a whole number, 0 or more");
    expect(refusal(() => consistencyProof(3, 2))).toBe("from: from (3) must not be larger than to (2)");
    expect(refusal(() => consistencyProof(0, N + 1))).toBe(`to: to (${N + 1}) is larger than the log, which has ${N} entries`);
    expect(refusal(() => logEntries(5, 5))).toBe("end: end (5) must be greater than start (5)");
    expect(refusal(() => logEntries(N, N + 1))).toBe(`start: start (${N}) is beyond the log, which has ${N} entries`);
    expect(refusal(() => logEntries(0, MAX_ENTRIES_PER_PAGE + 1))).toBe(
      `end: at most ${MAX_ENTRIES_PER_PAGE} entries are served at a time: ask for end ${MAX_ENTRIES_PER_PAGE} or less`,
    );
  });

  test("a range that runs past the log is cut at its size and marked incomplete", () => {
    const page = logEntries(N - 2, N + 5);
    expect(page.entries.map((entry) => entry.index)).toEqual([N - 2, N - 1]);
    expect(page).toMatchObject({ treeSize: N, complete: false });
    expect(logEntries(0, N)).toMatchObject({ complete: true });
  });

  test("the in-memory tree is rebuilt when the table holds entries it does not know", () => {
    const kept = inclusionProof(0, N);
    // An entry and its checkpoint written by another copy of the module (the other bundle), not through this tree.
    const text = testEntryText(999);
    const leaf = hashLeaf(utf8(text));
    const root = new MerkleTree(N + 1, [...logEntries(0, N).entries.map((entry) => entry.leafHash), leaf]).rootHash();
    sqlite().prepare("INSERT INTO log_entries VALUES (?, ?, ?, ?)").run(N, text, Buffer.from(leaf), Date.now());
    const proof = inclusionProof(N, N + 1);
    verifyInclusion({ leafIndex: N, treeSize: N + 1, leafHash: leaf, proof: proof.hashes, rootHash: root });
    expect(inclusionProof(0, N)).toEqual(kept);
    // The next append follows it (and writes the checkpoint of the new size).
    expect(appendLogEntry(testEntryText(1000)).index).toBe(N + 1);
  });
});

describe("a log altered behind the app's back is refused at start", () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (error) {
      if (error instanceof LogIntegrityError || error instanceof LogKeyError) return error.message;
      throw error;
    }
    return "started";
  };

  test("a leaf hash that is not the hash of its entry", () => {
    thenRollBack(() => {
      sqlite().exec("DROP TRIGGER log_entries_no_update; UPDATE log_entries SET entry = replace(entry, 'kind subscription', 'kind endorsement') WHERE leaf_index = 2;");
      expect(refusal(() => openTransparencyLog(config()))).toMatch(/^Log entry 2: its stored leaf hash is not the hash of its text/);
    });
  });

  test("entries whose root is not the latest checkpoint's", () => {
    thenRollBack(() => {
      const text = testEntryText(2000);
      sqlite().exec("DROP TRIGGER log_entries_no_update;");
      sqlite().prepare("UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE leaf_index = 3").run(text, Buffer.from(hashLeaf(utf8(text))));
      expect(refusal(() => openTransparencyLog(config()))).toMatch(/is not the root of its latest checkpoint/);
    });
  });

  test("entries without a checkpoint", () => {
    thenRollBack(() => {
      const size = count("log_entries");
      const text = testEntryText(3000);
      sqlite().prepare("INSERT INTO log_entries VALUES (?, ?, ?, ?)").run(size, text, Buffer.from(hashLeaf(utf8(text))), Date.now());
      expect(refusal(() => openTransparencyLog(config()))).toBe(
        `The log has ${size + 1} entries but its latest checkpoint is for ${size}; the log tables were changed outside Accord.`,
      );
    });
  });

  test("a checkpoint row of the right size and root holding the genuine note of another size", () => {
    thenRollBack(() => {
      const size = count("log_entries");
      const earlier = db().select().from(logCheckpoints).orderBy(asc(logCheckpoints.treeSize)).all()[1];
      sqlite().exec("DROP TRIGGER log_checkpoints_no_update;");
      sqlite().prepare("UPDATE log_checkpoints SET note = ? WHERE tree_size = ?").run(earlier?.note, size);
      expect(refusal(() => openTransparencyLog(config()))).toBe(
        `The log's latest checkpoint (size ${size}) holds the signed note of another tree (size 1); the log tables were changed outside Accord.`,
      );
    });
  });

  test("another signing key, or none where a key is expected", () => {
    const dir = fs.mkdtempSync(path.join(path.dirname(config().databasePath), "other-key-"));
    const file = path.join(dir, "log-key");
    fs.writeFileSync(file, `${generateKeys(DEFAULT_LOG_ORIGIN).signerKey}\n`, { mode: 0o600 });
    expect(refusal(() => openTransparencyLog({ ...config(), logKeyPath: file }))).toMatch(
      /^The log's latest checkpoint \(size \d+\) does not verify with the key in use \(accord\.example\/log\+[0-9a-f]{8}\+.*\): note has no signature by a known key/,
    );
    // A lost key file at the default place is not replaced once the log has checkpoints.
    expect(refusal(() => openTransparencyLog({ ...config(), dataDir: path.join(dir, "empty") }))).toMatch(
      /^The log's signing key .*empty\/log-key does not exist. Restore the key file that signed the log's checkpoints/,
    );
    fs.writeFileSync(path.join(dir, "bad-key"), "PRIVATE+KEY+nonsense\n");
    expect(refusal(() => openTransparencyLog({ ...config(), logKeyPath: path.join(dir, "bad-key") }))).toMatch(
      /is not a valid PRIVATE\+KEY\+<name>\+<key ID>\+<key data> line/,
    );
    expect(refusal(() => openTransparencyLog(config()))).toBe("started");
  });
});

test("proofs stay cheap at thousands of entries", () => {
  const target = 5000;
  inTransaction(() => {
    for (let n = count("log_entries"); n < target; n++) appendLogEntry(testEntryText(10_000 + n));
  });
  const root = openWithKey(latestCheckpoint().note).rootHash;
  const started = performance.now();
  for (let index = 0; index < target; index += 97) {
    const proof = inclusionProof(index, target);
    expect(proof.hashes.length).toBeLessThanOrEqual(13);
    verifyInclusion({ leafIndex: index, treeSize: target, leafHash: proof.leafHash, proof: proof.hashes, rootHash: root });
  }
  expect(consistencyProof(1234, target).hashes.length).toBeLessThanOrEqual(2 * 13);
  // Generous: memoised proofs take microseconds each; rebuilding from the table for each would take seconds.
  expect(performance.now() - started).toBeLessThan(2000);
  // The time limit is for the proofs, timed above; appending the 5,000 entries (a signature each) may take longer on a busy machine.
}, 60_000);
