import { createHash } from "node:crypto";
import { beforeAll, expect, test } from "vitest";
import { currentDatabase } from "../../db/client";
import type { EditionRow } from "../../db/schema";
import { hashLeaf, openCheckpoint, parseEntry, parseVerifierKey, verifyInclusion } from "../log";
import { fromHex, utf8 } from "../log/bytes";
import { setClock, today } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { personWith, type TestPerson } from "../testing/drafts";
import { adoptedEdition as adoptedEditionOf } from "../testing/pledges";
import { confirmationFor } from "../testing/second-factor";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import {
  activePledge,
  addDeclaration,
  getPledge,
  listPledges,
  PledgeError,
  pledgeProofBundle,
  recordPaperDeclaration,
  recordPaperPledge,
  recordPaperWithdrawal,
  recordPledge,
  withdrawPledge,
} from "./pledge.server";
import { SecondFactorError } from "./second-factor.server";
import { latestCheckpoint, logEntries, openTransparencyLog } from "./transparency-log.server";

const DAY_MS = 86_400_000;
const START = Date.UTC(2026, 10, 27, 9, 0, 0);

beforeAll(() => {
  openTransparencyLog(config());
});

/** An edition adopted `daysAgo` days before START, with the clock at START. */
async function adoptedEdition(daysAgo = 30): Promise<EditionRow> {
  setClock(() => START);
  return (await adoptedEditionOf(daysAgo)).edition;
}

function entryAt(index: number): string {
  return logEntries(index, index + 1).entries[0]?.text ?? "";
}

function logSize(): number {
  return latestCheckpoint().treeSize;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function pledgeAs(person: TestPerson, editionId: number, declaration?: string) {
  return recordPledge(person.actor, confirmationFor(person.actor), { editionId, kind: "subscription", declaration });
}

test("a signer subscribes with a declaration: the pledge and the declaration are logged, stored and audited together", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  // A decomposed "é" (e + combining acute): the log names the digest of the NFC text.
  const typed = "  Norway reads clause 2 as covering cloud-based interception services.\u0065\u0301  ";
  const declared = typed.normalize("NFC").trim();

  const pledge = pledgeAs(signer, edition.id, typed);

  expect(pledge).toMatchObject({ stateCode: "NO", kind: "subscription", channel: "signer", textDigest: edition.digest, effectiveDate: today() });
  const pledgeEntry = parseEntry(entryAt(pledge.logIndex));
  expect(pledgeEntry).toEqual({
    kind: "subscription",
    state: "NO",
    edition: edition.slug,
    textDigest: edition.digest,
    effectiveDate: today(),
    recorded: pledge.recordedAt.toISOString(),
    pledge: String(pledge.id),
    declarationDigest: null,
  });
  const shown = getPledge(pledge.id);
  expect(shown?.declarations).toHaveLength(1);
  const declaration = shown?.declarations[0];
  expect(declaration?.text).toBe(declared);
  expect(declaration?.digest).toBe(sha256(declared));
  expect(declaration?.logIndex).toBe(pledge.logIndex + 1);
  expect(parseEntry(entryAt(pledge.logIndex + 1))).toMatchObject({
    kind: "declaration",
    state: "NO",
    edition: edition.slug,
    textDigest: edition.digest,
    pledge: String(pledge.id),
    declarationDigest: sha256(declared),
  });
  expect(logSize()).toBe(pledge.logIndex + 2);

  const audit = listAuditEvents({ subject: `pledge:${pledge.id}` });
  expect(audit.map((event) => event.action).sort()).toEqual(["pledge.declaration-recorded", "pledge.recorded"]);
  const recorded = audit.find((event) => event.action === "pledge.recorded");
  expect(recorded).toMatchObject({ actorUserId: signer.userId, actorStateCode: "NO", instrumentId: edition.instrumentId });
  expect(JSON.parse(recorded?.details ?? "{}")).toMatchObject({ logIndex: pledge.logIndex, channel: "signer", kind: "subscription" });
});

test("only a signer of the state pledges for it: another state's signer, a delegate and the chair are refused and nothing is written", async () => {
  const edition = await adoptedEdition();
  const norway = personWith("signer", "NO");
  personWith("signer", "DK");
  const before = logSize();

  const forDenmark = { ...norway.actor, stateCode: "DK" };
  expect(() => recordPledge(forDenmark, confirmationFor(forDenmark), { editionId: edition.id, kind: "subscription" })).toThrow(
    new NotPermittedError("Only a signer of Denmark can pledge for it."),
  );
  const delegate = personWith("delegate", "NO");
  expect(() => recordPledge(delegate.actor, confirmationFor(delegate.actor), { editionId: edition.id, kind: "endorsement" })).toThrow(NotPermittedError);
  const chair = personWith("chair");
  expect(() => recordPledge(chair.actor, confirmationFor(chair.actor), { editionId: edition.id, kind: "endorsement" })).toThrow(NotPermittedError);

  expect(listPledges({ editionId: edition.id })).toEqual([]);
  expect(logSize()).toBe(before);
  expect(listAuditEvents({ action: "pledge.", instrumentId: edition.instrumentId })).toEqual([]);
});

