// Pledges: a state subscribes to or endorses an adopted edition, may attach declarations, and may
// withdraw. Each event is made by the state's signer in Accord, or received on paper and recorded by
// the chair with the date the paper carries. Every event is an entry in the public transparency log,
// appended in the same transaction as its row, and the row keeps the entry's index. The only module
// that touches `pledges`, `pledge_declarations` and `pledge_withdrawals` (append-only by trigger).
import { and, asc, eq, inArray, max, notExists, type SQL } from "drizzle-orm";
import { db, inTransaction } from "../../db/client";
import {
  editions,
  PLEDGE_KINDS,
  pledgeDeclarations,
  pledges,
  pledgeWithdrawals,
  states,
  type EditionRow,
  type PledgeDeclarationRow,
  type PledgeRow,
  type PledgeWithdrawalRow,
} from "../../db/schema";
import { encodeEntry, formatRecorded, textDigest, toHex, type EntryKind } from "../log";
import { now, today } from "../lib/clock.server";
import { formatIsoDate } from "../lib/dates";
import { DECLARATION_MAX, WITHDRAWAL_REASON_MAX, type PledgeChannel, type PledgeKind } from "../lib/pledges";
import { RuleError } from "../lib/rule-error";
import { requireActorPermission } from "./acting.server";
import { recordAuditEvent, type Actor } from "./audit.server";
import { getEditionById } from "./edition.server";
import { requireConfirmation, type SecondFactorConfirmation } from "./second-factor.server";
import { getState } from "./state.server";
import { appendLogEntry, inclusionProof, latestCheckpoint, logEntries, logVerifierKey } from "./transparency-log.server";

export class PledgeError extends RuleError<"kind" | "declaration" | "stateCode" | "effectiveDate" | "reason" | "pledgeId"> {}

export interface PledgeInput {
  editionId: number;
  kind: PledgeKind;
  /** An interpretive declaration made with the pledge; empty or absent means none. */
  declaration?: string | null;
}

export interface PaperPledgeInput extends PledgeInput {
  stateCode: string;
  /** The date the paper carries (YYYY-MM-DD). */
  effectiveDate: string;
}

export interface DeclarationInput {
  pledgeId: number;
  text: string;
}

export interface PaperDeclarationInput extends DeclarationInput {
  effectiveDate: string;
}

export interface WithdrawalInput {
  pledgeId: number;
  reason: string;
}

export interface PaperWithdrawalInput extends WithdrawalInput {
  effectiveDate: string;
}

/** A pledge as the public sees it: what the pledge list, its JSON and the pledge's page show. */
export interface PublicPledge {
  id: number;
  edition: { id: number; slug: string; title: string; digest: string; number: number };
  state: { code: string; name: string };
  kind: PledgeKind;
  effectiveDate: string;
  recordedAt: Date;
  channel: PledgeChannel;
  status: "active" | "withdrawn";
  declarations: { text: string; digest: string; recordedAt: Date; logIndex: number }[];
  withdrawal: { effectiveDate: string; reason: string; recordedAt: Date; logIndex: number } | null;
  logIndex: number;
}

/** What anyone needs to check a pledge against the log offline (app/log verifies it). */
export interface PledgeProofBundle {
  format: "accord-proof-bundle/1";
  pledge: string;
  verifierKey: string;
  checkpoint: string;
  treeSize: number;
  entries: { index: number; text: string; leafHash: string; inclusionProof: string[] }[];
  declarations: { text: string; digest: string }[];
}

// ---------------------------------------------------------------------------------------------
// Checking input

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function stateName(code: string | null | undefined): string {
  return (code && getState(code)?.name) || "a state";
}

function checkKind(kind: string): PledgeKind {
  if (!(PLEDGE_KINDS as readonly string[]).includes(kind)) throw new PledgeError("Choose whether the state subscribes or endorses", "kind");
  return kind as PledgeKind;
}

/** NFC, trimmed, within bounds: the exact text whose digest the log carries. */
function checkDeclaration(text: string): string {
  const normalised = text.normalize("NFC").trim();
  if (!normalised) throw new PledgeError("Enter the declaration", "declaration");
  if (normalised.length > DECLARATION_MAX) {
    throw new PledgeError(`A declaration has at most ${DECLARATION_MAX.toLocaleString("en")} characters`, "declaration");
  }
  return normalised;
}

