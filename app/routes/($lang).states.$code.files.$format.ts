// GET /states/<code>.atom and /fr/states/<code>.atom (rewritten here by server/file-addresses.ts):
// the pledge events of one state, newest first, as an Atom feed in the address's language. 404 for
// another language prefix, a state Accord does not know, or another format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { langParam, localizedPath, translator } from "../i18n";
import { config } from "../lib/env.server";
import { publicCache } from "../lib/public-http.server";
import { getState } from "../models/state.server";
import { ATOM_CONTENT_TYPE, pledgeFeed, stateName } from "../open-data/atom";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

const paramsSchema = z.object({ code: z.string().regex(/^[A-Z]{2}$/), format: z.literal("atom") });

function notFound(message: string): Response {
  return new Response(`${message}\n`, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const lang = langParam(params.lang);
  const { t } = translator(lang);
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound(t("feeds.notFound.file", { example: localizedPath(lang, "/states/NO.atom") }));
  const { code } = parsed.data;
  const state = getState(code);
  if (!state) throw notFound(t("feeds.notFound.state", { code }));
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: `state-atom-${code}`, variant: [origin, lang], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  const title = t("feeds.state.title", { state: stateName(state, lang) });
  const feed = pledgeFeed({ origin, lang, page: `/states/${code}`, title }, pledgeRecords(origin, { stateCode: code }));
  return new Response(feed, { headers: { ...cache.headers, "Content-Type": ATOM_CONTENT_TYPE } });
}
