import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { refusal } from "./test-support";
import { toBase64 } from "./bytes";
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint, type Checkpoint } from "./checkpoint";
import { EMPTY_TREE_HASH, hashLeaf, MerkleTree } from "./merkle";
import { generateKeys, parseSignerKey, parseVerifierKey } from "./note";

// Checkpoints published by the Go checksum database, and its public verifier key: the same
// format, signed by another implementation.
const SUMDB_KEY = "sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8";
const SUMDB_CHECKPOINTS = [
  {
    note: "go.sum database tree\n31700353\nqINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=\n\n— sum.golang.org Az3grnmrIUEDFqHzAElIQCPNoRFRAAdFo47fooyWKMHb89k11GJh5zHIfNCOBmwn/C3YI8oW9/C8DJ87F61QqspBYwM=\n",
    treeSize: 31700353,
    root: "qINS1GRFhWHwdkUeqLEoP4yEMkTBBzxBkGwGQlVlVcs=",
  },
  {
    note: "go.sum database tree\n65209736\n5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=\n\n— sum.golang.org Az3grnbssgK7ubgFX36gVETtNv0U23qxyAhAMai2QUfeGa3nB/akvkMdlUErfcZz7l/R3cVtYspg3dxXABkGZZKdsQ8=\n",
    treeSize: 65209736,
    root: "5+uGFjx6xBZG8ip1+wi77v+grwbhhukIrxEUS8PXvRo=",
  },
];

const ORIGIN = "accord.example.org/log";
const keys = generateKeys(ORIGIN);
const signer = parseSignerKey(keys.signerKey);
const verifier = parseVerifierKey(keys.verifierKey);


describe("checkpoints of another implementation", () => {
  test.each(SUMDB_CHECKPOINTS)("the Go checksum database checkpoint of size $treeSize opens", ({ note, treeSize, root }) => {
    const checkpoint = openCheckpoint(note, { origin: "go.sum database tree", verifiers: [parseVerifierKey(SUMDB_KEY)] });
    expect(checkpoint.treeSize).toBe(treeSize);
    expect(toBase64(checkpoint.rootHash)).toBe(root);
    expect(checkpoint.extensions).toEqual([]);
    expect(checkpoint.signatures.map((s) => s.name)).toEqual(["sum.golang.org"]);
    expect(refusal(() => openCheckpoint(note.replace(String(treeSize), String(treeSize + 1)), { origin: "go.sum database tree", verifiers: [parseVerifierKey(SUMDB_KEY)] }))).toBe(
      "invalid signature for key sum.golang.org+033de0ae",
    );
  });
});

