// Seeds the demo scenario into a database that has no users yet, through the real domain
// functions (db/seed holds the scenario, this file binds it to app/models), in one transaction.
import fs from "node:fs";
import path from "node:path";
import { Secret, TOTP } from "otpauth";
import * as Y from "yjs";
import { inTransaction } from "../db/client";
import { buildPassword } from "../db/factories";
import { seedDemoScenario, type DemoDomain, type DemoSeedResult, type SeedActor } from "../db/seed/demo-scenario";
import { hashPassword } from "../app/auth/password.server";
import type { Config } from "../app/lib/env.server";
import { nowMs } from "../app/lib/clock.server";
import { addCommitment } from "../app/models/commitment.server";
import { createDocument, draftDocumentName, editDocumentAtRest, findDocumentByName } from "../app/models/document.server";
import { adoptEdition, getEdition } from "../app/models/edition.server";
import { createInstrument, getInstrumentBySlug } from "../app/models/instrument.server";
import { recordPaperPledge } from "../app/models/pledge.server";
import {
  confirmSecondFactor,
  confirmTotpEnrolment,
  startTotpEnrolment,
  type SecondFactorConfirmation,
} from "../app/models/second-factor.server";
import { saveVersion } from "../app/models/version.server";
import { grantMembership } from "../app/models/membership.server";
import { recordParticipation } from "../app/models/participation.server";
import { addState, getState } from "../app/models/state.server";
import { countUsers, createUser, findUserByEmail } from "../app/models/user.server";
import type { InstrumentRow } from "../db/schema";
import { demoDraft, demoFirstEdition, documentToYDoc, updateYDoc } from "../editor";

export const DEMO_CREDENTIALS_FILE = "demo-credentials.txt";

function instrument(slug: string): InstrumentRow {
  const found = getInstrumentBySlug(slug);
  if (!found) throw new Error(`The instrument ${slug} must exist first`);
  return found;
}

function editionId(slug: string, number: number): number {
  const edition = getEdition(instrument(slug).id, number);
  if (!edition) throw new Error(`Edition ${number} of ${slug} must be adopted first`);
  return edition.id;
}

/** The code an authenticator app shows at `atMs` for `secret` (RFC 6238 defaults, as enrolment uses). */
function authenticatorCode(secret: string, atMs: number): string {
  return new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: atMs });
}

/**
 * Sets up a new authenticator for `actor` and proves it, as a person would: the code shown now
 * confirms the set-up, the next one (accepted within the one-step window) is the proof to act with.
 */
export function enrolAndProve(actor: SeedActor): { proof: SecondFactorConfirmation; secret: string } {
  const userId = actor.userId;
  if (userId === null) throw new Error("Only a person proves a second factor");
  const { secret } = startTotpEnrolment(actor, userId);
  confirmTotpEnrolment(actor, userId, authenticatorCode(secret, nowMs()));
  return { proof: confirmSecondFactor(actor, authenticatorCode(secret, nowMs() + 30_000)), secret };
}

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
    const initial = Y.encodeStateAsUpdate(documentToYDoc(demoFirstEdition()));
    return createDocument(actor, { instrumentId: instrument.id, name: draftDocumentName(slug), initial });
  },
  saveDraftVersion: (actor, slug, version) => {
    const document = findDocumentByName(draftDocumentName(slug));
    if (!document) throw new Error(`The draft of ${slug} must exist before a version of it`);
    return saveVersion(actor, document, version);
  },
  proveChair: (actor) => {
    const { proof, secret } = enrolAndProve(actor);
    return { proof, totpSecret: secret };
  },
  hasEdition: (slug, number) => getEdition(instrument(slug).id, number) !== undefined,
  adoptEdition: (actor, proof, slug, input) =>
    adoptEdition(actor, proof as SecondFactorConfirmation, { instrumentId: instrument(slug).id, ...input }),
  recordPaperPledge: (actor, proof, slug, { editionNumber, ...input }) =>
    recordPaperPledge(actor, proof as SecondFactorConfirmation, { editionId: editionId(slug, editionNumber), ...input }),
  addCommitment: (actor, slug, { editionNumber, ...input }) => addCommitment(actor, { editionId: editionId(slug, editionNumber), ...input }),
  openSecondEditionDraft: (actor, slug) =>
    editDocumentAtRest(draftDocumentName(slug), actor.userId, (ydoc) => updateYDoc(ydoc, demoDraft())),
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
  writeCredentials(file, result, generated ? password : null);
  console.log(
    [
      `Demo scenario seeded: ${result.accounts.length} accounts (for example ${result.accounts[0]?.email}).`,
      generated ? `Demo password: ${password}` : "Every account has the password from DEMO_PASSWORD.",
      `The accounts${generated ? ", the password" : ""} and the chair's authenticator secret are in ${file}.`,
    ].join("\n"),
  );
  return { ...result, credentialsFile: file };
}

function writeCredentials(file: string, result: DemoSeedResult, password: string | null): void {
  const width = Math.max(...result.accounts.map((account) => account.email.length));
  const secret = result.chairTotpSecret;
  const lines = [
    "Accord demo accounts",
    "",
    "These accounts were created when Accord started on an empty database. They all share one",
    "password. This file is only a reminder: it can be deleted at any time.",
    "",
    password === null ? "Password: the one DEMO_PASSWORD gave" : `Password: ${password}`,
    "",
    ...result.accounts.map((account) => `${account.email.padEnd(width)}  ${account.name}`),
    "",
    ...(secret
      ? [
          "The chair adopts texts and records paper pledges after entering a code from an authenticator app",
          "(TOTP: SHA-1, 6 digits, 30 seconds). Add the chair's to one with",
          `  secret: ${secret}`,
          `  or the link otpauth://totp/Accord:${encodeURIComponent(result.accounts[0]?.email ?? "chair")}?secret=${secret}&issuer=Accord`,
          "Signers set up their own authenticator under Account → Second factor.",
          "",
        ]
      : []),
  ];
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // `wx` after the removal above: the file is created here, so `mode` applies (owner only).
  fs.writeFileSync(file, lines.join("\n"), { mode: 0o600, flag: "wx" });
  fs.chmodSync(file, 0o600);
}
