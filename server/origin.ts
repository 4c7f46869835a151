// Cross-site request forgery defence: every request that may change something must come from
// Accord's own origin. Browsers send `Origin` on every POST; `Sec-Fetch-Site` is the fallback.
import type { NextFunction, Request, Response } from "express";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function expectedOrigin(req: Request, publicOrigin: string | null): string {
  return publicOrigin ?? `${req.protocol}://${req.get("host") ?? ""}`;
}

/** True when the request carries proof that it comes from a page of `expected`. */
export function isSameOrigin(headers: { origin?: string; secFetchSite?: string }, expected: string): boolean {
  if (headers.origin) return headers.origin === expected;
  return headers.secFetchSite === "same-origin";
}

export function requireSameOrigin(publicOrigin: string | null) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const ok = isSameOrigin(
      { origin: req.get("origin"), secFetchSite: req.get("sec-fetch-site") },
      expectedOrigin(req, publicOrigin),
    );
    if (ok) return next();
    res
      .status(403)
      .type("text/plain")
      .send("Refused: this request did not come from an Accord page (cross-origin requests cannot change anything).");
  };
}
