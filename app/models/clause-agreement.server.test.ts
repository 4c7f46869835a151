import type { Node } from "prosemirror-model";
import { Transform } from "prosemirror-transform";
import { beforeAll, describe, expect, test } from "vitest";
import { schema, updateYDoc } from "../../editor";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents, SYSTEM_ACTOR } from "./audit.server";
import {
  ClauseAgreementError,
  clauseHistory,
  clauseStatuses,
  consensusMatrix,
  draftClauses,
  participatingStates,
  positionsOf,
  recordClauseDecision,
  recordClausePosition,
} from "./clause-agreement.server";
import { editDocument, readStoredDocument } from "./document.server";
import { recordParticipation } from "./participation.server";

// In the demo draft clause 1.1 (demo-review) holds a square bracket; 2.1 (demo-consult) holds none.
const BRACKETED = "demo-review";
const PLAIN = "demo-consult";

let chair: TestPerson;
let norway: TestPerson;
let canada: TestPerson;
let france: TestPerson;
let observer: TestPerson;
let signer: TestPerson;

type Status = "committed" | "supporter" | "observer" | "invited" | "withdrawn";

function setStatus(stateCode: string, status: Status, effectiveDate = "2022-01-01"): void {
  recordParticipation(SYSTEM_ACTOR, { stateCode, status, effectiveDate, sourceNote: "Test record" });
}

beforeAll(() => {
  chair = personWith("chair");
  norway = personWith("delegate", "NO");
  canada = personWith("delegate", "CA");
  france = personWith("delegate", "FR");
  signer = personWith("signer", "NO");
  observer = personWith("observer");
  personWith("delegate", "US");
  setStatus("NO", "committed");
  setStatus("US", "committed");
  setStatus("CA", "supporter");
  setStatus("FR", "observer");
});

/** Rewrites the stored draft with every square bracket removed, as one stored edit. */
async function removeBrackets(draft: TestDraft): Promise<void> {
  const doc = readStoredDocument(draft.document.name) as Node;
  const cleared = new Transform(doc).removeMark(0, doc.content.size, schema.marks.bracket).doc;
  await editDocument(draft.document.name, chair.userId, (ydoc) => updateYDoc(ydoc, cleared));
}

function decisionsOf(draft: TestDraft, clauseId: string) {
  return clauseHistory(draft.document.id, clauseId).decisions;
}

