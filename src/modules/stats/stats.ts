/** The core's own open dataset: connected communities. */
import type { OpenDataset } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';

export const communitiesDataset: OpenDataset = {
  id: 'communities',
  title: { uk: 'Громади на платформі', en: 'Communities on the platform' },
  description: {
    uk: 'Підключені громади: назва, область, КАТОТТГ, населення, увімкнені інструменти.',
    en: 'Connected communities: name, oblast, КАТОТТГ code, population, tools on.',
  },
  fields: columns([
    'slug string | Ідентифікатор у адресах | Identifier used in addresses',
    'name_uk string | Назва українською | Name in Ukrainian',
    'name_en string | Назва англійською | Name in English',
    'oblast string | Область | Oblast',
    'territorial_codes string | Коди КАТОТТГ території через пробіл | КАТОТТГ codes of the territory, space-separated',
    'population integer | Населення (приблизно) | Population (approximate)',
    'enabled_tools string | Увімкнені інструменти через пробіл | Tools on, space-separated',
    'status string | connected або suspended | connected or suspended',
  ]),
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
