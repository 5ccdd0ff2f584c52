/**
 * Open City. Reporting a problem, supporting and following a report are open to anyone signed in (a
 * problem in a public place concerns visitors too); confirming, reopening and answering «is it fixed?»
 * are the reporter's alone; changing a report's status, reassigning it and internal notes are for the
 * Open City moderator and the executor of the report's department; keys, routing and the territory are
 * the moderator's. Partner apps post through Open311 with an API key; unsubscribe links come by e-mail.
 */
import { sql } from 'kysely';
import { randomToken } from '../../../src/core/sessions/sessions.js';
import { addReportSubscription, insertApiKey, revokeApiKey } from '../../../src/modules/open-city/repository.js';
import type { Req } from '../support/actors.js';
import { defineModule } from '../support/matrix.js';
import { communityId, one, UNKNOWN_TOKEN } from '../support/fixtures.js';
import { moderatorsOf, SIGNED_IN, type KeyRole, type Role } from '../support/roles.js';

const MODERATORS = moderatorsOf('open-city');
/** The report the matrix uses is in the roads department, whose executor the demo executor is. */
const STAFF: readonly Role[] = [...MODERATORS, 'executor'];

interface Fx {
  category: number;
  serviceCode: string;
  /** Accepted and in progress, in the roads department; another in progress in another department. */
  inProgress: number;
  otherDepartment: number;
  /** Resolved yesterday; its reporter is the resident. */
  resolved: number;
  /** Per allowed role, an API key of its own to revoke (a revoked one is gone for the next). */
  keysToRevoke: Partial<Record<Role, number>>;
  subscriptionToken: string;
  keys: Record<Exclude<KeyRole, 'no-key'>, string>;
}

const LOCATION = { address: 'вул. Городоцька, 20', lat: '49.8366', lng: '23.9953' };

const open311 = (fx: Fx, key: KeyRole): Req => ({
  url: '/open311/v2/requests.json',
  form: {
    jurisdiction_id: 'lviv',
    service_code: fx.serviceCode,
    lat: LOCATION.lat,
    long: LOCATION.lng,
    description: 'Яма на дорозі',
    ...(key === 'no-key' ? {} : { api_key: fx.keys[key] }),
  },
});

