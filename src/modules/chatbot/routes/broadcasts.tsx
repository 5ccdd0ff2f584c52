/** The moderator's broadcasts, at /:slug/manage/chatbot/broadcasts: write (with a photo), preview, send or schedule, cancel. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError } from '../../../core/http/errors.js';
import { uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import { MAX_PHOTO_BYTES, readPhotos } from '../../../core/media/photos.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { settlementsWithin } from '../../../core/katottg/codifier-repository.js';
import { pick } from '../../../core/i18n/index.js';
import type { FormState } from '../../../core/views/forms.js';
import { requireBotManager } from '../access.js';
import { countSubscribers } from '../repository.js';
import { countAudience, listBroadcasts } from '../repository/broadcasts.js';
import { cancelBroadcast, createBroadcast } from '../service/broadcasts.js';
import { parseBroadcastForm } from '../forms/broadcasts.js';
import { audienceText, broadcastsBase, BroadcastsPage, type BroadcastPreview } from '../views/broadcasts.js';

type Slug = { Params: { slug: string } };

const NOTICES = {
  sent: { uk: 'Розсилку поставлено в чергу: вона піде за кілька секунд.', en: 'The broadcast is queued: it goes out within seconds.' },
  scheduled: { uk: 'Розсилку заплановано.', en: 'The broadcast is scheduled.' },
  cancelled: { uk: 'Розсилку скасовано.', en: 'The broadcast is cancelled.' },
};

export function registerBroadcastRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const render = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, preview: BroadcastPreview | null, status = 200) => {
    const noticeKey = queryString(req, 'done');
    const notice = Object.hasOwn(NOTICES, noticeKey) ? pick(NOTICES[noticeKey as keyof typeof NOTICES], req.lang) : null;
    const p = await pageCtx(ctx, req, c);
    const [settlements, subscribers, broadcasts] = await Promise.all([
      settlementsWithin(ctx.db, c.territorialCodes),
      countSubscribers(ctx.db, c.id),
      listBroadcasts(ctx.db, c.id),
    ]);
    return sendHtml(reply, await BroadcastsPage({ p, c, form, preview, notice, settlements, subscribers, broadcasts }), status);
  };

  const limitWrites = async (req: FastifyRequest, userId: number) => {
    const limit = await hitRateLimit(ctx.db, { key: `chatbot:broadcast:${userId}`, max: 60, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато розсилок за годину.', en: 'Too many broadcasts this hour.' }, req.lang));
  };

  app.get<Slug>('/:slug/manage/chatbot/broadcasts', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireBotManager(req, c);
    return render(req, reply, c, { values: {}, errors: {} }, null);
  });

  const uploads = uploadRoute<Slug>({
    ctx,
    permission: 'chatbot.broadcast',
    limits: { fileBytes: MAX_PHOTO_BYTES, files: 2 },
    authorize: async (req) => requireBotManager(req, await communityOr404(ctx, req.params.slug)),
  });

  app.post<Slug>('/:slug/manage/chatbot/broadcasts', uploads, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireBotManager(req, c);
    const now = ctx.clock.now();
    const settlements = await settlementsWithin(ctx.db, c.territorialCodes);
    const files = uploadsOf(req, 'photo');
    const parsed = parseBroadcastForm(req.body, { lang: req.lang, now, settlements, hasPhoto: files.length > 0 });
    const { photos, error } = await readPhotos(ctx, req, files, {
      max: 1,
      tooMany: () => pick({ uk: 'Лише одне фото', en: 'One photo only' }, req.lang),
    });
    const errors = { ...parsed.errors, ...(error ? { photo: error } : {}) };
    if (!parsed.fields || error) return render(req, reply, c, { values: parsed.values, errors }, null, 400);
    const f = parsed.fields;
    if (field(req.body, 'action') === 'preview') {
      const preview: BroadcastPreview = {
        text: f.body,
        button: f.button,
        photo: photos.length > 0,
        audience: audienceText(await pageCtx(ctx, req, c), f.audience, settlements),
        recipients: await countAudience(ctx.db, c.id, f.audience),
        sendAt: f.sendAt,
      };
      return render(req, reply, c, { values: parsed.values, errors: {} }, preview);
    }
    await limitWrites(req, v.id);
    await createBroadcast(ctx, { community: c, actorUserId: v.id, fields: { ...f, photo: photos[0]?.data ?? null }, now });
    return reply.redirect(`${broadcastsBase(c)}?done=${f.sendAt.getTime() > now.getTime() ? 'scheduled' : 'sent'}#sent`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/chatbot/broadcasts/:id/cancel',
    { config: { permission: 'chatbot.broadcast' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      const v = requireBotManager(req, c);
      const id = idOr404(req.params.id);
      await limitWrites(req, v.id);
      if (!(await cancelBroadcast(ctx, { community: c, actorUserId: v.id, id }))) {
        throw new HttpError(
          409,
          'conflict',
          pick({ uk: 'Цю розсилку вже не скасувати: вона почалася або її немає.', en: 'This broadcast can no longer be cancelled.' }, req.lang),
        );
      }
      return reply.redirect(`${broadcastsBase(c)}?done=cancelled#sent`, 303);
    },
  );
}
