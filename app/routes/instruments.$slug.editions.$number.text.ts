// The canonical text of an edition exactly as adopted, byte for byte: its SHA-256 is the digest every
// pledge and log entry names, so `curl <this address> | sha256sum` checks it. An edition never changes,
// hence the long immutable caching and the digest as the ETag.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { getEdition } from "../models/edition.server";
import { getInstrumentBySlug } from "../models/instrument.server";
import { ifNoneMatchNames } from "../lib/entity-tags";

export function loader({ request, params }: LoaderFunctionArgs) {
  const instrument = params.slug ? getInstrumentBySlug(params.slug) : undefined;
  const edition =
    instrument && params.number && /^[1-9]\d{0,8}$/.test(params.number) ? getEdition(instrument.id, Number(params.number)) : undefined;
  if (!edition) throw json({ message: "There is no edition at this address." }, { status: 404 });
  const etag = `"${edition.digest}"`;
  const headers = {
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: etag,
  };
  if (ifNoneMatchNames(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(edition.canonicalText, {
    headers: {
      ...headers,
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `inline; filename="${edition.slug}.txt"`,
    },
  });
}
