// The pledge record of Accord's open data: one shape, built once from the pledge module, that
// /pledges.json, /pledges.csv, the Atom feeds and the /open-data page all read, so that every format
// carries the same ids, dates and digests. `PLEDGE_RECORD_FIELDS` describes each field once: where it
// sits in the JSON, which CSV column carries it, its type and the message that says what it means.
import type { MessageId } from "../i18n";
import type { PledgeChannel, PledgeKind } from "../lib/pledges";
import { listPledges, type PublicPledge } from "../models/pledge.server";

export interface PledgeRecordDeclaration {
  text: string;
  /** SHA-256 of the text, hex, as the declaration's log entry carries it. */
  digest: string;
  recordedAt: string;
  logIndex: number;
}

export interface PledgeRecordWithdrawal {
  effectiveDate: string;
  reason: string;
  recordedAt: string;
  logIndex: number;
}

/** A pledge as open data. Instants are ISO 8601 in UTC, dates `YYYY-MM-DD`, URLs absolute. */
export interface PledgeRecord {
  id: number;
  state: { code: string; name: string };
  edition: { id: number; slug: string; title: string; number: number; digest: string };
  kind: PledgeKind;
  effectiveDate: string;
  recordedAt: string;
  channel: PledgeChannel;
  status: "active" | "withdrawn";
  declarations: PledgeRecordDeclaration[];
  withdrawal: PledgeRecordWithdrawal | null;
  logIndex: number;
  url: string;
  proofUrl: string;
}

export type FieldType = "integer" | "string" | "date" | "instant" | "digest" | "url" | "enum" | "list";

export interface PledgeRecordField {
  /** The field's path in /pledges.json, relative to one element of `pledges`. */
  json: string;
  /** Its CSV column, or null for what only the JSON carries (a declaration's own digest and entry). */
  csv: string | null;
  type: FieldType;
  /** Allowed values of an enum. */
  values?: readonly string[];
  /** True when the field may be empty (null in JSON, an empty cell in CSV). */
  optional?: boolean;
  meaning: MessageId;
}

/** Every field of the record, in the CSV's column order (JSON-only fields where they belong). */
export const PLEDGE_RECORD_FIELDS: readonly PledgeRecordField[] = [
  { json: "id", csv: "pledge_id", type: "integer", meaning: "open-data.field.id" },
  { json: "state.code", csv: "state_code", type: "string", meaning: "open-data.field.state-code" },
  { json: "state.name", csv: "state_name", type: "string", meaning: "open-data.field.state-name" },
  { json: "kind", csv: "kind", type: "enum", values: ["subscription", "endorsement"], meaning: "open-data.field.kind" },
  { json: "edition.id", csv: "edition_id", type: "integer", meaning: "open-data.field.edition-id" },
  { json: "edition.slug", csv: "edition_slug", type: "string", meaning: "open-data.field.edition-slug" },
  { json: "edition.number", csv: "edition_number", type: "integer", meaning: "open-data.field.edition-number" },
  { json: "edition.title", csv: "edition_title", type: "string", meaning: "open-data.field.edition-title" },
  { json: "edition.digest", csv: "text_digest", type: "digest", meaning: "open-data.field.text-digest" },
  { json: "effectiveDate", csv: "effective_date", type: "date", meaning: "open-data.field.effective-date" },
  { json: "recordedAt", csv: "recorded_at", type: "instant", meaning: "open-data.field.recorded-at" },
  { json: "channel", csv: "channel", type: "enum", values: ["signer", "paper"], meaning: "open-data.field.channel" },
  { json: "status", csv: "status", type: "enum", values: ["active", "withdrawn"], meaning: "open-data.field.status" },
  { json: "withdrawal.effectiveDate", csv: "withdrawn_on", type: "date", optional: true, meaning: "open-data.field.withdrawn-on" },
  { json: "withdrawal.reason", csv: "withdrawal_reason", type: "string", optional: true, meaning: "open-data.field.withdrawal-reason" },
  { json: "withdrawal.recordedAt", csv: "withdrawal_recorded_at", type: "instant", optional: true, meaning: "open-data.field.withdrawal-recorded-at" },
  { json: "withdrawal.logIndex", csv: "withdrawal_log_index", type: "integer", optional: true, meaning: "open-data.field.withdrawal-log-index" },
  { json: "declarations[].text", csv: "declarations", type: "list", meaning: "open-data.field.declarations" },
  { json: "declarations.length", csv: "declaration_count", type: "integer", meaning: "open-data.field.declaration-count" },
  { json: "declarations[].digest", csv: null, type: "digest", meaning: "open-data.field.declaration-digest" },
  { json: "declarations[].recordedAt", csv: null, type: "instant", meaning: "open-data.field.declaration-recorded-at" },
  { json: "declarations[].logIndex", csv: null, type: "integer", meaning: "open-data.field.declaration-log-index" },
  { json: "logIndex", csv: "log_index", type: "integer", meaning: "open-data.field.log-index" },
  { json: "url", csv: "url", type: "url", meaning: "open-data.field.url" },
  { json: "proofUrl", csv: "proof_url", type: "url", meaning: "open-data.field.proof-url" },
];

/** The CSV's columns, in order. */
export const CSV_COLUMNS: readonly string[] = PLEDGE_RECORD_FIELDS.flatMap((field) => (field.csv ? [field.csv] : []));

/** Where a pledge's page and proof bundle live, on `origin` (e.g. "https://accord.example"). */
export function pledgeUrls(origin: string, id: number): { url: string; proofUrl: string } {
  return { url: new URL(`/pledges/${id}`, origin).href, proofUrl: new URL(`/pledges/${id}/proof.json`, origin).href };
}

export function pledgeRecord(pledge: PublicPledge, origin: string): PledgeRecord {
  return {
    id: pledge.id,
    state: { code: pledge.state.code, name: pledge.state.name },
    edition: { ...pledge.edition },
    kind: pledge.kind,
    effectiveDate: pledge.effectiveDate,
    recordedAt: pledge.recordedAt.toISOString(),
    channel: pledge.channel,
    status: pledge.status,
    declarations: pledge.declarations.map((declaration) => ({
      text: declaration.text,
      digest: declaration.digest,
      recordedAt: declaration.recordedAt.toISOString(),
      logIndex: declaration.logIndex,
    })),
    withdrawal: pledge.withdrawal && { ...pledge.withdrawal, recordedAt: pledge.withdrawal.recordedAt.toISOString() },
    logIndex: pledge.logIndex,
    ...pledgeUrls(origin, pledge.id),
  };
}

/** Every pledge (of one state), withdrawn ones included, by effective date then id, as records. */
export function pledgeRecords(origin: string, filter: { stateCode?: string } = {}): PledgeRecord[] {
  return listPledges(filter).map((pledge) => pledgeRecord(pledge, origin));
}

/**
 * The origin that open data's absolute URLs and feed ids are written with: the configured public
 * origin when there is one (so ids stay the same whatever address reached the server), else the
 * request's own.
 */
export function dataOrigin(request: Request, publicOrigin: string | null): string {
  return publicOrigin ?? new URL(request.url).origin;
}
