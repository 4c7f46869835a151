// Seeds the demo scenario into a database that has no users yet, through the real domain
// functions (db/seed holds the scenario, this file binds it to app/models), in one transaction.
import fs from "node:fs";
import path from "node:path";
import * as Y from "yjs";
import { inTransaction } from "../db/client";
import { buildPassword } from "../db/factories";
import { seedDemoScenario, type DemoDomain, type DemoSeedResult } from "../db/seed/demo-scenario";
import { hashPassword } from "../app/auth/password.server";
import type { Config } from "../app/lib/env.server";
import { createDocument, draftDocumentName, findDocumentByName } from "../app/models/document.server";
import { createInstrument, getInstrumentBySlug } from "../app/models/instrument.server";
import { saveVersion } from "../app/models/version.server";
import { grantMembership } from "../app/models/membership.server";
import { recordParticipation } from "../app/models/participation.server";
import { addState, getState } from "../app/models/state.server";
import { countUsers, createUser, findUserByEmail } from "../app/models/user.server";
import { demoDraft, documentToYDoc } from "../editor";

export const DEMO_CREDENTIALS_FILE = "demo-credentials.txt";

/** The scenario's operations, bound to the domain modules. */
export const demoDomain: DemoDomain = {
  findUserByEmail,
  createUser,
  grantMembership,
  hasState: (code) => getState(code) !== undefined,
  addState,
  recordParticipation,
  hasInstrument: (slug) => getInstrumentBySlug(slug) !== undefined,
  createInstrument,
  hasDraftDocument: (slug) => findDocumentByName(draftDocumentName(slug)) !== undefined,
  createDraftDocument: (actor, slug) => {
    const instrument = getInstrumentBySlug(slug);
    if (!instrument) throw new Error(`The instrument ${slug} must exist before its draft document`);
    // db/ may not import editor/, so the starting Yjs state is built here, from the editor's demo draft.
    const initial = Y.encodeStateAsUpdate(documentToYDoc(demoDraft()));
    return createDocument(actor, { instrumentId: instrument.id, name: draftDocumentName(slug), initial });
  },
  saveDraftVersion: (actor, slug, version) => {
    const document = findDocumentByName(draftDocumentName(slug));
    if (!document) throw new Error(`The draft of ${slug} must exist before a version of it`);
    return saveVersion(actor, document, version);
  },
};

export interface DemoSeedOutcome extends DemoSeedResult {
  /** Where the generated password was written, or null when DEMO_PASSWORD gave it. */
  credentialsFile: string | null;
}

/** Seeds the demo when the database has no users; returns null (and changes nothing) otherwise. */
export async function seedDemoIfEmpty(config: Config): Promise<DemoSeedOutcome | null> {
  if (countUsers() > 0) return null;
  const generated = config.demoPassword === null;
  const password = config.demoPassword ?? buildPassword();
  // Argon2 is slow on purpose: hash once, outside the (synchronous) transaction, for every account.
  const passwordHash = await hashPassword(password);
  const result = inTransaction(() => (countUsers() > 0 ? null : seedDemoScenario(demoDomain, { passwordHash })));
  if (!result) return null;

  const file = path.join(config.dataDir, DEMO_CREDENTIALS_FILE);
  // A file left from an earlier database would name a password that no longer opens anything.
  fs.rmSync(file, { force: true });
  if (!generated) {
    console.log(`Demo scenario seeded: ${result.accounts.length} accounts, all with the password from DEMO_PASSWORD.`);
    return { ...result, credentialsFile: null };
  }
  writeCredentials(file, result, password);
  console.log(
    [
      `Demo scenario seeded: ${result.accounts.length} accounts (for example ${result.accounts[0]?.email}).`,
      `Demo password: ${password}`,
      `Every account and the password are listed in ${file}; set DEMO_PASSWORD to choose the password instead.`,
    ].join("\n"),
  );
  return { ...result, credentialsFile: file };
}

function writeCredentials(file: string, result: DemoSeedResult, password: string): void {
  const width = Math.max(...result.accounts.map((account) => account.email.length));
  const lines = [
    "Accord demo accounts",
    "",
    "These accounts were created when Accord started on an empty database. They all share one",
    "generated password. This file is only a reminder: it can be deleted at any time.",
    "",
    `Password: ${password}`,
    "",
    ...result.accounts.map((account) => `${account.email.padEnd(width)}  ${account.name}`),
    "",
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // `wx` after the removal above: the file is created here, so `mode` applies (owner only).
  fs.writeFileSync(file, lines.join("\n"), { mode: 0o600, flag: "wx" });
  fs.chmodSync(file, 0o600);
}
