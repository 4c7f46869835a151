// The collaboration server as a process of its own, for the crash test (./crash.test.ts), which kills
// it with SIGKILL and starts it again on the same database file:
//
//   node --import tsx server/collab/crash-harness.ts <databasePath> <port>
//
// It checks the database file as it finds it (`PRAGMA integrity_check`, after SQLite has recovered the
// WAL), migrates it, creates five delegates, an observer and a fresh draft document for the next
// schedule, attaches the collaboration server to an HTTP server on 127.0.0.1 (port 0: any free port)
// and prints one line: `ready <port> <JSON>`. SESSION_SECRET comes from the environment, so the test
// can issue the tokens itself. The process ends when its standard input closes (the test is gone).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { installConfig, loadConfig } from "../../app/lib/env.server";
import { installDatabase, migrateDatabase, openDatabase } from "../../db/client";
import { createCollabServer } from "./server";
import { draftDocument, person } from "./testing";
import { attachCollabUpgrade } from "./upgrade";

/** The states of the five typing delegations. */
export const CRASH_STATES = ["NO", "AU", "DK", "FR", "JP"] as const;

export interface HarnessReady {
  port: number;
  /** The result of `PRAGMA integrity_check` on the file as found at start ("ok" when sound). */
  integrity: string;
  /** A new draft document holding the demo draft, for the next schedule. */
  document: string;
  delegates: { userId: number; stateCode: string }[];
  observer: { userId: number };
}

async function main(): Promise<void> {
  const [databasePath, portArgument = "0"] = process.argv.slice(2);
  if (!databasePath) throw new Error("usage: crash-harness.ts <databasePath> <port>");
  const port = Number(portArgument);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${portArgument}`);

  const config = loadConfig({ ...process.env, NODE_ENV: "test", DATABASE_PATH: databasePath, HOST: "127.0.0.1", PORT: "3000", PUBLIC_ORIGIN: undefined });
  installConfig({ ...config, port });

  const database = openDatabase(databasePath);
  const rows = database.sqlite.pragma("integrity_check") as { integrity_check: string }[];
  const integrity = rows.map((row) => row.integrity_check).join("; ");
  migrateDatabase(database);
  installDatabase(database);

  const delegates = CRASH_STATES.map((stateCode) => ({ userId: person("delegate", stateCode).userId, stateCode }));
  const observer = { userId: person("observer", null).userId };
  const document = draftDocument();

  const log = (message: string) => process.stderr.write(`collab: ${message}\n`);
  const server = http.createServer((_req, res) => res.end("ok"));
  attachCollabUpgrade(server, createCollabServer({ log }), { publicOrigin: null, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const ready: HarnessReady = { port: (server.address() as AddressInfo).port, integrity, document, delegates, observer };
  process.stdout.write(`ready ${ready.port} ${JSON.stringify(ready)}\n`);

  // Never outlive the test that started it.
  process.stdin.on("close", () => process.exit(0));
  process.stdout.on("error", () => process.exit(0));
  process.stdin.resume();
}

main().catch((error: unknown) => {
  process.stderr.write(`crash harness: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
