// Short-lived tokens for the collaboration WebSocket. The drafting page's loader issues one for the
// signed-in person, one document and one scope; the collaboration server checks it before it loads
// anything. Stateless (HMAC-SHA256), so nothing is stored per token; two minutes is enough to open
// the connection, and a reconnect asks the page for a fresh one (docs/decisions/011).
import crypto from "node:crypto";
import { z } from "zod";
import { nowMs } from "../lib/clock.server";
import { config } from "../lib/env.server";

export const COLLAB_TOKEN_TTL_MS = 2 * 60 * 1000;
const VERSION = "c1";

export type CollabScope = "edit" | "read";

export interface CollabTokenInput {
  userId: number;
  documentName: string;
  scope: CollabScope;
  /** The state the person acts for; null for the chair and observers. */
  stateCode: string | null;
}

export interface CollabClaims extends CollabTokenInput {
  expiresAt: number;
}

const claimsSchema = z
  .object({
    u: z.number().int().positive(),
    d: z.string().min(1).max(200),
    s: z.enum(["edit", "read"]),
    c: z.string().regex(/^[A-Z]{2}$/).nullable(),
    e: z.number().int(),
  })
  .strict();

// A key of its own, derived from the session secret, so a collaboration token can never be
// mistaken for anything else the secret signs.
function tokenKey(): Buffer {
  return crypto.createHmac("sha256", config().sessionSecret).update("accord-collab-token").digest();
}

function sign(payload: string): Buffer {
  return crypto.createHmac("sha256", tokenKey()).update(`${VERSION}.${payload}`).digest();
}

/** `c1.<claims as base64url JSON>.<HMAC-SHA256 as base64url>`, valid for two minutes from the clock. */
export function issueCollabToken(input: CollabTokenInput): string {
  const claims = { u: input.userId, d: input.documentName, s: input.scope, c: input.stateCode, e: nowMs() + COLLAB_TOKEN_TTL_MS };
  const payload = Buffer.from(JSON.stringify(claims)).toString("base64url");
  return `${VERSION}.${payload}.${sign(payload).toString("base64url")}`;
}

/** The claims of a genuine, unexpired token for `documentName`, or null. */
export function verifyCollabToken(token: string, documentName: string): CollabClaims | null {
  if (token.length > 2048) return null;
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== VERSION) return null;
  const [, payload = "", signature = ""] = parts;
  const expected = sign(payload);
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null;
  // Base64 leaves spare bits in the last character: only the canonical spelling of the signature is the token.
  if (given.toString("base64url") !== signature) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const result = claimsSchema.safeParse(parsed);
  if (!result.success) return null;
  const claims = result.data;
  if (claims.d !== documentName || claims.e <= nowMs()) return null;
  return { userId: claims.u, documentName: claims.d, scope: claims.s, stateCode: claims.c, expiresAt: claims.e };
}
