import { describe, expect, test } from "vitest";
import { buildBundleLog, buildLog, copyBundle, DECLARATION_TEXT, EDITION_TEXT } from "../log-web/test-support";
import { encodeEntry, parseEntry, signCheckpoint, parseSignerKey, textDigest, toHex, hashLeaf, MerkleTree } from ".";
import { utf8 } from "./bytes";
import { verifyProofBundle, type ProofBundle } from "./bundle";
import { refusal } from "./test-support";

const { log, bundle } = buildBundleLog();
const [adoptionIndex, pledgeIndex, declarationIndex] = bundle.entries.map((entry) => entry.index) as [number, number, number];

function tampered(change: (copy: ProofBundle) => void, options: { verifierKey?: string } = {}): string {
  const copy = copyBundle(bundle);
  change(copy);
  return refusal(() => verifyProofBundle(JSON.parse(JSON.stringify(copy)), options));
}

function flipHex(hex: string): string {
  return `${hex.slice(0, 10)}${hex[10] === "0" ? "1" : "0"}${hex.slice(11)}`;
}

/** The bundle re-made so that every proof and the signature are right, with entry `position` replaced. */
function resigned(position: number, entryText: string): ProofBundle {
  const texts = [...log.texts];
  const index = bundle.entries[position]!.index;
  texts[index] = entryText;
  const tree = new MerkleTree(texts.length, texts.map((text) => hashLeaf(utf8(text))));
  const checkpoint = signCheckpoint({ origin: "accord.example.org/log", treeSize: texts.length, rootHash: tree.rootHash(), extensions: [] }, [parseSignerKey(log.signerKey)]);
  const copy = copyBundle(bundle);
  copy.checkpoint = checkpoint;
  copy.entries = copy.entries.map((entry) => ({
    ...entry,
    text: texts[entry.index]!,
    leafHash: toHex(hashLeaf(utf8(texts[entry.index]!))),
    inclusionProof: tree.inclusionProof(entry.index).map(toHex),
  }));
  return copy;
}

