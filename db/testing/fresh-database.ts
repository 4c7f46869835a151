// A freshly migrated database file for one test file (never an in-memory stand-in: the tests run
// on the same SQLite file format, pragmas, triggers and migrations as production).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, installDatabase, closeDatabase, type DatabaseHandle } from "../client";

export function openFreshDatabase(label = "test"): DatabaseHandle {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `accord-${label}-`));
  const handle = openDatabase(path.join(dir, "accord.db"));
  migrateDatabase(handle);
  installDatabase(handle);
  return handle;
}

export function disposeDatabase(handle: DatabaseHandle): void {
  closeDatabase();
  fs.rmSync(path.dirname(handle.file), { recursive: true, force: true });
}
