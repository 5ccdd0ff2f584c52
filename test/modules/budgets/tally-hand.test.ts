// Hand-worked cases for every winner rule: each answer is derived in the comments, so a failure says which
// rule broke, not just that a real election no longer matches. A randomised cross-check at the end holds
// the fast MES against a naive one written straight from the definition.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { countVotes, runTally, TallyInputError, type Ballot, type Election, type Project, type Verdict } from '../../../src/modules/budgets/tally/index.js';
import { equalShares } from '../../../src/modules/budgets/tally/equal-shares.js';

const project = (id: string, cost: number | bigint, votes: number | bigint, submittedOrder?: number): Project => ({
  id,
  cost: BigInt(cost),
  votes: BigInt(votes),
  ...(submittedOrder !== undefined ? { submittedOrder } : {}),
});
const approve = (ids: string[], count = 1): Ballot => ({ kind: 'approval', projects: ids, count });
const verdictOf = (r: { projects: { id: string; verdict: Verdict }[] }, id: string): Verdict => r.projects.find((p) => p.id === id)!.verdict;

describe('greedy rules', () => {
  // Budget 100. Three projects tie on 10 votes: C and B cost 30 (C submitted first), A costs 50; D has 8.
  // Rank: C (10 votes, 30, submitted 1st), B (10, 30, 3rd), A (10, 50), D (8).
  // greedy: C (100 → 70), B (70 → 40), A needs 50 > 40: skipped, D needs 20 ≤ 40: funded (40 → 20).
  const tie: Election = {
    budget: 100n,
    projects: [project('A', 50, 10, 2), project('B', 30, 10, 3), project('C', 30, 10, 1), project('D', 20, 8, 4)],
    ballots: [],
  };

  test('ties go to the cheaper project, then to the one submitted earlier', () => {
    const r = runTally(tie, 'greedy');
    assert.deepEqual(r.winners, ['C', 'B', 'D']);
    assert.deepEqual(
      r.projects.map((p) => [p.id, p.rank]),
      [
        ['C', 1],
        ['B', 2],
        ['A', 3],
        ['D', 4],
      ],
    );
    assert.equal(r.totalCost, 80n);
    assert.deepEqual(verdictOf(r, 'A'), { status: 'not-funded-does-not-fit', remainingBudget: 40n });
    assert.deepEqual(verdictOf(r, 'D'), { status: 'funded', step: 3, remainingBefore: 40n });
  });

  test('without skipping, counting stops at the first project that does not fit', () => {
    // Same election: C, B funded; A does not fit (40 left) and stops the count, so D is never reached.
    const r = runTally(tie, 'greedy-no-skip');
    assert.deepEqual(r.winners, ['C', 'B']);
    assert.equal(r.totalCost, 60n);
    assert.deepEqual(verdictOf(r, 'A'), { status: 'not-funded-does-not-fit', remainingBudget: 40n });
    assert.deepEqual(verdictOf(r, 'D'), { status: 'stopped', stoppedAt: 'A', remainingBudget: 40n });
  });

  test('the threshold drops projects with fewer votes before counting', () => {
    // Threshold 9: D (8 votes) is out; C, B funded, A does not fit; 40 stays unspent.
    const r = runTally(tie, 'greedy-threshold', { threshold: 9n });
    assert.deepEqual(r.winners, ['C', 'B']);
    assert.deepEqual(verdictOf(r, 'D'), { status: 'below-threshold', threshold: 9n });
    // A project with exactly the threshold stays in: with threshold 8, D is funded as under plain greedy.
    assert.deepEqual(runTally(tie, 'greedy-threshold', { threshold: 8n }).winners, ['C', 'B', 'D']);
    assert.throws(() => runTally(tie, 'greedy-threshold'), TallyInputError);
  });

  test('a threshold also applies to the no-skip rule (as Gdynia did)', () => {
    // Budget 100: X (50 votes, 60) funded; Y (40 votes, 10) is under 45 and dropped, not a stop;
    // Z (30 votes, 50) does not fit (40 left) and stops the count before W.
    const e: Election = { budget: 100n, projects: [project('X', 60, 50), project('Y', 10, 40), project('Z', 50, 30), project('W', 5, 20)], ballots: [] };
    const r = runTally(e, 'greedy-no-skip', { threshold: 45n });
    assert.deepEqual(r.winners, ['X']);
    assert.equal(verdictOf(r, 'Y').status, 'below-threshold');
    assert.equal(verdictOf(r, 'W').status, 'below-threshold');
    assert.deepEqual(runTally(e, 'greedy-no-skip').winners, ['X', 'Y']);
  });

  test('money is exact: a budget of 2^53 + 1 funds projects of 2^53 and 1', () => {
    // As doubles, 2^53 + 1 rounds to 2^53, so a float tally would have 0 left after the big project and
    // refuse the 1-unit one. With bigint, exactly 1 is left and it fits.
    const big = 2n ** 53n;
    assert.equal(Number(big + 1n) - Number(big), 0, 'the float tally really would go wrong here');
    const r = runTally({ budget: big + 1n, projects: [project('big', big, 2), project('one', 1, 1)], ballots: [] }, 'greedy');
    assert.deepEqual(r.winners, ['big', 'one']);
    assert.equal(r.totalCost, big + 1n);
  });

  test('votes are counted from ballots: one per approval, the sum of points for cumulative ballots', () => {
    const projects = [project('a', 1, 0), project('b', 1, 0)];
    assert.deepEqual(
      countVotes(projects, [approve(['a', 'b'], 3), approve(['a'])]).map((p) => p.votes),
      [4n, 3n],
    );
    const cumulative: Ballot = {
      kind: 'cumulative',
      points: new Map([
        ['a', 7n],
        ['b', 3n],
      ]),
      count: 2,
    };
    assert.deepEqual(
      countVotes(projects, [cumulative]).map((p) => p.votes),
      [14n, 6n],
    );
  });

  test('broken input is refused, not counted', () => {
    const good = project('a', 1, 1);
    assert.throws(() => runTally({ budget: 1n, projects: [good, good], ballots: [] }, 'greedy'), /duplicate project/);
    assert.throws(() => runTally({ budget: 1n, projects: [project('a', -1, 1)], ballots: [] }, 'greedy'), /negative cost/);
    assert.throws(() => runTally({ budget: 1n, projects: [good], ballots: [approve(['zz'])] }, 'mes'), /unknown project/);
  });
});

