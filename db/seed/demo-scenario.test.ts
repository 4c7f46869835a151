// The scenario's data and its procedure against an in-memory stand-in for the domain; the real
// domain runs it in server/demo.test.ts (db/ may not import app/).
import { expect, test } from "vitest";
import type { ParticipationInput } from "../factories";
import type { Role } from "../schema";
import {
  DEMO_ADOPTED_VERSION,
  DEMO_COMMITMENTS,
  DEMO_FIRST_EDITION,
  DEMO_FIRST_VERSION,
  DEMO_INSTRUMENT,
  DEMO_STATES,
  DEMO_SUBSCRIBERS,
  demoAccounts,
  seedDemoScenario,
  type DemoDomain,
  type SeedActor,
} from "./demo-scenario";

interface Call {
  op: string;
  actor: SeedActor;
  input: unknown;
}

function fakeDomain() {
  const users = new Map<string, number>();
  const grants = new Set<string>();
  const states = new Map<string, ParticipationInput[]>();
  const instruments = new Set<string>();
  const documents = new Set<string>();
  const editions = new Set<string>();
  const proof = { proof: "the chair's" };
  const calls: Call[] = [];
  const requireProof = (given: unknown) => {
    if (given !== proof) throw new Error("an action that needs the chair's second factor was called without its proof");
  };
  const domain: DemoDomain = {
    findUserByEmail: (email) => (users.has(email) ? { id: users.get(email) as number } : undefined),
    createUser: (actor, input) => {
      calls.push({ op: "createUser", actor, input });
      users.set(input.email, users.size + 1);
      return { id: users.size };
    },
    grantMembership: (actor, grant: { userId: number; role: Role; stateCode: string | null }) => {
      const key = `${grant.userId}:${grant.role}:${grant.stateCode}`;
      if (grants.has(key)) return;
      if (grant.stateCode && !states.has(grant.stateCode)) throw new Error(`${grant.stateCode} granted before it was added`);
      grants.add(key);
      calls.push({ op: "grantMembership", actor, input: grant });
    },
    hasState: (code) => states.has(code),
    addState: (actor, input) => {
      calls.push({ op: "addState", actor, input });
      states.set(input.code, input.initial ? [input.initial] : []);
    },
    recordParticipation: (actor, { stateCode, ...record }) => {
      calls.push({ op: "recordParticipation", actor, input: { stateCode, ...record } });
      states.get(stateCode)?.push(record);
    },
    hasInstrument: (slug) => instruments.has(slug),
    createInstrument: (actor, input) => {
      calls.push({ op: "createInstrument", actor, input });
      instruments.add(input.slug);
    },
    hasDraftDocument: (slug) => documents.has(slug),
    createDraftDocument: (actor, slug) => {
      if (!instruments.has(slug)) throw new Error(`the draft of ${slug} was created before its instrument`);
      calls.push({ op: "createDraftDocument", actor, input: slug });
      documents.add(slug);
    },
    saveDraftVersion: (actor, slug, version) => {
      if (!documents.has(slug)) throw new Error(`a version of ${slug} was saved before its draft`);
      calls.push({ op: "saveDraftVersion", actor, input: { slug, ...version } });
    },
    proveChair: (actor) => {
      calls.push({ op: "proveChair", actor, input: null });
      return { proof, totpSecret: "JBSWY3DPEHPK3PXP" };
    },
    hasEdition: (slug, number) => editions.has(`${slug}-${number}`),
    adoptEdition: (actor, given, slug, input) => {
      requireProof(given);
      calls.push({ op: "adoptEdition", actor, input: { slug, ...input } });
      editions.add(`${slug}-1`);
    },
    recordPaperPledge: (actor, given, slug, input) => {
      requireProof(given);
      if (!editions.has(`${slug}-${input.editionNumber}`)) throw new Error("a pledge was recorded before its edition");
      if (!states.has(input.stateCode)) throw new Error(`${input.stateCode} pledged before it was added`);
      calls.push({ op: "recordPaperPledge", actor, input: { slug, ...input } });
    },
    addCommitment: (actor, slug, input) => {
      calls.push({ op: "addCommitment", actor, input: { slug, ...input } });
    },
    openSecondEditionDraft: (actor, slug) => {
      calls.push({ op: "openSecondEditionDraft", actor, input: slug });
    },
  };
  return { domain, users, grants, states, instruments, documents, editions, calls };
}

test("the scenario holds the founding states of 10 December 2021 and the states invited after them", () => {
  const byStatus = (status: string) =>
    DEMO_STATES.filter((state) => state.history[0]?.status === status).map((state) => state.code);
  expect(byStatus("committed")).toEqual(["US", "AU", "DK", "NO"]);
  expect(byStatus("supporter")).toEqual(["CA", "FR", "NL", "GB"]);
  expect(byStatus("invited")).toHaveLength(17);
  for (const state of DEMO_STATES) {
    const [first] = state.history;
    if (first?.status === "invited") {
      expect(first.effectiveDate < DEMO_FIRST_EDITION.adoptedOn).toBe(true);
      expect(first.sourceNote).toMatch(/illustrative demo data/i);
      expect(state.delegation).toBe(false);
    } else {
      expect(first?.effectiveDate).toBe("2021-12-10");
      expect(first?.sourceNote).toMatch(/joint statement of 10 December 2021/);
      expect(state.delegation).toBe(true);
    }
  }
  expect(DEMO_INSTRUMENT.slug).toBe("code-of-conduct");
});

