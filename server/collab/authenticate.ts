// onAuthenticate: a connection opens a document only with a genuine, unexpired token for that very
// document, for a person who still holds the permission the token's scope needs. Unknown documents are
// refused here, never in onLoadDocument (an onLoadDocument that throws leaks the document in 3.4.4).
import type { onAuthenticatePayload } from "@hocuspocus/server";
import { verifyCollabToken } from "../../app/auth/collab-token.server";
import { can, PERMISSIONS, type MembershipGrant } from "../../app/auth/permissions";
import { findDocumentByName } from "../../app/models/document.server";
import { listGrants } from "../../app/models/session.server";
import { getUser } from "../../app/models/user.server";
import type { CollabContext } from "./identity";
import { CollabRefusal, type CollabLog } from "./refusal";

/** The membership the person acts under: for the token's state, and granting the scope's permission. */
function actingGrant(grants: MembershipGrant[], stateCode: string | null, permission: "draft:edit" | "draft:read"): MembershipGrant | null {
  const roles: readonly string[] = PERMISSIONS[permission].roles;
  return grants.find((grant) => grant.stateCode === stateCode && roles.includes(grant.role)) ?? null;
}

export function authenticateConnection(payload: onAuthenticatePayload, log: CollabLog): CollabContext {
  const { documentName, token } = payload;
  const refuse = (reason: string, detail: string): never => {
    log(`refused a connection to ${documentName}: ${detail}`);
    throw new CollabRefusal(reason);
  };
  const claims = verifyCollabToken(token, documentName);
  if (!claims) return refuse("invalid-token", "the token is missing, forged, expired or for another document");
  const document = findDocumentByName(documentName);
  if (!document) return refuse("unknown-document", "no such document");
  const user = getUser(claims.userId);
  if (!user || user.disabledAt) return refuse("forbidden", `user ${claims.userId} no longer exists or is disabled`);
  const grants = listGrants(user.id);
  const permission = claims.scope === "edit" ? "draft:edit" : "draft:read";
  const grant = actingGrant(grants, claims.stateCode, permission);
  if (!grant || !can({ userId: user.id, memberships: grants }, permission))
    return refuse("forbidden", `user ${user.id} no longer holds ${permission} for ${claims.stateCode ?? "no state"}`);

  const readOnly = claims.scope === "read";
  // Hocuspocus drops document updates from a read-only connection (awareness still flows).
  payload.connectionConfig.readOnly = readOnly;
  return {
    identity: { userId: user.id, name: user.name, stateCode: claims.stateCode, role: grant.role },
    documentId: document.id,
    readOnly,
  };
}