describe("a clause's status", () => {
  test("is bracketed while its own text has a square bracket, open when nothing was decided", () => {
    const draft = createDraft();
    const statuses = clauseStatuses(draft.document);
    expect(statuses.get(BRACKETED)).toBe("bracketed");
    expect(statuses.get(PLAIN)).toBe("open");
    // A sub-clause of the bracketed clause has a status of its own.
    expect(statuses.get("demo-review-record")).toBe("open");
    const doc = readStoredDocument(draft.document.name) as Node;
    expect(draftClauses(doc).map((clause) => clause.number).slice(0, 3)).toEqual(["1.1", "1.1(a)", "1.1(b)"]);
  });

  test("is the chair's latest decision, and agreement follows the removal of the last bracket", async () => {
    const draft = createDraft();
    recordClauseDecision(chair.actor, draft.document, { clauseId: PLAIN, decision: "agreed-ad-referendum", note: "" });
    expect(clauseStatuses(draft.document).get(PLAIN)).toBe("agreed-ad-referendum");
    recordClauseDecision(chair.actor, draft.document, { clauseId: PLAIN, decision: "agreed", note: " Confirmed by capitals " });
    expect(clauseStatuses(draft.document).get(PLAIN)).toBe("agreed");
    expect(decisionsOf(draft, PLAIN).map((row) => [row.decision, row.note])).toEqual([
      ["agreed-ad-referendum", ""],
      ["agreed", "Confirmed by capitals"],
    ]);

    await removeBrackets(draft);
    expect(clauseStatuses(draft.document).get(BRACKETED)).toBe("open");
    recordClauseDecision(chair.actor, draft.document, { clauseId: BRACKETED, decision: "agreed", note: "" });
    expect(clauseStatuses(draft.document).get(BRACKETED)).toBe("agreed");
  });

  test("agreement is refused while brackets remain, naming the clause; open is allowed", () => {
    const draft = createDraft();
    for (const decision of ["agreed", "agreed-ad-referendum"] as const) {
      expect(() => recordClauseDecision(chair.actor, draft.document, { clauseId: BRACKETED, decision, note: "" })).toThrow(
        /^Remove the square brackets first: clause 1\.1 /,
      );
    }
    expect(decisionsOf(draft, BRACKETED)).toEqual([]);
    expect(listAuditEvents({ action: "clause.decided", instrumentId: draft.instrument.id })).toEqual([]);
    recordClauseDecision(chair.actor, draft.document, { clauseId: BRACKETED, decision: "open", note: "Back to the drafting group" });
    expect(clauseStatuses(draft.document).get(BRACKETED)).toBe("bracketed");
  });

  test("a decision on a clause not in the draft, or with a note too long, is refused and changes nothing", () => {
    const draft = createDraft();
    const unknown = () => recordClauseDecision(chair.actor, draft.document, { clauseId: "nosuchclause", decision: "open", note: "" });
    expect(unknown).toThrow(ClauseAgreementError);
    expect(unknown).toThrow(/not in the current draft/);
    expect(() => recordClauseDecision(chair.actor, draft.document, { clauseId: PLAIN, decision: "agreed", note: "n".repeat(2_001) })).toThrow(
      /at most 2,000/,
    );
    expect(decisionsOf(draft, "nosuchclause")).toEqual([]);
    expect(decisionsOf(draft, PLAIN)).toEqual([]);
  });

  test("only the chair decides: a delegate, a signer and an observer are refused", () => {
    const draft = createDraft();
    for (const person of [norway, signer, observer]) {
      expect(() => recordClauseDecision(person.actor, draft.document, { clauseId: PLAIN, decision: "agreed", note: "" })).toThrow(NotPermittedError);
    }
    expect(decisionsOf(draft, PLAIN)).toEqual([]);
    expect(clauseStatuses(draft.document).get(PLAIN)).toBe("open");
  });

  test("a decision writes its audit event with the instrument, the clause id and number", () => {
    const draft = createDraft();
    recordClauseDecision({ ...chair.actor, ipAddress: "192.0.2.1" }, draft.document, { clauseId: PLAIN, decision: "agreed", note: "Fine" });
    const [event] = listAuditEvents({ action: "clause.decided", instrumentId: draft.instrument.id });
    expect(event).toMatchObject({ actorUserId: chair.userId, subjectType: "clause", subjectId: PLAIN, ipAddress: "192.0.2.1" });
    expect(JSON.parse(event?.details ?? "{}")).toEqual({ clauseId: PLAIN, clauseNumber: "2.1", decision: "agreed", note: "Fine", stateCode: null });
  });
});

