/**
 * /dev/bot, in demo mode only (like /dev/mail): a browser chat with a community's bot. It drives the very
 * dialogue (rules.ts through service.ts) the Telegram and Viber adapters do, on channel `sim`, and works
 * without JavaScript: each message or button is a form post, then the page again. The form is multipart,
 * so a photo can be sent from a plain file input (the Open City report with a photo).
 */
import { createHmac } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { findCommunityBySlug, searchCommunities } from '../../../core/communities/communities-repository.js';
import { pick } from '../../../core/i18n/index.js';
import { simLog } from '../repository.js';
import { resetSimulation, simulatePhoto, simulateTurn } from '../service.js';
import { uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { MAX_PHOTO_BYTES } from '../../../core/media/photos.js';
import { SimulatorPage } from '../views/simulator.js';

export function registerSimulatorRoutes(app: FastifyInstance, ctx: CoreContext): void {
  if (!ctx.config.demo) return;
  // The browser's own chat: keyed by its browser id, never by anything about the person.
  const chatIdOf = (req: FastifyRequest) => createHmac('sha256', ctx.config.secretKey).update(`chatbot:sim:${req.browserId}`).digest('base64url').slice(0, 22);

  app.get('/dev/bot', async (req, reply) => {
    const communities = await searchCommunities(ctx.db, {});
    const chosen = queryString(req, 'community');
    const c = (chosen ? await findCommunityBySlug(ctx.db, chosen) : null) ?? communities[0];
    if (!c) throw new HttpError(404, 'not_found', pick({ uk: 'На платформі ще немає громад.', en: 'There are no communities yet.' }, req.lang));
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await SimulatorPage({ p, communities, c, log: await simLog(ctx.db, c.id, chatIdOf(req)) }));
  });

  // Anyone may talk to the simulator: nothing to check before the body but the CSRF token (uploadRoute does it).
  const uploads = uploadRoute({ ctx, permission: 'chatbot.simulate', limits: { fileBytes: MAX_PHOTO_BYTES, files: 1 }, authorize: async () => undefined });

  app.post('/dev/bot', uploads, async (req, reply) => {
    const c = await communityOr404(ctx, field(req.body, 'community'));
    const now = ctx.clock.now();
    const limit = await hitRateLimit(ctx.db, { key: `chatbot:sim:${req.browserId}`, max: 600, windowSeconds: 3600 }, now);
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато повідомлень за годину.', en: 'Too many messages this hour.' }, req.lang));
    const chatId = chatIdOf(req);
    const button = field(req.body, 'button');
    const text = field(req.body, 'text').slice(0, 4096);
    const photo = uploadsOf(req, 'photo').find((u) => u.data !== null && u.data.length > 0);
    if (photo?.tooLarge) {
      throw new HttpError(413, 'too_large', pick({ uk: 'Фото завелике: до 10 МБ.', en: 'The photo is too large: up to 10 MB.' }, req.lang));
    }
    if (field(req.body, 'reset')) await resetSimulation(ctx, c.id, chatId);
    else if (photo?.data) await simulatePhoto(ctx, { community: c, chatId, photo: photo.data, lang: req.lang, now });
    else if (button) await simulateTurn(ctx, { community: c, chatId, input: { kind: 'button', data: button.slice(0, 64) }, lang: req.lang, now });
    else if (text) await simulateTurn(ctx, { community: c, chatId, input: { kind: 'text', text }, lang: req.lang, now });
    return reply.redirect(`/dev/bot?community=${encodeURIComponent(c.slug)}#chat-end`, 303);
  });
}
