import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { currentDatabase, openDatabase, writeVersion } from "./client";

function insertState(code: string) {
  currentDatabase().sqlite.prepare("INSERT INTO states (code, name, created_at) VALUES (?, ?, ?)").run(code, code, Date.now());
}

test("the audit trail refuses updates and deletes", () => {
  const { sqlite } = currentDatabase();
  sqlite.prepare("INSERT INTO audit_events (at, action, details) VALUES (?, 'test.event', '{}')").run(Date.now());
  expect(() => sqlite.prepare("UPDATE audit_events SET action = 'x'").run()).toThrow(/append-only/);
  expect(() => sqlite.prepare("DELETE FROM audit_events").run()).toThrow(/append-only/);
  expect(sqlite.prepare("SELECT action FROM audit_events").all()).toEqual([{ action: "test.event" }]);
});

test("participation records refuse updates and deletes", () => {
  const { sqlite } = currentDatabase();
  insertState("NO");
  sqlite
    .prepare(
      "INSERT INTO participation_records (state_code, status, effective_date, source_note, recorded_at) VALUES ('NO', 'committed', '2021-12-10', 'Joint statement', ?)",
    )
    .run(Date.now());
  expect(() => sqlite.prepare("UPDATE participation_records SET status = 'observer'").run()).toThrow(/append-only/);
  expect(() => sqlite.prepare("DELETE FROM participation_records").run()).toThrow(/append-only/);
  expect(sqlite.prepare("SELECT status FROM participation_records").all()).toEqual([{ status: "committed" }]);
});

test("every evidence table of the negotiation has both append-only triggers", () => {
  const { sqlite } = currentDatabase();
  const triggers = new Set(
    (sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[]).map((row) => row.name),
  );
  const evidence = ["document_versions", "comments", "amendment_positions", "bracket_events", "clause_decisions", "clause_positions", "silence_breaks"];
  for (const table of evidence) {
    expect(triggers).toContain(`${table}_no_update`);
    expect(triggers).toContain(`${table}_no_delete`);
  }
  // One of them end to end: a state's position on a clause cannot be rewritten or removed.
  insertState("AU");
  const at = Date.now();
  sqlite.prepare("INSERT INTO users (email, name, created_at) VALUES ('d@example.org', 'D', ?)").run(at);
  sqlite.prepare("INSERT INTO instruments (slug, title, summary, created_at) VALUES ('c', 'C', 'S', ?)").run(at);
  sqlite.prepare("INSERT INTO documents (name, instrument_id, state, created_at, updated_at) VALUES ('instrument/c', 1, x'00', ?, ?)").run(at, at);
  sqlite
    .prepare("INSERT INTO clause_positions (document_id, clause_id, state_code, position, user_id, at) VALUES (1, 'c1', 'AU', 'supports', 1, ?)")
    .run(at);
  expect(() => sqlite.prepare("UPDATE clause_positions SET position = 'objects'").run()).toThrow(/append-only/);
  expect(() => sqlite.prepare("DELETE FROM clause_positions").run()).toThrow(/append-only/);
});

test("the schema checks state codes, statuses and roles", () => {
  const { sqlite } = currentDatabase();
  expect(() => insertState("usa")).toThrow(/CHECK constraint failed/);
  insertState("DK");
  expect(() =>
    sqlite
      .prepare(
        "INSERT INTO participation_records (state_code, status, effective_date, source_note, recorded_at) VALUES ('DK', 'friendly', '2021-12-10', '', ?)",
      )
      .run(Date.now()),
  ).toThrow(/CHECK constraint failed/);
  sqlite.prepare("INSERT INTO users (email, name, created_at) VALUES ('a@example.org', 'A', ?)").run(Date.now());
  expect(() =>
    sqlite.prepare("INSERT INTO memberships (user_id, state_code, role, created_at) VALUES (1, NULL, 'delegate', ?)").run(Date.now()),
  ).toThrow(/CHECK constraint failed/);
  expect(() =>
    sqlite.prepare("INSERT INTO memberships (user_id, state_code, role, created_at) VALUES (1, 'DK', 'chair', ?)").run(Date.now()),
  ).toThrow(/CHECK constraint failed/);
});

test("the client sets the durability pragmas", () => {
  const { sqlite } = currentDatabase();
  expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
  expect(sqlite.pragma("synchronous", { simple: true })).toBe(2); // FULL
  expect(sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
  expect(sqlite.pragma("busy_timeout", { simple: true })).toBe(5000);
});

test("a new database file is readable by its owner only", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-mode-"));
  const file = path.join(dir, "nested", "accord.db");
  const handle = openDatabase(file);
  handle.sqlite.prepare("CREATE TABLE t (x)").run();
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.statSync(`${file}-wal`).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  handle.sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("the write version changes with every write, this connection's and another's, and only then", () => {
  const before = writeVersion();
  expect(writeVersion()).toBe(before);
  currentDatabase().sqlite.prepare("SELECT COUNT(*) FROM states").get();
  expect(writeVersion()).toBe(before);

  insertState("FI");
  const afterOwnWrite = writeVersion();
  expect(afterOwnWrite).not.toBe(before);

  // Another connection to the same file (another process would do the same): its commit shows too.
  const other = openDatabase(currentDatabase().file);
  other.sqlite.prepare("INSERT INTO states (code, name, created_at) VALUES ('IS', 'Iceland', ?)").run(Date.now());
  other.sqlite.close();
  expect(writeVersion()).not.toBe(afterOwnWrite);
});

test("inside a transaction there is no write version: a rollback would not move it", () => {
  const { sqlite } = currentDatabase();
  const before = writeVersion();
  expect(() =>
    sqlite.transaction(() => {
      insertState("EE");
      expect(writeVersion()).toBeNull();
      throw new Error("roll back");
    })(),
  ).toThrow("roll back");
  // The rolled-back row still moved the count: whatever was kept before is checked again.
  expect(writeVersion()).not.toBe(before);
});
