// The transparency log's signing key: an Ed25519 key in the sumdb/note signer form
// ("PRIVATE+KEY+<name>+<hex key ID>+<base64>", ./note.ts), kept in a file outside the database so
// a copy of the database (a backup, a leaked dump) cannot forge checkpoints (docs/decisions/014).
//
// The key's name is the log's origin, the first line of every checkpoint. A generated key takes
// its name from PUBLIC_ORIGIN's host ("accord.example.org/log"), or DEFAULT_LOG_ORIGIN without one;
// a key read from a file keeps the name it was made with, so the origin never changes under
// verifiers when PUBLIC_ORIGIN does.
//
// The key is process state like the database connection: kept on globalThis under a registered
// symbol so the server bundle and the Remix bundle sign with the same key (docs/decisions/003).
import fs from "node:fs";
import path from "node:path";
import { LogFormatError } from "./errors";
import { generateKeys, parseSignerKey, verifierKeyOf, type NoteSigner } from "./note";

/** The origin of a log whose deployment has no PUBLIC_ORIGIN (a demo, a development machine). */
export const DEFAULT_LOG_ORIGIN = "accord.example/log";

export interface LogKey {
  /** Signs checkpoints. */
  readonly signer: NoteSigner;
  /** The C2SP verifier key that checks them, published at /log/key. */
  readonly verifierKey: string;
  /** The log's origin: the key's name. */
  readonly origin: string;
  /** The file the key was read from. */
  readonly file: string;
}

export class LogKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The origin of a log served at `publicOrigin`: its host (with a port, if any) and "/log". */
export function logOriginFor(publicOrigin: string | null): string {
  return publicOrigin ? `${new URL(publicOrigin).host}/log` : DEFAULT_LOG_ORIGIN;
}

export interface LoadLogKeyOptions {
  /** The key file. */
  file: string;
  /** Generate a key into `file` (mode 600, its directory 700) when it does not exist. */
  mayGenerate: boolean;
  /** The name of a generated key: the log's origin. */
  origin: string;
}

/** Reads the signer key, generating it first where allowed; throws LogKeyError with a message for the operator. */
export function loadLogKey({ file, mayGenerate, origin }: LoadLogKeyOptions): LogKey & { generated: boolean } {
  let generated = false;
  if (!fs.existsSync(file)) {
    if (!mayGenerate) {
      throw new LogKeyError(
        `The log's signing key ${file} does not exist. Restore the key file that signed the log's checkpoints (docs/decisions/014).`,
      );
    }
    const { signerKey } = generateKeys(origin);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    // "wx": never overwrite a key that appeared meanwhile.
    fs.writeFileSync(file, `${signerKey}\n`, { mode: 0o600, flag: "wx" });
    generated = true;
  }
  const text = fs.readFileSync(file, "utf8").trim();
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(text);
  } catch (error) {
    if (error instanceof LogFormatError) {
      throw new LogKeyError(`The log's signing key ${file} is not a valid PRIVATE+KEY+<name>+<key ID>+<key data> line: ${error.message}.`);
    }
    throw error;
  }
  return { signer, verifierKey: verifierKeyOf(signer), origin: signer.name, file, generated };
}

const KEY = Symbol.for("accord.logKey");
type Registry = { [KEY]?: LogKey };

/** Makes `key` the key the process signs its log with (the server does this once at start). */
export function installLogKey(key: LogKey): void {
  (globalThis as Registry)[KEY] = key;
}

export function logKey(): LogKey {
  const key = (globalThis as Registry)[KEY];
  if (!key) throw new Error("The log's signing key is not loaded: call openTransparencyLog() (or loadLogKey() and installLogKey()) at start.");
  return key;
}
