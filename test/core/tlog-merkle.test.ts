/**
 * The log's Merkle tree (core/tlog/merkle.ts) against published vectors — the Certificate Transparency
 * reference tree of 8 leaves, the C2SP CCTV Merkle vectors, real proofs of Google's Argon 2020 CT log —
 * and, for every size 1..70, against a naïve recursive MTH and PATH/PROOF straight from RFC 9162 §2.1.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  appendLeaves,
  consistencyProof,
  EMPTY_ROOT,
  inclusionProof,
  leafHash,
  nodeHash,
  rightEdge,
  rootOfLeafHashes,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type HashReader,
} from '../../src/core/tlog/merkle.js';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(new URL(`../fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;
const b64 = (s: string) => Buffer.from(s, 'base64');
const hex = (b: Buffer) => b.toString('hex');
/** A copy with its first byte changed. */
const flip = (h: Buffer) => {
  const c = Buffer.from(h);
  c[0] = c[0]! ^ 1;
  return c;
};

// --- RFC 9162 §2.1, written as the RFC writes it (recursion over lists): the oracle. ---
const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
function k(n: number): number {
  let p = 1;
  while (p * 2 < n) p *= 2;
  return p;
}
function mth(d: Buffer[]): Buffer {
  if (d.length === 0) return sha();
  if (d.length === 1) return sha(Buffer.of(0), d[0]!);
  const s = k(d.length);
  return sha(Buffer.of(1), mth(d.slice(0, s)), mth(d.slice(s)));
}
function path(m: number, d: Buffer[]): Buffer[] {
  if (d.length <= 1) return [];
  const s = k(d.length);
  return m < s ? [...path(m, d.slice(0, s)), mth(d.slice(s))] : [...path(m - s, d.slice(s)), mth(d.slice(0, s))];
}
function subproof(m: number, d: Buffer[], b: boolean): Buffer[] {
  if (m === d.length) return b ? [] : [mth(d)];
  const s = k(d.length);
  return m <= s ? [...subproof(m, d.slice(0, s), b), mth(d.slice(s))] : [...subproof(m - s, d.slice(s), false), mth(d.slice(0, s))];
}

/** A reader over an in-memory tree: the hash of each complete subtree, computed by the oracle. */
function memoryReader(d: Buffer[]): HashReader {
  return async (level, index) => {
    const w = 2 ** level;
    if ((index + 1) * w > d.length) throw new Error(`node ${level}/${index} is not complete in a tree of ${d.length}`);
    return mth(d.slice(index * w, (index + 1) * w));
  };
}

const data = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(`entry ${i}`));

