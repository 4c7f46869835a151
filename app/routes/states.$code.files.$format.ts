// GET /states/<code>.atom (rewritten here by server/file-addresses.ts): the pledge events of one
// state, newest first, as an Atom feed. 404 for a state Accord does not know or another format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../lib/env.server";
import { publicCache } from "../lib/public-http.server";
import { getState } from "../models/state.server";
import { ATOM_CONTENT_TYPE, pledgeFeed } from "../open-data/atom";
import { dataOrigin, pledgeRecords } from "../open-data/pledge-record";

const paramsSchema = z.object({ code: z.string().regex(/^[A-Z]{2}$/), format: z.literal("atom") });

function notFound(message: string): Response {
  return new Response(`${message}\n`, { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) throw notFound("There is no such file. A state's feed is at /states/<two-letter code>.atom, e.g. /states/NO.atom.");
  const { code } = parsed.data;
  const state = getState(code);
  if (!state) throw notFound(`Accord knows no state with the code ${code}.`);
  const origin = dataOrigin(request, config().publicOrigin);
  const cache = publicCache(request, { name: `state-atom-${code}`, variant: [origin], headers: { "Access-Control-Allow-Origin": "*" } });
  if (cache.notModified) return cache.notModified;
  const feed = pledgeFeed(
    { origin, name: `states/${code}`, title: `Accord: pledge events of ${state.name}`, page: `/states/${code}`, self: `/states/${code}.atom` },
    pledgeRecords(origin, { stateCode: code }),
  );
  return new Response(feed, { headers: { ...cache.headers, "Content-Type": ATOM_CONTENT_TYPE } });
}
