// Domain functions check who acts, not only the routes that call them: a rule about who may record a
// decision or break silence holds whoever calls the function (a page, the seed, a later API). The
// person's memberships are read afresh, so a role removed a moment ago no longer counts.
import { can, type Permission } from "../auth/permissions";
import type { Actor } from "./audit.server";
import { listGrants } from "./session.server";
import { getUser } from "./user.server";

/** The actor does not hold the permission (for the state they act for). Routes answer 403 with the message. */
export class NotPermittedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The acting person's id when they hold `permission` for the state they act for; otherwise throws NotPermittedError. */
export function requireActorPermission(actor: Actor, permission: Permission, message: string): number {
  const user = actor.userId == null ? undefined : getUser(actor.userId);
  if (!user || user.disabledAt) throw new NotPermittedError(message);
  const principal = { userId: user.id, memberships: listGrants(user.id) };
  if (!can(principal, permission, { stateCode: actor.stateCode ?? null })) throw new NotPermittedError(message);
  return user.id;
}
