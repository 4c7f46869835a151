// What the public log endpoints (app/routes/log.*.ts) share: strict parsing of their numeric query
// parameters, and their responses with the caching each kind of answer allows. Checkpoints change
// with every append (`no-cache`); entries within a complete range and proofs at a fixed size never
// change (`immutable`). Anyone may read the log, from any site: CORS is open on every answer.
import { z } from "zod";
import { LogRangeError } from "../models/transparency-log.server";

export const NO_CACHE = "no-cache";
export const IMMUTABLE = "public, max-age=31536000, immutable";

// Decimal digits without sign, exponent or leading zeros: "1e3", " 5" and "05" are refused rather than guessed at.
export const logCountSchema = z
  .string({ required_error: "is required" })
  .regex(/^(0|[1-9][0-9]{0,15})$/, "must be a whole number such as 0 or 42")
  .transform(Number)
  .refine(Number.isSafeInteger, "is too large");

function headers(contentType: string, cacheControl: string): HeadersInit {
  return { "Content-Type": contentType, "Cache-Control": cacheControl, "Access-Control-Allow-Origin": "*" };
}

export function logText(body: string, cacheControl: string): Response {
  return new Response(body, { headers: headers("text/plain; charset=utf-8", cacheControl) });
}

export function logJson(body: unknown, cacheControl: string, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: headers("application/json; charset=utf-8", cacheControl) });
}

function badRequest(message: string): Response {
  return logJson({ error: message }, "no-store", 400);
}

/** The query parameters of `request`, parsed with `schema`; throws a 400 naming every bad parameter. */
export function parseLogQuery<T extends z.ZodRawShape>(request: Request, shape: T): z.infer<z.ZodObject<T>> {
  const params = new URL(request.url).searchParams;
  const input = Object.fromEntries(Object.keys(shape).map((name) => [name, params.get(name) ?? undefined]));
  const parsed = z.object(shape).safeParse(input);
  if (!parsed.success) {
    throw badRequest(parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; "));
  }
  return parsed.data;
}

/** Runs a read of the log, turning a LogRangeError into a 400 with its message. */
export function answerLogRead<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof LogRangeError) throw badRequest(error.message);
    throw error;
  }
}
