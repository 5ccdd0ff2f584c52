/**
 * The community chat-bot: its settings and reference are for any local moderator or the administrator of
 * the community (and the national moderator), and so are its broadcasts; Telegram's webhook holds its secrets; the /dev/bot simulator
 * (demo mode only) is anyone's.
 */
import { sql } from 'kysely';
import { defineModule } from '../support/matrix.js';
import { communityId, one } from '../support/fixtures.js';
import { COMMUNITY_ADMINS, EVERYONE, ROLES, TOOL_MODERATORS, type Role } from '../support/roles.js';
import { sealSecret } from '../../../src/core/security/secret-box.js';
import { webhookSecrets } from '../../../src/modules/chatbot/messengers/telegram.js';

const MANAGERS: readonly Role[] = [...TOOL_MODERATORS, ...COMMUNITY_ADMINS];
const TOKEN = '7000000009:AAHmatrixMatrixMatrixMatrixMatrix0000';

interface Fx {
  node: number;
  /** One entry per caller to delete, so that each allowed one deletes something real. */
  doomed: Record<Role, number>;
  hookPath: string;
  hookSecret: string;
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

const update = { update_id: 1, message: { message_id: 1, date: 1_700_000_000, chat: { id: 1, type: 'private' }, text: '/start' } };

export default defineModule<Fx>({
  name: 'chatbot',
  async setup({ t }) {
    const lviv = await communityId(t, 'lviv');
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
    await sql`update chatbot_settings set enabled = true, telegram_token_sealed = ${sealed} where community_id = ${lviv}`.execute(t.ctx.db);
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
    return { node, doomed, hookPath: `/bots/telegram/lviv/${secrets.path}`, hookSecret: secrets.header, scheduled };
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
      route: 'POST /dev/bot',
      permission: 'chatbot.simulate',
      allowed: EVERYONE,
      note: 'Demo mode only (the route does not exist otherwise): anyone talks to the bot in the browser.',
      request: () => ({ url: '/dev/bot', form: { community: 'lviv', text: 'ЦНАП' } }),
    },
  ],
});