describe('Method of Equal Shares', () => {
  // Five voters, budget 100, so each starts with 20. Voters 1–3 (group X) approve A1 and A2, voters 4–5
  // (group Y) approve B; every project costs 50.
  //   Greedy by votes: A1 (3), A2 (3), B (2) → A1 and A2 spend the budget; B never fits.
  //   MES, share 20: A1 and A2 have ρ = (50/3)/50 = 1/3; B: Y has 40 < 50, unaffordable. A1 wins the
  //   tie (same cost, same votes, earlier in rank). X then has 3·(20 − 50/3) = 10 < 50 for A2. Outcome {A1}.
  //   Add1: with share s, Y can pay B once 2s ≥ 50 (s ≥ 25); X can pay A2 after A1 once 3s − 50 ≥ 50
  //   (s ≥ 33⅓). Shares 25…33 give {A1, B} = 100, share 34 gives {A1, A2, B} = 150 > 100: keep share 33,
  //   13 steps above the start of 20.
  const split: Election = {
    budget: 100n,
    projects: [project('A1', 50, 3), project('A2', 50, 3), project('B', 50, 2)],
    ballots: [approve(['A1', 'A2'], 3), approve(['B'], 2)],
  };

  test('MES funds the minority project that greedy leaves out', () => {
    assert.deepEqual(runTally(split, 'greedy').winners, ['A1', 'A2']);
    const r = runTally(split, 'mes');
    assert.deepEqual(r.winners, ['A1', 'B']);
    assert.equal(r.totalCost, 100n);
    assert.deepEqual(r.mes?.voterBudget, { num: 33n, den: 1n });
    assert.equal(r.mes?.add1Steps, 13);
    // At share 33: A1 costs each X voter 50/3; B costs each Y voter 25; A2 then has 3·(33 − 50/3) = 49 behind it.
    const a1 = verdictOf(r, 'A1');
    assert.ok(a1.status === 'funded' && a1.payment && a1.payment.num * 3n === 50n * a1.payment.den);
    const b = verdictOf(r, 'B');
    assert.ok(b.status === 'funded' && b.payment && b.payment.num === 25n * b.payment.den && b.step === 2);
    const a2 = verdictOf(r, 'A2');
    assert.ok(a2.status === 'not-affordable' && a2.step === 2 && a2.supportersMoney.num === 49n * a2.supportersMoney.den);
  });

  test('Add1 raises the shares: plain MES alone funds only A1', () => {
    const plain = equalShares(split.budget, split.projects, split.ballots, { withoutAdd1: true });
    assert.deepEqual(plain.run.order, [0]);
    assert.deepEqual(plain.voterBudget, { num: 100n, den: 5n });
    // Stopping at the first outcome that leaves no supported project fitting (pabutools) stops at share 25,
    // with the same winners here; the official Wieliczka count needs the default (see tally-pabulib tests).
    const early = equalShares(split.budget, split.projects, split.ballots, { add1Stop: 'exhaustive' });
    assert.deepEqual(early.run.order, [0, 2]);
    assert.equal(early.add1Steps, 5);
    // The default run remembers that stop on its way (share 25, 5 steps), and a tally says nothing of it
    // when it funds the same projects.
    const full = equalShares(split.budget, split.projects, split.ballots);
    assert.deepEqual(full.earlyStop && { order: full.earlyStop.run.order, share: full.earlyStop.voterBudget, steps: full.earlyStop.add1Steps }, {
      order: [0, 2],
      share: { num: 125n, den: 5n },
      steps: 5,
    });
    assert.equal(runTally(split, 'mes').mes?.exhaustiveStop, undefined);
    // floor(B/n) is 20 here too, so that start changes nothing.
    assert.equal(equalShares(split.budget, split.projects, split.ballots, { start: 'floor' }).add1Steps, 13);
  });

  test('mes-comparison keeps greedy when more voters are better off under it', () => {
    // MES {A1, B}: each X voter has 1 project, each Y voter 1. Greedy {A1, A2}: X voters 2, Y voters 0.
    // Better under greedy: 3 (X); under MES: 2 (Y). 3 > 2, so greedy's outcome is kept.
    const r = runTally(split, 'mes-comparison');
    assert.deepEqual(r.winners, ['A1', 'A2']);
    assert.deepEqual(r.mes?.comparison, { prefersMes: 2, prefersGreedy: 3, kept: 'greedy' });
    // With a third Y voter, MES is preferred by 3 against 3: a tie keeps MES.
    const r2 = runTally({ ...split, ballots: [approve(['A1', 'A2'], 3), approve(['B'], 3)] }, 'mes-comparison');
    assert.equal(r2.mes?.comparison?.kept, 'mes');
    assert.ok(r2.winners.includes('B'));
  });

  test('equal ρ: the cheaper project first, then the one with more supporters', () => {
    // Cheaper first: P (cost 20, voters 1–2) and Q (cost 10, voters 3–4) both have ρ = 1/2; Q goes first.
    const cheaper = equalShares(100n, [project('P', 20, 2), project('Q', 10, 2)], [approve(['P'], 2), approve(['Q'], 2)], { withoutAdd1: true });
    assert.deepEqual(cheaper.run.order, [1, 0]);
    // More supporters: 12 voters, budget 120, share 10. T (cost 60, voters 7–12) has ρ = 10/60 = 1/6 and
    // goes first, leaving voter 7 with nothing. Then R (cost 30, voters 1–3): each pays 10, ρ = 1/3; S (cost
    // 30, voters 4–7): voter 7 pays 0, voters 4–6 pay 10 each, ρ = 1/3 too. Same ρ, same cost: S has 4
    // supporters against R's 3, so S goes before R although R is listed first.
    const r = equalShares(
      120n,
      [project('R', 30, 3), project('S', 30, 4), project('T', 60, 6)],
      [approve(['R'], 3), approve(['S'], 3), approve(['S', 'T']), approve(['T'], 5)],
      { withoutAdd1: true },
    );
    assert.deepEqual(r.run.order, [2, 1, 0]);
  });

  test('exact shares: ten voters of 1/10 can together pay exactly 1', () => {
    // Budget 1, ten voters: each share is 1/10. Everyone approves ALL (cost 1); voter 1 also approves OTHER
    // (cost 1). Exactly: ALL has 10 · 1/10 = 1 behind it and is bought (ρ = 1/10); OTHER has 1/10 < 1.
    // Add1 at share 11/10 buys ALL then OTHER (voter 1 has exactly 1 left): cost 2 > 1, so {ALL} is kept.
    // In doubles, 0.1 added ten times is 0.9999999999999999 < 1: the first run buys nothing, and at 1.1
    // voter 1 keeps 1.0000000000000002 ≥ 1, so that run overflows too and a float count funds nothing.
    let sum = 0;
    for (let i = 0; i < 10; i++) sum += 0.1;
    assert.ok(sum < 1, 'the float tally really would go wrong here');
    const r = runTally(
      { budget: 1n, projects: [project('ALL', 1, 10), project('OTHER', 1, 1)], ballots: [approve(['ALL', 'OTHER']), approve(['ALL'], 9)] },
      'mes',
    );
    assert.deepEqual(r.winners, ['ALL']);
    assert.deepEqual(r.mes?.voterBudget, { num: 1n, den: 10n });
    assert.equal(r.mes?.add1Steps, 0);
  });

  test('cumulative ballots count as approval of every project given points; nobody-supported projects stay out', () => {
    const r = runTally(
      {
        budget: 10n,
        projects: [project('a', 4, 0), project('b', 4, 0), project('c', 1, 0)],
        ballots: [
          {
            kind: 'cumulative',
            points: new Map([
              ['a', 3n],
              ['b', 0n],
            ]),
          },
          { kind: 'cumulative', points: new Map([['b', 5n]]) },
        ],
      },
      'mes',
    );
    assert.deepEqual([...r.winners].sort(), ['a', 'b']);
    assert.deepEqual(verdictOf(r, 'c'), { status: 'not-affordable', step: 0, supportersMoney: { num: 0n, den: 1n } });
  });
});

