// GET /pledges/<id>/proof.json: the pledge's proof bundle (accord-proof-bundle/1), a file to keep and
// to check offline with `npm run verify-log -- --bundle <file>`. A new checkpoint each time the log grows.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { parsePledgeId } from "../lib/pledges";
import { pledgeProofBundle } from "../models/pledge.server";

export function loader({ params }: LoaderFunctionArgs) {
  const id = parsePledgeId(params.id);
  const bundle = id === null ? undefined : pledgeProofBundle(id);
  if (!bundle) throw json({ message: "There is no pledge with this number." }, { status: 404 });
  return new Response(`${JSON.stringify(bundle, null, 2)}\n`, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="accord-pledge-${bundle.pledge}-proof.json"`,
      "Cache-Control": "no-cache",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
