// The neutral world map, `/pledges/map.svg`: the image the pledge list's map draws its pledged states
// over (app/public-site/pledge-map.tsx). It has no words and no links, so one document serves every
// language and filter; it changes only with the map data, so browsers keep it and revalidate by ETag.
import { createHash } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { baseMapSvg } from "../public-site/world-geometry.server";
import { ifNoneMatchNames } from "../lib/entity-tags";

const CACHE_CONTROL = "public, max-age=86400, stale-while-revalidate=604800";

let etag: string | null = null;

function etagOf(body: string): string {
  etag ??= `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
  return etag;
}

export function loader({ request }: LoaderFunctionArgs) {
  const body = baseMapSvg();
  const tag = etagOf(body);
  const headers = { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": CACHE_CONTROL, ETag: tag, Vary: "Accept-Encoding" };
  if (ifNoneMatchNames(request.headers.get("If-None-Match"), tag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
