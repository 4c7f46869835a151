// The demo scenario: the founding states of the initiative, a dozen invited states, the draft code
// (its record and its living draft document) and one account per role. It is data plus a procedure that runs it through the domain's own
// operations (passed in as `DemoDomain`, since db/ may not import app/), so the audit trail records
// the demo facts exactly as it would record real actions.
import {
  buildRoleAccount,
  type DelegationRef,
  type InstrumentInput,
  type ParticipationInput,
  type RoleAccount,
} from "../factories";
import type { Role } from "../schema";

export const DEMO_EMAIL_DOMAIN = "demo.test";

/** Who an action is attributed to; the same shape as the domain's `Actor`. */
export interface SeedActor {
  userId: number | null;
  stateCode?: string | null;
  ipAddress?: string | null;
}

/** The domain operations the scenario needs. Every one is synchronous and writes its own audit event. */
export interface DemoDomain {
  findUserByEmail(email: string): { id: number } | undefined;
  createUser(actor: SeedActor, input: { email: string; name: string; passwordHash: string }): { id: number };
  /** Granting a role the person already holds changes nothing. */
  grantMembership(actor: SeedActor, grant: { userId: number; role: Role; stateCode: string | null }): unknown;
  hasState(code: string): boolean;
  addState(actor: SeedActor, input: { code: string; initial?: ParticipationInput }): unknown;
  recordParticipation(actor: SeedActor, input: ParticipationInput & { stateCode: string }): unknown;
  hasInstrument(slug: string): boolean;
  createInstrument(actor: SeedActor, input: InstrumentInput): unknown;
  hasDraftDocument(instrumentSlug: string): boolean;
  /** Records the instrument's draft document with its starting text (the domain builds the Yjs state). */
  createDraftDocument(actor: SeedActor, instrumentSlug: string): unknown;
  /** Saves the draft as it stands as the next named version. */
  saveDraftVersion(actor: SeedActor, instrumentSlug: string, version: { name: string; note: string }): unknown;
}

/** The chair's first text, saved when the draft opens: the basis of the first round. */
export const DEMO_FIRST_VERSION = {
  name: "Chair's text",
  note: "Basis for the first drafting round (illustrative).",
};

export interface DemoState extends DelegationRef {
  /** Oldest first: the first record goes in with the state, later ones as changes of status. */
  history: readonly ParticipationInput[];
  /** Whether the state gets a delegate and a signer account. */
  delegation: boolean;
}

const JOINT_STATEMENT_DATE = "2021-12-10";

const COMMITTED_NOTE =
  "One of the four governments that issued the joint statement of 10 December 2021 launching the initiative, " +
  "committing to a year of work towards a voluntary, non-binding written code of conduct.";

const SUPPORTER_NOTE =
  "Backed the joint statement of 10 December 2021 that launched the initiative, without becoming one of the " +
  "governments that issued it.";

const INVITED_NOTE =
  "Illustrative demo data: this invitation and its date are made up for the demonstration and record no real event.";

function founder(code: string, delegationName: string, status: "committed" | "supporter"): DemoState {
  return {
    code,
    delegationName,
    delegation: true,
    history: [
      { status, effectiveDate: JOINT_STATEMENT_DATE, sourceNote: status === "committed" ? COMMITTED_NOTE : SUPPORTER_NOTE },
    ],
  };
}

function invited(code: string, delegationName: string, effectiveDate: string): DemoState {
  return { code, delegationName, delegation: false, history: [{ status: "invited", effectiveDate, sourceNote: INVITED_NOTE }] };
}