describe("a state's position on a clause", () => {
  test("is recorded by its delegate; the latest is current and the history is kept", () => {
    const draft = createDraft();
    recordClausePosition(norway.actor, draft.document, { clauseId: BRACKETED, position: "objects", note: "" });
    recordClausePosition(norway.actor, draft.document, { clauseId: BRACKETED, position: "reserves", note: "Subject to the word 'should'" });
    recordClausePosition(norway.actor, draft.document, { clauseId: PLAIN, position: "supports", note: "" });
    expect(positionsOf(draft.document.id, "NO").map((row) => [row.clauseId, row.position, row.note])).toEqual([
      [BRACKETED, "reserves", "Subject to the word 'should'"],
      [PLAIN, "supports", ""],
    ]);
    expect(clauseHistory(draft.document.id, BRACKETED).positions.map((row) => row.position)).toEqual(["objects", "reserves"]);
    expect(positionsOf(draft.document.id, "US")).toEqual([]);

    const events = listAuditEvents({ action: "clause.position-recorded", instrumentId: draft.instrument.id });
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ actorUserId: norway.userId, actorStateCode: "NO", subjectId: PLAIN });
    expect(JSON.parse(events[0]?.details ?? "{}")).toEqual({ clauseId: PLAIN, clauseNumber: "2.1", stateCode: "NO", position: "supports", note: "" });
  });

  test("a supporter records positions too", () => {
    const draft = createDraft();
    recordClausePosition(canada.actor, draft.document, { clauseId: PLAIN, position: "supports", note: "" });
    expect(positionsOf(draft.document.id, "CA")).toHaveLength(1);
  });

  test("an observer, a signer, and a delegate acting for another state are refused", () => {
    const draft = createDraft();
    const input = { clauseId: PLAIN, position: "supports", note: "" } as const;
    expect(() => recordClausePosition(observer.actor, draft.document, input)).toThrow(NotPermittedError);
    expect(() => recordClausePosition({ ...observer.actor, stateCode: "NO" }, draft.document, input)).toThrow(NotPermittedError);
    expect(() => recordClausePosition(signer.actor, draft.document, input)).toThrow(NotPermittedError);
    expect(() => recordClausePosition({ ...norway.actor, stateCode: "US" }, draft.document, input)).toThrow(NotPermittedError);
    expect(() => recordClausePosition({ ...norway.actor, stateCode: null }, draft.document, input)).toThrow(NotPermittedError);
    expect(() => recordClausePosition(chair.actor, draft.document, input)).toThrow(NotPermittedError);
    expect(positionsOf(draft.document.id, "NO")).toEqual([]);
    expect(positionsOf(draft.document.id, "US")).toEqual([]);
  });

  test("a state that is not committed or a supporter, an unknown clause or a long note is refused", () => {
    const draft = createDraft();
    expect(() => recordClausePosition(france.actor, draft.document, { clauseId: PLAIN, position: "objects", note: "" })).toThrow(
      /France cannot record positions: its current status is observer/,
    );
    expect(() => recordClausePosition(norway.actor, draft.document, { clauseId: "gone", position: "objects", note: "" })).toThrow(
      /not in the current draft/,
    );
    expect(() => recordClausePosition(norway.actor, draft.document, { clauseId: PLAIN, position: "objects", note: "x".repeat(2_001) })).toThrow(
      /at most 2,000/,
    );
    expect(positionsOf(draft.document.id, "FR")).toEqual([]);
    expect(positionsOf(draft.document.id, "NO")).toEqual([]);
    expect(listAuditEvents({ action: "clause.position-recorded", instrumentId: draft.instrument.id })).toEqual([]);
  });
});

describe("the consensus matrix", () => {
  test("has the participating states in code order as columns", () => {
    expect(participatingStates().map((state) => [state.code, state.status])).toEqual([
      ["CA", "supporter"],
      ["NO", "committed"],
      ["US", "committed"],
    ]);
  });

  test("has every clause in order with status, excerpt and each state's current position", () => {
    const draft = createDraft();
    recordClausePosition(norway.actor, draft.document, { clauseId: PLAIN, position: "objects", note: "" });
    recordClausePosition(norway.actor, draft.document, { clauseId: PLAIN, position: "reserves", note: "Scope" });
    recordClauseDecision(chair.actor, draft.document, { clauseId: PLAIN, decision: "agreed-ad-referendum", note: "Pending Oslo" });
    const matrix = consensusMatrix(draft.document);
    expect(matrix.states.map((state) => state.code)).toEqual(["CA", "NO", "US"]);
    const numbers = matrix.rows.map((row) => row.number);
    expect(numbers[0]).toBe("1.1");
    expect(numbers).toContain("2.1");
    const consult = matrix.rows.find((row) => row.id === PLAIN);
    expect(consult).toMatchObject({
      number: "2.1",
      status: "agreed-ad-referendum",
      decisionNote: "Pending Oslo",
      positions: { NO: { position: "reserves", note: "Scope" } },
    });
    expect(consult?.excerpt).toMatch(/^Participating states intend to consult/);
    expect(matrix.rows[0]).toMatchObject({ id: BRACKETED, status: "bracketed", positions: {} });
  });

  test("counts the agreed share by clauses and by characters of clause text", () => {
    const draft = createDraft();
    const before = consensusMatrix(draft.document).share;
    expect(before.agreedClauses).toBe(0);
    expect(before.agreedChars).toBe(0);
    const rows = consensusMatrix(draft.document).rows;
    expect(before.totalClauses).toBe(rows.length);
    expect(before.totalChars).toBe(rows.reduce((sum, row) => sum + row.chars, 0));

    recordClauseDecision(chair.actor, draft.document, { clauseId: PLAIN, decision: "agreed", note: "" });
    recordClauseDecision(chair.actor, draft.document, { clauseId: "demo-capacity", decision: "agreed-ad-referendum", note: "" });
    const share = consensusMatrix(draft.document).share;
    const consult = rows.find((row) => row.id === PLAIN);
    expect(share).toEqual({ ...before, agreedClauses: 1, agreedChars: consult?.chars });
    expect(consult?.chars).toBeGreaterThan(50);
  });
});
