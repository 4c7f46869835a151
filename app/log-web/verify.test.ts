// The browser verifier against the server's log library (app/log, node:crypto) on the same logs,
// and against the reference vectors app/log's own tests use: RFC 6962 roots and proofs, the test
// key and note of Go's sumdb/note, and a checkpoint of the Go checksum database.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hashLeaf as nodeHashLeaf, parseEntry as nodeParseEntry, toHex as nodeToHex } from "../log";
import { utf8 } from "../log/bytes";
import { buildBundleLog, buildLog, copyBundle, DECLARATION_TEXT, logFetcher, randomEntryText } from "./test-support";
import {
  entryFields,
  fromHex,
  hashLeaf,
  openCheckpoint,
  openNote,
  parseCheckpointBody,
  parseVerifierKey,
  rootFromInclusionProof,
  rootOfLeaves,
  toHex,
  verifyBundleInBrowser,
  verifyLogInBrowser,
  VerificationProblem,
  type LogCheckProgress,
} from "./verify";

// From transparency-dev/merkle proof/verify_test.go, as in app/log/merkle.test.ts: the 8 leaves
// (all ASCII, so each is also a UTF-8 text), the root of the first n leaves, and audit paths.
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map((hex) =>
  Buffer.from(hex, "hex").toString("latin1"),
);
const ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION_VECTORS = [
  { index: 0, size: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { index: 5, size: 8, proof: ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
  { index: 2, size: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  { index: 1, size: 5, proof: ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
];
// golang.org/x/mod/sumdb/note note_test.go, as in app/log/note.test.ts.
const PETER_VERIFIER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const PETER_NOTE =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
// A checkpoint of the Go checksum database, as in app/log/checkpoint.test.ts.
const SUMDB_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
const SUMDB_NOTE =
  "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n";

async function problemOf(action: () => Promise<unknown>): Promise<string> {
  try {
    await action();
  } catch (error) {
    if (error instanceof VerificationProblem) return error.message;
    throw error;
  }
  return "accepted";
}

function flipByteOfHex(hex: string, byte: number): string {
  const bytes = Buffer.from(hex, "hex");
  bytes[byte % bytes.length]! ^= 0x01;
  return bytes.toString("hex");
}

describe("reference vectors", () => {
  test("the RFC 6962 roots of 1 to 8 leaves", async () => {
    const leaves = await Promise.all(LEAVES.map(hashLeaf));
    for (let n = 1; n <= LEAVES.length; n++) expect(toHex(await rootOfLeaves(leaves.slice(0, n)))).toBe(ROOTS[n - 1]);
    expect(toHex(await rootOfLeaves([]))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });

  test.each(INCLUSION_VECTORS)("the RFC 6962 audit path of leaf $index in the tree of $size", async ({ index, size, proof }) => {
    const leaf = await hashLeaf(LEAVES[index] ?? "");
    const hashes = proof.map((hex) => fromHex(hex, "hash"));
    expect(toHex(await rootFromInclusionProof(index, size, leaf, hashes))).toBe(ROOTS[size - 1]);
    const otherLeaf = await hashLeaf(LEAVES[(index + 1) % size] ?? "");
    expect(toHex(await rootFromInclusionProof(index, size, otherLeaf, hashes))).not.toBe(ROOTS[size - 1]);
    expect(await problemOf(() => rootFromInclusionProof(index, size, leaf, hashes.slice(1)))).toMatch(/is shorter than a tree of size/);
    expect(await problemOf(() => rootFromInclusionProof(index, size, leaf, [...hashes, hashes[0]!]))).toMatch(/is longer than a tree of size/);
  });

  test("the sumdb/note test note opens with its key, and a changed letter is refused", async () => {
    const key = await parseVerifierKey(PETER_VERIFIER_KEY);
    expect(key).toMatchObject({ name: "PeterNeumann", keyId: 0xc74f20a3 });
    expect(await openNote(PETER_NOTE, key)).toBe("If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n");
    expect(await problemOf(() => openNote(PETER_NOTE.replace("answer", "Answer"), key))).toBe(
      "the signature by PeterNeumann+c74f20a3 does not verify: the note was changed or signed by another key",
    );
    expect(await problemOf(() => parseVerifierKey(PETER_VERIFIER_KEY.replace("c74f20a3", "c74f20a4")))).toBe(
      "the verifier key's key ID does not match its name and public key",
    );
  });

  test("a Go checksum database checkpoint opens and reads", async () => {
    const body = parseCheckpointBody(await openNote(SUMDB_NOTE, await parseVerifierKey(SUMDB_KEY)));
    expect(body.origin).toBe("go.sum database tree");
    expect(body.treeSize).toBe(31700353);
    expect(Buffer.from(body.rootHash).toString("base64")).toBe("qINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=");
  });
});

describe("the same logs as the server's library", () => {
  test("every leaf, root and inclusion proof agrees with app/log, at every size", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 0, max: 10_000 }), async (size, seed) => {
        const log = buildLog(Array.from({ length: size }, (_, i) => randomEntryText(seed + i)));
        const root = nodeToHex(log.tree.rootHash());
        const leaves = await Promise.all(log.texts.map(hashLeaf));
        expect(leaves.map(toHex)).toEqual(log.texts.map((text) => nodeToHex(nodeHashLeaf(utf8(text)))));
        expect(toHex(await rootOfLeaves(leaves))).toBe(root);
        for (let index = 0; index < size; index++) {
          const proof = log.tree.inclusionProof(index).map((hash) => Uint8Array.from(hash));
          expect(toHex(await rootFromInclusionProof(index, size, leaves[index]!, proof))).toBe(root);
        }
      }),
      { numRuns: 25 },
    );
  });

  test("a flipped byte in any proof hash leads to another root", async () => {
    const log = buildLog(Array.from({ length: 37 }, (_, i) => randomEntryText(i)));
    const root = nodeToHex(log.tree.rootHash());
    for (const index of [0, 18, 36]) {
      const proof = log.tree.inclusionProof(index).map(nodeToHex);
      const leaf = await hashLeaf(log.texts[index]!);
      for (let i = 0; i < proof.length; i++) {
        for (const byte of [0, 17, 31]) {
          const tampered = proof.map((hex, j) => fromHex(j === i ? flipByteOfHex(hex, byte) : hex, "hash"));
          expect(toHex(await rootFromInclusionProof(index, log.texts.length, leaf, tampered))).not.toBe(root);
        }
      }
    }
  });

  test("a log of more than one page verifies, with progress reported page by page", async () => {
    const log = buildLog(Array.from({ length: 2345 }, (_, i) => randomEntryText(i)));
    const progress: LogCheckProgress[] = [];
    const result = await verifyLogInBrowser(logFetcher(log), (step) => progress.push(step));
    expect(result).toEqual({ ok: true, treeSize: 2345, rootHex: nodeToHex(log.tree.rootHash()), keyName: "accord.example.org/log", problems: [] });
    expect(progress.map((step) => step.done)).toEqual([0, 1000, 2000, 2345]);
  });

  test("the empty log verifies", async () => {
    const log = buildLog([]);
    expect(await verifyLogInBrowser(logFetcher(log))).toMatchObject({ ok: true, treeSize: 0, problems: [] });
  });
});

