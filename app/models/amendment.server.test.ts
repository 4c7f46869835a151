import type { Node } from "prosemirror-model";
import { JUSTIFICATION_MAX } from "../lib/amendments";
import { Transform } from "prosemirror-transform";
import { beforeAll, describe, expect, test } from "vitest";
import { applyAmendment, clauseBodyText, documentFromYDoc, numberDocument, updateYDoc } from "../../editor";
import { setClock } from "../lib/clock.server";
import { createDraft, personWith, type TestDraft, type TestPerson } from "../testing/drafts";
import { NotPermittedError } from "./acting.server";
import {
  acceptAmendment,
  AmendmentError,
  amendmentsAwaitingState,
  amendmentsOfState,
  amendmentTimeline,
  currentPositions,
  getAmendment,
  listAmendments,
  positionOfState,
  proposeAmendment,
  recordAmendmentPosition,
  rejectAmendment,
  submitAmendment,
  updateAmendment,
  viewAmendment,
  withdrawAmendment,
  type AmendmentViewer,
  type NewAmendment,
} from "./amendment.server";
import { listAuditEvents } from "./audit.server";
import { documentUpdateAuthors, editDocument, lastDocumentUpdateId, readStoredDocument } from "./document.server";

// Clause 2.1 of the demo draft (no brackets).
const CONSULT = "demo-consult";
const CONSULT_TEXT =
  "Participating states intend to consult industry, academic researchers and civil society organisations when they develop or revise controls on surveillance technology.";

let chair: TestPerson;
let norway: TestPerson;
let canada: TestPerson;
let usa: TestPerson;
let observer: TestPerson;
let signer: TestPerson;

const CHAIR_VIEW: AmendmentViewer = { chair: true, states: [] };
const viewOf = (stateCode: string): AmendmentViewer => ({ chair: false, states: [stateCode] });

beforeAll(() => {
  chair = personWith("chair");
  norway = personWith("delegate", "NO");
  canada = personWith("delegate", "CA");
  usa = personWith("delegate", "US");
  observer = personWith("observer");
  signer = personWith("signer", "NO");
});

function proposal(overrides: Partial<NewAmendment> = {}): NewAmendment {
  return {
    clauseId: CONSULT,
    proposedText: CONSULT_TEXT.replace("industry", "industry, trade unions"),
    justification: "Workers who build these tools should be heard.",
    submit: false,
    ...overrides,
  };
}

function storedDoc(draft: TestDraft): Node {
  return readStoredDocument(draft.document.name) as Node;
}

function clauseText(draft: TestDraft, clauseId: string): string | null {
  const clause = numberDocument(storedDoc(draft)).clauses.find((candidate) => candidate.id === clauseId);
  return clause ? clauseBodyText(clause.node) : null;
}

/** Someone edits the clause in the living draft: `from` becomes `to`. */
async function editClause(draft: TestDraft, clauseId: string, from: string, to: string): Promise<void> {
  await editDocument(draft.document.name, norway.userId, (ydoc) => {
    const doc = documentFromYDoc(ydoc);
    const clause = numberDocument(doc).clauses.find((candidate) => candidate.id === clauseId) as { node: Node };
    const base = clauseBodyText(clause.node);
    const result = applyAmendment(doc, { clauseId, base, proposed: base.replace(from, to) });
    if (!result.ok) throw new Error("test edit refused");
    updateYDoc(ydoc, result.doc);
  });
}

async function deleteClause(draft: TestDraft, clauseId: string): Promise<void> {
  await editDocument(draft.document.name, norway.userId, (ydoc) => {
    const doc = documentFromYDoc(ydoc);
    const clause = numberDocument(doc).clauses.find((candidate) => candidate.id === clauseId) as { pos: number; node: Node };
    updateYDoc(ydoc, new Transform(doc).delete(clause.pos, clause.pos + clause.node.nodeSize).doc);
  });
}

function eventsOf(draft: TestDraft): string[] {
  return listAuditEvents({ instrumentId: draft.instrument.id, action: "amendment." }).map((event) => event.action);
}

