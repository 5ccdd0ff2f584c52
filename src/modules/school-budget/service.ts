/**
 * Voting with a one-time code: reading and checking the code (with its clear reasons for a refusal),
 * limiting guesses, and casting the ballot. The code is taken and the ballot inserted in one transaction,
 * under a random voter key, so the database lets a code count once and nothing ties the ballot to it.
 */
import { participationOpen } from '../../core/communities/participation-gate.js';
import { createHmac, randomBytes } from 'node:crypto';
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Lang } from '../../core/i18n/index.js';
import { inTransaction } from '../../core/db/transaction.js';
import { hitRateLimit, ipPrefix, rateLimitExhausted, type Limit } from '../../core/security/rate-limit.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { castBallot, contestPhase, findContest, type Contest } from '../budgets/index.js';
import { hashCode, parseCode } from './rules.js';
import { findCode, findSchoolById, takeCode, type School } from './repository.js';
import { schoolTables } from './tables.js';

export type CodeProblem =
  | { kind: 'empty' }
  | { kind: 'format' }
  | { kind: 'check' }
  | { kind: 'unknown' }
  | { kind: 'used' }
  | { kind: 'void' }
  | { kind: 'other-school'; school: School | null; communitySlug: string | null }
  | { kind: 'not-yet'; contest: Contest }
  | { kind: 'closed'; contest: Contest }
  | { kind: 'suspended' }
  | { kind: 'rate-limited'; retryAfterSeconds: number };

export interface CodeTarget {
  /** The normalised code, to carry through the ballot's steps. */
  code: string;
  hash: string;
  school: School;
  contest: Contest;
}

/**
 * Guessing limits. Only failures count (a mistyped check character, a code that does not exist), so a
 * class behind one address can all vote; once a limit is used up, every attempt from there waits, right
 * ones too, or a guesser could tell a hit from the answer. Per network (the address's prefix, so IPv6
 * gives no fresh limit per address) and per device (the browser's long-lived random cookie, which every
 * browser is given on its first request): a student mistyping on one phone waits alone, and a whole
 * school's network waits only after far more failures than a class makes.
 *
 * There is no limit per school or per community: such a lock would let anyone shut a school out of its
 * vote with wrong guesses from a few networks, and it protects nothing. A code carries 65 random bits
 * (3.7·10¹⁹ values); even 10⁵ live codes in one community give a random guess a chance of 3·10⁻¹⁵. A
 * million networks each spending their whole limit for a month of voting (200 × 24 × 30 × 10⁶ ≈ 1.4·10¹¹
 * guesses) would expect to find 0.0004 codes. Guessing is hopeless; the limits only keep the noise down.
 */
export const GUESS_LIMITS = {
  perDevice: { max: 10, windowSeconds: 900 },
  perNetwork: { max: 200, windowSeconds: 3600 },
};

/** The device's key: a keyed hash of its cookie, so the limits table holds nothing a CSRF token is made from. */
function deviceKey(secretKey: string, browserId: string): string {
  return createHmac('sha256', secretKey).update(`school-code-device:${browserId}`).digest('base64url').slice(0, 22);
}

function limitsFor(secretKey: string, ip: string, browserId: string): Limit[] {
  return [
    { key: `school-code:fail:net:${ipPrefix(ip)}`, ...GUESS_LIMITS.perNetwork },
    { key: `school-code:fail:device:${deviceKey(secretKey, browserId)}`, ...GUESS_LIMITS.perDevice },
  ];
}

/** Checks a code typed (or scanned) for this community, at a school's own entry when `expected` is given. */
export async function checkCode(
  ctx: CoreContext,
  a: { community: Community; raw: string; ip: string; browserId: string; expected: School | null },
): Promise<{ ok: true; target: CodeTarget } | { ok: false; problem: CodeProblem }> {
  const now = ctx.clock.now();
  const limits = limitsFor(ctx.config.secretKey, a.ip, a.browserId);
  for (const l of limits) {
    const r = await rateLimitExhausted(ctx.db, l, now);
    if (!r.allowed) return { ok: false, problem: { kind: 'rate-limited', retryAfterSeconds: r.retryAfterSeconds } };
  }
  const failed = async (problem: CodeProblem): Promise<{ ok: false; problem: CodeProblem }> => {
    let retry = 0;
    for (const l of limits) {
      const r = await hitRateLimit(ctx.db, l, now);
      if (!r.allowed) retry = Math.max(retry, r.retryAfterSeconds);
    }
    return { ok: false, problem: retry ? { kind: 'rate-limited', retryAfterSeconds: retry } : problem };
  };
  const parsed = parseCode(a.raw);
  if (!parsed.ok) return parsed.problem === 'check' ? failed({ kind: 'check' }) : { ok: false, problem: { kind: parsed.problem } };
  const hash = hashCode(ctx.config.secretKey, parsed.code);
  const row = await findCode(ctx.db, hash);
  if (!row) return failed({ kind: 'unknown' });
  if (row.communityId !== a.community.id || (a.expected && row.schoolId !== a.expected.id)) {
    const school = await findSchoolById(ctx.db, row.schoolId);
    const other = await ctx.db.selectFrom('communities').select('slug').where('id', '=', row.communityId).executeTakeFirst();
    return { ok: false, problem: { kind: 'other-school', school, communitySlug: other?.slug ?? null } };
  }
  if (row.voidedAt) return { ok: false, problem: { kind: 'void' } };
  if (row.usedAt) return { ok: false, problem: { kind: 'used' } };
  const [contest, school] = await Promise.all([findContest(ctx.db, row.contestId), findSchoolById(ctx.db, row.schoolId)]);
  if (!contest || !school) return { ok: false, problem: { kind: 'unknown' } };
  if (!participationOpen(a.community)) return { ok: false, problem: { kind: 'suspended' } };
  const phase = contestPhase(contest, now);
  if (phase === 'announced' || phase === 'submission' || phase === 'support' || phase === 'review') return { ok: false, problem: { kind: 'not-yet', contest } };
  if (phase !== 'voting') return { ok: false, problem: { kind: 'closed', contest } };
  return { ok: true, target: { code: parsed.code, hash, school, contest } };
}

