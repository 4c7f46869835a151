// Merkle tree hashing, proofs and their verification for Accord's transparency log, exactly as
// RFC 9162 section 2.1 defines them (the same hashing as RFC 6962 section 2.1): SHA-256, leaf
// hash SHA-256(0x00 || entry), interior node SHA-256(0x01 || left || right), the empty tree
// hash SHA-256(""), and a tree of n leaves split at the largest power of two smaller than n.
// Any RFC 6962/9162 implementation (Certificate Transparency, transparency-dev/merkle) computes
// the same roots and accepts the same proofs.
//
// Proofs are generated from leaf hashes read through an accessor, so the storage layer decides
// where they live. A MerkleTree remembers the hash of every complete (power-of-two, aligned)
// subtree it has computed: the first proof over n leaves costs about n hashes, and every later
// root or proof over the same leaves costs O(log n) hashes plus look-ups.
//
// Verification follows the bit-shifting algorithms of RFC 9162 sections 2.1.3.2 (inclusion) and
// 2.1.4.2 (consistency) step by step. Tree sizes and indexes are JavaScript safe integers.
import { bytesEqual, sha256 } from "./bytes";
import { LogFormatError } from "./errors";

export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** SHA-256(0x00 || entry) (RFC 9162 section 2.1.1). */
export function hashLeaf(entry: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, entry);
}

/** SHA-256(0x01 || left || right) (RFC 9162 section 2.1.1). */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** MTH({}) = SHA-256(""). */
export const EMPTY_TREE_HASH: Uint8Array = sha256();

/** Leaf hashes by index, or a function that reads the leaf hash at an index. */
export type LeafHashSource = readonly Uint8Array[] | ((index: number) => Uint8Array);

/** The largest power of two strictly smaller than n (n >= 2): the split point k of RFC 9162. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && largestPowerOfTwoBelow(n + 1) === n;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function requireSize(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new LogFormatError(`${what} must be a non-negative safe integer, got ${value}`);
  }
}

function requireHash(hash: Uint8Array, what: string): void {
  if (hash.length !== HASH_SIZE) {
    throw new LogFormatError(`${what} must be ${HASH_SIZE} bytes, got ${hash.length}`);
  }
}

/**
 * The leaves [0, size) of a log, with a memo of complete subtree hashes. Create one per request,
 * or keep one and `grow` it as entries are appended: leaf hashes never change, so neither does
 * the hash of a complete subtree, and the memo stays valid.
 */
export class MerkleTree {
  private treeSize: number;
  private readonly leafAt: (index: number) => Uint8Array;
  // memo[level][index] = hash of the complete subtree (level 0: the leaf hashes as read) of 2^level leaves starting at index * 2^level.
  private readonly memo: Uint8Array[][] = [];

  constructor(size: number, leaves: LeafHashSource) {
    requireSize(size, "tree size");
    this.treeSize = size;
    this.leafAt = typeof leaves === "function" ? leaves : (index) => leafFromArray(leaves, index);
  }

  get size(): number {
    return this.treeSize;
  }

  /** Takes in leaves appended since; the accessor must now answer for indexes below newSize. */
  grow(newSize: number): void {
    requireSize(newSize, "tree size");
    if (newSize < this.treeSize) {
      throw new LogFormatError(`a log only grows: ${newSize} is smaller than its size ${this.treeSize}`);
    }
    this.treeSize = newSize;
  }

  /** MTH(D[0:size]). */
  rootHash(): Uint8Array {
    return this.size === 0 ? EMPTY_TREE_HASH : this.rangeHash(0, this.size);
  }

  /** MTH(D[0:treeSize]) for an earlier size of this tree. */
  rootHashAt(treeSize: number): Uint8Array {
    this.requireTreeSize(treeSize);
    return treeSize === 0 ? EMPTY_TREE_HASH : this.rangeHash(0, treeSize);
  }

  /** PATH(m, D[0:treeSize]) of RFC 9162 section 2.1.3.1, nearest the leaf first. */
  inclusionProof(leafIndex: number, treeSize: number = this.size): Uint8Array[] {
    this.requireTreeSize(treeSize);
    requireSize(leafIndex, "leaf index");
    if (leafIndex >= treeSize) {
      throw new LogFormatError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
    }
    const proof: Uint8Array[] = [];
    this.path(leafIndex, 0, treeSize, proof);
    return proof;
  }

