/**
 * The community chat-bot: its settings and reference are for any local moderator or the administrator of
 * the community (and the national moderator), and so are its broadcasts; Telegram's webhook holds its
 * secrets; the /dev/bot simulator (demo mode only) is anyone's. Linking a chat is for anyone signed in who
 * holds the chat's one-time link; unlinking in the cabinet, for the account the chat is linked to.
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_ADMINS, EVERYONE, ROLES, SIGNED_IN, TOOL_MODERATORS, type Role } from '../support/roles.js';
import { sealSecret } from '../../../src/core/security/secret-box.js';
import { webhookSecrets } from '../../../src/modules/chatbot/messengers/telegram.js';
import { viberPathSecret, viberSignature } from '../../../src/modules/chatbot/messengers/viber.js';
import { linkTokenHash } from '../../../src/modules/chatbot/service/linking.js';

const MANAGERS: readonly Role[] = [...TOOL_MODERATORS, ...COMMUNITY_ADMINS];
const TOKEN = '7000000009:AAHmatrixMatrixMatrixMatrixMatrix0000';
const PLATFORM_TOKEN = '7000000010:AAHmatrixPlatformMatrixPlatform0000';
const VIBER_TOKEN = '4b1f3e2d5c6a7b8c-matrix-matrix-matrix00';
const PLATFORM_VIBER_TOKEN = '4b1f3e2d5c6a7b8c-matrix-platform-viber';

interface Fx {
  node: number;
  /** One entry per caller to delete, so that each allowed one deletes something real. */
  doomed: Record<Role, number>;
  hookPath: string;
  hookSecret: string;
  viberPath: string;
  platformPath: string;
  platformSecret: string;
  platformViberPath: string;
  /** Per caller: a chat's one-time link token, and a chat linked to the caller's account. */
  linkToken: Record<Role, string>;
  linkedChat: Record<Role, number>;
  /** One scheduled broadcast per caller to cancel. */
  scheduled: Record<Role, number>;
}

const broadcast = (body: string) => ({
  body,
  button_label: '',
  button_url: '',
  audience: 'all',
  settlement: '',
  topic: '',
  when: 'later',
  send_date: '2099-01-01',
  send_time: '10:00',
});

const fullNode = (title: string) => ({
  parent: '',
  title_uk: title,
  title_en: '',
  body_uk: 'Текст пункту.',
  body_en: '',
  phone: '',
  address: '',
  lat: '',
  lon: '',
  hours: '',
  url: '',
});

const viberEvent = {
  event: 'message',
  timestamp: 1_700_000_000_000,
  message_token: 1,
  sender: { id: 'matrix-user', name: 'Тест', language: 'uk' },
  message: { type: 'text', text: 'ЦНАП' },
};

const update = { update_id: 1, message: { message_id: 1, date: 1_700_000_000, chat: { id: 1, type: 'private' }, text: '/start' } };

