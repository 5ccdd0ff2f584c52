/**
 * The Method of Equal Shares (MES) with cost utilities and Add1 completion, computed exactly.
 *
 * The rule (equalshares.net; Pabulib's `equalshares/add1`): every voter gets an equal share of the budget.
 * A project can be bought when its supporters together still have its cost; its price is split as equally as
 * possible: everyone pays the same `p`, except supporters with less than `p` left, who pay all they have.
 * The project bought next is the one with the smallest `p / cost` (ρ: the least each supporter pays per unit
 * of cost), ties by lower cost, then more supporters, then rank. When nothing more can be bought, Add1 raises
 * every share by one currency unit and runs again, keeping the last outcome whose total cost fits the budget.
 *
 * Choices the official data forced or settled (checked on Assen 2024, Świecie 2023, Wieliczka 2023; see
 * test/fixtures/pabulib/README.md):
 * - Add1 stops only when the next outcome would cost more than the budget (or when every supported project
 *   is bought). Stopping earlier at the first "exhaustive" outcome, as pabutools does, gives Wieliczka a
 *   share of 301.84 zł and funds projects 66 and 67 instead of the official 46; going on to 315.84 zł (the
 *   last share whose outcome fits) reproduces the official result. Assen and Świecie come out the same either way. (`add1Stop: 'exhaustive'` keeps
 *   the pabutools variant for comparison.)
 * - Start share B/n as an exact fraction. The issue wrote floor(B/n); on all three elections both starts
 *   give the official winners, so the data do not decide, and the exact share is the method's definition
 *   (it is what plain MES gives every voter). `start: 'floor'` gives the other.
 * - Add1 steps of one currency unit per voter, not one smallest unit: `add1Increment` (100n for kopiykas).
 * - Supported zero-cost projects are funded before the first round (as pabutools does); projects nobody
 *   supports are never funded.
 *
 * Why it is fast enough for Łódź 2022 (90 494 voters, 160 projects, dozens of Add1 runs, about a second):
 * - identical ballots are one weighted group;
 * - a voter's money is max(0, share − Σ payments of the funded projects on their ballot), so it depends only
 *   on that set (its "signature"); each project keeps its supporters counted per signature, updated only when
 *   a project sharing supporters is funded, so evaluating a project sums and sorts a few signatures (about
 *   15 on Łódź), not thousands of voters;
 * - all money is a bigint numerator over one common denominator D, which grows only when a payment needs it;
 * - ρ never decreases within a run (shares only shrink), so an outdated ρ is a lower bound: a heap ordered by
 *   (ρ, tie order) re-evaluates only projects whose supporters paid since, and stops at the first fresh one.
 */
import { ballotWeight, supportedProjects } from './election-checks.js';
import { rankOrder } from './ranking.js';
import { TallyInputError, type Ballot, type Fraction, type Project } from './types.js';

export interface MesOptions {
  /** Add1 raises every voter's share by this many smallest units per step; the method means one currency
   *  unit, so a contest counted in kopiykas passes 100n. Default 1n. */
  readonly add1Increment?: bigint;
  /** 'exact' (default): the first run gives every voter B/n; 'floor': floor(B/n) in whole increments. */
  readonly start?: 'exact' | 'floor';
  /** 'overflow' (default): Add1 goes on while the outcome fits the budget, as the official counts of Assen
   *  2024, Świecie 2023 and Wieliczka 2023 did; 'exhaustive': it also stops at the first outcome that leaves no
   *  supported project fitting the money left (pabutools), which misses Wieliczka's official winners. */
  readonly add1Stop?: 'overflow' | 'exhaustive';
  /** Run plain MES once, without Add1 (for analysis and tests). */
  readonly withoutAdd1?: boolean;
}

/** One run of MES with a fixed share per voter. */
export interface MesRun {
  /** Project indices in the order they were bought. */
  readonly order: number[];
  /** Per project index: the payment cap `p` it was bought with (funded), else undefined. */
  readonly payment: (Fraction | undefined)[];
  /** Per project index: round and money behind it when it was found unaffordable. */
  readonly unaffordable: ({ step: number; money: Fraction } | undefined)[];
  readonly totalCost: bigint;
}

