/** School budget figures for the statistics module and its open datasets (no codes, no ballots of anyone). */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, Statistic, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { RULE_FIELD, VERDICT_FIELDS, findContests, fundedOf, uahText, verdictColumns, withPublicResults } from '../budgets/index.js';
import { schoolTables } from './tables.js';
import { counted, orNone, scopeIds, perCommunityOf, series } from '../../core/stats-counters/index.js';

/** School contests (ids) whose voting starts in the period, within the communities of the scope. */
async function contestsOf(ctx: CoreContext, s: StatsScope): Promise<number[]> {
  let q = schoolTables(ctx.db)
    .selectFrom('school_contests as sc')
    .innerJoin('budget_contests as k', 'k.id', 'sc.contest_id')
    .select('k.id')
    .where('k.voting_from', '>=', s.from)
    .where('k.voting_from', '<', s.to);
  const ids = scopeIds(s);
  if (ids) q = q.where('k.community_id', 'in', ids);
  return (await q.execute()).map((r) => r.id);
}

export async function schoolStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const db = schoolTables(ctx.db);
  const ids = await contestsOf(ctx, s);
  const inContests = orNone(ids);
  const communityIds = scopeIds(s);
  let schoolsQ = db.selectFrom('school_schools').select(sql<number>`count(*)::int`.as('n'));
  if (communityIds) schoolsQ = schoolsQ.where('community_id', 'in', communityIds);
  // Votes are every code ballot cast in the period, from the counters their triggers keep.
  const [schools, projects, ballots, codes] = await Promise.all([
    schoolsQ.executeTakeFirstOrThrow(),
    db
      .selectFrom('budget_projects')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('contest_id', 'in', inContests)
      .where('status', '=', 'admitted')
      .executeTakeFirstOrThrow(),
    counted(ctx.db, s, { tool: 'school-budget', metric: 'ballots' }),
    db
      .selectFrom('school_codes')
      .select([sql<number>`count(*)::int`.as('issued'), sql<number>`count(voided_at)::int`.as('voided')])
      .where('contest_id', 'in', inContests)
      .executeTakeFirstOrThrow(),
  ]);
  const votes = ballots.total;
  const contests = await findContests(ctx.db, ids);
  const funded = (await fundedOf(ctx, contests)).count;
  const handedOut = codes.issued - codes.voided;
  const figures: Statistic[] = [
    { key: 'schools', label: { uk: 'Закладів освіти', en: 'Schools' }, value: schools.n },
    { key: 'contests', label: { uk: 'Шкільних конкурсів', en: 'School contests' }, value: contests.length },
    { key: 'projects', label: { uk: 'Проєктів у бюлетенях', en: 'Projects on ballots' }, value: projects.n },
    { key: 'votes', label: { uk: 'Голосів учнів', en: 'Students’ votes' }, value: votes },
    { key: 'codes', label: { uk: 'Кодів видано', en: 'Codes handed out' }, value: handedOut },
    {
      key: 'turnout-percent',
      label: { uk: 'Явка, % від виданих кодів', en: 'Turnout, % of codes handed out' },
      value: handedOut > 0 ? Math.round((votes / handedOut) * 100) : 0,
    },
    { key: 'projects-funded', label: { uk: 'Проєктів-переможців', en: 'Projects funded' }, value: funded },
  ];
  return {
    figures,
    monthly: [series('votes', 'Голоси учнів за місяцями', 'Students’ votes by month', ballots.monthly)],
    ...perCommunityOf(ballots, 'Голоси учнів за період', 'Students’ votes in the period'),
    // Every code ballot is one student's: a code votes once.
    participants: votes,
  };
}