export default defineModule<Fx>({
  name: 'open-city',
  async setup({ t, actors }) {
    const db = t.ctx.db;
    const lviv = await communityId(t, 'lviv');
    const now = t.clock.now();
    // The map's pages set up a community's categories on first use; the fixtures need them now.
    await actors.anonymous.browser.get('/lviv/open-city');
    const category = await one(
      t,
      'Open City category',
      sql<{ id: number; code: string }>`
      select id, code from oc_categories where community_id = ${lviv} and parent_id is not null order by id limit 1`,
    );
    const inProgress = (
      await one(
        t,
        'report in progress (roads)',
        sql<{ id: number }>`
      select r.id from oc_reports r join oc_departments d on d.id = r.department_id
      where r.community_id = ${lviv} and r.status = 'in_progress' and d.key = 'roads' order by r.id limit 1`,
      )
    ).id;
    const otherDepartment = (
      await one(
        t,
        'report in progress (not roads)',
        sql<{ id: number }>`
      select r.id from oc_reports r join oc_departments d on d.id = r.department_id
      where r.community_id = ${lviv} and r.status in ('accepted', 'in_progress') and d.key <> 'roads' order by r.id limit 1`,
      )
    ).id;
    const resolved = (
      await one(
        t,
        'resolved report',
        sql<{ id: number }>`
      select id from oc_reports where community_id = ${lviv} and status = 'resolved' and confirmed_at is null order by id limit 1`,
      )
    ).id;
    await sql`update oc_reports set reporter_user_id = ${actors.resident.userId}, resolved_at = ${new Date(now.getTime() - 86_400_000)} where id = ${resolved}`.execute(
      db,
    );

    const key = async (slug: string, name: string) => {
      const k = `oc_${randomToken(24)}`;
      return {
        id: await insertApiKey(db, { communityId: await communityId(t, slug), name, key: k, createdBy: actors['open-city-moderator'].userId!, now }),
        key: k,
      };
    };
    const valid = await key('lviv', 'Застосунок «Мій Львів»');
    const revoked = await key('lviv', 'Старий застосунок');
    await revokeApiKey(db, lviv, revoked.id, now);
    const foreign = await key('bila-tserkva', 'Застосунок Білої Церкви');
    const keysToRevoke: Fx['keysToRevoke'] = {};
    for (const role of MODERATORS) keysToRevoke[role] = (await key('lviv', `Ключ для ${role}`)).id;
    const subscriptionToken = randomToken(18);
    await addReportSubscription(db, { communityId: lviv, userId: null, email: 'follower@example.com', reportId: inProgress, token: subscriptionToken, now });
    return {
      category: category.id,
      serviceCode: category.code,
      inProgress,
      otherDepartment,
      resolved,
      keysToRevoke,
      subscriptionToken,
      keys: { 'valid-key': valid.key, 'revoked-key': revoked.key, 'foreign-key': foreign.key },
    };
  },
  entries: [
    {
      route: 'POST /:slug/open-city/new',
      permission: 'open-city.report',
      allowed: SIGNED_IN,
      note: 'The first step (where and what) only leads to the details form; nothing is stored yet.',
      request: (fx) => ({ url: '/lviv/open-city/new', form: { category: fx.serviceCode, ...LOCATION, confirm_new: '1' } }),
    },
    {
      route: 'POST /:slug/open-city/reports',
      permission: 'open-city.report',
      allowed: SIGNED_IN,
      request: (fx) => ({
        url: '/lviv/open-city/reports',
        form: { category: fx.serviceCode, ...LOCATION, title: 'Яма біля переходу', description: 'Глибока яма.', show_name: '' },
        files: [],
      }),
      harmless: (fx) => ({ url: '/lviv/open-city/reports', form: { category: fx.serviceCode, ...LOCATION, title: '' }, files: [] }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/support',
      permission: 'open-city.report',
      allowed: SIGNED_IN,
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/support` }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/subscribe',
      permission: 'open-city.subscribe',
      allowed: SIGNED_IN,
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/subscribe` }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/confirm',
      permission: 'open-city.confirm',
      allowed: ['resident'],
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.resolved}/confirm` }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/reopen',
      permission: 'open-city.confirm',
      allowed: ['resident'],
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.resolved}/reopen`, form: { comment: 'Яма знову є.' } }),
      harmless: (fx) => ({ url: `/lviv/open-city/reports/${fx.resolved}/reopen`, form: { comment: '' } }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/question',
      permission: 'open-city.confirm',
      allowed: ['resident'],
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.resolved}/question`, form: { fixed: 'yes' } }),
      harmless: (fx) => ({ url: `/lviv/open-city/reports/${fx.resolved}/question`, form: { fixed: '' } }),
    },
    {
      route: 'POST /:slug/open-city/reports/:id/status',
      permission: 'open-city.execute',
      allowed: STAFF,
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/status`, form: { status: 'resolved', answer: 'Яму залатано.' }, files: [] }),
      harmless: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/status`, form: { status: '' }, files: [] }),
      outOfScope: [
        {
          role: 'executor',
          why: 'a report of another department',
          request: (fx) => ({ url: `/lviv/open-city/reports/${fx.otherDepartment}/status`, form: { status: 'resolved', answer: 'Зроблено.' }, files: [] }),
        },
      ],
    },
    {
      route: 'POST /:slug/open-city/reports/:id/reassign',
      permission: 'open-city.execute',
      allowed: STAFF,
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/reassign`, form: { department: 'lighting', reason: 'Це освітлення.' } }),
      harmless: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/reassign`, form: { department: '', reason: '' } }),
      outOfScope: [
        {
          role: 'executor',
          why: 'a report of another department',
          request: (fx) => ({ url: `/lviv/open-city/reports/${fx.otherDepartment}/reassign`, form: { department: 'roads', reason: 'Це дороги.' } }),
        },
      ],
    },
    {
      route: 'POST /:slug/open-city/reports/:id/note',
      permission: 'open-city.execute',
      allowed: STAFF,
      request: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/note`, form: { note: 'Бригада виїде в четвер.' } }),
      harmless: (fx) => ({ url: `/lviv/open-city/reports/${fx.inProgress}/note`, form: { note: '' } }),
      outOfScope: [
        {
          role: 'executor',
          why: 'a report of another department',
          request: (fx) => ({ url: `/lviv/open-city/reports/${fx.otherDepartment}/note`, form: { note: 'Чужа нотатка.' } }),
        },
      ],
    },
    {
      route: 'POST /:slug/open-city/manage/keys',
      permission: 'open-city.moderate',
      allowed: MODERATORS,
      request: () => ({ url: '/lviv/open-city/manage/keys', form: { name: 'Застосунок партнера' } }),
      harmless: () => ({ url: '/lviv/open-city/manage/keys', form: { name: '' } }),
    },
    {
      route: 'POST /:slug/open-city/manage/keys/:id/revoke',
      permission: 'open-city.moderate',
      allowed: MODERATORS,
      request: (fx, role) => ({ url: `/lviv/open-city/manage/keys/${fx.keysToRevoke[role] ?? fx.keysToRevoke['open-city-moderator']}/revoke` }),
    },
    {
      route: 'POST /:slug/open-city/manage/categories/:id',
      permission: 'open-city.moderate',
      allowed: MODERATORS,
      request: (fx) => ({ url: `/lviv/open-city/manage/categories/${fx.category}`, form: { department: 'roads', term: '15' } }),
      harmless: (fx) => ({ url: `/lviv/open-city/manage/categories/${fx.category}`, form: { department: '', term: '' } }),
    },
    {
      route: 'POST /:slug/open-city/manage/territory',
      permission: 'open-city.moderate',
      allowed: MODERATORS,
      request: () => ({ url: '/lviv/open-city/manage/territory', form: { territory: '49.9, 23.9\n49.9, 24.2\n49.7, 24.2\n49.7, 23.9' } }),
      harmless: () => ({ url: '/lviv/open-city/manage/territory', form: { territory: '' } }),
    },
    {
      route: 'POST /:slug/open-city/subscriptions/area',
      permission: 'open-city.subscribe',
      allowed: SIGNED_IN,
      request: () => ({ url: '/lviv/open-city/subscriptions/area', form: { lat: LOCATION.lat, lng: LOCATION.lng, radius: '500' } }),
      harmless: () => ({ url: '/lviv/open-city/subscriptions/area', form: { lat: '', lng: '', radius: '' } }),
    },
    {
      route: 'POST /:slug/open-city/unsubscribe/:token',
      permission: 'open-city.subscribe',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: {
        statuses: [200],
        why: 'An unknown link gets the same «nothing to unsubscribe» page, so the answer does not tell which links exist; it changes nothing.',
      },
      request: (fx, link) => ({ url: `/lviv/open-city/unsubscribe/${link === 'valid-secret' ? fx.subscriptionToken : UNKNOWN_TOKEN}` }),
    },
    {
      route: 'POST /open311/v2/:file',
      permission: 'open-city.open311',
      auth: 'api-key',
      allowed: ['valid-key'],
      note: 'An Open311 key is its community’s only; a revoked one is refused like an unknown one.',
      request: open311,
    },
  ],
});
