// A short-lived token that lets the live editor connect to the collaboration server for one document,
// with the scope the person holds (edit or read). Fetched by the editor before each (re)connection.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { issueCollabToken } from "../auth/collab-token.server";
import { requirePermission } from "../auth/guards.server";
import { can, grantFor } from "../auth/permissions";
import { draftDocumentName, findDocumentByName } from "../models/document.server";
import { getInstrumentBySlug } from "../models/instrument.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, principal } = await requirePermission(request, "draft:read");
  const instrument = getInstrumentBySlug(params.slug ?? "");
  const documentName = instrument ? draftDocumentName(instrument.slug) : null;
  if (!documentName || !findDocumentByName(documentName)) {
    throw json({ message: "There is no draft at this address." }, { status: 404 });
  }
  const scope = can(principal, "draft:edit") ? "edit" : "read";
  const token = issueCollabToken({
    userId: user.id,
    documentName,
    scope,
    // The state of the membership that grants this scope: the server re-checks exactly that one.
    stateCode: grantFor(principal, scope === "edit" ? "draft:edit" : "draft:read")?.stateCode ?? null,
  });
  return json({ token }, { headers: { "Cache-Control": "no-store" } });
}
