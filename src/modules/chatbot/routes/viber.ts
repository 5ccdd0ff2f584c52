/**
 * Viber's webhook, `POST /bots/viber/:community/:secret`: the body is kept raw, for Viber signs it
 * (`X-Viber-Content-Signature`, HMAC-SHA256 with the bot's token); a wrong path secret or signature is
 * refused. A message or subscription is queued (one job per `message_token`, so Viber's redelivery adds
 * nothing) and answered at once; an unsubscription deletes the chat id there and then; the opening of a
 * chat is greeted in the answer itself, as Viber asks. The check of a new webhook (`webhook` callback,
 * sent while the moderator saves the token, before it is stored) is acknowledged and does nothing.
 *
 * The platform's one Viber bot (PLATFORM_VIBER_TOKEN) calls `POST /bots/platform/viber/:secret`, checked
 * the same way; its turns go to service/platform.ts, where the person first picks their community.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { findCommunityBySlug } from '../../../core/communities/communities-repository.js';
import { enqueueJob } from '../../../core/jobs/queue.js';
import { cleanBody } from '../../../core/http/form-parser.js';
import { findSettings } from '../repository.js';
import { viberTokenOf } from '../service.js';
import { forgetViberChat, viberWelcome } from '../service/viber.js';
import { forgetPlatformViberChat, platformViberPathSecret, platformViberWelcome, PLATFORM_VIBER_JOB } from '../service/platform.js';
import { sameSecret } from '../messengers/telegram.js';
import { readViberEvent, validViberSignature, VIBER_EVENT_JOB, viberPathSecret } from '../messengers/viber.js';

function parseJson(raw: Buffer): unknown {
  try {
    return cleanBody(JSON.parse(raw.toString('utf8')));
  } catch {
    return null;
  }
}

export async function registerViberWebhook(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  await app.register(async (scope) => {
    // In this scope only: JSON bodies stay raw bytes, to check the signature over exactly what Viber sent.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

    scope.post<{ Params: { community: string; secret: string } }>(
      '/bots/viber/:community/:secret',
      { config: { permission: 'chatbot.webhook', csrf: false } },
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : null;
        const body = raw ? parseJson(raw) : null;
        const c = await findCommunityBySlug(ctx.db, req.params.community);
        if (!c) return reply.status(404).send({ ok: false, error: 'not_found' });
        const event = readViberEvent(body);
        if (typeof body === 'object' && body !== null && (body as { event?: unknown }).event === 'webhook') return reply.status(200).send({ ok: true });
        const settings = await findSettings(ctx.db, c.id);
        const token = settings?.enabled ? viberTokenOf(ctx, settings) : null;
        if (!token) return reply.status(404).send({ ok: false, error: 'not_found' });
        if (
          !raw ||
          !sameSecret(viberPathSecret(ctx.config.secretKey, c.id, token), req.params.secret) ||
          !validViberSignature(token, raw, req.headers['x-viber-content-signature'])
        ) {
          return reply.status(403).send({ ok: false, error: 'forbidden' });
        }
        if (event.kind === 'conversation-started') return reply.status(200).send(viberWelcome(c, event.lang));
        if (event.kind === 'unsubscribed') await forgetViberChat(ctx, c.id, event.chatId);
        if (event.kind === 'turn') {
          await enqueueJob(
            ctx.db,
            VIBER_EVENT_JOB,
            { communityId: c.id, turn: event.turn },
            { runAt: ctx.clock.now(), dedupeKey: `chatbot:viber:${c.id}:${event.turn.eventId}`, maxAttempts: 3 },
          );
        }
        return reply.status(200).send({ ok: true });
      },
    );

    scope.post<{ Params: { secret: string } }>(
      '/bots/platform/viber/:secret',
      { config: { permission: 'chatbot.webhook', csrf: false } },
      async (req, reply) => {
        const token = ctx.config.platformBot.viberToken;
        if (!token) return reply.status(404).send({ ok: false, error: 'not_found' });
        const raw = Buffer.isBuffer(req.body) ? req.body : null;
        if (
          !raw ||
          !sameSecret(platformViberPathSecret(ctx, token), req.params.secret) ||
          !validViberSignature(token, raw, req.headers['x-viber-content-signature'])
        ) {
          return reply.status(403).send({ ok: false, error: 'forbidden' });
        }
        const event = readViberEvent(parseJson(raw));
        if (event.kind === 'conversation-started') return reply.status(200).send(await platformViberWelcome(ctx, event.lang));
        if (event.kind === 'unsubscribed') await forgetPlatformViberChat(ctx, event.chatId);
        if (event.kind === 'turn') {
          await enqueueJob(
            ctx.db,
            PLATFORM_VIBER_JOB,
            { turn: event.turn },
            { runAt: ctx.clock.now(), dedupeKey: `chatbot:platform-viber:${event.turn.eventId}`, maxAttempts: 3 },
          );
        }
        return reply.status(200).send({ ok: true });
      },
    );
  });
}
