// The one Node process: checks its configuration, opens and migrates the database, seeds the demo
// scenario into an empty database, then serves HTTP and, on upgrades of /collab, the collaboration server.
import http from "node:http";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { closeDatabase, migrateDatabase, openDatabase, installDatabase } from "../db/client";
import { ConfigError, loadConfig, installConfig, type Config } from "../app/lib/env.server";
import { purgeOldLoginAttempts } from "../app/models/login-attempt.server";
import { purgeExpiredSessions } from "../app/models/session.server";
import { installLiveEditor } from "../app/models/document.server";
import { LogIntegrityError, openTransparencyLog } from "../app/models/transparency-log.server";
import { LogKeyError } from "../app/log/key.server";
import { REMIX_BUILD_PATH, createApp } from "./app";
import { createCollabServer } from "./collab/server";
import { liveEditorFor } from "./collab/live-edit";
import { attachCollabUpgrade } from "./collab/upgrade";
import { startDeadlineTimer } from "./deadlines";
import { seedDemoIfEmpty } from "./demo";

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

function purgeStale(): void {
  purgeExpiredSessions();
  purgeOldLoginAttempts();
}

async function main(): Promise<void> {
  const config = readConfig();
  installConfig(config);

  const database = openDatabase(config.databasePath);
  migrateDatabase(database);
  installDatabase(database);
  // The log's signing key (generated on first start) and its checks; signs the empty checkpoint once.
  const log = openTransparencyLog(config);
  console.log(`Transparency log ${log.origin}: ${log.treeSize} entries${log.generatedKey ? ", new signing key generated" : ""}`);
  purgeStale();
  // Expired sessions and aged-out sign-in attempts no longer count for anything.
  const purgeTimer = setInterval(purgeStale, 60 * 60 * 1000);
  purgeTimer.unref();
  // Silence procedures close at their deadline, also those that fell due while the process was down.
  const deadlines = startDeadlineTimer();
  await seedDemoIfEmpty(config);

  const build = (await import(pathToFileURL(REMIX_BUILD_PATH).href)) as ServerBuild;
  const app = createApp(build, config);
  const server = http.createServer(app);
  // One Hocuspocus instance for the process, sharing the one SQLite connection (docs/decisions/011).
  const collabServer = createCollabServer();
  const collab = attachCollabUpgrade(server, collabServer, { publicOrigin: config.publicOrigin });
  // Server-side edits (accepted amendments, restored versions) go through it, so editors see them.
  installLiveEditor(liveEditorFor(collabServer.hocuspocus));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, resolve);
  });
  const shown = config.publicOrigin ?? `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${config.port}`;
  console.log(`Accord is listening on ${shown} (database ${config.databasePath})`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: closing connections and the database`);
    deadlines.stop();
    // Collaboration sockets first (every accepted edit is already on disk; this folds the logs), then
    // HTTP, then the database once nothing can write any more.
    const collabClosed = collab.close().catch((error: unknown) => console.error("closing the collaboration server:", error));
    server.close(() => {
      void collabClosed.then(() => {
        closeDatabase();
        process.exit(0);
      });
    });
    server.closeIdleConnections();
    // Connections that do not finish within 10 s are cut; every write is already committed.
    setTimeout(() => {
      server.closeAllConnections();
    }, 10_000).unref();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  // Refusals at start carry a message written for the operator; anything else shows its stack.
  console.error(error instanceof LogKeyError || error instanceof LogIntegrityError ? error.message : error);
  process.exit(1);
});
