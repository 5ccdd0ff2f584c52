/** The staff's pages at /:slug/manage/appeals: the queue, one appeal, and taking, extending and answering it. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, idOr404, queryString } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError } from '../../../core/http/errors.js';
import { hitRateLimit } from '../../../core/security/rate-limit.js';
import { pick, type Text } from '../../../core/i18n/index.js';
import type { FormState } from '../../../core/views/forms.js';
import { appealNotFound, requireAnswerer } from '../access.js';
import { parseAnswerForm, parseExtendForm } from '../forms.js';
import { findAppeal, listQueue, userName, type Appeal } from '../repository.js';
import { answerAppeal, assignAppeal, extendAppeal, type ExtendRefusal } from '../service.js';
import { termsOf } from '../rules.js';
import { manageBase, ManageAppealPage, QueuePage } from '../views/manage.js';

type Slug = { Params: { slug: string } };
type SlugId = { Params: { slug: string; id: string } };

const NOTICES: Record<string, Text> = {
  assigned: { uk: 'Звернення ваше: воно на розгляді.', en: 'The appeal is yours: it is under consideration.' },
  extended: { uk: 'Термін продовжено; автору повідомлено причину.', en: 'The term is extended; the author is told why.' },
  answered: { uk: 'Відповідь надіслано автору.', en: 'The answer is sent to the author.' },
};

const REFUSALS: Record<ExtendRefusal, Text> = {
  answered: { uk: 'На це звернення вже відповіли: відповідь остаточна.', en: 'This appeal is answered already: the answer is final.' },
  'not-found': { uk: 'Такого звернення немає.', en: 'No such appeal.' },
  'too-long': { uk: 'Увесь термін розгляду — не більше 45 днів від дня отримання.', en: 'The whole term is at most 45 days from receipt.' },
  'not-longer': { uk: 'Новий термін має бути пізніший за нинішній.', en: 'The new term must end later than the current one.' },
};

export function registerManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const limitWrites = async (req: FastifyRequest, userId: number) => {
    const limit = await hitRateLimit(ctx.db, { key: `appeals:manage:${userId}`, max: 300, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', pick({ uk: 'Забагато змін за годину.', en: 'Too many changes this hour.' }, req.lang));
  };

  const appealOr404 = async (req: FastifyRequest<SlugId>, c: Community): Promise<Appeal> => {
    const a = await findAppeal(ctx.db, c.id, idOr404(req.params.id));
    if (!a) throw appealNotFound(req);
    return a;
  };

  const renderItem = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    a: Appeal,
    forms: { answer?: FormState; extend?: FormState } = {},
    status = 200,
  ) => {
    const key = queryString(req, 'done');
    const notice = Object.hasOwn(NOTICES, key) ? pick(NOTICES[key]!, req.lang) : null;
    reply.header('cache-control', 'private, no-store');
    return sendHtml(
      reply,
      await ManageAppealPage({
        p: await pageCtx(ctx, req, c),
        c,
        a,
        terms: termsOf(a.receivedAt, ctx.calendar),
        assigneeName: a.assigneeUserId === null ? null : await userName(ctx.db, a.assigneeUserId),
        now: ctx.clock.now(),
        answerForm: forms.answer ?? { values: {}, errors: {} },
        extendForm: forms.extend ?? { values: {}, errors: {} },
        notice,
      }),
      status,
    );
  };

  const refused = (req: FastifyRequest, r: ExtendRefusal) =>
    new HttpError(r === 'not-found' ? 404 : 409, r === 'not-found' ? 'not_found' : 'conflict', pick(REFUSALS[r], req.lang));

  app.get<Slug>('/:slug/manage/appeals', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireAnswerer(req, c);
    const show = queryString(req, 'show') === 'answered' ? 'answered' : 'open';
    reply.header('cache-control', 'private, no-store');
    return sendHtml(reply, await QueuePage({ p: await pageCtx(ctx, req, c), c, rows: await listQueue(ctx.db, c.id, show), show, now: ctx.clock.now() }));
  });

  app.get<SlugId>('/:slug/manage/appeals/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireAnswerer(req, c);
    return renderItem(req, reply, c, await appealOr404(req, c));
  });

  app.post<SlugId>('/:slug/manage/appeals/:id/assign', { config: { permission: 'appeals.answer' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireAnswerer(req, c);
    const a = await appealOr404(req, c);
    await limitWrites(req, v.id);
    const r = await assignAppeal(ctx, { community: c, id: a.id, actorUserId: v.id });
    if (r) throw refused(req, r);
    return reply.redirect(`${manageBase(c)}/${a.id}?done=assigned`, 303);
  });

  app.post<SlugId>('/:slug/manage/appeals/:id/extend', { config: { permission: 'appeals.answer' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireAnswerer(req, c);
    const a = await appealOr404(req, c);
    await limitWrites(req, v.id);
    const parsed = parseExtendForm(req.body, req.lang);
    if (!parsed.fields) return renderItem(req, reply, c, a, { extend: parsed }, 400);
    const r = await extendAppeal(ctx, { community: c, id: a.id, actorUserId: v.id, ...parsed.fields, now: ctx.clock.now() });
    if (r === 'too-long' || r === 'not-longer')
      return renderItem(req, reply, c, a, { extend: { values: parsed.values, errors: { days: pick(REFUSALS[r], req.lang) } } }, 400);
    if (r) throw refused(req, r);
    return reply.redirect(`${manageBase(c)}/${a.id}?done=extended`, 303);
  });

  app.post<SlugId>('/:slug/manage/appeals/:id/answer', { config: { permission: 'appeals.answer' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireAnswerer(req, c);
    const a = await appealOr404(req, c);
    await limitWrites(req, v.id);
    const parsed = parseAnswerForm(req.body, req.lang);
    if (!parsed.fields) return renderItem(req, reply, c, a, { answer: parsed }, 400);
    const r = await answerAppeal(ctx, { community: c, id: a.id, actorUserId: v.id, answer: parsed.fields.answer, now: ctx.clock.now() });
    if (r) throw refused(req, r);
    return reply.redirect(`${manageBase(c)}/${a.id}?done=answered`, 303);
  });
}
