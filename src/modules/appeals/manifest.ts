/**
 * Appeals to the council («Звернутися до влади», Law of Ukraine «Про звернення громадян»): a resident
 * writes on the web or through the chat-bot, the community's staff answer from a queue with the law's
 * deadlines, and the answer goes back by e-mail and into the chat. Appeals are never public.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { pick } from '../../core/i18n/index.js';
import { appealsMigrations } from './migrations.js';
import { registerPublicRoutes } from './routes/public.js';
import { registerManageRoutes } from './routes/manage.js';
import { appealsOfUser, countAppeals, unlinkAppealsOfUser } from './repository.js';
import { STATUS_LABEL, TOPICS, isTopic } from './rules.js';
import { appealsToolStats } from './stats.js';
import { seedAppeals } from './demo.js';

export const appealsModule: ModuleManifest = {
  id: 'appeals',
  name: { uk: 'Звернення до влади', en: 'Appeals to the council' },
  migrations: appealsMigrations,
  routes(app, ctx) {
    registerPublicRoutes(app, ctx);
    registerManageRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'Звернутися до влади', en: 'Write to the council' }, path: '/appeals/new' }],
  manageLinks: [{ label: { uk: 'Звернення громадян: черга', en: 'Citizens’ appeals: queue' }, path: '/manage/appeals' }],
  permissions: {
    'appeals.file': {
      uk: 'Звернутися до влади громади (увійшовши, від свого імені; анонімні звернення не розглядаються)',
      en: 'Write to the community’s council (signed in, in one’s own name; anonymous appeals are not considered)',
    },
    'appeals.answer': {
      uk: 'Взяти звернення в роботу, продовжити його термін із причиною, відповісти — модератор петицій або адміністратор громади',
      en: 'Take an appeal, extend its term with a reason, answer it (the petitions moderator or the administrator of the community)',
    },
  },
  async cabinet(ctx, viewer, lang) {
    const mine = await appealsOfUser(ctx.db, viewer.id);
    return {
      title: lang === 'uk' ? 'Мої звернення до влади' : 'My appeals to the council',
      empty: lang === 'uk' ? 'Ви ще не зверталися до влади.' : 'You have not written to a council yet.',
      items: mine.map((a) => ({
        label: `№${a.number}. ${isTopic(a.topic) ? pick(TOPICS[a.topic], lang) : a.topic}`,
        href: `/${a.slug}/appeals/${a.id}`,
        meta: `${pick(STATUS_LABEL[a.status], lang)} · ${formatKyivDate(a.receivedAt, lang)}`,
      })),
    };
  },
  stats: appealsToolStats,
  async statistics(ctx, scope) {
    const s = await countAppeals(ctx.db, { communityIds: scope.communityId === null ? null : [scope.communityId], from: null, to: null, now: ctx.clock.now() });
    return [{ key: 'appeals.received', label: { uk: 'звернень до влади', en: 'appeals to councils' }, value: s.received }];
  },
  accountDeletion: {
    kept: [
      {
        uk: 'Ваші звернення до влади й відповіді на них лишаються в громаді як її документи (закон «Про звернення громадян»), без звʼязку з обліковим записом.',
        en: 'Your appeals to councils and their answers stay with the community as its records (the law on citizens’ appeals), without the link to your account.',
      },
    ],
    run: unlinkAppealsOfUser,
  },
  demo: seedAppeals,
};
