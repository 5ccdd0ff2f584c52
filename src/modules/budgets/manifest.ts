/**
 * Participatory budget (громадський бюджет): contests, projects, voting through every channel, exact
 * tallies, implementation. The contest engine in ./engine is also what the school budget uses.
 */
import { allTime, countTotal } from '../../core/stats-counters/index.js';
import { budgetSitemap } from './sitemap.js';
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { budgetSiteBlock } from './site-block.js';
import { hasRowIn } from '../../core/moderation/participation.js';
import { formatKyivDateTime } from '../../core/calendar/index.js';
import { budgetMigrations } from './migrations.js';
import { registerBudgetPublicRoutes } from './routes/public.js';
import { budgetDeadlines, budgetFollowEvents, registerBudgetFeedRoutes } from './routes/feeds.js';
import { registerBudgetManageRoutes } from './routes/manage.js';
import { registerBudgetApiRoutes } from './routes/api.js';
import { registerBudgetCountsApi } from './routes/counts-api.js';
import { registerMultipart } from '../../core/http/uploads.js';
import { budgetDatasets, budgetStats } from './stats.js';
import { seedBudgets } from './demo.js';
import { contestPhase } from './service/contests.js';
import { listContests } from './repository/contests.js';
import { findComment, findProject } from './repository/projects.js';
import { PHASE_LABELS, STATUS_LABELS } from './rules.js';
import { tables } from './tables.js';
import { draftFirstContest } from './service/first-contest.js';
import { collapseLinkedBallots } from './service/linking.js';
import { OWNER, voterKeyOf } from './access.js';
import { ballotsOf } from './repository/ballots.js';
import { ballotReceiptsOf } from './repository/ballots.js';
import { backfillBallots } from './service/ballots.js';

