/**
 * Issue 18, the log's core through its public surface: entries appended in the acts' transactions are
 * sequenced into a log served as C2SP tiles with a signed C2SP checkpoint. A client that knows only the
 * published key checks the checkpoint, rebuilds the root from the tiles, checks entries against the
 * level-0 tiles, and verifies inclusion and consistency proofs between two checkpoints — with
 * merkle.ts's verification functions and nothing of the server's state. A rolled-back act leaves
 * nothing; a batch that fails half-way leaves everything as it was.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { appendToLog, findReceipt, pendingCount } from '../../src/core/tlog/store.js';
import { sequenceNow } from '../../src/core/tlog/sequencer.js';
import { logSigner } from '../../src/core/tlog/keys.js';
import { openCheckpoint, type Checkpoint } from '../../src/core/tlog/checkpoint.js';
import { parseVerifierKey, type NoteSigner, type NoteVerifier } from '../../src/core/tlog/note.js';
import { leafHash, rootOfLeafHashes, verifyConsistency, verifyInclusion, EMPTY_ROOT } from '../../src/core/tlog/merkle.js';
import { decodeEntryBundle, formatTilePath, splitTile, tilesForSize } from '../../src/core/tlog/tiles.js';

const entry = (i: number) => JSON.stringify({ kind: 'test', i, community: 'lviv', tag: `tag-${i % 7}` });

describe('transparency log over HTTP', () => {
  let t: TestApp;
  let signer: NoteSigner;
  let verifier: NoteVerifier;
  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const checkpoint = async (): Promise<{ note: string; cp: Checkpoint }> => {
    const res = await get('/log/checkpoint');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; charset=utf-8/);
    assert.match(String(res.headers['cache-control']), /max-age=\d$/, 'cached a few seconds at most');
    return { note: res.body, cp: openCheckpoint(res.body, verifier, 'viche.test/log') };
  };
  const tile = async (path: string): Promise<LightMyRequestResponse> => get(`/log/${path}`);

  /** Appends entries first..last−1, `perTx` per transaction. */
  async function append(first: number, last: number, perTx: number): Promise<number[]> {
    const ids: number[] = [];
    for (let i = first; i < last; i += perTx) {
      await t.ctx.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(last, i + perTx); j++) ids.push(await appendToLog(trx, entry(j)));
      });
    }
    return ids;
  }

  before(async () => {
    t = await createTestApp({ seed: false });
    signer = logSigner(t.ctx.config);
    // The client knows the key from its stable URL (and README), nothing else.
    const key = await get('/log/key');
    assert.equal(key.statusCode, 200);
    verifier = parseVerifierKey(key.body.trim());
  });
  after(() => t.close());

  test('before any act: a signed checkpoint of the empty tree, and no tiles', async () => {
    const { cp } = await checkpoint();
    assert.equal(cp.size, 0);
    assert.deepEqual(cp.root, EMPTY_ROOT);
    assert.equal((await tile('tile/0/000.p/1')).statusCode, 404);
    assert.equal((await tile('tile/entries/000.p/1')).statusCode, 404);
  });

  let first: { note: string; cp: Checkpoint };

  test('acts append in their transactions; a rolled-back act leaves nothing; receipts promise, then point', async () => {
    const ids = await append(0, 100, 25);
    await assert.rejects(
      t.ctx.db.transaction().execute(async (trx) => {
        await appendToLog(trx, 'rolled back');
        throw new Error('the act failed');
      }),
      /the act failed/,
    );
    ids.push(...(await append(100, 130, 30)));
    const waiting = await findReceipt(t.ctx.db, ids[5]!);
    assert.equal(waiting?.state, 'pending');
    assert.ok(waiting?.state === 'pending' && waiting.promisedBy.getTime() > Date.now() + 55_000, 'within the 60-second merge delay');

    const r = await sequenceNow(t.ctx.db, signer, { batchSize: 64 });
    assert.deepEqual([r.appended, r.size], [130, 130]);
    assert.equal(await pendingCount(t.ctx.db), 0);
    first = await checkpoint();
    assert.equal(first.cp.size, 130);
    const receipt = await findReceipt(t.ctx.db, ids[5]!);
    assert.ok(receipt?.state === 'sequenced');
    assert.equal(receipt.index, 5);
    assert.deepEqual(receipt.leafHash, leafHash(Buffer.from(entry(5))));
    // Batches of 64: the first checkpoint that includes entry 5 is the one of 64.
    assert.equal(receipt.checkpointSize, 64);

    const bundle = decodeEntryBundle((await tile('tile/entries/000.p/130')).rawPayload).map((e) => e.toString());
    assert.deepEqual(
      bundle,
      Array.from({ length: 130 }, (_, i) => entry(i)),
      'every committed act once, in order',
    );
    assert.ok(!bundle.includes('rolled back'));
  });

  test('a batch that fails half-way (here: signing) changes nothing; the next one goes through', async () => {
    await append(130, 300, 85);
    const failing: NoteSigner = {
      ...signer,
      sign: () => {
        throw new Error('killed while signing');
      },
    };
    await assert.rejects(sequenceNow(t.ctx.db, failing), /killed while signing/);
    assert.equal((await checkpoint()).cp.size, 130);
    assert.equal(await pendingCount(t.ctx.db), 170);
    assert.equal((await tile('tile/entries/000.p/131')).statusCode, 404);
    await sequenceNow(t.ctx.db, signer);
    assert.equal((await checkpoint()).cp.size, 300);
  });

  test('a client rebuilds the checkpoint’s root from the tiles, and the entries from the bundles', async () => {
    const { cp } = await checkpoint();
    const level0 = tilesForSize(cp.size, 0);
    assert.deepEqual(
      level0.map((x) => formatTilePath(x)),
      ['tile/0/000', 'tile/0/001.p/44'],
    );
    const leaves: Buffer[] = [];
    for (const ref of level0) {
      const res = await tile(formatTilePath(ref));
      assert.equal(res.statusCode, 200, formatTilePath(ref));
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      assert.equal(res.headers['cache-control'], ref.width === 256 ? 'public, max-age=31536000, immutable' : 'public, max-age=5');
      const hashes = splitTile(res.rawPayload);
      assert.equal(hashes.length, ref.width);
      const entries = decodeEntryBundle((await tile(formatTilePath({ ...ref, kind: 'entries' }))).rawPayload);
      assert.deepEqual(
        entries.map((e) => leafHash(e).toString('hex')),
        hashes.map((h) => h.toString('hex')),
        'each entry hashes to its leaf',
      );
      leaves.push(...hashes);
    }
    assert.deepEqual(rootOfLeafHashes(leaves), cp.root, 'the root from the tiles is the signed one');
    // Level 1 holds the hash of each full level-0 tile.
    const l1 = await tile('tile/1/000.p/1');
    assert.equal(l1.statusCode, 200);
    assert.deepEqual(splitTile(l1.rawPayload), [rootOfLeafHashes(leaves.slice(0, 256))]);
    // A narrower partial tile is a prefix of the wider one.
    assert.deepEqual(splitTile((await tile('tile/0/001.p/3')).rawPayload), leaves.slice(256, 259));
  });

  test('tiles beyond the tree, and paths that are not tiles, are 404', async () => {
    for (const path of [
      'tile/0/001',
      'tile/0/001.p/45',
      'tile/0/002.p/1',
      'tile/1/000',
      'tile/2/000.p/1',
      'tile/entries/001',
      'tile/0/1',
      'tile/0/000.p/256',
      'tile/x',
    ]) {
      const res = await tile(path);
      assert.equal(res.statusCode, 404, path);
      assert.match(res.body, /^404 Not Found/);
    }
  });

  test('inclusion proofs against the signed roots, and consistency between the two checkpoints', async () => {
    const { cp } = await checkpoint();
    for (const index of [0, 1, 5, 63, 64, 129, 255, 256, 299]) {
      const leaf = leafHash(Buffer.from(entry(index)));
      for (const c of index < first.cp.size ? [first.cp, cp] : [cp]) {
        const res = await get(`/log/proof/inclusion?index=${index}&size=${c.size}`);
        assert.equal(res.statusCode, 200);
        const body = res.json<{ leafHash: string; proof: string[] }>();
        assert.equal(body.leafHash, leaf.toString('base64'));
        const proof = body.proof.map((p) => Buffer.from(p, 'base64'));
        assert.ok(verifyInclusion(leaf, index, c.size, proof, c.root), `entry ${index} in ${c.size}`);
        assert.ok(!verifyInclusion(leafHash(Buffer.from('forged')), index, c.size, proof, c.root));
      }
    }
    const res = await get(`/log/proof/consistency?from=${first.cp.size}&to=${cp.size}`);
    assert.equal(res.statusCode, 200);
    const proof = res.json<{ proof: string[] }>().proof.map((p) => Buffer.from(p, 'base64'));
    assert.ok(verifyConsistency(first.cp.size, cp.size, proof, first.cp.root, cp.root));
    assert.ok(!verifyConsistency(first.cp.size, cp.size, proof, rootOfLeafHashes([leafHash(Buffer.from('fork'))]), cp.root));
  });

  test('proof requests outside the log are refused with a JSON error', async () => {
    for (const url of [
      '/log/proof/inclusion?index=0&size=301',
      '/log/proof/inclusion?index=300&size=300',
      '/log/proof/inclusion?index=-1&size=3',
      '/log/proof/inclusion?index=01&size=3',
      '/log/proof/inclusion?size=3',
      '/log/proof/consistency?from=5&to=4',
      '/log/proof/consistency?from=1&to=301',
    ]) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /application\/json/, url);
    }
    const beyond = await get('/log/proof/inclusion?index=0&size=301');
    assert.equal(beyond.json<{ error: { message: string } }>().error.message, 'У журналі 300 записів, менше ніж 301.');
    const same = await get('/log/proof/consistency?from=300&to=300');
    assert.deepEqual(same.json<{ proof: string[] }>().proof, []);
  });
});
