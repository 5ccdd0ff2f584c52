/**
 * The Merkle tree of the transparency log, as RFC 6962 §2.1 / RFC 9162 §2.1 define it: SHA-256, a leaf
 * hashed as H(0x00 ‖ data), an inner node as H(0x01 ‖ left ‖ right), the tree of n leaves split at the
 * largest power of two below n. Pure: storage is reached through a `HashReader`.
 *
 * Nodes are named by (level, index): the level-k node i is the complete subtree of the leaves
 * [i·2^k, (i+1)·2^k). Only complete subtrees are ever stored; a tree of any size is made from them.
 * Sizes and indices are plain numbers (exact up to 2^53); no 32-bit bit operations are used on them.
 */
import { createHash } from 'node:crypto';

export const HASH_SIZE = 32;

/** Reads the hash of a complete subtree (level, index) that exists in the tree being asked about. */
export type HashReader = (level: number, index: number) => Promise<Buffer>;

export interface NodeHash {
  level: number;
  index: number;
  hash: Buffer;
}

/** The root of the empty tree: SHA-256 of nothing (RFC 9162 §2.1.1). */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/** The largest power of two strictly below n (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/** log2 of a power of two. */
function log2(k: number): number {
  let level = 0;
  for (let p = 1; p < k; p *= 2) level++;
  return level;
}

