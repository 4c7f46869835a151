import { beforeAll, describe, expect, test } from "vitest";
import { currentDatabase } from "../../db/client";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "./audit.server";
import {
  currentParticipation,
  currentStanding,
  listParticipationHistory,
  ParticipationError,
  recordParticipation,
  standingOf,
  type ParticipationInput,
} from "./participation.server";
import { addState } from "./state.server";
import { createUser } from "./user.server";

const chair = createUser(SYSTEM_ACTOR, { email: "chair@example.org", name: "Chair of the initiative" });
const actor = { userId: chair.id, ipAddress: "127.0.0.1" };
const TODAY = "2023-03-30";

beforeAll(() => {
  for (const code of ["US", "CA", "FR", "NL"]) addState(actor, { code });
});

function record(input: Partial<ParticipationInput> & Pick<ParticipationInput, "stateCode" | "status" | "effectiveDate">) {
  setClock(() => Date.parse(`${TODAY}T15:00:00Z`));
  return recordParticipation(actor, { sourceNote: "Meeting record", ...input });
}

function refusal(input: ParticipationInput): ParticipationError {
  setClock(() => Date.parse(`${TODAY}T15:00:00Z`));
  try {
    recordParticipation(actor, input);
  } catch (error) {
    if (error instanceof ParticipationError) return error;
    throw error;
  }
  throw new Error("recordParticipation accepted what it should refuse");
}

function recordCount(): number {
  const row = currentDatabase().sqlite.prepare("SELECT count(*) AS n FROM participation_records").get() as { n: number };
  return row.n;
}

describe("recordParticipation", () => {
  test("keeps every record and derives the current status from the latest effective date", () => {
    record({ stateCode: "US", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
    record({ stateCode: "US", status: "withdrawn", effectiveDate: "2023-01-15" });
    expect(currentParticipation("US")).toMatchObject({ status: "withdrawn", effectiveDate: "2023-01-15" });
    // A back-dated record enters the history without becoming the current status.
    record({ stateCode: "US", status: "observer", effectiveDate: "2022-06-01" });
    expect(currentParticipation("US")?.status).toBe("withdrawn");
    expect(listParticipationHistory("US").map((entry) => [entry.effectiveDate, entry.status])).toEqual([
      ["2023-01-15", "withdrawn"],
      ["2022-06-01", "observer"],
      ["2021-12-10", "committed"],
    ]);
  });

  test("breaks a tie of effective dates with the latest record (a correction)", () => {
    record({ stateCode: "CA", status: "committed", effectiveDate: "2021-12-10" });
    const correction = record({ stateCode: "CA", status: "supporter", effectiveDate: "2021-12-10", sourceNote: "Correction: supported, did not join" });
    expect(currentParticipation("CA")?.id).toBe(correction.id);
    expect(currentStanding("CA")).toMatchObject({ status: "supporter", since: "2021-12-10" });
    expect(listParticipationHistory("CA").map((entry) => entry.status)).toEqual(["supporter", "committed"]);
  });

  test("names who recorded each entry and when, and writes an audit event", () => {
    const created = record({ stateCode: "FR", status: "supporter", effectiveDate: "2021-12-10", sourceNote: "  Press release  " });
    const [entry] = listParticipationHistory("FR");
    expect(entry).toMatchObject({
      id: created.id,
      sourceNote: "Press release",
      recordedBy: chair.id,
      recordedByName: "Chair of the initiative",
      recordedByEmail: "chair@example.org",
    });
    expect(entry?.recordedAt.toISOString()).toBe(`${TODAY}T15:00:00.000Z`);
    const [event] = listAuditEvents({ action: "participation.recorded", stateCode: "FR" });
    expect(JSON.parse(event!.details)).toEqual({ stateCode: "FR", status: "supporter", effectiveDate: "2021-12-10", recordId: created.id });
  });

  test("accepts today and refuses a date after today", () => {
    expect(record({ stateCode: "NL", status: "supporter", effectiveDate: TODAY }).effectiveDate).toBe(TODAY);
    const before = recordCount();
    const error = refusal({ stateCode: "NL", status: "committed", effectiveDate: "2023-03-31", sourceNote: "Announced for tomorrow" });
    expect(error.field).toBe("effectiveDate");
    expect(recordCount()).toBe(before);
  });

  test("refuses dates that are not real, empty or overlong notes, unknown statuses and states", () => {
    const before = { records: recordCount(), events: listAuditEvents({ action: "participation.", limit: 500 }).length };
    expect(refusal({ stateCode: "NL", status: "committed", effectiveDate: "2023-02-30", sourceNote: "x" }).field).toBe("effectiveDate");
    expect(refusal({ stateCode: "NL", status: "committed", effectiveDate: "30/03/2023", sourceNote: "x" }).field).toBe("effectiveDate");
    expect(refusal({ stateCode: "NL", status: "committed", effectiveDate: "2022-01-01", sourceNote: "   " }).field).toBe("sourceNote");
    expect(refusal({ stateCode: "NL", status: "committed", effectiveDate: "2022-01-01", sourceNote: "x".repeat(1001) }).field).toBe(
      "sourceNote",
    );
    expect(
      refusal({ stateCode: "NL", status: "friendly" as ParticipationInput["status"], effectiveDate: "2022-01-01", sourceNote: "x" }).field,
    ).toBe("status");
    expect(refusal({ stateCode: "ZZ", status: "committed", effectiveDate: "2022-01-01", sourceNote: "x" }).field).toBe("stateCode");
    expect(recordCount()).toBe(before.records);
    expect(listAuditEvents({ action: "participation.", limit: 500 })).toHaveLength(before.events);
  });

  test("accepts a note of exactly 1,000 characters", () => {
    expect(record({ stateCode: "NL", status: "committed", effectiveDate: "2022-01-01", sourceNote: "x".repeat(1000) }).sourceNote).toHaveLength(1000);
  });
});

describe("standingOf", () => {
  test("dates the current status from the start of its unbroken run", () => {
    const rows = [
      { id: 4, status: "committed" as const, effectiveDate: "2023-03-30" },
      { id: 3, status: "committed" as const, effectiveDate: "2022-01-01" },
      { id: 2, status: "supporter" as const, effectiveDate: "2021-12-10" },
      { id: 1, status: "committed" as const, effectiveDate: "2021-01-01" },
    ];
    expect(standingOf(rows)).toEqual({ status: "committed", since: "2022-01-01", record: rows[0] });
    expect(standingOf([])).toBeNull();
  });
});
