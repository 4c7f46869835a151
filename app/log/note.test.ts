import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { refusal } from "./test-support";
import {
  encodeSignerKey,
  encodeVerifierKey,
  generateKeys,
  isValidKeyName,
  keyId,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
} from "./note";

// Test keys and notes of golang.org/x/mod/sumdb/note (note_test.go): the same bytes prove that
// notes signed here open there and the other way round.
const PETER_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const PETER_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const ENOCH_VERIFIER_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG_B64 = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=";
const ENOCH_SIG_B64 = "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=";
const PETER_SIG = `— PeterNeumann ${PETER_SIG_B64}\n`;
const ENOCH_SIG = `— EnochRoot ${ENOCH_SIG_B64}\n`;

const peter = { name: "PeterNeumann", keyId: 0xc74f20a3, base64: PETER_SIG_B64 };
const enoch = { name: "EnochRoot", keyId: 0xaf0cfe78, base64: ENOCH_SIG_B64 };


describe("keys", () => {
  test("the sumdb/note test keys are read, and their key IDs match", () => {
    const verifier = parseVerifierKey(PETER_VERIFIER_KEY);
    expect(verifier).toMatchObject({ name: "PeterNeumann", keyId: 0xc74f20a3 });
    expect(keyId("PeterNeumann", verifier.publicKey)).toBe(0xc74f20a3);
    const signer = parseSignerKey(PETER_SIGNER_KEY);
    expect(signer).toMatchObject({ name: "PeterNeumann", keyId: 0xc74f20a3 });
    expect(verifierKeyOf(signer)).toBe(PETER_VERIFIER_KEY);
    expect(encodeVerifierKey("PeterNeumann", verifier.publicKey)).toBe(PETER_VERIFIER_KEY);
    expect(encodeSignerKey("PeterNeumann", Buffer.from(PETER_SIGNER_KEY.split("+").slice(4).join("+"), "base64").subarray(1))).toBe(
      PETER_SIGNER_KEY,
    );
    expect(parseVerifierKey(ENOCH_VERIFIER_KEY)).toMatchObject({ name: "EnochRoot", keyId: 0xaf0cfe78 });
  });

  test("every truncation or single-character change of a verifier key is refused", () => {
    const accepted: string[] = [];
    for (let i = 0; i <= PETER_VERIFIER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_VERIFIER_KEY.length; j++) {
        const part = PETER_VERIFIER_KEY.slice(i, j);
        if (part !== PETER_VERIFIER_KEY && refusal(() => parseVerifierKey(part)) === "accepted") accepted.push(part);
      }
    }
    for (let i = 0; i < PETER_VERIFIER_KEY.length; i++) {
      const changed = PETER_VERIFIER_KEY.slice(0, i) + String.fromCharCode(PETER_VERIFIER_KEY.charCodeAt(i) + 1) + PETER_VERIFIER_KEY.slice(i + 1);
      if (refusal(() => parseVerifierKey(changed)) === "accepted") accepted.push(changed);
    }
    expect(accepted).toEqual([]);
  });

  test("every truncation or single-character change of a signer key is refused", () => {
    const accepted: string[] = [];
    for (let i = 0; i <= PETER_SIGNER_KEY.length; i++) {
      for (let j = i + 1; j <= PETER_SIGNER_KEY.length; j++) {
        const part = PETER_SIGNER_KEY.slice(i, j);
        if (part !== PETER_SIGNER_KEY && refusal(() => parseSignerKey(part)) === "accepted") accepted.push(part);
      }
    }
    for (let i = 0; i < PETER_SIGNER_KEY.length; i++) {
      const changed = PETER_SIGNER_KEY.slice(0, i) + String.fromCharCode(PETER_SIGNER_KEY.charCodeAt(i) + 1) + PETER_SIGNER_KEY.slice(i + 1);
      if (refusal(() => parseSignerKey(changed)) === "accepted") accepted.push(changed);
    }
    expect(accepted).toEqual([]);
  });

  test("keys with a wrong length or an unknown type are refused with a reason", () => {
    // From note_test.go: a key of the wrong length and one of an unknown type, each with a matching key ID.
    // The first is refused earlier here than in Go: its base64 has non-zero padding bits.
    expect(refusal(() => parseVerifierKey("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))).toBe(
      "verifier key key data is not canonical base64",
    );
    expect(refusal(() => parseVerifierKey("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))).toBe(
      "verifier key is not an Ed25519 key (type 0x01)",
    );
    expect(refusal(() => parseVerifierKey("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))).toBe(
      "verifier key: the key ID does not match the name and public key",
    );
    expect(refusal(() => parseVerifierKey("PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))).toBe(
      "verifier key: the key ID must be 8 lower-case hexadecimal digits",
    );
    expect(refusal(() => parseSignerKey(PETER_VERIFIER_KEY))).toBe("signer key must start with PRIVATE+KEY+");
  });

  test("key names: non-empty, no Unicode spaces, no plus, no control characters", () => {
    for (const name of ["PeterNeumann", "accord.example.org/log", "état.example/journal"]) expect(isValidKeyName(name)).toBe(true);
    for (const name of ["", "a+b", "a b", "a\tb", "a\u00a0b", "a\u2003b", "a\u2028b", "a\u0085b", "a\u0001b", "a\ud800b"]) {
      expect(isValidKeyName(name)).toBe(false);
    }
    expect(refusal(() => generateKeys("bad name"))).toMatch(/^key name "bad name" is not valid/);
  });

  test("generated keys sign notes that their verifier key opens", () => {
    const { signerKey, verifierKey } = generateKeys("accord.example.org/log");
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+accord\.example\.org\/log\+[0-9a-f]{8}\+/);
    const signer = parseSignerKey(signerKey);
    expect(verifierKeyOf(signer)).toBe(verifierKey);
    const opened = openNote(signNote("hello\n", [signer]), [parseVerifierKey(verifierKey)]);
    expect(opened.text).toBe("hello\n");
    expect(opened.signatures).toHaveLength(1);
  });
});

describe("signing", () => {
  test("signing the sumdb/note text gives exactly the reference note", () => {
    expect(signNote(TEXT, [parseSignerKey(PETER_SIGNER_KEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  test("a text must end with a newline and hold no control characters", () => {
    const signer = parseSignerKey(PETER_SIGNER_KEY);
    expect(refusal(() => signNote("abc", [signer]))).toBe("note text must end with a newline");
    expect(refusal(() => signNote("a\tb\n", [signer]))).toBe("note text contains the control character U+0009");
    expect(refusal(() => signNote("abc\n", []))).toBe("a note needs at least one signer");
  });
});

describe("opening", () => {
  const peterVerifier = parseVerifierKey(PETER_VERIFIER_KEY);
  const enochVerifier = parseVerifierKey(ENOCH_VERIFIER_KEY);

  test("signatures by unknown keys are kept aside, unverified", () => {
    const opened = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peterVerifier]);
    expect(opened).toEqual({ text: TEXT, signatures: [peter], unverifiedSignatures: [enoch] });
  });

  test("two known keys are both verified", () => {
    const opened = openNote(new TextEncoder().encode(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`), [peterVerifier, enochVerifier]);
    expect(opened).toEqual({ text: TEXT, signatures: [peter, enoch], unverifiedSignatures: [] });
  });

  test("a note needs a signature by a known key", () => {
    expect(refusal(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, []))).toBe("note has no signature by a known key");
  });

  test("the same key given twice is ambiguous", () => {
    expect(refusal(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [enochVerifier, peterVerifier, enochVerifier]))).toBe(
      "ambiguous key EnochRoot+af0cfe78: it is given twice",
    );
  });

  test("at most 100 signatures are read", () => {
    expect(refusal(() => openNote(`${TEXT}\n${PETER_SIG.repeat(101)}`, [peterVerifier]))).toBe("note has more than 100 signatures");
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peterVerifier]).signatures).toEqual([peter]);
  });

  test("a bad signature by a known key refuses the note", () => {
    // note_test.go inserts at byte 60; the em dash is 3 bytes in UTF-8 and one UTF-16 unit here.
    const broken = `${PETER_SIG.slice(0, 58)}ABCD${PETER_SIG.slice(58)}`;
    expect(refusal(() => openNote(`${TEXT}\n${broken}`, [peterVerifier]))).toBe("invalid signature for key PeterNeumann+c74f20a3");
  });

  test("repeated signatures are recorded once", () => {
    const enochAbcd = `${ENOCH_SIG.slice(0, 58)}ABCD${ENOCH_SIG.slice(58)}`;
    const opened = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochAbcd}`, [peterVerifier]);
    expect(opened.signatures).toEqual([peter]);
    expect(opened.unverifiedSignatures).toEqual([enoch, { ...enoch, base64: `${ENOCH_SIG_B64.slice(0, 46)}ABCD${ENOCH_SIG_B64.slice(46)}` }]);
  });

  test("malformed notes are refused (the cases of note_test.go and more)", () => {
    const cases: Array<[string, string]> = [
      [TEXT, "note has no blank line before its signatures"],
      [`${TEXT}\n`, "note signatures must end with a newline"],
      [`${TEXT}\n${PETER_SIG.slice(0, -1)}`, "note signatures must end with a newline"],
      [`\u0001${TEXT}\n${PETER_SIG}`, "note contains the control character U+0001"],
      [`${TEXT}\n— Bad Name ${PETER_SIG_B64}\n`, "note signature line 1 signature is not standard padded base64"],
      [`${TEXT}\n— Bad+Name ${PETER_SIG_B64}\n`, "note signature line 1 has an invalid key name"],
      [`${TEXT}\n${PETER_SIG}Unexpected line.\n`, "note signature line 2 must start with an em dash (U+2014) and a space"],
      [`${TEXT}\n- PeterNeumann ${PETER_SIG_B64}\n`, "note signature line 1 must start with an em dash (U+2014) and a space"],
      [`${TEXT}\n— PeterNeumann\n`, 'note signature line 1 must be "— <key name> <signature>"'],
      [`${TEXT}\n— PeterNeumann x08go\n`, "note signature line 1 signature is not standard padded base64"],
      [`${TEXT}\n— PeterNeumann AAAAAA==\n`, "note signature line 1 signature is too short"],
      [`${TEXT.replace("\n", "\r\n")}\n${PETER_SIG}`, "note contains the control character U+000D"],
    ];
    for (const [note, message] of cases) expect(refusal(() => openNote(note, [peterVerifier]))).toBe(message);
    expect(refusal(() => openNote(Uint8Array.of(0xff, 0x0a, 0x0a), [peterVerifier]))).toBe("note is not valid UTF-8");
  });

  test("changing any character of a signed note makes it fail to open", () => {
    const note = `${TEXT}\n${PETER_SIG}`;
    fc.assert(
      fc.property(fc.nat({ max: note.length - 1 }), fc.integer({ min: 1, max: 0x2ff }), (at, delta) => {
        const code = note.charCodeAt(at) + delta;
        fc.pre(code < 0xd800);
        const changed = note.slice(0, at) + String.fromCharCode(code) + note.slice(at + 1);
        expect(refusal(() => openNote(changed, [peterVerifier]))).not.toBe("accepted");
      }),
      { numRuns: 500 },
    );
  });

  test("any text signed and opened gives back the same text", () => {
    const signer = parseSignerKey(PETER_SIGNER_KEY);
    const line = fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 6 }), (lines) => {
        const text = lines.map((l) => `${l}\n`).join("");
        expect(openNote(signNote(text, [signer]), [peterVerifier]).text).toBe(text);
      }),
      { numRuns: 100 },
    );
  });
});