export const schoolDatasets: OpenDataset[] = [
  {
    id: 'school-budget-projects',
    title: { uk: 'Проєкти шкільного громадського бюджету', en: 'School participatory budget projects' },
    description: {
      uk: 'Проєкти учнів у бюлетенях шкільних конкурсів: заклад, конкурс, клас авторів, вартість. Без імен учнів.',
      en: 'Students’ projects on the ballots of school contests: school, contest, authors’ class, cost. No students’ names.',
    },
    fields: columns([
      'community string | Громада | Community (slug)',
      'school string | Заклад освіти (адреса сторінки) | School (page address)',
      'school_name string | Назва закладу | School name',
      'school_kind string | Тип: school, gymnasium, lyceum | Kind: school, gymnasium, lyceum',
      'contest_id integer | Номер конкурсу | Contest number',
      'contest string | Назва конкурсу | Contest title',
      'project_id integer | Номер проєкту | Project number',
      'code string | Код у бюлетені | Ballot code',
      'title string | Назва проєкту | Project title',
      'author_class string | Клас авторів | Authors’ class',
      'cost_uah number | Вартість, грн (точно до копійки) | Cost, UAH (to the kopiyka)',
    ]),
    async rows(ctx, communityId) {
      let q = schoolTables(ctx.db)
        .selectFrom('budget_projects as p')
        .innerJoin('school_contests as sc', 'sc.contest_id', 'p.contest_id')
        .innerJoin('budget_contests as k', 'k.id', 'p.contest_id')
        .innerJoin('school_schools as s', 's.id', 'sc.school_id')
        .innerJoin('communities as c', 'c.id', 'p.community_id')
        .leftJoin('school_projects as sp', 'sp.project_id', 'p.id')
        .select([
          'c.slug as community',
          's.slug as school',
          's.name as school_name',
          's.kind',
          'k.id as contest_id',
          'k.title as contest',
          'p.id',
          'p.code',
          'p.title',
          'sp.author_class',
          'p.cost',
        ])
        .where('p.status', '=', 'admitted')
        .where('k.published', '=', true)
        .orderBy('p.id');
      if (communityId !== null) q = q.where('p.community_id', '=', communityId);
      return (await q.execute()).map((r) => ({
        community: r.community,
        school: r.school,
        school_name: r.school_name,
        school_kind: r.kind,
        contest_id: r.contest_id,
        contest: r.contest,
        project_id: r.id,
        code: r.code,
        title: r.title,
        author_class: r.author_class,
        cost_uah: uahText(r.cost),
      }));
    },
  },
  {
    id: 'school-budget-results',
    title: { uk: 'Результати шкільного громадського бюджету', en: 'School participatory budget results' },
    description: {
      uk: 'Для кожного оприлюдненого шкільного конкурсу: голоси за кожен проєкт, місце, чи профінансовано, бюджет школи, явка. Підраховано з бюлетенів точно.',
      en: 'For every published school contest: votes per project, place, funded or not, the school budget, turnout. Counted exactly from the ballots.',
    },
    fields: columns([
      'community string | Громада | Community (slug)',
      'school string | Заклад освіти (адреса сторінки) | School (page address)',
      'contest_id integer | Номер конкурсу | Contest number',
      RULE_FIELD,
      'school_budget_uah number | Бюджет школи, грн | School budget, UAH',
      'ballots integer | Бюлетенів у конкурсі | Ballots in the contest',
      'codes_handed_out integer | Кодів видано (без анульованих) | Codes handed out (voided ones excluded)',
      'project_id integer | Номер проєкту | Project number',
      'title string | Назва проєкту | Project title',
      ...VERDICT_FIELDS,
    ]),
    async rows(ctx, communityId) {
      let q = schoolTables(ctx.db)
        .selectFrom('school_contests as sc')
        .innerJoin('budget_contests as k', 'k.id', 'sc.contest_id')
        .innerJoin('school_schools as s', 's.id', 'sc.school_id')
        .innerJoin('communities as c', 'c.id', 'k.community_id')
        .select(['k.id', 'c.slug', 's.slug as school'])
        .where('k.results_published_at', 'is not', null)
        .orderBy('k.id');
      if (communityId !== null) q = q.where('k.community_id', '=', communityId);
      const out: Record<string, string | number | boolean | null>[] = [];
      for (const { row, contest, lines } of await withPublicResults(ctx, await q.execute())) {
        const [ballots, codes] = await Promise.all([
          schoolTables(ctx.db)
            .selectFrom('budget_ballots')
            .select(sql<number>`count(*)::int`.as('n'))
            .where('contest_id', '=', contest.id)
            .executeTakeFirstOrThrow(),
          schoolTables(ctx.db)
            .selectFrom('school_codes')
            .select(sql<number>`(count(*) - count(voided_at))::int`.as('n'))
            .where('contest_id', '=', contest.id)
            .executeTakeFirstOrThrow(),
        ]);
        for (const { category, project: x, line } of lines) {
          out.push({
            community: row.slug,
            school: row.school,
            contest_id: contest.id,
            rule: contest.winnerRule,
            school_budget_uah: uahText(category.budget),
            ballots: ballots.n,
            codes_handed_out: codes.n,
            project_id: x.id,
            title: x.title,
            ...verdictColumns(line),
          });
        }
      }
      return out;
    },
  },
];
