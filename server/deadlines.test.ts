import { afterEach, beforeAll, expect, test, vi } from "vitest";
import { setClock } from "../app/lib/clock.server";
import { SYSTEM_ACTOR } from "../app/models/audit.server";
import { recordParticipation } from "../app/models/participation.server";
import { breakSilence, cancelSilenceProcedure, getSilenceProcedure, startSilenceProcedure } from "../app/models/silence.server";
import { saveVersion } from "../app/models/version.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../app/testing/drafts";
import { startDeadlineTimer, type DeadlineTimer } from "./deadlines";

const START = Date.parse("2026-12-01T09:00:00Z");
const HOUR = 3_600_000;

let chair: TestPerson;
let norway: TestPerson;
let timer: DeadlineTimer | null = null;

beforeAll(() => {
  chair = personWith("chair");
  norway = personWith("delegate", "NO");
  recordParticipation(SYSTEM_ACTOR, { stateCode: "NO", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
});

afterEach(() => {
  timer?.stop();
  timer = null;
});

function draftWithVersion(): TestDraft {
  const draft = createDraft();
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  return draft;
}

function start(draft: TestDraft, deadline: number) {
  return startSilenceProcedure(chair.actor, draft.document, { versionNumber: 1, deadline, note: "" });
}

test("at start it closes what fell due while the server was down", () => {
  setClock(() => START);
  const draft = draftWithVersion();
  const procedure = start(draft, START + HOUR);
  breakSilence(norway.actor, procedure.id, "Clause 1.1");
  setClock(() => START + 2 * HOUR);
  timer = startDeadlineTimer();
  expect(getSilenceProcedure(draft.document.id, procedure.id)?.outcome).toBe("broken");
  expect(timer.armedFor()).toBeNull();
});

test("the timer is armed for the next deadline and re-armed after a start, a cancel and a close", () => {
  let clock = START;
  setClock(() => clock);
  timer = startDeadlineTimer();
  expect(timer.armedFor()).toBeNull();
  const first = draftWithVersion();
  const second = draftWithVersion();
  const later = start(first, START + 5 * HOUR);
  expect(timer.armedFor()).toBe(START + 5 * HOUR);
  const sooner = start(second, START + 2 * HOUR);
  expect(timer.armedFor()).toBe(START + 2 * HOUR);
  cancelSilenceProcedure(chair.actor, sooner.id, "Revised text");
  expect(timer.armedFor()).toBe(START + 5 * HOUR);

  clock = START + 5 * HOUR;
  timer.run();
  expect(getSilenceProcedure(first.document.id, later.id)?.outcome).toBe("held");
  expect(timer.armedFor()).toBeNull();
  // Running again changes nothing: the outcome is recorded once.
  timer.run();
  expect(getSilenceProcedure(first.document.id, later.id)?.outcome).toBe("held");
});

test("the armed timer fires at the deadline by itself", async () => {
  const draft = draftWithVersion();
  timer = startDeadlineTimer();
  const procedure = start(draft, Date.now() + 150);
  expect(timer.armedFor()).toBe(procedure.deadline.getTime());
  await vi.waitFor(() => expect(getSilenceProcedure(draft.document.id, procedure.id)?.outcome).toBe("held"), { timeout: 5_000, interval: 20 });
});

test("the sweep closes a procedure even when no timer was armed for it", async () => {
  const draft = draftWithVersion();
  let clock = START;
  setClock(() => clock);
  const procedure = start(draft, START + HOUR);
  timer = startDeadlineTimer({ sweepIntervalMs: 20 });
  // Time jumps past the deadline (a clock change): the armed timer is hours away, the sweep catches it.
  clock = START + 2 * HOUR;
  await vi.waitFor(() => expect(getSilenceProcedure(draft.document.id, procedure.id)?.outcome).toBe("held"), { timeout: 5_000, interval: 20 });
});

test("after stop nothing is armed and changes are no longer heard", () => {
  setClock(() => START);
  timer = startDeadlineTimer();
  timer.stop();
  start(draftWithVersion(), START + HOUR);
  expect(timer.armedFor()).toBeNull();
});
