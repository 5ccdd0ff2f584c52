/**
 * Open City (Відкрите місто): residents report problems on a map, the report reaches the responsible
 * department, the department answers, the reporter confirms. Open311 GeoReport v2 for partner apps.
 */
import { allTime } from '../../core/stats-counters/index.js';
import { openCityDatasets, openCityToolStats } from './stats.js';
import { openCitySitemap } from './sitemap.js';
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { openCitySiteBlock } from './site-block.js';
import { hasRowIn } from '../../core/moderation/participation.js';
import { formatKyivDate } from '../../core/calendar/index.js';
import { plural } from '../../core/i18n/index.js';
import { openCityMigrations } from './migrations.js';
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { registerMultipart } from '../../core/http/uploads.js';
import { registerOpen311Routes } from './routes/open311.js';
import { registerPublicRoutes } from './routes/public.js';
import { openCityFollowEvents, registerOpenCityFeedRoutes } from './routes/feeds.js';
import { registerApiRoutes } from './routes/api.js';
import { registerManageRoutes } from './routes/manage.js';
import { anonymizeReporter, countReports, findReport, reportsOfReporter } from './repository.js';
import { askLongOpenReports } from './service/reporter.js';
import { STATUS_LABEL } from './rules.js';
import { seedOpenCityDemo } from './demo.js';

/** Open City's pages, its map JSON and Open311 (under /open311/v2). */
async function registerOpenCityRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  await registerMultipart(app);
  await app.register(async (scope) => registerOpen311Routes(scope, ctx), { prefix: '/open311/v2' });
  registerPublicRoutes(app, ctx);
  registerOpenCityFeedRoutes(app, ctx);
  registerApiRoutes(app, ctx);
  registerManageRoutes(app, ctx);
}

