/**
 * The ЦНАП site (issue 23, point 5): the catalogue of administrative services by life situation with
 * search, the offices and remote workplaces with hours and accessibility, management with audit, and the
 * catalogue's import and export as CSV/XLSX.
 */
import type { ModuleManifest } from '../../core/modules/manifest.js';
import { cnapMigrations } from './migrations.js';
import { registerCnapPublicRoutes } from './routes/public.js';
import { registerCnapManageRoutes } from './routes/manage.js';
import { countServices } from './repository.js';
import { cnapOpenData } from './stats.js';
import { seedCnap } from './demo.js';

export const cnapModule: ModuleManifest = {
  id: 'cnap',
  name: { uk: 'Сайт ЦНАП', en: 'Administrative service centre' },
  migrations: cnapMigrations,
  async routes(app, ctx) {
    registerCnapPublicRoutes(app, ctx);
    await registerCnapManageRoutes(app, ctx);
  },
  navigation: [{ label: { uk: 'ЦНАП', en: 'Service centre' }, path: '/cnap' }],
  manageLinks: [{ label: { uk: 'Сайт ЦНАП', en: 'ЦНАП site' }, path: '/manage/cnap' }],
  permissions: {
    'cnap.manage': {
      uk: 'Вести каталог послуг, офіси й життєві ситуації ЦНАП, імпортувати каталог (модератор інструменту «cnap» або адміністратор громади)',
      en: 'Keep the ЦНАП catalogue, offices and life situations, import the catalogue (moderator of the tool «cnap» or community administrator)',
    },
  },
  async statistics(ctx, scope) {
    return [
      {
        key: 'cnap-services',
        label: { uk: 'адміністративних послуг у каталогах ЦНАП', en: 'administrative services in ЦНАП catalogues' },
        value: await countServices(ctx.db, scope.communityId),
      },
    ];
  },
  openData: cnapOpenData,
  demo: seedCnap,
};
