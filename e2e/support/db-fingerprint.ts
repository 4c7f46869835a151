// A digest of the domain tables, so a test can assert that a refused request changed nothing.
// Sign-in bookkeeping is left out on purpose: a failed sign-in legitimately writes a row to
// login_attempts and a `session.sign_in_failed` audit event, and sessions come and go.
import crypto from "node:crypto";
import { readDatabase } from "./database";

const DOMAIN_TABLES = {
  states: "SELECT * FROM states ORDER BY code",
  participation_records: "SELECT * FROM participation_records ORDER BY id",
  users: "SELECT * FROM users ORDER BY id",
  memberships: "SELECT * FROM memberships ORDER BY id",
  invitations: "SELECT * FROM invitations ORDER BY id",
  instruments: "SELECT * FROM instruments ORDER BY id",
  audit_events: "SELECT * FROM audit_events WHERE substr(action, 1, 8) <> 'session.' ORDER BY id",
} as const;

export type Fingerprint = Record<keyof typeof DOMAIN_TABLES, string>;

/** Per table: the row count and the SHA-256 of its rows, e.g. `20 rows 3f2a…`. */
export function dbFingerprint(): Fingerprint {
  return readDatabase((sqlite) => {
    const read = sqlite.transaction(() => {
      const fingerprint = {} as Fingerprint;
      for (const [table, query] of Object.entries(DOMAIN_TABLES) as [keyof Fingerprint, string][]) {
        const rows = sqlite.prepare(query).raw().all();
        const digest = crypto.createHash("sha256").update(JSON.stringify(rows)).digest("hex");
        fingerprint[table] = `${rows.length} rows ${digest}`;
      }
      return fingerprint;
    });
    // One read transaction: every table is read from the same snapshot.
    return read();
  });
}
