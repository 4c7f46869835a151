import { beforeAll, expect, test } from "vitest";
import type * as Y from "yjs";
import { currentDatabase } from "../../db/client";
import { bracketsOf, canonicalText, clauseNumbers, demoDraft, demoFirstEdition, documentFragment, updateYDoc } from "../../editor";
import { parseEntry } from "../log";
import { nowMs, setClock, today } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { confirmationFor } from "../testing/second-factor";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import { editDocument } from "./document.server";
import {
  adoptEdition,
  adoptionCandidates,
  adoptionProblem,
  EditionError,
  editionClauses,
  editionDocument,
  getEdition,
  getEditionById,
  getEditionBySlug,
  listEditions,
  type EditionAdoption,
} from "./edition.server";
import { SecondFactorError } from "./second-factor.server";
import { latestCheckpoint, logEntries, openTransparencyLog } from "./transparency-log.server";
import { saveVersion, sha256Hex } from "./version.server";

let chair: TestPerson;

beforeAll(() => {
  openTransparencyLog(config());
  chair = personWith("chair");
});

/** A draft whose text is agreed (no square brackets), saved as version 1. */
async function agreedDraft(): Promise<TestDraft> {
  const draft = createDraft();
  await editDocument(draft.document.name, chair.userId, (ydoc) => updateYDoc(ydoc, demoFirstEdition()));
  saveVersion(chair.actor, draft.document, { name: "Agreed text", note: "" });
  return draft;
}

function adoption(draft: TestDraft, overrides: Partial<EditionAdoption> = {}): EditionAdoption {
  return { instrumentId: draft.instrument.id, versionNumber: 1, title: "First edition", adoptedOn: "2026-03-30", ...overrides };
}

/** Appends text to the draft's title as one stored edit. */
async function retitle(draft: TestDraft, text: string): Promise<void> {
  await editDocument(draft.document.name, chair.userId, (ydoc) => {
    const title = (documentFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.insert(title.length, text);
  });
}

/** What an attempt may have written: editions, log entries and adoption events. */
function written(draft: TestDraft) {
  return {
    editions: listEditions(draft.instrument.id).length,
    logSize: latestCheckpoint().treeSize,
    events: listAuditEvents({ action: "edition.adopted", instrumentId: draft.instrument.id }).length,
  };
}

test("adoption freezes the version's text and digest exactly and appends one adoption entry to the log", async () => {
  const draft = await agreedDraft();
  const sizeBefore = latestCheckpoint().treeSize;
  const version = adoptionCandidates(draft.instrument)[0];
  const edition = adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft, { title: "  First edition  " }));

  expect(edition).toMatchObject({ number: 1, slug: `${draft.instrument.slug}-1`, title: "First edition", adoptedOn: "2026-03-30", adoptedBy: chair.userId });
  expect(edition.digest).toBe(version?.digest);
  expect(edition.digest).toBe(sha256Hex(edition.canonicalText));
  expect(canonicalText(editionDocument(edition))).toBe(edition.canonicalText);
  expect(edition.recordedAt.getTime()).toBe(nowMs());

  expect(latestCheckpoint().treeSize).toBe(sizeBefore + 1);
  expect(edition.logIndex).toBe(sizeBefore);
  const [stored] = logEntries(edition.logIndex, edition.logIndex + 1).entries;
  expect(parseEntry(stored?.text ?? "")).toEqual({
    kind: "adoption",
    state: null,
    edition: edition.slug,
    textDigest: edition.digest,
    effectiveDate: "2026-03-30",
    recorded: edition.recordedAt.toISOString(),
    pledge: null,
    declarationDigest: null,
  });

  const [event] = listAuditEvents({ action: "edition.adopted", instrumentId: draft.instrument.id });
  expect(event).toMatchObject({ actorUserId: chair.userId, subjectType: "edition", subjectId: String(edition.id) });
  expect(JSON.parse(event?.details ?? "{}")).toEqual({
    number: 1,
    title: "First edition",
    digest: edition.digest,
    adoptedOn: "2026-03-30",
    logIndex: edition.logIndex,
  });

  expect(getEdition(draft.instrument.id, 1)).toEqual(edition);
  expect(getEditionById(edition.id)).toEqual(edition);
  expect(getEditionBySlug(edition.slug)).toEqual(edition);
  expect(adoptionCandidates(draft.instrument)[0]?.adoptedAs).toBe(1);
});

test("later edits and versions of the draft change nothing of an edition; editions are numbered per instrument", async () => {
  const draft = await agreedDraft();
  const first = adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft));
  await retitle(draft, " (revised)");
  const later = saveVersion(chair.actor, draft.document, { name: "Revised", note: "" });
  const second = adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft, { versionNumber: later.number, title: "Second edition" }));

  expect(getEdition(draft.instrument.id, 1)).toEqual(first);
  expect(first.canonicalText).not.toContain("(revised)");
  expect(second.canonicalText).toContain("(revised)");
  expect([second.number, second.slug, second.digest]).toEqual([2, `${draft.instrument.slug}-2`, later.digest]);
  expect(second.logIndex).toBe(first.logIndex + 1);
  expect(listEditions(draft.instrument.id).map((edition) => edition.title)).toEqual(["First edition", "Second edition"]);
  expect(editionClauses(first).map((clause) => clause.number)).toEqual(editionClauses(second).map((clause) => clause.number));
});