function checkReason(reason: string): string {
  const normalised = reason.normalize("NFC").trim();
  if (!normalised) throw new PledgeError("Enter the reason for the withdrawal", "reason");
  if (normalised.length > WITHDRAWAL_REASON_MAX) {
    throw new PledgeError(`The reason has at most ${WITHDRAWAL_REASON_MAX.toLocaleString("en")} characters`, "reason");
  }
  return normalised;
}

/** A date on paper: a real date, not after today, not before `earliest` (described by `since`). */
function checkPaperDate(value: string, earliest: string, since: string): string {
  if (!isCalendarDate(value)) throw new PledgeError("Enter the date the paper carries as YYYY-MM-DD", "effectiveDate");
  if (value > today()) throw new PledgeError(`The date cannot be later than today (${formatIsoDate(today())})`, "effectiveDate");
  if (value < earliest) throw new PledgeError(`The date cannot be earlier than ${since} (${formatIsoDate(earliest)})`, "effectiveDate");
  return value;
}

function requireEdition(editionId: number): EditionRow {
  const edition = getEditionById(editionId);
  if (!edition) throw new PledgeError("There is no adopted edition with this number");
  return edition;
}

function requirePledgeRow(pledgeId: number): PledgeRow {
  const pledge = db().select().from(pledges).where(eq(pledges.id, pledgeId)).get();
  if (!pledge) throw new PledgeError(`There is no pledge ${pledgeId}`, "pledgeId");
  return pledge;
}

function isWithdrawn(pledgeId: number): boolean {
  return db().select({ id: pledgeWithdrawals.id }).from(pledgeWithdrawals).where(eq(pledgeWithdrawals.pledgeId, pledgeId)).get() !== undefined;
}

function requireActive(pledge: PledgeRow, doing: string): void {
  if (isWithdrawn(pledge.id)) throw new PledgeError(`Pledge ${pledge.id} has been withdrawn: it cannot ${doing}`, "pledgeId");
}

// The signer of the pledge's own state, whatever state the caller says it acts for.
function requireSignerOf(actor: Actor, pledge: PledgeRow, doing: string): Actor {
  const acting = { ...actor, stateCode: pledge.stateCode };
  requireActorPermission(acting, "pledge:sign", `Only a signer of ${stateName(pledge.stateCode)} can ${doing} its pledge.`);
  return acting;
}

function requireChair(actor: Actor, doing: string): void {
  requireActorPermission(actor, "pledge:record-paper", `Only the chair records ${doing} received on paper.`);
}

// ---------------------------------------------------------------------------------------------
// Writing: each event is its row, its log entry and its audit event, in one transaction

interface PledgeEvent {
  kind: EntryKind;
  edition: EditionRow;
  pledge: Pick<PledgeRow, "id" | "stateCode">;
  effectiveDate: string;
  recordedAt: Date;
  declarationDigest?: string;
}

function appendEvent(event: PledgeEvent): number {
  const text = encodeEntry({
    kind: event.kind,
    state: event.pledge.stateCode,
    edition: event.edition.slug,
    textDigest: event.edition.digest,
    effectiveDate: event.effectiveDate,
    recorded: formatRecorded(event.recordedAt),
    pledge: String(event.pledge.id),
    declarationDigest: event.declarationDigest ?? null,
  });
  return appendLogEntry(text).index;
}

interface NewPledge {
  editionId: number;
  stateCode: string;
  kind: string;
  /** The pledge's effective date, given its edition (a paper date is checked against the adoption). */
  effectiveDate: (edition: EditionRow) => string;
  channel: PledgeChannel;
  declaration?: string | null;
}

