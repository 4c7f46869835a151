// Read-only access to the end-to-end server's database file, to observe what the server stored.
// Tests never write here: every change goes through the app.
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

export const E2E_DATABASE_FILE = fileURLToPath(new URL("../.data/accord.db", import.meta.url));

/** Runs `read` on a read-only connection to the server's database and closes it. */
export function readDatabase<T>(read: (sqlite: Database.Database) => T): T {
  const sqlite = new Database(E2E_DATABASE_FILE, { readonly: true, fileMustExist: true });
  try {
    return read(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The display name stored for an account. */
export function userName(email: string): string {
  const row = readDatabase((sqlite) => sqlite.prepare("SELECT name FROM users WHERE email = ?").get(email)) as
    | { name: string }
    | undefined;
  if (!row) throw new Error(`No account ${email} in ${E2E_DATABASE_FILE}`);
  return row.name;
}