test("there is one chair, a delegate and a signer for each of the 8 founding states, and an observer", () => {
  const accounts = demoAccounts();
  expect(accounts).toHaveLength(1 + 8 * 2 + 1);
  expect(accounts[0]).toEqual({ email: "chair@demo.test", name: "Chair of the initiative", role: "chair", stateCode: null });
  expect(accounts).toContainEqual({ email: "signer.us@demo.test", name: "Signer of the United States", role: "signer", stateCode: "US" });
  expect(accounts).toContainEqual({ email: "delegate.no@demo.test", name: "Delegate of Norway", role: "delegate", stateCode: "NO" });
  expect(accounts).toContainEqual({ email: "observer@demo.test", name: "Observer of the drafting", role: "observer", stateCode: null });
  expect(new Set(accounts.map((account) => account.email)).size).toBe(accounts.length);
});

test("the chair's own account is set up by the system and every later action is the chair's", () => {
  const fake = fakeDomain();
  const result = seedDemoScenario(fake.domain, { passwordHash: "hash" });
  expect(result.created).toEqual({ users: 18, states: 25, instruments: 1, documents: 1, editions: 1, pledges: 25 });
  expect(result.chairTotpSecret).toBe("JBSWY3DPEHPK3PXP");
  const [createChair, grantChair, ...rest] = fake.calls;
  expect(createChair).toMatchObject({ op: "createUser", actor: { userId: null }, input: { email: "chair@demo.test" } });
  expect(grantChair).toMatchObject({ op: "grantMembership", actor: { userId: null }, input: { role: "chair", stateCode: null } });
  expect(rest.every((call) => call.actor.userId === 1)).toBe(true);
  expect(fake.calls.filter((call) => call.op === "createUser").every((call) => (call.input as { passwordHash: string }).passwordHash === "hash")).toBe(true);
  expect(fake.states.get("CA")).toEqual([DEMO_STATES.find((state) => state.code === "CA")?.history[0]]);
});

test("a second run skips everything that exists and adds nothing", () => {
  const fake = fakeDomain();
  seedDemoScenario(fake.domain, { passwordHash: "hash" });
  const callsAfterFirst = fake.calls.length;
  const again = seedDemoScenario(fake.domain, { passwordHash: "hash" });
  expect(again.created).toEqual({ users: 0, states: 0, instruments: 0, documents: 0, editions: 0, pledges: 0 });
  expect(again.chairTotpSecret).toBeNull();
  expect(fake.calls).toHaveLength(callsAfterFirst);
  expect(fake.users.size).toBe(18);
  expect(fake.grants.size).toBe(18);
});

test("the first edition is adopted from version 1, then the draft becomes the second edition's with the chair's text as version 2", () => {
  const fake = fakeDomain();
  seedDemoScenario(fake.domain, { passwordHash: "hash" });
  const slug = DEMO_INSTRUMENT.slug;
  const steps = fake.calls.filter((call) => !["createUser", "grantMembership", "addState", "recordParticipation", "recordPaperPledge", "addCommitment"].includes(call.op));
  expect(steps.map((call) => call.op)).toEqual([
    "createInstrument",
    "createDraftDocument",
    "saveDraftVersion",
    "proveChair",
    "adoptEdition",
    "openSecondEditionDraft",
    "saveDraftVersion",
  ]);
  expect(steps[2]?.input).toEqual({ slug, ...DEMO_ADOPTED_VERSION });
  expect(steps[4]?.input).toEqual({ slug, versionNumber: 1, title: "Code of Conduct, first edition", adoptedOn: "2023-03-30" });
  expect(steps[6]?.input).toEqual({ slug, ...DEMO_FIRST_VERSION });
  expect(fake.documents).toEqual(new Set([slug]));
});

test("the 25 states of domain.md subscribe to the first edition on 30 March 2023, recorded by the chair from paper", () => {
  const fake = fakeDomain();
  seedDemoScenario(fake.domain, { passwordHash: "hash" });
  const pledges = fake.calls.filter((call) => call.op === "recordPaperPledge");
  expect(pledges).toHaveLength(25);
  expect(new Set(DEMO_SUBSCRIBERS).size).toBe(25);
  for (const pledge of pledges) {
    expect(pledge.actor).toEqual({ userId: 1 });
    expect(pledge.input).toMatchObject({ editionNumber: 1, kind: "subscription", effectiveDate: "2023-03-30" });
  }
  expect(pledges.map((call) => (call.input as { stateCode: string }).stateCode).sort()).toEqual([...DEMO_SUBSCRIBERS].sort());
  const commitments = fake.calls.filter((call) => call.op === "addCommitment");
  expect(commitments.map((call) => (call.input as { title: string }).title)).toEqual(DEMO_COMMITMENTS.map((commitment) => commitment.title));
});
