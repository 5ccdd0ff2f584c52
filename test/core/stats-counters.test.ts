/**
 * The distinct-participant chains (core migration 002) against a model: random histories of people
 * taking part and withdrawing (signatures invalidated, ballots annulled) in communities of the same and
 * of different oblasts, in months out of order; then, for every level and every window of months, the
 * chain's answer equals the number of distinct people the model holds. The chains kept row by row must
 * also equal the ones rebuilt from scratch, and the counters' 16 slots must add up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { countTotal, countsByMonth, distinctPeople, monthNumber, monthText } from '../../src/core/stats-counters/index.js';

const MONTHS = 6;
const BASE = monthNumber('2026-01');

interface Op {
  person: number;
  community: number;
  month: number;
  add: boolean;
}

describe('statistics counters', () => {
  let t: TestApp;
  let communities: { id: number; oblast: string }[];
  before(async () => {
    t = await createTestApp({ seedModules: false });
    const rows = (await sql<{ id: number; oblast_uk: string }>`select id, oblast_uk from communities order by oblast_uk, id`.execute(t.ctx.db)).rows;
    // Two communities of one oblast and two of others: the oblast level must merge the first two.
    const twin = rows.find((r, i) => rows[i + 1]?.oblast_uk === r.oblast_uk)!;
    const pair = rows.filter((r) => r.oblast_uk === twin.oblast_uk).slice(0, 2);
    const others = rows
      .filter((r) => r.oblast_uk !== twin.oblast_uk)
      .filter((r, i, all) => all.findIndex((x) => x.oblast_uk === r.oblast_uk) === i)
      .slice(0, 2);
    communities = [...pair, ...others].map((r) => ({ id: r.id, oblast: r.oblast_uk }));
    assert.equal(communities.length, 4);
  });
  after(async () => t.close());

  test('month numbers round-trip', () => {
    assert.equal(monthNumber('2026-01'), 2026 * 12);
    assert.equal(monthText(monthNumber('2026-12')), '2026-12');
    assert.equal(monthText(monthNumber('1999-09')), '1999-09');
  });

  test('distinct people in every window and at every level equal the model, kept row by row or rebuilt', async () => {
    let run = 0;
    const opArb = fc.record({
      person: fc.integer({ min: 0, max: 4 }),
      community: fc.integer({ min: 0, max: 3 }),
      month: fc.integer({ min: 0, max: MONTHS - 1 }),
      add: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops: Op[]) => {
        const tool = `prop-${run++}`;
        const model = new Map<string, number>();
        for (const op of ops) {
          const key = `${op.person}|${op.community}|${op.month}`;
          const have = model.get(key) ?? 0;
          // Only what exists can be withdrawn, as with real rows.
          const delta = op.add || have === 0 ? 1 : -1;
          model.set(key, have + delta);
          await sql`select stats_touch(${tool}, ${`p${op.person}`}, ${communities[op.community]!.id}, ${BASE + op.month}, ${delta})`.execute(t.ctx.db);
        }
        const active = [...model].filter(([, n]) => n > 0).map(([k]) => k.split('|').map(Number) as [number, number, number]);
        const levels: { level: string; has: (c: number) => boolean }[] = [
          { level: '*', has: () => true },
          ...[...new Set(communities.map((c) => c.oblast))].map((o) => ({ level: `o:${o}`, has: (c: number) => communities[c]!.oblast === o })),
          ...communities.map((c, i) => ({ level: `c:${c.id}`, has: (x: number) => x === i })),
        ];
        const read = async () =>
          (
            await sql<{ level: string; month: number; prev: number; n: string }>`
            select level, month, prev, sum(n) as n from stats_person_chain where tool = ${tool} group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3`.execute(
              t.ctx.db,
            )
          ).rows.map((r) => ({ ...r, n: Number(r.n) }));
        const kept = await read();
        for (const { level, has } of levels) {
          for (let from = 0; from < MONTHS; from++) {
            for (let to = from; to < MONTHS; to++) {
              const expected = new Set(active.filter(([, c, m]) => has(c) && m >= from && m <= to).map(([p]) => p)).size;
              const got = kept
                .filter((r) => r.level === level && r.month >= BASE + from && r.month <= BASE + to && r.prev < BASE + from)
                .reduce((a, r) => a + r.n, 0);
              assert.equal(got, expected, `${tool} ${level} months ${from}..${to}`);
            }
          }
        }
        // The reader the statistics use, on the whole window of the platform.
        const all = new Set(active.map(([p]) => p)).size;
        assert.equal(await distinctPeople(t.ctx.db, { communityIds: null, level: '*', fromMonth: BASE, toMonth: BASE + MONTHS - 1 }, tool), all);
        await sql`select stats_rebuild_chain(${tool})`.execute(t.ctx.db);
        assert.deepEqual(await read(), kept, `${tool}: the chain kept row by row equals the one rebuilt`);
        await sql`delete from stats_person_chain where tool = ${tool}`.execute(t.ctx.db);
        await sql`delete from stats_person_months where tool = ${tool}`.execute(t.ctx.db);
      }),
      { numRuns: 60, seed: 20261127 },
    );
  });

  test(
    'one person taking part in two communities of an oblast at once counts once there',
    { skip: !process.env.DATABASE_URL && 'one connection on PGlite: nothing runs at once' },
    async () => {
      const [a, b] = communities as [{ id: number; oblast: string }, { id: number; oblast: string }];
      assert.equal(a.oblast, b.oblast);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let firstTouched!: () => void;
      const touched = new Promise<void>((r) => (firstTouched = r));
      const first = t.ctx.db.transaction().execute(async (trx) => {
        await sql`select stats_touch('race', 'p1', ${a.id}, ${BASE}, 1)`.execute(trx);
        firstTouched();
        await gate;
      });
      await touched;
      // The second waits for the first person-lock; once the first commits it sees that row.
      const second = t.ctx.db.transaction().execute(async (trx) => {
        await sql`select stats_touch('race', 'p1', ${b.id}, ${BASE}, 1)`.execute(trx);
      });
      await new Promise((r) => setTimeout(r, 200));
      release();
      await Promise.all([first, second]);
      const scope = (level: string) => ({ communityIds: null, level, fromMonth: BASE, toMonth: BASE });
      assert.equal(await distinctPeople(t.ctx.db, scope(`o:${a.oblast}`), 'race'), 1);
      assert.equal(await distinctPeople(t.ctx.db, scope('*'), 'race'), 1);
      assert.equal(await distinctPeople(t.ctx.db, scope(`c:${b.id}`), 'race'), 1);
    },
  );

  test('a counter written from many transactions sums its slots', async () => {
    const scope = { communityIds: [communities[0]!.id], level: `c:${communities[0]!.id}`, fromMonth: BASE, toMonth: BASE + 1 };
    for (let i = 0; i < 200; i++) await sql`select stats_bump('slots', 'x', ${communities[0]!.id}, ${BASE + (i % 2)}, 0, '', 1)`.execute(t.ctx.db);
    for (let i = 0; i < 50; i++) await sql`select stats_bump('slots', 'x', ${communities[0]!.id}, ${BASE}, 0, '', -1)`.execute(t.ctx.db);
    const slots = (await sql<{ n: number }>`select count(*)::int as n from stats_counts where tool = 'slots'`.execute(t.ctx.db)).rows[0]!.n;
    assert.ok(slots > 2, 'spread over several slots');
    assert.equal(await countTotal(t.ctx.db, scope, { tool: 'slots', metric: 'x' }), 150);
    assert.deepEqual(await countsByMonth(t.ctx.db, scope, { tool: 'slots', metric: 'x' }), [
      { month: '2026-01', value: 50 },
      { month: '2026-02', value: 100 },
    ]);
  });

  test('renaming a community’s oblast moves its people to the new oblast', async () => {
    const [a, , c] = communities as [{ id: number; oblast: string }, unknown, { id: number; oblast: string }];
    await sql`select stats_touch('rename', 'p1', ${a.id}, ${BASE}, 1)`.execute(t.ctx.db);
    const scope = (level: string) => ({ communityIds: null, level, fromMonth: BASE, toMonth: BASE });
    assert.equal(await distinctPeople(t.ctx.db, scope(`o:${a.oblast}`), 'rename'), 1);
    await sql`update communities set oblast_uk = ${c.oblast} where id = ${a.id}`.execute(t.ctx.db);
    assert.equal(await distinctPeople(t.ctx.db, scope(`o:${a.oblast}`), 'rename'), 0);
    assert.equal(await distinctPeople(t.ctx.db, scope(`o:${c.oblast}`), 'rename'), 1);
    await sql`update communities set oblast_uk = ${a.oblast} where id = ${a.id}`.execute(t.ctx.db);
  });
});