test("a pledge needs a fresh confirmation of the signer's own second factor", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  const other = personWith("signer", "NO");
  const input = { editionId: edition.id, kind: "subscription" as const };

  expect(() => recordPledge(signer.actor, null, input)).toThrow(SecondFactorError);
  expect(() => recordPledge(signer.actor, confirmationFor(other.actor), input)).toThrow(SecondFactorError);
  const confirmation = confirmationFor(signer.actor);
  const issuedAt = confirmation.at.getTime();
  setClock(() => issuedAt + 5 * 60_000);
  expect(() => recordPledge(signer.actor, confirmation, input)).toThrow(/expired/);
  expect(activePledge(edition.id, "NO")).toBeUndefined();
});

test("one active pledge per state and edition; after a withdrawal the state may pledge again, and the list keeps both", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  const first = pledgeAs(signer, edition.id);

  expect(() => recordPledge(signer.actor, confirmationFor(signer.actor), { editionId: edition.id, kind: "endorsement" })).toThrow(
    new RegExp(`Norway already has an active pledge to this edition: pledge ${first.id}`),
  );

  const withdrawnOn = today();
  withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: first.id, reason: "  A new government reviews the code.  " });
  setClock(() => START + 2 * DAY_MS);
  const second = recordPledge(signer.actor, confirmationFor(signer.actor), { editionId: edition.id, kind: "endorsement" });

  const list = listPledges({ editionId: edition.id });
  expect(list.map((pledge) => [pledge.id, pledge.status])).toEqual([
    [first.id, "withdrawn"],
    [second.id, "active"],
  ]);
  expect(list[0]).toMatchObject({
    effectiveDate: first.effectiveDate,
    withdrawal: { effectiveDate: withdrawnOn, reason: "A new government reviews the code." },
  });
  expect(parseEntry(entryAt(list[0]?.withdrawal?.logIndex ?? -1))).toMatchObject({ kind: "withdrawal", state: "NO", pledge: String(first.id) });
  expect(activePledge(edition.id, "NO")?.id).toBe(second.id);
  expect(listAuditEvents({ action: "pledge.withdrawn", subject: `pledge:${first.id}` })).toHaveLength(1);
});

test("a withdrawn pledge cannot be withdrawn again or take declarations", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  const chair = personWith("chair");
  const pledge = pledgeAs(signer, edition.id);
  withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: pledge.id, reason: "Reviewing" });
  const before = logSize();

  expect(() => withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: pledge.id, reason: "Again" })).toThrow(
    new PledgeError(`Pledge ${pledge.id} has been withdrawn: it cannot be withdrawn again`, "pledgeId"),
  );
  expect(() =>
    recordPaperWithdrawal(chair.actor, confirmationFor(chair.actor), { pledgeId: pledge.id, reason: "Again", effectiveDate: today() }),
  ).toThrow(/cannot be withdrawn again/);
  expect(() => addDeclaration(signer.actor, confirmationFor(signer.actor), { pledgeId: pledge.id, text: "Late words" })).toThrow(
    /cannot take a declaration/,
  );
  expect(() =>
    recordPaperDeclaration(chair.actor, confirmationFor(chair.actor), { pledgeId: pledge.id, text: "Late words", effectiveDate: today() }),
  ).toThrow(/cannot take a declaration/);
  expect(logSize()).toBe(before);
});

test("a signer declares and withdraws only for their own state's pledge", async () => {
  const edition = await adoptedEdition();
  const norway = personWith("signer", "NO");
  const denmark = personWith("signer", "DK");
  const pledge = pledgeAs(norway, edition.id);

  expect(() => addDeclaration(denmark.actor, confirmationFor(denmark.actor), { pledgeId: pledge.id, text: "Not ours" })).toThrow(
    new NotPermittedError("Only a signer of Norway can add a declaration to its pledge."),
  );
  expect(() => withdrawPledge(denmark.actor, confirmationFor(denmark.actor), { pledgeId: pledge.id, reason: "Not ours" })).toThrow(NotPermittedError);
  expect(() => addDeclaration(norway.actor, confirmationFor(norway.actor), { pledgeId: pledge.id, text: " \n " })).toThrow(
    new PledgeError("Enter the declaration", "declaration"),
  );
  expect(() => withdrawPledge(norway.actor, confirmationFor(norway.actor), { pledgeId: pledge.id, reason: "r".repeat(2_001) })).toThrow(
    /at most 2,000/,
  );

  addDeclaration(norway.actor, confirmationFor(norway.actor), { pledgeId: pledge.id, text: "Norway will report yearly." });
  expect(getPledge(pledge.id)).toMatchObject({ status: "active", declarations: [{ text: "Norway will report yearly." }] });
});

