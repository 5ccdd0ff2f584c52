/**
 * A community that joins with budget conditions in its request gets its first contest drafted from them:
 * the total, the categories (the budget split evenly, to the kopiyka), the number of choices and the
 * minimum age, and a calendar a council can keep. It stays unpublished until the budget moderator has
 * checked the dates and categories and publishes it.
 */
import type { Db } from '../../../core/db/database.js';
import { addDaysToLocalDate, kyivDateOf, startOfKyivDay } from '../../../core/calendar/index.js';
import { addCategory, createContest } from './contests.js';
import { findContest } from '../repository/contests.js';
import { OWNER } from '../access.js';

export interface JoiningConditions {
  /** Hryvnias, as the request form asks. */
  total: number;
  categories: string[];
  maxChoices: number;
  minAge: number | null;
}

/** Category codes: A, B, … (the ballot codes of projects start with them). */
const code = (i: number) => String.fromCharCode(65 + i);

export async function draftFirstContest(
  db: Db,
  a: { communityId: number; conditions: JoiningConditions; actorUserId: number | null; now: Date },
): Promise<number> {
  const today = kyivDateOf(a.now);
  // Two weeks to announce; a month to submit; three weeks to review; two weeks to vote; results a week later.
  const day = (n: number) => startOfKyivDay(addDaysToLocalDate(today, n));
  const dates = {
    submissionFrom: day(14),
    submissionTo: day(44),
    supportTo: null,
    reviewTo: day(65),
    votingFrom: day(65),
    votingTo: day(79),
    resultsFrom: day(86),
    implementationFrom: day(120),
  };
  const totalKop = a.conditions.total * 100;
  const names = a.conditions.categories.length > 0 ? a.conditions.categories : ['Проєкти громади'];
  const id = await createContest(db, {
    communityId: a.communityId,
    owner: OWNER,
    actorUserId: a.actorUserId,
    now: a.now,
    input: {
      title: `Громадський бюджет ${Number(today.slice(0, 4)) + 1}`,
      description: 'Чернетку конкурсу створено з умов, які громада вказала в заявці на підключення. Перевірте дати й категорії, тоді опублікуйте.',
      totalBudget: totalKop,
      dates,
      supportersNeeded: 0,
      eligibility: { allowEmail: false, residentsOnly: true, minAge: a.conditions.minAge },
      ballot: { mode: 'approval', maxPerCategory: a.conditions.maxChoices, maxTotal: null },
      winnerRule: 'greedy',
      minVotes: 0,
      publicCounts: true,
      published: false,
    },
  });
  const contest = (await findContest(db, id))!;
  const share = Math.floor(totalKop / names.length);
  for (const [i, name] of names.entries()) {
    // The kopiykas that do not divide evenly go to the first category, so the parts add up to the total.
    const budget = share + (i === 0 ? totalKop - share * names.length : 0);
    await addCategory(db, { contest, input: { code: code(i), name, budget, minCost: 0, maxCost: budget }, actorUserId: a.actorUserId, now: a.now });
  }
  return id;
}