// ---- Randomised cross-check against a naive MES written from the definition, voter by voter.

interface Q {
  n: bigint;
  d: bigint;
}
const gcd = (a: bigint, b: bigint): bigint => {
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
};
const q = (n: bigint, d = 1n): Q => {
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const add = (a: Q, b: Q): Q => q(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d);
const div = (a: Q, k: bigint): Q => q(a.n, a.d * k);
const cmp = (a: Q, b: Q): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};

/** One MES run: every voter (expanded, no grouping) starts with `share`. Returns funded project indices. */
function naiveMes(costs: bigint[], voters: number[][], share: Q): number[] {
  const budget = voters.map(() => share);
  const supporters = costs.map((_, j) => voters.flatMap((v, i) => (v.includes(j) ? [i] : [])));
  const rankPos = costs.map((_, j) => j);
  rankPos.sort((a, b) => supporters[b]!.length - supporters[a]!.length || (costs[a]! < costs[b]! ? -1 : costs[a]! > costs[b]! ? 1 : 0) || a - b);
  const rank = costs.map((_, j) => rankPos.indexOf(j));
  const open = new Set(costs.map((_, j) => j).filter((j) => costs[j]! > 0n && supporters[j]!.length > 0));
  const won: number[] = costs.map((_, j) => j).filter((j) => costs[j] === 0n && supporters[j]!.length > 0);
  for (;;) {
    let best = -1;
    let bestRho: Q = { n: 0n, d: 1n };
    let bestPay: Q = { n: 0n, d: 1n };
    for (const j of open) {
      const sup = [...supporters[j]!].sort((a, b) => cmp(budget[a]!, budget[b]!));
      const total = sup.reduce((s, i) => add(s, budget[i]!), q(0n));
      if (cmp(total, q(costs[j]!)) < 0) continue;
      let paid = q(0n);
      let k = BigInt(sup.length);
      let pay = q(0n);
      for (const i of sup) {
        pay = div(sub(q(costs[j]!), paid), k);
        if (cmp(pay, budget[i]!) > 0) {
          paid = add(paid, budget[i]!);
          k -= 1n;
        } else break;
      }
      const rho = div(pay, costs[j]!);
      const c = best < 0 ? -1 : cmp(rho, bestRho);
      const better =
        c < 0 ||
        (c === 0 &&
          (costs[j]! < costs[best]! ||
            (costs[j] === costs[best] &&
              (supporters[j]!.length > supporters[best]!.length || (supporters[j]!.length === supporters[best]!.length && rank[j]! < rank[best]!)))));
      if (better) {
        best = j;
        bestRho = rho;
        bestPay = pay;
      }
    }
    if (best < 0) return won;
    won.push(best);
    open.delete(best);
    for (const i of supporters[best]!) budget[i] = cmp(budget[i]!, bestPay) > 0 ? sub(budget[i]!, bestPay) : q(0n);
  }
}

