/**
 * The caches are bounded by bytes (issue #19, memory): BoundedStore, under the shared page cache and the
 * statistics reports' cache (FiguresCache), keeps its entries within a byte budget, the least recently
 * read out first, and refuses an entry too large for it.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedStore } from '../../src/core/http/bounded-store.js';
import { FiguresCache } from '../../src/core/http/page-cache.js';

describe('BoundedStore', () => {
  test('keeps what fits in the budget and drops the least recently read first', () => {
    const s = new BoundedStore<string>(100, 50);
    assert.equal(s.set('a', 'A', 40), true);
    assert.equal(s.set('b', 'B', 40), true);
    assert.equal(s.bytes, 80);
    assert.equal(s.get('a'), 'A', 'reading a makes b the least recently read');
    assert.equal(s.set('c', 'C', 40), true);
    assert.equal(s.bytes, 80);
    assert.equal(s.get('b'), undefined, 'b went to make room');
    assert.equal(s.get('a'), 'A');
    assert.equal(s.get('c'), 'C');
    assert.equal(s.size, 2);
  });

  test('an entry larger than one entry may be is not kept, and does not push others out', () => {
    const s = new BoundedStore<string>(100, 50);
    s.set('a', 'A', 30);
    assert.equal(s.set('big', 'X', 51), false);
    assert.equal(s.get('big'), undefined);
    assert.equal(s.get('a'), 'A');
    assert.equal(s.bytes, 30);
  });

  test('replacing and deleting keep the count of bytes exact', () => {
    const s = new BoundedStore<string>(1000);
    assert.equal(s.maxEntryBytes, 62, 'one entry: a sixteenth of the budget by default');
    s.set('a', 'A', 10);
    s.set('a', 'A2', 25);
    assert.equal(s.bytes, 25);
    assert.equal(s.size, 1);
    s.set('a', 'too big now', 63);
    assert.equal(s.bytes, 0, 'a refused replacement leaves the key empty rather than stale');
    s.set('b', 'B', 5);
    s.delete('b');
    s.delete('missing');
    assert.equal(s.bytes, 0);
    assert.equal(s.size, 0);
  });

  test('many entries never hold more than the budget', () => {
    const s = new BoundedStore<number>(10_000);
    for (let i = 0; i < 5_000; i++) {
      s.set(`k${i % 700}`, i, 1 + ((i * 37) % 600));
      assert.ok(s.bytes <= 10_000, `after ${i}: ${s.bytes}`);
    }
  });
});

describe('FiguresCache', () => {
  test('a result within its share is computed once; one larger is computed again for each request', async () => {
    const cache = new FiguresCache<string>(16_000, (v) => v.length);
    let computed = 0;
    const small = () => cache.get('small', null, 10, async () => (computed++, 'x'.repeat(500)));
    assert.equal((await small()).length, 500);
    assert.equal((await small()).length, 500);
    assert.equal(computed, 1, 'kept: 500 bytes is within the 1 000 one entry may take');
    computed = 0;
    const big = () => cache.get('big', null, 10, async () => (computed++, 'x'.repeat(1_001)));
    await big();
    await big();
    assert.equal(computed, 2, 'not kept: larger than a sixteenth of the budget');
  });

  test('kept results stay within the budget, the least recently read out first', async () => {
    const cache = new FiguresCache<string>(16_000, (v) => v.length);
    let computed = 0;
    const get = (k: string) => cache.get(k, null, 10, async () => (computed++, k.padEnd(1_000, '.')));
    for (let i = 0; i < 40; i++) await get(`r${i}`);
    assert.equal(computed, 40);
    computed = 0;
    for (let i = 24; i < 40; i++) await get(`r${i}`);
    assert.equal(computed, 0, 'the last sixteen (16 000 bytes) are kept');
    await get('r0');
    assert.equal(computed, 1, 'the first ones went');
  });
});