export const DEMO_STATES: readonly DemoState[] = [
  founder("US", "the United States", "committed"),
  founder("AU", "Australia", "committed"),
  founder("DK", "Denmark", "committed"),
  founder("NO", "Norway", "committed"),
  founder("CA", "Canada", "supporter"),
  founder("FR", "France", "supporter"),
  founder("NL", "the Netherlands", "supporter"),
  founder("GB", "the United Kingdom", "supporter"),
  // States that later subscribed to the code; the dates of their invitations are invented.
  invited("AL", "Albania", "2022-02-14"),
  invited("BG", "Bulgaria", "2022-02-14"),
  invited("CR", "Costa Rica", "2022-03-21"),
  invited("HR", "Croatia", "2022-03-21"),
  invited("CZ", "Czechia", "2022-04-11"),
  invited("EC", "Ecuador", "2022-05-09"),
  invited("EE", "Estonia", "2022-05-09"),
  invited("FI", "Finland", "2022-06-13"),
  invited("DE", "Germany", "2022-06-13"),
  invited("JP", "Japan", "2022-09-05"),
  invited("XK", "Kosovo", "2022-10-17"),
  invited("LV", "Latvia", "2022-11-07"),
];

export const DEMO_INSTRUMENT: InstrumentInput = {
  slug: "code-of-conduct",
  title: "Code of conduct on export controls for surveillance technology and human rights",
  summary:
    "A voluntary, non-binding text in which participating states undertake to weigh the risk to human rights " +
    "before they allow exports of spyware, intrusion software and other surveillance tools, and to work together " +
    "so that such tools do not become instruments of repression.",
};

/** Every demo account, in the order the scenario creates them. */
export function demoAccounts(emailDomain = DEMO_EMAIL_DOMAIN): RoleAccount[] {
  const chair = buildRoleAccount({ role: "chair", emailDomain });
  const delegations = DEMO_STATES.filter((state) => state.delegation).flatMap((state) =>
    (["delegate", "signer"] as const).map((role) => buildRoleAccount({ role, state, emailDomain })),
  );
  const observer = buildRoleAccount({ role: "observer", emailDomain });
  return [chair, ...delegations, observer];
}

export interface DemoSeedOptions {
  /** One Argon2id hash shared by every demo account (hashing is slow on purpose). */
  passwordHash: string;
  emailDomain?: string;
}

export interface DemoSeedResult {
  accounts: RoleAccount[];
  created: { users: number; states: number; instruments: number; documents: number };
}

/**
 * Runs the scenario through `domain`, skipping whatever already exists, so a second run adds
 * nothing. The chair's own account is set up by the system; every later action is the chair's.
 * Call it inside one transaction.
 */
export function seedDemoScenario(domain: DemoDomain, options: DemoSeedOptions): DemoSeedResult {
  const accounts = demoAccounts(options.emailDomain);
  const created = { users: 0, states: 0, instruments: 0, documents: 0 };

  const ensureAccount = (actor: SeedActor, account: RoleAccount): number => {
    let user = domain.findUserByEmail(account.email);
    if (!user) {
      user = domain.createUser(actor, { email: account.email, name: account.name, passwordHash: options.passwordHash });
      created.users += 1;
    }
    domain.grantMembership(actor, { userId: user.id, role: account.role, stateCode: account.stateCode });
    return user.id;
  };

  const [chairAccount, ...others] = accounts;
  if (!chairAccount) throw new Error("The demo scenario has no chair");
  const chair: SeedActor = { userId: ensureAccount({ userId: null }, chairAccount) };

  for (const state of DEMO_STATES) {
    if (domain.hasState(state.code)) continue;
    const [initial, ...changes] = state.history;
    domain.addState(chair, { code: state.code, initial });
    for (const change of changes) domain.recordParticipation(chair, { stateCode: state.code, ...change });
    created.states += 1;
  }

  if (!domain.hasInstrument(DEMO_INSTRUMENT.slug)) {
    domain.createInstrument(chair, DEMO_INSTRUMENT);
    created.instruments += 1;
  }
  if (!domain.hasDraftDocument(DEMO_INSTRUMENT.slug)) {
    domain.createDraftDocument(chair, DEMO_INSTRUMENT.slug);
    domain.saveDraftVersion(chair, DEMO_INSTRUMENT.slug, DEMO_FIRST_VERSION);
    created.documents += 1;
  }

  // Delegates and signers after the states: a role for a state needs the state.
  for (const account of others) ensureAccount(chair, account);

  return { accounts, created };
}
