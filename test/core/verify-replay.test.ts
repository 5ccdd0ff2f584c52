/**
 * The verifier's replays without a site: one valid act per tag and subject, cancellations by leaf hash,
 * the latest stance per person and section, the winners recounted from the log, and a replay of 200 000
 * synthetic entries (the duplicate check is O(1) per entry; it was O(n) and took hours at e-DEM's volume).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { leafHash } from '../../src/core/tlog/merkle.js';
import { LogReplay } from '../../src/verify/replay.js';
import { compareBudgets } from '../../src/verify/budgets.js';
import type { Fetcher } from '../../src/verify/log.js';

/** The replay's first finding (a function: an earlier `assert.equal(r.problem, null)` narrows the field). */
const problemOf = (r: LogReplay): string => r.problem?.message ?? 'none';

type Fields = { tool: string; subject: string; kind: string; tag: string } & Record<string, unknown>;

/** A replay fed entries in order; `add` returns the entry's leaf hash (base64). */
function replaying() {
  const r = new LogReplay();
  let index = 0;
  const add = (f: Fields): string => {
    const entry = Buffer.from(JSON.stringify({ v: 1, community: 'lviv', at: '2027-03-12T08:00Z', ...f }));
    const leaf = leafHash(entry);
    r.add(index++, entry, leaf);
    return leaf.toString('base64');
  };
  return { r, add };
}

const ballot = (contest: number, tag: string, choices?: number[]): Fields => ({
  tool: 'budgets',
  subject: `contest:${contest}`,
  kind: 'ballot',
  tag,
  channel: 'web',
  level: 'idgovua',
  ...(choices ? { choices } : {}),
});
const annul = (contest: number, tag: string, of: string | null): Fields => ({
  tool: 'budgets',
  subject: `contest:${contest}`,
  kind: 'ballot-annulled',
  tag,
  of,
  reason: 'annulled',
});

