// GET /pledges.json: every pledge as open data (app/open-data/pledge-record.ts, documented on
// /open-data), for anyone to compare with the log. `logSize` is the log's size the list was read at.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { publicCache, publicVersion } from "../lib/public-http.server";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

export function loader({ request }: LoaderFunctionArgs) {
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: "pledges-json", variant: [origin], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  const body = {
    generatedAt: now().toISOString(),
    logSize: publicVersion(),
    checkpoint: "/log/checkpoint",
    licence: "CC BY 4.0",
    pledges: pledgeRecords(origin),
  };
  return new Response(JSON.stringify(body), { headers: { ...cache.headers, "Content-Type": "application/json; charset=utf-8" } });
}
