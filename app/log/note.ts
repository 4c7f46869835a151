// C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, byte-compatible with the
// Go package golang.org/x/mod/sumdb/note. Accord signs its log checkpoints as notes.
//
// A signed note is a text ending in a newline, a blank line, then one or more lines
// "— <key name> <base64(key ID || signature)>\n" (U+2014 em dash). The signature covers the text
// including its final newline. The key ID is the first 4 bytes of
// SHA-256(key name || "\n" || 0x01 || 32-byte public key), 0x01 being the Ed25519 signature type.
// A note must be valid UTF-8 with no ASCII control character except the newline.
//
// Keys are written as text: a verifier key "<name>+<hex key ID>+<base64(0x01 || public key)>"
// (the C2SP vkey form) and a signer key "PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>"
// (the sumdb/note form, kept in a file readable only by the server).
//
// Key names are non-empty, well-formed UTF-8 without Unicode spaces or "+" (the spec's rule);
// this module also refuses control characters in a name, since no valid note could carry one.
// Opening a note is strict: a malformed note is refused; signatures by unknown keys are ignored;
// a signature by a known key that does not verify refuses the whole note; at least one signature
// by a known key is required; at most 100 signature lines are read.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { concatBytes, fromBase64, fromUtf8, isWellFormed, sha256, toBase64, utf8 } from "./bytes";
import { LogFormatError } from "./errors";

export const ED25519_SIGNATURE_TYPE = 0x01;
export const MAX_NOTE_SIGNATURES = 100;

const SIGNATURE_PREFIX = "\u2014 ";
const PRIVATE_KEY_PREFIX = "PRIVATE+KEY+";
// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS #8) or public key (SPKI), RFC 8410.
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");
const SPKI_ED25519_PREFIX = Buffer.from("302a300506032b6570032100", "hex");

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key ID || signature), as written on the signature line. */
  readonly base64: string;
}

export interface OpenedNote {
  readonly text: string;
  /** Signatures by known keys, each verified; one per key. */
  readonly signatures: NoteSignature[];
  /** Signatures by keys the caller does not know, not verified; duplicates dropped. */
  readonly unverifiedSignatures: NoteSignature[];
}

/** A key name as the spec allows it: non-empty, well-formed, no Unicode space, no "+". */
export function isValidKeyName(name: string): boolean {
  return (
    name.length > 0 &&
    isWellFormed(name) &&
    !name.includes("+") &&
    // Go's unicode.IsSpace: the ASCII spaces, U+0085, U+00A0 and the Z categories.
    !/[\t\n\v\f\r \u0085\u00a0\p{Z}]/u.test(name) &&
    !/\p{Cc}/u.test(name)
  );
}

function requireKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new LogFormatError(
      `key name ${JSON.stringify(name)} is not valid: it must be non-empty and contain no spaces, "+" or control characters`,
    );
  }
}

/** The 32-bit key ID: the first 4 bytes, big-endian, of SHA-256(name || "\n" || 0x01 || public key). */
export function keyId(name: string, publicKey: Uint8Array): number {
  requirePublicKey(publicKey);
  const digest = sha256(utf8(`${name}\n`), Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey);
  return Buffer.from(digest).readUInt32BE(0);
}

function requirePublicKey(publicKey: Uint8Array): void {
  if (publicKey.length !== 32) {
    throw new LogFormatError(`an Ed25519 public key is 32 bytes, got ${publicKey.length}`);
  }
}

export function formatKeyId(id: number): string {
  return id.toString(16).padStart(8, "0");
}

function parseKeyId(text: string, what: string): number {
  if (!/^[0-9a-f]{8}$/.test(text)) throw new LogFormatError(`${what}: the key ID must be 8 lower-case hexadecimal digits`);
  return Number.parseInt(text, 16);
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: "der", type: "spki" });
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: "der", type: "pkcs8" });
}

function rawPublicKey(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: "der", type: "spki" }).subarray(SPKI_ED25519_PREFIX.length));
}

