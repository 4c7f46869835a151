import { beforeAll, expect, test } from "vitest";
import { currentDatabase } from "../../db/client";
import type { EditionRow } from "../../db/schema";
import { demoFirstEdition, updateYDoc } from "../../editor";
import { setClock } from "../lib/clock.server";
import { config } from "../lib/env.server";
import { createDraft, personWith, type TestPerson } from "../testing/drafts";
import { confirmationFor } from "../testing/second-factor";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents } from "./audit.server";
import {
  addCommitment,
  CommitmentError,
  fileReport,
  getCommitment,
  latestReports,
  listCommitments,
  reportHistory,
  reportMatrix,
  ReportError,
  type NewReport,
} from "./commitment.server";
import { editDocument } from "./document.server";
import { adoptEdition, editionClauses, type EditionClause } from "./edition.server";
import { openTransparencyLog } from "./transparency-log.server";
import { saveVersion } from "./version.server";

const ADOPTED_ON = "2026-03-30";
const DAY = 86_400_000;

interface Adopted {
  edition: EditionRow;
  clauses: EditionClause[];
  chair: TestPerson;
}

/** A draft made bracket-free, saved as a version and adopted by the chair with a second factor. */
async function adoptedEdition(): Promise<Adopted> {
  const { instrument, document } = createDraft();
  const chair = personWith("chair");
  await editDocument(document.name, chair.userId, (ydoc) => updateYDoc(ydoc, demoFirstEdition()));
  const version = saveVersion(chair.actor, document, { name: "Agreed text", note: "" });
  const edition = adoptEdition(chair.actor, confirmationFor(chair.actor), {
    instrumentId: instrument.id,
    versionNumber: version.number,
    title: "First edition",
    adoptedOn: ADOPTED_ON,
  });
  return { edition, clauses: editionClauses(edition), chair };
}

/** Sets the clock to noon UTC of a date. */
function setToday(date: string): void {
  const at = Date.parse(`${date}T12:00:00Z`);
  setClock(() => at);
}

function report(commitmentId: number, overrides: Partial<NewReport> = {}): NewReport {
  return {
    commitmentId,
    status: "in-progress",
    narrative: "Licensing guidance now asks reviewers to weigh the human-rights record of the end user.",
    evidenceLinks: [],
    reportDate: "2026-04-01",
    ...overrides,
  };
}

let adopted: Adopted;
let norway: TestPerson;
let denmark: TestPerson;

beforeAll(async () => {
  openTransparencyLog(config());
  adopted = await adoptedEdition();
  norway = personWith("delegate", "NO");
  denmark = personWith("delegate", "DK");
});

test("the chair adds numbered commitments drawn from the edition's clauses, kept in document order", () => {
  const [first, second, third] = adopted.clauses;
  if (!first || !second || !third) throw new Error("the demo edition has at least three clauses");
  const one = addCommitment(adopted.chair.actor, {
    editionId: adopted.edition.id,
    title: "  Human rights in export reviews ",
    description: "Take the human-rights risks into account when reviewing exports.",
    clauseIds: [third.id, first.id],
  });
  const two = addCommitment(adopted.chair.actor, { editionId: adopted.edition.id, title: "Consult widely", description: "", clauseIds: [second.id] });

  expect([one.number, two.number]).toEqual([1, 2]);
  expect(one.title).toBe("Human rights in export reviews");
  expect(one.clauses).toEqual([first, third]);
  expect(listCommitments(adopted.edition.id).map((commitment) => [commitment.number, commitment.clauses.map((clause) => clause.number)])).toEqual([
    [1, [first.number, third.number]],
    [2, [second.number]],
  ]);
  expect(getCommitment(adopted.edition.id, 2)?.title).toBe("Consult widely");
  expect(getCommitment(adopted.edition.id, 3)).toBeUndefined();
  const events = listAuditEvents({ action: "commitment.added", instrumentId: adopted.edition.instrumentId });
  expect(events).toHaveLength(2);
  expect(events.map((event) => event.actorUserId)).toEqual([adopted.chair.userId, adopted.chair.userId]);
});