describe("Accord checkpoints", () => {
  const leaves = ["a", "b", "c"].map((s) => hashLeaf(new TextEncoder().encode(s)));
  const tree = new MerkleTree(leaves.length, leaves);
  const checkpoint: Checkpoint = { origin: ORIGIN, treeSize: 3, rootHash: tree.rootHash(), extensions: [] };

  test("the body is origin, size and base64 root, one per line", () => {
    expect(formatCheckpoint(checkpoint)).toBe(`${ORIGIN}\n3\n${toBase64(tree.rootHash())}\n`);
    expect(formatCheckpoint({ origin: ORIGIN, treeSize: 0, rootHash: EMPTY_TREE_HASH, extensions: ["witness-hint x"] })).toBe(
      `${ORIGIN}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\nwitness-hint x\n`,
    );
  });

  test("signed, then opened with the log's verifier key and origin, it gives back size and root", () => {
    const note = signCheckpoint(checkpoint, [signer]);
    expect(note.startsWith(`${formatCheckpoint(checkpoint)}\n— ${ORIGIN} `)).toBe(true);
    const opened = openCheckpoint(note, { origin: ORIGIN, verifiers: [verifier] });
    expect(opened).toMatchObject({ origin: ORIGIN, treeSize: 3, rootHash: tree.rootHash(), extensions: [] });
  });

  test("extension lines are kept", () => {
    const withExtensions = { ...checkpoint, extensions: ["first", "second line"] };
    expect(openCheckpoint(signCheckpoint(withExtensions, [signer]), { origin: ORIGIN, verifiers: [verifier] }).extensions).toEqual([
      "first",
      "second line",
    ]);
  });

  test("a checkpoint of another origin is refused even when well signed", () => {
    const note = signCheckpoint({ ...checkpoint, origin: "elsewhere.example/log" }, [signer]);
    expect(refusal(() => openCheckpoint(note, { origin: ORIGIN, verifiers: [verifier] }))).toBe(
      'checkpoint origin "elsewhere.example/log" is not the expected "accord.example.org/log"',
    );
  });

  test("a checkpoint signed by another key is refused", () => {
    const other = parseSignerKey(generateKeys(ORIGIN).signerKey);
    expect(refusal(() => openCheckpoint(signCheckpoint(checkpoint, [other]), { origin: ORIGIN, verifiers: [verifier] }))).toBe(
      "note has no signature by a known key",
    );
  });

  test("malformed bodies are refused with the reason", () => {
    const root = toBase64(tree.rootHash());
    const cases: Array<[string, string]> = [
      [`${ORIGIN}\n3\n${root}`, "checkpoint must end with a newline"],
      [`${ORIGIN}\n3\n`, "checkpoint must have an origin, a tree size and a root hash line"],
      [`\n3\n${root}\n`, "checkpoint origin must not be empty"],
      [`${ORIGIN}\n03\n${root}\n`, "checkpoint tree size must be a decimal number without leading zeros"],
      [`${ORIGIN}\n-3\n${root}\n`, "checkpoint tree size must be a decimal number without leading zeros"],
      [`${ORIGIN}\n3 \n${root}\n`, "checkpoint tree size must be a decimal number without leading zeros"],
      [`${ORIGIN}\n\n${root}\n`, "checkpoint tree size must be a decimal number without leading zeros"],
      [`${ORIGIN}\n99999999999999999999\n${root}\n`, "checkpoint tree size 99999999999999999999 is too large"],
      [`${ORIGIN}\n3\n${root.slice(0, -4)}\n`, "checkpoint root hash must be 32 bytes, got 30"],
      [`${ORIGIN}\n3\n${root.replace(/=$/, "")}\n`, "checkpoint root hash is not standard padded base64"],
      [`${ORIGIN}\n3\n${root}\n\n`, "checkpoint extension line 1 must not be empty"],
    ];
    for (const [body, message] of cases) expect(refusal(() => parseCheckpoint(body))).toBe(message);
  });

  test("building refuses what could not be parsed back", () => {
    expect(refusal(() => formatCheckpoint({ ...checkpoint, origin: "" }))).toBe("checkpoint origin must not be empty");
    expect(refusal(() => formatCheckpoint({ ...checkpoint, origin: "a\nb" }))).toBe("checkpoint origin must be a single line");
    expect(refusal(() => formatCheckpoint({ ...checkpoint, treeSize: -1 }))).toBe("checkpoint tree size must be a non-negative safe integer, got -1");
    expect(refusal(() => formatCheckpoint({ ...checkpoint, treeSize: 1.5 }))).toBe("checkpoint tree size must be a non-negative safe integer, got 1.5");
    expect(refusal(() => formatCheckpoint({ ...checkpoint, rootHash: new Uint8Array(31) }))).toBe("checkpoint root hash must be 32 bytes, got 31");
    expect(refusal(() => formatCheckpoint({ ...checkpoint, extensions: [""] }))).toBe("checkpoint extension line 1 must not be empty");
  });

  test("any checkpoint formats and parses back to itself", () => {
    const line = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20));
    fc.assert(
      fc.property(line, fc.nat({ max: Number.MAX_SAFE_INTEGER }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(line, { maxLength: 3 }), (origin, treeSize, rootHash, extensions) => {
        const value = { origin, treeSize, rootHash, extensions };
        expect(parseCheckpoint(formatCheckpoint(value))).toEqual(value);
      }),
      { numRuns: 200 },
    );
  });
});
