// GET /pledges.atom and /fr/pledges.atom: every pledge event (pledges, declarations, withdrawals),
// newest first, as an Atom feed in the address's language (app/open-data/atom.ts). Any other
// language prefix is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { langParam, translator } from "../i18n";
import { config } from "../lib/env.server";
import { publicCache } from "../lib/public-http.server";
import { ATOM_CONTENT_TYPE, pledgeFeed } from "../open-data/atom";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

export function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: "pledges-atom", variant: [origin, lang], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  const title = translator(lang).t("feeds.pledges.title");
  const feed = pledgeFeed({ origin, lang, page: "/pledges", title }, pledgeRecords(origin));
  return new Response(feed, { headers: { ...cache.headers, "Content-Type": ATOM_CONTENT_TYPE } });
}
