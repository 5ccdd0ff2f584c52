/**
 * The community's website (issue #23): a site per community at `/{slug}/site` and at its own host
 * names, created with the sections a council's site needs, edited by the community's editors.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { siteMigrations } from './migrations.js';
import { registerSitePublicRoutes } from './routes/public.js';
import { registerSiteManageRoutes } from './routes/manage.js';
import { registerSitePushRoutes } from './routes/push.js';
import { reloadHosts, rewriteSiteUrl } from './hosts.js';
import { createSite } from './service.js';
import { countDocuments, listPublic } from './repository.js';
import { seedSite } from './demo.js';

export const siteModule: ModuleManifest = {
  id: 'site',
  name: { uk: 'Сайт громади', en: 'Community website' },
  migrations: siteMigrations,
  async routes(app, ctx) {
    app.addHook('onReady', async () => reloadHosts(ctx));
    registerSitePublicRoutes(app, ctx);
    await registerSiteManageRoutes(app, ctx);
    registerSitePushRoutes(app, ctx);
  },
  rewriteUrl: rewriteSiteUrl,
  navigation: [{ label: { uk: 'Сайт громади', en: 'Website' }, path: '/site' }],
  manageLinks: [{ label: { uk: 'Сайт громади: сторінки, новини, документи', en: 'Community website: pages, news, documents' }, path: '/manage/site' }],
  permissions: {
    'site.edit': {
      uk: 'Редагувати сторінки, новини, документи й меню сайту громади, завантажувати зображення й PDF (редактор сайту, модератори й адміністратор громади, національний модератор)',
      en: 'Edit the community website’s pages, news, documents and menu, upload images and PDFs (the site’s editor, the community’s moderators and administrator, the national moderator)',
    },
    'site.push-news': {
      uk: 'Надіслати опубліковану новину сайту всім підписникам чат-бота громади (модератори й адміністратор громади, національний модератор — ті, хто робить розсилки бота)',
      en: 'Send a published news item of the website to all the community chat-bot’s subscribers (the community’s moderators and administrator, the national moderator: those who send the bot’s broadcasts)',
    },
    'site.configure': {
      uk: 'Змінити адреси (доменні імена) й кольори сайту громади (адміністратор громади, національний модератор)',
      en: 'Change the community website’s host names and colours (the community’s administrator, the national moderator)',
    },
  },
  async statistics(ctx, scope) {
    if (scope.communityId === null) return [];
    const news = await listPublic(ctx.db, scope.communityId, 'news', ctx.clock.now(), 10_000);
    return [
      { key: 'site-news', label: { uk: 'новин на сайті громади', en: 'news items on the community website' }, value: news.length },
      {
        key: 'site-documents',
        label: { uk: 'документів на сайті громади', en: 'documents on the community website' },
        value: await countDocuments(ctx.db, scope.communityId),
      },
    ];
  },
  async sitemap(ctx, c) {
    const now = ctx.clock.now();
    const news = await listPublic(ctx.db, c.id, 'news', now, 1000);
    const pages = await listPublic(ctx.db, c.id, 'page', now, 500);
    return [
      ...pages.map((p) => ({ path: `/${c.slug}/site/p/${p.slug}`, lastModified: p.updatedAt })),
      { path: `/${c.slug}/site/news` },
      ...news.map((n) => ({ path: `/${c.slug}/site/news/${n.slug}`, lastModified: n.updatedAt })),
      { path: `/${c.slug}/site/documents` },
    ];
  },
  /** Every connected community gets its site with the standard sections, filled with guidance. */
  async onCommunityConnected(db, c) {
    const made = await createSite(db, { community: c.community, now: c.now, actorUserId: c.actorUserId });
    return made ? { site: true } : undefined;
  },
  /** Hosts added or removed on another instance reach this one within a tick. */
  async tick(ctx) {
    await reloadHosts(ctx);
  },
  demo: seedSite,
};
