import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { NotPermittedError } from "./acting.server";
import { listAuditEvents, SYSTEM_ACTOR } from "./audit.server";
import { recordParticipation } from "./participation.server";
import {
  breakSilence,
  cancelSilenceProcedure,
  closeDueSilenceProcedures,
  getSilenceProcedure,
  listSilenceProcedures,
  nextSilenceDeadline,
  onSilenceScheduleChange,
  openSilenceProcedures,
  SilenceError,
  silenceBrokenBy,
  startSilenceProcedure,
} from "./silence.server";
import { saveVersion } from "./version.server";

const START = Date.parse("2026-12-01T09:00:00Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let chair: TestPerson;
let norway: TestPerson;
let usa: TestPerson;
let canada: TestPerson;
let observer: TestPerson;

beforeAll(() => {
  setClock(() => START);
  chair = personWith("chair");
  norway = personWith("delegate", "NO");
  usa = personWith("delegate", "US");
  canada = personWith("delegate", "CA");
  observer = personWith("observer");
  for (const [code, status] of [["NO", "committed"], ["US", "committed"], ["CA", "supporter"]] as const) {
    recordParticipation(SYSTEM_ACTOR, { stateCode: code, status, effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
  }
});

let clock = START;
beforeEach(() => {
  clock = START;
  setClock(() => clock);
});

function draftWithVersion(): TestDraft {
  const draft = createDraft();
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  return draft;
}

function start(draft: TestDraft, deadline = START + 7 * DAY) {
  return startSilenceProcedure(chair.actor, draft.document, { versionNumber: 1, deadline, note: "Final text" });
}

describe("starting a procedure", () => {
  test("puts a saved version under silence until a deadline, with its audit event", () => {
    const draft = draftWithVersion();
    const procedure = start(draft);
    const view = getSilenceProcedure(draft.document.id, procedure.id);
    expect(view).toMatchObject({ outcome: null, note: "Final text", version: { number: 1, name: "Chair's text" }, breaks: [] });
    expect(view?.deadline.getTime()).toBe(START + 7 * DAY);
    const [event] = listAuditEvents({ action: "silence.started", instrumentId: draft.instrument.id });
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({ versionNumber: 1, deadline: "2026-12-08T09:00:00.000Z" });
    expect(openSilenceProcedures().find((open) => open.id === procedure.id)).toMatchObject({
      instrument: { slug: draft.instrument.slug },
      version: { number: 1 },
    });
  });

  test("refuses a past deadline, one more than 60 days away, an unknown version and a second open procedure", () => {
    const draft = draftWithVersion();
    expect(() => start(draft, START)).toThrow(/must be in the future/);
    expect(() => start(draft, START + 60 * DAY + 60_000)).toThrow(/at most 60 days away/);
    expect(() => startSilenceProcedure(chair.actor, draft.document, { versionNumber: 7, deadline: START + DAY, note: "" })).toThrow(/no version 7/);
    expect(() => startSilenceProcedure(chair.actor, draft.document, { versionNumber: 1, deadline: START + DAY, note: "n".repeat(2_001) })).toThrow(/at most 2,000/);
    expect(listSilenceProcedures(draft.document.id)).toEqual([]);
    start(draft, START + 60 * DAY);
    expect(() => start(draft)).toThrow(/Another silence procedure is open/);
    expect(listSilenceProcedures(draft.document.id)).toHaveLength(1);
  });

  test("only the chair starts one", () => {
    const draft = draftWithVersion();
    for (const person of [norway, observer]) {
      expect(() => startSilenceProcedure(person.actor, draft.document, { versionNumber: 1, deadline: START + DAY, note: "" })).toThrow(NotPermittedError);
    }
    expect(listSilenceProcedures(draft.document.id)).toEqual([]);
  });

  test("an overdue procedure is closed first and does not block a new one", () => {
    const draft = draftWithVersion();
    const first = start(draft, START + HOUR);
    clock = START + 2 * HOUR;
    const second = start(draft, START + DAY);
    expect(getSilenceProcedure(draft.document.id, first.id)?.outcome).toBe("held");
    expect(getSilenceProcedure(draft.document.id, second.id)?.outcome).toBeNull();
  });
});

describe("breaking silence", () => {
  test("a committed state's delegate breaks it once, with a reason, before the deadline", () => {
    const draft = draftWithVersion();
    const procedure = start(draft);
    clock = START + HOUR;
    breakSilence(norway.actor, procedure.id, "  Clause 1.1 must say 'should'. ");
    expect(silenceBrokenBy(procedure.id)).toEqual([
      expect.objectContaining({ stateCode: "NO", stateName: "Norway", userId: norway.userId, reason: "Clause 1.1 must say 'should'.", at: new Date(START + HOUR) }),
    ]);
    expect(() => breakSilence(norway.actor, procedure.id, "Again")).toThrow(/Norway already broke silence on this procedure/);
    expect(silenceBrokenBy(procedure.id)).toHaveLength(1);
    const [event] = listAuditEvents({ action: "silence.broken", instrumentId: draft.instrument.id });
    expect(event).toMatchObject({ actorUserId: norway.userId, actorStateCode: "NO" });
  });

  test("a state that is not committed, a missing or long reason, another state and the deadline are refused", () => {
    const draft = draftWithVersion();
    const procedure = start(draft);
    expect(() => breakSilence(canada.actor, procedure.id, "No")).toThrow(/Canada cannot break silence: only committed states can, and its current status is supporter/);
    expect(() => breakSilence(norway.actor, procedure.id, "  ")).toThrow(SilenceError);
    expect(() => breakSilence(norway.actor, procedure.id, "r".repeat(2_001))).toThrow(/at most 2,000/);
    expect(() => breakSilence({ ...norway.actor, stateCode: "US" }, procedure.id, "For the US")).toThrow(NotPermittedError);
    expect(() => breakSilence(observer.actor, procedure.id, "Observer")).toThrow(NotPermittedError);
    expect(() => breakSilence(chair.actor, procedure.id, "Chair")).toThrow(NotPermittedError);
    clock = START + 7 * DAY;
    expect(() => breakSilence(norway.actor, procedure.id, "Too late")).toThrow(/The deadline passed at 2026-12-08 09:00 UTC/);
    expect(silenceBrokenBy(procedure.id)).toEqual([]);
    expect(listAuditEvents({ action: "silence.broken", instrumentId: draft.instrument.id })).toEqual([]);
  });

  test("a state whose status changed from committed can no longer break it", () => {
    const draft = draftWithVersion();
    const procedure = start(draft);
    const denmark = personWith("delegate", "DK");
    recordParticipation(SYSTEM_ACTOR, { stateCode: "DK", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
    recordParticipation(SYSTEM_ACTOR, { stateCode: "DK", status: "withdrawn", effectiveDate: "2026-11-30", sourceNote: "Note verbale" });
    expect(() => breakSilence(denmark.actor, procedure.id, "No")).toThrow(/current status is withdrawn/);
    expect(silenceBrokenBy(procedure.id)).toEqual([]);
  });
});

describe("closing at the deadline", () => {
  test("held when nobody broke silence, exactly once", () => {
    const draft = draftWithVersion();
    const procedure = start(draft, START + DAY + 5 * HOUR);
    const mine = (closed: ReturnType<typeof closeDueSilenceProcedures>) => closed.filter((entry) => entry.id === procedure.id);
    expect(mine(closeDueSilenceProcedures(START + DAY + 5 * HOUR - 1))).toEqual([]);
    expect(getSilenceProcedure(draft.document.id, procedure.id)?.outcome).toBeNull();
    expect(mine(closeDueSilenceProcedures(START + DAY + 5 * HOUR))).toEqual([{ id: procedure.id, outcome: "held", breakingStates: [] }]);
    expect(closeDueSilenceProcedures(START + DAY + 5 * HOUR + 1)).toEqual([]);
    const closed = getSilenceProcedure(draft.document.id, procedure.id);
    expect(closed?.outcome).toBe("held");
    expect(closed?.closedAt?.getTime()).toBe(START + DAY + 5 * HOUR);
    const events = listAuditEvents({ action: "silence.closed", instrumentId: draft.instrument.id });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]?.details ?? "{}")).toMatchObject({ outcome: "held", breakingStates: [] });
    expect(openSilenceProcedures().some((open) => open.id === procedure.id)).toBe(false);
  });

  test("broken when states broke silence, naming them; no break after the close", () => {
    const draft = draftWithVersion();
    const procedure = start(draft, START + DAY);
    breakSilence(usa.actor, procedure.id, "Clause 2.1");
    breakSilence(norway.actor, procedure.id, "Clause 1.1");
    clock = START + DAY;
    expect(() => breakSilence(norway.actor, procedure.id, "late")).toThrow(/deadline passed/);
    const closed = closeDueSilenceProcedures().find((entry) => entry.id === procedure.id);
    expect(closed).toEqual({ id: procedure.id, outcome: "broken", breakingStates: ["US", "NO"] });
    const [event] = listAuditEvents({ action: "silence.closed", instrumentId: draft.instrument.id });
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({ outcome: "broken", breakingStates: ["US", "NO"] });
  });

  test("the schedule's listeners hear of starts, cancels and closes; the next deadline follows", () => {
    const draft = draftWithVersion();
    let heard = 0;
    const stop = onSilenceScheduleChange(() => (heard += 1));
    const procedure = start(draft, START + 2 * DAY);
    expect(heard).toBe(1);
    expect(nextSilenceDeadline()).toBeLessThanOrEqual(START + 2 * DAY);
    cancelSilenceProcedure(chair.actor, procedure.id, "Text revised");
    expect(heard).toBe(2);
    stop();
    start(draft, START + 3 * DAY);
    expect(heard).toBe(2);
  });
});

describe("cancelling", () => {
  test("the chair cancels an open procedure before its deadline, with the reason in the audit event", () => {
    const draft = draftWithVersion();
    const procedure = start(draft);
    clock = START + HOUR;
    cancelSilenceProcedure(chair.actor, procedure.id, "A new chair's text follows");
    const view = getSilenceProcedure(draft.document.id, procedure.id);
    expect(view?.outcome).toBe("cancelled");
    expect(view?.closedAt?.getTime()).toBe(START + HOUR);
    const [event] = listAuditEvents({ action: "silence.cancelled", instrumentId: draft.instrument.id });
    expect(JSON.parse(event?.details ?? "{}")).toMatchObject({ outcome: "cancelled", reason: "A new chair's text follows" });
    expect(() => cancelSilenceProcedure(chair.actor, procedure.id, "Again")).toThrow(/closed \(cancelled\)/);
    expect(() => breakSilence(norway.actor, procedure.id, "After")).toThrow(/closed/);
    expect(closeDueSilenceProcedures(START + 30 * DAY).some((closed) => closed.id === procedure.id)).toBe(false);
  });

  test("a delegate cannot cancel, nor can anyone after the deadline or without a reason", () => {
    const draft = draftWithVersion();
    const procedure = start(draft, START + DAY);
    expect(() => cancelSilenceProcedure(norway.actor, procedure.id, "No")).toThrow(NotPermittedError);
    expect(() => cancelSilenceProcedure(chair.actor, procedure.id, " ")).toThrow(/Enter the reason for cancelling/);
    clock = START + DAY;
    expect(() => cancelSilenceProcedure(chair.actor, procedure.id, "Late")).toThrow(/deadline passed/);
    expect(getSilenceProcedure(draft.document.id, procedure.id)?.outcome).toBeNull();
  });
});
