/**
 * Issue #18: acts that predate the transparency log (the demo's, inserted by plain SQL; a database upgraded
 * to the log) are appended to it by the backfill, each as its live path would have logged it, at its own
 * time and marked backfilled; then the log and the site count the same. A signature invalidated before the
 * log is logged and then cancelled; one made before the log and invalidated now is cancelled by its entry.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp } from '../helpers/test-app.js';
import { appFetcher, logEntries, pendingLogEntries, sequenceLog, type LoggedEntry } from '../helpers/tlog.js';
import { runVerify } from '../../src/verify/main.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { backfillLog, startBackfill } from '../../src/core/tlog/backfill.js';
import { minuteOf } from '../../src/core/tlog/acts.js';
import { collectingPetition } from '../helpers/petitions.js';

const UNLOGGED = ['petition_signatures', 'budget_ballots', 'consultation_responses', 'consultation_stances'] as const;

async function unlogged(t: TestApp, table: (typeof UNLOGGED)[number]): Promise<number> {
  return (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where log_pending_id is null`.execute(t.ctx.db)).rows[0]!.n;
}

/** Per petition: its signature entries less those a `signature-invalidated` entry cancels (by `of`). */
function validSignatures(entries: LoggedEntry[]): Map<number, number> {
  const cancelled = new Set(entries.filter((e) => e.act.kind === 'signature-invalidated').map((e) => e.act.details.of));
  const m = new Map<number, number>();
  for (const e of entries)
    if (e.act.kind === 'signature' && !cancelled.has(e.leaf)) {
      const id = Number(e.act.subject.slice('petition:'.length));
      m.set(id, (m.get(id) ?? 0) + 1);
    }
  return m;
}

const count = (entries: LoggedEntry[], subject: string, kind: string) => entries.filter((e) => e.act.subject === subject && e.act.kind === kind).length;