describe('Merkle tree hashes', () => {
  test('the Certificate Transparency reference tree of 8 leaves (RFC 6962 test data)', async () => {
    const leaves = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map((h) => Buffer.from(h, 'hex'));
    const roots = [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
      'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
      '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
      '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
      'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    ];
    for (let n = 0; n <= 8; n++) {
      assert.equal(hex(await treeRoot(memoryReader(leaves.slice(0, n)), n)), roots[n], `root of ${n}`);
      assert.equal(hex(rootOfLeafHashes(leaves.slice(0, n).map(leafHash))), roots[n], `root of ${n} from leaf hashes`);
    }
    assert.equal(hex(EMPTY_ROOT), roots[0]);
  });

  test('C2SP CCTV vectors: tree heads, inclusion and consistency, valid and invalid', async () => {
    interface Inc {
      leaf_hash: string;
      leaf_index: number;
      tree_size: number;
      root_hash: string;
      inclusion_path: string[];
    }
    interface Con {
      old_size: number;
      new_size: number;
      old_root: string;
      new_root: string;
      consistency_path: string[];
    }
    const v = fixture<{
      tree: { leaf_data: string; leaf_hash: string; root_hash: string }[];
      inclusionValid: Inc[];
      inclusionInvalid: Inc[];
      consistencyValid: Con[];
      consistencyInvalid: Con[];
    }>('cctv-merkle.json');
    const leaves = v.tree.map((t) => Buffer.from(t.leaf_data, 'utf8'));
    for (const [i, t] of v.tree.entries()) {
      assert.equal(leafHash(leaves[i]!).toString('base64'), t.leaf_hash);
      assert.equal((await treeRoot(memoryReader(leaves.slice(0, i + 1)), i + 1)).toString('base64'), t.root_hash, `head of ${i + 1}`);
    }
    for (const c of v.inclusionValid) {
      assert.ok(verifyInclusion(b64(c.leaf_hash), c.leaf_index, c.tree_size, c.inclusion_path.map(b64), b64(c.root_hash)));
      const made = await inclusionProof(memoryReader(leaves.slice(0, c.tree_size)), c.leaf_index, c.tree_size);
      assert.deepEqual(
        made.map((h) => h.toString('base64')),
        c.inclusion_path,
        `proof of ${c.leaf_index} in ${c.tree_size}`,
      );
    }
    for (const c of v.inclusionInvalid) assert.ok(!verifyInclusion(b64(c.leaf_hash), c.leaf_index, c.tree_size, c.inclusion_path.map(b64), b64(c.root_hash)));
    for (const c of v.consistencyValid) {
      assert.ok(verifyConsistency(c.old_size, c.new_size, c.consistency_path.map(b64), b64(c.old_root), b64(c.new_root)), `${c.old_size}→${c.new_size}`);
      const made = await consistencyProof(memoryReader(leaves.slice(0, c.new_size)), c.old_size, c.new_size);
      assert.deepEqual(
        made.map((h) => h.toString('base64')),
        c.consistency_path,
      );
    }
    for (const c of v.consistencyInvalid) {
      assert.ok(!verifyConsistency(c.old_size, c.new_size, c.consistency_path.map(b64), b64(c.old_root), b64(c.new_root)), JSON.stringify(c));
    }
  });

  test("real proofs of Google's Argon 2020 Certificate Transparency log (961 984 013 entries)", () => {
    const v = fixture<{
      sth: { tree_size: number; sha256_root_hash: string };
      leafIndex: number;
      leafInput: string;
      auditPath: string[];
      oldSize: number;
      oldRoot: string;
      consistency: string[];
    }>('ct-argon2020.json');
    const root = b64(v.sth.sha256_root_hash);
    const leaf = leafHash(b64(v.leafInput));
    const proof = v.auditPath.map(b64);
    assert.ok(verifyInclusion(leaf, v.leafIndex, v.sth.tree_size, proof, root));
    assert.ok(!verifyInclusion(leaf, v.leafIndex + 1, v.sth.tree_size, proof, root), 'another index');
    const bent = proof.map((h, i) => (i === 17 ? flip(h) : h));
    assert.ok(!verifyInclusion(leaf, v.leafIndex, v.sth.tree_size, bent, root), 'a changed hash');
    const cons = v.consistency.map(b64);
    assert.ok(verifyConsistency(v.oldSize, v.sth.tree_size, cons, b64(v.oldRoot), root));
    assert.ok(!verifyConsistency(v.oldSize + 1, v.sth.tree_size, cons, b64(v.oldRoot), root), 'another old size');
    assert.ok(!verifyConsistency(v.oldSize, v.sth.tree_size, cons.slice(1), b64(v.oldRoot), root), 'a hash short');
  });

  test('every size 1..70: roots, inclusion and consistency proofs are the RFC’s, and verify; tampering does not', async () => {
    const all = data(70);
    for (let n = 1; n <= 70; n++) {
      const d = all.slice(0, n);
      const read = memoryReader(d);
      const root = mth(d);
      assert.equal(hex(await treeRoot(read, n)), hex(root), `root of ${n}`);
      for (let m = 0; m < n; m++) {
        const proof = await inclusionProof(read, m, n);
        assert.deepEqual(proof.map(hex), path(m, d).map(hex), `PATH(${m}, D[${n}])`);
        const leaf = leafHash(d[m]!);
        assert.ok(verifyInclusion(leaf, m, n, proof, root), `inclusion ${m} of ${n}`);
        assert.ok(!verifyInclusion(leafHash(Buffer.from('other')), m, n, proof, root));
        if (n > 1) assert.ok(!verifyInclusion(leaf, (m + 1) % n, n, proof, root), `wrong index ${m} of ${n}`);
        if (proof.length) {
          assert.ok(!verifyInclusion(leaf, m, n, proof.slice(0, -1), root), 'short proof');
          assert.ok(!verifyInclusion(leaf, m, n, [...proof, proof[0]!], root), 'long proof');
          const bent = proof.map((h, i) => (i === proof.length - 1 ? flip(h) : h));
          assert.ok(!verifyInclusion(leaf, m, n, bent, root), 'a changed hash');
        }
      }
      for (let m = 0; m <= n; m++) {
        const proof = await consistencyProof(read, m, n);
        const expected = m === 0 ? [] : subproof(m, d, true);
        assert.deepEqual(proof.map(hex), expected.map(hex), `PROOF(${m}, D[${n}])`);
        const oldRoot = mth(d.slice(0, m));
        assert.ok(verifyConsistency(m, n, proof, oldRoot, root), `consistency ${m}→${n}`);
        if (m > 0 && m < n) {
          assert.ok(!verifyConsistency(m, n, proof, mth(all.slice(1, m + 1)), root), `a forked old tree ${m}→${n}`);
          assert.ok(!verifyConsistency(m, n, proof, oldRoot, mth([...d.slice(0, n - 1), Buffer.from('x')])), `a forked new tree ${m}→${n}`);
          assert.ok(!verifyConsistency(m, n, proof.slice(0, -1), oldRoot, root), 'short proof');
          if (m + 1 < n) assert.ok(!verifyConsistency(m + 1, n, proof, oldRoot, root), 'another old size');
        }
      }
    }
  });

  test('appending leaf by leaf and in batches stores exactly the complete subtrees, and the same root', () => {
    const all = data(70).map(leafHash);
    for (const batch of [1, 3, 8, 33, 70]) {
      const stored = new Map<string, Buffer>();
      let size = 0;
      let root = EMPTY_ROOT;
      while (size < all.length) {
        const edge = rightEdge(size).map((n) => ({ ...n, hash: stored.get(`${n.level}/${n.index}`)! }));
        const r = appendLeaves(size, edge, all.slice(size, size + batch));
        for (const n of r.nodes) {
          assert.ok(!stored.has(`${n.level}/${n.index}`), `node ${n.level}/${n.index} written twice`);
          stored.set(`${n.level}/${n.index}`, n.hash);
        }
        size = r.size;
        root = r.root;
        assert.equal(hex(root), hex(mth(data(size))), `root of ${size} (batches of ${batch})`);
      }
      // Every complete subtree, and nothing else: 70 leaves, 35 + 17 + 8 + 4 + 2 + 1 nodes above them.
      assert.equal(stored.size, 70 + 35 + 17 + 8 + 4 + 2 + 1);
      assert.equal(hex(stored.get('3/2')!), hex(mth(data(70).slice(16, 24))));
    }
    assert.throws(() => appendLeaves(5, [], [leafHash(Buffer.from('x'))]), /right edge/);
  });

  test('node hashes are domain-separated from leaf hashes', () => {
    const a = leafHash(Buffer.from('a'));
    const b = leafHash(Buffer.from('b'));
    assert.notEqual(hex(nodeHash(a, b)), hex(leafHash(Buffer.concat([a, b]))));
    assert.equal(hex(nodeHash(a, b)), hex(sha(Buffer.of(1), a, b)));
  });
});