function rawSeed(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: "der", type: "pkcs8" }).subarray(PKCS8_ED25519_PREFIX.length));
}

/** The C2SP verifier key "<name>+<hex key ID>+<base64(0x01 || public key)>". */
export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  requireKeyName(name);
  const id = keyId(name, publicKey);
  return `${name}+${formatKeyId(id)}+${toBase64(concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), publicKey))}`;
}

/** The sumdb/note signer key "PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 || seed)>". */
export function encodeSignerKey(name: string, seed: Uint8Array): string {
  requireKeyName(name);
  if (seed.length !== 32) throw new LogFormatError(`an Ed25519 seed is 32 bytes, got ${seed.length}`);
  const id = keyId(name, rawPublicKey(createPublicKey(privateKeyObject(seed))));
  return `${PRIVATE_KEY_PREFIX}${name}+${formatKeyId(id)}+${toBase64(concatBytes(Uint8Array.of(ED25519_SIGNATURE_TYPE), seed))}`;
}

/** A fresh Ed25519 key pair for `name`, as a signer key (secret) and its verifier key (public). */
export function generateKeys(name: string): { signerKey: string; verifierKey: string } {
  requireKeyName(name);
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { signerKey: encodeSignerKey(name, rawSeed(privateKey)), verifierKey: encodeVerifierKey(name, rawPublicKey(publicKey)) };
}

// Splits "<name>+<hex>+<base64>" and decodes the typed key material after the type byte.
function parseKeyParts(text: string, what: string): { name: string; id: number; material: Uint8Array } {
  const parts = text.split("+");
  // Base64 may itself contain "+": the name and key ID are the first two parts, the rest is key data.
  if (parts.length < 3) throw new LogFormatError(`${what} must have the form <name>+<key ID>+<key data>`);
  const [name = "", hex = ""] = parts;
  requireKeyName(name);
  const id = parseKeyId(hex, what);
  const data = fromBase64(parts.slice(2).join("+"), `${what} key data`);
  if (data[0] !== ED25519_SIGNATURE_TYPE) throw new LogFormatError(`${what} is not an Ed25519 key (type 0x01)`);
  const material = data.subarray(1);
  if (material.length !== 32) throw new LogFormatError(`${what} must hold 32 bytes of Ed25519 key data, got ${material.length}`);
  return { name, id, material };
}

/** Reads a C2SP verifier key; its key ID must match its name and public key. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const { name, id, material: publicKey } = parseKeyParts(vkey, "verifier key");
  if (keyId(name, publicKey) !== id) throw new LogFormatError("verifier key: the key ID does not match the name and public key");
  const key = publicKeyObject(publicKey);
  return {
    name,
    keyId: id,
    publicKey,
    verify: (message, signature) => signature.length === 64 && verify(null, message, key, signature),
  };
}

/** Reads a sumdb/note signer key; its key ID must match its name and the public key of its seed. */
export function parseSignerKey(skey: string): NoteSigner {
  if (!skey.startsWith(PRIVATE_KEY_PREFIX)) throw new LogFormatError(`signer key must start with ${PRIVATE_KEY_PREFIX}`);
  const { name, id, material: seed } = parseKeyParts(skey.slice(PRIVATE_KEY_PREFIX.length), "signer key");
  const key = privateKeyObject(seed);
  const publicKey = rawPublicKey(createPublicKey(key));
  if (keyId(name, publicKey) !== id) throw new LogFormatError("signer key: the key ID does not match the name and public key");
  return { name, keyId: id, publicKey, sign: (message) => new Uint8Array(sign(null, message, key)) };
}

/** The verifier key that checks what `signer` signs. */
export function verifierKeyOf(signer: NoteSigner): string {
  return encodeVerifierKey(signer.name, signer.publicKey);
}