function naiveAdd1(costs: bigint[], voters: number[][], B: bigint): number[] {
  const n = BigInt(voters.length);
  let share = q(B, n);
  let won = naiveMes(costs, voters, share);
  const supported = costs.filter((_, j) => voters.some((v) => v.includes(j))).length;
  const costOf = (w: number[]): bigint => w.reduce((s, j) => s + costs[j]!, 0n);
  while (won.length < supported) {
    const next = add(share, q(1n));
    const w = naiveMes(costs, voters, next);
    if (costOf(w) > B) break;
    share = next;
    won = w;
  }
  return won;
}

describe('fast MES against the naive definition', () => {
  test('300 random elections give the same winners in the same order, with and without Add1', () => {
    let seed = 20240501;
    const rnd = (m: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % m;
    };
    for (let t = 0; t < 300; t++) {
      const P = 2 + rnd(5);
      const costs = Array.from({ length: P }, () => BigInt(rnd(4) === 0 ? rnd(3) : 1 + rnd(40)));
      const kinds = Array.from({ length: 1 + rnd(6) }, () => costs.map((_, j) => j).filter(() => rnd(3) === 0));
      const voters: number[][] = [];
      const ballots: Ballot[] = [];
      for (const k of kinds) {
        const count = 1 + rnd(4);
        for (let c = 0; c < count; c++) voters.push(k);
        ballots.push(
          approve(
            k.map((j) => `p${j}`),
            count,
          ),
        );
      }
      const B = BigInt(1 + rnd(120));
      const projects = countVotes(
        costs.map((c, j) => project(`p${j}`, c, 0)),
        ballots,
      );
      const plain = equalShares(B, projects, ballots, { withoutAdd1: true }).run.order;
      assert.deepEqual(plain, naiveMes(costs, voters, q(B, BigInt(voters.length))), `plain MES, case ${t}`);
      const full = equalShares(B, projects, ballots).run.order;
      assert.deepEqual(full, naiveAdd1(costs, voters, B), `MES with Add1, case ${t}`);
    }
  });
});
