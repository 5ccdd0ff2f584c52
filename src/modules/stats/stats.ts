/** The core's own open dataset: connected communities. */
import type { OpenDataset } from '../../core/modules/manifest.js';

export const communitiesDataset: OpenDataset = {
  id: 'communities',
  title: { uk: 'Громади на платформі', en: 'Communities on the platform' },
  description: {
    uk: 'Підключені громади: назва, область, КАТОТТГ, населення, увімкнені інструменти.',
    en: 'Connected communities: name, oblast, КАТОТТГ code, population, tools on.',
  },
  fields: [
    { name: 'slug', type: 'string', meaning: { uk: 'Ідентифікатор у адресах', en: 'Identifier used in addresses' } },
    { name: 'name_uk', type: 'string', meaning: { uk: 'Назва українською', en: 'Name in Ukrainian' } },
    { name: 'name_en', type: 'string', meaning: { uk: 'Назва англійською', en: 'Name in English' } },
    { name: 'oblast', type: 'string', meaning: { uk: 'Область', en: 'Oblast' } },
    {
      name: 'territorial_codes',
      type: 'string',
      meaning: { uk: 'Коди КАТОТТГ території через пробіл', en: 'КАТОТТГ codes of the territory, space-separated' },
    },
    { name: 'population', type: 'integer', meaning: { uk: 'Населення (приблизно)', en: 'Population (approximate)' } },
    { name: 'enabled_tools', type: 'string', meaning: { uk: 'Увімкнені інструменти через пробіл', en: 'Tools on, space-separated' } },
    { name: 'status', type: 'string', meaning: { uk: 'connected або suspended', en: 'connected or suspended' } },
  ],
  async rows(ctx, communityId) {
    let q = ctx.db.selectFrom('communities').selectAll().orderBy('slug');
    if (communityId !== null) q = q.where('id', '=', communityId);
    return (await q.execute()).map((c) => ({
      slug: c.slug,
      name_uk: c.name_uk,
      name_en: c.name_en,
      oblast: c.oblast_uk,
      territorial_codes: c.territorial_codes.join(' '),
      population: c.population,
      enabled_tools: c.enabled_tools.join(' '),
      status: c.status,
    }));
  },
};
