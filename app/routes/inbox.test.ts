// The inbox gathers, per delegation, what it has to answer or holds, and for the chair what awaits a
// decision; each item links to where it is dealt with.
import { beforeAll, expect, test } from "vitest";
import type * as Y from "yjs";
import { clauseBodyText, documentFragment, newStableId, numberDocument } from "../../editor";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { proposeAmendment } from "../models/amendment.server";
import { editDocument, readStoredDocument } from "../models/document.server";
import { recordParticipation } from "../models/participation.server";
import { startSilenceProcedure } from "../models/silence.server";
import { saveVersion } from "../models/version.server";
import { nowMs } from "../lib/clock.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { callRoute, getRequest, openTestSession, routeData } from "../testing/routes";
import * as inboxRoute from "./inbox";

let draft: TestDraft;
let chair: TestPerson;
let norway: TestPerson;

beforeAll(async () => {
  draft = createDraft();
  chair = personWith("chair");
  norway = personWith("delegate", "NO");
  const denmark = personWith("delegate", "DK");
  recordParticipation(SYSTEM_ACTOR, { stateCode: "NO", status: "committed", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });
  recordParticipation(SYSTEM_ACTOR, { stateCode: "DK", status: "supporter", effectiveDate: "2021-12-10", sourceNote: "Joint statement" });

  const clause = numberDocument(readStoredDocument(draft.document.name)!).clauses[0]!;
  const base = clauseBodyText(clause.node);
  proposeAmendment(denmark.actor, draft.document, { clauseId: clause.id!, proposedText: `${base} without delay`, justification: "Timeliness", submit: true });
  proposeAmendment(norway.actor, draft.document, { clauseId: clause.id!, proposedText: `${base} in good faith`, justification: "Tone", submit: false });
  await editDocument(draft.document.name, norway.userId, (ydoc) => {
    const title = (documentFragment(ydoc).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    title.format(0, 4, { bracket: { id: newStableId(), holders: ["NO"], alternatives: [] } });
  });
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  startSilenceProcedure(chair.actor, draft.document, { versionNumber: 1, deadline: nowMs() + 86_400_000, note: "" });
});

async function inboxOf(userId: number) {
  const { cookie } = await openTestSession(userId);
  return routeData(inboxRoute.loader, getRequest("/inbox", { cookie }));
}

const section = (sections: { key: string; links: { href: string; text: string }[] }[], key: string) =>
  sections.find((candidate) => candidate.key === key)?.links ?? [];

test("a delegation sees the amendment to answer, its own draft, the bracket it holds, its missing positions and the silence", async () => {
  const inbox = await inboxOf(norway.userId);
  expect(inbox.chair).toBeNull();
  const [state] = inbox.states;
  expect(state?.name).toBe("Norway");
  const sections = state?.sections ?? [];
  const base = `/instruments/${draft.instrument.slug}`;
  expect(section(sections, "answer")).toMatchObject([{ href: `${base}/amendments/1`, text: expect.stringContaining("proposed by Denmark") }]);
  expect(section(sections, "own")).toMatchObject([{ href: `${base}/amendments/2`, text: expect.stringContaining("(draft)") }]);
  // In reading order: the one just put on the title, then the demo draft's own bracket held by Norway.
  expect(section(sections, "brackets").map((link) => link.text)).toEqual([
    expect.stringMatching(/^\[.{4}\] of /),
    expect.stringMatching(/^\[shall\] in clause 1\.1 of /),
  ]);
  expect(section(sections, "positions")).toMatchObject([{ href: `${base}/agreement` }]);
  expect(section(sections, "silence")).toMatchObject([{ text: expect.stringMatching(/^silence runs on version 1/) }]);
});

test("the chair sees submitted amendments to decide (never a delegation's draft) and the silence under way", async () => {
  const inbox = await inboxOf(chair.userId);
  expect(inbox.states).toEqual([]);
  const decide = section(inbox.chair ?? [], "decide");
  expect(decide.map((link) => link.href)).toEqual([`/instruments/${draft.instrument.slug}/amendments/1`]);
  expect(section(inbox.chair ?? [], "silence")[0]?.text).toContain("not broken so far");
});

test("an observer has nothing to answer; the public is sent to sign in", async () => {
  const inbox = await inboxOf(personWith("observer").userId);
  expect(inbox).toEqual({ states: [], chair: null });
  const response = await callRoute(inboxRoute.loader, getRequest("/inbox"));
  expect(response.status).toBe(302);
});