  /** PROOF(m, D[0:n]) of RFC 9162 section 2.1.4.1; empty when m is 0 or m equals n. */
  consistencyProof(oldSize: number, newSize: number = this.size): Uint8Array[] {
    this.requireTreeSize(newSize);
    requireSize(oldSize, "old tree size");
    if (oldSize > newSize) {
      throw new LogFormatError(`old tree size ${oldSize} is larger than new tree size ${newSize}`);
    }
    const proof: Uint8Array[] = [];
    if (oldSize > 0 && oldSize < newSize) this.subproof(oldSize, 0, newSize, true, proof);
    return proof;
  }

  private requireTreeSize(treeSize: number): void {
    requireSize(treeSize, "tree size");
    if (treeSize > this.size) {
      throw new LogFormatError(`tree size ${treeSize} is larger than the log (${this.size} leaves)`);
    }
  }

  // PATH(m, D[start:end]), appending the deepest sibling first.
  private path(m: number, start: number, end: number, proof: Uint8Array[]): void {
    const n = end - start;
    if (n === 1) return;
    const k = largestPowerOfTwoBelow(n);
    if (m < k) {
      this.path(m, start, start + k, proof);
      proof.push(this.rangeHash(start + k, end));
    } else {
      this.path(m - k, start + k, end, proof);
      proof.push(this.rangeHash(start, start + k));
    }
  }

  // SUBPROOF(m, D[start:end], b).
  private subproof(m: number, start: number, end: number, complete: boolean, proof: Uint8Array[]): void {
    const n = end - start;
    if (m === n) {
      if (!complete) proof.push(this.rangeHash(start, end));
      return;
    }
    const k = largestPowerOfTwoBelow(n);
    if (m <= k) {
      this.subproof(m, start, start + k, complete, proof);
      proof.push(this.rangeHash(start + k, end));
    } else {
      this.subproof(m - k, start + k, end, false, proof);
      proof.push(this.rangeHash(start, start + k));
    }
  }

