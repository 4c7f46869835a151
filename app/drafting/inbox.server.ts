// What needs a person's attention across the instruments under negotiation: for each state they act
// for as a delegate, the amendments awaiting its co-sponsorship or objection, its own amendments, the
// square brackets it holds, the clauses it has taken no position on, and open silence procedures; for
// the chair, the amendments awaiting a decision and the open silence procedures. Read-only, assembled
// from the domain modules.
import { can, statesFor, type Principal } from "../auth/permissions";
import { bracketsOf, numberDocument } from "../../editor";
import { amendmentsAwaitingState, amendmentsOfState, amendmentViewer, listAmendments } from "../models/amendment.server";
import { draftClauses, positionsOf } from "../models/clause-agreement.server";
import { draftDocumentName, findDocumentByName, readStoredDocument } from "../models/document.server";
import { listInstruments } from "../models/instrument.server";
import { currentStanding } from "../models/participation.server";
import { openSilenceProcedures, silenceBrokenBy } from "../models/silence.server";
import { getState } from "../models/state.server";

export interface InboxLink {
  href: string;
  text: string;
  /** A date or deadline shown beside it, ISO. */
  at?: string;
}

export interface StateInbox {
  code: string;
  name: string;
  committed: boolean;
  toAnswer: InboxLink[];
  ownAmendments: InboxLink[];
  brackets: InboxLink[];
  positionsMissing: InboxLink[];
  silence: InboxLink[];
}

export interface ChairInbox {
  toDecide: InboxLink[];
  silence: InboxLink[];
}

export interface Inbox {
  states: StateInbox[];
  chair: ChairInbox | null;
}

const STATUS_WORDS = { draft: "draft", submitted: "submitted", accepted: "accepted", rejected: "rejected", withdrawn: "withdrawn" } as const;

interface Draft {
  slug: string;
  title: string;
  document: NonNullable<ReturnType<typeof findDocumentByName>>;
  doc: NonNullable<ReturnType<typeof readStoredDocument>>;
}

function drafts(): Draft[] {
  return listInstruments().flatMap((instrument) => {
    const document = findDocumentByName(draftDocumentName(instrument.slug));
    const doc = document ? readStoredDocument(document.name) : null;
    return document && doc ? [{ slug: instrument.slug, title: instrument.title, document, doc }] : [];
  });
}

function stateInbox(code: string, all: Draft[]): StateInbox {
  const status = currentStanding(code)?.status;
  const committed = status === "committed";
  const participating = committed || status === "supporter";
  const amendmentLink = (amendment: ReturnType<typeof amendmentsOfState>[number], text: string): InboxLink => ({
    href: `/instruments/${amendment.instrumentSlug}/amendments/${amendment.number}`,
    text,
    at: (amendment.submittedAt ?? amendment.createdAt).toISOString(),
  });
  const brackets: InboxLink[] = [];
  const positionsMissing: InboxLink[] = [];
  for (const draft of all) {
    const numbers = new Map(numberDocument(draft.doc).clauses.map((clause) => [clause.id, clause.number]));
    for (const bracket of bracketsOf(draft.doc).filter((candidate) => candidate.holders.includes(code))) {
      const number = bracket.clauseId ? numbers.get(bracket.clauseId) : undefined;
      brackets.push({
        href: `/instruments/${draft.slug}/draft`,
        text: `[${bracket.text}]${number ? ` in clause ${number}` : ""} of ${draft.title}`,
      });
    }
    if (participating) {
      const answered = new Set(positionsOf(draft.document.id, code).map((position) => position.clauseId));
      const missing = draftClauses(draft.doc).filter((clause) => !answered.has(clause.id));
      if (missing.length) {
        positionsMissing.push({
          href: `/instruments/${draft.slug}/agreement`,
          text: `${missing.length} ${missing.length === 1 ? "clause" : "clauses"} of ${draft.title} without a position of your state`,
        });
      }
    }
  }
  const silence = openSilenceProcedures().map((procedure) => {
    const broke = silenceBrokenBy(procedure.id).some((entry) => entry.stateCode === code);
    const version = procedure.version ? `version ${procedure.version.number} (${procedure.version.name})` : "a version";
    const what = broke ? "your state broke silence on" : committed ? "silence runs on" : "silence runs on (committed states may break it)";
    return {
      href: `/instruments/${procedure.instrument?.slug ?? ""}/silence/${procedure.id}`,
      text: `${what} ${version} of ${procedure.instrument?.title ?? "an instrument"}`,
      at: procedure.deadline.toISOString(),
    };
  });
  return {
    code,
    name: getState(code)?.name ?? code,
    committed,
    toAnswer: amendmentsAwaitingState(code).map((amendment) =>
      amendmentLink(amendment, `Amendment ${amendment.number} of ${amendment.instrumentTitle}, proposed by ${getState(amendment.stateCode)?.name ?? amendment.stateCode}`),
    ),
    ownAmendments: amendmentsOfState(code)
      .filter((amendment) => amendment.status === "draft" || amendment.status === "submitted")
      .map((amendment) => amendmentLink(amendment, `Amendment ${amendment.number} of ${amendment.instrumentTitle} (${STATUS_WORDS[amendment.status]})`)),
    brackets,
    positionsMissing,
    silence,
  };
}

function chairInbox(principal: Principal, all: Draft[]): ChairInbox {
  const viewer = amendmentViewer(principal);
  return {
    toDecide: all.flatMap((draft) =>
      listAmendments(draft.document, viewer, { status: "submitted" }).map((amendment) => ({
        href: `/instruments/${draft.slug}/amendments/${amendment.number}`,
        text: `Amendment ${amendment.number} of ${draft.title}${amendment.clauseNumber ? ` to clause ${amendment.clauseNumber}` : ""}, proposed by ${amendment.stateName}: ${amendment.cosponsors} co-sponsor${amendment.cosponsors === 1 ? "" : "s"}, ${amendment.objections} objection${amendment.objections === 1 ? "" : "s"}`,
        at: (amendment.submittedAt ?? amendment.createdAt).toISOString(),
      })),
    ),
    silence: openSilenceProcedures().map((procedure) => {
      const breaks = silenceBrokenBy(procedure.id);
      return {
        href: `/instruments/${procedure.instrument?.slug ?? ""}/silence/${procedure.id}`,
        text: `Silence on ${procedure.version ? `version ${procedure.version.number}` : "a version"} of ${procedure.instrument?.title ?? "an instrument"}: ${breaks.length ? `broken by ${breaks.map((entry) => entry.stateName).join(", ")}` : "not broken so far"}`,
        at: procedure.deadline.toISOString(),
      };
    }),
  };
}

export function inboxFor(principal: Principal): Inbox {
  const all = drafts();
  return {
    states: statesFor(principal, "amendment:position").map((code) => stateInbox(code, all)),
    chair: can(principal, "amendment:decide") ? chairInbox(principal, all) : null,
  };
}