test("a commitment needs a title and clauses of the edition, each once; only the chair adds one", async () => {
  const other = await adoptedEdition();
  const clause = other.clauses[0]?.id ?? "";
  const valid = { editionId: other.edition.id, title: "Share information on threats", description: "", clauseIds: [clause] };
  const refusals: [Partial<typeof valid>, RegExp][] = [
    [{ title: "  " }, /Enter a title/],
    [{ title: "t".repeat(201) }, /at most 200/],
    [{ description: "d".repeat(4_001) }, /at most 4,000/],
    [{ clauseIds: [] }, /at least one clause/],
    [{ clauseIds: [clause, "no-such-clause"] }, /“no-such-clause” is not a clause of this edition/],
    [{ clauseIds: [clause, clause] }, /chosen twice/],
  ];
  for (const [change, message] of refusals) {
    expect(() => addCommitment(other.chair.actor, { ...valid, ...change })).toThrow(message);
  }
  expect(() => addCommitment(other.chair.actor, { ...valid, clauseIds: [] })).toThrow(CommitmentError);
  for (const person of [norway, personWith("signer", "NO"), personWith("observer")]) {
    expect(() => addCommitment(person.actor, valid)).toThrow(NotPermittedError);
  }
  expect(listCommitments(other.edition.id)).toEqual([]);
  expect(listAuditEvents({ action: "commitment.added", instrumentId: other.edition.instrumentId })).toEqual([]);
});

test("a delegate files reports for their own state only; every report is kept and the latest is current", () => {
  const commitment = getCommitment(adopted.edition.id, 1);
  if (!commitment) throw new Error("commitment 1 was added above");
  setToday("2026-06-30");
  const first = fileReport(norway.actor, report(commitment.id, { status: "not-started", reportDate: "2026-04-01" }));
  const second = fileReport(norway.actor, report(commitment.id, { status: "implemented", reportDate: "2026-06-30", evidenceLinks: ["https://example.org/guidance"] }));
  fileReport(denmark.actor, report(commitment.id, { status: "in-progress" }));

  expect(first.stateCode).toBe("NO");
  expect(reportHistory(commitment.id, "NO").map((entry) => [entry.id, entry.status])).toEqual([
    [second.id, "implemented"],
    [first.id, "not-started"],
  ]);
  expect(reportHistory(commitment.id, "NO")[0]?.evidenceLinks).toEqual(["https://example.org/guidance"]);
  const current = latestReports(adopted.edition.id).map((entry) => [entry.commitmentId, entry.stateCode, entry.status]);
  expect(current).toEqual([
    [commitment.id, "NO", "implemented"],
    [commitment.id, "DK", "in-progress"],
  ]);
  const events = listAuditEvents({ action: "commitment.report-filed", instrumentId: adopted.edition.instrumentId });
  expect(events).toHaveLength(3);
  expect(events[0]).toMatchObject({ actorUserId: denmark.userId, actorStateCode: "DK", subjectType: "commitment-report" });
  expect(JSON.parse(events[0]?.details ?? "{}")).toEqual({
    edition: adopted.edition.slug,
    editionNumber: adopted.edition.number,
    commitment: 1,
    stateCode: "DK",
    status: "in-progress",
    reportDate: "2026-04-01",
  });

  // A delegate acting for another state, a signer, an observer and the chair are refused, and nothing is written.
  const refused = [{ ...norway.actor, stateCode: "DK" }, personWith("signer", "NO").actor, personWith("observer", "NO").actor, adopted.chair.actor];
  for (const actor of refused) {
    expect(() => fileReport(actor, report(commitment.id))).toThrow(NotPermittedError);
  }
  expect(reportHistory(commitment.id, "DK")).toHaveLength(1);
  expect(reportHistory(commitment.id, "NO")).toHaveLength(2);
});

test("evidence must be absolute https links, and the refusal names the link", () => {
  const commitment = listCommitments(adopted.edition.id)[1];
  if (!commitment) throw new Error("commitment 2 was added above");
  setToday("2026-06-30");
  const cases: [string, RegExp][] = [
    ["http://example.org/report", /“http:\/\/example.org\/report” is not an https:\/\/ address/],
    ["javascript:alert(1)", /“javascript:alert\(1\)” is not an https:\/\/ address/],
    ["/reports/2026", /“\/reports\/2026” is not a full address/],
    ["example.org/report", /“example.org\/report” is not a full address/],
    [`https://example.org/${"a".repeat(2_000)}`, /longer than 2,000 characters/],
  ];
  for (const [link, message] of cases) {
    let refusal: unknown;
    try {
      fileReport(norway.actor, report(commitment.id, { evidenceLinks: ["https://example.org/fine", link] }));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ReportError);
    expect(refusal).toMatchObject({ field: "evidenceLinks", message: expect.stringMatching(message) });
  }
  const eleven = Array.from({ length: 11 }, (_, index) => `https://example.org/${index}`);
  expect(() => fileReport(norway.actor, report(commitment.id, { evidenceLinks: eleven }))).toThrow("Give at most 10 links");
  expect(reportHistory(commitment.id, "NO")).toEqual([]);
});

