// The demo scenario: the founding states of the initiative, the states invited after them, the code
// with its first edition adopted on 30 March 2023 and subscribed to that day by the 25 states of
// domain.md, the commitments of that edition, the living draft of the second edition, and one account per role. It is data plus a procedure that runs it through the domain's own
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
  /**
   * Sets up the chair's authenticator and proves it once: the opaque proof the adoption and the paper
   * pledges need, and the authenticator's secret (written to the demo credentials file).
   */
  proveChair(actor: SeedActor): { proof: unknown; totpSecret: string };
  hasEdition(instrumentSlug: string, number: number): boolean;
  adoptEdition(actor: SeedActor, proof: unknown, instrumentSlug: string, input: { versionNumber: number; title: string; adoptedOn: string }): unknown;
  recordPaperPledge(
    actor: SeedActor,
    proof: unknown,
    instrumentSlug: string,
    input: { editionNumber: number; stateCode: string; kind: "subscription" | "endorsement"; effectiveDate: string },
  ): unknown;
  addCommitment(actor: SeedActor, instrumentSlug: string, input: { editionNumber: number; title: string; description: string; clauseIds: string[] }): unknown;
  /** Turns the living draft into the demo's second-edition draft, as one edit by `actor`. */
  openSecondEditionDraft(actor: SeedActor, instrumentSlug: string): unknown;
}

/** The first edition's text, saved as version 1 and adopted. */
export const DEMO_ADOPTED_VERSION = {
  name: "Text for adoption",
  note: "The text the participating states adopted on 30 March 2023 (the demo's own wording).",
};

export const DEMO_FIRST_EDITION = { versionNumber: 1, title: "Code of Conduct, first edition", adoptedOn: "2023-03-30" };

/** The 25 states that subscribed to the code on 30 March 2023 (domain.md). */
export const DEMO_SUBSCRIBERS = [
  "US", "AL", "AU", "BG", "CA", "CR", "HR", "CZ", "DK", "EC", "EE", "FI", "FR",
  "DE", "JP", "XK", "LV", "NL", "NZ", "MK", "NO", "KR", "SK", "ES", "GB",
] as const;

/** The six topics of the first edition's commitments (domain.md), with the demo text's clauses they come from. */
export const DEMO_COMMITMENTS = [
  {
    title: "Take human rights into account when reviewing exports",
    description: "Weigh the risk of serious human rights violations in every review of an export of surveillance technology.",
    clauseIds: ["demo-review", "demo-review-outcome"],
  },
  {
    title: "Consult industry, academia and civil society",
    description: "Consult them when developing or revising controls.",
    clauseIds: ["demo-consult"],
  },
  { title: "Share information on threats and risks", description: "Share information on emerging threats and risks of misuse.", clauseIds: ["demo-share"] },
  { title: "Share good practice", description: "Share good practice in licensing, enforcement and end-use checks.", clauseIds: ["demo-share"] },
  {
    title: "Encourage human rights due diligence by companies",
    description: "Encourage companies that develop or sell such technology to carry out human rights due diligence.",
    clauseIds: ["demo-due-diligence"],
  },
  { title: "Help other states build capacity", description: "Help other states build the capacity to review such exports.", clauseIds: ["demo-capacity"] },
] as const;

/** The chair's first text of the second edition, saved when its draft opens: the basis of the first round. */
export const DEMO_FIRST_VERSION = {
  name: "Chair's text",
  note: "Basis for the first drafting round of the second edition (illustrative).",
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
  invited("NZ", "New Zealand", "2022-11-07"),
  invited("MK", "North Macedonia", "2022-12-05"),
  invited("KR", "the Republic of Korea", "2023-01-16"),
  invited("SK", "Slovakia", "2023-01-16"),
  invited("ES", "Spain", "2023-02-13"),
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
  created: { users: number; states: number; instruments: number; documents: number; editions: number; pledges: number };
  /** The chair's authenticator secret (base32) when this run set it up, else null. */
  chairTotpSecret: string | null;
}

/**
 * Runs the scenario through `domain`, skipping whatever already exists, so a second run adds
 * nothing. The chair's own account is set up by the system; every later action is the chair's.
 * Call it inside one transaction.
 */
export function seedDemoScenario(domain: DemoDomain, options: DemoSeedOptions): DemoSeedResult {
  const accounts = demoAccounts(options.emailDomain);
  const created = { users: 0, states: 0, instruments: 0, documents: 0, editions: 0, pledges: 0 };
  let chairTotpSecret: string | null = null;

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
  const slug = DEMO_INSTRUMENT.slug;
  if (!domain.hasDraftDocument(slug)) {
    // The draft starts as the first edition's text; after its adoption it becomes the second edition's draft.
    domain.createDraftDocument(chair, slug);
    domain.saveDraftVersion(chair, slug, DEMO_ADOPTED_VERSION);
    created.documents += 1;
  }
  if (!domain.hasEdition(slug, 1)) {
    const { proof, totpSecret } = domain.proveChair(chair);
    chairTotpSecret = totpSecret;
    domain.adoptEdition(chair, proof, slug, DEMO_FIRST_EDITION);
    created.editions += 1;
    for (const stateCode of DEMO_SUBSCRIBERS) {
      domain.recordPaperPledge(chair, proof, slug, { editionNumber: 1, stateCode, kind: "subscription", effectiveDate: DEMO_FIRST_EDITION.adoptedOn });
      created.pledges += 1;
    }
    for (const commitment of DEMO_COMMITMENTS) {
      domain.addCommitment(chair, slug, { editionNumber: 1, ...commitment, clauseIds: [...commitment.clauseIds] });
    }
    domain.openSecondEditionDraft(chair, slug);
    domain.saveDraftVersion(chair, slug, DEMO_FIRST_VERSION);
  }

  // Delegates and signers after the states: a role for a state needs the state.
  for (const account of others) ensureAccount(chair, account);

  return { accounts, created, chairTotpSecret };
}
