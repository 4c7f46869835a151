// The one SQLite connection of the process. The Remix bundle and the server bundle each carry a
// copy of this module, so the open connection is kept on `globalThis` under a registered symbol:
// both copies see the same handle and there is exactly one writer (docs/decisions/003).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema>;
export interface DatabaseHandle {
  file: string;
  sqlite: Database.Database;
  db: Db;
}

// build/server.js and db/client.ts both sit one level below the project root.
export const MIGRATIONS_DIR = fileURLToPath(new URL("../db/migrations", import.meta.url));

const HANDLE = Symbol.for("accord.database");
type Registry = { [HANDLE]?: DatabaseHandle };

/** Opens (creating if needed) the database file with the pragmas Accord relies on. */
export function openDatabase(file: string): DatabaseHandle {
  if (file !== ":memory:") {
    // The file holds password and session hashes: readable by the service account only. SQLite
    // gives its -wal and -shm files the database file's permissions.
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    fs.closeSync(fs.openSync(file, "a", 0o600));
  }
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  // A confirmed write must survive power loss: NORMAL can roll back a committed transaction.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return { file, sqlite, db: drizzle(sqlite, { schema }) };
}

/** Applies the committed SQL migrations in order; synchronous, so nothing is served before. */
export function migrateDatabase(handle: DatabaseHandle, migrationsFolder = MIGRATIONS_DIR): void {
  migrate(handle.db, { migrationsFolder });
}

/** Makes `handle` the process's database. */
export function installDatabase(handle: DatabaseHandle): void {
  (globalThis as Registry)[HANDLE] = handle;
}

export function currentDatabase(): DatabaseHandle {
  const handle = (globalThis as Registry)[HANDLE];
  if (!handle) throw new Error("The database is not open: call openDatabase() and installDatabase() at start.");
  return handle;
}

/** The drizzle database of the process. */
export function db(): Db {
  return currentDatabase().db;
}

export function closeDatabase(): void {
  const registry = globalThis as Registry;
  const handle = registry[HANDLE];
  if (!handle) return;
  delete registry[HANDLE];
  if (handle.sqlite.open) handle.sqlite.close();
}

interface WriteVersionReads {
  totalChanges: Database.Statement<[], number>;
  dataVersion: Database.Statement<[], number>;
}
const writeVersionReads = new WeakMap<Database.Database, WriteVersionReads>();

/**
 * A value that changes whenever anything is written to the database: rows changed through this
 * process's connection (`total_changes()`, counted from its opening; it never decreases, not even
 * on a rollback) and commits by any other connection, another process's included (`PRAGMA
 * data_version`). Equal values mean nothing was written in between, so whatever was computed from the
 * tables still holds. Costs a few microseconds: no table is read (two statements prepared once are
 * faster than one that combines them).
 *
 * Null inside a transaction: what it wrote may still be rolled back without moving the value, so
 * nothing computed there may be kept under it.
 */
export function writeVersion(): string | null {
  const { sqlite } = currentDatabase();
  if (sqlite.inTransaction) return null;
  let reads = writeVersionReads.get(sqlite);
  if (!reads) {
    reads = {
      totalChanges: sqlite.prepare<[], number>("SELECT total_changes()").pluck(),
      dataVersion: sqlite.prepare<[], number>("PRAGMA data_version").pluck(),
    };
    writeVersionReads.set(sqlite, reads);
  }
  return `${reads.totalChanges.get() ?? 0}.${reads.dataVersion.get() ?? 0}`;
}

/** True when the database answers a query; used by /healthz. */
export function databaseAnswers(): boolean {
  try {
    const row = currentDatabase().sqlite.prepare("SELECT 1 AS ok").get() as { ok: number } | undefined;
    return row?.ok === 1;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` in one SQLite transaction on the process's connection (nested calls become
 * savepoints). `fn` must be synchronous: hash passwords and do other async work before.
 */
export function inTransaction<T>(fn: () => T): T {
  return currentDatabase().sqlite.transaction(fn)();
}
