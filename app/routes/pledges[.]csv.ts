// GET /pledges.csv: every pledge as RFC 4180 CSV, one row per pledge (app/open-data/csv.ts, documented
// on /open-data).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "../lib/env.server";
import { publicCache } from "../lib/public-http.server";
import { pledgesCsv } from "../open-data/csv";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

export function loader({ request }: LoaderFunctionArgs) {
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: "pledges-csv", variant: [origin], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  return new Response(pledgesCsv(pledgeRecords(origin)), {
    headers: {
      ...cache.headers,
      "Content-Type": "text/csv; charset=utf-8; header=present",
      "Content-Disposition": 'attachment; filename="accord-pledges.csv"',
    },
  });
}