describe("a proof bundle", () => {
  test("built from a log verifies and says what it proves", () => {
    const result = verifyProofBundle(JSON.parse(JSON.stringify(bundle)));
    expect(result.pledge).toBe("17");
    expect(result.treeSize).toBe(log.texts.length);
    expect(result.indexes).toEqual([adoptionIndex, pledgeIndex, declarationIndex]);
    expect(result.entries.map((entry) => [entry.kind, entry.state, entry.pledge])).toEqual([
      ["adoption", null, null],
      ["subscription", "NO", "17"],
      ["declaration", "NO", "17"],
    ]);
    expect(result.entries[0]?.textDigest).toBe(textDigest(EDITION_TEXT));
    expect(verifyProofBundle(bundle, { verifierKey: log.verifierKey }).pledge).toBe("17");
  });

  test("a bundle that is not one is refused by name", () => {
    expect(refusal(() => verifyProofBundle({ format: "accord-proof-bundle/2" }))).toBe("not a proof bundle: its format must be accord-proof-bundle/1");
    expect(tampered((b) => (b.entries = []))).toBe("proof bundle: entries must be a non-empty list");
    expect(tampered((b) => ((b.entries[0] as unknown as Record<string, unknown>).inclusionProof = "x"))).toBe(
      "proof bundle: entry 1 must be {index, text, leafHash, inclusionProof}",
    );
  });

  test("a key other than the pinned one, or a checkpoint it did not sign", () => {
    const other = buildLog(log.texts);
    expect(tampered(() => undefined, { verifierKey: other.verifierKey })).toBe(`proof bundle: its key ${log.verifierKey} is not the log's key ${other.verifierKey}`);
    expect(tampered((b) => (b.verifierKey = other.verifierKey))).toMatch(
      /^proof bundle: the checkpoint does not verify with the key accord\.example\.org\/log: note has no signature by a known key$/,
    );
    expect(tampered((b) => (b.checkpoint = b.checkpoint.replace(/\n(\d+)\n/, (_, size: string) => `\n${Number(size) - 1}\n`)))).toMatch(
      /^proof bundle: the checkpoint does not verify with the key accord\.example\.org\/log: invalid signature for key /,
    );
    expect(tampered((b) => (b.treeSize -= 1))).toBe(`proof bundle: treeSize is ${bundle.treeSize - 1} but the signed checkpoint is for ${bundle.treeSize}`);
  });

  test("an entry whose text, leaf hash or proof was changed", () => {
    expect(tampered((b) => (b.entries[1]!.text = b.entries[1]!.text.replace("state NO", "state DK")))).toMatch(
      new RegExp(`^proof bundle: log entry ${pledgeIndex}: its text hashes to [0-9a-f]{64}, not to its leafHash [0-9a-f]{64}$`),
    );
    expect(tampered((b) => (b.entries[1]!.text = b.entries[1]!.text.replace("state NO", "state  NO")))).toBe(
      `proof bundle: log entry ${pledgeIndex}: log entry: line 3: state value must not contain spaces`,
    );
    expect(tampered((b) => (b.entries[1]!.inclusionProof[1] = flipHex(b.entries[1]!.inclusionProof[1]!)))).toBe(
      `proof bundle: log entry ${pledgeIndex}: inclusion proof for leaf ${pledgeIndex} does not lead to the root hash of the tree of size ${bundle.treeSize}`,
    );
    expect(tampered((b) => (b.entries[1]!.index += 1))).toMatch(new RegExp(`^proof bundle: log entry ${pledgeIndex + 1}: inclusion proof `));
  });

  test("a declaration whose text was changed, or that no entry names", () => {
    expect(tampered((b) => (b.declarations[0]!.text = DECLARATION_TEXT.replace("Norway", "Denmark")))).toMatch(
      /^proof bundle: declaration 1: its text hashes to [0-9a-f]{64}, not to its digest [0-9a-f]{64}$/,
    );
    const stray = "A declaration never logged.";
    expect(tampered((b) => b.declarations.push({ text: stray, digest: textDigest(stray) }))).toBe(
      `proof bundle: declaration 2: no declaration entry in the bundle has the declaration-digest ${textDigest(stray)}`,
    );
    expect(tampered((b) => b.declarations.push({ text: "e\u0301", digest: "0".repeat(64) }))).toBe(
      "proof bundle: declaration 2: text must be in Unicode normalisation form C (NFC)",
    );
  });

  test("entries that do not tell one pledge's story, even when properly logged and signed", () => {
    expect(tampered((b) => b.entries.reverse())).toBe("proof bundle: its first entry must be the adoption of the edition");
    expect(tampered((b) => (b.pledge = "18"))).toBe(`proof bundle: log entry ${pledgeIndex} names pledge 17, not the bundle's pledge 18`);
    const subscription = parseEntry(bundle.entries[1]!.text);
    const otherEdition = resigned(1, encodeEntry({ ...subscription, textDigest: textDigest("another text\n") }));
    expect(refusal(() => verifyProofBundle(otherEdition))).toBe(
      `proof bundle: log entry ${pledgeIndex} names edition code-of-conduct-2026 with text-digest ${textDigest("another text\n")}, not the adopted code-of-conduct-2026 with ${textDigest(EDITION_TEXT)}`,
    );
    const otherState = resigned(1, encodeEntry({ ...subscription, state: "DK" }));
    expect(refusal(() => verifyProofBundle(otherState))).toBe("proof bundle: its entries name more than one state (DK, NO)");
  });

  test("a bundle without the pledge's own subscription or endorsement proves nothing of it and is refused", () => {
    // The adoption and the pledge's declaration, each properly logged: the pledge itself left out.
    expect(tampered((b) => b.entries.splice(1, 1))).toBe("proof bundle: it holds no subscription or endorsement entry of its pledge 17");
    // The adoption alone, under any pledge id.
    expect(
      tampered((b) => {
        b.entries = b.entries.slice(0, 1);
        b.declarations = [];
        b.pledge = "999";
      }),
    ).toBe("proof bundle: it holds no subscription or endorsement entry of its pledge 999");
  });
});
