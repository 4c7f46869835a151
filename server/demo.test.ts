import fs from "node:fs";
import { beforeAll, expect, test, vi } from "vitest";
import { inTransaction } from "../db/client";
import { demoAccounts, seedDemoScenario } from "../db/seed/demo-scenario";
import { verifyPassword } from "../app/auth/password.server";
import { config } from "../app/lib/env.server";
import { listAuditEvents } from "../app/models/audit.server";
import * as Y from "yjs";
import { findDocumentByName, loadDocumentUpdate } from "../app/models/document.server";
import { getInstrumentBySlug, listInstruments } from "../app/models/instrument.server";
import { listMemberships } from "../app/models/membership.server";
import { listParticipationHistory } from "../app/models/participation.server";
import { listStatesWithStatus } from "../app/models/state.server";
import { countUsers, findUserByEmail } from "../app/models/user.server";
import { canonicalText, demoDraft, demoFirstEdition, documentFromYDoc } from "../editor";
import { hashLeaf, parseEntry, rootHash } from "../app/log";
import { utf8 } from "../app/log/bytes";
import { getEdition } from "../app/models/edition.server";
import { listPledges } from "../app/models/pledge.server";
import { listCommitments } from "../app/models/commitment.server";
import { hasSecondFactor } from "../app/models/second-factor.server";
import { listVersions } from "../app/models/version.server";
import { latestCheckpoint, logEntries, openTransparencyLog } from "../app/models/transparency-log.server";
import { DEMO_SUBSCRIBERS } from "../db/seed/demo-scenario";
import { demoDomain, seedDemoIfEmpty, type DemoSeedOutcome } from "./demo";

let outcome: DemoSeedOutcome;
let printed = "";

beforeAll(async () => {
  // As at start: the log is open before the demo is seeded, since the demo's pledges go into it.
  openTransparencyLog(config());
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const result = await seedDemoIfEmpty({ ...config(), demoPassword: null });
  if (!result) throw new Error("An empty database was not seeded");
  outcome = result;
  printed = log.mock.calls.flat().join("\n");
  log.mockRestore();
});

function generatedPassword(): string {
  const match = /^Password: (\S+)$/m.exec(fs.readFileSync(outcome.credentialsFile ?? "", "utf8"));
  if (!match?.[1]) throw new Error("The credentials file names no password");
  return match[1];
}

test("every demo account exists with exactly its role and the generated password", async () => {
  const accounts = demoAccounts();
  expect(accounts).toHaveLength(18);
  expect(countUsers()).toBe(18);
  for (const account of accounts) {
    const user = findUserByEmail(account.email);
    expect(user, account.email).toMatchObject({ name: account.name });
    const roles = listMemberships(user?.id ?? 0).map(({ role, stateCode }) => ({ role, stateCode }));
    expect(roles, account.email).toEqual([{ role: account.role, stateCode: account.stateCode }]);
  }
  expect(findUserByEmail("signer.us@demo.test")?.name).toBe("Signer of the United States");
  // One hash for every account: verifying one proves the password, comparing proves the sharing.
  const chair = findUserByEmail("chair@demo.test");
  expect(await verifyPassword(chair?.passwordHash ?? "", generatedPassword())).toBe(true);
  const hashes = new Set(accounts.map((account) => findUserByEmail(account.email)?.passwordHash));
  expect(hashes.size).toBe(1);
});

test("the states carry the statuses and dates of the scenario", () => {
  const states = listStatesWithStatus();
  expect(states).toHaveLength(25);
  const codesWith = (status: string) => states.filter((state) => state.status === status).map((state) => state.code).sort();
  expect(codesWith("committed")).toEqual(["AU", "DK", "NO", "US"]);
  expect(codesWith("supporter")).toEqual(["CA", "FR", "GB", "NL"]);
  expect(codesWith("invited")).toEqual(["AL", "BG", "CR", "CZ", "DE", "EC", "EE", "ES", "FI", "HR", "JP", "KR", "LV", "MK", "NZ", "SK", "XK"]);
  for (const state of states) {
    if (state.status === "invited") expect(state.since && state.since < "2023-03-30").toBe(true);
    else expect(state.since).toBe("2021-12-10");
  }
  expect(states.find((state) => state.code === "XK")?.name).toBe("Kosovo");
});

test("Canada's history is one supporter record of 10 December 2021, recorded by the chair", () => {
  const history = listParticipationHistory("CA");
  expect(history).toHaveLength(1);
  expect(history[0]).toMatchObject({
    status: "supporter",
    effectiveDate: "2021-12-10",
    recordedByEmail: "chair@demo.test",
  });
  expect(history[0]?.sourceNote).toMatch(/without becoming one of the governments that issued it/);
});

test("the draft code of conduct is recorded", () => {
  expect(listInstruments()).toHaveLength(1);
  const instrument = getInstrumentBySlug("code-of-conduct");
  expect(instrument?.title).toMatch(/surveillance technology/);
  expect(instrument?.summary).toMatch(/spyware/);
});