describe("proposing", () => {
  test("a delegate proposes for their state: numbered per draft, based on the clause's current text, dated and audited", () => {
    setClock(() => Date.parse("2026-03-01T10:00:00Z"));
    const draft = createDraft();
    const first = proposeAmendment(norway.actor, draft.document, proposal());
    expect(first).toMatchObject({ number: 1, clauseId: CONSULT, baseText: CONSULT_TEXT, stateCode: "NO", status: "draft", submittedAt: null });
    expect(first.proposedBy).toBe(norway.userId);
    expect(first.createdAt.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    const second = proposeAmendment(canada.actor, draft.document, proposal({ submit: true }));
    expect(second).toMatchObject({ number: 2, status: "submitted", stateCode: "CA" });
    expect(second.submittedAt?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(eventsOf(draft).reverse()).toEqual(["amendment.created", "amendment.created", "amendment.submitted"]);
    const [summary] = listAmendments(draft.document, CHAIR_VIEW, { stateCode: "NO" });
    expect(summary).toMatchObject({ number: 1, clauseNumber: "2.1", kind: "insert", stateName: expect.any(String), cosponsors: 0, objections: 0 });
    // Another draft starts again at 1.
    expect(proposeAmendment(norway.actor, createDraft().document, proposal()).number).toBe(1);
  });

  test("the proposed text is taken without the white space a text area adds, and its kind is derived", () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ proposedText: `\r\n${CONSULT_TEXT.replace(" industry,", "")}\r\n` }));
    expect(row.proposedText).toBe(CONSULT_TEXT.replace(" industry,", ""));
    expect(viewAmendment(draft.document, row).kind).toBe("delete");
  });

  test("refusals change nothing: identical text, unknown clause, missing or long justification, long text, bracket syntax", () => {
    const draft = createDraft();
    const refusals: Array<[Partial<NewAmendment>, string]> = [
      [{ proposedText: CONSULT_TEXT }, "proposedText"],
      [{ proposedText: ` ${CONSULT_TEXT}\n` }, "proposedText"],
      [{ clauseId: "no-such-clause" }, "clauseId"],
      [{ justification: "  " }, "justification"],
      [{ justification: "x".repeat(JUSTIFICATION_MAX + 1) }, "justification"],
      [{ proposedText: "word ".repeat(5_000) }, "proposedText"],
      [{ clauseId: "demo-review", proposedText: (clauseText(draft, "demo-review") as string).replace("[shall | should]", "shall") }, "proposedText"],
      [{ proposedText: `${CONSULT_TEXT}\n\nA new paragraph.` }, "proposedText"],
    ];
    for (const [overrides, field] of refusals) {
      let thrown: unknown;
      try {
        proposeAmendment(norway.actor, draft.document, proposal(overrides));
      } catch (error) {
        thrown = error;
      }
      expect(thrown, JSON.stringify(overrides).slice(0, 80)).toBeInstanceOf(AmendmentError);
      expect((thrown as AmendmentError).field).toBe(field);
    }
    expect(listAmendments(draft.document, CHAIR_VIEW)).toEqual([]);
    expect(eventsOf(draft)).toEqual([]);
  });

  test("an observer, a signer, the chair, and a delegate acting for another state cannot propose", () => {
    const draft = createDraft();
    for (const actor of [observer.actor, signer.actor, chair.actor, { userId: norway.userId, stateCode: "CA" }]) {
      expect(() => proposeAmendment(actor, draft.document, proposal())).toThrow(NotPermittedError);
    }
    expect(listAmendments(draft.document, CHAIR_VIEW)).toEqual([]);
  });
});