function writePledge(actor: Actor, input: NewPledge): PledgeRow {
  const kind = checkKind(input.kind);
  const declaration = input.declaration?.trim() ? checkDeclaration(input.declaration) : null;
  return inTransaction(() => {
    const edition = requireEdition(input.editionId);
    const state = getState(input.stateCode);
    if (!state) throw new PledgeError(`${input.stateCode || "This"} is not a participating state`, "stateCode");
    const effectiveDate = input.effectiveDate(edition);
    if (effectiveDate < edition.adoptedOn) {
      throw new PledgeError(`A pledge cannot take effect before the edition was adopted (${formatIsoDate(edition.adoptedOn)})`, "effectiveDate");
    }
    const existing = activePledge(edition.id, state.code);
    if (existing) {
      throw new PledgeError(
        `${state.name} already has an active pledge to this edition: pledge ${existing.id}, ` +
          `${existing.kind === "subscription" ? "subscribed" : "endorsed"} on ${formatIsoDate(existing.effectiveDate)}. ` +
          "It must be withdrawn before the state pledges again.",
      );
    }
    // The public id goes into the log entry before the row exists; the table is append-only, so the
    // next id is MAX + 1, read in this write transaction.
    const id = (db().select({ last: max(pledges.id) }).from(pledges).get()?.last ?? 0) + 1;
    const recordedAt = now();
    const logIndex = appendEvent({ kind, edition, pledge: { id, stateCode: state.code }, effectiveDate, recordedAt });
    const pledge = db()
      .insert(pledges)
      .values({
        id,
        editionId: edition.id,
        stateCode: state.code,
        kind,
        textDigest: edition.digest,
        effectiveDate,
        channel: input.channel,
        recordedBy: actor.userId,
        recordedAt,
        logIndex,
      })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "pledge.recorded",
      instrumentId: edition.instrumentId,
      subjectType: "pledge",
      subjectId: pledge.id,
      details: { stateCode: state.code, edition: edition.slug, kind, effectiveDate, channel: input.channel, textDigest: edition.digest, logIndex },
    });
    if (declaration) writeDeclaration(actor, { edition, pledge, text: declaration, effectiveDate, channel: input.channel, recordedAt });
    return pledge;
  });
}

interface NewDeclaration {
  edition: EditionRow;
  pledge: PledgeRow;
  text: string;
  effectiveDate: string;
  channel: PledgeChannel;
  recordedAt: Date;
}

function writeDeclaration(actor: Actor, input: NewDeclaration): PledgeDeclarationRow {
  const digest = textDigest(input.text);
  const logIndex = appendEvent({
    kind: "declaration",
    edition: input.edition,
    pledge: input.pledge,
    effectiveDate: input.effectiveDate,
    recordedAt: input.recordedAt,
    declarationDigest: digest,
  });
  const row = db()
    .insert(pledgeDeclarations)
    .values({ pledgeId: input.pledge.id, text: input.text, digest, channel: input.channel, recordedBy: actor.userId, recordedAt: input.recordedAt, logIndex })
    .returning()
    .get();
  recordAuditEvent(actor, {
    action: "pledge.declaration-recorded",
    instrumentId: input.edition.instrumentId,
    subjectType: "pledge",
    subjectId: input.pledge.id,
    details: { stateCode: input.pledge.stateCode, declarationId: row.id, digest, channel: input.channel, effectiveDate: input.effectiveDate, logIndex },
  });
  return row;
}

function addDeclarationTo(actor: Actor, pledge: PledgeRow, text: string, effectiveDate: string, channel: PledgeChannel): PledgeDeclarationRow {
  return inTransaction(() => {
    requireActive(pledge, "take a declaration");
    return writeDeclaration(actor, { edition: requireEdition(pledge.editionId), pledge, text, effectiveDate, channel, recordedAt: now() });
  });
}

function withdraw(actor: Actor, pledge: PledgeRow, reason: string, effectiveDate: string, channel: PledgeChannel): PledgeWithdrawalRow {
  return inTransaction(() => {
    requireActive(pledge, "be withdrawn again");
    const edition = requireEdition(pledge.editionId);
    const recordedAt = now();
    const logIndex = appendEvent({ kind: "withdrawal", edition, pledge, effectiveDate, recordedAt });
    const row = db()
      .insert(pledgeWithdrawals)
      .values({ pledgeId: pledge.id, effectiveDate, reason, channel, recordedBy: actor.userId, recordedAt, logIndex })
      .returning()
      .get();
    recordAuditEvent(actor, {
      action: "pledge.withdrawn",
      instrumentId: edition.instrumentId,
      subjectType: "pledge",
      subjectId: pledge.id,
      details: { stateCode: pledge.stateCode, edition: edition.slug, effectiveDate, reason, channel, logIndex },
    });
    return row;
  });
}

