/**
 * The smallest module: a community notice board. It exists to prove the manifest: routes, navigation,
 * permissions, cabinet, statistics, demo data, moderated content and account deletion.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { hasRowIn } from '../../core/moderation/participation.js';
import { formatKyivDateTime } from '../../core/calendar/index.js';
import { plural } from '../../core/i18n/index.js';
import { noticesMigrations } from './migrations.js';
import { registerNoticeRoutes } from './routes/public.js';
import { registerNoticeFeedRoutes } from './routes/feeds.js';
import { anonymizeAuthor, countNotices, findNotice, noticesOfAuthor } from './repository.js';
import { seedNotices } from './demo.js';

export const noticesModule: ModuleManifest = {
  id: 'notices',
  name: { uk: 'Оголошення громади', en: 'Community notices' },
  migrations: noticesMigrations,
  routes(app, ctx) {
    registerNoticeRoutes(app, ctx);
    registerNoticeFeedRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Оголошення', en: 'Notices' }, path: '/notices' }],
  permissions: {
    'notices.post': { uk: 'Опублікувати оголошення (увійшовши, без обмеження в громаді)', en: 'Post a notice (signed in, not blocked in the community)' },
  },
  async cabinet(ctx, viewer, lang) {
    const mine = await noticesOfAuthor(ctx.db, viewer.id);
    return {
      title: lang === 'uk' ? 'Мої оголошення' : 'My notices',
      empty: lang === 'uk' ? 'Ви ще не публікували оголошень.' : 'You have not posted any notices.',
      items: mine.map((n) => ({
        label: n.body.length > 60 ? `${n.body.slice(0, 60)}…` : n.body,
        href: `/${n.slug}/notices#notice-${n.id}`,
        meta: formatKyivDateTime(n.createdAt, lang),
      })),
    };
  },
  async statistics(ctx, scope) {
    return [{ key: 'notices', label: { uk: 'оголошень мешканців', en: 'notices by residents' }, value: await countNotices(ctx.db, scope.communityId) }];
  },
  async liveSummary(ctx, community, lang) {
    const n = await countNotices(ctx.db, community.id, new Date(ctx.clock.now().getTime() - 30 * 86_400_000));
    return n === 0
      ? null
      : { lines: [plural(n, { uk: ['нове оголошення', 'нові оголошення', 'нових оголошень'], en: ['new notice', 'new notices'] }, lang)], link: null };
  },
  content: {
    async notice(db, id) {
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const notice = await findNotice(db, n);
      if (!notice) return null;
      const c = await db.selectFrom('communities').select('slug').where('id', '=', notice.communityId).executeTakeFirstOrThrow();
      return {
        communityId: notice.communityId,
        authorUserId: notice.authorUserId,
        excerpt: notice.body,
        url: `/${c.slug}/notices#notice-${notice.id}`,
        public: true,
      };
    },
  },
  participatedIn: (db, communityId, userId) => hasRowIn(db, 'notices', 'author_user_id', communityId, userId),
  accountDeletion: {
    kept: [{ uk: 'Тексти ваших оголошень — без вашого імені.', en: 'The texts of your notices, without your name.' }],
    run: anonymizeAuthor,
  },
  demo: seedNotices,
};
