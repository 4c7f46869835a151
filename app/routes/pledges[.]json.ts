// GET /pledges.json: the pledge list as open data, for anyone to compare with the log. Dates are
// YYYY-MM-DD, instants ISO 8601 in UTC; `logSize` is the log's size the list was read at.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { now } from "../lib/clock.server";
import { matchesTag, notModified, pledgeListHeaders, pledgeListTag } from "../lib/pledge-http.server";
import { listPledges } from "../models/pledge.server";
import { latestCheckpoint } from "../models/transparency-log.server";

export function loader({ request }: LoaderFunctionArgs) {
  const tag = pledgeListTag("pledges-json");
  const headers = pledgeListHeaders(tag, { "Access-Control-Allow-Origin": "*" });
  if (matchesTag(request, tag)) return notModified(headers);
  const body = { generatedAt: now().toISOString(), logSize: latestCheckpoint().treeSize, checkpoint: "/log/checkpoint", pledges: listPledges() };
  return new Response(JSON.stringify(body), { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
