/**
 * The pure rules of a contest: phases from dates, money in kopiykas, the cost table, who may vote, what a
 * valid ballot is, and the plain-language reason behind each tally verdict. No I/O, so the adult budget,
 * the school budget, the channel API and the paper import all apply exactly the same rules.
 */
import { plural, pluralWord, type Lang, type PluralText } from '../../core/i18n/index.js';

const VOTES: PluralText = { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] };
/** After «не більше»: «не більше 1 проєкту», «не більше 3 проєктів». */
const PROJECTS_UP_TO: PluralText = { uk: ['проєкту', 'проєктів', 'проєктів'], en: ['project', 'projects'] };
import { ageOn } from '../../core/users/viewer.js';
import { isWithinTerritory } from '../../core/communities/community.js';
import type { ProjectResult, TallyOptions, TallyResult, Verdict } from './tally/index.js';
import type { BallotMode, Channel, CostItem, ImplStatus, ProjectStatus, WinnerRule } from './tables.js';
import type { LoggedAct } from '../../core/tlog/acts.js';

export type Phase = 'announced' | 'submission' | 'support' | 'review' | 'voting' | 'counting' | 'results' | 'implementation';

export interface ContestDates {
  submissionFrom: Date;
  submissionTo: Date;
  supportTo: Date | null;
  reviewTo: Date;
  votingFrom: Date;
  votingTo: Date;
  resultsFrom: Date;
  implementationFrom: Date;
}

/** The phase is derived from time, so nothing depends on a job having switched it. */
export function phaseAt(d: ContestDates, now: Date): Phase {
  const t = now.getTime();
  if (t < d.submissionFrom.getTime()) return 'announced';
  if (t < d.submissionTo.getTime()) return 'submission';
  if (d.supportTo && t < d.supportTo.getTime()) return 'support';
  if (t < d.votingFrom.getTime()) return 'review';
  if (t < d.votingTo.getTime()) return 'voting';
  if (t < d.resultsFrom.getTime()) return 'counting';
  if (t < d.implementationFrom.getTime()) return 'results';
  return 'implementation';
}

/** Problems with the order of the dates, by field name. */
export function datesProblems(d: ContestDates): Record<string, { uk: string; en: string }> {
  const out: Record<string, { uk: string; en: string }> = {};
  const after = (a: Date, b: Date) => a.getTime() > b.getTime();
  if (!after(d.submissionTo, d.submissionFrom))
    out.submissionTo = { uk: 'Кінець подання має бути пізніше за початок', en: 'Submission must end after it starts' };
  if (d.supportTo && !after(d.supportTo, d.submissionTo))
    out.supportTo = { uk: 'Збір підтримки має закінчитися після подання', en: 'Support collection must end after submission' };
  const reviewStart = d.supportTo ?? d.submissionTo;
  if (!after(d.reviewTo, reviewStart))
    out.reviewTo = { uk: 'Розгляд має закінчитися після подання (і збору підтримки)', en: 'Review must end after submission (and support)' };
  if (d.votingFrom.getTime() < d.reviewTo.getTime())
    out.votingFrom = { uk: 'Голосування не може початися до кінця розгляду', en: 'Voting cannot start before review ends' };
  if (!after(d.votingTo, d.votingFrom)) out.votingTo = { uk: 'Кінець голосування має бути пізніше за початок', en: 'Voting must end after it starts' };
  if (d.resultsFrom.getTime() < d.votingTo.getTime())
    out.resultsFrom = { uk: 'Результати — не раніше кінця голосування', en: 'Results cannot come before voting ends' };
  if (d.implementationFrom.getTime() < d.resultsFrom.getTime())
    out.implementationFrom = { uk: 'Реалізація — не раніше результатів', en: 'Implementation cannot start before results' };
  return out;
}

export const PHASE_LABELS: Record<Phase, { uk: string; en: string }> = {
  announced: { uk: 'Оголошено', en: 'Announced' },
  submission: { uk: 'Подання проєктів', en: 'Project submission' },
  support: { uk: 'Збір підтримки', en: 'Collecting supporters' },
  review: { uk: 'Розгляд проєктів', en: 'Project review' },
  voting: { uk: 'Голосування', en: 'Voting' },
  counting: { uk: 'Підрахунок', en: 'Counting' },
  results: { uk: 'Результати', en: 'Results' },
  implementation: { uk: 'Реалізація', en: 'Implementation' },
};

