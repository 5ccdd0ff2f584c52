/**
 * Demo catalogue: Lviv gets every service of catalog.ts in three offices; the other communities a smaller
 * catalogue in one office at their council's address. Set-based (a few inserts per community), and a
 * community that already has life situations is left alone, so running it again changes nothing.
 */
import type { CoreContext } from '../../core/context.js';
import { communitiesWithCatalogue, insertOffices, insertServices, insertSituations, type OfficeFields, type ServiceFields } from './repository.js';
import { DEMO_SERVICES_EN, DEMO_SITUATIONS_EN, LVIV_OFFICES_EN, PAYMENT_EN } from './catalog-en.js';
import { CENTRE_HOURS, DEMO_SERVICES, DEMO_SITUATIONS, LVIV_OFFICES, REMOTE_HOURS, SMALL_CATALOGUE } from './catalog.js';
import { serviceStems } from './service.js';

/** Where the smaller communities' councils are, for the map of their one office. */
const CENTRES: Record<string, { lat: number; lng: number }> = {
  'bila-tserkva': { lat: 49.7956, lng: 30.1311 },
  kramatorsk: { lat: 48.7235, lng: 37.5563 },
  pryluky: { lat: 50.5934, lng: 32.3874 },
  koriukivka: { lat: 51.7734, lng: 32.2524 },
};

export async function seedCnap(ctx: CoreContext): Promise<void> {
  const done = await communitiesWithCatalogue(ctx.db);
  const communities = await ctx.db.selectFrom('communities').select(['id', 'slug', 'name_uk', 'name_en', 'contacts']).orderBy('id').execute();
  const now = ctx.clock.now();
  for (const c of communities) {
    if (done.has(c.id)) continue;
    const lviv = c.slug === 'lviv';
    const services = lviv ? DEMO_SERVICES : DEMO_SERVICES.filter((s) => SMALL_CATALOGUE.includes(s.code));
    const situations = DEMO_SITUATIONS.filter((s) => services.some((x) => x.situation === s.code));
    const situationIds = await insertSituations(
      ctx.db,
      c.id,
      situations.map((s, i) => ({ ...s, nameEn: DEMO_SITUATIONS_EN[s.code] ?? '', position: i + 1 })),
    );
    const contacts = c.contacts as { address?: string; phone?: string; email?: string };
    const offices: OfficeFields[] = lviv
      ? LVIV_OFFICES.map((o) => ({ ...o, en: LVIV_OFFICES_EN[o.code] ?? {} }))
      : [
          {
            code: 'centre',
            kind: 'centre',
            name: `ЦНАП: ${c.name_uk}`,
            address: contacts.address ?? c.name_uk,
            ...(CENTRES[c.slug] ?? { lat: null, lng: null }),
            phone: contacts.phone ?? '',
            email: contacts.email ?? '',
            hours: CENTRE_HOURS,
            accessibility: ['ramp', 'toilet'],
            notes: '',
            en: { name: `Administrative Service Centre (ЦНАП): ${c.name_en}`, address: '', notes: '' },
          },
          {
            code: 'starosta-1',
            kind: 'remote',
            name: 'Віддалене робоче місце ЦНАП у старостинському окрузі № 1',
            address: `${c.name_uk}, старостинський округ № 1, приміщення старостату`,
            lat: null,
            lng: null,
            phone: contacts.phone ?? '',
            email: '',
            hours: REMOTE_HOURS,
            accessibility: [],
            notes: '',
            en: { name: 'Remote workplace of the Administrative Service Centre (ЦНАП) in starosta district No. 1', address: '', notes: '' },
          },
        ];
    const officeIds = await insertOffices(ctx.db, c.id, offices);
    const remoteIds = officeIds.filter((_, i) => offices[i]!.kind === 'remote');
    const centreIds = officeIds.filter((_, i) => offices[i]!.kind === 'centre');
    await insertServices(
      ctx.db,
      c.id,
      services.map((s) => {
        const si = situations.findIndex((x) => x.code === s.situation);
        const en = DEMO_SERVICES_EN[s.code];
        const f: ServiceFields = {
          code: s.code,
          situationId: situationIds[si]!,
          name: s.name,
          applicants: s.applicants,
          documents: s.documents.join('\n'),
          cost: s.cost,
          payment: s.payment ?? '',
          term: s.term,
          result: s.result,
          receiving: s.receiving,
          legalBasis: s.legalBasis,
          onlineUrl: s.onlineUrl ?? '',
          officeIds: s.remote ? [...centreIds, ...remoteIds] : centreIds,
          en: en ? { ...en, documents: en.documents.join('\n'), cost: en.cost ?? '', payment: s.payment ? PAYMENT_EN : '', legalBasis: '' } : {},
        };
        return { f, stems: serviceStems(f, situations[si]!.name) };
      }),
      now,
    );
  }
}
