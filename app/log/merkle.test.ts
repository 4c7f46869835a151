import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { fromHex, toHex } from "./bytes";
import { LogFormatError } from "./errors";
import {
  EMPTY_TREE_HASH,
  MerkleTree,
  hashChildren,
  hashLeaf,
  rootFromInclusionProof,
  rootHash,
  verifyConsistency,
  verifyInclusion,
  type ConsistencyCheck,
  type InclusionCheck,
} from "./merkle";

// The RFC 6962 test tree used by the Certificate Transparency implementations
// (transparency-dev/merkle proof/verify_test.go, google/trillian before it).
const LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"].map(
  (hex) => new Uint8Array(Buffer.from(hex, "hex")),
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
// Leaf numbers in the reference data are 1-based; here they are 0-based indexes.
const INCLUSION_VECTORS = [
  { leafIndex: 0, treeSize: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { leafIndex: 5, treeSize: 8, proof: ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
  { leafIndex: 2, treeSize: 3, proof: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  { leafIndex: 1, treeSize: 5, proof: ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
];
const CONSISTENCY_VECTORS = [
  { oldSize: 1, newSize: 1, proof: [] },
  { oldSize: 1, newSize: 8, proof: ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"] },
  { oldSize: 6, newSize: 8, proof: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
  { oldSize: 2, newSize: 5, proof: ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"] },
  { oldSize: 6, newSize: 7, proof: ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"] },
];
const SOME_HASH = fromHex("abacaba000000000000000000000000000000000000000000060061e00123456", 32, "hash");

const h = (hex: string) => fromHex(hex, 32, "hash");
const referenceTree = new MerkleTree(LEAVES.length, LEAVES.map(hashLeaf));

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[Math.floor(bit / 8) % copy.length]! ^= 1 << bit % 8;
  return copy;
}

function inclusionVerifies(check: InclusionCheck & { rootHash: Uint8Array }): boolean {
  try {
    verifyInclusion(check);
    return true;
  } catch (error) {
    if (error instanceof LogFormatError) return false;
    throw error;
  }
}

function consistencyVerifies(check: ConsistencyCheck): boolean {
  try {
    verifyConsistency(check);
    return true;
  } catch (error) {
    if (error instanceof LogFormatError) return false;
    throw error;
  }
}

// MTH straight from the definition in RFC 9162 section 2.1.1, for comparison.
function naiveRoot(entries: readonly Uint8Array[]): Uint8Array {
  if (entries.length === 0) return EMPTY_TREE_HASH;
  if (entries.length === 1) return hashLeaf(entries[0]!);
  let k = 1;
  while (k * 2 < entries.length) k *= 2;
  return hashChildren(naiveRoot(entries.slice(0, k)), naiveRoot(entries.slice(k)));
}

describe("RFC 6962 reference vectors", () => {
  test("the empty tree hash is SHA-256 of the empty string", () => {
    expect(toHex(EMPTY_TREE_HASH)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(rootHash([])).toEqual(EMPTY_TREE_HASH);
  });

  test("roots of the first 1 to 8 leaves", () => {
    ROOTS.forEach((root, i) => {
      expect(toHex(rootHash(LEAVES.slice(0, i + 1).map(hashLeaf)))).toBe(root);
      expect(toHex(referenceTree.rootHashAt(i + 1))).toBe(root);
    });
  });

  test.each(INCLUSION_VECTORS)("inclusion proof of leaf $leafIndex in a tree of $treeSize", ({ leafIndex, treeSize, proof }) => {
    expect(referenceTree.inclusionProof(leafIndex, treeSize).map(toHex)).toEqual(proof);
    const check = { leafIndex, treeSize, leafHash: hashLeaf(LEAVES[leafIndex]!), proof: proof.map(h) };
    expect(toHex(rootFromInclusionProof(check))).toBe(ROOTS[treeSize - 1]);
    expect(inclusionVerifies({ ...check, rootHash: h(ROOTS[treeSize - 1]!) })).toBe(true);
  });

  test.each(CONSISTENCY_VECTORS)("consistency proof from $oldSize to $newSize", ({ oldSize, newSize, proof }) => {
    expect(referenceTree.consistencyProof(oldSize, newSize).map(toHex)).toEqual(proof);
    const check = { oldSize, newSize, oldRoot: h(ROOTS[oldSize - 1]!), newRoot: h(ROOTS[newSize - 1]!), proof: proof.map(h) };
    expect(consistencyVerifies(check)).toBe(true);
  });
});

describe("corrupted reference proofs are refused (the probes of transparency-dev/merkle)", () => {
  test.each(INCLUSION_VECTORS)("inclusion of leaf $leafIndex in $treeSize", ({ leafIndex, treeSize, proof: hexProof }) => {
    const proof = hexProof.map(h);
    const root = h(ROOTS[treeSize - 1]!);
    const leafHash = hashLeaf(LEAVES[leafIndex]!);
    const good = { leafIndex, treeSize, leafHash, proof, rootHash: root };
    const probes: Array<[string, InclusionCheck & { rootHash: Uint8Array }]> = [
      ["leaf index - 1", { ...good, leafIndex: leafIndex - 1 }],
      ["leaf index + 1", { ...good, leafIndex: leafIndex + 1 }],
      ["leaf index ^ 2", { ...good, leafIndex: leafIndex ^ 2 }],
      ["tree size * 2", { ...good, treeSize: treeSize * 2 }],
      ["tree size / 2", { ...good, treeSize: Math.floor(treeSize / 2) }],
      ["wrong leaf", { ...good, leafHash: new TextEncoder().encode("WrongLeaf") }],
      ["empty tree root", { ...good, rootHash: EMPTY_TREE_HASH }],
      ["random root", { ...good, rootHash: SOME_HASH }],
      ["trailing garbage", { ...good, proof: [...proof, new Uint8Array()] }],
      ["trailing root", { ...good, proof: [...proof, root] }],
      ["preceding garbage", { ...good, proof: [new Uint8Array(), ...proof] }],
      ["preceding root", { ...good, proof: [root, ...proof] }],
      ["removed component", { ...good, proof: proof.slice(0, -1) }],
      ...proof.map((_, i): [string, InclusionCheck & { rootHash: Uint8Array }] => [
        `proof[${i}] bit 3`,
        { ...good, proof: proof.map((p, j) => (i === j ? flipBit(p, 3) : p)) },
      ]),
    ];
    if (proof.length > 1) probes.push(["inserted component", { ...good, proof: [proof[0]!, SOME_HASH, ...proof.slice(1)] }]);
    const accepted = probes.filter(([, probe]) => inclusionVerifies(probe)).map(([name]) => name);
    expect(accepted).toEqual([]);
  });

  test.each(CONSISTENCY_VECTORS.filter((v) => v.proof.length > 0))("consistency from $oldSize to $newSize", ({ oldSize, newSize, proof: hexProof }) => {
    const proof = hexProof.map(h);
    const oldRoot = h(ROOTS[oldSize - 1]!);
    const newRoot = h(ROOTS[newSize - 1]!);
    const good = { oldSize, newSize, oldRoot, newRoot, proof };
    const wrongRoot = new TextEncoder().encode("WrongRoot");
    const probes: Array<[string, ConsistencyCheck]> = [
      ["old size - 1", { ...good, oldSize: oldSize - 1 }],
      ["old size + 1", { ...good, oldSize: oldSize + 1 }],
      ["old size ^ 2", { ...good, oldSize: oldSize ^ 2 }],
      ["new size * 2", { ...good, newSize: newSize * 2 }],
      ["new size / 2", { ...good, newSize: Math.floor(newSize / 2) }],
      ["wrong old root", { ...good, oldRoot: wrongRoot }],
      ["wrong new root", { ...good, newRoot: wrongRoot }],
      ["swapped roots", { ...good, oldRoot: newRoot, newRoot: oldRoot }],
      ["empty proof", { ...good, proof: [] }],
      ["trailing garbage", { ...good, proof: [...proof, new Uint8Array()] }],
      ["trailing old root", { ...good, proof: [...proof, oldRoot] }],
      ["trailing new root", { ...good, proof: [...proof, newRoot] }],
      ["preceding garbage", { ...good, proof: [new Uint8Array(), ...proof] }],
      ["preceding old root", { ...good, proof: [oldRoot, ...proof] }],
      ["preceding new root", { ...good, proof: [newRoot, ...proof] }],
      ["preceding proof[0]", { ...good, proof: [proof[0]!, ...proof] }],
      ["truncated proof", { ...good, proof: proof.slice(0, -1) }],
      ...proof.map((_, i): [string, ConsistencyCheck] => [
        `proof[${i}] bit 4`,
        { ...good, proof: proof.map((p, j) => (i === j ? flipBit(p, 4) : p)) },
      ]),
    ];
    const accepted = probes.filter(([, probe]) => consistencyVerifies(probe)).map(([name]) => name);
    expect(accepted).toEqual([]);
  });
});

describe("edge cases", () => {
  test("a one-leaf tree: the root is the leaf hash and the proof is empty", () => {
    const leaf = hashLeaf(new TextEncoder().encode("data"));
    expect(inclusionVerifies({ leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [], rootHash: leaf })).toBe(true);
    expect(inclusionVerifies({ leafIndex: 0, treeSize: 1, leafHash: leaf, proof: [], rootHash: new Uint8Array() })).toBe(false);
    expect(inclusionVerifies({ leafIndex: 0, treeSize: 1, leafHash: new Uint8Array(), proof: [], rootHash: leaf })).toBe(false);
  });

  test("no leaf is in an empty tree, and an index must be below the size", () => {
    for (const [leafIndex, treeSize] of [[0, 0], [1, 0], [2, 1], [1, 1]] as const) {
      expect(() => rootFromInclusionProof({ leafIndex, treeSize, leafHash: SOME_HASH, proof: [] })).toThrow(/is not in a tree of size/);
    }
    expect(() => referenceTree.inclusionProof(8, 8)).toThrow("leaf index 8 is not in a tree of size 8");
    expect(() => referenceTree.inclusionProof(0, 9)).toThrow("tree size 9 is larger than the log (8 leaves)");
  });

  test("a proof of the wrong length says so", () => {
    const leafHash = hashLeaf(LEAVES[0]!);
    expect(() => rootFromInclusionProof({ leafIndex: 0, treeSize: 8, leafHash, proof: [SOME_HASH] })).toThrow(
      "inclusion proof is shorter than a tree of size 8 needs",
    );
    expect(() => rootFromInclusionProof({ leafIndex: 0, treeSize: 2, leafHash, proof: [SOME_HASH, SOME_HASH] })).toThrow(
      "inclusion proof is longer than a tree of size 2 needs",
    );
  });

  test("trivial consistency: equal sizes need equal roots and no proof; the empty tree has its own root", () => {
    const root = h(ROOTS[0]!);
    expect(consistencyVerifies({ oldSize: 1, newSize: 1, oldRoot: root, newRoot: root, proof: [] })).toBe(true);
    expect(consistencyVerifies({ oldSize: 0, newSize: 0, oldRoot: EMPTY_TREE_HASH, newRoot: EMPTY_TREE_HASH, proof: [] })).toBe(true);
    expect(consistencyVerifies({ oldSize: 0, newSize: 1, oldRoot: EMPTY_TREE_HASH, newRoot: root, proof: [] })).toBe(true);
    expect(() => verifyConsistency({ oldSize: 1, newSize: 1, oldRoot: root, newRoot: SOME_HASH, proof: [] })).toThrow(
      "two trees of size 1 have different root hashes",
    );
    expect(() => verifyConsistency({ oldSize: 1, newSize: 1, oldRoot: root, newRoot: root, proof: [EMPTY_TREE_HASH] })).toThrow(
      "consistency proof from size 1 to size 1 must be empty",
    );
    expect(() => verifyConsistency({ oldSize: 0, newSize: 1, oldRoot: SOME_HASH, newRoot: root, proof: [] })).toThrow(
      "the root hash of the empty tree must be SHA-256 of the empty string",
    );
    expect(() => verifyConsistency({ oldSize: 2, newSize: 1, oldRoot: root, newRoot: root, proof: [] })).toThrow(
      "old tree size 2 is larger than new tree size 1",
    );
    expect(() => verifyConsistency({ oldSize: 1, newSize: 2, oldRoot: root, newRoot: h(ROOTS[1]!), proof: [] })).toThrow(
      "consistency proof is empty",
    );
  });

  test("the tree size is bound through the root: a size and a root are trusted only as a pair", () => {
    // RFC 9162 verification takes the size from the caller. Leaf 0 has the same path shape in
    // trees of 3 and 4 leaves, so the proof for size 3 also "verifies" for size 4 against the
    // root of size 3; against the root of size 4, which a checkpoint of size 4 carries, it fails.
    const proof = referenceTree.inclusionProof(0, 3);
    const leafHash = hashLeaf(LEAVES[0]!);
    expect(inclusionVerifies({ leafIndex: 0, treeSize: 4, leafHash, proof, rootHash: h(ROOTS[2]!) })).toBe(true);
    expect(inclusionVerifies({ leafIndex: 0, treeSize: 4, leafHash, proof, rootHash: h(ROOTS[3]!) })).toBe(false);
  });

  test("generated consistency proofs are empty for sizes 0 and n, and refuse to go backwards", () => {
    expect(referenceTree.consistencyProof(0, 8)).toEqual([]);
    expect(referenceTree.consistencyProof(8, 8)).toEqual([]);
    expect(() => referenceTree.consistencyProof(5, 4)).toThrow("old tree size 5 is larger than new tree size 4");
  });

  test("leaf hashes come from an accessor as well as an array, and must be 32 bytes", () => {
    const hashes = LEAVES.map(hashLeaf);
    const reads: number[] = [];
    const tree = new MerkleTree(8, (index) => {
      reads.push(index);
      return hashes[index]!;
    });
    expect(toHex(tree.rootHash())).toBe(ROOTS[7]);
    // Every complete subtree is remembered: later proofs read no leaf twice.
    for (let i = 0; i < 8; i++) tree.inclusionProof(i);
    expect(reads.sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => new MerkleTree(1, () => new Uint8Array(31)).rootHash()).toThrow("leaf hash 0 must be 32 bytes, got 31");
    expect(() => new MerkleTree(2, [SOME_HASH]).rootHash()).toThrow("no leaf hash at index 1");
  });

  test("a tree grows with its log and keeps what it has computed", () => {
    const hashes = LEAVES.map(hashLeaf);
    let reads = 0;
    const tree = new MerkleTree(4, (index) => {
      reads += 1;
      return hashes[index]!;
    });
    expect(toHex(tree.rootHash())).toBe(ROOTS[3]);
    tree.grow(8);
    expect(tree.size).toBe(8);
    expect(toHex(tree.rootHash())).toBe(ROOTS[7]);
    expect(tree.consistencyProof(4).map(toHex)).toEqual(new MerkleTree(8, hashes).consistencyProof(4).map(toHex));
    expect(reads).toBe(8);
    expect(() => tree.grow(7)).toThrow("a log only grows: 7 is smaller than its size 8");
  });

  test("proofs over a thousand-leaf log reuse the memo instead of rehashing the tree", () => {
    const size = 4_000;
    let reads = 0;
    const tree = new MerkleTree(size, (index) => {
      reads += 1;
      return hashLeaf(new TextEncoder().encode(`entry ${index}`));
    });
    const root = tree.rootHash();
    for (let i = 0; i < size; i += 97) {
      expect(inclusionVerifies({ leafIndex: i, treeSize: size, leafHash: hashLeaf(new TextEncoder().encode(`entry ${i}`)), proof: tree.inclusionProof(i), rootHash: root })).toBe(true);
    }
    expect(reads).toBe(size);
  });
});

// Random logs of up to about 100 entries.
const entriesArbitrary = fc.array(fc.uint8Array({ maxLength: 12 }), { minLength: 1, maxLength: 100, size: "max" });

describe("properties", () => {
  test("the tree computes MTH as RFC 9162 defines it, at every size", () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const tree = new MerkleTree(entries.length, entries.map(hashLeaf));
        for (let size = 0; size <= entries.length; size++) {
          expect(tree.rootHashAt(size)).toEqual(naiveRoot(entries.slice(0, size)));
        }
      }),
      { numRuns: 30 },
    );
  });

  test("every entry's inclusion proof verifies at every size that includes it", () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const leafHashes = entries.map(hashLeaf);
        const tree = new MerkleTree(entries.length, leafHashes);
        for (let size = 1; size <= entries.length; size++) {
          const root = tree.rootHashAt(size);
          for (let index = 0; index < size; index++) {
            verifyInclusion({ leafIndex: index, treeSize: size, leafHash: leafHashes[index]!, proof: tree.inclusionProof(index, size), rootHash: root });
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  test("consistency between every pair of sizes verifies", () => {
    fc.assert(
      fc.property(entriesArbitrary, (entries) => {
        const tree = new MerkleTree(entries.length, entries.map(hashLeaf));
        const roots = Array.from({ length: entries.length + 1 }, (_, size) => tree.rootHashAt(size));
        for (let newSize = 0; newSize <= entries.length; newSize++) {
          for (let oldSize = 0; oldSize <= newSize; oldSize++) {
            verifyConsistency({ oldSize, newSize, oldRoot: roots[oldSize]!, newRoot: roots[newSize]!, proof: tree.consistencyProof(oldSize, newSize) });
          }
        }
      }),
      { numRuns: 15 },
    );
  });

  // A tree, a size within it, an index within that size, and a tampering to apply.
  const caseArbitrary = entriesArbitrary.chain((entries) =>
    fc.record({
      entries: fc.constant(entries),
      size: fc.integer({ min: 1, max: entries.length }),
      seed: fc.nat(),
      bit: fc.nat({ max: 255 }),
    }),
  );

  test("flipping a bit of the entry, of a proof hash or of the root makes inclusion fail", () => {
    fc.assert(
      fc.property(caseArbitrary, fc.constantFrom("entry", "proof", "root"), ({ entries, size, seed, bit }, target) => {
        const tree = new MerkleTree(entries.length, entries.map(hashLeaf));
        const index = seed % size;
        const proof = tree.inclusionProof(index, size);
        const good = { leafIndex: index, treeSize: size, leafHash: hashLeaf(entries[index]!), proof, rootHash: tree.rootHashAt(size) };
        expect(inclusionVerifies(good)).toBe(true);
        const entry = entries[index]!;
        if (target === "entry") {
          // An empty entry has no bit to flip: add a byte instead.
          const changed = entry.length > 0 ? flipBit(entry, bit) : Uint8Array.of(1 << bit % 8);
          expect(inclusionVerifies({ ...good, leafHash: hashLeaf(changed) })).toBe(false);
        } else if (target === "proof" && proof.length > 0) {
          const at = seed % proof.length;
          expect(inclusionVerifies({ ...good, proof: proof.map((p, i) => (i === at ? flipBit(p, bit) : p)) })).toBe(false);
        } else {
          expect(inclusionVerifies({ ...good, rootHash: flipBit(good.rootHash, bit) })).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("an inclusion proof does not verify for another index, nor for another size with that size's root", () => {
    fc.assert(
      fc.property(caseArbitrary, fc.nat(), ({ entries, size, seed }, other) => {
        const tree = new MerkleTree(entries.length, entries.map(hashLeaf));
        const index = seed % size;
        const proof = tree.inclusionProof(index, size);
        const leafHash = hashLeaf(entries[index]!);
        const otherIndex = other % (size + 2);
        // With equal entries (e.g. two empty ones side by side) a proof rightly verifies at either index.
        const distinct = new Set(entries.map((entry) => Buffer.from(entry).toString("hex"))).size === entries.length;
        if (otherIndex !== index && distinct) {
          expect(inclusionVerifies({ leafIndex: otherIndex, treeSize: size, leafHash, proof, rootHash: tree.rootHashAt(size) })).toBe(false);
        }
        const otherSize = (other % entries.length) + 1;
        if (otherSize !== size && index < otherSize) {
          expect(inclusionVerifies({ leafIndex: index, treeSize: otherSize, leafHash, proof, rootHash: tree.rootHashAt(otherSize) })).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("flipping a bit of a proof hash or of either root, or changing a size, makes consistency fail", () => {
    fc.assert(
      fc.property(
        caseArbitrary,
        fc.nat(),
        fc.constantFrom("proof", "old root", "new root", "old size", "new size"),
        ({ entries, size: newSize, seed, bit }, other, target) => {
          const tree = new MerkleTree(entries.length, entries.map(hashLeaf));
          const oldSize = seed % (newSize + 1);
          const proof = tree.consistencyProof(oldSize, newSize);
          const good = { oldSize, newSize, oldRoot: tree.rootHashAt(oldSize), newRoot: tree.rootHashAt(newSize), proof };
          expect(consistencyVerifies(good)).toBe(true);
          if (target === "proof" && proof.length > 0) {
            const at = other % proof.length;
            expect(consistencyVerifies({ ...good, proof: proof.map((p, i) => (i === at ? flipBit(p, bit) : p)) })).toBe(false);
          } else if (target === "old root" || (target === "proof" && proof.length === 0)) {
            expect(consistencyVerifies({ ...good, oldRoot: flipBit(good.oldRoot, bit) })).toBe(false);
          } else if (target === "new root") {
            // Consistency of the empty tree with any tree holds whatever the new root.
            if (oldSize > 0) expect(consistencyVerifies({ ...good, newRoot: flipBit(good.newRoot, bit) })).toBe(false);
          } else {
            // Another size, with the root a checkpoint of that size would carry.
            const changed = other % (entries.length + 1);
            const sizes = target === "old size" ? { oldSize: changed, newSize } : { oldSize, newSize: changed };
            if (changed !== (target === "old size" ? oldSize : newSize) && !(proof.length === 0 && (sizes.oldSize === 0 || sizes.oldSize === sizes.newSize))) {
              const probe = { ...sizes, oldRoot: tree.rootHashAt(sizes.oldSize), newRoot: tree.rootHashAt(sizes.newSize), proof };
              expect(consistencyVerifies(probe)).toBe(false);
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