describe("drafts", () => {
  test("are seen only by their own delegation and the chair", () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal());
    expect(listAmendments(draft.document, viewOf("NO"))).toHaveLength(1);
    expect(listAmendments(draft.document, CHAIR_VIEW)).toHaveLength(1);
    expect(listAmendments(draft.document, viewOf("CA"))).toEqual([]);
    expect(listAmendments(draft.document, { chair: false, states: [] })).toEqual([]);
    expect(getAmendment(draft.document, 1, viewOf("CA"))).toBeUndefined();
    expect(getAmendment(draft.document, 1, viewOf("NO"))?.number).toBe(1);
    expect(() => recordAmendmentPosition(canada.actor, draft.document, 1, { position: "cosponsor", note: "" })).toThrow("There is no amendment 1");
  });

  test("stay with their delegation and the chair when withdrawn without ever being submitted", () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal());
    withdrawAmendment(norway.actor, draft.document, 1);
    expect(getAmendment(draft.document, 1, viewOf("CA"))).toBeUndefined();
    expect(listAmendments(draft.document, viewOf("CA"))).toEqual([]);
    expect(getAmendment(draft.document, 1, viewOf("NO"))?.status).toBe("withdrawn");
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)?.status).toBe("withdrawn");
  });

  test("are edited by their delegation, keeping the base; edits by others, of submitted ones and to no change are refused", () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal());
    const proposed = CONSULT_TEXT.replace("industry", "industry, trade unions, journalists");
    const updated = updateAmendment(norway.actor, draft.document, 1, { proposedText: proposed, justification: "Broader." });
    expect(updated).toMatchObject({ proposedText: proposed, justification: "Broader.", baseText: CONSULT_TEXT, status: "draft" });
    expect(eventsOf(draft)[0]).toBe("amendment.updated");

    expect(() => updateAmendment({ userId: norway.userId, stateCode: "CA" }, draft.document, 1, { proposedText: "x", justification: "y" })).toThrow(NotPermittedError);
    expect(() => updateAmendment(norway.actor, draft.document, 1, { proposedText: CONSULT_TEXT, justification: "y" })).toThrow(AmendmentError);
    submitAmendment(norway.actor, draft.document, 1);
    expect(() => updateAmendment(norway.actor, draft.document, 1, { proposedText: CONSULT_TEXT + " More.", justification: "y" })).toThrow(/only a draft can be changed/);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)).toMatchObject({ proposedText: proposed, justification: "Broader." });
  });

  test("are submitted once, by their delegation only; a draft whose clause is gone cannot be submitted", async () => {
    setClock(() => Date.parse("2026-03-02T09:30:00Z"));
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal());
    expect(() => submitAmendment(canada.actor, draft.document, 1)).toThrow(AmendmentError); // Canada cannot see it
    const submitted = submitAmendment(norway.actor, draft.document, 1);
    expect(submitted.status).toBe("submitted");
    expect(submitted.submittedAt?.toISOString()).toBe("2026-03-02T09:30:00.000Z");
    expect(() => submitAmendment(norway.actor, draft.document, 1)).toThrow(/only a draft can be submitted/);

    proposeAmendment(norway.actor, draft.document, proposal({ clauseId: "demo-due-diligence", proposedText: "They encourage companies to do due diligence." }));
    await deleteClause(draft, "demo-due-diligence");
    expect(() => submitAmendment(norway.actor, draft.document, 2)).toThrow(/no longer in the draft/);
    expect(getAmendment(draft.document, 2, CHAIR_VIEW)?.status).toBe("draft");
  });
});

describe("withdrawing", () => {
  test("the proposing delegation withdraws a draft or a submitted amendment, dated on the row; nobody else can", () => {
    setClock(() => Date.parse("2026-03-03T12:00:00Z"));
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    proposeAmendment(norway.actor, draft.document, proposal());
    expect(() => withdrawAmendment(canada.actor, draft.document, 1)).toThrow(NotPermittedError);
    expect(() => withdrawAmendment(chair.actor, draft.document, 1)).toThrow(NotPermittedError);
    const withdrawn = withdrawAmendment(norway.actor, draft.document, 1);
    expect(withdrawn).toMatchObject({ status: "withdrawn", decidedBy: norway.userId });
    expect(withdrawn.decidedAt?.toISOString()).toBe("2026-03-03T12:00:00.000Z");
    expect(withdrawAmendment(norway.actor, draft.document, 2).status).toBe("withdrawn");
    expect(() => withdrawAmendment(norway.actor, draft.document, 1)).toThrow(/already withdrawn/);
    expect(eventsOf(draft).filter((action) => action === "amendment.withdrawn")).toHaveLength(2);
  });
});