// ---------------------------------------------------------------------------------------------
// The signer's actions, effective today

/** A signer subscribes to or endorses an edition for the state they act for (actor.stateCode), effective today. */
export function recordPledge(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined, input: PledgeInput): PledgeRow {
  const stateCode = actor.stateCode ?? "";
  requireActorPermission(
    actor,
    "pledge:sign",
    stateCode ? `Only a signer of ${stateName(stateCode)} can pledge for it.` : "Only a state's signer can pledge, and only for that state.",
  );
  requireConfirmation(actor, confirmation);
  return writePledge(actor, { ...input, stateCode, effectiveDate: () => today(), channel: "signer" });
}

/** The signer of the pledge's state adds a declaration to it, effective today. */
export function addDeclaration(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined, input: DeclarationInput): PledgeDeclarationRow {
  const pledge = requirePledgeRow(input.pledgeId);
  const acting = requireSignerOf(actor, pledge, "add a declaration to");
  requireConfirmation(acting, confirmation);
  return addDeclarationTo(acting, pledge, checkDeclaration(input.text), today(), "signer");
}

/** The signer of the pledge's state withdraws it, effective today. The pledge stays on record. */
export function withdrawPledge(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined, input: WithdrawalInput): PledgeWithdrawalRow {
  const pledge = requirePledgeRow(input.pledgeId);
  const acting = requireSignerOf(actor, pledge, "withdraw");
  requireConfirmation(acting, confirmation);
  return withdraw(acting, pledge, checkReason(input.reason), today(), "signer");
}

// ---------------------------------------------------------------------------------------------
// The chair's records of what states sent on paper, dated as the paper is

/** The chair records a pledge a state sent on paper, effective on the date it carries. */
export function recordPaperPledge(actor: Actor, confirmation: SecondFactorConfirmation | null | undefined, input: PaperPledgeInput): PledgeRow {
  requireChair(actor, "pledges");
  requireConfirmation(actor, confirmation);
  return writePledge(actor, {
    ...input,
    channel: "paper",
    effectiveDate: (edition) => checkPaperDate(input.effectiveDate, edition.adoptedOn, "the edition's adoption"),
  });
}

/** The chair records a declaration a state sent on paper about its pledge. */
export function recordPaperDeclaration(
  actor: Actor,
  confirmation: SecondFactorConfirmation | null | undefined,
  input: PaperDeclarationInput,
): PledgeDeclarationRow {
  requireChair(actor, "declarations");
  requireConfirmation(actor, confirmation);
  const pledge = requirePledgeRow(input.pledgeId);
  const text = checkDeclaration(input.text);
  const effectiveDate = checkPaperDate(input.effectiveDate, pledge.effectiveDate, "the pledge's effective date");
  return addDeclarationTo(actor, pledge, text, effectiveDate, "paper");
}

/** The chair records a withdrawal a state sent on paper, effective on the date it carries. */
export function recordPaperWithdrawal(
  actor: Actor,
  confirmation: SecondFactorConfirmation | null | undefined,
  input: PaperWithdrawalInput,
): PledgeWithdrawalRow {
  requireChair(actor, "withdrawals");
  requireConfirmation(actor, confirmation);
  const pledge = requirePledgeRow(input.pledgeId);
  const reason = checkReason(input.reason);
  const effectiveDate = checkPaperDate(input.effectiveDate, pledge.effectiveDate, "the pledge's effective date");
  return withdraw(actor, pledge, reason, effectiveDate, "paper");
}

// ---------------------------------------------------------------------------------------------
// Reading

interface PledgeFilter {
  editionId?: number;
  stateCode?: string;
}

