// Byte helpers shared by the log modules: SHA-256, strict hex and base64 (RFC 4648 section 4,
// canonical padding only) and strict UTF-8. Every decoder refuses what it cannot round-trip,
// so one value has exactly one accepted spelling.
import { createHash, timingSafeEqual } from "node:crypto";
import { LogFormatError } from "./errors";

export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Lower-case hex of exactly `length` bytes. */
export function fromHex(text: string, length: number, what: string): Uint8Array {
  if (text.length !== length * 2 || !/^[0-9a-f]*$/.test(text)) {
    throw new LogFormatError(`${what} must be ${length * 2} lower-case hexadecimal digits`);
  }
  return new Uint8Array(Buffer.from(text, "hex"));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("base64");
}

/** Standard padded base64; refuses whitespace, URL-safe letters and non-canonical trailing bits. */
export function fromBase64(text: string, what: string): Uint8Array {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new LogFormatError(`${what} is not standard padded base64`);
  }
  const bytes = Buffer.from(text, "base64");
  if (bytes.toString("base64") !== text) {
    throw new LogFormatError(`${what} is not canonical base64`);
  }
  return new Uint8Array(bytes);
}

export function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "utf8"));
}

const strictDecoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function fromUtf8(bytes: Uint8Array, what: string): string {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new LogFormatError(`${what} is not valid UTF-8`);
  }
}

/** True when the string has no lone surrogates, so it encodes to UTF-8 and back unchanged. */
export function isWellFormed(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}
