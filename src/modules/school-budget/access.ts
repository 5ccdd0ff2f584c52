/**
 * Who may do what in the school budget, on top of the core policy: the tool's local moderator (the
 * education department) manages schools and may act for any of them; a school moderator manages their own
 * school's contest, projects and codes. Students need no account: a one-time code is their right to vote.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { Viewer } from '../../core/users/viewer.js';
import type { Lang } from '../../core/i18n/index.js';
import { communityOr404, byRouteId } from '../../core/http/route-helpers.js';
import { notFound } from '../../core/http/errors.js';
import { isSchoolModerator, isToolModerator } from '../../core/permissions/policy.js';
import { findContest, listContests, type Contest, type Phase } from '../budgets/index.js';
import { findSchool, ownerOf, schoolContests, type School } from './repository.js';
import type { SchoolKind } from './tables.js';

export const TOOL = 'school-budget';

export async function schoolCommunity(ctx: CoreContext, slug: string): Promise<Community> {
  const c = await communityOr404(ctx, slug);
  if (!c.enabledTools.includes('school-budget')) throw notFound('У цій громаді шкільний громадський бюджет не ввімкнено.');
  return c;
}

/** The education department: adds schools, appoints their moderators, may act for any school. */
export function canManageTool(v: Viewer | null, c: Community): boolean {
  return isToolModerator(v, c.id, TOOL);
}

export function canManageSchool(v: Viewer | null, c: Community, s: School): boolean {
  return isSchoolModerator(v, c.id, s.slug);
}

/** Slugs of the schools this person moderates here (their own role, not the department's). */
export function ownSchoolSlugs(v: Viewer | null, c: Community): string[] {
  return (v?.roles ?? []).filter((r) => r.role === 'school_moderator' && r.communityId === c.id && r.scope).map((r) => r.scope!);
}

export async function schoolOr404(ctx: CoreContext, c: Community, slug: string): Promise<School> {
  const s = await findSchool(ctx.db, c.id, slug);
  if (!s) throw notFound('Такого закладу освіти немає.');
  return s;
}

/** A contest of this school, by id. */
export async function schoolContestOr404(ctx: CoreContext, s: School, rawId: string): Promise<Contest> {
  const contest = await byRouteId(rawId, (id) => findContest(ctx.db, id));
  if (!contest || contest.communityId !== s.communityId || contest.owner !== ownerOf(s)) throw notFound('Такого конкурсу немає.');
  return contest;
}

/** The school's current contest: the latest one. */
export async function currentContest(ctx: CoreContext, s: School): Promise<Contest | null> {
  return (await schoolContests(ctx.db, s))[0] ?? null;
}

/** Each school's current contest (or null), in one query however many schools a page lists. */
export async function currentContests(ctx: CoreContext, schools: School[]): Promise<{ school: School; contest: Contest | null }[]> {
  if (!schools.length) return [];
  const all = await listContests(ctx.db, schools[0]!.communityId, { owner: schools.map(ownerOf) });
  return schools.map((school) => ({ school, contest: all.find((k) => k.owner === ownerOf(school)) ?? null }));
}

export const KIND_LABELS: Record<SchoolKind, { uk: string; en: string }> = {
  school: { uk: 'школа', en: 'school' },
  gymnasium: { uk: 'гімназія', en: 'gymnasium' },
  lyceum: { uk: 'ліцей', en: 'lyceum' },
};

/** A school contest has no support phase, and its review is the moderator's preparation of the ballot. */
export const SCHOOL_PHASE_LABELS: Record<Phase, { uk: string; en: string }> = {
  announced: { uk: 'Оголошено', en: 'Announced' },
  submission: { uk: 'Збір проєктів', en: 'Collecting projects' },
  support: { uk: 'Збір проєктів', en: 'Collecting projects' },
  review: { uk: 'Підготовка до голосування', en: 'Preparing the vote' },
  voting: { uk: 'Голосування', en: 'Voting' },
  counting: { uk: 'Підрахунок голосів', en: 'Counting' },
  results: { uk: 'Результати', en: 'Results' },
  implementation: { uk: 'Результати', en: 'Results' },
};

export function phaseLabel(phase: Phase | null, lang: Lang): string {
  return phase ? SCHOOL_PHASE_LABELS[phase][lang] : lang === 'uk' ? 'Конкурс ще не оголошено' : 'No contest yet';
}

/** Votes are counted rows; they are shown only once voting is over, so nobody watching a screen can tell who chose what. */
export function votingOver(contest: Contest, now: Date): boolean {
  return now.getTime() >= contest.dates.votingTo.getTime();
}
