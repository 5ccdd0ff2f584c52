/**
 * The participatory budget's contest form as a moderator fills it in, for the tests that set up a contest
 * through the pages: one approval ballot of up to two projects, 16+, residents only, public counts, and
 * the phases laid out from `today` (a Kyiv date, YYYY-MM-DD). Each test names its own contest.
 */
import { addDaysToLocalDate } from '../../src/core/calendar/index.js';

export function budgetContestForm(today: string, name: { title: string; description: string }): Record<string, string> {
  return {
    title: name.title,
    description: name.description,
    totalBudget: '1 000 000',
    supportersNeeded: '0',
    residentsOnly: 'on',
    minAge: '16',
    ballotMode: 'approval',
    maxPerCategory: '2',
    maxTotal: '',
    winnerRule: 'greedy',
    minVotes: '0',
    publicCounts: 'on',
    published: 'on',
    submissionFrom: today,
    submissionTo: addDaysToLocalDate(today, 9),
    supportTo: '',
    reviewTo: addDaysToLocalDate(today, 19),
    votingFrom: addDaysToLocalDate(today, 20),
    votingTo: addDaysToLocalDate(today, 29),
    resultsFrom: addDaysToLocalDate(today, 31),
    implementationFrom: addDaysToLocalDate(today, 40),
  };
}

/** A project form as its author fills it in: three benches at `price` each, the rest in plain words. */
export function budgetProjectForm(category: number, o: { title?: string; price?: string; action?: 'draft' | 'submit' } = {}): Record<string, string> {
  return {
    title: o.title ?? 'Лавки у сквері на Зеленій',
    categoryId: String(category),
    problem: 'Проблема, яку відчувають сотні мешканців щодня.',
    solution: 'Зробити як слід, за кошторисом і з контролем мешканців.',
    location: 'вул. Зелена, 12',
    beneficiaries: 'Мешканці кварталу',
    item_0: 'Лавка',
    qty_0: '3',
    price_0: o.price ?? '30 000',
    contingency: '0',
    email: 'author@example.com',
    action: o.action ?? 'submit',
  };
}

/**
 * The school budget's contest form as the school moderator fills it in: up to two projects of 5th–11th
 * graders, 50 000 UAH, the phases laid out from `today` (a Kyiv date); `o` overrides fields.
 */
export function schoolContestForm(today: string, description: string, o: Record<string, string> = {}) {
  const d = (n: number) => addDaysToLocalDate(today, n);
  return {
    title: 'Шкільний бюджет 2027',
    description,
    totalBudget: '50 000',
    maxChoices: '2',
    gradeFrom: '5',
    gradeTo: '11',
    winnerRule: 'greedy',
    minVotes: '0',
    submissionFrom: today,
    submissionTo: d(6),
    votingFrom: d(10),
    votingTo: d(16),
    resultsFrom: d(17),
    ...o,
  };
}
