/**
 * Issue 18, point 5: the sequencer never makes an inconsistent log. Writers append in concurrent
 * transactions (some rolled back) while two sequencers run at once — on PostgreSQL as two app instances
 * with pools of their own — and the log is one sequence: indices 0..n−1 without gaps or doubles, each
 * committed act exactly once, every checkpoint signed over the root of its prefix. On PostgreSQL, a
 * sequencer that holds the lock makes the other skip, and a sequencer whose connection dies mid-batch
 * (as when its process is killed) leaves nothing behind.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { openDatabase, type Database, type Db } from '../../src/core/db/database.js';
import { appendToLog, pendingCount, proveConsistency } from '../../src/core/tlog/store.js';
import { sequenceBatch, sequenceNow } from '../../src/core/tlog/sequencer.js';
import { logSigner } from '../../src/core/tlog/keys.js';
import { openCheckpoint } from '../../src/core/tlog/checkpoint.js';
import { parseVerifierKey, type NoteSigner } from '../../src/core/tlog/note.js';
import { leafHash, rootOfLeafHashes, verifyConsistency } from '../../src/core/tlog/merkle.js';

const postgres = Boolean(process.env.DATABASE_URL);

async function logRows(db: Db) {
  const entries = await db.selectFrom('tlog_entries').select(['idx', 'entry', 'pending_id']).orderBy('idx').execute();
  const checkpoints = await db.selectFrom('tlog_checkpoints').select(['size', 'root', 'note']).orderBy('size').execute();
  return {
    entries: entries.map((e) => ({ idx: Number(e.idx), entry: Buffer.from(e.entry).toString(), pendingId: Number(e.pending_id) })),
    checkpoints: checkpoints.map((c) => ({ size: Number(c.size), root: Buffer.from(c.root), note: c.note })),
  };
}

describe('the sequencer', () => {
  let t: TestApp;
  let signer: NoteSigner;
  /** A second app instance: on PostgreSQL a pool of its own; on PGlite the one connection there is. */
  let second: Database | null = null;
  let db2: Db;

  before(async () => {
    t = await createTestApp({ seed: false });
    signer = logSigner(t.ctx.config);
    if (t.ctx.config.databaseUrl) {
      second = await openDatabase({ databaseUrl: t.ctx.config.databaseUrl, dataDir: null, poolSize: 4 });
      db2 = second.db;
    } else db2 = t.ctx.db;
  });
  after(async () => {
    await second?.close();
    await t.close();
  });

  test('concurrent writers and two sequencers: one sequence, no gaps, no doubles, every committed act once', async () => {
    const committed: string[] = [];
    let writing = true;
    const writer = async (w: number) => {
      for (let tx = 0; tx < 12; tx++) {
        const batch = Array.from({ length: 1 + ((w + tx) % 5) }, (_, i) => `w${w}-t${tx}-e${i}`);
        const rollBack = (w + tx) % 4 === 0;
        await t.ctx.db
          .transaction()
          .execute(async (trx) => {
            for (const e of batch) await appendToLog(trx, e);
            if (rollBack) throw new Error('rolled back');
          })
          .then(
            () => committed.push(...batch),
            (e: unknown) => assert.match(String(e), /rolled back/),
          );
      }
    };
    const sequencer = async (db: Db) => {
      let rounds = 0;
      while (writing || (await pendingCount(db)) > 0) {
        await sequenceNow(db, signer, { batchSize: 7 });
        rounds++;
        await new Promise((r) => setTimeout(r, 2));
      }
      return rounds;
    };
    const seqs = [sequencer(t.ctx.db), sequencer(db2)];
    await Promise.all(Array.from({ length: 6 }, (_, w) => writer(w)));
    writing = false;
    await Promise.all(seqs);
    await sequenceNow(t.ctx.db, signer);

    const { entries, checkpoints } = await logRows(t.ctx.db);
    assert.ok(committed.length > 100, `${committed.length} acts committed`);
    assert.deepEqual(
      entries.map((e) => e.idx),
      committed.map((_, i) => i),
      'indices 0..n−1',
    );
    assert.deepEqual(entries.map((e) => e.entry).sort(), [...committed].sort(), 'each committed act exactly once, no rolled-back one');
    assert.equal(new Set(entries.map((e) => e.pendingId)).size, entries.length);
    assert.equal(await pendingCount(t.ctx.db), 0);

    const verifier = parseVerifierKey(signer.verifierKey);
    const leaves = entries.map((e) => leafHash(Buffer.from(e.entry)));
    assert.ok(checkpoints.length > 3);
    assert.equal(checkpoints.at(-1)!.size, entries.length);
    for (const [i, c] of checkpoints.entries()) {
      const opened = openCheckpoint(c.note, verifier);
      assert.equal(opened.size, c.size);
      assert.deepEqual(opened.root, rootOfLeafHashes(leaves.slice(0, c.size)), `checkpoint ${c.size} is over its prefix`);
      const prev = checkpoints[i - 1];
      if (prev) {
        const proof = await proveConsistency(t.ctx.db, prev.size, c.size);
        assert.ok(verifyConsistency(prev.size, c.size, proof, prev.root, c.root), `${prev.size} → ${c.size}`);
      }
    }
  });

  test('the sequencer refuses to go on from a log whose checkpoints and entries disagree', async () => {
    const last = await t.ctx.db.selectFrom('tlog_checkpoints').select(['size', 'root', 'note']).orderBy('size', 'desc').limit(1).executeTakeFirstOrThrow();
    await t.ctx.db.deleteFrom('tlog_checkpoints').where('size', '=', last.size).execute();
    await t.ctx.db.transaction().execute((trx) => appendToLog(trx, 'after the damage'));
    await assert.rejects(sequenceNow(t.ctx.db, signer), /refusing to sequence/);
    await t.ctx.db.insertInto('tlog_checkpoints').values(last).execute();
    assert.equal((await sequenceNow(t.ctx.db, signer)).appended, 1);
  });

  test('an entry too long for an entry bundle is refused at the act', async () => {
    await assert.rejects(
      t.ctx.db.transaction().execute((trx) => appendToLog(trx, Buffer.alloc(65536))),
      /at most 65535 bytes/,
    );
  });

  test('PostgreSQL: while one instance holds the lock, the other skips its round', { skip: !postgres }, async () => {
    await t.ctx.db.transaction().execute((trx) => appendToLog(trx, 'waits for the lock'));
    await db2.transaction().execute(async (holder) => {
      await sql`select pg_advisory_xact_lock(${0x746c6f67}::int, 1)`.execute(holder);
      const r = await sequenceBatch(t.ctx.db, signer);
      assert.equal(r.ran, false);
    });
    assert.equal(await pendingCount(t.ctx.db), 1);
    assert.equal((await sequenceNow(t.ctx.db, signer)).appended, 1);
  });

  test('PostgreSQL: a sequencer whose connection dies mid-batch leaves the log as it was', { skip: !postgres }, async () => {
    await t.ctx.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 20; i++) await appendToLog(trx, `killed batch ${i}`);
    });
    const before = await logRows(t.ctx.db);
    const size = before.checkpoints.at(-1)!.size;
    // Another transaction takes the next checkpoint's key first, so the sequencer stops at its very last
    // write — every entry and hash of the batch already written — until its backend is terminated.
    const killed = await db2
      .transaction()
      .execute(async (blocker) => {
        await sql`insert into tlog_checkpoints (size, root, note) values (${size + 20}, ${Buffer.alloc(32)}, 'blocker')`.execute(blocker);
        const run = sequenceNow(t.ctx.db, signer).then(
          () => 'finished',
          (e: unknown) => String(e),
        );
        let pid: number | undefined;
        for (let i = 0; i < 200 && pid === undefined; i++) {
          await new Promise((r) => setTimeout(r, 25));
          const r = await sql<{ pid: number }>`
          select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'insert into "tlog_checkpoints"%'`.execute(
            db2,
          );
          pid = r.rows[0]?.pid;
        }
        assert.ok(pid, 'the sequencer waits at its last write');
        await sql`select pg_terminate_backend(${pid})`.execute(db2);
        const outcome = await run;
        throw new Error(`rolled back the blocker; the sequencer: ${outcome}`);
      })
      .catch((e: unknown) => String(e));
    assert.match(killed, /the sequencer: .*terminat/i);
    const afterKill = await logRows(t.ctx.db);
    assert.deepEqual(afterKill, before, 'nothing of the killed batch is left');
    assert.equal(await pendingCount(t.ctx.db), 20);
    assert.equal((await sequenceNow(t.ctx.db, signer)).appended, 20);
    const { entries, checkpoints } = await logRows(t.ctx.db);
    assert.deepEqual(
      entries.map((e) => e.idx),
      entries.map((_, i) => i),
    );
    assert.equal(checkpoints.at(-1)!.size, size + 20);
  });
});