export default defineModule<Fx>({
  name: 'chatbot',
  async setup({ t, actors }) {
    const lviv = await communityId(t, 'lviv');
    const linkToken = {} as Record<Role, string>;
    const linkedChat = {} as Record<Role, number>;
    for (const [i, role] of ROLES.entries()) {
      const chat = async (suffix: string, userId: number | null) =>
        (
          await sql<{ id: number }>`insert into chatbot_subscribers (community_id, channel, chat_id, user_id)
            values (${lviv}, 'sim', ${`matrix-${suffix}-${role}`}, ${userId}) returning id`.execute(t.ctx.db)
        ).rows[0]!.id;
      const token = `matrixLinkToken${String(i).padStart(2, '0')}${'x'.repeat(26)}`;
      await sql`insert into chatbot_link_tokens (community_id, subscriber_id, token_hash, expires_at)
        values (${lviv}, ${await chat('link', null)}, ${linkTokenHash(token)}, now() + interval '1 day')`.execute(t.ctx.db);
      linkToken[role] = token;
      linkedChat[role] = await chat('linked', actors[role].userId ?? null);
    }
    const node = (
      await one(t, 'a chat-bot reference entry of Lviv', sql<{ id: number }>`select id from chatbot_nodes where community_id = ${lviv} order by id limit 1`)
    ).id;
    const doomed = {} as Record<Role, number>;
    for (const role of ROLES) {
      const r = await sql<{
        id: number;
      }>`insert into chatbot_nodes (community_id, position, title_uk) values (${lviv}, 100, ${`Видалити: ${role}`}) returning id`.execute(t.ctx.db);
      doomed[role] = r.rows[0]!.id;
    }
    // Lviv's bot connected, as the moderator's form would leave it (without calling Telegram).
    const sealed = sealSecret(t.ctx.config.secretKey, `chatbot:telegram:${lviv}`, TOKEN);
    const viberSealed = sealSecret(t.ctx.config.secretKey, `chatbot:viber:${lviv}`, VIBER_TOKEN);
    await sql`update chatbot_settings set enabled = true, telegram_token_sealed = ${sealed}, viber_token_sealed = ${viberSealed} where community_id = ${lviv}`.execute(
      t.ctx.db,
    );
    const secrets = webhookSecrets(t.ctx.config.secretKey, lviv, TOKEN);
    const scheduled = {} as Record<Role, number>;
    for (const role of ROLES) {
      const r = await sql<{
        id: number;
      }>`insert into chatbot_broadcasts (community_id, body, audience, send_at) values (${lviv}, ${`Скасувати: ${role}`}, 'all', now() + interval '30 days') returning id`.execute(
        t.ctx.db,
      );
      scheduled[role] = r.rows[0]!.id;
    }
    // The platform's one bot configured (PLATFORM_TELEGRAM_TOKEN); its secrets are derived with community 0.
    t.ctx.config.platformBot = { telegramToken: PLATFORM_TOKEN, viberToken: PLATFORM_VIBER_TOKEN };
    const platform = webhookSecrets(t.ctx.config.secretKey, 0, PLATFORM_TOKEN);
    return {
      platformPath: `/bots/platform/telegram/${platform.path}`,
      platformSecret: platform.header,
      platformViberPath: `/bots/platform/viber/${viberPathSecret(t.ctx.config.secretKey, 0, PLATFORM_VIBER_TOKEN)}`,
      node,
      doomed,
      hookPath: `/bots/telegram/lviv/${secrets.path}`,
      hookSecret: secrets.header,
      linkToken,
      scheduled,
      linkedChat,
      viberPath: `/bots/viber/lviv/${viberPathSecret(t.ctx.config.secretKey, lviv, VIBER_TOKEN)}`,
    };
  },
  entries: [
    {
      route: 'POST /:slug/manage/chatbot/settings',
      permission: 'chatbot.configure',
      allowed: MANAGERS,
      request: () => ({ url: '/lviv/manage/chatbot/settings', form: { enabled: 'on', remove_telegram: 'on' } }),
      harmless: () => ({ url: '/lviv/manage/chatbot/settings', form: { telegram_token: 'not-a-token' } }),
    },
    {
      route: 'POST /:slug/manage/chatbot/nodes',
      permission: 'chatbot.edit-reference',
      allowed: MANAGERS,
      request: () => ({ url: '/lviv/manage/chatbot/nodes', form: fullNode('Укриття') }),
      harmless: () => ({ url: '/lviv/manage/chatbot/nodes', form: fullNode('') }),
    },
    {
      route: 'POST /:slug/manage/chatbot/nodes/:id',
      permission: 'chatbot.edit-reference',
      allowed: MANAGERS,
      request: (fx) => ({ url: `/lviv/manage/chatbot/nodes/${fx.node}`, form: fullNode('ЦНАП: змінено') }),
      harmless: (fx) => ({ url: `/lviv/manage/chatbot/nodes/${fx.node}`, form: fullNode('') }),
    },
    {
      route: 'POST /:slug/manage/chatbot/nodes/:id/move',
      permission: 'chatbot.edit-reference',
      allowed: MANAGERS,
      request: (fx) => ({ url: `/lviv/manage/chatbot/nodes/${fx.node}/move`, form: { direction: 'down' } }),
      harmless: (fx) => ({ url: `/lviv/manage/chatbot/nodes/${fx.node}/move`, form: { direction: '' } }),
    },
    {
      route: 'POST /:slug/manage/chatbot/nodes/:id/delete',
      permission: 'chatbot.edit-reference',
      allowed: MANAGERS,
      request: (fx, role) => ({ url: `/lviv/manage/chatbot/nodes/${fx.doomed[role]}/delete`, form: {} }),
    },
    {
      route: 'POST /:slug/manage/chatbot/broadcasts',
      permission: 'chatbot.broadcast',
      allowed: MANAGERS,
      request: () => ({ url: '/lviv/manage/chatbot/broadcasts', form: broadcast('Завтра не буде води.'), files: [] }),
      harmless: () => ({ url: '/lviv/manage/chatbot/broadcasts', form: broadcast(''), files: [] }),
    },
    {
      route: 'POST /:slug/manage/chatbot/broadcasts/:id/cancel',
      permission: 'chatbot.broadcast',
      allowed: MANAGERS,
      request: (fx, role) => ({ url: `/lviv/manage/chatbot/broadcasts/${fx.scheduled[role]}/cancel`, form: {} }),
    },
    {
      route: 'POST /bots/telegram/:community/:secret',
      permission: 'chatbot.webhook',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: { statuses: [403], why: 'the community has a bot, so a wrong path secret or header is «forbidden»; a community without one is 404' },
      request: (fx, secret) =>
        secret === 'valid-secret'
          ? { url: fx.hookPath, json: update, headers: { 'x-telegram-bot-api-secret-token': fx.hookSecret } }
          : { url: fx.hookPath, json: update, headers: { 'x-telegram-bot-api-secret-token': 'wrong-secret' } },
    },
    {
      route: 'POST /bots/viber/:community/:secret',
      permission: 'chatbot.webhook',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: {
        statuses: [403],
        why: 'the community has a Viber bot, so a body not signed with its token is «forbidden»; a community without one is 404',
      },
      request: (fx, secret) => ({
        url: fx.viberPath,
        json: viberEvent,
        headers: {
          'x-viber-content-signature':
            secret === 'valid-secret' ? viberSignature(VIBER_TOKEN, JSON.stringify(viberEvent)) : viberSignature('wrong', JSON.stringify(viberEvent)),
        },
      }),
    },
    {
      route: 'POST /bots/platform/telegram/:secret',
      permission: 'chatbot.webhook',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: {
        statuses: [403],
        why: 'the platform bot is configured, so a wrong path secret or header is «forbidden»; without PLATFORM_TELEGRAM_TOKEN it is 404',
      },
      request: (fx, secret) => ({
        url: fx.platformPath,
        json: update,
        headers: { 'x-telegram-bot-api-secret-token': secret === 'valid-secret' ? fx.platformSecret : 'wrong-secret' },
      }),
    },
    {
      route: 'POST /bots/platform/viber/:secret',
      permission: 'chatbot.webhook',
      auth: 'secret',
      allowed: ['valid-secret'],
      refusedWith: {
        statuses: [403],
        why: 'the platform’s Viber bot is configured, so a body not signed with its token is «forbidden»; without PLATFORM_VIBER_TOKEN it is 404',
      },
      request: (fx, secret) => ({
        url: fx.platformViberPath,
        json: viberEvent,
        headers: {
          'x-viber-content-signature':
            secret === 'valid-secret' ? viberSignature(PLATFORM_VIBER_TOKEN, JSON.stringify(viberEvent)) : viberSignature('wrong', JSON.stringify(viberEvent)),
        },
      }),
    },
    {
      route: 'POST /:slug/chatbot/link/:token',
      permission: 'chatbot.link',
      allowed: SIGNED_IN,
      note: 'The one-time link is the chat’s; whoever opens it must also be signed in and confirm (the anonymous are sent to sign in).',
      request: (fx, role) => ({ url: `/lviv/chatbot/link/${fx.linkToken[role]}`, form: {} }),
    },
    {
      route: 'POST /cabinet/chatbot/:id/unlink',
      permission: 'chatbot.unlink',
      allowed: SIGNED_IN,
      note: 'Each caller unlinks a chat linked to their own account; another account’s chat is 404 (tested in test/modules/chatbot/edem.test.ts).',
      request: (fx, role) => ({ url: `/cabinet/chatbot/${fx.linkedChat[role]}/unlink`, form: {} }),
    },
    {
      route: 'POST /dev/bot',
      permission: 'chatbot.simulate',
      allowed: EVERYONE,
      note: 'Demo mode only (the route does not exist otherwise): anyone talks to the bot in the browser.',
      request: () => ({ url: '/dev/bot', form: { community: 'lviv', text: 'ЦНАП' } }),
    },
  ],
});