function checkSize(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer, not ${n}`);
}

/**
 * MTH(D[lo:hi]) for a range that is a node of the RFC's recursive split: complete aligned subtrees are
 * read, the others (the right edge of a tree) are hashed from their two halves.
 */
async function rangeHash(read: HashReader, lo: number, hi: number): Promise<Buffer> {
  const n = hi - lo;
  if (isPowerOfTwo(n) && lo % n === 0) return read(log2(n), lo / n);
  const k = splitPoint(n);
  return nodeHash(await rangeHash(read, lo, lo + k), await rangeHash(read, lo + k, hi));
}

/** The Merkle tree hash of the first `size` leaves. */
export async function treeRoot(read: HashReader, size: number): Promise<Buffer> {
  checkSize(size, 'tree size');
  return size === 0 ? EMPTY_ROOT : rangeHash(read, 0, size);
}

/** The audit path of leaf `index` in the tree of `size` leaves (RFC 9162 §2.1.3.1), leaf's sibling first. */
export async function inclusionProof(read: HashReader, index: number, size: number): Promise<Buffer[]> {
  checkSize(size, 'tree size');
  checkSize(index, 'leaf index');
  if (index >= size) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Buffer[] = [];
  // PATH(m, D[lo:hi]): walk down from the root, collecting each sibling; emitted leaf-side first.
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push(await rangeHash(read, lo + k, hi));
      hi = lo + k;
    } else {
      path.push(await rangeHash(read, lo, lo + k));
      lo += k;
    }
  }
  return path.reverse();
}

/** The consistency proof from the tree of `from` leaves to that of `to` leaves (RFC 9162 §2.1.4.1). */
export async function consistencyProof(read: HashReader, from: number, to: number): Promise<Buffer[]> {
  checkSize(from, 'old size');
  checkSize(to, 'new size');
  if (from > to) throw new RangeError(`old size ${from} is larger than new size ${to}`);
  if (from === 0 || from === to) return [];
  // SUBPROOF(m, D[lo:hi], b), iteratively; hashes are emitted from the top, so reversed at the end.
  const proof: Buffer[] = [];
  let m = from;
  let lo = 0;
  let hi = to;
  let complete = true;
  while (m !== hi - lo) {
    const k = splitPoint(hi - lo);
    if (m <= k) {
      proof.push(await rangeHash(read, lo + k, hi));
      hi = lo + k;
    } else {
      proof.push(await rangeHash(read, lo, lo + k));
      lo += k;
      m -= k;
      complete = false;
    }
  }
  if (!complete) proof.push(await rangeHash(read, lo, hi));
  return proof.reverse();
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function odd(n: number): boolean {
  return n % 2 === 1;
}

/** The root an inclusion proof leads to (RFC 9162 §2.1.3.2, steps 1–4), or null where it cannot. */
export function rootFromInclusionProof(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[]): Buffer | null {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf);
  for (const p of proof) {
    if (p.length !== HASH_SIZE || sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

/** Whether `proof` shows the leaf hash `leaf` at `index` in the tree of `size` leaves with root `root`. */
export function verifyInclusion(leaf: Uint8Array, index: number, size: number, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  if (leaf.length !== HASH_SIZE || root.length !== HASH_SIZE) return false;
  const r = rootFromInclusionProof(leaf, index, size, proof);
  return r !== null && equal(r, root);
}

/**
 * Whether `proof` shows the tree of `from` leaves with root `fromRoot` to be a prefix of the tree of
 * `to` leaves with root `toRoot` (RFC 9162 §2.1.4.2). The edge cases the RFC leaves to the caller: from
 * the empty tree (whose root is SHA-256 of nothing) and between equal sizes, only an empty proof holds.
 */
export function verifyConsistency(from: number, to: number, proof: readonly Uint8Array[], fromRoot: Uint8Array, toRoot: Uint8Array): boolean {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from > to) return false;
  if (fromRoot.length !== HASH_SIZE || toRoot.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return false;
  if (from === to) return proof.length === 0 && equal(fromRoot, toRoot);
  if (from === 0) return proof.length === 0 && equal(fromRoot, EMPTY_ROOT);
  // 1. An empty path proves nothing; 2. a power-of-two old tree is itself the path's first node.
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(from) ? [fromRoot, ...proof] : [...proof];
  // 3–4. fn, sn: the last leaf of each tree; skip the levels where the old tree's edge is a right child.
  let fn = from - 1;
  let sn = to - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr and sr both start from the first node of the path.
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  // 6. Each further node is a left sibling of both (when fn is a right child or the edge), or a right
  // sibling in the new tree only.
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // 7. Both roots recomputed, and the whole path used.
  return sn === 0 && equal(fr, fromRoot) && equal(sr, toRoot);
}

/**
 * The complete subtrees along the right edge of a tree of `size` leaves, largest (leftmost) first: one
 * per bit set in `size`. Their hashes are all that appending needs from what is already stored.
 */
export function rightEdge(size: number): { level: number; index: number }[] {
  checkSize(size, 'tree size');
  const out: { level: number; index: number }[] = [];
  let level = 0;
  for (let s = size; s > 0; s = half(s), level++) if (odd(s)) out.push({ level, index: Math.floor(size / 2 ** level) - 1 });
  return out.reverse();
}

/**
 * Appends leaves to a tree of `oldSize` leaves whose right-edge hashes are `edge` (see rightEdge): every
 * complete subtree the new leaves complete (leaves included, level 0), and the new root.
 */
export function appendLeaves(oldSize: number, edge: readonly NodeHash[], leaves: readonly Buffer[]): { nodes: NodeHash[]; root: Buffer; size: number } {
  checkSize(oldSize, 'tree size');
  const known = new Map<string, Buffer>();
  const key = (level: number, index: number) => `${level}/${index}`;
  for (const want of rightEdge(oldSize)) {
    const e = edge.find((x) => x.level === want.level && x.index === want.index);
    if (!e) throw new Error(`the right edge of a tree of ${oldSize} needs node ${want.level}/${want.index}`);
    known.set(key(e.level, e.index), e.hash);
  }
  const nodes: NodeHash[] = [];
  const size = oldSize + leaves.length;
  leaves.forEach((hash, i) => {
    nodes.push({ level: 0, index: oldSize + i, hash });
    known.set(key(0, oldSize + i), hash);
  });
  for (let level = 1; 2 ** level <= size; level++) {
    const first = Math.floor(oldSize / 2 ** level);
    const last = Math.floor(size / 2 ** level);
    for (let index = first; index < last; index++) {
      const l = known.get(key(level - 1, 2 * index));
      const r = known.get(key(level - 1, 2 * index + 1));
      if (!l || !r) throw new Error(`node ${level}/${index}: a child is missing`);
      const hash = nodeHash(l, r);
      nodes.push({ level, index, hash });
      known.set(key(level, index), hash);
    }
  }
  const edgeNow = rightEdge(size).map((n) => known.get(key(n.level, n.index))!);
  let root = size === 0 ? EMPTY_ROOT : edgeNow.at(-1)!;
  for (let i = edgeNow.length - 2; i >= 0; i--) root = nodeHash(edgeNow[i]!, root);
  return { nodes, root, size };
}

/** The Merkle tree hash of a list of leaf hashes, computed directly (for tiles and tests). */
export function rootOfLeafHashes(leaves: readonly Buffer[]): Buffer {
  return appendLeaves(0, [], leaves).root;
}
