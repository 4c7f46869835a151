// Express in front of Remix: what @remix-run/express's adapter does (an Express request becomes a
// Fetch Request, the Fetch Response is written back), with the public pages' replay (./page-replay.ts)
// around it. The adapter is written out here rather than wrapped because the replay must see the
// answer before it is sent, and the adapter writes it straight to the socket.
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createReadableStreamFromReadable, createRequestHandler, writeReadableStreamToWritable } from "@remix-run/node";
import type express from "express";
import type { PageReplay } from "./page-replay";

export type HandleRequest = (request: Request, context: AppLoadContext) => Promise<Response>;

function remixRequest(req: express.Request, res: express.Response): Request {
  // `originalUrl` keeps the path Remix routes on (server/file-addresses.ts sets it for file addresses).
  const url = new URL(`${req.protocol}://${req.get("host") ?? "localhost"}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const each of value) headers.append(name, each);
    else if (value !== undefined) headers.set(name, value);
  }
  // Loaders and actions stop when the client goes away before the answer is written.
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    init.body = createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url, init);
}

function writeHead(res: express.Response, response: Response): void {
  res.statusMessage = response.statusText;
  res.status(response.status);
  // `append`: a response may set several cookies.
  for (const [name, value] of response.headers.entries()) res.append(name, value);
}

export interface RemixHandlerOptions {
  build: ServerBuild;
  /** The context of each loader and action. */
  loadContext: (req: express.Request, res: express.Response) => AppLoadContext;
  /** Public answers kept and replayed for anonymous readers; none when absent. */
  replay?: PageReplay;
  /** Remix itself, or a stand-in in tests. */
  handleRequest?: HandleRequest;
}

export function remixHandler({ build, loadContext, replay, handleRequest }: RemixHandlerOptions): express.RequestHandler {
  const handle = handleRequest ?? createRequestHandler(build, build.mode);
  return async (req, res, next) => {
    // A reader who left before their page was begun gets none: reading changes nothing, and after a
    // shutdown has closed the database there is nothing to read it with.
    if ((req.method === "GET" || req.method === "HEAD") && req.socket.destroyed) return;
    try {
      const context = loadContext(req, res);
      const replayable = replay?.eligible(req) ? replay : undefined;
      const version = replayable?.version() ?? null;
      if (replayable && version !== null && replayable.replay(req, res, version, context.cspNonce)) return;

      const response = await handle(remixRequest(req, res), context);
      // The held copy keeps the policy (and nonce) it came with: see notModified.
      if (response.status === 304) res.removeHeader("Content-Security-Policy");
      writeHead(res, response);
      if (!response.body) {
        res.end();
        return;
      }
      if (replayable && version !== null && replayable.keepable(req, response)) {
        // Read whole so it can be kept; public answers are pages and data of some kilobytes.
        const body = Buffer.from(await response.arrayBuffer());
        if (!context.render.failed) replayable.keep(req, response, body, version, context.cspNonce);
        res.end(body);
        return;
      }
      await writeReadableStreamToWritable(response.body, res);
    } catch (error) {
      next(error);
    }
  };
}
