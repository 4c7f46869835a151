// /pledges.csv: the pledge records as RFC 4180 CSV (csv-stringify): a header row of snake_case
// names, CRLF line ends, fields quoted when they hold a comma, a quote or a line break, quotes
// doubled. The file starts with a UTF-8 byte order mark, because spreadsheet software otherwise
// reads it in the system's legacy encoding and garbles every name with an accent; CSV libraries
// skip it (csv-parse: `bom: true`).
import { stringify } from "csv-stringify/sync";
import { CSV_COLUMNS, type PledgeRecord } from "./pledge-record";

export const CSV_BOM = "\uFEFF";

/** Declarations in one cell: their texts, in log order, separated by a blank line. */
export const DECLARATION_SEPARATOR = "\n\n";

// A cell starting with one of these is a formula to spreadsheet software (CSV injection): a
// declaration is free text, so it could run as one on the reader's machine.
const FORMULA_START = /^[=+\-@\t\r]/;

/** The cell as text that spreadsheet software shows as text: a formula-like start gets a leading quote. */
export function defuseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvRow(record: PledgeRecord): Record<string, string | number> {
  const row: Record<string, string | number> = {
    pledge_id: record.id,
    state_code: record.state.code,
    state_name: record.state.name,
    kind: record.kind,
    edition_id: record.edition.id,
    edition_slug: record.edition.slug,
    edition_number: record.edition.number,
    edition_title: record.edition.title,
    text_digest: record.edition.digest,
    effective_date: record.effectiveDate,
    recorded_at: record.recordedAt,
    channel: record.channel,
    status: record.status,
    withdrawn_on: record.withdrawal?.effectiveDate ?? "",
    withdrawal_reason: record.withdrawal?.reason ?? "",
    withdrawal_recorded_at: record.withdrawal?.recordedAt ?? "",
    withdrawal_log_index: record.withdrawal?.logIndex ?? "",
    declarations: record.declarations.map((declaration) => declaration.text).join(DECLARATION_SEPARATOR),
    declaration_count: record.declarations.length,
    log_index: record.logIndex,
    url: record.url,
    proof_url: record.proofUrl,
  };
  // Numbers never start with a formula character; only text is defused.
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, typeof value === "string" ? defuseFormula(value) : value]));
}

export function pledgesCsv(records: readonly PledgeRecord[]): string {
  return CSV_BOM + stringify(records.map(csvRow), { header: true, columns: [...CSV_COLUMNS], record_delimiter: "\r\n" });
}
