/** The core's routes: signing in and out, the cabinet, complaints and the community's moderation. */
import { sql } from 'kysely';
import { blockUser, fileComplaint, hideContent } from '../../../src/core/moderation/moderation-service.js';
import { upsertVerifiedUser } from '../../../src/core/users/users-repository.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_MODERATORS, EVERYONE, SIGNED_IN, type Role } from '../support/roles.js';
import { requestConfirmation } from '../../../src/core/residency/residency-service.js';
import { unsubscribeToken } from '../../../src/core/follows/rules.js';

const lvivDemo = demoCommunities.find((c) => c.slug === 'lviv')!;

interface Fx {
  /** Comments of a Lviv consultation: one to complain about, one to hide, one already hidden. */
  complainAbout: string;
  toHide: string;
  hidden: string;
  /** An open complaint about Lviv content. */
  complaint: number;
  /** A Lviv resident no role plays: one to block, one already blocked. */
  toBlock: number;
  blocked: number;
  /** Open requests to Lviv to confirm residence (addresses the codifier did not match): one to confirm, one to refuse. */
  toConfirm: number;
  toRefuse: number;
  lvivId: number;
  /** A fixture person's follows of Lviv: one for the cabinet's routes, one for its unsubscribe link. */
  followId: number;
  unsubscribeToken: string;
}

/** Who decides residence requests: every moderator of the community and its administrator (and the national moderator). */
const RESIDENCY_DECIDERS: readonly Role[] = [...COMMUNITY_MODERATORS, 'community-admin'];