export interface MesOutcome {
  readonly run: MesRun;
  readonly voterBudget: Fraction;
  readonly add1Steps: number;
  readonly exhaustive: boolean;
  readonly voters: number;
  /** With `add1Stop: 'overflow'`: where Add1 would have stopped under the other convention (pabutools,
   *  equalshares.net), i.e. the first exhaustive run; the same run as `run` when no earlier one was. */
  readonly earlyStop?: { readonly run: MesRun; readonly voterBudget: Fraction; readonly add1Steps: number };
}

/** The election in flat arrays, built once and reused by every Add1 run. */
export interface MesInstance {
  readonly ids: readonly string[];
  readonly cost: readonly bigint[];
  /** Supporting voters per project (weights included). */
  readonly supporters: Float64Array;
  /** Position in the tie order: lower cost, then more supporters, then rank order. */
  readonly tie: Int32Array;
  readonly voters: number;
  readonly groupWeight: Float64Array;
  /** Ballot of group g: ballotItems[ballotStart[g] .. ballotStart[g+1]). */
  readonly ballotStart: Int32Array;
  readonly ballotItems: Int32Array;
  /** Supporting groups of project j: groupItems[groupStart[j] .. groupStart[j+1]). */
  readonly groupStart: Int32Array;
  readonly groupItems: Int32Array;
}

export function prepareMes(projects: readonly Project[], ballots: readonly Ballot[]): MesInstance {
  const index = new Map<string, number>();
  projects.forEach((p, i) => index.set(p.id, i));
  const P = projects.length;
  // Group identical ballots: the key is the sorted list of supported project indices.
  const groups = new Map<string, { items: number[]; weight: number }>();
  let voters = 0;
  for (const b of ballots) {
    const w = ballotWeight(b);
    voters += w;
    if (w === 0) continue;
    const items = supportedProjects(b).map((id) => {
      const j = index.get(id);
      if (j === undefined) throw new TallyInputError(`a ballot names unknown project ${JSON.stringify(id)}`);
      return j;
    });
    items.sort((a, c) => a - c);
    if (items.length === 0) continue; // still a voter (counted in n), but supports nothing
    const key = items.join(',');
    const g = groups.get(key);
    if (g) g.weight += w;
    else groups.set(key, { items, weight: w });
  }
  if (!Number.isSafeInteger(voters)) throw new TallyInputError('too many voters');
  const G = groups.size;
  const groupWeight = new Float64Array(G);
  const ballotStart = new Int32Array(G + 1);
  const flat: number[] = [];
  const supporters = new Float64Array(P);
  const perProject = new Int32Array(P);
  let g = 0;
  for (const { items, weight } of groups.values()) {
    groupWeight[g] = weight;
    ballotStart[g] = flat.length;
    for (const j of items) {
      flat.push(j);
      supporters[j] = supporters[j]! + weight;
      perProject[j] = perProject[j]! + 1;
    }
    g++;
  }
  ballotStart[G] = flat.length;
  const ballotItems = Int32Array.from(flat);
  const groupStart = new Int32Array(P + 1);
  for (let j = 0; j < P; j++) groupStart[j + 1] = groupStart[j]! + perProject[j]!;
  const fill = groupStart.slice(0, P);
  const groupItems = new Int32Array(flat.length);
  for (let gi = 0; gi < G; gi++) {
    for (let t = ballotStart[gi]!; t < ballotStart[gi + 1]!; t++) {
      const j = ballotItems[t]!;
      groupItems[fill[j]!] = gi;
      fill[j] = fill[j]! + 1;
    }
  }
  const rank = new Int32Array(P);
  rankOrder(projects).forEach((i, place) => (rank[i] = place));
  const byTie = projects.map((_, i) => i);
  byTie.sort((a, b) => {
    const ca = projects[a]!.cost;
    const cb = projects[b]!.cost;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (supporters[a] !== supporters[b]) return supporters[b]! - supporters[a]!;
    return rank[a]! - rank[b]!;
  });
  const tie = new Int32Array(P);
  byTie.forEach((j, pos) => (tie[j] = pos));
  return {
    ids: projects.map((p) => p.id),
    cost: projects.map((p) => p.cost),
    supporters,
    tie,
    voters,
    groupWeight,
    ballotStart,
    ballotItems,
    groupStart,
    groupItems,
  };
}

function smallGcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Plain MES with every voter starting at `share` (a non-negative fraction). */
export function runMes(inst: MesInstance, share: Fraction): MesRun {
  const P = inst.ids.length;
  const { cost, supporters, tie, groupWeight, ballotStart, ballotItems, groupStart, groupItems } = inst;

  // Money is numerator / D. D changes only when a payment is not a whole multiple of 1/D.
  let D = share.den;
  let shareN = share.num;
  let epoch = 0;
  const paymentN: bigint[] = new Array<bigint>(P).fill(0n);
  const payment: (Fraction | undefined)[] = new Array<Fraction | undefined>(P).fill(undefined);
  const unaffordable: ({ step: number; money: Fraction } | undefined)[] = new Array<{ step: number; money: Fraction } | undefined>(P).fill(undefined);
  const order: number[] = [];
  let totalCost = 0n;

  // Signatures: 0 is "nothing paid yet"; signature s = parent + one funded project.
  const sigParent: number[] = [-1];
  const sigProject: number[] = [-1];
  const sigBudget: bigint[] = [shareN];
  const sigEpoch: number[] = [0];
  const transition = new Map<number, number>();
  const budgetOf = (s: number): bigint => {
    if (sigEpoch[s] === epoch) return sigBudget[s]!;
    let b: bigint;
    if (s === 0) b = shareN;
    else {
      b = budgetOf(sigParent[s]!) - paymentN[sigProject[s]!]!;
      if (b < 0n) b = 0n;
    }
    sigBudget[s] = b;
    sigEpoch[s] = epoch;
    return b;
  };
  const next = (s: number, f: number): number => {
    const key = s * P + f;
    let t = transition.get(key);
    if (t === undefined) {
      t = sigParent.length;
      sigParent.push(s);
      sigProject.push(f);
      sigBudget.push(0n);
      sigEpoch.push(-1);
      transition.set(key, t);
    }
    return t;
  };
  const groupSig = new Int32Array(groupWeight.length);

  // Per live project: supporters with money left, counted by signature, and how many have none.
  const alive = new Uint8Array(P);
  const dirty = new Uint8Array(P);
  const bySig: Map<number, number>[] = [];
  const broke = new Float64Array(P);
  const keyNum: bigint[] = new Array<bigint>(P).fill(0n);
  const keyDen: bigint[] = new Array<bigint>(P).fill(1n);
  // What the last evaluation found, reusable for funding while D has not changed since.
  const evalEpoch = new Int32Array(P).fill(-1);
  const evalPaid: bigint[] = new Array<bigint>(P).fill(0n);
  const evalRich = new Float64Array(P);

  for (let j = 0; j < P; j++) {
    bySig.push(new Map());
    if (supporters[j]! <= 0) {
      unaffordable[j] = { step: 0, money: { num: 0n, den: 1n } };
      continue;
    }
    if (cost[j] === 0n) {
      // Free and wanted: nobody has to pay, so it is simply funded.
      order.push(j);
      payment[j] = { num: 0n, den: 1n };
      continue;
    }
    alive[j] = 1;
    dirty[j] = 1;
    bySig[j]!.set(0, supporters[j]!);
    // 1/supporters is the least ρ can ever be (everyone paying an equal part), so a valid first key.
    keyNum[j] = 1n;
    keyDen[j] = BigInt(supporters[j]!);
  }

  // Min-heap of live projects by (ρ key, tie order).
  const heap: number[] = [];
  const before = (a: number, b: number): boolean => {
    const l = keyNum[a]! * keyDen[b]!;
    const r = keyNum[b]! * keyDen[a]!;
    if (l !== r) return l < r;
    return tie[a]! < tie[b]!;
  };
  const push = (j: number): void => {
    let i = heap.length;
    heap.push(j);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(j, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = j;
  };
  const pop = (): number => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      const n = heap.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(heap[r]!, heap[l]!) ? r : l;
        if (!before(heap[c]!, last)) break;
        heap[i] = heap[c]!;
        i = c;
      }
      heap[i] = last;
    }
    return top;
  };
  for (let j = 0; j < P; j++) if (alive[j]) push(j);

  /** Fresh ρ of project j into its key; false (and j dropped) when its supporters cannot pay for it. */
  const evaluate = (j: number): boolean => {
    const target = cost[j]! * D;
    // Summed here from a handful of signatures rather than kept up to date on every charge: a running
    // bigint total per project cost more than all the rest of a run.
    const entries: { b: bigint; c: number }[] = [];
    let money = 0n;
    for (const [s, c] of bySig[j]!) {
      const b = budgetOf(s);
      entries.push({ b, c });
      money += BigInt(c) * b;
    }
    if (money < target) {
      alive[j] = 0;
      unaffordable[j] = { step: order.length + 1, money: { num: money, den: D } };
      return false;
    }
    entries.sort((x, y) => (x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
    let rich = supporters[j]! - broke[j]!;
    let paid = 0n;
    for (const { b, c } of entries) {
      // Poor when the equal part of what is still unpaid exceeds what this signature has left.
      if (target - paid > BigInt(rich) * b) {
        paid += BigInt(c) * b;
        rich -= c;
      } else break;
    }
    if (rich <= 0) throw new Error('MES invariant broken: affordable project without a paying supporter');
    keyNum[j] = target - paid;
    keyDen[j] = BigInt(rich) * target;
    evalEpoch[j] = epoch;
    evalPaid[j] = paid;
    evalRich[j] = rich;
    dirty[j] = 0;
    return true;
  };

  while (heap.length > 0) {
    const top = heap[0]!;
    if (dirty[top]) {
      pop();
      if (evaluate(top)) push(top);
      continue;
    }
    const f = pop();
    if (evalEpoch[f] !== epoch) evaluate(f); // same ρ, but numerators over today's D
    alive[f] = 0;
    const rich = evalRich[f]!;
    const num = cost[f]! * D - evalPaid[f]!;
    // p = num / (rich·D); grow D by rich/g so that p is a whole number of 1/D.
    const g = smallGcd(rich, Number(num % BigInt(rich)));
    const grow = rich / g;
    if (grow > 1) {
      const F = BigInt(grow);
      D *= F;
      shareN *= F;
      for (const k of order) paymentN[k] = paymentN[k]! * F;
      epoch++;
    }
    paymentN[f] = num / BigInt(g);
    payment[f] = { num: paymentN[f]!, den: D };
    order.push(f);
    totalCost += cost[f]!;
    // Charge the supporters: each group moves to the signature with f added.
    for (let t = groupStart[f]!; t < groupStart[f + 1]!; t++) {
      const gi = groupItems[t]!;
      const so = groupSig[gi]!;
      const bOld = budgetOf(so);
      if (bOld === 0n) continue; // had nothing left, pays nothing, nothing changes
      const sn = next(so, f);
      groupSig[gi] = sn;
      const broken = budgetOf(sn) === 0n;
      const w = groupWeight[gi]!;
      for (let u = ballotStart[gi]!; u < ballotStart[gi + 1]!; u++) {
        const j = ballotItems[u]!;
        if (!alive[j]) continue;
        const m = bySig[j]!;
        const left = m.get(so)! - w;
        if (left > 0) m.set(so, left);
        else m.delete(so);
        if (broken) broke[j] = broke[j]! + w;
        else m.set(sn, (m.get(sn) ?? 0) + w);
        dirty[j] = 1;
      }
    }
  }
  return { order, payment, unaffordable, totalCost };
}

function isExhaustive(inst: MesInstance, run: MesRun, budget: bigint): boolean {
  const left = budget - run.totalCost;
  const funded = new Set(run.order);
  for (let j = 0; j < inst.ids.length; j++) {
    if (funded.has(j) || inst.supporters[j]! <= 0) continue;
    if (inst.cost[j]! <= left) return false;
  }
  return true;
}

/** MES with Add1 completion (unless `withoutAdd1`). */
export function equalShares(budget: bigint, projects: readonly Project[], ballots: readonly Ballot[], options: MesOptions = {}): MesOutcome {
  const inst = prepareMes(projects, ballots);
  return equalSharesPrepared(inst, budget, options);
}

export function equalSharesPrepared(inst: MesInstance, budget: bigint, options: MesOptions = {}): MesOutcome {
  const step = options.add1Increment ?? 1n;
  if (step <= 0n) throw new TallyInputError('add1Increment must be positive');
  const n = BigInt(inst.voters);
  let share: Fraction = n === 0n ? { num: 0n, den: 1n } : options.start === 'floor' ? { num: (budget / (n * step)) * step, den: 1n } : { num: budget, den: n };
  let run = runMes(inst, share);
  let steps = 0;
  let early: MesOutcome['earlyStop'];
  if (n > 0n && !options.withoutAdd1) {
    const stopWhenExhaustive = options.add1Stop === 'exhaustive';
    // Once every supported project is bought, more money cannot change the outcome; and a share as large
    // as all costs together buys them all (or overflows the budget), so the loop always ends.
    while (!fundsEverySupported(inst, run)) {
      if (isExhaustive(inst, run, budget)) {
        if (stopWhenExhaustive) break;
        // Kept so a result can say where the other convention stops (it costs no extra run).
        early ??= { run, voterBudget: share, add1Steps: steps };
      }
      const nextShare: Fraction = { num: share.num + step * share.den, den: share.den };
      const nextRun = runMes(inst, nextShare);
      if (nextRun.totalCost > budget) break;
      share = nextShare;
      run = nextRun;
      steps++;
    }
    if (!stopWhenExhaustive) early ??= { run, voterBudget: share, add1Steps: steps };
  }
  return {
    run,
    voterBudget: share,
    add1Steps: steps,
    exhaustive: isExhaustive(inst, run, budget),
    voters: inst.voters,
    ...(early ? { earlyStop: early } : {}),
  };
}

function fundsEverySupported(inst: MesInstance, run: MesRun): boolean {
  let supported = 0;
  for (let j = 0; j < inst.ids.length; j++) if (inst.supporters[j]! > 0) supported++;
  return run.order.length === supported;
}

/**
 * For 'mes-comparison' (Wieliczka 2023): count voters with more of their supported projects funded under
 * each outcome; the greedy outcome replaces MES only if strictly more voters are better off under it.
 */
export function compareForVoters(
  inst: MesInstance,
  mesWinners: readonly number[],
  greedyWinners: readonly number[],
): { prefersMes: number; prefersGreedy: number } {
  const inMes = new Uint8Array(inst.ids.length);
  const inGreedy = new Uint8Array(inst.ids.length);
  for (const j of mesWinners) inMes[j] = 1;
  for (const j of greedyWinners) inGreedy[j] = 1;
  let prefersMes = 0;
  let prefersGreedy = 0;
  for (let g = 0; g < inst.groupWeight.length; g++) {
    let a = 0;
    let b = 0;
    for (let t = inst.ballotStart[g]!; t < inst.ballotStart[g + 1]!; t++) {
      a += inMes[inst.ballotItems[t]!]!;
      b += inGreedy[inst.ballotItems[t]!]!;
    }
    if (a > b) prefersMes += inst.groupWeight[g]!;
    else if (b > a) prefersGreedy += inst.groupWeight[g]!;
  }
  return { prefersMes, prefersGreedy };
}
