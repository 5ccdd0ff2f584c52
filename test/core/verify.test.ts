/**
 * Issue #18 point 4: the independent verifier (`npm run verify -- URL [--state FILE]`) against the app
 * listening on a real port, through public HTTP only. Signatures made over HTTP verify; then the database
 * is changed behind the app's back and the verifier names each tampering: a bumped count, a deleted
 * signature, a rewritten entry, a forked history (with the saved state) and a different signing key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp } from '../helpers/test-app.js';
import { signedInByEmail } from '../helpers/weak-sign-in.js';
import { sequenceNow } from '../../src/core/tlog/sequencer.js';
import { logOrigin, logSigner } from '../../src/core/tlog/keys.js';
import { appendToLog } from '../../src/core/tlog/store.js';
import { signerFromSeed } from '../../src/core/tlog/note.js';
import { runVerify } from '../../src/verify/main.js';
import { Frontier } from '../../src/verify/log.js';
import { leafHash, rootOfLeafHashes } from '../../src/core/tlog/merkle.js';
import { collectingPetition } from '../helpers/petitions.js';

describe('the independent verifier, over HTTP', () => {
  let t: TestApp;
  let url = '';
  let dir = '';
  let stateFile = '';
  const ids = { a: 0, b: 0 };

  const sequence = () => sequenceNow(t.ctx.db, logSigner(t.ctx.config));
  const verify = (...extra: string[]) => runVerify([url, ...extra]);
  const discrepancy = async (pattern: RegExp, ...extra: string[]) => {
    const out = await verify(...extra);
    assert.equal(out.code, 1, `the verifier fails: ${out.stdout}${out.stderr}`);
    assert.match(out.stderr, pattern);
  };

  before(async () => {
    t = await createTestApp({ seedModules: false, now: new Date('2027-03-12T08:00:00Z') });
    ids.a = await collectingPetition(t, 'lviv', 'Петиція А');
    ids.b = await collectingPetition(t, 'koriukivka', 'Петиція Б');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    assert.ok(address && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}`;
    dir = mkdtempSync(join(tmpdir(), 'viche-verify-'));
    stateFile = join(dir, 'state.json');
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  test('the frontier gives the same roots as the tree', () => {
    const f = new Frontier();
    const leaves: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      leaves.push(leafHash(Buffer.from(`entry ${i}`)));
      f.push(leaves.at(-1)!);
      assert.ok(f.root().equals(rootOfLeafHashes(leaves)), `size ${i + 1}`);
    }
  });

  test('signatures made over HTTP verify: counts, tools, unknown tools skipped, state saved', async () => {
    const andrii = await signedInAs(t, demo.andrii);
    const olena = await signedInAs(t, demo.olena);
    const weak = await signedInByEmail(t, 'verify.signer@example.com', { phone: '+380671239922' });
    assert.equal((await andrii.post(`/lviv/petitions/${ids.a}/sign`, {})).statusCode, 303);
    assert.equal((await olena.post(`/lviv/petitions/${ids.a}/sign`, {})).statusCode, 303);
    assert.equal((await andrii.post(`/koriukivka/petitions/${ids.b}/sign`, {})).statusCode, 303);
    assert.equal((await weak.post(`/koriukivka/petitions/${ids.b}/sign`, {})).statusCode, 303);
    const sig = await sql<{ id: number }>`
      select s.id from petition_signatures s join users u on u.id = s.user_id where s.petition_id = ${ids.a} and u.last_name = 'Шевчук'`.execute(t.ctx.db);
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const res = await moderator.post(`/lviv/manage/petitions/${ids.a}/invalidate`, { signature: String(sig.rows[0]!.id), reason: 'Перевірка' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    // A tool the verifier does not know (yet) is counted and skipped.
    await appendToLog(
      t.ctx.db,
      JSON.stringify({ v: 1, community: 'lviv', tool: 'elections', subject: 'election:1', kind: 'vote', at: '2027-03-12T08:00Z', tag: 'x' }),
    );
    await sequence();

    const out = await verify('--state', stateFile);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`checkpoint: ${logOrigin(t.ctx.config)}, 6 entries`));
    assert.match(out.stdout, /entries: 6; root recomputed and equal/);
    assert.match(out.stdout, /tools: elections 1, petitions 5/);
    assert.match(out.stdout, /petitions checked against the site: 2/);
    const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { size: number; root: string; key: string };
    assert.equal(state.size, 6);
    assert.equal(state.key, logSigner(t.ctx.config).verifierKey);

    // A second run with the state: the log extends it.
    const again = await verify('--state', stateFile);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /consistency: the log extends the last run's 6 entries/);
  });

  test('bad usage is exit code 2', async () => {
    assert.equal((await runVerify([])).code, 2);
    assert.equal((await runVerify(['ftp://x'])).code, 2);
    assert.equal((await runVerify([url, '--bogus'])).code, 2);
  });

  test('(a) a bumped signature count', async () => {
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${ids.a}, 0, 1) on conflict (petition_id, slot) do update set counted = petition_signature_slots.counted + excluded.counted`.execute(
      t.ctx.db,
    );
    await discrepancy(new RegExp(`petition ${ids.a}: the log gives 1 valid signatures \\(1 id\\.gov\\.ua, 0 e-mail\\), the site shows 2`));
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${ids.a}, 0, -1) on conflict (petition_id, slot) do update set counted = petition_signature_slots.counted + excluded.counted`.execute(
      t.ctx.db,
    );
    assert.equal((await verify()).code, 0);
  });

  test('(c) a rewritten old entry: root mismatch', async () => {
    const old = await t.ctx.db.selectFrom('tlog_entries').select('entry').where('idx', '=', 0).executeTakeFirstOrThrow();
    const forged = Buffer.from(Buffer.from(old.entry).toString('utf8').replace('"signature"', '"signature" '), 'utf8');
    await t.ctx.db.updateTable('tlog_entries').set({ entry: forged }).where('idx', '=', 0).execute();
    await discrepancy(/root mismatch: the 6 entries hash to/);
    await t.ctx.db
      .updateTable('tlog_entries')
      .set({ entry: Buffer.from(old.entry) })
      .where('idx', '=', 0)
      .execute();
    assert.equal((await verify()).code, 0);
  });

  test('(e) a different signing key: the checkpoint signature fails; a pinned key refuses a changed one', async () => {
    const other = signerFromSeed(logOrigin(t.ctx.config), randomBytes(32));
    await discrepancy(/the log's key changed/, '--key', other.verifierKey);
    const pinned = join(dir, 'pinned.json');
    writeFileSync(pinned, JSON.stringify({ size: 0, root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=', key: other.verifierKey }));
    await discrepancy(/the log's key changed: it now serves .*, expected /, '--state', pinned);
    // The site serving a checkpoint signed by another key under the same name.
    const served = await t.ctx.db.selectFrom('tlog_checkpoints').select(['size', 'note']).orderBy('size', 'desc').limit(1).executeTakeFirstOrThrow();
    const body = served.note.slice(0, served.note.lastIndexOf('\n\n') + 1);
    const resigned = `${body}\n— ${other.name} ${Buffer.concat([logSigner(t.ctx.config).keyId, other.sign(Buffer.from(body))]).toString('base64')}\n`;
    await t.ctx.db.updateTable('tlog_checkpoints').set({ note: resigned }).where('size', '=', served.size).execute();
    await discrepancy(/checkpoint signature: invalid signature for key/);
    await t.ctx.db.updateTable('tlog_checkpoints').set({ note: served.note }).where('size', '=', served.size).execute();
    assert.equal((await verify()).code, 0);
  });

  test('(b) a deleted signature row, its count fixed: only the log disagrees', async () => {
    const row = await sql<{ id: number }>`
      select s.id from petition_signatures s join users u on u.id = s.user_id where s.petition_id = ${ids.b} and u.last_name = 'Шевчук'`.execute(t.ctx.db);
    await sql`delete from petition_signatures where id = ${row.rows[0]!.id}`.execute(t.ctx.db);
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${ids.b}, 0, -1) on conflict (petition_id, slot) do update set counted = petition_signature_slots.counted + excluded.counted`.execute(
      t.ctx.db,
    );
    await discrepancy(new RegExp(`petition ${ids.b}: the log gives 2 valid signatures, the site lists 1`));
  });

  test('(d) a forked history: the saved state catches it', async () => {
    await sql`delete from tlog_checkpoints`.execute(t.ctx.db);
    await sql`delete from tlog_hashes`.execute(t.ctx.db);
    await sql`delete from tlog_entries`.execute(t.ctx.db);
    for (let i = 0; i < 8; i++)
      await appendToLog(
        t.ctx.db,
        JSON.stringify({ v: 1, community: 'lviv', tool: 'elections', subject: `election:${i}`, kind: 'vote', at: '2027-03-12T08:00Z', tag: `f${i}` }),
      );
    await sequence();
    assert.equal((await verify()).code, 0, 'the forked log is consistent in itself');
    await discrepancy(/consistency failure: the first 6 entries now hash to .*, the last run saw /, '--state', stateFile);
  });
});
