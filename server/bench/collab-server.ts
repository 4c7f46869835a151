// One server under test for `npm run bench:collab`, in a child process of its own (./collab.ts forks it):
//
//   accord   — the real collaboration server (createCollabServer + attachCollabUpgrade: token
//              authentication, durable appends to SQLite, message checks, rate limit, awareness
//              identities, compaction) on a fresh, migrated database file;
//   baseline — bare Hocuspocus 3.4.4 (`gc: false`, no extensions, no authentication, no persistence,
//              no checks) holding the same starting document in memory, behind the same WebSocket wiring.
//
// Both listen on 127.0.0.1 (any free port), answer the orchestrator's requests over IPC (prepare a
// document, count its updates, report CPU and RSS, check what was stored) and exit when the IPC
// channel closes.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Hocuspocus } from "@hocuspocus/server";
import { WebSocketServer } from "ws";
import * as Y from "yjs";
import { issueCollabToken } from "../../app/auth/collab-token.server";
import { installConfig, loadConfig } from "../../app/lib/env.server";
import { countDocumentUpdates, findDocumentByName, loadDocumentUpdate } from "../../app/models/document.server";
import { installDatabase, migrateDatabase, openDatabase } from "../../db/client";
import { DOCUMENT_FRAGMENT, demoDraft, documentToYDoc } from "../../editor";
import { createCollabServer, type CollabServer } from "../collab/server";
import { draftDocument, person, type Person } from "../collab/testing";
import { attachCollabUpgrade, COLLAB_PATH, MAX_PAYLOAD_BYTES } from "../collab/upgrade";
import { markerOf, type Prepared, type ServerKind, type ServerReply, type ServerRequest, type Verified } from "./protocol";

/** Delegations the typing delegates belong to (several delegates per state when there are many editors). */
const STATES = ["NO", "AU", "DK", "FR", "JP", "CA", "CL", "KE", "NZ", "SN"] as const;

function send(reply: ServerReply): void {
  process.send?.(reply);
}

/** Acknowledged markers found in a document's text. */
function countMarkers(doc: Y.Doc, acked: number[]): { stored: number; missing: number } {
  const text = doc.getXmlFragment(DOCUMENT_FRAGMENT).toString();
  const present = new Set<number>();
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (markerOf(codePoint)) present.add(codePoint);
  }
  let stored = 0;
  for (const codePoint of acked) if (present.has(codePoint)) stored++;
  return { stored, missing: acked.length - stored };
}

interface Target {
  hocuspocus: Hocuspocus;
  prepare(editors: number): Prepared;
  verify(document: string, acked: number[]): Verified;
}

function accordTarget(databasePath: string, server: http.Server, log: (message: string) => void): Target {
  const config = loadConfig({
    NODE_ENV: "test",
    DATABASE_PATH: databasePath,
    HOST: "127.0.0.1",
    PORT: "3000",
    SESSION_SECRET: crypto.randomBytes(32).toString("hex"),
  });
  installConfig(config);
  const database = openDatabase(databasePath);
  migrateDatabase(database);
  installDatabase(database);

  const collab: CollabServer = createCollabServer({ log });
  attachCollabUpgrade(server, collab, { publicOrigin: null, log });
  const delegates: Person[] = [];
  const observer = person("observer", null);

  return {
    hocuspocus: collab.hocuspocus,
    prepare(editors) {
      while (delegates.length < editors) delegates.push(person("delegate", STATES[delegates.length % STATES.length] ?? "NO"));
      const document = draftDocument();
      const token = (who: Person, scope: "edit" | "read") =>
        issueCollabToken({ userId: who.userId, documentName: document, scope, stateCode: who.stateCode });
      return {
        document,
        editorTokens: delegates.slice(0, editors).map((delegate) => token(delegate, "edit")),
        readerToken: token(observer, "read"),
      };
    },
    verify(document, acked) {
      const stored = new Y.Doc({ gc: false });
      const update = loadDocumentUpdate(document);
      if (update) Y.applyUpdate(stored, update);
      const row = findDocumentByName(document);
      const logRows = row ? countDocumentUpdates(row.id) : null;
      return { ...countMarkers(stored, acked), logRows, compactedThrough: row?.compactedThrough ?? null };
    },
  };
}

function baselineTarget(server: http.Server): Target {
  const initial = Y.encodeStateAsUpdate(documentToYDoc(demoDraft()));
  const hocuspocus = new Hocuspocus({
    quiet: true,
    // gcFilter is Yjs's default (the type asks for one); with gc off it is never consulted.
    yDocOptions: { gc: false, gcFilter: () => true },
    // Only to hold the same starting content as Accord's draft; runs once per document.
    async onLoadDocument({ document }) {
      Y.applyUpdate(document, initial);
    },
  });
  // The same wiring as Accord's upgrade handler, without the origin check.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  server.on("upgrade", (req, socket, head) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== COLLAB_PATH) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("error", () => undefined);
      hocuspocus.handleConnection(ws, req);
    });
  });
  let documents = 0;
  return {
    hocuspocus,
    prepare(editors) {
      documents += 1;
      return { document: `bench/${documents}`, editorTokens: Array.from({ length: editors }, () => ""), readerToken: "" };
    },
    verify(document, acked) {
      const loaded = hocuspocus.documents.get(document);
      if (!loaded) return { stored: 0, missing: acked.length, logRows: null, compactedThrough: null };
      return { ...countMarkers(loaded, acked), logRows: null, compactedThrough: null };
    },
  };
}

async function main(): Promise<void> {
  const [kind, databasePath] = process.argv.slice(2) as [ServerKind | undefined, string | undefined];
  if (kind !== "accord" && kind !== "baseline") throw new Error("usage: collab-server.ts accord|baseline <databasePath>");
  let logged = 0;
  const log = (message: string) => {
    // Compaction is routine; refusals would mean the workload is wrong: show the first few, not a flood.
    if (message.startsWith("compacted ")) return;
    if (++logged <= 5) process.stderr.write(`[${kind}] ${message}\n`);
  };
  const server = http.createServer((_req, res) => res.end("ok"));
  const target = kind === "accord" ? accordTarget(databasePath ?? "", server, log) : baselineTarget(server);

  const counts = new Map<string, { updates: number }>();
  process.on("message", (request: ServerRequest) => {
    try {
      switch (request.type) {
        case "prepare":
          send({ id: request.id, type: "prepared", prepared: target.prepare(request.editors) });
          break;
        case "watch": {
          const count = { updates: 0 };
          counts.set(request.document, count);
          target.hocuspocus.documents.get(request.document)?.on("update", () => {
            count.updates += 1;
          });
          send({ id: request.id, type: "watching" });
          break;
        }
        case "stats": {
          const cpu = process.cpuUsage();
          send({
            id: request.id,
            type: "stats",
            stats: {
              at: Date.now(),
              cpuMicros: cpu.user + cpu.system,
              rssBytes: process.memoryUsage.rss(),
              updates: counts.get(request.document)?.updates ?? 0,
            },
          });
          break;
        }
        case "verify":
          send({ id: request.id, type: "verified", verified: target.verify(request.document, request.acked) });
          break;
      }
    } catch (error) {
      send({ id: request.id, type: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
  // Never outlive the orchestrator.
  process.on("disconnect", () => process.exit(0));

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  send({ type: "ready", port: (server.address() as AddressInfo).port, pid: process.pid });
}

main().catch((error: unknown) => {
  process.stderr.write(`collab-server: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