export const openCityModule: ModuleManifest = {
  id: 'open-city',
  name: { uk: 'Відкрите місто', en: 'Open City' },
  tool: 'open-city',
  migrations: openCityMigrations,
  routes: registerOpenCityRoutes,
  navigation: [{ label: { uk: 'Відкрите місто', en: 'Open City' }, path: '/open-city' }],
  manageLinks: [
    { label: { uk: 'Відкрите місто: черга звернень', en: 'Open City: report queue' }, path: '/open-city/work' },
    { label: { uk: 'Відкрите місто: категорії й підрозділи', en: 'Open City: categories and departments' }, path: '/open-city/manage#categories' },
    { label: { uk: 'Відкрите місто: ключі Open311', en: 'Open City: Open311 keys' }, path: '/open-city/manage#keys' },
    { label: { uk: 'Відкрите місто: територія громади', en: 'Open City: community territory' }, path: '/open-city/manage#territory' },
  ],
  permissions: {
    'open-city.report': {
      uk: 'Подати звернення, підтримати наявне (увійшовши; вхід поштою — якщо громада дозволяє)',
      en: 'File a report, support one (signed in; e-mail sign-in where the community allows)',
    },
    'open-city.moderate': {
      uk: 'Налаштувати категорії та їхні підрозділи, територію, ключі Open311 (модератор Відкритого міста)',
      en: 'Set the categories and their departments, the territory, Open311 keys (Open City moderator)',
    },
    'open-city.execute': {
      uk: 'Працювати зі зверненням: статус, відповідь, фото, нотатки, передача — виконавець зі зверненнями свого підрозділу, модератор Відкритого міста з будь-якими (лише він перевіряє нові, відхиляє, позначає дублікати)',
      en: 'Work on a report: status, answer, photo, notes, reassign; the executor on the department’s reports, the Open City moderator on any (only the moderator checks new ones, rejects, marks duplicates)',
    },
    'open-city.confirm': {
      uk: 'Підтвердити вирішення, відповісти, чи вирішено, або відкрити знову протягом 14 днів (автор звернення)',
      en: 'Confirm the fix, answer whether it is fixed, or reopen within 14 days (the reporter)',
    },
    'open-city.subscribe': {
      uk: 'Стежити за зверненням чи районом (увійшовши); відписатися за посиланням з листа',
      en: 'Follow a report or an area (signed in); unsubscribe by the link in the letter',
    },
    'open-city.open311': {
      uk: 'Подати звернення через Open311 з ключем, виданим модератором',
      en: 'File a report through Open311 with a key the moderator issued',
    },
  },
  async cabinet(ctx, viewer, lang) {
    const mine = await reportsOfReporter(ctx.db, viewer.id);
    return {
      title: lang === 'uk' ? 'Мої звернення (Відкрите місто)' : 'My reports (Open City)',
      empty: lang === 'uk' ? 'Ви ще не подавали звернень.' : 'You have not filed any reports.',
      items: mine.map((r) => ({
        label: `№${r.number}. ${r.title}`,
        href: `/${r.slug}/open-city/reports/${r.id}`,
        meta: `${STATUS_LABEL[r.status][lang]} · ${formatKyivDate(r.createdAt, lang)}`,
      })),
    };
  },
  stats: openCityToolStats,
  sitemap: openCitySitemap,
  followEvents: openCityFollowEvents,
  openData: openCityDatasets,
  async statistics(ctx, scope) {
    const s = await openCityToolStats(ctx, allTime(scope.communityId));
    const figure = (key: string) => s.figures.find((f) => f.key === key)?.value ?? 0;
    const reports = figure('reports');
    return [
      { key: 'open-city.reports', label: { uk: 'звернень до Відкритого міста', en: 'Open City reports' }, value: reports },
      {
        key: 'open-city.resolved-percent',
        label: { uk: '% звернень вирішено', en: '% of reports resolved' },
        value: reports ? Math.round((figure('resolved') / reports) * 100) : 0,
      },
      { key: 'open-city.median-days', label: { uk: 'днів — медіана до вирішення', en: 'days: median to resolve' }, value: figure('median-days') },
      { key: 'open-city.overdue', label: { uk: 'звернень прострочено', en: 'reports overdue' }, value: figure('overdue') },
    ];
  },
  siteBlock: openCitySiteBlock,
  async liveSummary(ctx, community, lang) {
    const n = await countReports(ctx.db, community.id, new Date(ctx.clock.now().getTime() - 30 * 86_400_000));
    if (n === 0) return null;
    return {
      lines: [`${plural(n, { uk: ['звернення', 'звернення', 'звернень'], en: ['report', 'reports'] }, lang)} ${lang === 'uk' ? 'за 30 днів' : 'in 30 days'}`],
      link: { label: lang === 'uk' ? 'Мапа проблем' : 'Map of problems', href: `/${community.slug}/open-city/map` },
    };
  },
  jobs: {},
  async tick(ctx, now) {
    await askLongOpenReports(ctx, now);
  },
  demo: seedOpenCityDemo,
  content: {
    async open_city_report(db, id) {
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n <= 0) return null;
      const r = await findReport(db, n);
      if (!r || r.status === 'new') return null;
      const c = await db.selectFrom('communities').select('slug').where('id', '=', r.communityId).executeTakeFirstOrThrow();
      return {
        communityId: r.communityId,
        authorUserId: r.reporterUserId,
        excerpt: `${r.title}\n${r.description}`.trim(),
        url: `/${c.slug}/open-city/reports/${r.id}`,
        public: true,
      };
    },
  },
  participatedIn: (db, communityId, userId) => hasRowIn(db, 'oc_reports', 'reporter_user_id', communityId, userId),
  accountDeletion: {
    kept: [
      {
        uk: 'Ваші звернення до Відкритого міста — без вашого імені й контактів (вони стосуються публічного місця).',
        en: 'Your Open City reports, without your name and contacts (they concern a public place).',
      },
    ],
    run: anonymizeReporter,
  },
};
