/** The catalogue as an open dataset: one row per published service (no personal data in it). */
import type { OpenDataset } from '../../core/modules/manifest.js';
import { listOffices, listServices, listSituations } from './repository.js';

export const cnapOpenData: OpenDataset[] = [
  {
    id: 'cnap-services',
    title: { uk: 'Каталог адміністративних послуг ЦНАП', en: 'Catalogue of administrative services' },
    description: {
      uk: 'Послуги центрів надання адміністративних послуг громад: життєва ситуація, вартість, строк, правові підстави, офіси.',
      en: 'Services of the communities’ administrative service centres: life situation, cost, term, legal basis, offices.',
    },
    fields: [
      { name: 'community_id', type: 'integer', meaning: { uk: 'Громада', en: 'Community' } },
      { name: 'code', type: 'string', meaning: { uk: 'Код послуги в каталозі громади', en: 'Code of the service in the community’s catalogue' } },
      { name: 'name', type: 'string', meaning: { uk: 'Назва', en: 'Name' } },
      { name: 'situation', type: 'string', meaning: { uk: 'Життєва ситуація', en: 'Life situation' } },
      { name: 'free', type: 'boolean', meaning: { uk: 'Безоплатна', en: 'Free of charge' } },
      { name: 'cost', type: 'string', meaning: { uk: 'Вартість', en: 'Cost' } },
      { name: 'term', type: 'string', meaning: { uk: 'Строк надання', en: 'Term' } },
      { name: 'legal_basis', type: 'string', meaning: { uk: 'Правові підстави', en: 'Legal basis' } },
      { name: 'online_url', type: 'string', meaning: { uk: 'Онлайн-послуга', en: 'Online service' } },
      { name: 'offices', type: 'integer', meaning: { uk: 'Кількість офісів, де надається', en: 'Number of offices providing it' } },
    ],
    async rows(ctx, communityId) {
      const ids = communityId === null ? (await ctx.db.selectFrom('communities').select('id').orderBy('id').execute()).map((r) => r.id) : [communityId];
      const out: Record<string, string | number | boolean | null>[] = [];
      for (const id of ids) {
        const [situations, services, offices] = await Promise.all([listSituations(ctx.db, id, true), listServices(ctx.db, id), listOffices(ctx.db, id)]);
        for (const s of services)
          out.push({
            community_id: id,
            code: s.code,
            name: s.name,
            situation: situations.find((x) => x.id === s.situationId)?.name ?? '',
            free: s.cost === '',
            cost: s.cost,
            term: s.term,
            legal_basis: s.legalBasis,
            online_url: s.onlineUrl,
            offices: s.officeIds.filter((o) => offices.some((x) => x.id === o)).length,
          });
      }
      return out;
    },
  },
];