export const STATUS_LABELS: Record<ProjectStatus, { uk: string; en: string }> = {
  draft: { uk: 'Чернетка', en: 'Draft' },
  support: { uk: 'Збір підтримки', en: 'Collecting supporters' },
  review: { uk: 'На розгляді', en: 'Under review' },
  needs_changes: { uk: 'Потребує доопрацювання', en: 'Needs changes' },
  admitted: { uk: 'Допущено до голосування', en: 'Admitted to the vote' },
  rejected: { uk: 'Відхилено', en: 'Rejected' },
};

export const IMPL_LABELS: Record<ImplStatus, { uk: string; en: string }> = {
  waiting: { uk: 'Очікує', en: 'Waiting' },
  in_progress: { uk: 'В роботі', en: 'In progress' },
  done: { uk: 'Реалізовано', en: 'Done' },
  not_done: { uk: 'Не реалізовано', en: 'Not done' },
};

export const RULE_LABELS: Record<WinnerRule, { uk: string; en: string }> = {
  greedy: { uk: 'За кількістю голосів, пропускаючи проєкти, що вже не вміщаються в бюджет', en: 'By votes, skipping projects that no longer fit' },
  'greedy-no-skip': { uk: 'За кількістю голосів, до першого проєкту, що не вміщається', en: 'By votes, stopping at the first project that does not fit' },
  'greedy-threshold': { uk: 'За кількістю голосів серед проєктів, що набрали мінімум голосів', en: 'By votes among projects with the minimum votes' },
  mes: { uk: 'Метод рівних часток (Method of Equal Shares)', en: 'Method of Equal Shares' },
};

export const CHANNEL_LABELS: Record<string, { uk: string; en: string }> = {
  web: { uk: 'онлайн', en: 'online' },
  terminal: { uk: 'термінал', en: 'terminal' },
  chatbot: { uk: 'чат-бот', en: 'chat-bot' },
  paper: { uk: 'паперовий бюлетень', en: 'paper ballot' },
  code: { uk: 'за кодом', en: 'by code' },
};

/** The public reason of a ballot that does not count. */
export const REJECT_REASONS: Record<'duplicate' | 'annulled' | 'duplicate-linked', { uk: string; en: string }> = {
  duplicate: { uk: 'повторний', en: 'duplicate' },
  annulled: { uk: 'анульовано', en: 'annulled' },
  'duplicate-linked': { uk: 'повторний (ел. пошту повʼязано з id.gov.ua)', en: 'duplicate (e-mail linked to id.gov.ua)' },
};

// ---------------------------------------------------------------------------------------------------------
// Money

/** "150 000,50", "150000.5", "150 000" → kopiykas; null when it is not an amount. */
export function parseMoney(raw: string): number | null {
  const s = raw
    .replace(/[\s\u00a0\u202f]/g, '')
    .replace(/грн\.?$/i, '')
    .replace(',', '.');
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0')));
}

/** "2,5" → 2500 thousandths; up to three decimals. */
export function parseQuantity(raw: string): number | null {
  const s = raw.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(s);
  if (!m) return null;
  const v = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
  return v > 0 ? v : null;
}

/** Kopiykas as «1 234 567,89 грн» (uk) or «UAH 1,234,567.89» (en), exactly, from a bigint or an integer. */
export function formatMoney(kop: number | bigint, lang: Lang): string {
  const k = BigInt(kop);
  const neg = k < 0n;
  const abs = neg ? -k : k;
  const whole = (abs / 100n).toString();
  const frac = (abs % 100n).toString().padStart(2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'uk' ? '\u00a0' : ',');
  const sign = neg ? '−' : '';
  if (lang === 'uk') return `${sign}${grouped}${frac === '00' ? '' : `,${frac}`}\u00a0грн`;
  return `${sign}UAH ${grouped}${frac === '00' ? '' : `.${frac}`}`;
}

export function formatQuantity(milli: number): string {
  const whole = Math.floor(milli / 1000);
  const frac = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return frac ? `${whole},${frac}` : String(whole);
}

