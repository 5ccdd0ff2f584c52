/** The petitions moderator's routes, and the national moderator's view of overdue moderation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerMultipart, uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString, requireViewer, idOr404 } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { isNationalModerator } from '../../../core/permissions/policy.js';
import type { Community } from '../../../core/communities/community.js';
import type { FormState } from '../../../core/views/forms.js';
import { moderatorOf } from '../access.js';
import {
  abusePanel,
  awaitingCouncil,
  findPetition,
  findPetitionByNumber,
  listSignatures,
  loadCategories,
  loadSettings,
  moderationQueue,
} from '../repository.js';
import { rowTimes, stateAt } from '../rules.js';
import { PDF_MAX, readAnswerForm, readAppealDate, readInvalidateForm, readRejectForm, readSettingsForm, settingsFormOf } from '../forms.js';
import { answerPetition, changeSettings, invalidateSignatures, publishPetition, recordAppealForwarding, rejectPetition } from '../service.js';
import { ManagePetitionPage, QueuePage, SettingsPage } from '../views/manage-pages.js';
import type { AnswerDecision } from '../tables.js';

const emptyForm = (): FormState => ({ values: {}, errors: {} });

export async function registerPetitionManageRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  // Only the answer form uploads a file; its fields arrive in req.body like any form's.
  await registerMultipart(app);
  const answerUploads = uploadRoute<{ Params: { slug: string; id: string } }>({
    ctx,
    permission: 'petitions.moderate',
    limits: { fileBytes: PDF_MAX, files: 1, fields: 20 },
    authorize: async (req) => moderatorOf(req, await communityOr404(ctx, req.params.slug)),
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/petitions', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    moderatorOf(req, c);
    const now = ctx.clock.now();
    const [queue, waiting] = await Promise.all([moderationQueue(ctx.db, c.id), awaitingCouncil(ctx.db, c.id, now)]);
    const awaiting = waiting
      .map((row) => ({ row, state: stateAt(rowTimes(row), now, ctx.calendar) }))
      .filter((x) => x.state.status === 'consideration' || (x.state.status === 'failed' && !x.row.appeal_forwarded_on));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await QueuePage({ p, c, queue, awaiting, now, cal: ctx.calendar, platform: false }));
  });

  app.get('/manage/petitions/overdue', async (req, reply) => {
    if (!isNationalModerator(requireViewer(req, 'Увійдіть, щоб продовжити.'))) throw forbidden();
    const now = ctx.clock.now();
    const queue = (await moderationQueue(ctx.db, null)).filter((r) => r.moderation_due_at.getTime() < now.getTime());
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await QueuePage({ p, c: null, queue, awaiting: [], now, cal: ctx.calendar, platform: true }));
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/petitions/settings', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    moderatorOf(req, c);
    const [saved, categories] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await SettingsPage({ p, c, form: settingsFormOf(saved, categories), saved, categories, notice: queryString(req, 'saved') === '1' }));
  });

  app.post<{ Params: { slug: string } }>('/:slug/manage/petitions/settings', { config: { permission: 'petitions.moderate' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const { values, errors, settings: next, categories } = readSettingsForm(req.body, req.lang);
    if (Object.keys(errors).length) {
      const [saved, current] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await SettingsPage({ p, c, form: { values, errors }, saved, categories: current, notice: false }), 400);
    }
    await changeSettings(ctx, { community: c, actorId: v.id, settings: next!, categories });
    return reply.redirect(`/${c.slug}/manage/petitions/settings?saved=1`, 303);
  });

  const renderPetition = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    id: number,
    forms: { reject?: FormState; answer?: FormState; message?: string },
    status = 200,
  ) => {
    const row = await findPetition(ctx.db, id);
    if (!row || row.community_id !== c.id) throw notFound('Такої петиції немає.');
    const now = ctx.clock.now();
    const [categories, sigs, panel] = await Promise.all([
      loadCategories(ctx.db, c.id),
      listSignatures(ctx.db, row.id, { includeInvalid: true, page: 1, perPage: 200 }),
      abusePanel(ctx.db, row.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ManagePetitionPage({
        p,
        c,
        row,
        state: stateAt(rowTimes(row), now, ctx.calendar),
        category: categories.find((x) => x.id === row.category_id),
        now,
        cal: ctx.calendar,
        rejectForm: forms.reject ?? emptyForm(),
        answerForm: forms.answer ?? emptyForm(),
        signatures: [...sigs.rows].reverse(),
        panel,
        message: forms.message ?? null,
      }),
      status,
    );
  };

  const idOf = (raw: string): number => idOr404(raw, 'Такої петиції немає.');

  app.get<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    moderatorOf(req, c);
    const done = queryString(req, 'done');
    const messages: Record<string, [string, string]> = {
      published: ['Петицію опубліковано: почався збір підписів.', 'Published: collecting signatures.'],
      rejected: ['Петицію відхилено; автора повідомлено.', 'Rejected; the author has been told.'],
      answered: ['Відповідь оприлюднено; автора й підписантів повідомлено.', 'Answer published; the author and signatories are told.'],
      appeal: ['Передачу зафіксовано; автора повідомлено.', 'Recorded; the author has been told.'],
      invalidated: ['Обрані підписи анульовано.', 'The selected signatures are invalidated.'],
    };
    const m = messages[done];
    return renderPetition(req, reply, c, idOf(req.params.id), { message: m ? (req.lang === 'uk' ? m[0] : m[1]) : undefined });
  });

  const stale = (req: FastifyRequest) =>
    new HttpError(
      409,
      'stale',
      req.lang === 'uk'
        ? 'Стан петиції вже змінився (можливо, інший модератор). Оновіть сторінку.'
        : 'The petition has changed meanwhile (perhaps another moderator). Reload the page.',
    );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/petitions/:id/publish',
    { config: { permission: 'petitions.moderate' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      const v = moderatorOf(req, c);
      const id = idOf(req.params.id);
      if ((await publishPetition(ctx, { petitionId: id, community: c, moderatorId: v.id })) !== 'done') throw stale(req);
      return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=published`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/petitions/:id/reject',
    { config: { permission: 'petitions.moderate' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      const v = moderatorOf(req, c);
      const id = idOf(req.params.id);
      const { values, errors, reason, duplicateOf } = await readRejectForm(req.body, req.lang, {
        petitionId: id,
        communityId: c.id,
        find: (n) => findPetitionByNumber(ctx.db, c.id, n),
      });
      if (Object.keys(errors).length) return renderPetition(req, reply, c, id, { reject: { values, errors } }, 400);
      const outcome = await rejectPetition(ctx, { petitionId: id, community: c, moderatorId: v.id, reason: reason!.code, note: values.note, duplicateOf });
      if (outcome !== 'done') throw stale(req);
      return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=rejected`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/answer', answerUploads, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    const { values, errors, pdf } = readAnswerForm(req.body, uploadsOf(req, 'pdf')[0], req.lang, id);
    if (Object.keys(errors).length) return renderPetition(req, reply, c, id, { answer: { values, errors } }, 400);
    const outcome = await answerPetition(ctx, {
      petitionId: id,
      community: c,
      moderatorId: v.id,
      text: values.answer_text,
      decision: values.decision as AnswerDecision,
      officialName: values.official_name,
      officialPosition: values.official_position,
      pdf,
    });
    if (outcome !== 'done') throw stale(req);
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=answered`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/petitions/:id/appeal',
    { config: { permission: 'petitions.moderate' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      const v = moderatorOf(req, c);
      const id = idOf(req.params.id);
      const on = readAppealDate(req.body);
      if (on === null) throw new HttpError(400, 'bad_date', req.lang === 'uk' ? 'Вкажіть дату у форматі РРРР-ММ-ДД.' : 'Give the date as YYYY-MM-DD.');
      if ((await recordAppealForwarding(ctx, { petitionId: id, community: c, moderatorId: v.id, on })) !== 'done') throw stale(req);
      return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=appeal`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/petitions/:id/invalidate',
    { config: { permission: 'petitions.moderate' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      const v = moderatorOf(req, c);
      const id = idOf(req.params.id);
      const { reason, ids } = readInvalidateForm(req.body);
      if (!reason || reason.length > 300)
        throw new HttpError(
          400,
          'reason_required',
          req.lang === 'uk' ? 'Вкажіть причину анулювання (до 300 символів).' : 'Give a reason (up to 300 characters).',
        );
      if (ids.length === 0)
        throw new HttpError(400, 'nothing_selected', req.lang === 'uk' ? 'Оберіть підписи для анулювання.' : 'Select the signatures to invalidate.');
      await invalidateSignatures(ctx, { petitionId: id, community: c, moderatorId: v.id, signatureIds: ids.slice(0, 1000), reason });
      return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=invalidated`, 303);
    },
  );
}
