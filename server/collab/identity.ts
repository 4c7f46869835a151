// Who is at the other end of a connection, as the server established it, and how that identity
// replaces whatever a client writes into the `user` field of its awareness state.
import type { Awareness } from "y-protocols/awareness";
import type { Role } from "../../app/auth/permissions";

export interface CollabIdentity {
  userId: number;
  name: string;
  stateCode: string | null;
  role: Role;
}

/** What a connection's context holds after onAuthenticate. */
export interface CollabContext {
  identity: CollabIdentity;
  documentId: number;
  readOnly: boolean;
}

export function isCollabContext(value: unknown): value is CollabContext {
  return typeof value === "object" && value !== null && "identity" in value && "documentId" in value;
}

/** A stable colour per state (or per person without one), so a delegation's cursors look alike. */
export function identityColour(identity: Pick<CollabIdentity, "stateCode" | "userId">): string {
  const key = identity.stateCode ?? `user-${identity.userId}`;
  let hash = 0;
  for (const char of key) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 65% 40%)`;
}

export interface AwarenessUser {
  name: string;
  stateCode: string | null;
  role: Role;
  colour: string;
}

export function awarenessUser(identity: CollabIdentity): AwarenessUser {
  return { name: identity.name, stateCode: identity.stateCode, role: identity.role, colour: identityColour(identity) };
}

/**
 * Sets the server's `user` on the given awareness states. Runs on the awareness "change" event, which
 * y-protocols emits before "update", the event Hocuspocus broadcasts from: other clients only ever
 * see the rewritten state. Writing the map directly keeps the sender's clock, so no update loops.
 */
export function overwriteAwarenessUsers(awareness: Awareness, clientIds: readonly number[], identity: CollabIdentity): void {
  const user = awarenessUser(identity);
  for (const clientId of clientIds) {
    const state = awareness.states.get(clientId);
    if (state) awareness.states.set(clientId, { ...state, user });
  }
}
