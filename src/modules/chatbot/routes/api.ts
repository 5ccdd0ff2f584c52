/**
 * The messengers' webhooks. Telegram calls `POST /bots/telegram/:community/:secret` with the
 * `X-Telegram-Bot-Api-Secret-Token` header that setWebhook's `secret_token` asked for; both secrets are
 * checked, the update is queued (one job per update id, so Telegram's redelivery adds nothing) and the
 * answer is an immediate 200: the reply goes out from the job queue, never while Telegram waits.
 *
 * `GET /bots/broadcasts/:id/:key.jpg` gives a broadcast's photo to Viber, which fetches a picture message's
 * photo by its URL; the key (derived from SECRET_KEY) is checked, so one link tells nothing of the others.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { findSettings } from '../repository.js';
import { telegramTokenOf } from '../service.js';
import { readUpdate, sameSecret, webhookSecrets } from '../messengers/telegram.js';
import { queueTelegramTurn } from '../messengers/polling.js';
import { broadcastPhoto } from '../repository/broadcasts.js';
import { broadcastPhotoKey } from '../service/broadcasts.js';

export function registerWebhookRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Params: { community: string; secret: string } }>(
    '/bots/telegram/:community/:secret',
    { config: { permission: 'chatbot.webhook', csrf: false } },
    async (req, reply) => {
      const c = await findCommunityBySlug(ctx.db, req.params.community);
      const settings = c ? await findSettings(ctx.db, c.id) : null;
      const token = settings?.enabled ? telegramTokenOf(ctx, settings) : null;
      if (!c || !token) return reply.status(404).send({ ok: false, error: 'not_found' });
      const secrets = webhookSecrets(ctx.config.secretKey, c.id, token);
      if (!sameSecret(secrets.path, req.params.secret) || !sameSecret(secrets.header, req.headers['x-telegram-bot-api-secret-token'])) {
        return reply.status(403).send({ ok: false, error: 'forbidden' });
      }
      const turn = readUpdate(req.body);
      if (turn) await queueTelegramTurn(ctx, c.id, turn);
      return reply.status(200).send({ ok: true });
    },
  );

  app.get<{ Params: { id: string; key: string } }>('/bots/broadcasts/:id/:key', async (req, reply) => {
    const id = /^\d{1,9}$/.test(req.params.id) ? Number(req.params.id) : null;
    const photo = id === null || !sameSecret(`${broadcastPhotoKey(ctx.config.secretKey, id)}.jpg`, req.params.key) ? null : await broadcastPhoto(ctx.db, id);
    if (!photo) return reply.status(404).send({ ok: false, error: 'not_found' });
    return reply.header('content-type', 'image/jpeg').header('cache-control', 'public, max-age=86400').send(photo);
  });
}
