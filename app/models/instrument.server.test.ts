import { expect, test } from "vitest";
import { buildInstrument, buildUser } from "../../db/factories";
import { setClock } from "../lib/clock.server";
import { listAuditEvents } from "./audit.server";
import { createInstrument, getInstrumentBySlug, InstrumentError, listInstruments } from "./instrument.server";
import { createUser } from "./user.server";

function chairActor() {
  const user = createUser({ userId: null }, buildUser());
  return { userId: user.id, ipAddress: "192.0.2.7" };
}

test("creating an instrument records it and its audit event, attributed to the actor", () => {
  const actor = chairActor();
  setClock(() => Date.parse("2022-01-20T09:00:00Z"));
  const input = buildInstrument({ title: "  Code on intrusion software  " });

  const instrument = createInstrument(actor, input);

  expect(instrument).toMatchObject({ slug: input.slug, title: "Code on intrusion software", createdBy: actor.userId });
  expect(instrument.createdAt.toISOString()).toBe("2022-01-20T09:00:00.000Z");
  expect(getInstrumentBySlug(input.slug)).toEqual(instrument);
  const [event] = listAuditEvents({ subject: `instrument:${instrument.id}` });
  expect(event).toMatchObject({ action: "instrument.created", actorUserId: actor.userId, ipAddress: "192.0.2.7" });
  expect(JSON.parse(event?.details ?? "{}")).toEqual({ slug: input.slug, title: "Code on intrusion software" });
});

test("instruments are listed oldest first", () => {
  const actor = chairActor();
  setClock(() => Date.parse("2023-01-01T00:00:00Z"));
  const later = createInstrument(actor, buildInstrument());
  setClock(() => Date.parse("2021-12-10T00:00:00Z"));
  const earlier = createInstrument(actor, buildInstrument());
  const slugs = listInstruments().map((instrument) => instrument.slug);
  expect(slugs.indexOf(earlier.slug)).toBeLessThan(slugs.indexOf(later.slug));
});

test("a taken slug or bad input is refused with a message for its field, and nothing is written", () => {
  const actor = chairActor();
  const taken = createInstrument(actor, buildInstrument());
  const before = listAuditEvents({ action: "instrument." }).length;
  const attempts: [Parameters<typeof buildInstrument>[0], string][] = [
    [{ slug: taken.slug }, "slug"],
    [{ slug: "Code Of Conduct" }, "slug"],
    [{ slug: "-code" }, "slug"],
    [{ title: "   " }, "title"],
    [{ summary: "" }, "summary"],
    [{ title: "t".repeat(201) }, "title"],
  ];
  for (const [overrides, field] of attempts) {
    let thrown: unknown;
    try {
      createInstrument(actor, buildInstrument(overrides));
    } catch (error) {
      thrown = error;
    }
    expect(thrown, JSON.stringify(overrides)).toBeInstanceOf(InstrumentError);
    expect((thrown as InstrumentError).field).toBe(field);
  }
  expect(listAuditEvents({ action: "instrument." })).toHaveLength(before);
  expect(getInstrumentBySlug("code-of-conduct")).toBeUndefined();
});
