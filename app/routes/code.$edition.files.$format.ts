// The published files of an adopted edition, public: `/code/<edition>.json`, `.pdf`, `.docx` and `.akn.xml`
// (server/file-addresses.ts rewrites those addresses to this route). Each is generated from the stored
// edition, never from the draft, and an edition never changes: the files are cached for a year as
// immutable, with the digest and format as the ETag, and anyone's page or script may fetch them.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { config } from "../lib/env.server";
import { getEditionBySlug } from "../models/edition.server";
import { getInstrument } from "../models/instrument.server";
import { EDITION_FORMATS, editionFile, editionFileName, FORMAT_DESCRIPTIONS } from "../publishing/edition-files";
import { ifNoneMatchNames } from "../lib/entity-tags";

const paramsSchema = z.object({
  edition: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
  format: z.enum(EDITION_FORMATS),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params);
  if (!parsed.success) {
    const formats = EDITION_FORMATS.map((format) => `.${format}`).join(", ");
    throw json({ message: `There is no such file. An edition is published as ${formats}.` }, { status: 404 });
  }
  const { edition: slug, format } = parsed.data;
  const edition = getEditionBySlug(slug);
  const instrument = edition ? getInstrument(edition.instrumentId) : undefined;
  if (!edition || !instrument) throw json({ message: `There is no adopted edition called “${slug}”.` }, { status: 404 });

  const etag = `"${edition.digest}-${format}"`;
  const headers = {
    "Cache-Control": "public, max-age=31536000, immutable",
    ETag: etag,
    "Access-Control-Allow-Origin": "*",
  };
  if (ifNoneMatchNames(request.headers.get("If-None-Match"), etag)) return new Response(null, { status: 304, headers });

  const origin = config().publicOrigin ?? new URL(request.url).origin;
  const body = await editionFile(edition, instrument, format, origin);
  const { contentType, disposition } = FORMAT_DESCRIPTIONS[format];
  return new Response(new Uint8Array(body), {
    headers: {
      ...headers,
      "Content-Type": contentType,
      "Content-Disposition": `${disposition}; filename="${editionFileName(edition, format)}"`,
      "Content-Length": String(body.byteLength),
    },
  });
}
