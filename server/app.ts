// The HTTP application: security headers, static files, health, and the Remix handler. Kept apart
// from server/index.ts so tests can build it around their own database and configuration.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { rewriteFileAddresses } from "./file-addresses";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import helmet from "helmet";
import { databaseAnswers, writeVersion } from "../db/client";
import { today } from "../app/lib/clock.server";
import type { Config } from "../app/lib/env.server";
import { requireSameOrigin } from "./origin";
import { PageReplay } from "./page-replay";
import { remixHandler, type HandleRequest } from "./remix-handler";

export const ROOT_DIR = fileURLToPath(new URL("..", import.meta.url));
export const REMIX_BUILD_PATH = path.join(ROOT_DIR, "build/remix/index.js");

/** Forms are small; anything larger is refused before Remix reads it into memory. */
const MAX_BODY_BYTES = 1024 * 1024;

function limitBodySize(limit: number): express.RequestHandler {
  return (req, res, next) => {
    const length = Number(req.get("content-length") ?? 0);
    if (length > limit) {
      res.status(413).type("text/plain").send(`Refused: the request body is larger than ${limit / 1024} KiB.`);
      return;
    }
    next();
  };
}

/** What public answers depend on besides the request: the database's writes and the day. */
export function publicAnswersVersion(): string | null {
  const written = writeVersion();
  return written === null ? null : `${written} ${today()}`;
}

export interface AppOptions {
  /** The replay of public answers (./page-replay.ts): made here by default; `false` renders every answer. */
  replay?: PageReplay | false;
  /** Stands in for Remix in tests of the server around it. */
  handleRequest?: HandleRequest;
}

export function createApp(build: ServerBuild, config: Config, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", false);

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          "default-src": ["'self'"],
          "script-src": ["'strict-dynamic'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "font-src": ["'self'"],
          "connect-src": ["'self'"],
          "form-action": ["'self'"],
          "frame-ancestors": ["'none'"],
          "base-uri": ["'none'"],
          "object-src": ["'none'"],
          ...(config.secure ? { "upgrade-insecure-requests": [] } : {}),
        },
      },
      crossOriginEmbedderPolicy: false,
      referrerPolicy: { policy: "same-origin" },
      strictTransportSecurity: config.secure ? { maxAge: 63072000, includeSubDomains: true } : false,
    }),
  );
  app.use(compression());

  app.get("/healthz", (_req, res) => {
    const ok = databaseAnswers();
    res.status(ok ? 200 : 503).type("text/plain").set("Cache-Control", "no-store").send(ok ? "ok\n" : "database unavailable\n");
  });

  // Fingerprinted Remix assets never change; the rest of public/ may.
  app.use("/build", express.static(path.join(ROOT_DIR, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(ROOT_DIR, "public"), { maxAge: "1h" }));

  app.use(requireSameOrigin(config.publicOrigin));
  app.use(limitBodySize(MAX_BODY_BYTES));
  app.use(rewriteFileAddresses());

  // Public answers to anonymous readers are replayed while nothing was written and the day is the same
  // (the pledge list's timeline runs to today): docs/decisions/019.
  const replay = options.replay === false ? undefined : (options.replay ?? new PageReplay({ version: publicAnswersVersion }));
  app.all(
    "*",
    remixHandler({
      build,
      replay,
      handleRequest: options.handleRequest,
      loadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientAddress: req.socket.remoteAddress ?? "unknown",
        render: { failed: false },
      }),
    }),
  );
  return app;
}
