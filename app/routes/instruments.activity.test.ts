// The activity timeline: steps of the negotiation as dated, attributed sentences with links, filtered
// by kind and state, paged; bad filters get a message.
import { beforeAll, expect, test } from "vitest";
import { clauseBodyText, numberDocument } from "../../editor";
import { proposeAmendment, withdrawAmendment } from "../models/amendment.server";
import { recordBracketChanges } from "../models/bracket.server";
import { readStoredDocument } from "../models/document.server";
import { saveVersion } from "../models/version.server";
import { SYSTEM_ACTOR } from "../models/audit.server";
import { recordPaperPledge, recordPledge, withdrawPledge } from "../models/pledge.server";
import { addState, getState } from "../models/state.server";
import { adoptedEdition } from "../testing/pledges";
import { confirmationFor } from "../testing/second-factor";
import { config } from "../lib/env.server";
import { openTransparencyLog } from "../models/transparency-log.server";
import { createDraft, personWith, type TestDraft } from "../testing/drafts";
import { callRoute, getRequest, openTestSession, routeData } from "../testing/routes";
import * as activityRoute from "./instruments.$slug.activity";

let draft: TestDraft;
let cookie = "";

beforeAll(async () => {
  openTransparencyLog(config());
  draft = createDraft();
  createDraft(); // another instrument's steps never show here
  const chair = personWith("chair");
  const norway = personWith("delegate", "NO");
  cookie = (await openTestSession(personWith("observer").userId)).cookie;
  saveVersion(chair.actor, draft.document, { name: "Chair's text", note: "" });
  recordBracketChanges(
    draft.document.id,
    [{ kind: "added", bracket: { id: "b1xxxxxxxxxxxxxxxxxx", clauseId: "c1", text: "shall", holders: ["NO"], alternatives: ["should"] } }],
    { userId: norway.userId, stateCode: "NO" },
  );
});

type Page = Exclude<Awaited<ReturnType<typeof activityRoute.loader>>, Response>;
/** The page's data for a query that passes the filters (a Response for one that does not fails the test). */
const load = (query = ""): Promise<Page> => routeData(activityRoute.loader, getRequest(path(query), { cookie }), params) as Promise<Page>;

const path = (query = "") => `/instruments/${draft.instrument.slug}/activity${query}`;
const params = { params: { slug: "" } };

test("every step shows who, for which state, what and where, newest first", async () => {
  params.params.slug = draft.instrument.slug;
  const data = await load();
  expect(data.entries.map((entry) => [entry.what, entry.stateName, entry.href])).toEqual([
    ["put square brackets around “shall” (held by NO)", "Norway", `/instruments/${draft.instrument.slug}/agreement#clause-c1`],
    ["saved version 1 “Chair's text”", null, `/instruments/${draft.instrument.slug}/versions/1`],
  ]);
});

test("filters narrow by kind and by state; a made-up kind is a 400 with a message", async () => {
  params.params.slug = draft.instrument.slug;
  const versions = await load("?kind=versions");
  expect(versions.entries).toHaveLength(1);
  const norway = await load("?state=NO");
  expect(norway.entries.map((entry) => entry.stateCode)).toEqual(["NO"]);
  const bad = await callRoute(activityRoute.loader, getRequest(path("?kind=gossip"), { cookie }), params);
  expect(bad.status).toBe(400);
  expect(await bad.json()).toMatchObject({ errors: { kind: ["Choose a kind of step from the list"] } });
  const anonymous = await callRoute(activityRoute.loader, getRequest(path()), params);
  expect(anonymous.status).toBe(302);
});

test("the steps of an amendment never submitted stay with its delegation and the chair, even once withdrawn", async () => {
  params.params.slug = draft.instrument.slug;
  const norway = personWith("delegate", "NO");
  const clause = numberDocument(readStoredDocument(draft.document.name)!).clauses[0]!;
  const amendment = proposeAmendment(norway.actor, draft.document, {
    clauseId: clause.id!,
    proposedText: `${clauseBodyText(clause.node)} at once`,
    justification: "Speed",
    submit: false,
  });
  withdrawAmendment(norway.actor, draft.document, amendment.number);
  const seenBy = async (userId: number) => {
    const { cookie: theirs } = await openTestSession(userId);
    const page = (await routeData(activityRoute.loader, getRequest(path("?kind=amendments"), { cookie: theirs }), params)) as Page;
    return page.entries.map((entry) => entry.what);
  };
  expect(await seenBy(norway.userId)).toEqual(["withdrew amendment 1 in clause 1.1", "drafted amendment 1 in clause 1.1"]);
  expect(await seenBy(personWith("chair").userId)).toHaveLength(2);
  expect(await seenBy(personWith("delegate", "DK").userId)).toEqual([]);
  expect(await seenBy(personWith("observer").userId)).toEqual([]);
});

test("adoption and pledge events read as sentences and link to the edition and the pledge", async () => {
  const { instrument, edition } = await adoptedEdition();
  const chair = personWith("chair");
  const signer = personWith("signer", "DK");
  if (!getState("FI")) addState(SYSTEM_ACTOR, { code: "FI" });
  const paper = recordPaperPledge(chair.actor, confirmationFor(chair.actor), {
    editionId: edition.id,
    stateCode: "FI",
    kind: "endorsement",
    effectiveDate: edition.adoptedOn,
  });
  const own = recordPledge(signer.actor, confirmationFor(signer.actor), { editionId: edition.id, kind: "subscription", declaration: "Within our law." });
  withdrawPledge(signer.actor, confirmationFor(signer.actor), { pledgeId: own.id, reason: "A new government." });

  params.params.slug = instrument.slug;
  const data = await load();
  const today = own.effectiveDate;
  expect(data.entries.map((entry) => [entry.what, entry.href])).toEqual([
    [`made the withdrawal of DK's pledge (effective ${today})`, `/pledges/${own.id}`],
    ["made the declaration of DK", `/pledges/${own.id}`],
    [`made the subscription of DK (effective ${today})`, `/pledges/${own.id}`],
    [`recorded from paper the endorsement of FI (effective ${edition.adoptedOn})`, `/pledges/${paper.id}`],
    [`adopted edition 1 “Code of Conduct, first edition”, dated ${edition.adoptedOn}`, `/instruments/${instrument.slug}/editions/1`],
    ["saved version 1 “Final text”", `/instruments/${instrument.slug}/versions/1`],
  ]);
  expect((await load("?kind=pledges")).entries).toHaveLength(4);
});
