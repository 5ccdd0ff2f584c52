/** Budget figures for the statistics module and the open data catalogue. */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, Statistic, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { RULE_FIELD, VERDICT_FIELDS, fundedOf, uahText, verdictColumns, withPublicResults } from './open-data.js';
import { findContests } from './repository/contests.js';
import { ballotTotals } from './repository/ballots.js';
import { tables } from './tables.js';
import { OWNER } from './access.js';
import { counted, distinctPeople, kyivMonth, orNone, scopeIds, sumParts, perCommunityOf, series } from '../../core/stats-counters/index.js';

/** The groups `budget_age_group()` (migration budgets-002) sorts ballots into. */
const AGE_GROUPS: { key: string; uk: string; en: string }[] = [
  { key: '14-17', uk: '14–17 років', en: 'aged 14–17' },
  { key: '18-35', uk: '18–35 років', en: 'aged 18–35' },
  { key: '36-59', uk: '36–59 років', en: 'aged 36–59' },
  { key: '60+', uk: '60 років і старше', en: 'aged 60+' },
];
const CHANNELS: { key: string; uk: string; en: string }[] = [
  { key: 'web', uk: 'онлайн', en: 'online' },
  { key: 'terminal', uk: 'через термінали', en: 'at terminals' },
  { key: 'chatbot', uk: 'через чат-боти', en: 'through chat-bots' },
  { key: 'paper', uk: 'на папері', en: 'on paper' },
];

export async function budgetStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const db = tables(ctx.db);
  const ids = scopeIds(s);
  let contestsQ = db
    .selectFrom('budget_contests')
    .select('id')
    .where('owner', '=', OWNER)
    .where('published', '=', true)
    .where('voting_from', '>=', s.from)
    .where('voting_from', '<', s.to);
  if (ids) contestsQ = contestsQ.where('community_id', 'in', ids);
  const contestIds = (await contestsQ.execute()).map((r) => r.id);
  const contests = await findContests(ctx.db, contestIds);
  const projects = () => db.selectFrom('budget_projects').where('contest_id', 'in', orNone(contestIds));
  // Ballots are every ballot cast in the period (whatever month its contest began), from the counters
  // their triggers keep; the dimension is «channel|age group».
  const [proj, ballots, people, monthlyProjects, funded] = await Promise.all([
    projects()
      .select([
        sql<number>`count(*) filter (where status <> 'draft')::int`.as('submitted'),
        sql<number>`count(*) filter (where status = 'admitted')::int`.as('admitted'),
      ])
      .executeTakeFirstOrThrow(),
    counted(ctx.db, s, { tool: 'budgets', metric: 'ballots' }),
    distinctPeople(ctx.db, s, 'budgets'),
    projects()
      .where('submitted_at', 'is not', null)
      .select([kyivMonth('submitted_at').as('m'), sql<number>`count(*)::int`.as('n')])
      .groupBy(sql`1`)
      .orderBy(sql`1`)
      .execute(),
    fundedOf(ctx, contests),
  ]);
  const total = contests.reduce((sum, c) => sum + c.totalBudget, 0);
  const figures: Statistic[] = [
    { key: 'contests', label: { uk: 'Конкурсів', en: 'Contests' }, value: contests.length },
    { key: 'budget-uah', label: { uk: 'Бюджет конкурсів, грн', en: 'Contest budgets, UAH' }, value: Math.round(total / 100) },
    { key: 'projects-submitted', label: { uk: 'Проєктів подано', en: 'Projects submitted' }, value: proj.submitted },
    { key: 'projects-admitted', label: { uk: 'Проєктів допущено до голосування', en: 'Projects on the ballot' }, value: proj.admitted },
    { key: 'projects-funded', label: { uk: 'Проєктів-переможців', en: 'Projects funded' }, value: funded.count },
    { key: 'funded-uah', label: { uk: 'Профінансовано, грн', en: 'Funded, UAH' }, value: Math.round(funded.money / 100) },
    { key: 'ballots', label: { uk: 'Бюлетенів', en: 'Ballots' }, value: ballots.total },
    ...CHANNELS.map((ch) => ({
      key: `ballots-${ch.key}`,
      label: { uk: `Бюлетенів ${ch.uk}`, en: `Ballots ${ch.en}` },
      value: sumParts(ballots.parts, (channel) => channel === ch.key),
    })),
    ...AGE_GROUPS.map((g) => ({
      key: `ballots-age-${g.key}`,
      label: { uk: `Голосували: ${g.uk}`, en: `Voters ${g.en}` },
      value: sumParts(ballots.parts, (_, age) => age === g.key),
    })),
  ];
  return {
    figures,
    monthly: [
      series('ballots', 'Бюлетені за місяцями', 'Ballots by month', ballots.monthly),
      series(
        'projects',
        'Подані проєкти за місяцями',
        'Projects submitted by month',
        monthlyProjects.map((r) => ({ month: r.m, value: r.n })),
      ),
    ],
    ...perCommunityOf(ballots, 'Бюлетені за період', 'Ballots in the period'),
    participants: people,
  };
}

