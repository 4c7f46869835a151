import { describe, expect, test } from "vitest";
import { setClock } from "../lib/clock.server";
import { listAuditEvents, SYSTEM_ACTOR } from "./audit.server";
import { countryName, isCountryCode } from "./countries.server";
import { currentParticipation, listParticipationHistory } from "./participation.server";
import {
  addState,
  availableCountries,
  getState,
  listStates,
  listStatesWithStatus,
  StateError,
} from "./state.server";
import { createUser } from "./user.server";

const chair = createUser(SYSTEM_ACTOR, { email: "chair@example.org", name: "Chair of the initiative" });
const actor = { userId: chair.id, ipAddress: "127.0.0.1" };

function auditCount(action: string): number {
  return listAuditEvents({ action, limit: 500 }).length;
}

function expectStateError(fn: () => unknown, field: StateError["field"], message: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(StateError);
  expect((caught as StateError).field).toBe(field);
  expect((caught as StateError).message).toMatch(message);
}

describe("country names", () => {
  test("come from the ISO tables, in English or French, with XK for Kosovo", () => {
    expect(countryName("NO")).toBe("Norway");
    expect(countryName("DE", "fr")).toBe("Allemagne");
    expect(countryName("XK")).toBe("Kosovo");
    expect(isCountryCode("XK")).toBe(true);
    expect(countryName("ZZ")).toBeNull();
    expect(countryName("no")).toBeNull();
  });
});

describe("addState", () => {
  test("takes the name from the country tables and upper-cases the code", () => {
    setClock(() => Date.parse("2022-01-05T09:00:00Z"));
    const state = addState(actor, { code: " no " });
    expect(state).toMatchObject({ code: "NO", name: "Norway" });
    expect(state.createdAt.toISOString()).toBe("2022-01-05T09:00:00.000Z");
    expect(getState("NO")?.name).toBe("Norway");
    const [event] = listAuditEvents({ action: "state.added", stateCode: "NO" });
    expect(event).toMatchObject({ actorUserId: chair.id, subjectType: "state", subjectId: "NO", ipAddress: "127.0.0.1" });
    expect(JSON.parse(event!.details)).toEqual({ stateCode: "NO", name: "Norway" });
  });

  test("adds Kosovo under XK", () => {
    expect(addState(actor, { code: "XK" }).name).toBe("Kosovo");
  });

  test("refuses a code that is no country's, and writes nothing", () => {
    const before = { states: listStates().length, events: auditCount("state.") };
    expectStateError(() => addState(actor, { code: "ZZ" }), "code", /not a country code/);
    expectStateError(() => addState(actor, { code: "NOR" }), "code", /not a country code/);
    expectStateError(() => addState(actor, { code: "" }), "code", /not a country code/);
    expect(listStates().length).toBe(before.states);
    expect(auditCount("state.")).toBe(before.events);
  });

  test("refuses a state that is already there, and writes nothing", () => {
    const before = { states: listStates().length, events: auditCount("state.") };
    expectStateError(() => addState(actor, { code: "no" }), "code", /Norway is already a participating state/);
    expect(listStates().length).toBe(before.states);
    expect(auditCount("state.")).toBe(before.events);
  });

  test("records the first status in the same transaction", () => {
    setClock(() => Date.parse("2023-04-01T12:00:00Z"));
    const state = addState(actor, {
      code: "DK",
      initial: { status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement of 10 December 2021" },
    });
    const history = listParticipationHistory(state.code);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ status: "committed", effectiveDate: "2021-12-10", recordedBy: chair.id });
    expect(listAuditEvents({ stateCode: "DK" }).map((event) => event.action)).toEqual(["participation.recorded", "state.added"]);
  });

  test("a bad first status leaves no state behind", () => {
    setClock(() => Date.parse("2023-04-01T12:00:00Z"));
    const before = auditCount("");
    expectStateError(
      () => addState(actor, { code: "CA", initial: { status: "supporter", effectiveDate: "2023-04-02", sourceNote: "Press release" } }),
      "effectiveDate",
      /later than today/,
    );
    expectStateError(
      () => addState(actor, { code: "CA", initial: { status: "supporter", effectiveDate: "2021-12-10", sourceNote: "  " } }),
      "sourceNote",
      /Enter the source/,
    );
    expect(getState("CA")).toBeUndefined();
    expect(currentParticipation("CA")).toBeUndefined();
    expect(auditCount("")).toBe(before);
  });
});

describe("lists", () => {
  test("states come sorted by name, with their current status and since when", () => {
    expect(listStates().map((state) => state.code)).toEqual(["DK", "XK", "NO"]);
    expect(listStatesWithStatus()).toEqual([
      { code: "DK", name: "Denmark", status: "committed", since: "2021-12-10" },
      { code: "XK", name: "Kosovo", status: null, since: null },
      { code: "NO", name: "Norway", status: null, since: null },
    ]);
  });

  test("available countries leave out the states already added", () => {
    const codes = availableCountries().map((country) => country.code);
    expect(codes).not.toContain("NO");
    expect(codes).not.toContain("XK");
    expect(codes).toContain("CA");
    const names = availableCountries().map((country) => country.name);
    expect(names.indexOf("Côte d'Ivoire")).toBeLessThan(names.indexOf("Croatia"));
  });
});
