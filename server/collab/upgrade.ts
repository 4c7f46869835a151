// The HTTP side of the collaboration server: upgrades of /collab only, from the app's own origin
// only, with frames capped at 1 MiB; and a clean shutdown that closes every connection.
import type http from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import type { Request } from "express";
import { WebSocketServer } from "ws";
import { expectedOrigin, isSameOrigin } from "../origin";
import { defaultCollabLog, type CollabLog } from "./refusal";
import type { CollabServer } from "./server";

export const COLLAB_PATH = "/collab";
/** The `ws` default is 100 MiB; no legitimate message comes near 1 MiB. */
export const MAX_PAYLOAD_BYTES = 1024 * 1024;

export interface CollabUpgradeOptions {
  publicOrigin: string | null;
  log?: CollabLog;
}

export interface AttachedCollab {
  wss: WebSocketServer;
  /** Closes every connection, waits for documents to unload, compacts them and stops the WebSocket server. */
  close(timeoutMs?: number): Promise<void>;
}

function pathOf(req: http.IncomingMessage): string {
  try {
    return new URL(req.url ?? "/", "http://localhost").pathname;
  } catch {
    return "";
  }
}

/** The origin the request's page must have, by the same rule as server/origin.ts for HTTP requests. */
function upgradeExpectedOrigin(req: http.IncomingMessage, publicOrigin: string | null): string {
  const protocol = (req.socket as TLSSocket).encrypted ? "https" : "http";
  // expectedOrigin reads only the protocol and the Host header, which an upgrade request has too.
  const requestLike = { protocol, get: (name: string) => req.headers[name.toLowerCase()] } as unknown as Request;
  return expectedOrigin(requestLike, publicOrigin);
}

function refuseUpgrade(socket: Duplex, status: string, text: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  socket.destroy();
}

export function attachCollabUpgrade(server: http.Server, collab: CollabServer, options: CollabUpgradeOptions): AttachedCollab {
  const log = options.log ?? defaultCollabLog;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD_BYTES });
  let closing = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (closing || pathOf(req) !== COLLAB_PATH) {
      socket.destroy();
      return;
    }
    const origin = typeof req.headers.origin === "string" ? req.headers.origin : undefined;
    const secFetchSite = typeof req.headers["sec-fetch-site"] === "string" ? req.headers["sec-fetch-site"] : undefined;
    if (!isSameOrigin({ origin, secFetchSite }, upgradeExpectedOrigin(req, options.publicOrigin))) {
      log(`refused a WebSocket upgrade from origin ${origin ?? "(none)"}`);
      refuseUpgrade(socket, "403 Forbidden", "Refused: this connection did not come from an Accord page.\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      // An oversized frame or a protocol error closes the socket (1009/1002); without a listener the
      // 'error' event would throw and stop the process.
      ws.on("error", (error) => log(`closed a WebSocket: ${error.message}`));
      collab.hocuspocus.handleConnection(ws, req);
    });
  };
  server.on("upgrade", onUpgrade);

  return {
    wss,
    async close(timeoutMs = 5000) {
      closing = true;
      server.off("upgrade", onUpgrade);
      collab.hocuspocus.closeConnections();
      for (const ws of wss.clients) ws.close(1001, "server shutting down");
      // Documents unload once their last connection is gone; edits are already on disk, so waiting
      // only lets the unload hooks fold the logs.
      const deadline = Date.now() + timeoutMs;
      while (collab.hocuspocus.getDocumentsCount() > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      for (const ws of wss.clients) ws.terminate();
      collab.close();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