export const budgetDatasets: OpenDataset[] = [
  {
    id: 'budget-projects',
    title: { uk: 'Проєкти громадського бюджету', en: 'Participatory budget projects' },
    description: {
      uk: 'Усі подані проєкти: конкурс, категорія, статус розгляду, вартість, стан реалізації. Без контактів авторів.',
      en: 'Every submitted project: contest, category, review status, cost, implementation. No contacts of the authors.',
    },
    fields: columns([
      'id integer | Номер проєкту | Project number',
      'community string | Громада | Community (slug)',
      'contest_id integer | Номер конкурсу | Contest number',
      'contest string | Назва конкурсу | Contest title',
      'category string | Категорія | Category',
      'code string | Код у бюлетені | Ballot code',
      'title string | Назва | Title',
      'status string | Статус: support, review, needs_changes, admitted, rejected | Status: support, review, needs_changes, admitted, rejected',
      'cost_uah number | Вартість, грн (точно до копійки) | Cost, UAH (to the kopiyka)',
      'on_paper boolean | Подано на папері | Submitted on paper',
      'submitted_at date-time | Подано (UTC) | Submitted (UTC)',
      'implementation string | Реалізація: waiting, in_progress, done, not_done | Implementation: waiting, in_progress, done, not_done',
    ]),
    async rows(ctx, communityId) {
      let q = tables(ctx.db)
        .selectFrom('budget_projects as p')
        .innerJoin('budget_contests as k', 'k.id', 'p.contest_id')
        .innerJoin('budget_categories as g', 'g.id', 'p.category_id')
        .innerJoin('communities as c', 'c.id', 'p.community_id')
        .select([
          'p.id',
          'c.slug',
          'k.id as contest_id',
          'k.title as contest',
          'g.name as category',
          'p.code',
          'p.title',
          'p.status',
          'p.cost',
          'p.on_paper',
          'p.submitted_at',
          'p.impl_status',
        ])
        .where('p.status', '<>', 'draft')
        .where('k.published', '=', true)
        .where('k.owner', '=', OWNER)
        .orderBy('p.id');
      if (communityId !== null) q = q.where('p.community_id', '=', communityId);
      return (await q.execute()).map((r) => ({
        id: r.id,
        community: r.slug,
        contest_id: r.contest_id,
        contest: r.contest,
        category: r.category,
        code: r.code,
        title: r.title,
        status: r.status,
        cost_uah: uahText(r.cost),
        on_paper: r.on_paper,
        submitted_at: r.submitted_at?.toISOString() ?? null,
        implementation: r.status === 'admitted' ? r.impl_status : null,
      }));
    },
  },
  {
    id: 'budget-results',
    title: { uk: 'Результати голосування за громадський бюджет', en: 'Participatory budget results' },
    description: {
      uk: 'Для кожного оприлюдненого конкурсу: голоси за кожен проєкт, місце, чи профінансовано, бюджет категорії, бюлетені за рівнем входу. Підраховано з бюлетенів точно, без округлень; бюлетені, подані зі входом через ел. пошту й телефон, — лише там, де правила конкурсу їх зараховують.',
      en: 'For every published contest: votes per project, place, funded or not, the category budget, the ballots by sign-in level. Counted exactly from the ballots; those cast with e-mail and phone sign-in only where the contest rules count them.',
    },
    fields: columns([
      'community string | Громада | Community (slug)',
      'contest_id integer | Номер конкурсу | Contest number',
      RULE_FIELD,
      [
        'email_ballots_count',
        'boolean',
        'Чи зараховуються до результатів бюлетені, подані зі входом через ел. пошту й телефон (правило конкурсу)',
        'Whether ballots cast with e-mail and phone sign-in count toward the results (the contest rule)',
      ],
      [
        'ballots_idgovua',
        'integer',
        'Бюлетенів конкурсу, поданих через id.gov.ua (а також терміналами, чат-ботами й на папері)',
        'Ballots of the contest cast through id.gov.ua (and at terminals, through chat-bots and on paper)',
      ],
      [
        'ballots_email',
        'integer',
        'Бюлетенів конкурсу, поданих зі входом через ел. пошту й телефон (у голосах — лише якщо email_ballots_count)',
        'Ballots of the contest cast with e-mail and phone sign-in (in the votes only when email_ballots_count)',
      ],
      'category string | Категорія | Category',
      'category_budget_uah number | Бюджет категорії, грн | Category budget, UAH',
      'project_id integer | Номер проєкту | Project number',
      'code string | Код у бюлетені | Ballot code',
      ...VERDICT_FIELDS,
    ]),
    async rows(ctx, communityId) {
      let q = tables(ctx.db)
        .selectFrom('budget_contests as k')
        .innerJoin('communities as c', 'c.id', 'k.community_id')
        .select(['k.id', 'c.slug'])
        .where('k.owner', '=', OWNER)
        .where('k.results_published_at', 'is not', null)
        .orderBy('k.id');
      if (communityId !== null) q = q.where('k.community_id', '=', communityId);
      const results = await withPublicResults(ctx, await q.execute());
      const levels = new Map(await Promise.all(results.map(async ({ contest }) => [contest.id, (await ballotTotals(ctx.db, contest.id)).byLevel] as const)));
      return results.flatMap(({ row, contest, lines }) =>
        lines.map(({ category, project: x, line }) => ({
          community: row.slug,
          contest_id: contest.id,
          rule: contest.winnerRule,
          email_ballots_count: contest.emailCounts,
          ballots_idgovua: levels.get(contest.id)!.idgovua,
          ballots_email: levels.get(contest.id)!.email,
          category: category.name,
          category_budget_uah: uahText(category.budget),
          project_id: x.id,
          code: x.code,
          ...verdictColumns(line),
        })),
      );
    },
  },
];
