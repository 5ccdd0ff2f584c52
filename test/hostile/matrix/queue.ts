/**
 * The e-queue: every signed-in person may book a visit; a booking is moved or cancelled by its owner only
 * (anyone else's is not found). Windows, services and days off are run by the community's administrator
 * and the national moderator (and the tool «cnap»'s moderator, not a role of this matrix:
 * test/modules/queue covers the administrator's pages).
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_ADMINS, EVERYONE, SIGNED_IN } from '../support/roles.js';

interface Fx {
  service: number;
  office: number;
  /** A free time of the service at the office. */
  start: string;
  /** The resident's own booking. */
  code: string;
}

export default defineModule<Fx>({
  name: 'queue',
  async setup({ t, actors }) {
    const lviv = await communityId(t, 'lviv');
    const id = (table: string, code: string) =>
      one(t, `${table} ${code}`, sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lviv} and code = ${code}`).then((r) => r.id);
    const [service, office] = [await id('cnap_services', 'id-card'), await id('cnap_offices', 'centre')];
    const b = actors.resident.browser;
    const days = (await b.get(`/lviv/queue?service=${service}&office=${office}`)).body;
    const day = /&day=(\d{4}-\d{2}-\d{2})"/.exec(days)?.[1];
    if (!day) throw new Error('no day with free time');
    const starts = [...(await b.get(`/lviv/queue?service=${service}&office=${office}&day=${day}`)).body.matchAll(/name="start" value="([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    const booked = await b.post('/lviv/queue/bookings', { service_id: String(service), office_id: String(office), start: starts[0]! });
    const code = /\/queue\/bookings\/([A-Z0-9]{6})/.exec(String(booked.headers.location))?.[1];
    if (!code) throw new Error(`the resident could not book: ${booked.statusCode}`);
    return { service, office, start: starts.at(-1)!, code };
  },
  entries: [
    {
      route: 'POST /:slug/queue/bookings',
      permission: 'queue.book',
      allowed: SIGNED_IN,
      request: (fx) => ({ url: '/lviv/queue/bookings', form: { service_id: String(fx.service), office_id: String(fx.office), start: fx.start } }),
      harmless: (fx) => ({ url: '/lviv/queue/bookings', form: { service_id: String(fx.service), office_id: String(fx.office), start: '' } }),
    },
    {
      route: 'POST /:slug/queue/bookings/:code/move',
      permission: 'queue.book',
      allowed: ['resident'],
      hiddenFrom: SIGNED_IN.filter((r) => r !== 'resident'),
      note: 'Someone else’s booking is not found.',
      request: (fx) => ({
        url: `/lviv/queue/bookings/${fx.code}/move`,
        form: { service_id: String(fx.service), office_id: String(fx.office), start: fx.start },
      }),
      harmless: (fx) => ({ url: `/lviv/queue/bookings/${fx.code}/move`, form: { service_id: String(fx.service), office_id: String(fx.office), start: '' } }),
    },
    {
      route: 'POST /:slug/queue/bookings/:code/cancel',
      permission: 'queue.book',
      allowed: ['resident'],
      hiddenFrom: EVERYONE.filter((r) => r !== 'resident'),
      note: 'Someone else’s booking is not found; the owner’s request cancels it (after the move entry has used it).',
      request: (fx) => ({ url: `/lviv/queue/bookings/${fx.code}/cancel` }),
    },
    {
      route: 'POST /:slug/manage/queue/windows/:id',
      permission: 'queue.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: '/lviv/manage/queue/windows/new', form: { name: 'Вікно з матриці', office_id: String(fx.office), online: 'on', active: 'on' } }),
      harmless: (fx) => ({ url: '/lviv/manage/queue/windows/new', form: { name: '', office_id: String(fx.office) } }),
    },
    {
      route: 'POST /:slug/manage/queue/services/:id',
      permission: 'queue.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: `/lviv/manage/queue/services/${fx.service}`, form: { enabled: 'on', visit_minutes: '25', weekly_limit: '1' } }),
      harmless: (fx) => ({ url: `/lviv/manage/queue/services/${fx.service}`, form: { enabled: 'on', visit_minutes: '' } }),
    },
    {
      route: 'POST /:slug/manage/queue/offices/:id/days-off',
      permission: 'queue.manage',
      allowed: COMMUNITY_ADMINS,
      request: (fx) => ({ url: `/lviv/manage/queue/offices/${fx.office}/days-off`, form: { day: '2030-01-02', off: '1' } }),
      harmless: (fx) => ({ url: `/lviv/manage/queue/offices/${fx.office}/days-off`, form: { day: '', off: '1' } }),
    },
  ],
});
