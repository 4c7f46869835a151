import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { refusal } from "./test-support";
import { toHex } from "./bytes";
import { ENTRY_KINDS, encodeEntry, entryBytes, entryLeafHash, formatRecorded, parseEntry, textDigest, type LogEntry } from "./entry";
import { LogFormatError } from "./errors";
import { hashLeaf } from "./merkle";

const DIGEST = "a".repeat(64);
const DECLARATION = "The Government of Norway declares that it applies the code to all intrusion software.";

const adoption: LogEntry = {
  kind: "adoption",
  state: null,
  edition: "code-of-conduct-2026",
  textDigest: DIGEST,
  effectiveDate: "2026-12-10",
  recorded: "2026-11-27T06:43:39.123Z",
  pledge: null,
  declarationDigest: null,
};
const subscription: LogEntry = { ...adoption, kind: "subscription", state: "NO", pledge: "17" };
const declaration: LogEntry = { ...subscription, kind: "declaration", declarationDigest: textDigest(DECLARATION) };

const ADOPTION_TEXT = [
  "accord-log-entry/1",
  "kind adoption",
  "state -",
  "edition code-of-conduct-2026",
  `text-digest ${DIGEST}`,
  "effective-date 2026-12-10",
  "recorded 2026-11-27T06:43:39.123Z",
  "pledge -",
  "declaration-digest -",
  "",
].join("\n");


describe("encoding", () => {
  test("an adoption is written one field per line in the fixed order", () => {
    expect(encodeEntry(adoption)).toBe(ADOPTION_TEXT);
    expect(entryBytes(adoption)).toEqual(new TextEncoder().encode(ADOPTION_TEXT));
    expect(entryLeafHash(adoption)).toEqual(hashLeaf(new TextEncoder().encode(ADOPTION_TEXT)));
  });

  test("every kind parses back to the same entry", () => {
    const withdrawal: LogEntry = { ...subscription, kind: "withdrawal" };
    const endorsement: LogEntry = { ...subscription, kind: "endorsement", state: "XK", pledge: "p_2026-01" };
    const unattached: LogEntry = { ...declaration, pledge: null };
    for (const entry of [adoption, subscription, endorsement, withdrawal, declaration, unattached]) {
      expect(parseEntry(encodeEntry(entry))).toEqual(entry);
      expect(parseEntry(entryBytes(entry))).toEqual(entry);
    }
  });

  test("a declaration is logged by the SHA-256 of its NFC text", () => {
    expect(declaration.declarationDigest).toBe(createHash("sha256").update(DECLARATION, "utf8").digest("hex"));
    expect(encodeEntry(declaration)).toContain(`\ndeclaration-digest ${textDigest(DECLARATION)}\n`);
    expect(refusal(() => textDigest("Cafe\u0301"))).toBe("text must be in Unicode normalisation form C (NFC)");
    expect(textDigest("Caf\u00e9")).toMatch(/^[0-9a-f]{64}$/);
  });

  test("recorded is the UTC instant as toISOString writes it", () => {
    expect(formatRecorded(new Date(Date.UTC(2026, 10, 27, 6, 43, 39, 5)))).toBe("2026-11-27T06:43:39.005Z");
  });

  test("fields that do not fit their kind are refused", () => {
    const cases: Array<[LogEntry, string]> = [
      [{ ...adoption, state: "NO" }, 'log entry: an adoption has no state ("-")'],
      [{ ...adoption, pledge: "1" }, 'log entry: an adoption has no pledge ("-")'],
      [{ ...subscription, state: null }, "log entry: a subscription needs a state"],
      [{ ...subscription, pledge: null }, "log entry: a subscription needs a pledge"],
      [{ ...subscription, declarationDigest: DIGEST }, 'log entry: a subscription has no declaration-digest ("-")'],
      [{ ...declaration, declarationDigest: null }, "log entry: a declaration needs a declaration-digest"],
      [{ ...subscription, state: "no" }, "log entry: state must be two upper-case letters"],
      [{ ...subscription, state: "-" }, 'log entry: state "-" is written as null'],
      [{ ...adoption, edition: "Code of Conduct" }, "log entry: edition must be a slug: a-z, 0-9 and single hyphens, at most 100 characters"],
      [{ ...adoption, textDigest: DIGEST.toUpperCase() }, "log entry: text-digest must be 64 lower-case hexadecimal digits"],
      [{ ...adoption, effectiveDate: "2026-02-30" }, "log entry: effective-date must be a calendar date YYYY-MM-DD"],
      [{ ...adoption, recorded: "2026-11-27T06:43:39Z" }, "log entry: recorded must be a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ"],
      [{ ...adoption, kind: "ratification" as LogEntry["kind"] }, `log entry: kind must be one of ${ENTRY_KINDS.join(", ")}`],
      [{ ...subscription, pledge: "a b" }, "log entry: pledge must be 1 to 64 letters, digits, '-' or '_', starting with a letter or digit"],
    ];
    for (const [entry, message] of cases) expect(refusal(() => encodeEntry(entry))).toBe(message);
  });
});

