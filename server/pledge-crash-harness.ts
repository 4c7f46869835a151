// A stream of pledge events in a process of its own, for the pledge crash test
// (./pledge-crash.test.ts), which kills it with SIGKILL and starts it again on the same files:
//
//   node --import tsx server/pledge-crash-harness.ts <databasePath>
//
// At start it checks the database file as it finds it (`PRAGMA integrity_check`), migrates it and
// opens the transparency log, whose start refuses a log that does not match its latest checkpoint
// (the key file sits beside the database). On the first start it adopts an edition. Then it prints
// `ready <JSON>` and records pledge events without pause: for each state in turn, a paper pledge when
// the state has none active, else its withdrawal. After each event's transaction has committed it
// prints `confirmed <pledge id> <kind> <log index>`: what the person recording it would be told. A
// line is only ever printed after the commit, so a line the test reads is a promise the files must keep.
import { installConfig, loadConfig } from "../app/lib/env.server";
import { today } from "../app/lib/clock.server";
import { SYSTEM_ACTOR } from "../app/models/audit.server";
import { createDocument, draftDocumentName } from "../app/models/document.server";
import { adoptEdition, getEdition } from "../app/models/edition.server";
import { createInstrument, getInstrumentBySlug } from "../app/models/instrument.server";
import { activePledge, recordPaperPledge, recordPaperWithdrawal } from "../app/models/pledge.server";
import { addState, getState } from "../app/models/state.server";
import { logVerifierKey, openTransparencyLog } from "../app/models/transparency-log.server";
import { saveVersion } from "../app/models/version.server";
import { buildInstrument } from "../db/factories";
import { installDatabase, migrateDatabase, openDatabase } from "../db/client";
import { demoFirstEdition, documentToYDoc } from "../editor";
import { createPerson } from "../app/testing/routes";
import * as Y from "yjs";
import { enrolAndProve } from "./demo";

/** The states whose pledges and withdrawals the stream records, in turn. */
export const CRASH_PLEDGE_STATES = ["NO", "AU", "DK", "FR", "JP", "CA", "DE", "NL", "ES", "FI"] as const;
const SLUG = "crash-code";

export interface PledgeHarnessReady {
  /** `PRAGMA integrity_check` of the file as found at start ("ok" when sound). */
  integrity: string;
  /** The log's size when it was opened. */
  logSize: number;
  verifierKey: string;
}

function edition(chair: { userId: number }, proof: Parameters<typeof adoptEdition>[1]): number {
  const existing = getInstrumentBySlug(SLUG);
  if (existing) {
    const found = getEdition(existing.id, 1);
    if (found) return found.id;
  }
  const instrument = existing ?? createInstrument(SYSTEM_ACTOR, buildInstrument({ slug: SLUG }));
  const initial = Y.encodeStateAsUpdate(documentToYDoc(demoFirstEdition()));
  const document = createDocument(SYSTEM_ACTOR, { instrumentId: instrument.id, name: draftDocumentName(SLUG), initial });
  saveVersion(chair, document, { name: "Text for adoption", note: "" });
  return adoptEdition(chair, proof, { instrumentId: instrument.id, versionNumber: 1, title: "Crash test edition", adoptedOn: today() }).id;
}

function main(): void {
  const [databasePath] = process.argv.slice(2);
  if (!databasePath) throw new Error("usage: pledge-crash-harness.ts <databasePath>");
  const config = loadConfig({ ...process.env, NODE_ENV: "test", DATABASE_PATH: databasePath, HOST: "127.0.0.1", PORT: "3000", PUBLIC_ORIGIN: undefined });
  installConfig(config);

  const database = openDatabase(databasePath);
  const rows = database.sqlite.pragma("integrity_check") as { integrity_check: string }[];
  const integrity = rows.map((row) => row.integrity_check).join("; ");
  migrateDatabase(database);
  installDatabase(database);
  const log = openTransparencyLog(config);

  for (const code of CRASH_PLEDGE_STATES) if (!getState(code)) addState(SYSTEM_ACTOR, { code });
  // A new chair each start: one proof of the second factor serves the whole stream (minutes at most).
  const chair = { userId: createPerson({ role: "chair", stateCode: null }).user.id };
  const { proof } = enrolAndProve(chair);
  const editionId = edition(chair, proof);

  const ready: PledgeHarnessReady = { integrity, logSize: log.treeSize, verifierKey: logVerifierKey() };
  process.stdout.write(`ready ${JSON.stringify(ready)}\n`);

  let turn = 0;
  const next = (): void => {
    const stateCode = CRASH_PLEDGE_STATES[turn % CRASH_PLEDGE_STATES.length] ?? "NO";
    const kind = Math.floor(turn / CRASH_PLEDGE_STATES.length) % 4 < 2 ? "subscription" : "endorsement";
    turn += 1;
    const active = activePledge(editionId, stateCode);
    if (active) {
      const withdrawal = recordPaperWithdrawal(chair, proof, { pledgeId: active.id, reason: "Withdrawn by letter.", effectiveDate: today() });
      process.stdout.write(`confirmed ${active.id} withdrawal ${withdrawal.logIndex}\n`);
    } else {
      const pledge = recordPaperPledge(chair, proof, { editionId, stateCode, kind, effectiveDate: today() });
      process.stdout.write(`confirmed ${pledge.id} ${kind} ${pledge.logIndex}\n`);
    }
    // Yield between events so the pipe to the test drains as it would to a browser.
    setImmediate(next);
  };
  next();

  process.stdin.on("close", () => process.exit(0));
  process.stdout.on("error", () => process.exit(0));
  process.stdin.resume();
}

try {
  main();
} catch (error: unknown) {
  process.stderr.write(`pledge crash harness: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
}
