/**
 * Issue #18 point 3: a receipt to keep and a cabinet list of one's own. The receipt page links a JSON file
 * (an attachment) with the entry, its index and leaf hash, the checkpoints and the proofs — or, while the
 * entry waits, the promised time; GET /api/v1/receipts/<n> serves the same; the proofs verify. The cabinet
 * lists the person's own receipts across tools, and nobody else's.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp } from '../helpers/test-app.js';
import { receiptNumberOn, sequenceLog } from '../helpers/tlog.js';
import { collectingPetition } from '../helpers/petitions.js';
import { leafHash, verifyConsistency, verifyInclusion } from '../../src/core/tlog/merkle.js';

describe('transparency log: receipts to keep', () => {
  let t: TestApp;
  let petition = 0;

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    petition = await collectingPetition(t, 'lviv', 'Петиція з квитанцією', 30);
  });
  after(async () => t.close());

  test('the receipt downloads as JSON (pending, then with verifying proofs), the API serves the same, the cabinet lists it to its owner only', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    assert.equal((await andrii.post(`/lviv/petitions/${petition}/sign`, {})).statusCode, 303);
    const n = receiptNumberOn((await andrii.get(`/lviv/petitions/${petition}`)).body);
    assert.ok(Number.isInteger(n));
    assert.match((await t.browser().get(`/transparency/receipts/${n}`)).body, new RegExp(`href="/transparency/receipts/${n}.json" download`));

    const pending = await t.browser().get(`/transparency/receipts/${n}.json`);
    assert.equal(pending.statusCode, 200);
    assert.match(String(pending.headers['content-disposition']), new RegExp(`^attachment; filename="viche-receipt-${n}.json"$`));
    const waiting = JSON.parse(pending.body) as { state: string; promisedBy: string };
    assert.equal(waiting.state, 'pending');
    assert.equal(new Date(waiting.promisedBy).getTime() > Date.now() - 120_000, true);

    await sequenceLog(t);
    await (await signedInAs(t, demo.olena)).post(`/lviv/petitions/${petition}/sign`, {});
    await sequenceLog(t);
    const file = await t.browser().get(`/transparency/receipts/${n}.json`);
    const r = JSON.parse(file.body) as {
      state: string;
      index: number;
      leafHash: string;
      entry: string;
      firstCheckpoint: { size: number; root: string };
      checkpoint: { size: number; root: string; note: string };
      inclusionProof: string[];
      consistencyProof: string[];
    };
    assert.equal(r.state, 'sequenced');
    assert.equal(leafHash(Buffer.from(r.entry)).toString('base64'), r.leafHash);
    assert.deepEqual([r.firstCheckpoint.size, r.checkpoint.size], [1, 2]);
    const b = (s: string) => Buffer.from(s, 'base64');
    assert.ok(verifyInclusion(b(r.leafHash), r.index, r.checkpoint.size, r.inclusionProof.map(b), b(r.checkpoint.root)));
    assert.ok(verifyConsistency(r.firstCheckpoint.size, r.checkpoint.size, r.consistencyProof.map(b), b(r.firstCheckpoint.root), b(r.checkpoint.root)));
    assert.equal((await t.browser().get('/log/checkpoint')).body, r.checkpoint.note);

    const api = await t.browser().get(`/api/v1/receipts/${n}`);
    assert.equal(api.statusCode, 200);
    assert.deepEqual(JSON.parse(api.body), r);
    assert.equal((await t.browser().get('/api/v1/receipts/999999')).statusCode, 404);
    const doc = JSON.parse((await t.browser().get('/api/docs/openapi.json')).body) as { paths: Record<string, unknown> };
    assert.ok('/api/v1/receipts/{n}' in doc.paths, 'documented in the OpenAPI description');

    const mine = (await andrii.get('/cabinet')).body;
    assert.match(mine, /Мої квитанції журналу прозорості/);
    assert.match(mine, new RegExp(`<a href="/transparency/receipts/${n}">Підпис: Петиція з квитанцією</a>`));
    const stranger = (await (await signedInAs(t, demo.moderator('lviv', 'petitions'))).get('/cabinet')).body;
    assert.match(stranger, /Мої квитанції журналу прозорості/);
    assert.ok(!stranger.includes(`/transparency/receipts/${n}"`), 'another person does not see it');
  });
});