test("a report needs a status, a narrative and a date between the adoption and today", () => {
  const commitment = listCommitments(adopted.edition.id)[1];
  if (!commitment) throw new Error("commitment 2 was added above");
  setToday("2026-06-30");
  const refusals: [Partial<NewReport>, string, RegExp][] = [
    [{ status: "done" }, "status", /Choose the state of implementation/],
    [{ narrative: " " }, "narrative", /Describe how/],
    [{ narrative: "n".repeat(10_001) }, "narrative", /at most 10,000/],
    [{ reportDate: "2026-07-01" }, "reportDate", /cannot be in the future/],
    [{ reportDate: "2026-03-29" }, "reportDate", /cannot be before the edition was adopted \(30 March 2026\)/],
    [{ reportDate: "2026-02-30" }, "reportDate", /real date/],
  ];
  for (const [change, field, message] of refusals) {
    expect(() => fileReport(norway.actor, report(commitment.id, change))).toThrow(expect.objectContaining({ field, message: expect.stringMatching(message) }));
  }
  expect(() => fileReport(norway.actor, report(99_999))).toThrow("There is no such commitment");
  expect(reportHistory(commitment.id, "NO")).toEqual([]);
  // The adoption day and today are both fine.
  fileReport(norway.actor, report(commitment.id, { reportDate: ADOPTED_ON }));
  fileReport(norway.actor, report(commitment.id, { reportDate: "2026-06-30" }));
  expect(reportHistory(commitment.id, "NO")).toHaveLength(2);
});

test("the matrix gives each state's current status and date per commitment, counts, and the silent states last", async () => {
  const other = await adoptedEdition();
  const clause = other.clauses[0]?.id ?? "";
  const one = addCommitment(other.chair.actor, { editionId: other.edition.id, title: "One", description: "", clauseIds: [clause] });
  const two = addCommitment(other.chair.actor, { editionId: other.edition.id, title: "Two", description: "", clauseIds: [clause] });
  const finland = personWith("delegate", "FI");
  setToday("2026-05-10");
  fileReport(norway.actor, report(one.id, { status: "not-started", reportDate: "2026-04-02" }));
  setClock(() => Date.parse("2026-05-10T12:00:00Z") + DAY);
  fileReport(norway.actor, report(one.id, { status: "implemented", reportDate: "2026-05-11" }));
  fileReport(finland.actor, report(two.id, { status: "in-progress", reportDate: "2026-05-01" }));
  fileReport(finland.actor, report(one.id, { status: "implemented", reportDate: "2026-05-02" }));

  const matrix = reportMatrix(other.edition.id, ["DK", "FI", "NO"]);
  expect(matrix.commitments.map((column) => [column.number, column.title])).toEqual([
    [1, "One"],
    [2, "Two"],
  ]);
  expect(matrix.rows).toEqual([
    { stateCode: "FI", cells: [{ status: "implemented", reportDate: "2026-05-02" }, { status: "in-progress", reportDate: "2026-05-01" }] },
    { stateCode: "NO", cells: [{ status: "implemented", reportDate: "2026-05-11" }, null] },
    { stateCode: "DK", cells: [null, null] },
  ]);
  expect(matrix.counts).toEqual([
    { "not-started": 0, "in-progress": 0, implemented: 2, none: 1 },
    { "not-started": 0, "in-progress": 1, implemented: 0, none: 2 },
  ]);
  // Reports on the first edition's commitments do not leak into this one.
  expect(latestReports(other.edition.id).every((entry) => [one.id, two.id].includes(entry.commitmentId))).toBe(true);
});

test("commitments and reports cannot be changed or deleted, even by a raw statement", () => {
  const { sqlite } = currentDatabase();
  expect(() => sqlite.prepare("UPDATE commitments SET title = 'Rewritten'").run()).toThrow("commitments is append-only");
  expect(() => sqlite.prepare("DELETE FROM commitments").run()).toThrow("commitments is append-only");
  expect(() => sqlite.prepare("UPDATE commitment_reports SET status = 'implemented'").run()).toThrow("commitment_reports is append-only");
  expect(() => sqlite.prepare("DELETE FROM commitment_reports").run()).toThrow("commitment_reports is append-only");
  expect(listCommitments(adopted.edition.id)[0]?.title).toBe("Human rights in export reviews");
});
