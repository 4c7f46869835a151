// Loading and generating the log's signing key, and the origin it names.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, test } from "vitest";
import { DEFAULT_LOG_ORIGIN, LogKeyError, loadLogKey, logOriginFor } from "./key.server";

// The signer key of Go's golang.org/x/mod/sumdb/note examples: a key file written by Go's tools is read as it is.
const GO_SIGNER_KEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
const GO_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-log-key-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

test("the origin is the public origin's host with /log, or the default", () => {
  expect(logOriginFor("https://accord.example.org")).toBe("accord.example.org/log");
  expect(logOriginFor("http://127.0.0.1:3000")).toBe("127.0.0.1:3000/log");
  expect(logOriginFor(null)).toBe(DEFAULT_LOG_ORIGIN);
});

test("a key file in the sumdb/note form keeps its own name as the log's origin", () => {
  const file = path.join(tempDir(), "log-key");
  fs.writeFileSync(file, `${GO_SIGNER_KEY}\n`, { mode: 0o600 });
  const key = loadLogKey({ file, mayGenerate: true, origin: "accord.example.org/log" });
  expect(key).toMatchObject({ origin: "PeterNeumann", verifierKey: GO_VERIFIER_KEY, generated: false, file });
});

test("a key is generated only where allowed, once, readable by its owner only", () => {
  const dir = path.join(tempDir(), "data");
  const file = path.join(dir, "log-key");
  expect(() => loadLogKey({ file, mayGenerate: false, origin: DEFAULT_LOG_ORIGIN })).toThrow(LogKeyError);
  expect(fs.existsSync(file)).toBe(false);
  const generated = loadLogKey({ file, mayGenerate: true, origin: "accord.example.org/log" });
  expect(generated).toMatchObject({ origin: "accord.example.org/log", generated: true });
  expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
  const again = loadLogKey({ file, mayGenerate: true, origin: "another.example/log" });
  expect(again).toMatchObject({ origin: "accord.example.org/log", verifierKey: generated.verifierKey, generated: false });
});