// The character rule for a whole note: no ASCII control character other than the newline.
function requireNoteCharacters(text: string, what: string): void {
  if (!isWellFormed(text)) throw new LogFormatError(`${what} is not well-formed Unicode`);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 && code !== 0x0a) {
      throw new LogFormatError(`${what} contains the control character U+${code.toString(16).padStart(4, "0").toUpperCase()}`);
    }
  }
}

/** Signs `text` (which must end with a newline) with every signer, in order: the encoded note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  requireNoteCharacters(text, "note text");
  if (!text.endsWith("\n")) throw new LogFormatError("note text must end with a newline");
  if (signers.length === 0) throw new LogFormatError("a note needs at least one signer");
  const message = utf8(text);
  const lines = signers.map((signer) => {
    requireKeyName(signer.name);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(signer.keyId);
    return `${SIGNATURE_PREFIX}${signer.name} ${toBase64(concatBytes(header, signer.sign(message)))}\n`;
  });
  return `${text}\n${lines.join("")}`;
}

/**
 * Opens a signed note: checks its syntax, verifies every signature by a key in `verifiers` and
 * returns the text. Throws a LogFormatError naming the first problem found.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const message = typeof note === "string" ? note : fromUtf8(note, "note");
  requireNoteCharacters(message, "note");
  const split = message.lastIndexOf("\n\n");
  if (split < 0) throw new LogFormatError("note has no blank line before its signatures");
  const text = message.slice(0, split + 1);
  const block = message.slice(split + 2);
  if (block === "" || !block.endsWith("\n")) throw new LogFormatError("note signatures must end with a newline");
  const lines = block.slice(0, -1).split("\n");
  if (lines.length > MAX_NOTE_SIGNATURES) throw new LogFormatError(`note has more than ${MAX_NOTE_SIGNATURES} signatures`);
  const known = indexVerifiers(verifiers);
  const signed = utf8(text);
  const opened: OpenedNote = { text, signatures: [], unverifiedSignatures: [] };
  lines.forEach((line, i) => acceptSignatureLine(parseSignatureLine(line, i + 1), known, signed, opened));
  if (opened.signatures.length === 0) throw new LogFormatError("note has no signature by a known key");
  return opened;
}

function indexVerifiers(verifiers: readonly NoteVerifier[]): Map<string, NoteVerifier> {
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    const key = `${verifier.name}+${formatKeyId(verifier.keyId)}`;
    if (known.has(key)) throw new LogFormatError(`ambiguous key ${key}: it is given twice`);
    known.set(key, verifier);
  }
  return known;
}

interface SignatureLine {
  signature: NoteSignature;
  bytes: Uint8Array;
}

function parseSignatureLine(line: string, number: number): SignatureLine {
  const what = `note signature line ${number}`;
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new LogFormatError(`${what} must start with an em dash (U+2014) and a space`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(" ");
  if (space < 0) throw new LogFormatError(`${what} must be "— <key name> <signature>"`);
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw new LogFormatError(`${what} has an invalid key name`);
  const raw = fromBase64(base64, `${what} signature`);
  if (raw.length < 5) throw new LogFormatError(`${what} signature is too short`);
  const id = Buffer.from(raw).readUInt32BE(0);
  return { signature: { name, keyId: id, base64 }, bytes: raw.subarray(4) };
}

function acceptSignatureLine(line: SignatureLine, known: Map<string, NoteVerifier>, signed: Uint8Array, opened: OpenedNote): void {
  const { signature, bytes } = line;
  const key = `${signature.name}+${formatKeyId(signature.keyId)}`;
  const verifier = known.get(key);
  if (!verifier) {
    if (!opened.unverifiedSignatures.some((s) => s.name === signature.name && s.base64 === signature.base64)) {
      opened.unverifiedSignatures.push(signature);
    }
    return;
  }
  if (!verifier.verify(signed, bytes)) throw new LogFormatError(`invalid signature for key ${key}`);
  if (!opened.signatures.some((s) => s.name === signature.name && s.keyId === signature.keyId)) {
    opened.signatures.push(signature);
  }
}
