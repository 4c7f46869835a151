// GET /pledges.atom: every pledge event (pledges, declarations, withdrawals), newest first, as an
// Atom feed (app/open-data/atom.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { config } from "../lib/env.server";
import { publicCache } from "../lib/public-http.server";
import { ATOM_CONTENT_TYPE, pledgeFeed } from "../open-data/atom";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

export function loader({ request }: LoaderFunctionArgs) {
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: "pledges-atom", variant: [origin], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  const feed = pledgeFeed({ origin, name: "pledges", title: "Accord: pledge events", page: "/pledges", self: "/pledges.atom" }, pledgeRecords(origin));
  return new Response(feed, { headers: { ...cache.headers, "Content-Type": ATOM_CONTENT_TYPE } });
}