describe("a log that was tampered with", () => {
  const log = buildLog(Array.from({ length: 25 }, (_, i) => randomEntryText(i)));

  test("a changed byte in an entry's text is named with its index", async () => {
    const result = await verifyLogInBrowser(logFetcher(log, { text: (index, text) => (index === 7 ? text.replace("2026-12-10", "2026-12-11") : text) }));
    expect(result.ok).toBe(false);
    expect(result.problems).toHaveLength(2);
    expect(result.problems[0]).toMatch(/^entry 7: its text hashes to leaf [0-9a-f]{64}, but the server gives [0-9a-f]{64}$/);
    expect(result.problems[1]).toMatch(/^the root of the 25 entries \([0-9a-f]{64}\) is not the signed checkpoint's root \([0-9a-f]{64}\)$/);
  });

  test("a changed byte of the checkpoint body breaks its signature", async () => {
    const checkpoint = log.checkpoint.replace("\n25\n", "\n24\n");
    const result = await verifyLogInBrowser(logFetcher(log, { checkpoint }));
    expect(result).toMatchObject({ ok: false, problems: [expect.stringMatching(/^the signature by accord\.example\.org\/log\+[0-9a-f]{8} does not verify/)] });
  });

  test("a changed byte of the signature is caught, wherever it is", async () => {
    const [body, line] = log.checkpoint.split("\n\n") as [string, string];
    const [name, signature] = line.slice(2).trim().split(" ") as [string, string];
    const raw = Buffer.from(signature, "base64");
    for (const byte of [4, 30, 67]) {
      const flipped = Buffer.from(raw);
      flipped[byte]! ^= 0x80;
      const note = `${body}\n\n— ${name} ${flipped.toString("base64")}\n`;
      expect(await problemOf(async () => openCheckpoint(note, await parseVerifierKey(log.verifierKey)))).toMatch(/^the signature by .* does not verify/);
    }
    const idFlipped = Buffer.from(raw);
    idFlipped[0]! ^= 0x01;
    expect(await problemOf(async () => openCheckpoint(`${body}\n\n— ${name} ${idFlipped.toString("base64")}\n`, await parseVerifierKey(log.verifierKey)))).toMatch(
      /^the note has no signature by the key accord\.example\.org\/log\+[0-9a-f]{8}$/,
    );
  });

  test("a logged text that is not an accord-log-entry/1 is named, even when its hash is right", async () => {
    const odd = buildLog([...log.texts.slice(0, 3), "kind subscription\n", log.texts[3]!.replace("kind ", "kind  ")]);
    const result = await verifyLogInBrowser(logFetcher(odd));
    expect(result.problems).toEqual(["entry 3: the entry does not start with accord-log-entry/1", 'entry 4: line 2 of the entry must be "kind <value>"']);
  });

  test("a logged entry whose values or fields do not fit its kind is named, as app/log refuses it", async () => {
    const subscription = log.texts.find((text) => text.includes("kind subscription\n")) ?? "";
    expect(subscription).not.toBe("");
    const odd = buildLog([
      subscription.replace("kind subscription", "kind pledge"),
      subscription.replace(/\nstate [A-Z]{2}\n/, "\nstate -\n"),
      subscription.replace(/\ntext-digest [0-9a-f]{64}\n/, "\ntext-digest xyz\n"),
      subscription.replace(/\neffective-date [0-9-]+\n/, "\neffective-date 2026-02-30\n"),
      subscription,
    ]);
    const result = await verifyLogInBrowser(logFetcher(odd));
    expect(result.problems).toEqual([
      "entry 0: line 2 of the entry: kind must be one of adoption, subscription, endorsement, withdrawal, declaration",
      "entry 1: the entry is a subscription without a state",
      "entry 2: line 5 of the entry: text-digest must be 64 lower-case hexadecimal digits",
      "entry 3: line 6 of the entry: effective-date must be a calendar date YYYY-MM-DD",
    ]);
  });

  test("the browser accepts an entry text exactly when app/log does, whatever one field's value", () => {
    const accepts = (parse: () => unknown) => {
      try {
        parse();
        return true;
      } catch {
        return false;
      }
    };
    const values = fc.oneof(
      fc.constantFrom("-", "NO", "no", "N", "adoption", "declaration", "subscription", "code-of-conduct-1", "code--1", "p17", "_p", "2026-12-10", "2026-02-30"),
      fc.constantFrom("2026-11-27T08:00:00.000Z", "2026-11-27T08:00:00Z", "a".repeat(64), "A".repeat(64), "0".repeat(63)),
      fc.stringMatching(/^[!-~]{1,70}$/),
    );
    fc.assert(
      fc.property(fc.nat(40), fc.integer({ min: 1, max: 8 }), values, (seed, line, value) => {
        const lines = randomEntryText(seed).split("\n");
        lines[line] = `${lines[line]!.split(" ")[0]} ${value}`;
        const text = lines.join("\n");
        expect(accepts(() => entryFields(text))).toBe(accepts(() => nodeParseEntry(text)));
      }),
      { numRuns: 2000 },
    );
  });

  test("a checkpoint signed by another log's key is refused", async () => {
    const other = buildLog(log.texts);
    const result = await verifyLogInBrowser(logFetcher(log, { checkpoint: other.checkpoint }));
    expect(result.problems).toEqual([expect.stringMatching(/^the note has no signature by the key accord\.example\.org\/log\+/)]);
  });
});

describe("proof bundles in the browser", () => {
  const { bundle } = buildBundleLog();

  test("a bundle built by the server's library verifies, with or without the pinned key", async () => {
    const result = await verifyBundleInBrowser(JSON.stringify(bundle));
    expect(result).toMatchObject({ pledge: "17", treeSize: bundle.treeSize, keyName: "accord.example.org/log" });
    expect(result.entries.map((entry) => entry.fields.kind)).toEqual(["adoption", "subscription", "declaration"]);
    await expect(verifyBundleInBrowser(bundle, bundle.verifierKey)).resolves.toMatchObject({ pledge: "17" });
  });

  test("each kind of tampering is caught with its reason", async () => {
    const tampered = (change: (copy: typeof bundle) => void) => {
      const copy = copyBundle(bundle);
      change(copy);
      return problemOf(() => verifyBundleInBrowser(JSON.stringify(copy)));
    };
    const index = bundle.entries[1]!.index;
    expect(await problemOf(() => verifyBundleInBrowser("{not json"))).toBe("the file is not JSON, so it is not a proof bundle");
    expect(await problemOf(() => verifyBundleInBrowser(bundle, buildLog([]).verifierKey))).toMatch(/^the bundle's key .* is not the log's key /);
    expect(await tampered((b) => (b.entries[1]!.text = b.entries[1]!.text.replace("kind subscription", "kind endorsement")))).toMatch(
      new RegExp(`^entry 2 of the bundle \\(log entry ${index}\\): its text hashes to [0-9a-f]{64}, not to its leafHash`),
    );
    expect(await tampered((b) => (b.entries[1]!.inclusionProof[0] = flipByteOfHex(b.entries[1]!.inclusionProof[0]!, 3)))).toBe(
      `entry 2 of the bundle (log entry ${index}): its inclusion proof does not lead to the checkpoint's root at size ${bundle.treeSize}`,
    );
    expect(await tampered((b) => (b.checkpoint = b.checkpoint.replace(`\n${b.treeSize}\n`, `\n${b.treeSize + 1}\n`)))).toMatch(/^the signature by .* does not verify/);
    expect(await tampered((b) => (b.declarations[0]!.text = `${DECLARATION_TEXT} `))).toMatch(/^declaration 1 of the bundle: its text hashes to [0-9a-f]{64}, not to its digest/);
    expect(await tampered((b) => (b.pledge = "18"))).toBe(`log entry ${index} names pledge 17, not the bundle's pledge 18`);
    expect(await tampered((b) => b.entries.reverse())).toBe("the bundle's first entry must be the adoption of the edition");
  });

  test("a bundle without the pledge's own subscription or endorsement, or without a pledge id, is refused", async () => {
    const tampered = (change: (copy: typeof bundle) => void) => {
      const copy = copyBundle(bundle);
      change(copy);
      return problemOf(() => verifyBundleInBrowser(JSON.stringify(copy)));
    };
    expect(await tampered((b) => b.entries.splice(1, 1))).toBe("the bundle holds no subscription or endorsement entry of its pledge 17");
    expect(
      await tampered((b) => {
        b.entries = b.entries.slice(0, 1);
        b.declarations = [];
        b.pledge = "999";
      }),
    ).toBe("the bundle holds no subscription or endorsement entry of its pledge 999");
    expect(
      await tampered((b) => {
        b.entries = b.entries.slice(0, 1);
        b.declarations = [];
        b.pledge = "";
      }),
    ).toBe("the bundle's pledge must be a non-empty string");
  });
});
