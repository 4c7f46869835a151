// The check before every use of the in-memory tree: the tree is used without reading the table
// only while nothing has been written; a log table changed behind the module's back, through its
// own connection or by another one (a sqlite3 shell, another process), is seen on the very next
// proof, which then comes from the table's leaves or is refused when the table no longer has them.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { currentDatabase, inTransaction } from "../../db/client";
import { MerkleTree, hashLeaf, verifyInclusion } from "../log";
import { utf8 } from "../log/bytes";
import { config } from "../lib/env.server";
import { testEntryText } from "../testing/log";
import { LogRangeError, appendLogEntry, consistencyProof, inclusionProof, logEntries, openTransparencyLog } from "./transparency-log.server";

const N = 12;

// A second connection to the same file, as a sqlite3 shell or another process would open.
let other: Database.Database;

beforeAll(() => {
  openTransparencyLog(config());
  inTransaction(() => {
    for (let n = 0; n < N; n++) appendLogEntry(testEntryText(n));
  });
  other = new Database(config().databasePath);
});

afterAll(() => {
  other.close();
});

const connections: [string, () => Database.Database][] = [
  ["the module's own connection", () => currentDatabase().sqlite],
  ["another connection", () => other],
];

/** The leaf hashes in the table, read without the module (on its connection, to see its transaction). */
function tableLeaves(): Uint8Array[] {
  const rows = currentDatabase().sqlite.prepare("SELECT leaf_hash AS leafHash FROM log_entries ORDER BY leaf_index").all() as { leafHash: Buffer }[];
  return rows.map((row) => new Uint8Array(row.leafHash));
}

/** Throws unless the module's proof of `index` at the table's size leads to the root of the table's leaves; returns the leaf proved. */
function provedFromTable(index: number): Uint8Array {
  const leaves = tableLeaves();
  const proof = inclusionProof(index, leaves.length);
  const rootHash = new MerkleTree(leaves.length, leaves).rootHash();
  verifyInclusion({ leafIndex: index, treeSize: leaves.length, leafHash: proof.leafHash, proof: proof.hashes, rootHash });
  return proof.leafHash;
}

/** Runs `change` with the append-only trigger `name` dropped, then puts the trigger back as it was. */
function withoutTrigger(connection: Database.Database, name: string, change: () => void): void {
  const { sql } = connection.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").get(name) as { sql: string };
  connection.exec(`DROP TRIGGER ${name}`);
  try {
    change();
  } finally {
    connection.exec(sql);
  }
}

function insertEntry(connection: Database.Database, index: number, text: string): void {
  connection.prepare("INSERT INTO log_entries VALUES (?, ?, ?, ?)").run(index, text, Buffer.from(hashLeaf(utf8(text))), Date.now());
}

function deleteLastEntry(connection: Database.Database): void {
  withoutTrigger(connection, "log_entries_no_delete", () => {
    connection.exec("DELETE FROM log_entries WHERE leaf_index = (SELECT max(leaf_index) FROM log_entries)");
  });
}

describe.each(connections)("a log table changed through %s", (_, connection) => {
  test("an entry added is proved on the next call, and once it is deleted, proofs that need it are refused", () => {
    provedFromTable(0);
    const text = testEntryText(100);
    insertEntry(connection(), N, text);
    expect(provedFromTable(N)).toEqual(hashLeaf(utf8(text)));
    expect(logEntries(N, N + 1).entries.map((entry) => entry.text)).toEqual([text]);

    deleteLastEntry(connection());
    expect(() => inclusionProof(N, N + 1)).toThrow(LogRangeError);
    expect(() => inclusionProof(0, N + 1)).toThrow(`size (${N + 1}) is larger than the log, which has ${N} entries`);
    expect(() => consistencyProof(1, N + 1)).toThrow(`to (${N + 1}) is larger than the log, which has ${N} entries`);
    provedFromTable(N - 1);
  });

  test("the last entry replaced, leaf hash and all, is proved as the table now holds it", () => {
    const kept = provedFromTable(N - 1);
    const { entry } = connection().prepare("SELECT entry FROM log_entries WHERE leaf_index = ?").get(N - 1) as { entry: string };
    const replace = (text: string) =>
      withoutTrigger(connection(), "log_entries_no_update", () => {
        connection().prepare("UPDATE log_entries SET entry = ?, leaf_hash = ? WHERE leaf_index = ?").run(text, Buffer.from(hashLeaf(utf8(text))), N - 1);
      });
    const forged = testEntryText(200, "withdrawal");
    replace(forged);
    expect(provedFromTable(N - 1)).toEqual(hashLeaf(utf8(forged)));
    replace(entry);
    expect(provedFromTable(N - 1)).toEqual(kept);
  });
});

describe("in transactions", () => {
  class Rollback extends Error {}
  const rolledBack = (fn: () => void) =>
    expect(() =>
      inTransaction(() => {
        fn();
        throw new Rollback("roll back");
      }),
    ).toThrow(Rollback);

  test("an append rolled back is not proved afterwards, even when it was proved inside its transaction", () => {
    provedFromTable(0);
    rolledBack(() => {
      const appended = appendLogEntry(testEntryText(500));
      expect(appended).toMatchObject({ index: N, treeSize: N + 1 });
      expect(provedFromTable(N)).toEqual(hashLeaf(utf8(testEntryText(500))));
      expect(consistencyProof(N, N + 1)).toMatchObject({ from: N, to: N + 1 });
    });
    expect(() => inclusionProof(N, N + 1)).toThrow(`size (${N + 1}) is larger than the log, which has ${N} entries`);
    expect(() => consistencyProof(N, N + 1)).toThrow(`to (${N + 1}) is larger than the log, which has ${N} entries`);
    provedFromTable(N - 1);
  });

  test("an entry written behind the module's back inside a transaction is seen at once, and forgotten with it", () => {
    rolledBack(() => {
      provedFromTable(0);
      insertEntry(currentDatabase().sqlite, N, testEntryText(600));
      expect(provedFromTable(N)).toEqual(hashLeaf(utf8(testEntryText(600))));
    });
    expect(() => inclusionProof(N, N + 1)).toThrow(LogRangeError);
    provedFromTable(N - 1);
  });
});
