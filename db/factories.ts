// Builders of plausible input for the domain functions, shared by the demo seed and the tests.
// They are pure: nothing is written to the database. Every call returns fresh values (unique
// emails, slugs, state codes) and any field can be overridden.
import crypto from "node:crypto";
import countries from "i18n-iso-countries";
import type { ParticipationStatus, Role } from "./schema";

// A tag per process keeps values unique even if two test processes ever meet in one place
// (a shared log, a mail catcher); the sequence keeps them unique within the process.
const RUN = crypto.randomBytes(3).toString("hex");
let sequence = 0;

export function nextSequence(): number {
  sequence += 1;
  return sequence;
}

/** `prefix-<run>-<n>`: lower case letters, digits and dashes, so it fits slugs and email local parts. */
export function uniqueToken(prefix: string): string {
  return `${prefix}-${RUN}-${nextSequence()}`;
}

/** A strong random password (24 characters of base64url, 144 bits). */
export function buildPassword(): string {
  return crypto.randomBytes(18).toString("base64url");
}

const DAY_MS = 86_400_000;

/** The ISO date `days` after (or before) `date`, both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A real calendar date within about fifteen months after `from` (default 1 January 2022), so it
 * is in the past: the domain refuses effective dates later than today.
 */
export function buildIsoDate(from = "2022-01-01"): string {
  return addDays(from, nextSequence() % 450);
}

export interface UserInput {
  email: string;
  name: string;
}

export function buildUser(overrides: Partial<UserInput> = {}): UserInput {
  const token = uniqueToken("member");
  return { email: `${token}@example.test`, name: `Member of delegation ${token.split("-").pop()}`, ...overrides };
}

/** A state as people are named after it: "Delegate of Norway", "Signer of the Netherlands". */
export interface DelegationRef {
  code: string;
  delegationName: string;
}

export interface RoleAccountInput {
  role: Role;
  /** The state the role is for; none for the chair and an observer without a state. */
  state?: DelegationRef | null;
  /** Defaults to a domain unique to this call, so tests never collide with one another or the demo. */
  emailDomain?: string;
}

export interface RoleAccount extends UserInput {
  role: Role;
  stateCode: string | null;
}

const ROLE_TITLES: Record<Role, string> = {
  chair: "Chair",
  delegate: "Delegate",
  signer: "Signer",
  observer: "Observer",
};

const STATELESS_NAMES: Record<Role, string> = {
  chair: "Chair of the initiative",
  delegate: "Delegate",
  signer: "Signer",
  observer: "Observer of the drafting",
};

/**
 * The account of one role: `delegate.no@<domain>` named "Delegate of Norway", or `chair@<domain>`
 * named "Chair of the initiative". The email says the role and the state, so a person signing in
 * to a demonstration knows which account does what.
 */
export function buildRoleAccount({ role, state = null, emailDomain }: RoleAccountInput): RoleAccount {
  const domain = emailDomain ?? `${uniqueToken("team")}.example.test`;
  if (!state) return { email: `${role}@${domain}`, name: STATELESS_NAMES[role], role, stateCode: null };
  return {
    email: `${role}.${state.code.toLowerCase()}@${domain}`,
    name: `${ROLE_TITLES[role]} of ${state.delegationName}`,
    role,
    stateCode: state.code,
  };
}

export interface ParticipationInput {
  status: ParticipationStatus;
  /** `YYYY-MM-DD`: the date the status took effect, which is not the date it was recorded. */
  effectiveDate: string;
  sourceNote: string;
}

export function buildParticipation(overrides: Partial<ParticipationInput> = {}): ParticipationInput {
  const n = nextSequence();
  return {
    status: "committed",
    effectiveDate: buildIsoDate(),
    sourceNote: `Confirmed in a letter from the delegation to the chair, reference ${RUN}/${n}.`,
    ...overrides,
  };
}

const handedOutCodes = new Set<string>();

/**
 * A real ISO 3166-1 alpha-2 code not handed out before in this process and not in `exclude`
 * (pass the codes a test has already used, such as the demo scenario's). Taken from the end of the
 * alphabet, away from the codes people usually pick by hand.
 */
export function buildStateCode({ exclude = [] }: { exclude?: readonly string[] } = {}): string {
  const skip = new Set(exclude.map((code) => code.toUpperCase()));
  const code = Object.keys(countries.getAlpha2Codes())
    .sort()
    .reverse()
    .find((candidate) => !handedOutCodes.has(candidate) && !skip.has(candidate));
  if (!code) throw new Error("Every ISO 3166-1 code has been handed out in this process");
  handedOutCodes.add(code);
  return code;
}

export interface InstrumentInput {
  slug: string;
  title: string;
  summary: string;
}

export function buildInstrument(overrides: Partial<InstrumentInput> = {}): InstrumentInput {
  const slug = uniqueToken("draft-code");
  return {
    slug,
    title: `Draft code ${slug.split("-").pop()} on exports of intrusion software`,
    summary: "A working text on how participating states weigh human rights before they license exports of intrusion tools.",
    ...overrides,
  };
}