describe("positions of other states", () => {
  test("co-sponsor or object with a note; the latest per state counts and can be taken back", () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    recordAmendmentPosition(canada.actor, draft.document, 1, { position: "cosponsor", note: "" });
    recordAmendmentPosition(usa.actor, draft.document, 1, { position: "object", note: "Too broad." });
    expect(listAmendments(draft.document, viewOf("CA"))[0]).toMatchObject({ cosponsors: 1, objections: 1 });
    expect(currentPositions(row.id)).toEqual([
      expect.objectContaining({ stateCode: "CA", position: "cosponsor", note: "" }),
      expect.objectContaining({ stateCode: "US", position: "object", note: "Too broad." }),
    ]);

    recordAmendmentPosition(canada.actor, draft.document, 1, { position: "object", note: "On reflection, no." });
    expect(positionOfState(row.id, "CA")).toBe("object");
    recordAmendmentPosition(canada.actor, draft.document, 1, { position: "none", note: "" });
    expect(positionOfState(row.id, "CA")).toBeNull();
    expect(listAmendments(draft.document, viewOf("CA"))[0]).toMatchObject({ cosponsors: 0, objections: 1 });
    expect(eventsOf(draft).filter((action) => action === "amendment.position-recorded")).toHaveLength(4);
  });

  test("a state cannot take a position on its own amendment, for another state, without the role, or on a closed one", () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    const attempt = (actor: TestPerson["actor"]) => () => recordAmendmentPosition(actor, draft.document, 1, { position: "cosponsor", note: "" });
    expect(attempt(norway.actor)).toThrow(NotPermittedError);
    expect(attempt({ userId: canada.userId, stateCode: "US" })).toThrow(NotPermittedError);
    expect(attempt(observer.actor)).toThrow(NotPermittedError);
    expect(attempt(signer.actor)).toThrow(NotPermittedError);
    expect(attempt(chair.actor)).toThrow(NotPermittedError);
    expect(() => recordAmendmentPosition(canada.actor, draft.document, 1, { position: "none", note: "" })).toThrow(/no position on this amendment/);
    expect(() => recordAmendmentPosition(canada.actor, draft.document, 1, { position: "object", note: "x".repeat(2_001) })).toThrow(AmendmentError);
    withdrawAmendment(norway.actor, draft.document, 1);
    expect(attempt(canada.actor)).toThrow(/positions are taken only while it is submitted/);
    expect(currentPositions(row.id)).toEqual([]);
  });
});

describe("for the inbox", () => {
  test("awaiting: submitted amendments of other states without a position of this state; of a state: all its own", () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    proposeAmendment(norway.actor, draft.document, proposal());
    proposeAmendment(canada.actor, draft.document, proposal({ submit: true }));
    const awaitingUs = amendmentsAwaitingState("US").filter((entry) => entry.instrumentSlug === draft.instrument.slug);
    expect(awaitingUs.map((entry) => [entry.number, entry.stateCode])).toEqual([
      [1, "NO"],
      [3, "CA"],
    ]);
    recordAmendmentPosition(usa.actor, draft.document, 1, { position: "cosponsor", note: "" });
    expect(amendmentsAwaitingState("US").filter((entry) => entry.instrumentSlug === draft.instrument.slug).map((entry) => entry.number)).toEqual([3]);
    expect(amendmentsAwaitingState("NO").filter((entry) => entry.instrumentSlug === draft.instrument.slug).map((entry) => entry.number)).toEqual([3]);
    const own = amendmentsOfState("NO").filter((entry) => entry.instrumentSlug === draft.instrument.slug);
    expect(own.map((entry) => [entry.number, entry.status])).toEqual([
      [1, "submitted"],
      [2, "draft"],
    ]);
    expect(own[0]).toMatchObject({ instrumentTitle: draft.instrument.title, clauseId: CONSULT });
  });
});