describe('the verifier’s replays', () => {
  test('petitions: a second valid signature by a tag is named; after its invalidation the tag may sign again', () => {
    const { r, add } = replaying();
    const sign = (tag: string) => add({ tool: 'petitions', subject: 'petition:4', kind: 'signature', tag, level: 'idgovua' });
    const first = sign('a');
    sign('b');
    add({ tool: 'petitions', subject: 'petition:4', kind: 'signature-invalidated', tag: 'a', of: first, reason: 'x' });
    sign('a');
    assert.equal(r.problem, null);
    assert.equal(r.petitions.subjects.get(4)!.signatures.valid.size, 2);
    sign('b');
    assert.match(problemOf(r), /petition 4: entry 4 is a second valid signature with the same tag/);
  });

  test('ballots: annulled by leaf hash, a pre-log annulment counted apart, backfilled ballots like any other, duplicates and unknown leaves named', () => {
    const { r, add } = replaying();
    const x = add(ballot(3, 'a', [1, 2]));
    add({ ...ballot(3, 'b', [2]), backfilled: true });
    add(annul(3, 'a', x));
    add(ballot(3, 'a', [1]));
    add(annul(3, 'c', null));
    assert.equal(r.problem, null);
    const c = r.budgets.contests.get(3)!;
    assert.deepEqual(
      [...c.ballots.valid.values()].map((b) => [b.tag, b.choices]),
      [
        ['b', '2'],
        ['a', '1'],
      ],
    );
    assert.equal(c.ballots.preLog, 1);
    add(annul(3, 'a', x));
    assert.match(problemOf(r), /contest 3: entry 5 annuls .*, which is no valid ballot of this contest in the log/);

    const dup = replaying();
    dup.add(ballot(7, 'a'));
    dup.add(ballot(7, 'a'));
    assert.match(problemOf(dup.r), /contest 7: entry 1 is a second valid ballot with the same tag/);
    const moved = replaying();
    moved.add(ballot(7, 'a'));
    moved.add({ ...ballot(7, 'b'), tool: 'school-budget' });
    assert.match(problemOf(moved.r), /contest 7: entry 1 places it in «lviv» \(school-budget\), earlier entries in «lviv» \(budgets\)/);
  });

  test('stances: the latest per person and section counts; an annulment must name that latest entry', () => {
    const { r, add } = replaying();
    const stance = (tag: string, section: number, s: string) =>
      add({ tool: 'consultations', subject: 'act:9', kind: 'stance', tag, level: 'email', section, stance: s });
    const old = stance('a', 0, 'oppose');
    const latest = stance('a', 0, 'support');
    stance('a', 5, 'oppose');
    assert.deepEqual(
      [...r.consultations.acts.get(9)!.stances.values()].map((s) => [s.section, s.stance]),
      [
        [0, 'support'],
        [5, 'oppose'],
      ],
    );
    const annulStance = (of: string) =>
      add({ tool: 'consultations', subject: 'act:9', kind: 'stance-annulled', tag: 'a', level: 'email', section: 0, of, reason: 'duplicate-linked' });
    annulStance(latest);
    assert.equal(r.problem, null);
    assert.equal(r.consultations.acts.get(9)!.stances.size, 1);
    annulStance(old);
    assert.match(problemOf(r), /draft act 9: entry 4 annuls .*, which is no current stance of this tag and section in the log/);
  });

  test('200 000 ballots and signatures with annulments replay, every one checked', () => {
    const { r, add } = replaying();
    let annulled = 0;
    for (let i = 0; i < 100_000; i++) {
      const leaf = add(ballot(1 + (i % 4), `t${i}`, [1 + (i % 7)]));
      add({ tool: 'petitions', subject: `petition:${1 + (i % 10)}`, kind: 'signature', tag: `t${i}`, level: i % 3 === 0 ? 'email' : 'idgovua' });
      if (i % 1000 === 0) {
        add(annul(1 + (i % 4), `t${i}`, leaf));
        annulled++;
      }
    }
    assert.equal(r.problem, null);
    assert.equal(r.summary.entries, 200_000 + annulled);
    const ballots = [...r.budgets.contests.values()].reduce((n, c) => n + c.ballots.valid.size, 0);
    assert.equal(ballots, 100_000 - annulled);
    const signatures = [...r.petitions.subjects.values()].reduce((n, s) => n + s.signatures.valid.size, 0);
    assert.equal(signatures, 100_000);
  });

  test('winners: the log’s ballots recounted by the tally engine, a different winner named with its category', async () => {
    const { r, add } = replaying();
    add(ballot(2, 'a', [10, 11]));
    add(ballot(2, 'b', [11]));
    add(ballot(2, 'c', [12]));
    const site = (winners: number[]) => ({
      id: 2,
      community: 'lviv',
      tool: 'budgets',
      emailCounts: true,
      ballots: { total: 3, idgovua: 3, email: 0 },
      votes: [
        { projectId: 10, votes: 1 },
        { projectId: 11, votes: 2 },
        { projectId: 12, votes: 1 },
      ],
      results: {
        rule: 'greedy',
        minVotes: 0,
        categories: [
          {
            id: 5,
            budgetKopiykas: 200,
            projects: [10, 11, 12].map((id) => ({ id, costKopiykas: 100, submittedAt: null })),
            winners,
          },
        ],
      },
    });
    const fetcher =
      (winners: number[]): Fetcher =>
      async () =>
        Buffer.from(JSON.stringify(site(winners)));
    const ok = await compareBudgets(fetcher([11, 10]), r.budgets);
    assert.deepEqual([ok.checked, ok.votesCompared, ok.winnersRecomputed], [1, 1, 1]);
    await assert.rejects(compareBudgets(fetcher([11, 12]), r.budgets), /contest 2, category 5: the log's ballots elect projects 11, 10, the site shows 11, 12/);
  });
});