export const budgetsModule: ModuleManifest = {
  id: 'budgets',
  tool: 'budgets',
  name: { uk: 'Громадський бюджет', en: 'Participatory budget' },
  migrations: budgetMigrations,
  async routes(app, ctx) {
    // One scope for the public and the moderator's pages, so both read multipart forms the same way.
    await registerMultipart(app);
    registerBudgetPublicRoutes(app, ctx);
    registerBudgetFeedRoutes(app, ctx);
    registerBudgetManageRoutes(app, ctx);
    registerBudgetApiRoutes(app, ctx);
    registerBudgetCountsApi(app, ctx);
  },
  navigation: [{ label: { uk: 'Громадський бюджет', en: 'Participatory budget' }, path: '/budgets' }],
  deadlines: budgetDeadlines,
  followEvents: budgetFollowEvents,
  sitemap: budgetSitemap,
  manageLinks: [
    { label: { uk: 'Громадський бюджет: конкурси', en: 'Participatory budget: contests' }, path: '/manage/budgets' },
    { label: { uk: 'Термінали й чат-боти для голосування', en: 'Voting terminals and chat-bots' }, path: '/manage/budgets/channels' },
  ],
  permissions: {
    'budgets.propose': {
      uk: 'Подати проєкт, змінити свій проєкт до розгляду, підтримати проєкт (за правилами конкурсу: вхід, проживання, вік)',
      en: 'Submit a project, change one’s own before review, support a project (by the contest rules: sign-in, residence, age)',
    },
    'budgets.comment': { uk: 'Коментувати проєкт (увійшовши, без обмеження в громаді)', en: 'Comment on a project (signed in, not blocked in the community)' },
    'budgets.vote': {
      uk: 'Проголосувати один раз у конкурсі (онлайн, через термінал, чат-бот чи на папері)',
      en: 'Vote once per contest (online, terminal, chat-bot or paper)',
    },
    'budgets.channel': {
      uk: 'Надіслати бюлетень особи, яку встановив канал голосування (термінал, чат-бот), з ключем каналу від модератора',
      en: 'Send the ballot of a person a voting channel (terminal, chat-bot) has identified, with the channel key the moderator issued',
    },
    'budgets.moderate': {
      uk: 'Налаштовувати конкурси, розглядати проєкти, вносити паперові проєкти й бюлетені, керувати ключами каналів, оприлюднювати результати й реалізацію',
      en: 'Set up contests, review projects, enter paper projects and ballots, manage channel keys, publish results and implementation',
    },
  },
  siteBlock: budgetSiteBlock,
  async liveSummary(ctx, community, lang) {
    const now = ctx.clock.now();
    const contests = await listContests(ctx.db, community.id, { owner: OWNER, publishedOnly: true });
    const live = contests.filter((c) => ['submission', 'support', 'voting'].includes(contestPhase(c, now)));
    if (live.length === 0) return null;
    const lines = live.map((c) => `${c.title}: ${PHASE_LABELS[contestPhase(c, now)][lang].toLocaleLowerCase(lang === 'uk' ? 'uk-UA' : 'en-GB')}`);
    const first = live[0]!;
    return { lines, link: { label: lang === 'uk' ? 'До конкурсу' : 'Open the contest', href: `/${community.slug}/budgets/${first.id}` } };
  },
  async receipts(ctx, viewer, lang) {
    return (await ballotReceiptsOf(ctx.db, await voterKeyOf(ctx, viewer))).map((r) => ({
      receipt: r.receipt,
      label: `${lang === 'uk' ? 'Бюлетень' : 'Ballot'}: ${r.title}`,
      at: r.castAt,
    }));
  },
  async cabinet(ctx, viewer, lang) {
    const rows = await tables(ctx.db)
      .selectFrom('budget_projects as p')
      .innerJoin('communities as c', 'c.id', 'p.community_id')
      .select(['p.id', 'p.contest_id', 'p.title', 'p.status', 'p.updated_at', 'c.slug'])
      .where('p.author_user_id', '=', viewer.id)
      .orderBy('p.id', 'desc')
      .limit(20)
      .execute();
    const ballots = await ballotsOf(ctx.db, await voterKeyOf(ctx, viewer), OWNER);
    const projects = {
      title: lang === 'uk' ? 'Мої проєкти громадського бюджету' : 'My participatory budget projects',
      empty: lang === 'uk' ? 'Ви ще не подавали проєктів.' : 'You have not submitted any projects.',
      items: rows.map((r) => ({
        label: r.title,
        href: `/${r.slug}/budgets/${r.contest_id}/projects/${r.id}`,
        meta: `${STATUS_LABELS[r.status][lang]} · ${formatKyivDateTime(r.updated_at, lang)}`,
      })),
    };
    // The person's ballots: each leads to its receipt, to keep or print.
    const mine = {
      title: lang === 'uk' ? 'Мої бюлетені громадського бюджету' : 'My participatory budget ballots',
      empty: lang === 'uk' ? 'Ви ще не голосували.' : 'You have not voted yet.',
      items: ballots.map((b) => ({
        label: b.title,
        href: `/${b.slug}/budgets/${b.contestId}/vote/receipt`,
        meta: `${lang === 'uk' ? 'бюлетень' : 'ballot'} ${b.receipt} · ${formatKyivDateTime(b.castAt, lang)}`,
      })),
    };
    return [projects, mine];
  },
  async statistics(ctx, scope) {
    // School contests use the same tables; their figures are the school budget's own.
    const own = tables(ctx.db).selectFrom('budget_contests').select('id').where('owner', '=', OWNER);
    let pq = tables(ctx.db).selectFrom('budget_projects').where('status', '=', 'admitted').where('contest_id', 'in', own);
    if (scope.communityId !== null) pq = pq.where('community_id', '=', scope.communityId);
    const [ballots, p] = await Promise.all([
      countTotal(ctx.db, allTime(scope.communityId), { tool: 'budgets', metric: 'ballots' }),
      pq.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return [
      { key: 'budget-projects', label: { uk: 'проєктів громадського бюджету', en: 'budget projects' }, value: Number(p.n) },
      { key: 'budget-ballots', label: { uk: 'бюлетенів за проєкти', en: 'budget ballots' }, value: ballots },
    ];
  },
  stats: budgetStats,
  openData: budgetDatasets,
  demo: seedBudgets,
  content: {
    async budget_comment(db, id) {
      if (!/^\d{1,9}$/.test(id)) return null;
      const cm = await findComment(db, Number(id));
      if (!cm) return null;
      const x = await findProject(db, cm.projectId);
      const c = await db.selectFrom('communities').select('slug').where('id', '=', cm.communityId).executeTakeFirst();
      if (!x || !c) return null;
      return {
        communityId: cm.communityId,
        authorUserId: cm.authorUserId,
        excerpt: cm.body,
        url: `/${c.slug}/budgets/${x.contestId}/projects/${x.id}#comment-${cm.id}`,
        public: x.status !== 'draft',
      };
    },
  },
  async participatedIn(db, communityId, userId) {
    return (
      (await hasRowIn(db, 'budget_projects', 'author_user_id', communityId, userId)) || hasRowIn(db, 'budget_comments', 'author_user_id', communityId, userId)
    );
  },
  accountDeletion: {
    kept: [
      {
        uk: 'Ваш бюлетень у конкурсі (без імені: лише знеособлений ключ), щоб підсумки не змінилися.',
        en: 'Your ballot in a contest (no name, only an anonymous key), so the results do not change.',
      },
      {
        uk: 'Подані вами проєкти та ваші коментарі — без вашого імені й контактів.',
        en: 'The projects you submitted and your comments, without your name and contacts.',
      },
    ],
    async run(db, userId) {
      await tables(db)
        .updateTable('budget_projects')
        .set({ author_user_id: null, author_name: '', author_email: null, author_phone: null })
        .where('author_user_id', '=', userId)
        .execute();
      await tables(db).updateTable('budget_comments').set({ author_user_id: null, author_name: '' }).where('author_user_id', '=', userId).execute();
      await tables(db).updateTable('budget_supports').set({ user_id: null }).where('user_id', '=', userId).execute();
    },
  },
  /** A newly connected community's budget conditions become a draft of its first contest. */
  async onCommunityConnected(db, c) {
    if (!c.tools.includes('budgets') || !c.conditions.budget) return;
    return {
      firstContestId: await draftFirstContest(db, { communityId: c.community.id, conditions: c.conditions.budget, actorUserId: c.actorUserId, now: c.now }),
    };
  },
  /** An e-mail account was linked to its identity: double ballots (any contest, schools' too) collapse to the earliest. */
  onIdentityLinked: collapseLinkedBallots,
  logBackfill: backfillBallots,
};
