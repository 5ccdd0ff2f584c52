/**
 * Connecting communities (the national moderator's work) and a community's own settings (its local
 * moderators'): the request form «Підключити громаду», the review queue, suspension, the profile.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { isNationalModerator } from '../../core/permissions/policy.js';
import { plural } from '../../core/i18n/index.js';
import { adminMigrations } from './migrations.js';
import { registerMultipart } from '../../core/http/uploads.js';
import { registerConnectRoutes } from './routes/connect.js';
import { registerNationalRoutes } from './routes/national.js';
import { registerCommunitySettingsRoutes } from './routes/community.js';
import { countRequestsByStatus } from './repository.js';
import { seedAdminDemo } from './demo.js';

export const adminModule: ModuleManifest = {
  id: 'admin',
  name: { uk: 'Підключення громад', en: 'Connecting communities' },
  migrations: adminMigrations,
  async routes(app, ctx) {
    // Multipart only in this module's scope: the request's PDFs and the coat of arms.
    await registerMultipart(app);
    registerConnectRoutes(app, ctx);
    registerNationalRoutes(app, ctx);
    registerCommunitySettingsRoutes(app, ctx);
  },
  manageLinks: [
    { label: { uk: 'Налаштування громади', en: 'Community settings' }, path: '/manage/settings' },
    { label: { uk: 'Профіль громади', en: 'Community profile' }, path: '/manage/profile', communityAdmin: true },
  ],
  permissions: {
    'admin.request': {
      uk: 'Подати заявку на підключення громади (будь-хто, без входу) і виправити її за посиланням з листа',
      en: 'Send a request to connect a community (anyone, no sign-in), and amend it by the link in the letter',
    },
    'admin.review': {
      uk: 'Розглядати заявки: попросити зміни, прийняти (створити громаду, призначити модераторів) або відхилити — національний модератор',
      en: 'Review requests: ask for changes, accept (create the community, appoint moderators) or decline: the national moderator',
    },
    'admin.suspend': {
      uk: 'Призупинити чи відновити участь у громаді — національний модератор',
      en: 'Suspend or reconnect a community: the national moderator',
    },
    'admin.profile': {
      uk: 'Змінити профіль громади (назва, герб, контакти, спосіб входу) — адміністратор громади чи національний модератор, не модератор інструменту',
      en: 'Change the community profile (name, coat of arms, contacts, sign-in): the community administrator or the national moderator, not a tool moderator',
    },
    'admin.community-admins': {
      uk: 'Призначити чи зняти адміністратора громади — національний модератор',
      en: 'Grant or revoke the community administrator role: the national moderator',
    },
  },
  async cabinet(ctx, viewer, lang) {
    if (!isNationalModerator(viewer)) return null;
    const counts = await countRequestsByStatus(ctx.db);
    const uk = lang === 'uk';
    return {
      title: uk ? 'Підключення громад' : 'Connecting communities',
      empty: '',
      items: [
        {
          label: uk ? 'Заявки на підключення' : 'Connection requests',
          href: '/manage/connections',
          meta: plural(counts.new, { uk: ['нова', 'нові', 'нових'], en: ['new', 'new'] }, lang),
        },
        { label: uk ? 'Громади платформи: призупинення й відновлення' : 'Communities: suspend and reconnect', href: '/manage/communities', meta: '' },
      ],
    };
  },
  demo: seedAdminDemo,
};
