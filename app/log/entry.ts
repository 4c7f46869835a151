// The canonical text of one entry in Accord's log: what is hashed into a leaf (./merkle.ts) for
// every pledge event. Version 1 is UTF-8, Unix newlines, one "key value" line per field in this
// fixed order, every line (the last too) ending with "\n":
//
//   accord-log-entry/1
//   kind <adoption | subscription | endorsement | withdrawal | declaration>
//   state <ISO 3166-1 alpha-2 code, upper case | "-" for an adoption>
//   edition <slug of the adopted edition of the code>
//   text-digest <SHA-256, lower-case hex, of the edition's canonical UTF-8 text>
//   effective-date <YYYY-MM-DD>
//   recorded <UTC instant, YYYY-MM-DDTHH:MM:SS.mmmZ>
//   pledge <pledge id | "-">
//   declaration-digest <SHA-256, lower-case hex, of the declaration text | "-">
//
// A declaration is free text, so the entry carries only its digest: SHA-256 of the declaration's
// UTF-8 bytes, which must be NFC-normalised, and the text is published beside the entry. Anyone
// can hash the published text and compare, and the entry stays one line per field.
//
// Which fields are "-" depends on the kind: an adoption has no state, pledge or declaration; a
// subscription, endorsement or withdrawal names a state and a pledge; a declaration names a state
// and its declaration digest, and the pledge it accompanies if there is one. State codes are
// checked for shape ([A-Z]{2}, as the states table is), not against a list, so the format does not
// change when the list of codes does.
//
// Parsing is strict: the parse of an encoding gives back the same entry, and any other text
// (another order, extra or missing spaces, CR, unknown keys, non-NFC text, impossible dates) is
// refused with a LogFormatError naming the line.
import { createHash } from "node:crypto";
import { fromUtf8, utf8 } from "./bytes";
import { LogFormatError } from "./errors";
import { hashLeaf } from "./merkle";

export const ENTRY_FORMAT = "accord-log-entry/1";
export const ENTRY_KINDS = ["adoption", "subscription", "endorsement", "withdrawal", "declaration"] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export interface LogEntry {
  readonly kind: EntryKind;
  /** ISO 3166-1 alpha-2, upper case; null for an adoption. */
  readonly state: string | null;
  readonly edition: string;
  /** SHA-256 hex of the edition's canonical text. */
  readonly textDigest: string;
  /** YYYY-MM-DD */
  readonly effectiveDate: string;
  /** UTC instant with milliseconds, as Date.prototype.toISOString writes it. */
  readonly recorded: string;
  readonly pledge: string | null;
  /** SHA-256 hex of the declaration text; only for a declaration. */
  readonly declarationDigest: string | null;
}

type FieldName = Exclude<keyof LogEntry, "kind">;

const NONE = "-";
const DIGEST = /^[0-9a-f]{64}$/;

interface FieldSpec {
  key: string;
  field: keyof LogEntry;
  nullable: boolean;
  check(value: string): string | null; // a problem, or null when the value is good
}

const FIELDS: readonly FieldSpec[] = [
  { key: "kind", field: "kind", nullable: false, check: (v) => (isEntryKind(v) ? null : `must be one of ${ENTRY_KINDS.join(", ")}`) },
  { key: "state", field: "state", nullable: true, check: (v) => (/^[A-Z]{2}$/.test(v) ? null : "must be two upper-case letters") },
  {
    key: "edition",
    field: "edition",
    nullable: false,
    check: (v) => (/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(v) && v.length <= 100 ? null : "must be a slug: a-z, 0-9 and single hyphens, at most 100 characters"),
  },
  { key: "text-digest", field: "textDigest", nullable: false, check: (v) => (DIGEST.test(v) ? null : "must be 64 lower-case hexadecimal digits") },
  { key: "effective-date", field: "effectiveDate", nullable: false, check: (v) => (isIsoDate(v) ? null : "must be a calendar date YYYY-MM-DD") },
  {
    key: "recorded",
    field: "recorded",
    nullable: false,
    check: (v) => (isUtcInstant(v) ? null : "must be a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ"),
  },
  {
    key: "pledge",
    field: "pledge",
    nullable: true,
    check: (v) => (/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(v) ? null : "must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit"),
  },
  { key: "declaration-digest", field: "declarationDigest", nullable: true, check: (v) => (DIGEST.test(v) ? null : "must be 64 lower-case hexadecimal digits") },
];

// Which nullable fields each kind requires ("required") or forbids ("none").
const PRESENCE: Record<EntryKind, Record<Exclude<FieldName, "edition" | "textDigest" | "effectiveDate" | "recorded">, "required" | "none" | "optional">> = {
  adoption: { state: "none", pledge: "none", declarationDigest: "none" },
  subscription: { state: "required", pledge: "required", declarationDigest: "none" },
  endorsement: { state: "required", pledge: "required", declarationDigest: "none" },
  withdrawal: { state: "required", pledge: "required", declarationDigest: "none" },
  declaration: { state: "required", pledge: "optional", declarationDigest: "required" },
};

