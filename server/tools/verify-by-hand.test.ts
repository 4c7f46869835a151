// The guide docs/verifying-the-log.md is checked by running it: its Python script on pages of
// entries of a log built with app/log, its OpenSSL and coreutils commands on a real signed
// checkpoint, and its sha256sum on an edition's text. The commands are taken from the document
// itself (the fenced blocks marked "checked by server/tools/verify-by-hand.test.ts: <name>"), so the
// guide cannot drift from what works. The lines that download with curl are replaced by the files
// the test writes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hashLeaf, textDigest, toBase64, toHex } from "../../app/log";
import { utf8 } from "../../app/log/bytes";
import { buildLog, EDITION_TEXT, randomEntryText, type TestLog } from "../../app/log-web/test-support";

const GUIDE = fileURLToPath(new URL("../../docs/verifying-the-log.md", import.meta.url));
const MARKER = "<!-- checked by server/tools/verify-by-hand.test.ts: ";

/** The fenced code blocks of the guide marked for this test, by name. */
function guideBlocks(): Map<string, string> {
  const blocks = new Map<string, string>();
  const text = fs.readFileSync(GUIDE, "utf8");
  for (const match of text.matchAll(/<!-- checked by server\/tools\/verify-by-hand\.test\.ts: (\w+) -->\n```\w+\n([\s\S]*?)```\n/g)) {
    blocks.set(match[1] as string, match[2] as string);
  }
  return blocks;
}

function block(name: string): string {
  const found = guideBlocks().get(name);
  if (found === undefined) throw new Error(`docs/verifying-the-log.md has no block marked "${MARKER}${name} -->"`);
  return found;
}

/** Runs shell blocks of the guide one after the other in one shell in `cwd`, as a reader would, without their curl lines. */
function runShell(names: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const script = names
    .map(block)
    .join("\n")
    .split("\n")
    .filter((line) => !line.startsWith("curl "))
    .join("\n");
  const result = spawnSync("bash", ["-e", "-c", script], { cwd, encoding: "utf8", env: { ...process.env, LC_ALL: "C.UTF-8" } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let dir: string;
let log: TestLog;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "accord-by-hand-"));
  log = buildLog(Array.from({ length: 2345 }, (_, i) => randomEntryText(i)));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The pages of /log/entries as the server answers them, saved as the guide's loop names them. */
function savePages(texts: readonly string[], into: string): string[] {
  const files: string[] = [];
  for (let start = 0; start < texts.length; start += 1000) {
    const entries = texts.slice(start, start + 1000).map((text, i) => ({ index: start + i, text, leafHash: toHex(hashLeaf(utf8(text))) }));
    const file = path.join(into, `entries-${String(start).padStart(9, "0")}.json`);
    fs.writeFileSync(file, JSON.stringify({ treeSize: texts.length, entries }));
    files.push(file);
  }
  return files;
}

describe("the Python script of the guide", () => {
  test("python3 is on this machine", () => {
    expect(spawnSync("python3", ["--version"], { encoding: "utf8" }).stdout).toMatch(/^Python 3\./);
  });

  test("recomputes the root app/log computes, over several pages", () => {
    const script = path.join(dir, "log_root.py");
    fs.writeFileSync(script, block("python"));
    const pages = savePages(log.texts, dir);
    const result = spawnSync("python3", [script, ...pages], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`entries 2345\nroot-hex ${toHex(log.tree.rootHash())}\nroot-base64 ${toBase64(log.tree.rootHash())}\n`);
  });

  test("gives the RFC 6962 root of the empty log and of one entry", () => {
    const script = path.join(dir, "log_root.py");
    fs.writeFileSync(script, block("python"));
    const empty = fs.mkdtempSync(path.join(dir, "one-"));
    const one = buildLog([randomEntryText(1)]);
    const result = spawnSync("python3", [script, ...savePages(one.texts, empty)], { encoding: "utf8" });
    expect(result.stdout).toContain(`root-hex ${toHex(one.tree.rootHash())}\n`);
    expect(spawnSync("python3", [script], { encoding: "utf8" }).stdout).toContain("root-hex e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
  });

  test("stops at an entry whose text does not give its leaf hash", () => {
    const script = path.join(dir, "log_root.py");
    fs.writeFileSync(script, block("python"));
    const tampered = fs.mkdtempSync(path.join(dir, "tampered-"));
    const [page] = savePages(log.texts.slice(0, 10), tampered);
    const json = JSON.parse(fs.readFileSync(page as string, "utf8")) as { entries: { text: string }[] };
    json.entries[4]!.text = json.entries[4]!.text.replace("effective-date 2026-12-10", "effective-date 2026-12-11");
    fs.writeFileSync(page as string, JSON.stringify(json));
    const result = spawnSync("python3", [script, page as string], { encoding: "utf8" });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^entry 4: its text hashes to [0-9a-f]{64}, not to the served [0-9a-f]{64}\n$/);
  });
});

describe("the OpenSSL commands of the guide", () => {
  const keyIdOf = (vkey: string) => vkey.split("+")[1] as string;

  beforeAll(() => {
    fs.writeFileSync(path.join(dir, "log.vkey"), `${log.verifierKey}\n`);
  });

  test("OpenSSL 3 is on this machine, as the guide requires", () => {
    expect(spawnSync("openssl", ["version"], { encoding: "utf8" }).stdout).toMatch(/^OpenSSL 3\./);
  });

  test("the SPKI header in base64 is the Ed25519 header 302a300506032b6570032100", () => {
    expect(Buffer.from("MCowBQYDK2VwAyEA", "base64").toString("hex")).toBe("302a300506032b6570032100");
  });

  test("turn the verifier key into a PEM and recompute its key ID", () => {
    const result = runShell(["key"], dir);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe(`${keyIdOf(log.verifierKey)}\n`);
    expect(fs.readFileSync(path.join(dir, "log-key.pem"), "utf8")).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
  });

  test("verify the signature of a real checkpoint, and refuse it once changed", () => {
    fs.writeFileSync(path.join(dir, "checkpoint.note"), log.checkpoint);
    const good = runShell(["key", "signature"], dir);
    expect(good).toMatchObject({ status: 0, stdout: `${keyIdOf(log.verifierKey)}\n${keyIdOf(log.verifierKey)}\nSignature Verified Successfully\n` });
    expect(fs.readFileSync(path.join(dir, "checkpoint.body"), "utf8")).toBe(log.checkpoint.slice(0, log.checkpoint.indexOf("\n\n") + 1));

    fs.writeFileSync(path.join(dir, "checkpoint.note"), log.checkpoint.replace("\n2345\n", "\n2344\n"));
    const changed = runShell(["key", "signature"], dir);
    expect(changed.status).not.toBe(0);
    expect(changed.stdout).toContain("Signature Verification Failure");
  });
});

describe("the sha256sum of an edition's text", () => {
  test("prints the text-digest the log entries carry", () => {
    fs.writeFileSync(path.join(dir, "edition.txt"), EDITION_TEXT);
    expect(runShell(["digest"], dir)).toMatchObject({ status: 0, stdout: `${textDigest(EDITION_TEXT)}  edition.txt\n` });
  });
});
