/**
 * The data of a participatory-budget tally, independent of who voted and through which channel, so the
 * adult budget, the school budget and imported Pabulib files all go through the same rules.
 *
 * Money is a bigint in the smallest unit the caller chose (kopiykas for a contest, the file's smallest
 * decimal for Pabulib): a tally must never round, and a float cannot hold every kopiyka of a city budget
 * once sums and differences are involved.
 */

export interface Project {
  readonly id: string;
  /** Exact cost in the smallest unit; never negative. */
  readonly cost: bigint;
  /** Number of votes (approval, choose-1) or the summed points (cumulative); what the greedy rules rank by. */
  readonly votes: bigint;
  /** Earlier submission wins a tie after cost; projects without it come after those with it, in input order. */
  readonly submittedOrder?: number;
}

/**
 * One ballot, or `count` identical ones. Approval and choose-1 ballots list the chosen projects; cumulative
 * ballots give points per project. The Method of Equal Shares reads every project with positive points as
 * approved (cost utilities), the greedy rules never read ballots, only `Project.votes`.
 */
export type Ballot =
  | { readonly kind: 'approval'; readonly projects: readonly string[]; readonly count?: number }
  | { readonly kind: 'cumulative'; readonly points: ReadonlyMap<string, bigint>; readonly count?: number };

export interface Election {
  readonly budget: bigint;
  readonly projects: readonly Project[];
  /** Needed by the Method of Equal Shares and by `countVotes`; the greedy rules use `Project.votes`. */
  readonly ballots: readonly Ballot[];
}

export type TallyRule = 'greedy' | 'greedy-no-skip' | 'greedy-threshold' | 'mes' | 'mes-comparison';

export const TALLY_RULES: readonly TallyRule[] = ['greedy', 'greedy-no-skip', 'greedy-threshold', 'mes', 'mes-comparison'];

/** An exact non-negative rational (den > 0), used for per-voter money in the Method of Equal Shares. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

/**
 * Why a project ended where it did, in data the results page turns into plain Ukrainian
 * («не вистачило коштів: залишалось 120 000 грн, а проєкт коштує 150 000 грн»).
 */
export type Verdict =
  /** Greedy: funded in `step` (1-based) when `remainingBefore` was left. MES: funded in round `step`, each
   *  supporter paying at most `payment` (those with less paid all they had left). */
  | { readonly status: 'funded'; readonly step: number; readonly remainingBefore: bigint; readonly payment?: Fraction }
  /** Greedy: its turn came when only `remainingBudget` was left, less than its cost. */
  | { readonly status: 'not-funded-does-not-fit'; readonly remainingBudget: bigint }
  /** Dropped before counting: fewer votes than the contest's minimum. */
  | { readonly status: 'below-threshold'; readonly threshold: bigint }
  /** Greedy without skipping: counting stopped at `stoppedAt`, which did not fit, before this project's turn. */
  | { readonly status: 'stopped'; readonly stoppedAt: string; readonly remainingBudget: bigint }
  /** MES: in round `step` its supporters had only `supportersMoney` left in their shares, less than its cost
   *  (round 0 and zero money: nobody supported it). */
  | { readonly status: 'not-affordable'; readonly step: number; readonly supportersMoney: Fraction };

export interface ProjectResult {
  readonly id: string;
  readonly cost: bigint;
  readonly votes: bigint;
  /** 1-based place by votes, ties by lower cost then earlier submission (the order the greedy rules use). */
  readonly rank: number;
  readonly verdict: Verdict;
}

export interface MesDetails {
  readonly voters: number;
  /** The per-voter share of the run whose outcome was kept. */
  readonly voterBudget: Fraction;
  /** How many times Add1 raised every voter's share (0: the first run was kept). */
  readonly add1Steps: number;
  /** True when the kept outcome leaves no supported project that would still fit the budget. */
  readonly exhaustive: boolean;
  /** Only for 'mes', and only when it funds other projects: the outcome where Add1 would have stopped had it
   *  stopped at the first exhaustive outcome, as pabutools and the equalshares.net tool do (we go on while
   *  the outcome fits the budget, which is what reproduces the official Wieliczka 2023 count). */
  readonly exhaustiveStop?: { readonly winners: readonly string[]; readonly voterBudget: Fraction; readonly add1Steps: number };
  /** Only for 'mes-comparison': voters better off under each outcome, and which one was kept. */
  readonly comparison?: { readonly prefersMes: number; readonly prefersGreedy: number; readonly kept: 'mes' | 'greedy' };
}

export interface TallyResult {
  readonly rule: TallyRule;
  readonly budget: bigint;
  /** Winning project ids in the order they were funded. */
  readonly winners: string[];
  readonly totalCost: bigint;
  /** Every project, in rank order. */
  readonly projects: ProjectResult[];
  readonly mes?: MesDetails;
}

/** Thrown for an election the rules cannot count (duplicate ids, negative money, unknown project in a ballot). */
export class TallyInputError extends Error {
  override readonly name = 'TallyInputError';
}