export function isEntryKind(value: string): value is EntryKind {
  return (ENTRY_KINDS as readonly string[]).includes(value);
}

function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function isUtcInstant(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(value)) return false;
  const date = new Date(value);
  return !Number.isNaN(date.getTime()) && date.toISOString() === value;
}

/** The `recorded` value for an instant. */
export function formatRecorded(at: Date): string {
  return at.toISOString();
}

/** SHA-256 hex of UTF-8 text; the text must be NFC, so one text has one digest. */
export function textDigest(text: string): string {
  if (text.normalize("NFC") !== text) throw new LogFormatError("text must be in Unicode normalisation form C (NFC)");
  return createHash("sha256").update(utf8(text)).digest("hex");
}

function fieldValue(entry: LogEntry, spec: FieldSpec): string {
  const value = entry[spec.field];
  return value === null ? NONE : value;
}

function checkField(spec: FieldSpec, value: string, where: string): void {
  if (value === NONE && spec.nullable) return;
  const problem = spec.check(value);
  if (problem) throw new LogFormatError(`${where}: ${spec.key} ${problem}`);
}

function checkPresence(entry: LogEntry, where: string): void {
  for (const [field, rule] of Object.entries(PRESENCE[entry.kind])) {
    const value = entry[field as keyof LogEntry];
    const key = FIELDS.find((spec) => spec.field === field)?.key ?? field;
    const kind = `${/^[aeiou]/.test(entry.kind) ? "an" : "a"} ${entry.kind}`;
    if (rule === "required" && value === null) throw new LogFormatError(`${where}: ${kind} needs a ${key}`);
    if (rule === "none" && value !== null) throw new LogFormatError(`${where}: ${kind} has no ${key} ("-")`);
  }
}

/** The canonical text of an entry. Throws if any field is not valid for its kind. */
export function encodeEntry(entry: LogEntry): string {
  for (const spec of FIELDS) {
    const value = entry[spec.field];
    if (value === null && !spec.nullable) throw new LogFormatError(`log entry: ${spec.key} is required`);
    if (value === NONE) throw new LogFormatError(`log entry: ${spec.key} "-" is written as null`);
    checkField(spec, fieldValue(entry, spec), "log entry");
  }
  checkPresence(entry, "log entry");
  return [ENTRY_FORMAT, ...FIELDS.map((spec) => `${spec.key} ${fieldValue(entry, spec)}`)].map((line) => `${line}\n`).join("");
}

/** The entry's UTF-8 bytes: what the log hashes and what a verifier hashes. */
export function entryBytes(entry: LogEntry): Uint8Array {
  return utf8(encodeEntry(entry));
}

/** The entry's RFC 9162 leaf hash. */
export function entryLeafHash(entry: LogEntry): Uint8Array {
  return hashLeaf(entryBytes(entry));
}

/** Reads the canonical text of an entry, refusing anything that is not exactly an encoding. */
export function parseEntry(input: string | Uint8Array): LogEntry {
  const text = typeof input === "string" ? input : fromUtf8(input, "log entry");
  if (text.includes("\r")) throw new LogFormatError("log entry: lines must end with LF only, not CR");
  if (text.normalize("NFC") !== text) throw new LogFormatError("log entry: text is not in Unicode normalisation form C (NFC)");
  if (!text.endsWith("\n")) throw new LogFormatError("log entry: must end with a newline");
  const lines = text.slice(0, -1).split("\n");
  if (lines[0] !== ENTRY_FORMAT) throw new LogFormatError(`log entry: line 1 must be ${ENTRY_FORMAT}`);
  const values = FIELDS.map((spec, i) => readLine(lines[i + 1], spec, i + 2));
  if (lines.length > FIELDS.length + 1) {
    throw new LogFormatError(`log entry: line ${FIELDS.length + 2}: unexpected line after ${FIELDS.at(-1)?.key}`);
  }
  const record = Object.fromEntries(FIELDS.map((spec, i) => [spec.field, values[i] === NONE ? null : values[i]]));
  const entry = record as unknown as LogEntry;
  checkPresence(entry, "log entry");
  return entry;
}

function readLine(line: string | undefined, spec: FieldSpec, number: number): string {
  const where = `log entry: line ${number}`;
  if (line === undefined) throw new LogFormatError(`${where}: missing ${spec.key}`);
  const space = line.indexOf(" ");
  const key = space < 0 ? line : line.slice(0, space);
  if (key !== spec.key) throw new LogFormatError(`${where}: expected key ${spec.key}, found ${JSON.stringify(key)}`);
  const value = line.slice(space + 1);
  if (space < 0 || value === "") throw new LogFormatError(`${where}: ${spec.key} has no value`);
  if (value.includes(" ")) throw new LogFormatError(`${where}: ${spec.key} value must not contain spaces`);
  checkField(spec, value, where);
  return value;
}