test("the chair records pledges received on paper with the date they carry, never in the future nor before adoption", async () => {
  const edition = await adoptedEdition(30);
  const chair = personWith("chair");
  personWith("signer", "FR");
  const paper = (effectiveDate: string, stateCode = "FR") =>
    recordPaperPledge(chair.actor, confirmationFor(chair.actor), { editionId: edition.id, stateCode, kind: "endorsement", effectiveDate });
  const before = logSize();

  expect(() => paper(new Date(START + DAY_MS).toISOString().slice(0, 10))).toThrow(/cannot be later than today/);
  expect(() => paper(new Date(START - 31 * DAY_MS).toISOString().slice(0, 10))).toThrow(/cannot be earlier than the edition's adoption/);
  expect(() => paper("2026-02-30")).toThrow(new PledgeError("Enter the date the paper carries as YYYY-MM-DD", "effectiveDate"));
  expect(() => paper(edition.adoptedOn, "ZZ")).toThrow(new PledgeError("ZZ is not a participating state", "stateCode"));
  const signer = personWith("signer", "FR");
  expect(() =>
    recordPaperPledge(signer.actor, confirmationFor(signer.actor), { editionId: edition.id, stateCode: "FR", kind: "endorsement", effectiveDate: edition.adoptedOn }),
  ).toThrow(NotPermittedError);
  expect(logSize()).toBe(before);

  const pledge = paper(edition.adoptedOn);
  expect(pledge).toMatchObject({ channel: "paper", recordedBy: chair.userId, effectiveDate: edition.adoptedOn, stateCode: "FR" });
  expect(parseEntry(entryAt(pledge.logIndex))).toMatchObject({ kind: "endorsement", state: "FR", effectiveDate: edition.adoptedOn });

  const early = new Date(START - 31 * DAY_MS).toISOString().slice(0, 10);
  expect(() =>
    recordPaperWithdrawal(chair.actor, confirmationFor(chair.actor), { pledgeId: pledge.id, reason: "By letter", effectiveDate: early }),
  ).toThrow(/cannot be earlier than the pledge's effective date/);
  recordPaperWithdrawal(chair.actor, confirmationFor(chair.actor), { pledgeId: pledge.id, reason: "By letter", effectiveDate: edition.adoptedOn });
  expect(getPledge(pledge.id)?.withdrawal).toMatchObject({ effectiveDate: edition.adoptedOn, reason: "By letter" });
  const audit = listAuditEvents({ action: "pledge.withdrawn", subject: `pledge:${pledge.id}` })[0];
  expect(JSON.parse(audit?.details ?? "{}")).toMatchObject({ channel: "paper", stateCode: "FR" });
});

test("pledge records are append-only in the database itself", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  const pledge = pledgeAs(signer, edition.id, "A declaration");
  withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: pledge.id, reason: "Reviewing" });
  const sqlite = currentDatabase().sqlite;

  expect(() => sqlite.prepare("UPDATE pledges SET kind = 'endorsement' WHERE id = ?").run(pledge.id)).toThrow(/pledges is append-only/);
  expect(() => sqlite.prepare("DELETE FROM pledge_withdrawals WHERE pledge_id = ?").run(pledge.id)).toThrow(/append-only/);
  expect(() => sqlite.prepare("UPDATE pledge_declarations SET text = 'changed' WHERE pledge_id = ?").run(pledge.id)).toThrow(/append-only/);
  expect(getPledge(pledge.id)).toMatchObject({ kind: "subscription", status: "withdrawn", declarations: [{ text: "A declaration" }] });
});

test("a pledge's proof bundle proves its entries and the edition's adoption against the signed checkpoint", async () => {
  const edition = await adoptedEdition();
  const signer = personWith("signer", "NO");
  const pledge = pledgeAs(signer, edition.id, "Read with the annex.");
  pledgeAs(personWith("signer", "DK"), edition.id);
  withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: pledge.id, reason: "Reviewing" });

  const bundle = pledgeProofBundle(pledge.id);
  expect(bundle).toMatchObject({ format: "accord-proof-bundle/1", pledge: String(pledge.id), treeSize: logSize() });
  if (!bundle) throw new Error("no bundle");
  const verifier = parseVerifierKey(bundle.verifierKey);
  const checkpoint = openCheckpoint(bundle.checkpoint, { origin: verifier.name, verifiers: [verifier] });
  expect(checkpoint.treeSize).toBe(bundle.treeSize);

  expect(bundle.entries.map((entry) => parseEntry(entry.text).kind)).toEqual(["adoption", "subscription", "declaration", "withdrawal"]);
  expect(bundle.entries[0]?.index).toBe(edition.logIndex);
  for (const entry of bundle.entries) {
    const leafHash = fromHex(entry.leafHash, 32, "leaf hash");
    expect(leafHash).toEqual(hashLeaf(utf8(entry.text)));
    const proof = entry.inclusionProof.map((hash) => fromHex(hash, 32, "proof hash"));
    expect(() => verifyInclusion({ leafIndex: entry.index, treeSize: bundle.treeSize, leafHash, proof, rootHash: checkpoint.rootHash })).not.toThrow();
  }
  expect(bundle.declarations).toEqual([{ text: "Read with the annex.", digest: sha256("Read with the annex.") }]);
  expect(parseEntry(bundle.entries[2]?.text ?? "").declarationDigest).toBe(bundle.declarations[0]?.digest);
  expect(pledgeProofBundle(pledge.id + 1000)).toBeUndefined();
});
