/**
 * Connecting communities and running the platform. A council applies without an account; it edits its
 * request (when asked to) through the secret status link from its letter; deciding requests and
 * suspending or reconnecting communities, and granting or revoking a community's administrator, is the
 * national moderator's; a community's profile (and its sign-in policy) belongs to its administrator and
 * the national moderator, not to its tool moderators.
 */
import { sql } from 'kysely';
import { requestChanges, statusToken } from '../../../src/modules/admin/service/requests.js';
import { defineModule } from '../support/matrix.js';
import { upsertVerifiedUser } from '../../../src/core/users/users-repository.js';
import { one, UNKNOWN_TOKEN } from '../support/fixtures.js';
import { COMMUNITY_ADMINS, EVERYONE } from '../support/roles.js';
import { DEMO_SUSPENDED_SLUG } from '../../../src/modules/admin/demo.js';

interface Fx {
  /** The demo's pending connection request, sent back for changes; its status link's token. */
  request: number;
  token: string;
  /** Lviv's petitions moderator, whom the national moderator may appoint administrator of Lviv. */
  candidate: number;
  /** A second administrator of Lviv (no matrix actor), whose role may be revoked. */
  admin: number;
}

const profile = (o: Record<string, string> = {}) => ({
  name_uk: 'Львівська міська територіальна громада',
  name_en: 'Lviv City Territorial Community',
  address: 'пл. Ринок, 1',
  email: 'rada@lviv.example',
  phone: '+380322975757',
  website: 'https://city-adm.lviv.ua',
  sign_in_policy: 'idgovua',
  ...o,
});

export default defineModule<Fx>({
  name: 'admin',
  async setup({ t, actors }) {
    const r = await one(
      t,
      'pending connection request',
      sql<{ id: number; status_token_salt: string }>`
      select id, status_token_salt from connection_requests where status = 'new' order by id limit 1`,
    );
    if (!(await requestChanges(t.ctx, actors['national-moderator'].userId!, r.id, 'Додайте підписаний меморандум.')))
      throw new Error('fixture: could not send the request back for changes');
    const admin = await upsertVerifiedUser(
      t.ctx.db,
      {
        identityKey: 'authz:community-admin-2',
        lastName: 'Другий',
        firstName: 'Адміністратор',
        patronymic: '',
        email: null,
        phone: null,
        birthDate: '1980-01-01',
        territorialCode: null,
        authType: 'diia_id',
      },
      t.clock.now(),
    );
    await sql`insert into role_assignments (user_id, role, community_id) select ${admin}, 'community_admin', id from communities where slug = 'lviv'`.execute(
      t.ctx.db,
    );
    return { request: r.id, token: statusToken(t.ctx, r.status_token_salt), candidate: actors['petitions-moderator'].userId!, admin };
  },
  entries: [
    {
      route: 'POST /connect',
      permission: 'admin.request',
      allowed: EVERYONE,
      note: 'A council applies without an account: the documents it uploads are what is checked.',
      request: () => ({ url: '/connect', form: { community: '' }, files: [] }),
    },
    {
      route: 'POST /connect/status/:token/edit',
      permission: 'admin.request',
      auth: 'secret',
      allowed: ['valid-secret'],
      request: (fx, link) => ({
        url: `/connect/status/${link === 'valid-secret' ? fx.token : UNKNOWN_TOKEN}/edit`,
        form: { contact_name: 'Демченко Олена' },
        files: [],
      }),
      harmless: (fx) => ({ url: `/connect/status/${fx.token}/edit`, form: { contact_name: '' }, files: [] }),
    },
    {
      route: 'POST /manage/connections/:id/request-changes',
      permission: 'admin.review',
      allowed: ['national-moderator'],
      request: (fx) => ({ url: `/manage/connections/${fx.request}/request-changes`, form: { message: 'Додайте лист ради.' } }),
      harmless: (fx) => ({ url: `/manage/connections/${fx.request}/request-changes`, form: { message: '' } }),
    },
    {
      route: 'POST /manage/connections/:id/decline',
      permission: 'admin.review',
      allowed: ['national-moderator'],
      request: (fx) => ({ url: `/manage/connections/${fx.request}/decline`, form: { reason: 'Документи не підписано.' } }),
      harmless: (fx) => ({ url: `/manage/connections/${fx.request}/decline`, form: { reason: '' } }),
    },
    {
      route: 'POST /manage/connections/:id/accept',
      permission: 'admin.review',
      allowed: ['national-moderator'],
      request: (fx) => ({ url: `/manage/connections/${fx.request}/accept`, form: { slug: 'nizhyn' } }),
      harmless: (fx) => ({ url: `/manage/connections/${fx.request}/accept`, form: { slug: '' } }),
    },
    {
      route: 'POST /manage/communities/:slug/suspend',
      permission: 'admin.suspend',
      allowed: ['national-moderator'],
      request: () => ({ url: '/manage/communities/koriukivka/suspend', form: { 'reason-koriukivka': 'Рада не призначила модератора.' } }),
      harmless: () => ({ url: '/manage/communities/koriukivka/suspend', form: { 'reason-koriukivka': '' } }),
    },
    {
      route: 'POST /manage/communities/:slug/reconnect',
      permission: 'admin.suspend',
      allowed: ['national-moderator'],
      request: () => ({ url: `/manage/communities/${DEMO_SUSPENDED_SLUG}/reconnect`, form: { [`reason-${DEMO_SUSPENDED_SLUG}`]: 'Модератора призначено.' } }),
      harmless: () => ({ url: `/manage/communities/${DEMO_SUSPENDED_SLUG}/reconnect`, form: { [`reason-${DEMO_SUSPENDED_SLUG}`]: '' } }),
    },
    {
      route: 'POST /:slug/manage/profile',
      permission: 'admin.profile',
      allowed: COMMUNITY_ADMINS,
      note: 'The profile includes the sign-in policy: a tool moderator may not change the community’s rules.',
      request: () => ({ url: '/lviv/manage/profile', form: profile({ website: 'https://lviv.example' }), files: [] }),
      harmless: () => ({ url: '/lviv/manage/profile', form: profile({ name_uk: '' }), files: [] }),
    },
    {
      route: 'POST /manage/communities/:slug/admins',
      permission: 'admin.community-admins',
      allowed: ['national-moderator'],
      request: (fx) => ({ url: '/manage/communities/lviv/admins', form: { user_id: String(fx.candidate) } }),
      harmless: () => ({ url: '/manage/communities/lviv/admins', form: { user_id: '' } }),
    },
    {
      route: 'POST /manage/communities/:slug/admins/:userId/revoke',
      permission: 'admin.community-admins',
      allowed: ['national-moderator'],
      request: (fx) => ({ url: `/manage/communities/lviv/admins/${fx.admin}/revoke` }),
    },
  ],
});