describe("the chair's decision", () => {
  test("rejection needs a note, is the chair's alone, and closes the amendment", () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    expect(() => rejectAmendment(norway.actor, draft.document, 1, { note: "No." })).toThrow(NotPermittedError);
    expect(() => rejectAmendment(chair.actor, draft.document, 1, { note: " " })).toThrow(/Enter a note/);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)?.status).toBe("submitted");
    const rejected = rejectAmendment(chair.actor, draft.document, 1, { note: "No consensus." });
    expect(rejected).toMatchObject({ status: "rejected", decidedBy: chair.userId, decisionNote: "No consensus." });
    expect(() => rejectAmendment(chair.actor, draft.document, 1, { note: "Again." })).toThrow(/only a submitted amendment/);
  });

  test("a draft cannot be decided, and a delegate cannot accept", async () => {
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal());
    await expect(acceptAmendment(chair.actor, draft.document, 1, { note: "" })).rejects.toThrow(/only a submitted amendment/);
    submitAmendment(norway.actor, draft.document, 1);
    await expect(acceptAmendment(norway.actor, draft.document, 1, { note: "" })).rejects.toThrow(NotPermittedError);
    await expect(acceptAmendment(canada.actor, draft.document, 1, { note: "" })).rejects.toThrow(NotPermittedError);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)?.status).toBe("submitted");
    expect(clauseText(draft, CONSULT)).toBe(CONSULT_TEXT);
  });

  test("acceptance changes the clause as one edit in the chair's name, with the decision and its event", async () => {
    setClock(() => Date.parse("2026-03-04T15:00:00Z"));
    const draft = createDraft();
    proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    const accepted = await acceptAmendment(chair.actor, draft.document, 1, { note: "Agreed in the room." });
    expect(accepted).toMatchObject({ status: "accepted", decidedBy: chair.userId, decisionNote: "Agreed in the room." });
    expect(accepted.decidedAt?.toISOString()).toBe("2026-03-04T15:00:00.000Z");
    expect(clauseText(draft, CONSULT)).toBe(CONSULT_TEXT.replace("industry", "industry, trade unions"));
    expect(documentUpdateAuthors(draft.document.id)).toEqual([chair.userId]);
    expect(eventsOf(draft)[0]).toBe("amendment.accepted");
    await expect(acceptAmendment(chair.actor, draft.document, 1, { note: "" })).rejects.toThrow(/only a submitted amendment/);
    expect(amendmentTimeline(draft.document, accepted).map((event) => event.action)).toEqual([
      "amendment.created",
      "amendment.submitted",
      "amendment.accepted",
    ]);
  });

  test("a change made to another part of the clause since the proposal is kept", async () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    await editClause(draft, CONSULT, "civil society organisations", "civil society groups");
    const view = viewAmendment(draft.document, row);
    expect(view).toMatchObject({ conflict: null, clauseChanged: true });
    // What accepting would change keeps the other edit: only the amendment's words are marked.
    expect(view.changes?.filter((part) => part.kind !== "same")).toEqual([{ kind: "inserted", text: "trade unions, " }]);
    await acceptAmendment(chair.actor, draft.document, 1, { note: "" });
    expect(clauseText(draft, CONSULT)).toBe(
      CONSULT_TEXT.replace("industry", "industry, trade unions").replace("civil society organisations", "civil society groups"),
    );
  });

  test("a change overlapping the amended words refuses the acceptance, names the passage, and changes nothing", async () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ proposedText: CONSULT_TEXT.replace("industry", "companies"), submit: true }));
    await editClause(draft, CONSULT, "industry", "the industry sector");
    const before = { text: clauseText(draft, CONSULT), lastUpdate: lastDocumentUpdateId(draft.document.id), events: eventsOf(draft) };
    expect(viewAmendment(draft.document, row).conflict).toMatch(/“industry” now reads “the industry sector”/);

    const refusal = acceptAmendment(chair.actor, draft.document, 1, { note: "" });
    await expect(refusal).rejects.toThrow(AmendmentError);
    await expect(refusal).rejects.toThrow(/cannot be accepted, and nothing has been changed.*“industry” now reads “the industry sector”/);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)).toMatchObject({ status: "submitted", decidedAt: null, decisionNote: null });
    expect(clauseText(draft, CONSULT)).toBe(before.text);
    expect(lastDocumentUpdateId(draft.document.id)).toBe(before.lastUpdate);
    expect(eventsOf(draft)).toEqual(before.events);
  });

  test("a clause deleted since the proposal refuses the acceptance and changes nothing", async () => {
    const draft = createDraft();
    const row = proposeAmendment(norway.actor, draft.document, proposal({ submit: true }));
    await deleteClause(draft, CONSULT);
    const lastUpdate = lastDocumentUpdateId(draft.document.id);
    const view = viewAmendment(draft.document, row);
    expect(view.preview.ok).toBe(false);
    expect(view.clauseNumber).toBeNull();
    expect(view.conflict).toMatch(/no longer in the draft/);
    await expect(acceptAmendment(chair.actor, draft.document, 1, { note: "" })).rejects.toThrow(/no longer in the draft/);
    expect(getAmendment(draft.document, 1, CHAIR_VIEW)?.status).toBe("submitted");
    expect(lastDocumentUpdateId(draft.document.id)).toBe(lastUpdate);
    expect(listAmendments(draft.document, CHAIR_VIEW)[0]).toMatchObject({ clauseNumber: null, clauseExcerpt: "Participating states intend to consult industry, academic researchers…" });
  });
});
