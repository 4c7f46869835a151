// onAuthenticate: a connection opens a document only with a genuine, unexpired token for that very
// document, for a person who still holds the permission the token's scope needs. Unknown documents are
// refused here, never in onLoadDocument (an onLoadDocument that throws leaks the document in 3.4.4).
import type { onAuthenticatePayload } from "@hocuspocus/server";
import { verifyCollabToken, type CollabScope } from "../../app/auth/collab-token.server";
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

/**
 * Whether the person may (still) use a document with this scope, acting for this state: the grant they
 * act under, or why not. Asked when a connection opens and again while it stays open.
 */
export function collabAccess(
  userId: number,
  stateCode: string | null,
  scope: CollabScope,
): { grant: MembershipGrant; name: string } | { problem: string } {
  const user = getUser(userId);
  if (!user || user.disabledAt) return { problem: `user ${userId} no longer exists or is disabled` };
  const grants = listGrants(user.id);
  const permission = scope === "edit" ? "draft:edit" : "draft:read";
  const grant = actingGrant(grants, stateCode, permission);
  if (!grant || !can({ userId: user.id, memberships: grants }, permission))
    return { problem: `user ${user.id} no longer holds ${permission} for ${stateCode ?? "no state"}` };
  return { grant, name: user.name };
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
  const access = collabAccess(claims.userId, claims.stateCode, claims.scope);
  if ("problem" in access) return refuse("forbidden", access.problem);

  const readOnly = claims.scope === "read";
  // Hocuspocus drops document updates from a read-only connection (awareness still flows).
  payload.connectionConfig.readOnly = readOnly;
  return {
    identity: { userId: claims.userId, name: access.name, stateCode: claims.stateCode, role: access.grant.role },
    documentId: document.id,
    readOnly,
  };
}
