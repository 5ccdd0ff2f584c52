/**
 * School participatory budget (шкільний громадський бюджет): each school of a community has its own
 * contest on the participatory budget's contest engine (owner 'school:<id>'), students vote with one-time
 * codes from a printed sheet, results per school with the engine's tallies.
 */
import { allTime, countTotal } from '../../core/stats-counters/index.js';
import { sql } from 'kysely';
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { registerMultipart } from '../../core/http/uploads.js';
import { contestPhase, PHASE_LABELS, publishResults, findContest } from '../budgets/index.js';
import { schoolBudgetMigrations } from './migrations.js';
import { registerSchoolPublicRoutes } from './routes/public.js';
import { registerSchoolManageRoutes } from './routes/manage.js';
import { schoolDatasets, schoolStats } from './stats.js';
import { seedSchoolBudget } from './demo.js';
import { schoolSitemap } from './sitemap.js';
import { currentContest, currentContests } from './access.js';
import { findSchool, listSchools } from './repository.js';
import { schoolTables } from './tables.js';

export const schoolBudgetModule: ModuleManifest = {
  id: 'school-budget',
  tool: 'school-budget',
  name: { uk: 'Шкільний громадський бюджет', en: 'School participatory budget' },
  migrations: schoolBudgetMigrations,
  async routes(app, ctx) {
    await registerMultipart(app);
    registerSchoolPublicRoutes(app, ctx);
    registerSchoolManageRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Шкільний бюджет', en: 'School budget' }, path: '/school-budget' }],
  manageLinks: [{ label: { uk: 'Шкільний бюджет: заклади й поступ', en: 'School budget: schools and progress' }, path: '/manage/school-budget' }],
  permissions: {
    'school-budget.vote': {
      uk: 'Проголосувати одноразовим кодом свого закладу (без облікового запису)',
      en: 'Vote with a one-time code of one’s school (no account needed)',
    },
    'school-budget.school': {
      uk: 'Шкільний модератор: оголошувати конкурс закладу, вносити проєкти учнів, створювати, друкувати й анулювати коди, оприлюднювати результати',
      en: 'School moderator: set up the school’s contest, enter students’ projects, make, print and void codes, publish results',
    },
    'school-budget.moderate': {
      uk: 'Модератор громади (управління освіти): додавати заклади, запрошувати шкільних модераторів, бачити поступ усіх закладів і діяти за будь-який',
      en: 'Community moderator (education department): add schools, invite school moderators, see every school’s progress and act for any',
    },
  },
  async liveSummary(ctx, community, lang) {
    const now = ctx.clock.now();
    const schools = await listSchools(ctx.db, community.id);
    const voting = (await currentContests(ctx, schools))
      .filter(({ contest }) => contest && contestPhase(contest, now) === 'voting')
      .map(({ school }) => school.name);
    if (voting.length === 0) return null;
    const uk = lang === 'uk';
    return {
      lines: voting.map((name) => (uk ? `${name}: голосування учнів триває` : `${name}: students are voting`)),
      link: { label: uk ? 'Проголосувати за кодом' : 'Vote with a code', href: `/${community.slug}/school-budget/vote` },
    };
  },
  /** A school moderator's way back to their schools: each with its current contest's phase. */
  async cabinet(ctx, viewer, lang) {
    const grants = viewer.roles.filter((r) => r.role === 'school_moderator' && r.communityId !== null && r.scope);
    if (!grants.length) return null;
    const now = ctx.clock.now();
    const items = [];
    for (const g of grants) {
      const [community, school] = await Promise.all([
        ctx.db.selectFrom('communities').select(['slug', 'name_uk', 'name_en']).where('id', '=', g.communityId!).executeTakeFirst(),
        findSchool(ctx.db, g.communityId!, g.scope!),
      ]);
      if (!community || !school) continue;
      const contest = await currentContest(ctx, school);
      const phase = contest ? PHASE_LABELS[contestPhase(contest, now)][lang] : lang === 'uk' ? 'конкурсу ще немає' : 'no contest yet';
      items.push({
        label: school.name,
        href: `/${community.slug}/manage/school-budget/schools/${school.slug}`,
        meta: `${lang === 'uk' ? community.name_uk : community.name_en} · ${phase}`,
      });
    }
    return {
      title: lang === 'uk' ? 'Мої заклади освіти (шкільний бюджет)' : 'My schools (school budget)',
      empty: lang === 'uk' ? 'Закладів не знайдено.' : 'No schools found.',
      items,
    };
  },
  async statistics(ctx, scope) {
    let schools = schoolTables(ctx.db)
      .selectFrom('school_schools')
      .select(sql<number>`count(*)::int`.as('n'));
    if (scope.communityId !== null) schools = schools.where('community_id', '=', scope.communityId);
    const [s, votes] = await Promise.all([
      schools.executeTakeFirstOrThrow(),
      countTotal(ctx.db, allTime(scope.communityId), { tool: 'school-budget', metric: 'ballots' }),
    ]);
    return [
      { key: 'school-budget-schools', label: { uk: 'закладів освіти в шкільному бюджеті', en: 'schools in the school budget' }, value: s.n },
      { key: 'school-budget-votes', label: { uk: 'голосів учнів', en: 'students’ votes' }, value: votes },
    ];
  },
  stats: schoolStats,
  openData: schoolDatasets,
  sitemap: schoolSitemap,
  /** Results go public on the contest's results day even if nobody pressed the button; idempotent on every instance. */
  async tick(ctx, now) {
    const due = await schoolTables(ctx.db)
      .selectFrom('school_contests as sc')
      .innerJoin('budget_contests as k', 'k.id', 'sc.contest_id')
      .select('k.id')
      .where('k.results_published_at', 'is', null)
      .where('k.results_from', '<=', now)
      .limit(100)
      .execute();
    for (const r of due) {
      const contest = await findContest(ctx.db, r.id);
      if (contest) await publishResults(ctx.db, { contest, actorUserId: null, now });
    }
  },
  demo: seedSchoolBudget,
};