/** Ballot times are kept to the hour, as the code's `used_at` is: a minute would link the two. */
export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);
}

export type CastOutcome = { ok: true; receipt: string } | { ok: false; problem: 'used' | 'void' };

/** Takes the code and casts the ballot together: of any number of attempts with one code, one counts. */
export async function castWithCode(ctx: CoreContext, a: { target: CodeTarget; choices: { projectId: number; categoryId: number }[] }): Promise<CastOutcome> {
  const at = hourOf(ctx.clock.now());
  return inTransaction(ctx.db, async (trx) => {
    if (!(await takeCode(trx, { hash: a.target.hash, contestId: a.target.contest.id, at }))) {
      const row = await schoolTables(trx).selectFrom('school_codes').select('voided_at').where('code_hash', '=', a.target.hash).executeTakeFirst();
      return { ok: false, problem: row?.voided_at ? 'void' : 'used' };
    }
    // A random key: the ballot stands alone, and the engine's one-per-voter rule never joins two students.
    const out = await castBallot(trx, { contest: a.target.contest, voterKey: `code:${randomBytes(16).toString('hex')}`, channel: 'code', age: null, choices: a.choices, now: at });
    if (out.outcome !== 'accepted') throw new Error('a fresh voter key cannot be a duplicate');
    return { ok: true, receipt: out.receipt };
  });
}

export function codeProblemText(p: CodeProblem, lang: Lang): string {
  const uk = lang === 'uk';
  switch (p.kind) {
    case 'empty':
      return uk ? 'Введіть код з аркуша, наприклад 7K3M-9QXP-2HZD-4T' : 'Type the code from your slip, like 7K3M-9QXP-2HZD-4T';
    case 'format':
      return uk
        ? 'Код має 14 знаків — латинські літери й цифри, як на аркуші: 7K3M-9QXP-2HZD-4T. Дефіси й пробіли можна не вводити.'
        : 'A code has 14 characters, Latin letters and digits, as on the slip: 7K3M-9QXP-2HZD-4T. Dashes and spaces are optional.';
    case 'check':
      return uk
        ? 'У коді помилка: перевірте кожен знак. Мабуть, якусь літеру чи цифру переплутано або два знаки переставлено.'
        : 'The code has a typo: check every character. A letter or digit may be mistyped, or two characters swapped.';
    case 'unknown':
      return uk ? 'Такого коду немає. Перевірте, чи правильно його введено, або зверніться до шкільного модератора.' : 'There is no such code. Check that you typed it right, or ask your school moderator.';
    case 'used':
      return uk ? 'Цей код уже використано: кожен код діє лише один раз. Якщо ви не голосували, зверніться до шкільного модератора.' : 'This code has already been used: each code works once. If you did not vote, ask your school moderator.';
    case 'void':
      return uk ? 'Цей код анульовано. Зверніться до шкільного модератора по новий.' : 'This code has been voided. Ask your school moderator for a new one.';
    case 'other-school':
      return p.school
        ? uk
          ? `Цей код — для іншого закладу освіти: «${p.school.name}». Голосуйте на сторінці свого закладу.`
          : `This code belongs to another school: «${p.school.name}». Vote on your own school's page.`
        : uk
          ? 'Цей код — для іншого закладу освіти.'
          : 'This code belongs to another school.';
    case 'not-yet':
      return uk
        ? `Голосування ще не почалося: воно триватиме з ${formatKyivDate(p.contest.dates.votingFrom, 'uk')} по ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'uk')}. Збережіть код до того часу.`
        : `Voting has not started: it runs from ${formatKyivDate(p.contest.dates.votingFrom, 'en')} to ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'en')}. Keep your code until then.`;
    case 'closed':
      return uk
        ? `Голосування вже завершилося (останній день — ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'uk')}). Результати — на сторінці закладу.`
        : `Voting is over (the last day was ${formatKyivDate(new Date(p.contest.dates.votingTo.getTime() - 1), 'en')}). See the results on the school's page.`;
    case 'suspended':
      return uk ? 'Участь у цій громаді тимчасово призупинено.' : 'Participation in this community is suspended for now.';
    case 'rate-limited': {
      const minutes = Math.max(1, Math.ceil(p.retryAfterSeconds / 60));
      return uk ? `Забагато невдалих спроб з цього пристрою чи мережі. Спробуйте знову через ${minutes} хв.` : `Too many failed attempts from this device or network. Try again in ${minutes} min.`;
    }
  }
}

/** The HTTP status of each refusal: bad input 400, gone 409, waiting 429. */
export function codeProblemStatus(p: CodeProblem): number {
  switch (p.kind) {
    case 'rate-limited':
      return 429;
    case 'used':
    case 'void':
    case 'not-yet':
    case 'closed':
    case 'suspended':
      return 409;
    default:
      return 400;
  }
}