/** Round half up of a non-negative a/b in bigint. */
function divRound(a: bigint, b: bigint): bigint {
  return (a * 2n + b) / (2n * b);
}

export interface CostTable {
  items: CostItem[];
  subtotal: number;
  contingency: number;
  total: number;
}

/**
 * Totals of the cost table in kopiykas: each line is price × quantity rounded to the kopiyka, the
 * contingency (basis points) is rounded once on the subtotal; all in bigint, so nothing drifts.
 */
export function computeCost(items: { item: string; qtyMilli: number; unitPrice: number }[], contingencyBp: number): CostTable {
  let subtotal = 0n;
  const lines = items.map((i) => {
    const total = divRound(BigInt(i.unitPrice) * BigInt(i.qtyMilli), 1000n);
    subtotal += total;
    return { item: i.item, qtyMilli: i.qtyMilli, unitPrice: i.unitPrice, total: Number(total) };
  });
  const contingency = divRound(subtotal * BigInt(contingencyBp), 10_000n);
  return { items: lines, subtotal: Number(subtotal), contingency: Number(contingency), total: Number(subtotal + contingency) };
}

/** "10" or "7,5" (%) → basis points. */
export function parsePercent(raw: string): number | null {
  const s = raw.replace(/[\s%]/g, '').replace(',', '.');
  if (s === '') return 0;
  const m = /^(\d{1,2})(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp <= 2000 ? bp : null;
}

// ---------------------------------------------------------------------------------------------------------
// Who may vote

export interface EligibilityRules {
  allowEmail: boolean;
  residentsOnly: boolean;
  minAge: number | null;
}

export type VoterRefusal = 'weak-sign-in' | 'not-resident' | 'too-young' | 'no-birth-date';

/**
 * Whether a person whom a channel (a terminal, a chat-bot, a paper ballot) has identified may vote. The web
 * uses the core's participationRefusal with the same rules; this is its twin for people without an account.
 */
export function voterRefusal(
  person: { birthDate: string | null; territorialCode: string | null; level: 'idgovua' | 'email' | 'verified' },
  rules: EligibilityRules,
  territorialCodes: readonly string[],
  todayKyiv: string,
): VoterRefusal | null {
  if (person.level === 'email' && !rules.allowEmail) return 'weak-sign-in';
  if (rules.residentsOnly && !isWithinTerritory(person.territorialCode, territorialCodes)) return 'not-resident';
  if (rules.minAge !== null) {
    if (!person.birthDate) return 'no-birth-date';
    if (ageOn(person.birthDate, todayKyiv) < rules.minAge) return 'too-young';
  }
  return null;
}

export function voterRefusalText(r: VoterRefusal, lang: Lang, minAge: number | null): string {
  const uk = lang === 'uk';
  switch (r) {
    case 'weak-sign-in':
      return uk ? 'Голосувати можна лише після входу через id.gov.ua' : 'Voting needs a sign-in through id.gov.ua';
    case 'not-resident':
      return uk ? 'Голосують лише мешканці громади (за зареєстрованою адресою)' : 'Only residents of the community (by registered address) may vote';
    case 'too-young':
      return uk
        ? `Голосувати можна з ${minAge ?? ''} ${pluralWord(minAge ?? 0, { uk: ['року', 'років', 'років'], en: ['year', 'years'] }, 'uk')}`
        : `Voting is open from the age of ${minAge ?? ''}`;
    case 'no-birth-date':
      return uk ? 'Немає дати народження, щоб перевірити вік' : 'No birth date to check the age';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sign-in levels: whether e-mail-level ballots count

export interface LevelTotals {
  /** Every ballot cast (of every channel and level). */
  ballots: number;
  byChannel: Record<string, number>;
  byLevel: { idgovua: number; email: number };
}

/**
 * The ballots that count under the contest's rule: all of them, or, when e-mail-level ballots do not count,
 * the rest (every e-mail-level ballot is a web one). `notCounted` is how many were cast and left out.
 */
export function countedTotals(t: LevelTotals, emailCounts: boolean): { ballots: number; byChannel: Record<string, number>; notCounted: number } {
  if (emailCounts || t.byLevel.email === 0) return { ballots: t.ballots, byChannel: { ...t.byChannel }, notCounted: 0 };
  const byChannel = { ...t.byChannel };
  const web = (byChannel.web ?? 0) - t.byLevel.email;
  if (web > 0) byChannel.web = web;
  else delete byChannel.web;
  return { ballots: t.ballots - t.byLevel.email, byChannel, notCounted: t.byLevel.email };
}

/** The contest's rule on e-mail-level ballots in plain words, for its public pages; null when nobody votes by e-mail. */
export function emailCountsText(c: { eligibility: { allowEmail: boolean }; emailCounts: boolean }, lang: Lang): string | null {
  if (!c.eligibility.allowEmail) return null;
  return c.emailCounts
    ? lang === 'uk'
      ? 'Бюлетені, подані зі входом через ел. пошту й телефон, зараховуються до результатів нарівні з поданими через id.gov.ua.'
      : 'Ballots cast with e-mail and phone sign-in count toward the results like those cast through id.gov.ua.'
    : lang === 'uk'
      ? 'Бюлетені, подані зі входом через ел. пошту й телефон, до результатів не зараховуються: їх лише показують окремо. Зараховуються бюлетені, подані через id.gov.ua, термінали, чат-боти й на папері.'
      : 'Ballots cast with e-mail and phone sign-in do not count toward the results: they are only shown apart. Ballots cast through id.gov.ua, terminals, chat-bots and on paper count.';
}

// ---------------------------------------------------------------------------------------------------------
// Ballots

export interface BallotRules {
  mode: BallotMode;
  maxPerCategory: number | null;
  maxTotal: number | null;
}

export interface BallotProject {
  id: number;
  categoryId: number;
  contestId: number;
  status: ProjectStatus;
}

export type ChoiceProblem =
  | { kind: 'empty' }
  | { kind: 'unknown'; projectId: number }
  | { kind: 'not-admitted'; projectId: number }
  | { kind: 'other-contest'; projectId: number }
  | { kind: 'repeated'; projectId: number }
  | { kind: 'too-many-in-category'; categoryId: number; max: number; given: number }
  | { kind: 'too-many-total'; max: number; given: number }
  | { kind: 'one-per-category'; categoryId: number; given: number };

/**
 * Is this a valid ballot of the contest? The same check for every channel; the answer lists every problem,
 * so a paper-import report and an API error can both say exactly what is wrong.
 */
export function checkChoices(
  contestId: number,
  rules: BallotRules,
  categoryIds: readonly number[],
  projects: ReadonlyMap<number, BallotProject>,
  chosen: readonly number[],
): { ok: true; byCategory: Map<number, number[]> } | { ok: false; problems: ChoiceProblem[] } {
  const problems: ChoiceProblem[] = [];
  if (chosen.length === 0) problems.push({ kind: 'empty' });
  const seen = new Set<number>();
  const byCategory = new Map<number, number[]>();
  for (const id of chosen) {
    if (seen.has(id)) {
      problems.push({ kind: 'repeated', projectId: id });
      continue;
    }
    seen.add(id);
    const p = projects.get(id);
    if (!p) problems.push({ kind: 'unknown', projectId: id });
    else if (p.contestId !== contestId) problems.push({ kind: 'other-contest', projectId: id });
    else if (p.status !== 'admitted') problems.push({ kind: 'not-admitted', projectId: id });
    else byCategory.set(p.categoryId, [...(byCategory.get(p.categoryId) ?? []), id]);
  }
  if (rules.mode === 'one-per-category') {
    for (const c of categoryIds) {
      const n = byCategory.get(c)?.length ?? 0;
      if (n !== 1 && chosen.length > 0) problems.push({ kind: 'one-per-category', categoryId: c, given: n });
    }
  } else {
    if (rules.maxPerCategory !== null) {
      for (const [c, ids] of byCategory)
        if (ids.length > rules.maxPerCategory) problems.push({ kind: 'too-many-in-category', categoryId: c, max: rules.maxPerCategory, given: ids.length });
    }
    if (rules.maxTotal !== null && seen.size > rules.maxTotal) problems.push({ kind: 'too-many-total', max: rules.maxTotal, given: seen.size });
  }
  return problems.length ? { ok: false, problems } : { ok: true, byCategory };
}

export function choiceProblemText(p: ChoiceProblem, lang: Lang, names: { project: (id: number) => string; category: (id: number) => string }): string {
  const uk = lang === 'uk';
  switch (p.kind) {
    case 'empty':
      return uk ? 'Не обрано жодного проєкту' : 'No project chosen';
    case 'unknown':
      return uk ? `Немає проєкту ${names.project(p.projectId)}` : `No project ${names.project(p.projectId)}`;
    case 'not-admitted':
      return uk ? `Проєкт ${names.project(p.projectId)} не допущено до голосування` : `Project ${names.project(p.projectId)} is not on the ballot`;
    case 'other-contest':
      return uk ? `Проєкт ${names.project(p.projectId)} належить іншому конкурсу` : `Project ${names.project(p.projectId)} belongs to another contest`;
    case 'repeated':
      return uk ? `Проєкт ${names.project(p.projectId)} обрано двічі` : `Project ${names.project(p.projectId)} chosen twice`;
    case 'too-many-in-category':
      return uk
        ? `У категорії «${names.category(p.categoryId)}» можна обрати не більше ${p.max} (обрано ${p.given})`
        : `At most ${p.max} in «${names.category(p.categoryId)}» (chosen ${p.given})`;
    case 'too-many-total':
      return uk
        ? `Усього можна обрати не більше ${p.max} ${pluralWord(p.max, PROJECTS_UP_TO, 'uk')} (обрано ${p.given})`
        : `At most ${p.max} ${pluralWord(p.max, PROJECTS_UP_TO, 'en')} in total (chosen ${p.given})`;
    case 'one-per-category':
      return uk
        ? `У категорії «${names.category(p.categoryId)}» треба обрати рівно один проєкт (обрано ${p.given})`
        : `Choose exactly one project in «${names.category(p.categoryId)}» (chosen ${p.given})`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Explaining the tally

/**
 * Why a project ended where it did, in plain words. `winners` lets the text say, for a project that had
 * more votes than some winner, which cheaper project got the money instead.
 */
export function verdictText(r: ProjectResult, result: TallyResult, lang: Lang, names: (id: string) => string): string {
  const uk = lang === 'uk';
  const v: Verdict = r.verdict;
  const money = (k: bigint) => formatMoney(k, lang);
  const lowerWinners = result.projects.filter((p) => p.verdict.status === 'funded' && p.votes < r.votes);
  const beatenBy = lowerWinners.length
    ? uk
      ? ` Натомість профінансовано ${lowerWinners.length === 1 ? 'проєкт' : 'проєкти'} з меншою кількістю голосів, що вмістилися в залишок: ${lowerWinners.map((p) => `«${names(p.id)}» (${money(p.cost)})`).join(', ')}.`
      : ` Instead, ${lowerWinners.length === 1 ? 'a project' : 'projects'} with fewer votes that fitted the rest got the money: ${lowerWinners.map((p) => `«${names(p.id)}» (${money(p.cost)})`).join(', ')}.`
    : '';
  switch (v.status) {
    case 'funded':
      if (result.rule === 'mes' && v.payment) {
        return uk
          ? `Профінансовано в раунді ${v.step} методу рівних часток: прихильники проєкту разом оплатили його вартість зі своїх рівних часток бюджету.`
          : `Funded in round ${v.step} of the Method of Equal Shares: its supporters paid its cost together from their equal shares of the budget.`;
      }
      return uk
        ? `Профінансовано: ${r.rank}-е місце за голосами; перед ним у категорії залишалося ${money(v.remainingBefore)}, проєкт коштує ${money(r.cost)}.`
        : `Funded: place ${r.rank} by votes; ${money(v.remainingBefore)} was left in the category, the project costs ${money(r.cost)}.`;
    case 'not-funded-does-not-fit':
      return uk
        ? `Не профінансовано: коли настала черга проєкту (${r.rank}-е місце за голосами), у бюджеті категорії залишалося лише ${money(v.remainingBudget)}, а проєкт коштує ${money(r.cost)} — він не вміщався.${beatenBy}`
        : `Not funded: at its turn (place ${r.rank} by votes) only ${money(v.remainingBudget)} was left in the category budget, and the project costs ${money(r.cost)}, so it did not fit.${beatenBy}`;
    case 'below-threshold':
      return uk
        ? `Не профінансовано: набрав ${plural(Number(r.votes), VOTES, 'uk')}, менше за встановлений мінімум ${v.threshold}.`
        : `Not funded: ${plural(Number(r.votes), VOTES, 'en')}, fewer than the minimum of ${v.threshold}.`;
    case 'stopped':
      return uk
        ? `Не профінансовано: за правилом конкурсу підрахунок зупиняється на першому проєкті, що не вміщається в бюджет; ним став «${names(v.stoppedAt)}», коли залишалося ${money(v.remainingBudget)}. Проєкти після нього не фінансуються, навіть якщо дешевші.`
        : `Not funded: under the contest rule counting stops at the first project that does not fit; that was «${names(v.stoppedAt)}», with ${money(v.remainingBudget)} left. Projects after it are not funded even if cheaper.`;
    case 'not-affordable': {
      if (v.supportersMoney.num === 0n) {
        return uk
          ? 'Не профінансовано: за методом рівних часток у прихильників проєкту не залишилося коштів.'
          : 'Not funded: under the Method of Equal Shares its supporters had no money left.';
      }
      const have = v.supportersMoney.num / v.supportersMoney.den;
      return uk
        ? `Не профінансовано за методом рівних часток: кожен виборець має рівну частку бюджету, і проєкт оплачують лише ті, хто за нього голосував. У раунді ${v.step} у прихильників проєкту разом залишалося близько ${money(have)}, а він коштує ${money(r.cost)}: їхні частки вже пішли на інші обрані ними проєкти.${beatenBy}`
        : `Not funded under the Method of Equal Shares: every voter holds an equal share of the budget and a project is paid only by those who voted for it. In round ${v.step} its supporters had about ${money(have)} left together, and it costs ${money(r.cost)}: their shares had gone to other projects they chose.${beatenBy}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Frozen rules: nobody bends a count once people take part

/** The fields of a contest as the audit log keeps them: flat, each one a rule a moderator may set. */
export interface ContestRuleSource {
  owner: string;
  title: string;
  description: string;
  totalBudget: number;
  dates: ContestDates;
  supportersNeeded: number;
  eligibility: EligibilityRules;
  /** Whether ballots cast at the e-mail level count toward the results (they are kept and shown either way). */
  emailCounts: boolean;
  ballot: BallotRules;
  winnerRule: WinnerRule;
  minVotes: number;
  publicCounts: boolean;
  published: boolean;
  resultsPublishedAt: Date | null;
}

/** Every rule field of a contest (dates as ISO strings): the creation's snapshot, and what a replay of the log must equal. */
export function contestRuleFields(c: ContestRuleSource): Record<string, unknown> {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    owner: c.owner,
    title: c.title,
    description: c.description,
    totalBudget: c.totalBudget,
    submissionFrom: iso(c.dates.submissionFrom),
    submissionTo: iso(c.dates.submissionTo),
    supportTo: iso(c.dates.supportTo),
    reviewTo: iso(c.dates.reviewTo),
    votingFrom: iso(c.dates.votingFrom),
    votingTo: iso(c.dates.votingTo),
    resultsFrom: iso(c.dates.resultsFrom),
    implementationFrom: iso(c.dates.implementationFrom),
    supportersNeeded: c.supportersNeeded,
    allowEmail: c.eligibility.allowEmail,
    residentsOnly: c.eligibility.residentsOnly,
    minAge: c.eligibility.minAge,
    emailCounts: c.emailCounts,
    ballotMode: c.ballot.mode,
    maxPerCategory: c.ballot.maxPerCategory,
    maxTotal: c.ballot.maxTotal,
    winnerRule: c.winnerRule,
    minVotes: c.minVotes,
    publicCounts: c.publicCounts,
    published: c.published,
    resultsPublishedAt: iso(c.resultsPublishedAt),
  };
}

/** A category's rule fields under the contest's audit subject, keyed by the category's id. */
export function categoryRuleFields(k: { id: number; code: string; name: string; budget: number; minCost: number; maxCost: number }): Record<string, unknown> {
  const p = `category.${k.id}.`;
  return { [`${p}code`]: k.code, [`${p}name`]: k.name, [`${p}budget`]: k.budget, [`${p}minCost`]: k.minCost, [`${p}maxCost`]: k.maxCost };
}

/** The fields that shape the ballot and pick its winners. */
export const BALLOT_RULE_FIELDS = ['ballotMode', 'maxPerCategory', 'maxTotal', 'winnerRule', 'minVotes'] as const;

/**
 * What decides who may vote and how ballots count, plus the past phases that decided what is on the ballot:
 * frozen once voting has started. The end of voting is among them: it only moves through an extension.
 */
export const VOTE_RULE_FIELDS = [
  'owner',
  'totalBudget',
  'submissionFrom',
  'submissionTo',
  'supportTo',
  'reviewTo',
  'votingFrom',
  'votingTo',
  'supportersNeeded',
  'allowEmail',
  'residentsOnly',
  'minAge',
  'emailCounts',
  ...BALLOT_RULE_FIELDS,
  'publicCounts',
  'published',
] as const;

/** Voting has started when its first day has come, or when any ballot (a paper one too) exists. */
export function votingStarted(c: { dates: ContestDates }, now: Date, hasBallots: boolean): boolean {
  return hasBallots || now.getTime() >= c.dates.votingFrom.getTime();
}

/**
 * The contest fields that no edit may change now: none before voting starts; the vote's rules once it has
 * started (categories too: see categoriesFrozen); and also the results date once results are published
 * (publication itself is one-way: `resultsPublishedAt` is never an edit). Title, description and the
 * implementation date always stay editable, and every edit is audited.
 */
export function frozenContestFields(c: { dates: ContestDates; resultsPublishedAt: Date | null }, now: Date, hasBallots: boolean): Set<string> {
  const out = new Set<string>(['resultsPublishedAt']);
  if (votingStarted(c, now, hasBallots)) for (const f of VOTE_RULE_FIELDS) out.add(f);
  if (c.resultsPublishedAt) out.add('resultsFrom');
  return out;
}

/** Categories (their budgets, cost limits, codes, and new ones) are part of the count: frozen with the vote. */
export function categoriesFrozen(c: { dates: ContestDates }, now: Date, hasBallots: boolean): boolean {
  return votingStarted(c, now, hasBallots);
}

/** The frozen fields an edit would change (empty when it may go ahead). */
export function frozenChanges(before: Record<string, unknown>, after: Record<string, unknown>, frozen: ReadonlySet<string>): string[] {
  return [...frozen].filter((k) => k in after && JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null));
}

export type ExtensionProblem = 'not-started' | 'ended' | 'not-later' | 'reason';

/**
 * May voting be extended to `newEnd` now? Only after it has started (before, the settings form moves any
 * date), only before it has ended, only to a later end, and only with a public reason.
 */
export function extensionProblem(
  c: { dates: ContestDates; resultsPublishedAt: Date | null },
  a: { newEnd: Date; reason: string; now: Date; hasBallots: boolean },
): ExtensionProblem | null {
  if (c.resultsPublishedAt || a.now.getTime() >= c.dates.votingTo.getTime()) return 'ended';
  if (!votingStarted(c, a.now, a.hasBallots)) return 'not-started';
  if (a.newEnd.getTime() <= c.dates.votingTo.getTime()) return 'not-later';
  const n = [...a.reason.trim()].length;
  if (n < 10 || n > 1000) return 'reason';
  return null;
}

export function extensionProblemText(p: ExtensionProblem, lang: Lang): string {
  const uk = lang === 'uk';
  switch (p) {
    case 'ended':
      return uk ? 'Голосування вже завершилося: продовжити його не можна' : 'Voting has ended: it cannot be extended';
    case 'not-started':
      return uk ? 'Голосування ще не почалося: змініть дату в налаштуваннях конкурсу' : 'Voting has not started: change the date in the contest settings';
    case 'not-later':
      return uk
        ? 'Нова дата має бути пізнішою за теперішній кінець голосування: скоротити голосування не можна'
        : 'The new end must be later than the current one: voting cannot be shortened';
    case 'reason':
      return uk
        ? 'Поясніть причину продовження (від 10 до 1000 символів): її побачать усі'
        : 'Explain the extension (10 to 1000 characters): everyone will see it';
  }
}

/** The dates after an extension: results and implementation never come before the new end. */
export function extendedDates(d: ContestDates, newEnd: Date): ContestDates {
  const resultsFrom = d.resultsFrom.getTime() < newEnd.getTime() ? newEnd : d.resultsFrom;
  const implementationFrom = d.implementationFrom.getTime() < resultsFrom.getTime() ? resultsFrom : d.implementationFrom;
  return { ...d, votingTo: newEnd, resultsFrom, implementationFrom };
}

/** A results correction needs published results and a public reason. */
export function correctionProblem(c: { resultsPublishedAt: Date | null }, reason: string, lang: Lang): string | null {
  const uk = lang === 'uk';
  if (!c.resultsPublishedAt) return uk ? 'Результати ще не оприлюднено: виправляти нічого' : 'Results are not published: there is nothing to correct';
  const n = [...reason.trim()].length;
  if (n < 10 || n > 2000)
    return uk ? 'Поясніть виправлення (від 10 до 2000 символів): його побачать усі' : 'Explain the correction (10 to 2000 characters): everyone will see it';
  return null;
}

export function frozenFieldText(lang: Lang): string {
  return lang === 'uk'
    ? 'Голосування вже почалося (або результати оприлюднено): це правило змінювати не можна'
    : 'Voting has started (or results are published): this rule can no longer change';
}

/**
 * How a contest's rule runs the tally engine: the results page and the independent verifier (src/verify)
 * must call it alike, or they would not agree on the winners.
 */
export function contestTallyOptions(c: { winnerRule: WinnerRule; minVotes: number }): TallyOptions {
  return {
    ...(c.winnerRule === 'greedy-threshold' ? { threshold: BigInt(c.minVotes) } : {}),
    // The method's Add1 step is one hryvnia; money here is in kopiykas.
    ...(c.winnerRule === 'mes' ? { add1Increment: 100n, start: 'floor' as const } : {}),
  };
}

/** A project's place in a tie (after votes and cost): the earlier submission first, else the lower id. */
export function submittedOrder(p: { id: number; submittedAt: Date | null }): number {
  return p.submittedAt?.getTime() ?? p.id;
}

/** The subject of a contest's acts in the transparency log. */
export function contestSubject(contestId: number): string {
  return `contest:${contestId}`;
}

/** The tool a contest's acts are logged under: the community's budget, or a school's (owner `school:<id>`). */
export function ballotTool(owner: string): 'budgets' | 'school-budget' {
  return owner.startsWith('school:') ? 'school-budget' : 'budgets';
}

/**
 * A ballot as the transparency log records it: the voter only as a tag of the ballot's voter key (a paper
 * ballot's is the keyed hash of the РНОКПП on it, a school code's a random key), the channel, the sign-in
 * level, and the chosen projects' ids in ascending order (what gets counted is public anyway).
 */
export function ballotAct(
  community: string,
  contest: { id: number; owner: string; publicCounts: boolean },
  ballot: { voterKey: string; channel: Channel; level: 'idgovua' | 'email'; projectIds: readonly number[] },
  at: Date,
): LoggedAct {
  // The choices are public only where the contest shows its counts while voting (a frozen rule): where it
  // hides them until the results, one entry's choices would leak them early, and, with the entry's minute
  // and place in the log, could tell an onlooker how a person they saw vote chose.
  const details: Record<string, string | readonly number[]> = { channel: ballot.channel, level: ballot.level };
  if (contest.publicCounts) details.choices = [...ballot.projectIds].sort((x, y) => x - y);
  return {
    community,
    tool: ballotTool(contest.owner),
    subject: contestSubject(contest.id),
    kind: 'ballot',
    at,
    personKey: ballot.voterKey,
    details,
  };
}

/**
 * A counted ballot annulled, naming the entry it cancels by its leaf hash (`of`; null for a ballot cast
 * before the log) and a public reason code: `annulled` (its paper import was annulled; the moderator's own
 * words stay off the log) or `duplicate-linked`.
 */
export function ballotAnnulledAct(
  community: string,
  contest: { id: number; owner: string },
  ballot: { voter_key: string; log_leaf: string | null },
  at: Date,
  reason: 'annulled' | 'duplicate-linked',
): LoggedAct {
  return {
    community,
    tool: ballotTool(contest.owner),
    subject: contestSubject(contest.id),
    kind: 'ballot-annulled',
    at,
    personKey: ballot.voter_key,
    details: { of: ballot.log_leaf, reason },
  };
}
