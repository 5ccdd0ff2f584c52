/**
 * The platform bot's webhook, `POST /bots/platform/telegram/:secret` (PLATFORM_TELEGRAM_TOKEN): checked
 * as a community bot's (the secret path and `X-Telegram-Bot-Api-Secret-Token`), queued once per update
 * id and answered at once. Without the token the route answers 404.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { readUpdate, sameSecret } from '../messengers/telegram.js';
import { queuePlatformTelegramTurn } from '../messengers/polling.js';
import { platformWebhook } from '../service/platform.js';

export function registerPlatformWebhook(app: FastifyInstance, ctx: CoreContext): void {
  app.post<{ Params: { secret: string } }>(
    '/bots/platform/telegram/:secret',
    { config: { permission: 'chatbot.webhook', csrf: false } },
    async (req, reply) => {
      const token = ctx.config.platformBot.telegramToken;
      if (!token) return reply.status(404).send({ ok: false, error: 'not_found' });
      const hook = platformWebhook(ctx, token);
      if (!sameSecret(hook.path, req.params.secret) || !sameSecret(hook.header, req.headers['x-telegram-bot-api-secret-token'])) {
        return reply.status(403).send({ ok: false, error: 'forbidden' });
      }
      const turn = readUpdate(req.body);
      if (turn) await queuePlatformTelegramTurn(ctx, turn);
      return reply.status(200).send({ ok: true });
    },
  );
}
