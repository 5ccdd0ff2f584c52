/**
 * Public consultations: consultations with comments, polls of four question types, and draft act
 * discussions by section, in one list with one set of rules and the core's moderation.
 */
import { allTime } from '../../core/stats-counters/index.js';
import { consultationSitemap } from './sitemap.js';
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { consultationSiteBlock } from './site-block.js';
import { hasRowIn } from '../../core/moderation/participation.js';
import { formatKyivDateTime } from '../../core/calendar/index.js';
import { plural } from '../../core/i18n/index.js';
import { consultationsMigrations } from './migrations.js';
import { registerConsultationRoutes } from './routes/public.js';
import { consultationDeadlines, consultationFollowEvents, registerConsultationFeedRoutes } from './routes/feeds.js';
import { consultationDatasets, consultationStats } from './stats.js';
import {
  anonymizeUser,
  answerReceiptsOf,
  stanceReceiptsOf,
  countActive,
  findComment,
  findItem,
  identityOf,
  participationOf,
  topicsOfAuthor,
} from './repository.js';
import { KIND_LABEL } from './rules/model.js';
import { seedConsultationsDemo } from './demo.js';
import { TOOL } from './access.js';
import { collapseLinkedActs } from './service/linking.js';
import { backfillParticipation } from './service/participation.js';