  // MTH(D[start:end]) for a range the RFC recursion produces: either a complete aligned subtree
  // or a range whose left part is one, so every piece is found in or added to the memo.
  private rangeHash(start: number, end: number): Uint8Array {
    const n = end - start;
    if (isPowerOfTwo(n) && start % n === 0) return this.completeHash(Math.log2(n), start / n);
    const k = largestPowerOfTwoBelow(n);
    return hashChildren(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }

  private completeHash(level: number, index: number): Uint8Array {
    const row = (this.memo[level] ??= []);
    const known = row[index];
    if (known) return known;
    const hash =
      level === 0
        ? this.leaf(index)
        : hashChildren(this.completeHash(level - 1, 2 * index), this.completeHash(level - 1, 2 * index + 1));
    row[index] = hash;
    return hash;
  }

  private leaf(index: number): Uint8Array {
    const hash = this.leafAt(index);
    requireHash(hash, `leaf hash ${index}`);
    return hash;
  }
}

function leafFromArray(leaves: readonly Uint8Array[], index: number): Uint8Array {
  const hash = leaves[index];
  if (!hash) throw new LogFormatError(`no leaf hash at index ${index}`);
  return hash;
}

/** MTH of the given leaf hashes (RFC 9162 section 2.1.1). */
export function rootHash(leafHashes: readonly Uint8Array[]): Uint8Array {
  return new MerkleTree(leafHashes.length, leafHashes).rootHash();
}

export interface InclusionCheck {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * The root an inclusion proof leads to (RFC 9162 section 2.1.3.2, steps 1 to 4 and the check of
 * sn in step 5). Throws when the proof cannot belong to that index and size.
 */
export function rootFromInclusionProof({ leafIndex, treeSize, leafHash, proof }: InclusionCheck): Uint8Array {
  requireSize(leafIndex, "leaf index");
  requireSize(treeSize, "tree size");
  if (leafIndex >= treeSize) {
    throw new LogFormatError(`leaf index ${leafIndex} is not in a tree of size ${treeSize}`);
  }
  requireHash(leafHash, "leaf hash");
  proof.forEach((hash, i) => requireHash(hash, `inclusion proof hash ${i}`));
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) throw new LogFormatError(`inclusion proof is longer than a tree of size ${treeSize} needs`);
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new LogFormatError(`inclusion proof is shorter than a tree of size ${treeSize} needs`);
  return r;
}

/** Throws unless the proof shows the leaf at leafIndex in the tree of treeSize with rootHash. */
export function verifyInclusion(check: InclusionCheck & { rootHash: Uint8Array }): void {
  requireHash(check.rootHash, "root hash");
  const computed = rootFromInclusionProof(check);
  if (!bytesEqual(computed, check.rootHash)) {
    throw new LogFormatError(
      `inclusion proof for leaf ${check.leafIndex} does not lead to the root hash of the tree of size ${check.treeSize}`,
    );
  }
}

export interface ConsistencyCheck {
  oldSize: number;
  newSize: number;
  oldRoot: Uint8Array;
  newRoot: Uint8Array;
  proof: readonly Uint8Array[];
}

/**
 * Throws unless the proof shows that the tree of newSize with newRoot extends the tree of oldSize
 * with oldRoot (RFC 9162 section 2.1.4.2). Equal sizes need equal roots and an empty proof; an
 * old size of 0 needs the empty tree hash as its root and an empty proof.
 */
export function verifyConsistency({ oldSize, newSize, oldRoot, newRoot, proof }: ConsistencyCheck): void {
  requireSize(oldSize, "old tree size");
  requireSize(newSize, "new tree size");
  requireHash(oldRoot, "old root hash");
  requireHash(newRoot, "new root hash");
  proof.forEach((hash, i) => requireHash(hash, `consistency proof hash ${i}`));
  if (oldSize > newSize) {
    throw new LogFormatError(`old tree size ${oldSize} is larger than new tree size ${newSize}`);
  }
  if (oldSize === 0 || oldSize === newSize) {
    verifyTrivialConsistency(oldSize, newSize, oldRoot, newRoot, proof);
    return;
  }
  if (proof.length === 0) throw new LogFormatError("consistency proof is empty");
  const { firstRoot, secondRoot } = rootsFromConsistencyProof(oldSize, newSize, oldRoot, proof);
  if (!bytesEqual(firstRoot, oldRoot)) {
    throw new LogFormatError(`consistency proof does not lead to the root hash of the tree of size ${oldSize}`);
  }
  if (!bytesEqual(secondRoot, newRoot)) {
    throw new LogFormatError(`consistency proof does not lead to the root hash of the tree of size ${newSize}`);
  }
}

function verifyTrivialConsistency(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  newRoot: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  if (proof.length > 0) {
    throw new LogFormatError(`consistency proof from size ${oldSize} to size ${newSize} must be empty`);
  }
  if (oldSize === 0 && !bytesEqual(oldRoot, EMPTY_TREE_HASH)) {
    throw new LogFormatError("the root hash of the empty tree must be SHA-256 of the empty string");
  }
  if (oldSize === newSize && !bytesEqual(oldRoot, newRoot)) {
    throw new LogFormatError(`two trees of size ${newSize} have different root hashes`);
  }
}

// Steps 2 to 6 of RFC 9162 section 2.1.4.2, with 0 < oldSize < newSize and a non-empty proof;
// the check that sn ends at 0 (step 7) is made here too.
function rootsFromConsistencyProof(
  oldSize: number,
  newSize: number,
  oldRoot: Uint8Array,
  proof: readonly Uint8Array[],
): { firstRoot: Uint8Array; secondRoot: Uint8Array } {
  const path = isPowerOfTwo(oldSize) ? [oldRoot, ...proof] : [...proof];
  let fn = oldSize - 1;
  let sn = newSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) throw new LogFormatError(`consistency proof is longer than sizes ${oldSize} and ${newSize} need`);
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) throw new LogFormatError(`consistency proof is shorter than sizes ${oldSize} and ${newSize} need`);
  return { firstRoot: fr, secondRoot: sr };
}
