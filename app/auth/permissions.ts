// Who may do what, as data. Shared by the server (guards) and the browser (to hide what a person
// cannot do; hiding is a courtesy, the guard is the rule). Permission strings are `entity:verb`.
import type { Role } from "../../db/schema";

export type { Role };

export interface MembershipGrant {
  role: Role;
  stateCode: string | null;
}

/** The person a request acts for; `null` is the anonymous public. */
export interface Principal {
  userId: number;
  memberships: MembershipGrant[];
}

type Scope =
  /** Any membership with one of the roles grants it. */
  | "any"
  /** Only a membership for the target state grants it (the chair acts for no state). */
  | "own-state";

interface Rule {
  roles: readonly Role[];
  scope: Scope;
  description: string;
}

export const PERMISSIONS = {
  "admin:view": { roles: ["chair"], scope: "any", description: "Open the administration pages" },
  "state:manage": { roles: ["chair"], scope: "any", description: "Add participating states" },
  "participation:record": {
    roles: ["chair"],
    scope: "any",
    description: "Record a change of a state's status in the initiative",
  },
  "user:manage": { roles: ["chair"], scope: "any", description: "Invite people, grant and remove roles" },
  "audit:read": { roles: ["chair"], scope: "any", description: "Read the audit trail" },
  "dashboard:view": {
    roles: ["chair", "delegate", "signer", "observer"],
    scope: "any",
    description: "Open one's dashboard",
  },
  "draft:read": {
    roles: ["chair", "delegate", "signer", "observer"],
    scope: "any",
    description: "Read drafts under negotiation",
  },
  "draft:edit": { roles: ["chair", "delegate"], scope: "any", description: "Edit drafts under negotiation" },
  "comment:write": {
    roles: ["chair", "delegate", "observer"],
    scope: "any",
    description: "Comment on drafts and reply to comments",
  },
  "comment:resolve": { roles: ["chair", "delegate"], scope: "any", description: "Resolve and reopen comment threads" },
  "amendment:propose": {
    roles: ["delegate"],
    scope: "own-state",
    description: "Propose, submit and withdraw amendments for one's own state",
  },
  "amendment:position": {
    roles: ["delegate"],
    scope: "own-state",
    description: "Co-sponsor or object to an amendment for one's own state",
  },
  "amendment:decide": { roles: ["chair"], scope: "any", description: "Accept or reject amendments" },
  "clause:position": {
    roles: ["delegate"],
    scope: "own-state",
    description: "Record one's own state's position on a clause",
  },
  "clause:decide": { roles: ["chair"], scope: "any", description: "Decide a clause's status (agreed, ad referendum)" },
  "version:save": { roles: ["chair"], scope: "any", description: "Save and restore named versions of a draft" },
  "silence:run": { roles: ["chair"], scope: "any", description: "Put a version under silence and cancel it" },
  "silence:break": {
    roles: ["delegate"],
    scope: "own-state",
    description: "Break silence for one's own state (committed states only)",
  },
  "state:act": {
    roles: ["delegate", "signer"],
    scope: "own-state",
    description: "Act for one's own state's delegation",
  },
  "pledge:sign": {
    roles: ["signer"],
    scope: "own-state",
    description: "Subscribe to, endorse or withdraw from an adopted text for one's own state, and add declarations",
  },
  "edition:adopt": { roles: ["chair"], scope: "any", description: "Adopt a version of a draft as an edition" },
  "pledge:record-paper": {
    roles: ["chair"],
    scope: "any",
    description: "Record a pledge, declaration or withdrawal a state sent on paper, with the date it carries",
  },
  "commitment:define": { roles: ["chair"], scope: "any", description: "List the commitments of an adopted edition" },
  "report:file": {
    roles: ["delegate"],
    scope: "own-state",
    description: "File implementation reports on the commitments for one's own state",
  },
  "report:overview": { roles: ["chair"], scope: "any", description: "See every state's reports as a matrix" },
} as const satisfies Record<string, Rule>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export interface Target {
  stateCode?: string | null;
}

export function can(principal: Principal | null, permission: Permission, target: Target = {}): boolean {
  if (!principal) return false;
  const rule: Rule = PERMISSIONS[permission];
  return principal.memberships.some((membership) => {
    if (!rule.roles.includes(membership.role)) return false;
    if (rule.scope === "any") return true;
    return target.stateCode != null && membership.stateCode === target.stateCode;
  });
}

export function hasRole(principal: Principal | null, role: Role): boolean {
  return principal?.memberships.some((membership) => membership.role === role) ?? false;
}

/**
 * The membership through which a person holds a permission, preferring one for a state (so a
 * delegation is named where there is one), or null. The collaboration token carries its state.
 */
export function grantFor(principal: Principal | null, permission: Permission): MembershipGrant | null {
  if (!principal) return null;
  const rule: Rule = PERMISSIONS[permission];
  const holding = principal.memberships.filter((membership) => rule.roles.includes(membership.role));
  return holding.find((membership) => membership.stateCode !== null) ?? holding[0] ?? null;
}

/** The states a person may act for in a given permission. */
export function statesFor(principal: Principal | null, permission: Permission): string[] {
  if (!principal) return [];
  const rule: Rule = PERMISSIONS[permission];
  return principal.memberships
    .filter((membership) => rule.roles.includes(membership.role) && membership.stateCode)
    .map((membership) => membership.stateCode as string);
}

export const ROLE_LABELS: Record<Role, string> = {
  chair: "Chair",
  delegate: "Delegate",
  signer: "Signer",
  observer: "Observer",
};