test("the draft code has its living draft document, now the second edition's draft, with its chair's text as version 2", () => {
  const document = findDocumentByName("instrument/code-of-conduct");
  expect(document).toMatchObject({ instrumentId: getInstrumentBySlug("code-of-conduct")?.id, compactedThrough: 0 });
  const ydoc = new Y.Doc({ gc: false });
  Y.applyUpdate(ydoc, loadDocumentUpdate("instrument/code-of-conduct") ?? new Uint8Array());
  expect(canonicalText(documentFromYDoc(ydoc))).toBe(canonicalText(demoDraft()));
  const versions = listVersions(document?.id ?? 0);
  expect(versions.map((version) => [version.number, version.name])).toEqual([
    [2, "Chair's text"],
    [1, "Text for adoption"],
  ]);
});

test("the first edition is the demo's first text, adopted on 30 March 2023, subscribed to by the 25 states that day", () => {
  const instrument = getInstrumentBySlug("code-of-conduct");
  const edition = getEdition(instrument?.id ?? 0, 1);
  expect(edition).toMatchObject({ slug: "code-of-conduct-1", title: "Code of Conduct, first edition", adoptedOn: "2023-03-30" });
  expect(edition?.canonicalText).toBe(canonicalText(demoFirstEdition()));
  const pledges = listPledges({ editionId: edition?.id });
  expect(pledges.map((pledge) => pledge.state.code).sort()).toEqual([...DEMO_SUBSCRIBERS].sort());
  for (const pledge of pledges) expect(pledge).toMatchObject({ kind: "subscription", effectiveDate: "2023-03-30", channel: "paper", status: "active" });
  expect(listCommitments(edition?.id ?? 0)).toHaveLength(6);
  expect(hasSecondFactor(findUserByEmail("chair@demo.test")?.id ?? 0)).toBe(true);
});

test("the adoption and every pledge are in the log, whose root is the latest checkpoint's", () => {
  const page = logEntries(0, 1000);
  expect(page.treeSize).toBe(26);
  const entries = page.entries.map((entry) => parseEntry(entry.text));
  expect(entries[0]).toMatchObject({ kind: "adoption", state: null, edition: "code-of-conduct-1", effectiveDate: "2023-03-30" });
  expect(entries.slice(1).map((entry) => entry.state).sort()).toEqual([...DEMO_SUBSCRIBERS].sort());
  expect(new Set(entries.map((entry) => entry.textDigest)).size).toBe(1);
  const root = rootHash(page.entries.map((entry) => hashLeaf(utf8(entry.text))));
  expect(Buffer.from(root).equals(latestCheckpoint().rootHash)).toBe(true);
});

test("the audit trail records every demo fact, attributed as a real action would be", () => {
  const events = listAuditEvents({ limit: 500 });
  const count = (action: string) => events.filter((event) => event.action === action).length;
  expect(count("user.created")).toBe(18);
  expect(count("membership.granted")).toBe(18);
  expect(count("state.added")).toBe(25);
  expect(count("participation.recorded")).toBe(25);
  expect(count("instrument.created")).toBe(1);
  expect(count("document.created")).toBe(1);
  expect(count("version.saved")).toBe(2);
  expect(count("edition.adopted")).toBe(1);
  expect(count("pledge.recorded")).toBe(25);
  expect(count("commitment.added")).toBe(6);
  // The system sets up the chair's account; the chair does everything after.
  const bySystem = events.filter((event) => event.actorUserId === null).map((event) => event.action);
  expect(bySystem.sort()).toEqual(["membership.granted", "user.created"]);
  const chairId = findUserByEmail("chair@demo.test")?.id;
  expect(events.filter((event) => event.actorUserId === chairId)).toHaveLength(events.length - 2);
  const ca = listAuditEvents({ stateCode: "CA", action: "participation." });
  expect(ca).toHaveLength(1);
  expect(JSON.parse(ca[0]?.details ?? "{}")).toMatchObject({ status: "supporter", effectiveDate: "2021-12-10" });
});

test("the generated password and the chair's authenticator secret are kept in an owner-only file listing every account", () => {
  const file = outcome.credentialsFile;
  expect(file).toBe(`${config().dataDir}/demo-credentials.txt`);
  const text = fs.readFileSync(file ?? "", "utf8");
  expect(fs.statSync(file ?? "").mode & 0o777).toBe(0o600);
  const password = generatedPassword();
  expect(password.length).toBeGreaterThanOrEqual(16);
  expect(printed).toContain(password);
  for (const account of demoAccounts()) expect(text).toContain(account.email);
  expect(text).toMatch(/can be deleted/);
  expect(text).toContain(`secret: ${outcome.chairTotpSecret}`);
  expect(outcome.chairTotpSecret).toMatch(/^[A-Z2-7]{32}$/);
});

test("a second run adds nothing, whether through the start-up check or the scenario itself", async () => {
  const eventsBefore = listAuditEvents({ limit: 500 }).length;
  expect(await seedDemoIfEmpty({ ...config(), demoPassword: null })).toBeNull();
  const again = inTransaction(() => seedDemoScenario(demoDomain, { passwordHash: "unused" }));
  expect(again.created).toEqual({ users: 0, states: 0, instruments: 0, documents: 0, editions: 0, pledges: 0 });
  expect(listAuditEvents({ limit: 500 })).toHaveLength(eventsBefore);
  expect(countUsers()).toBe(18);
  expect(listStatesWithStatus()).toHaveLength(25);
  expect(listParticipationHistory("CA")).toHaveLength(1);
});