describe("parsing is strict", () => {
  const lines = ADOPTION_TEXT.slice(0, -1).split("\n");
  const withLine = (index: number, line: string) => lines.map((l, i) => (i === index ? line : l)).join("\n") + "\n";

  test.each([
    ["another version", withLine(0, "accord-log-entry/2"), "log entry: line 1 must be accord-log-entry/1"],
    ["fields out of order", [lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n") + "\n", 'log entry: line 2: expected key kind, found "state"'],
    ["an unknown key", withLine(3, "chapter code-of-conduct-2026"), 'log entry: line 4: expected key edition, found "chapter"'],
    ["a doubled space", withLine(1, "kind  adoption"), "log entry: line 2: kind value must not contain spaces"],
    ["a trailing space", withLine(1, "kind adoption "), "log entry: line 2: kind value must not contain spaces"],
    ["a missing value", withLine(1, "kind"), "log entry: line 2: kind has no value"],
    ["an empty value", withLine(1, "kind "), "log entry: line 2: kind has no value"],
    ["a tab for the space", withLine(1, "kind\tadoption"), 'log entry: line 2: expected key kind, found "kind\\tadoption"'],
    ["CR LF line ends", ADOPTION_TEXT.replace(/\n/g, "\r\n"), "log entry: lines must end with LF only, not CR"],
    ["no final newline", ADOPTION_TEXT.slice(0, -1), "log entry: must end with a newline"],
    ["a blank line at the end", `${ADOPTION_TEXT}\n`, "log entry: line 10: unexpected line after declaration-digest"],
    ["an extra field", `${ADOPTION_TEXT}note x\n`, "log entry: line 10: unexpected line after declaration-digest"],
    ["a missing field", lines.slice(0, -1).join("\n") + "\n", "log entry: line 9: missing declaration-digest"],
    ["an impossible date", withLine(5, "effective-date 2026-13-01"), "log entry: line 6: effective-date must be a calendar date YYYY-MM-DD"],
    ["an instant with an offset", withLine(6, "recorded 2026-11-27T06:43:39.123+00:00"), "log entry: line 7: recorded must be a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ"],
    ["an impossible instant", withLine(6, "recorded 2026-11-27T24:43:39.123Z"), "log entry: line 7: recorded must be a UTC instant YYYY-MM-DDTHH:MM:SS.mmmZ"],
    ["a non-NFC value", withLine(3, "edition e\u0301dition"), "log entry: text is not in Unicode normalisation form C (NFC)"],
    ["a non-ASCII slug", withLine(3, "edition \u00e9dition"), "log entry: line 4: edition must be a slug: a-z, 0-9 and single hyphens, at most 100 characters"],
    ["a state for an adoption", withLine(2, "state NO"), 'log entry: an adoption has no state ("-")'],
  ])("refuses %s", (_name, text, message) => {
    expect(refusal(() => parseEntry(text))).toBe(message);
  });

  test("refuses bytes that are not UTF-8", () => {
    expect(refusal(() => parseEntry(Uint8Array.of(0xc3, 0x28)))).toBe("log entry is not valid UTF-8");
  });
});

describe("properties", () => {
  const hex64 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map(toHex);
  const slug = fc.array(fc.stringMatching(/^[a-z0-9]{1,8}$/), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("-"));
  const date = fc.date({ min: new Date("1900-01-01T00:00:00.000Z"), max: new Date("2999-12-31T23:59:59.999Z"), noInvalidDate: true });
  const stateCode = fc.stringMatching(/^[A-Z]{2}$/);
  const pledgeId = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,20}$/);
  const entryArbitrary: fc.Arbitrary<LogEntry> = fc
    .record({
      kind: fc.constantFrom(...ENTRY_KINDS),
      state: stateCode,
      edition: slug,
      textDigest: hex64,
      effective: date,
      recorded: date,
      pledge: fc.option(pledgeId),
      declarationDigest: hex64,
    })
    .map((r) => ({
      kind: r.kind,
      state: r.kind === "adoption" ? null : r.state,
      edition: r.edition,
      textDigest: r.textDigest,
      effectiveDate: r.effective.toISOString().slice(0, 10),
      recorded: r.recorded.toISOString(),
      pledge: r.kind === "adoption" ? null : r.kind === "declaration" ? r.pledge : (r.pledge ?? "1"),
      declarationDigest: r.kind === "declaration" ? r.declarationDigest : null,
    }));

  test("the parse of an encoding gives back the same entry", () => {
    fc.assert(
      fc.property(entryArbitrary, (entry) => {
        expect(parseEntry(encodeEntry(entry))).toEqual(entry);
      }),
      { numRuns: 300 },
    );
  });

  test("changing one character of an encoding either is refused or encodes a different entry", () => {
    fc.assert(
      fc.property(entryArbitrary, fc.nat(), fc.integer({ min: 1, max: 0x7f }), (entry, at, delta) => {
        const text = encodeEntry(entry);
        const i = at % text.length;
        const changed = text.slice(0, i) + String.fromCharCode((text.charCodeAt(i) + delta) % 0x80) + text.slice(i + 1);
        let parsed: LogEntry | null = null;
        try {
          parsed = parseEntry(changed);
        } catch (error) {
          if (!(error instanceof LogFormatError)) throw error;
        }
        // Whatever is accepted is canonical: it encodes back to exactly the changed text.
        if (parsed) expect(encodeEntry(parsed)).toBe(changed);
      }),
      { numRuns: 500 },
    );
  });
});