function selectPledges(conditions: SQL[]): PublicPledge[] {
  const rows = db()
    .select({ pledge: pledges, edition: editions, stateName: states.name })
    .from(pledges)
    .innerJoin(editions, eq(editions.id, pledges.editionId))
    .innerJoin(states, eq(states.code, pledges.stateCode))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(pledges.effectiveDate), asc(pledges.id))
    .all();
  if (rows.length === 0) return [];
  const ids = rows.map((row) => row.pledge.id);
  const declarations = db().select().from(pledgeDeclarations).where(inArray(pledgeDeclarations.pledgeId, ids)).orderBy(asc(pledgeDeclarations.logIndex)).all();
  const withdrawals = new Map(
    db()
      .select()
      .from(pledgeWithdrawals)
      .where(inArray(pledgeWithdrawals.pledgeId, ids))
      .all()
      .map((row) => [row.pledgeId, row]),
  );
  return rows.map(({ pledge, edition, stateName: name }) => {
    const withdrawal = withdrawals.get(pledge.id);
    return {
      id: pledge.id,
      edition: { id: edition.id, slug: edition.slug, title: edition.title, digest: edition.digest, number: edition.number },
      state: { code: pledge.stateCode, name },
      kind: pledge.kind,
      effectiveDate: pledge.effectiveDate,
      recordedAt: pledge.recordedAt,
      channel: pledge.channel,
      status: withdrawal ? "withdrawn" : "active",
      declarations: declarations
        .filter((row) => row.pledgeId === pledge.id)
        .map((row) => ({ text: row.text, digest: row.digest, recordedAt: row.recordedAt, logIndex: row.logIndex })),
      withdrawal: withdrawal
        ? { effectiveDate: withdrawal.effectiveDate, reason: withdrawal.reason, recordedAt: withdrawal.recordedAt, logIndex: withdrawal.logIndex }
        : null,
      logIndex: pledge.logIndex,
    };
  });
}

/** Every pledge (of an edition, of a state), withdrawn ones included, by effective date then id. */
export function listPledges(filter: PledgeFilter = {}): PublicPledge[] {
  const conditions: SQL[] = [];
  if (filter.editionId !== undefined) conditions.push(eq(pledges.editionId, filter.editionId));
  if (filter.stateCode !== undefined) conditions.push(eq(pledges.stateCode, filter.stateCode));
  return selectPledges(conditions);
}

export function getPledge(id: number): PublicPledge | undefined {
  return selectPledges([eq(pledges.id, id)])[0];
}

/** The state's pledge to the edition that has not been withdrawn, if any (there is at most one). */
export function activePledge(editionId: number, stateCode: string): PublicPledge | undefined {
  const withdrawn = db().select({ id: pledgeWithdrawals.id }).from(pledgeWithdrawals).where(eq(pledgeWithdrawals.pledgeId, pledges.id));
  return selectPledges([eq(pledges.editionId, editionId), eq(pledges.stateCode, stateCode), notExists(withdrawn)])[0];
}

/**
 * The proof bundle of a pledge: the edition's adoption entry and the pledge's own entries (pledge,
 * declarations, withdrawal) in log order, each with its inclusion proof at the latest checkpoint,
 * and the declarations' texts. Read in one transaction, so the proofs and the checkpoint agree.
 */
export function pledgeProofBundle(id: number): PledgeProofBundle | undefined {
  return inTransaction(() => {
    const pledge = getPledge(id);
    if (!pledge) return undefined;
    const edition = requireEdition(pledge.edition.id);
    const checkpoint = latestCheckpoint();
    const indexes = [pledge.logIndex, ...pledge.declarations.map((d) => d.logIndex), ...(pledge.withdrawal ? [pledge.withdrawal.logIndex] : [])].sort(
      (a, b) => a - b,
    );
    const entries = [edition.logIndex, ...indexes].map((index) => {
      const entry = logEntries(index, index + 1).entries[0];
      if (!entry) throw new Error(`The log has no entry ${index}, which pledge ${id} names.`);
      return {
        index,
        text: entry.text,
        leafHash: toHex(entry.leafHash),
        inclusionProof: inclusionProof(index, checkpoint.treeSize).hashes.map(toHex),
      };
    });
    return {
      format: "accord-proof-bundle/1",
      pledge: String(pledge.id),
      verifierKey: logVerifierKey(),
      checkpoint: checkpoint.note,
      treeSize: checkpoint.treeSize,
      entries,
      declarations: pledge.declarations.map((declaration) => ({ text: declaration.text, digest: declaration.digest })),
    };
  });
}