export const consultationsModule: ModuleManifest = {
  id: 'consultations',
  tool: TOOL,
  name: { uk: 'Консультації з громадськістю', en: 'Public consultations' },
  migrations: consultationsMigrations,
  async routes(app, ctx) {
    await registerConsultationRoutes(app, ctx);
    registerConsultationFeedRoutes(app, ctx);
  },
  deadlines: consultationDeadlines,
  followEvents: consultationFollowEvents,
  sitemap: consultationSitemap,
  navigation: [{ label: { uk: 'Консультації', en: 'Consultations' }, path: '/consultations' }],
  manageLinks: [
    { label: { uk: 'Консультації: усі, зокрема чернетки', en: 'Consultations: all, drafts included' }, path: '/consultations' },
    { label: { uk: 'Консультації: теми від мешканців', en: 'Consultations: topics from residents' }, path: '/consultations/topics' },
  ],
  permissions: {
    'consultations.take-part': {
      uk: 'Коментувати, підтримувати, відповідати на опитування, висловлювати позицію (за правилами кожної консультації: спосіб входу, лише мешканці, мінімальний вік)',
      en: 'Comment, support, answer polls, take stances (under each item’s rules: sign-in level, residents only, minimum age)',
    },
    'consultations.suggest-topic': {
      uk: 'Запропонувати тему (увійшовши, без обмеження в громаді)',
      en: 'Suggest a topic (signed in, not blocked in the community)',
    },
    'consultations.manage': {
      uk: 'Створювати, публікувати, достроково завершувати, публікувати підсумки, розглядати теми (модератор консультацій громади)',
      en: 'Create, publish, close early, publish outcomes, decide topics (consultations moderator of the community)',
    },
    'consultations.report': {
      uk: 'Звіт і вивантаження: модератор будь-коли, усі — після завершення',
      en: 'Report and downloads: the moderator any time, everyone after the end',
    },
  },
  siteBlock: consultationSiteBlock,
  async liveSummary(ctx, community, lang) {
    const n = await countActive(ctx.db, community.id, ctx.clock.now());
    const lines: string[] = [];
    if (n.consultation)
      lines.push(
        plural(
          n.consultation,
          { uk: ['консультація триває', 'консультації тривають', 'консультацій триває'], en: ['consultation in progress', 'consultations in progress'] },
          lang,
        ),
      );
    if (n.poll)
      lines.push(plural(n.poll, { uk: ['опитування триває', 'опитування тривають', 'опитувань триває'], en: ['poll in progress', 'polls in progress'] }, lang));
    if (n.act)
      lines.push(
        plural(
          n.act,
          {
            uk: ['обговорення НПА триває', 'обговорення НПА тривають', 'обговорень НПА триває'],
            en: ['draft act discussion in progress', 'draft act discussions in progress'],
          },
          lang,
        ),
      );
    return lines.length
      ? { lines, link: { label: lang === 'uk' ? 'До консультацій' : 'To consultations', href: `/${community.slug}/consultations?state=active` } }
      : null;
  },
  async receipts(ctx, viewer, lang) {
    const identity = await identityOf(ctx.db, viewer.id);
    const [answers, stances] = await Promise.all([answerReceiptsOf(ctx.db, identity), stanceReceiptsOf(ctx.db, identity)]);
    const labelled = (kind: string) => (r: { receipt: number; title: string; at: Date }) => ({ receipt: r.receipt, label: `${kind}: ${r.title}`, at: r.at });
    return [
      ...answers.map(labelled(lang === 'uk' ? 'Відповідь' : 'Answer')),
      ...stances.map(labelled(lang === 'uk' ? 'Позиція щодо проєкту акта' : 'Stance on a draft act')),
    ];
  },
  async cabinet(ctx, viewer, lang) {
    const items = await participationOf(ctx.db, viewer.id);
    const topics = await topicsOfAuthor(ctx.db, viewer.id);
    const status = {
      pending: lang === 'uk' ? 'на розгляді' : 'pending',
      accepted: lang === 'uk' ? 'прийнято' : 'accepted',
      declined: lang === 'uk' ? 'відхилено' : 'declined',
    };
    return {
      title: lang === 'uk' ? 'Мої консультації' : 'My consultations',
      empty: lang === 'uk' ? 'Ви ще не брали участі в консультаціях.' : 'You have not taken part in any consultation yet.',
      items: [
        ...items.map((i) => ({
          label: i.title,
          href: `/${i.slug}/consultations/${i.id}`,
          meta: `${KIND_LABEL[i.kind][lang]} · ${formatKyivDateTime(i.at, lang)}`,
        })),
        ...topics.map((x) => ({
          label: x.title,
          href: `/${x.slug}/consultations`,
          meta: `${lang === 'uk' ? 'Запропонована тема' : 'Suggested topic'}: ${status[x.status]}${x.decisionReason ? ` (${x.decisionReason})` : ''}`,
        })),
      ],
    };
  },
  stats: consultationStats,
  openData: consultationDatasets,
  async statistics(ctx, scope) {
    const s = await consultationStats(ctx, allTime(scope.communityId));
    const figure = (key: string) => s.figures.find((f) => f.key === key)?.value ?? 0;
    return [
      { key: 'consultations.consultations', label: { uk: 'консультацій проведено', en: 'consultations held' }, value: figure('consultations') },
      { key: 'consultations.polls', label: { uk: 'опитувань проведено', en: 'polls held' }, value: figure('polls') },
      { key: 'consultations.acts', label: { uk: 'обговорень проєктів актів', en: 'draft act discussions' }, value: figure('acts') },
      { key: 'consultations.participants', label: { uk: 'учасників консультацій', en: 'consultation participants' }, value: s.participants },
      { key: 'consultations.comments', label: { uk: 'коментарів у консультаціях', en: 'comments in consultations' }, value: figure('comments') },
    ];
  },
  content: {
    async 'consultation-comment'(db, id) {
      const n = /^\d{1,9}$/.test(id) ? Number(id) : 0;
      const comment = n ? await findComment(db, n) : null;
      if (!comment) return null;
      const c = await db.selectFrom('communities').select('slug').where('id', '=', comment.communityId).executeTakeFirstOrThrow();
      const item = await findItem(db, comment.communityId, comment.itemId);
      return {
        communityId: comment.communityId,
        authorUserId: comment.authorUserId,
        excerpt: comment.body,
        url: `/${c.slug}/consultations/${comment.itemId}#comment-${comment.id}`,
        public: !!item?.publishedAt,
      };
    },
  },
  async participatedIn(db, communityId, userId) {
    return (
      (await hasRowIn(db, 'consultation_comments', 'author_user_id', communityId, userId)) ||
      hasRowIn(db, 'consultation_topics', 'author_user_id', communityId, userId)
    );
  },
  accountDeletion: {
    kept: [
      { uk: 'Тексти ваших коментарів і запропонованих тем — без вашого імені.', en: 'The texts of your comments and suggested topics, without your name.' },
      {
        uk: 'Ваші відповіді на опитування й позиції — знеособлено, бо вони вже враховані в результатах.',
        en: 'Your poll answers and stances, de-identified, as they are already counted in results.',
      },
    ],
    run: anonymizeUser,
  },
  demo: seedConsultationsDemo,
  /** An e-mail account was linked to its identity: double answers, stances and supports collapse to the earliest. */
  onIdentityLinked: collapseLinkedActs,
  logBackfill: backfillParticipation,
};