export default defineModule<Fx>({
  name: 'core',
  async setup({ t, actors }) {
    const lviv = await communityId(t, 'lviv');
    const comments = await sql<{ id: number }>`select id from consultation_comments where community_id = ${lviv} order by id limit 4`.execute(t.ctx.db);
    if (comments.rows.length < 4) throw new Error('fixture: Lviv consultations have too few comments');
    const [a, b, c, d] = comments.rows.map((r) => String(r.id));
    const moderator = actors['consultations-moderator'].userId!;
    await hideContent(t.ctx.db, {
      communityId: lviv,
      subjectType: 'consultation-comment',
      subjectId: c!,
      reason: 'Образи',
      actorUserId: moderator,
      now: t.clock.now(),
    });
    await fileComplaint(t.ctx.db, {
      communityId: lviv,
      subjectType: 'consultation-comment',
      subjectId: d!,
      reporterUserId: actors.resident.userId!,
      reason: 'spam',
    });
    const complaint = await one(t, 'complaint', sql<{ id: number }>`select id from complaints where subject_id = ${d!} and status = 'open'`);
    const person = (lastName: string) =>
      upsertVerifiedUser(
        t.ctx.db,
        {
          identityKey: `authz:${lastName}`,
          lastName,
          firstName: 'Тест',
          patronymic: '',
          email: null,
          phone: null,
          birthDate: '1980-01-01',
          territorialCode: demoSettlementCode(lvivDemo),
          authType: 'diia_id',
        },
        t.clock.now(),
      );
    const toBlock = await person('Блокований');
    // A moderator blocks only someone who took part here: this person posted a notice in Lviv.
    await sql`insert into notices (community_id, author_user_id, author_name, body) values (${lviv}, ${toBlock}, 'Блокований Тест', 'Продам гараж')`.execute(
      t.ctx.db,
    );
    const blocked = await person('Обмежений');
    await blockUser(t.ctx.db, { communityId: lviv, userId: blocked, reason: 'Спам', actorUserId: moderator });
    const unmatched = async (lastName: string) => {
      const userId = await upsertVerifiedUser(
        t.ctx.db,
        {
          identityKey: `authz:${lastName}`,
          lastName,
          firstName: 'Тест',
          patronymic: '',
          email: null,
          phone: null,
          birthDate: '1980-01-01',
          territorialCode: null,
          authType: 'diia_id',
          residence: { address: 'Львівська обл., м. Гондор, вул. Зелена, 1', resolution: { kind: 'none', reason: 'unknown-settlement' } },
        },
        t.clock.now(),
      );
      await requestConfirmation(t.ctx.db, { userId, communityId: lviv });
      return (await one(t, 'residency request', sql<{ id: number }>`select id from residency_requests where user_id = ${userId} and status = 'new'`)).id;
    };
    const toConfirm = await unmatched('Непідтверджений');
    const toRefuse = await unmatched('Невідомий');
    const follower = await person('Стежить');
    const followRow = (tool: string) =>
      t.ctx.db.insertInto('follows').values({ user_id: follower, community_id: lviv, tool, frequency: 'instant' }).returning('id').executeTakeFirstOrThrow();
    const followId = (await followRow('')).id;
    const token = unsubscribeToken(t.ctx.config.secretKey, { kind: 'follow', followId: (await followRow('petitions')).id });
    return {
      complainAbout: a!,
      toHide: b!,
      hidden: c!,
      complaint: complaint.id,
      toBlock,
      blocked,
      toConfirm,
      toRefuse,
      lvivId: lviv,
      followId,
      unsubscribeToken: token,
    };
  },
  entries: [
    {
      route: 'POST /dev/clock',
      permission: 'demo.clock',
      allowed: SIGNED_IN,
      note: 'Demo mode only: moves the demo clock forward (never back); 0 days changes nothing, so the matrix keeps its time.',
      request: () => ({ url: '/dev/clock', form: { days: '0' } }),
      harmless: () => ({ url: '/dev/clock', form: { days: '' } }),
    },
    {
      route: 'POST /auth/email',
      permission: 'account.sign-in',
      allowed: EVERYONE,
      note: 'Starting the e-mail sign-in is open to anyone (a signed-in person may switch accounts).',
      request: () => ({ url: '/auth/email', form: { return: '/pryluky', email: 'authz@example.com', phone: '+380671234567' } }),
      harmless: () => ({ url: '/auth/email', form: { return: '/pryluky', email: '', phone: '' } }),
    },
    {
      route: 'POST /auth/email/verify',
      permission: 'account.sign-in',
      allowed: EVERYONE,
      note: 'The code is bound to the browser that asked for it; a code of nobody is «not valid» (400).',
      request: () => ({ url: '/auth/email/verify', form: { id: '1', code: '123456' } }),
    },
    {
      route: 'POST /auth/phone/verify',
      permission: 'account.sign-in',
      allowed: EVERYONE,
      note: 'The SMS code is bound to the browser whose e-mail code was right; a code of nobody is «not valid» (400).',
      request: () => ({ url: '/auth/phone/verify', form: { id: '1', code: '123456' } }),
    },
    {
      route: 'POST /auth/idgovua/start',
      permission: 'account.link-identity',
      allowed: [],
      note: 'Only an e-mail-level account asks to be linked to an identity; every role here is verified through id.gov.ua already (403).',
      request: () => ({ url: '/auth/idgovua/start' }),
    },
    {
      route: 'POST /auth/sign-out',
      permission: 'account.sign-in',
      allowed: EVERYONE,
      last: true,
      request: () => ({ url: '/auth/sign-out' }),
    },
    {
      route: 'POST /cabinet/residence',
      permission: 'residency.choose',
      allowed: SIGNED_IN,
      note: 'One’s own choice among the settlements one’s address fits; a code that is not one of them is refused (400).',
      request: () => ({ url: '/cabinet/residence', form: { code: 'UA46060250010015970', return: '/cabinet' } }),
    },
    {
      route: 'POST /cabinet/residence/request',
      permission: 'residency.choose',
      allowed: SIGNED_IN,
      note: 'Asks for oneself only; someone whose residence is already known gets 409.',
      request: (fx) => ({ url: '/cabinet/residence/request', form: { community: String(fx.lvivId) } }),
      harmless: () => ({ url: '/cabinet/residence/request', form: { community: '' } }),
    },
    {
      route: 'POST /:slug/manage/residency/:id/confirm',
      permission: 'residency.decide',
      allowed: RESIDENCY_DECIDERS,
      note: 'The first allowed caller confirms; the rest find it decided (409).',
      request: (fx) => ({ url: `/lviv/manage/residency/${fx.toConfirm}/confirm` }),
    },
    {
      route: 'POST /:slug/manage/residency/:id/refuse',
      permission: 'residency.decide',
      allowed: RESIDENCY_DECIDERS,
      request: (fx) => ({ url: `/lviv/manage/residency/${fx.toRefuse}/refuse`, form: { reason: 'Адреса не в нашій громаді' } }),
      harmless: (fx) => ({ url: `/lviv/manage/residency/${fx.toRefuse}/refuse`, form: { reason: '' } }),
    },
    {
      route: 'POST /cabinet/notifications',
      permission: 'account.manage',
      allowed: SIGNED_IN,
      request: () => ({ url: '/cabinet/notifications', form: { notify_email: 'on' } }),
    },
    {
      route: 'POST /cabinet/email',
      permission: 'account.manage',
      allowed: SIGNED_IN,
      request: () => ({ url: '/cabinet/email', form: { email: 'matrix@viche.example', return: '/cabinet' } }),
      harmless: () => ({ url: '/cabinet/email', form: { email: 'not an address' } }),
    },
    {
      route: 'POST /cabinet/email/verify',
      permission: 'account.manage',
      allowed: SIGNED_IN,
      request: () => ({ url: '/cabinet/email/verify', form: { id: '1', code: '123456' } }),
    },
    {
      route: 'POST /:slug/follow',
      permission: 'follows.follow',
      allowed: [],
      note: 'Following needs a confirmed e-mail address; no role here has confirmed one, so each is refused with the reason (403). test/core/follows.test.ts follows with one.',
      request: () => ({ url: '/lviv/follow', form: { tool: '', item: '', frequency: 'instant', return: '/lviv' } }),
    },
    {
      route: 'POST /cabinet/follows/:id',
      permission: 'follows.follow',
      allowed: [],
      hiddenFrom: SIGNED_IN,
      note: 'The follow is a fixture person’s: to everyone else it does not exist (404).',
      request: (fx) => ({ url: `/cabinet/follows/${fx.followId}`, form: { frequency: 'daily' } }),
    },
    {
      route: 'POST /cabinet/follows/:id/delete',
      permission: 'follows.follow',
      allowed: [],
      hiddenFrom: SIGNED_IN,
      note: 'The follow is a fixture person’s: to everyone else it does not exist (404).',
      request: (fx) => ({ url: `/cabinet/follows/${fx.followId}/delete`, form: { return: '/cabinet' } }),
    },
    {
      route: 'POST /unsubscribe/:token',
      permission: 'follows.unsubscribe',
      auth: 'secret',
      allowed: ['valid-secret'],
      note: 'RFC 8058 one-click: the token from a letter is the authority (no session, no CSRF token); an unknown one is 404.',
      request: (fx, link) => ({ url: `/unsubscribe/${link === 'valid-secret' ? fx.unsubscribeToken : `f1-${'A'.repeat(32)}`}` }),
    },
    {
      route: 'POST /cabinet/delete',
      permission: 'account.manage',
      allowed: SIGNED_IN,
      request: () => ({ url: '/cabinet/delete', form: { confirm: 'on' } }),
      harmless: () => ({ url: '/cabinet/delete', form: {} }),
    },
    {
      route: 'POST /complaints',
      permission: 'moderation.complain',
      allowed: SIGNED_IN,
      request: (fx) => ({ url: '/complaints', form: { type: 'consultation-comment', id: fx.complainAbout, reason: 'spam', details: '' } }),
    },
    {
      route: 'POST /:slug/manage/hide',
      permission: 'moderation.hide',
      allowed: COMMUNITY_MODERATORS,
      note: 'Any local moderator of the community (and the national one) handles its complaints queue.',
      objectsInForm: true,
      request: (fx) => ({ url: '/lviv/manage/hide', form: { type: 'consultation-comment', id: fx.toHide, reason: 'Образи' } }),
      harmless: (fx) => ({ url: '/lviv/manage/hide', form: { type: 'consultation-comment', id: fx.toHide, reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/unhide',
      permission: 'moderation.hide',
      allowed: COMMUNITY_MODERATORS,
      objectsInForm: true,
      request: (fx) => ({ url: '/lviv/manage/unhide', form: { type: 'consultation-comment', id: fx.hidden, reason: 'Помилково' } }),
      harmless: (fx) => ({ url: '/lviv/manage/unhide', form: { type: 'consultation-comment', id: fx.hidden, reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/complaints/:id/dismiss',
      permission: 'moderation.hide',
      allowed: COMMUNITY_MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/complaints/${fx.complaint}/dismiss` }),
    },
    {
      route: 'POST /:slug/manage/blocks',
      permission: 'moderation.block',
      allowed: COMMUNITY_MODERATORS,
      request: (fx) => ({ url: '/lviv/manage/blocks', form: { user_id: String(fx.toBlock), reason: 'Спам' } }),
      harmless: (fx) => ({ url: '/lviv/manage/blocks', form: { user_id: String(fx.toBlock), reason: '' } }),
    },
    {
      route: 'POST /:slug/manage/blocks/:userId/unblock',
      permission: 'moderation.block',
      allowed: COMMUNITY_MODERATORS,
      request: (fx) => ({ url: `/lviv/manage/blocks/${fx.blocked}/unblock` }),
    },
  ],
});
