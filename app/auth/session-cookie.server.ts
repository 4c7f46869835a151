// The session cookie: HttpOnly, SameSite=Lax, signed with SESSION_SECRET, and `Secure` with the
// `__Host-` prefix when Accord is served over HTTPS.
import { createCookie, type Cookie } from "@remix-run/node";
import { config } from "../lib/env.server";
import { SESSION_ABSOLUTE_MS } from "../models/session.server";

let cached: { secret: string; secure: boolean; cookie: Cookie } | undefined;

function sessionCookie(): Cookie {
  const { sessionSecret, secure } = config();
  if (cached?.secret !== sessionSecret || cached.secure !== secure) {
    const cookie = createCookie(secure ? "__Host-accord_session" : "accord_session", {
      httpOnly: true,
      sameSite: "lax",
      secure,
      path: "/",
      maxAge: SESSION_ABSOLUTE_MS / 1000,
      secrets: [sessionSecret],
    });
    cached = { secret: sessionSecret, secure, cookie };
  }
  return cached.cookie;
}

export async function readSessionToken(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export function serializeSessionToken(token: string): Promise<string> {
  return sessionCookie().serialize(token);
}

export function clearSessionCookie(): Promise<string> {
  return sessionCookie().serialize("", { maxAge: 0, expires: new Date(0) });
}