describe('the backfill of acts that predate the log', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('after the demo seed every act is logged, as the live path would, and the log agrees with the site', async () => {
    for (const table of UNLOGGED) assert.ok((await unlogged(t, table)) > 0, `the demo has unlogged ${table}`);
    const before = (await logEntries(t)).length + (await pendingLogEntries(t));

    const logged = await backfillLog(t.ctx);
    await sequenceLog(t);
    for (const table of UNLOGGED) assert.equal(await unlogged(t, table), 0, table);
    assert.equal(await pendingLogEntries(t), 0);
    const entries = await logEntries(t);
    const invalidated = (await sql<{ n: number }>`select count(*)::int as n from petition_signatures where invalidated_at is not null`.execute(t.ctx.db))
      .rows[0]!.n;
    assert.equal(entries.length, before + logged + invalidated);
    assert.equal(entries.slice(before).filter((e) => e.act.details.backfilled === true).length, logged + invalidated);

    // Each row's leaf is its entry's, and the entry is at the act's own minute.
    const sig = await sql<{ petition_id: number; signed_at: Date; log_leaf: string; level: string }>`
      select petition_id, signed_at, log_leaf, level from petition_signatures order by id limit 1`.execute(t.ctx.db);
    const s = sig.rows[0]!;
    const e = entries.find((x) => x.leaf === s.log_leaf)!;
    assert.deepEqual(
      [e.act.kind, e.act.subject, e.act.at, e.act.details.level],
      ['signature', `petition:${s.petition_id}`, minuteOf(new Date(s.signed_at)), s.level],
    );

    // Petitions: the log's valid signatures (signatures less those cancelled) are the site's, for every published petition.
    const valid = validSignatures(entries);
    const petitions = (await sql<{ id: number; status: string }>`select id, status from petitions`.execute(t.ctx.db)).rows;
    let published = 0;
    for (const p of petitions) {
      if (p.status === 'moderation') continue;
      const api = (await t.app.inject({ url: `/api/v1/petitions/${p.id}/signatures` })).json<{ total: number }>();
      assert.equal(valid.get(p.id) ?? 0, api.total, `petition ${p.id}`);
      published++;
    }
    assert.ok(published > 5);

    // Ballots (budget and school budget), responses and stances: one entry per counted row.
    const contests = await sql<{ contest_id: number; n: number }>`select contest_id, count(*)::int as n from budget_ballots group by contest_id`.execute(
      t.ctx.db,
    );
    assert.ok(contests.rows.length > 0);
    for (const c of contests.rows) assert.equal(count(entries, `contest:${c.contest_id}`, 'ballot'), c.n, `contest ${c.contest_id}`);
    const tools = new Set(entries.filter((x) => x.act.kind === 'ballot').map((x) => x.act.tool));
    assert.deepEqual([...tools].sort(), ['budgets', 'school-budget']);
    const polls = await sql<{ item_id: number; n: number }>`select item_id, count(*)::int as n from consultation_responses group by item_id`.execute(t.ctx.db);
    for (const p of polls.rows) assert.equal(count(entries, `poll:${p.item_id}`, 'answer'), p.n, `poll ${p.item_id}`);
    const acts = await sql<{ item_id: number; n: number }>`select item_id, count(*)::int as n from consultation_stances group by item_id`.execute(t.ctx.db);
    assert.ok(acts.rows.length > 0);
    for (const a of acts.rows) assert.equal(count(entries, `act:${a.item_id}`, 'stance'), a.n, `act ${a.item_id}`);

    // A school's page shows the code ballots the log gives, as the contest and petition pages do.
    const school = (
      await sql<{ community: string; school: string; contest_id: number; n: number }>`
        select c.slug as community, s.slug as school, b.contest_id, count(*)::int as n
        from budget_ballots b join budget_contests k on k.id = b.contest_id
        join school_schools s on k.owner = 'school:' || s.id join communities c on c.id = s.community_id
        group by 1, 2, 3 order by 4 desc limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const schoolPage = (await t.browser().get(`/${school.community}/school-budget/schools/${school.school}?contest=${school.contest_id}`)).body;
    assert.match(schoolPage, new RegExp(`Перевірено журналом</a><span>: ${school.n} бюлетен`));

    // The independent verifier, over the public surface of the demo, agrees with the site on every count.
    const verified = await runVerify(['http://viche.test'], appFetcher(t));
    assert.equal(verified.code, 0, `${verified.stdout}${verified.stderr}`);
    assert.match(verified.stdout, /petitions checked against the site: [1-9]\d*/);
    assert.match(verified.stdout, /petitions in the log that the site does not publish yet \(in moderation\): \d+ \(1\)/);
    assert.match(verified.stdout, /budget contests checked against the site: [1-9]\d*/);
    assert.doesNotMatch(verified.stdout, /not logged from the start/, 'after the backfill every signed petition is in the log');
    assert.match(verified.stdout, /\nOK\n$/);
  });

  test('it is idempotent, and two runs at once log each act once', async () => {
    assert.equal(await backfillLog(t.ctx), 0);
    const before = (await logEntries(t)).length;
    await sql`update budget_ballots set log_pending_id = null, log_leaf = null`.execute(t.ctx.db);
    const n = (await sql<{ n: number }>`select count(*)::int as n from budget_ballots`.execute(t.ctx.db)).rows[0]!.n;

    const [a, b] = await Promise.all([backfillLog(t.ctx, { limit: 50 }), backfillLog(t.ctx, { limit: 50 })]);
    assert.equal(a + b, n);
    await sequenceLog(t);
    assert.equal((await logEntries(t)).length, before + n);
    assert.equal(await unlogged(t, 'budget_ballots'), 0);
  });

  test('a signature invalidated before the log: its signature, then its cancellation naming it; not counted', async () => {
    const id = await collectingPetition(t, 'lviv', 'Петиція до журналу');
    const c = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const signedAt = new Date('2026-01-10T09:30:00Z');
    const invalidatedAt = new Date('2026-01-12T15:00:00Z');
    for (const [key, invalid] of [
      ['prelog:kept', false],
      ['prelog:void', true],
    ] as const)
      await sql`
        insert into petition_signatures (community_id, petition_id, person_key, signer_name, signed_at, level, invalidated_at, invalidation_reason)
        values (${c.id}, ${id}, ${key}, 'Підписант', ${signedAt}, 'idgovua', ${invalid ? invalidatedAt : null}, ${invalid ? 'Не мешканець' : null})`.execute(
        t.ctx.db,
      );
    await sql`delete from petition_signature_slots where petition_id = ${id}`.execute(t.ctx.db);
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${id}, 0, 1)`.execute(t.ctx.db);
    assert.equal(await backfillLog(t.ctx), 2);
    await sequenceLog(t);
    const mine = (await logEntries(t)).filter((e) => e.act.subject === `petition:${id}`);
    assert.deepEqual(
      mine.map((e) => e.act.kind),
      ['signature', 'signature', 'signature-invalidated'],
    );
    const voidLeaf = (await sql<{ log_leaf: string }>`select log_leaf from petition_signatures where person_key = 'prelog:void'`.execute(t.ctx.db)).rows[0]!
      .log_leaf;
    const cancel = mine[2]!;
    assert.equal(cancel.act.details.of, voidLeaf);
    assert.equal(mine[1]!.leaf, voidLeaf);
    assert.deepEqual([cancel.act.at, cancel.act.details.reason, cancel.act.details.backfilled], [minuteOf(invalidatedAt), 'moderator', true]);
    assert.equal(cancel.act.tag, mine[1]!.act.tag);
    const api = (await t.app.inject({ url: `/api/v1/petitions/${id}/signatures` })).json<{ total: number }>();
    assert.equal(api.total, 1);
    assert.equal(validSignatures(await logEntries(t)).get(id), 1);
  });

  test('a signature made before the log and invalidated now: logged first, so its cancellation names it', async () => {
    const id = await collectingPetition(t, 'lviv', 'Петиція без журналу');
    const c = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const row = await sql<{ id: number }>`
      insert into petition_signatures (community_id, petition_id, person_key, signer_name, signed_at, level)
      values (${c.id}, ${id}, 'prelog:late', 'Підписант', ${new Date('2026-01-10T09:30:00Z')}, 'idgovua') returning id`.execute(t.ctx.db);
    await sql`delete from petition_signature_slots where petition_id = ${id}`.execute(t.ctx.db);
    await sql`insert into petition_signature_slots (petition_id, slot, counted) values (${id}, 0, 1)`.execute(t.ctx.db);
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const res = await moderator.post(`/lviv/manage/petitions/${id}/invalidate`, { signature: String(row.rows[0]!.id), reason: 'Перевірка' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    await sequenceLog(t);
    const mine = (await logEntries(t)).filter((e) => e.act.subject === `petition:${id}`);
    assert.deepEqual(
      mine.map((e) => [e.act.kind, e.act.details.backfilled ?? false]),
      [
        ['signature', true],
        ['signature-invalidated', false],
      ],
    );
    assert.equal(mine[1]!.act.details.of, mine[0]!.leaf);
    assert.equal(await backfillLog(t.ctx), 0);
    assert.equal(validSignatures(await logEntries(t)).get(id) ?? 0, 0);
  });
});

describe('the backfill in the background', () => {
  let t: TestApp;

  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  test('it leaves the app its turns: a timer fires while the backfill is still working', async () => {
    const stop = startBackfill(t.ctx, 60_000);
    try {
      // PGlite answers in the app's own thread: a backfill that only awaited it would drain the whole demo
      // before any timer or request got a turn (a first start's pages waited 17 s).
      await sleep(400);
      assert.ok((await unlogged(t, 'petition_signatures')) > 0, 'the timer fired before the backfill was done');
    } finally {
      await stop();
    }
  });
});