test("a version is adopted once only", async () => {
  const draft = await agreedDraft();
  adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft));
  const before = written(draft);
  expect(() => adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft, { title: "Again" }))).toThrow(
    new EditionError("Version 1 is already adopted, as First edition", "version"),
  );
  expect(written(draft)).toEqual(before);
});

test("a text with square brackets is refused, naming the clause that holds them, and nothing is written", () => {
  const draft = createDraft(); // the demo draft, with one bracket
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  const [bracket] = bracketsOf(demoDraft());
  const number = clauseNumbers(demoDraft()).get(bracket?.clauseId ?? "");
  if (!number) throw new Error("the demo draft has a bracket in a numbered clause");
  const before = written(draft);
  const attempt = () => adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft));
  expect(attempt).toThrow(
    new EditionError(
      `Version 1 still has square brackets (unagreed text) in clause ${number}; remove them in the draft and save a new version before adopting it`,
      "version",
    ),
  );
  expect(adoptionCandidates(draft.instrument)[0]?.bracketed).toEqual([`clause ${number}`]);
  expect(written(draft)).toEqual(before);
});

test("the title, the date and the version are checked before anything is written", async () => {
  const draft = await agreedDraft();
  const before = written(draft);
  const refusal = (overrides: Partial<EditionAdoption>) => {
    try {
      adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft, overrides));
    } catch (error) {
      if (error instanceof EditionError) return [error.field, error.message];
      throw error;
    }
    throw new Error("the adoption was not refused");
  };
  const tomorrow = new Date(Date.parse(`${today()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  expect(refusal({ title: "   " })).toEqual(["title", "Enter a title for the edition"]);
  expect(refusal({ title: "x".repeat(201) })).toEqual(["title", "The title has at most 200 characters"]);
  expect(refusal({ adoptedOn: "2026-02-30" })).toEqual(["adoptedOn", "Enter the adoption date as a real date, YYYY-MM-DD"]);
  expect(refusal({ adoptedOn: "30/03/2026" })).toEqual(["adoptedOn", "Enter the adoption date as a real date, YYYY-MM-DD"]);
  expect(refusal({ adoptedOn: tomorrow })).toEqual(["adoptedOn", "The adoption date cannot be in the future"]);
  expect(refusal({ versionNumber: 9 })).toEqual(["version", "The draft has no version 9"]);
  expect(written(draft)).toEqual(before);
  // Today itself is fine: an adoption recorded the day it happened.
  expect(adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft, { adoptedOn: today() })).adoptedOn).toBe(today());
});

test("adoptionProblem names what adoptEdition would refuse, without a confirmation and without writing", async () => {
  const draft = await agreedDraft();
  const before = written(draft);
  const problem = (overrides: Partial<EditionAdoption>) => {
    const error = adoptionProblem(adoption(draft, overrides));
    return error && [error.field, error.message];
  };
  expect(problem({ title: "" })).toEqual(["title", "Enter a title for the edition"]);
  expect(problem({ adoptedOn: "2999-01-01" })).toEqual(["adoptedOn", "The adoption date cannot be in the future"]);
  expect(problem({ versionNumber: 9 })).toEqual(["version", "The draft has no version 9"]);
  expect(problem({ instrumentId: 999_999 })).toEqual(["version", "There is no such instrument"]);
  expect(problem({})).toBeNull();
  expect(written(draft)).toEqual(before);
  adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft));
  expect(problem({ title: "Again" })).toEqual(["version", "Version 1 is already adopted, as First edition"]);
});

test("only the chair adopts, whoever calls the module, and nothing is written for anyone else", async () => {
  const draft = await agreedDraft();
  const before = written(draft);
  for (const person of [personWith("delegate", "NO"), personWith("signer", "NO")]) {
    expect(() => adoptEdition(person.actor, confirmationFor(person.actor), adoption(draft))).toThrow(new NotPermittedError("Only the chair adopts a text."));
  }
  expect(written(draft)).toEqual(before);
});

test("adoption needs a fresh confirmation of the chair's second factor", async () => {
  const draft = await agreedDraft();
  const before = written(draft);
  expect(() => adoptEdition(chair.actor, null, adoption(draft))).toThrow(SecondFactorError);
  const someoneElses = confirmationFor(personWith("chair").actor);
  expect(() => adoptEdition(chair.actor, someoneElses, adoption(draft))).toThrow(SecondFactorError);
  const stale = confirmationFor(chair.actor);
  const later = nowMs() + 5 * 60_000;
  setClock(() => later);
  expect(() => adoptEdition(chair.actor, stale, adoption(draft))).toThrow(/expired/);
  expect(written(draft)).toEqual(before);
});

test("an edition cannot be changed or deleted, even by a raw statement", async () => {
  const draft = await agreedDraft();
  const edition = adoptEdition(chair.actor, confirmationFor(chair.actor), adoption(draft));
  const { sqlite } = currentDatabase();
  expect(() => sqlite.prepare("UPDATE editions SET canonical_text = 'altered' WHERE id = ?").run(edition.id)).toThrow(/append-only/);
  expect(() => sqlite.prepare("DELETE FROM editions WHERE id = ?").run(edition.id)).toThrow(/append-only/);
  expect(getEditionById(edition.id)).toEqual(edition);
});
