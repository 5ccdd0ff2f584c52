/**
 * The ЦНАП site: its catalogue, offices and life situations are kept by the community's moderator of the
 * tool «cnap» (not a role of this matrix: test/modules/cnap covers it) and its administrator, and the
 * national moderator; no other tool's moderator, and nobody from another community.
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_ADMINS } from '../support/roles.js';

interface Fx {
  service: number;
  office: number;
  situation: number;
}

export default defineModule<Fx>({
  name: 'cnap',
  async setup({ t }) {
    const lviv = await communityId(t, 'lviv');
    const id = (table: string, code: string) =>
      one(t, `${table} ${code}`, sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lviv} and code = ${code}`).then((r) => r.id);
    return { service: await id('cnap_services', 'id-card'), office: await id('cnap_offices', 'sykhiv'), situation: await id('cnap_situations', 'transport') };
  },
  entries: [
    {
      route: 'POST /:slug/manage/cnap/services/:id',
      permission: 'cnap.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({
        url: `/lviv/manage/cnap/services/${fx.service}`,
        form: { code: 'id-card', name: 'Змінена назва', situation_id: String(fx.situation) },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/cnap/services/${fx.service}`, form: { code: '' } }),
    },
    {
      route: 'POST /:slug/manage/cnap/offices/:id',
      permission: 'cnap.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({
        url: `/lviv/manage/cnap/offices/${fx.office}`,
        form: { code: 'sykhiv', kind: 'centre', name: 'Змінений офіс', address: 'Львів', hours_1: '08:00–17:00' },
      }),
      harmless: (fx) => ({ url: `/lviv/manage/cnap/offices/${fx.office}`, form: { code: '' } }),
    },
    {
      route: 'POST /:slug/manage/cnap/situations/:id',
      permission: 'cnap.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: `/lviv/manage/cnap/situations/${fx.situation}`, form: { code: 'transport', name: 'Змінена ситуація', position: '1' } }),
      harmless: (fx) => ({ url: `/lviv/manage/cnap/situations/${fx.situation}`, form: { code: '' } }),
    },
    {
      route: 'POST /:slug/manage/cnap/:kind/:id/archive',
      permission: 'cnap.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: `/lviv/manage/cnap/services/${fx.service}/archive`, form: { archived: '1' } }),
      harmless: (fx) => ({ url: `/lviv/manage/cnap/services/${fx.service}/archive`, form: { archived: '' } }),
    },
    {
      route: 'POST /:slug/manage/cnap/import',
      permission: 'cnap.manage',
      allowed: COMMUNITY_ADMINS,
      request: () => ({
        url: '/lviv/manage/cnap/import',
        files: [
          {
            name: 'file',
            filename: 'cnap.csv',
            type: 'text/csv',
            data: Buffer.from(
              'code,situation_code,situation,name,applicants,documents,cost,payment,term,result,receiving,legal_basis,online_url,offices\nmatrix-service,transport,,Послуга з матриці,,,,,,,,,,\n',
            ),
          },
        ],
      }),
      harmless: () => ({ url: '/lviv/manage/cnap/import', files: [] }),
    },
  ],
});
