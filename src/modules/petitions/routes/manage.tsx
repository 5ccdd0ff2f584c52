/** The petitions moderator's routes, and the national moderator's view of overdue moderation. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { registerMultipart, uploadRoute, uploadsOf } from '../../../core/http/uploads.js';
import type { CoreContext } from '../../../core/context.js';
import { communityOr404, queryString } from '../../../core/communities/routes.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field, fields } from '../../../core/http/form-parser.js';
import { forbidden, HttpError, notFound } from '../../../core/http/errors.js';
import { isNationalModerator } from '../../../core/permissions/policy.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { auditSnapshot, fieldChanges, type AuditFields } from '../../../core/audit/field-changes.js';
import { inTransaction } from '../../../core/db/transaction.js';
import type { Community } from '../../../core/communities/community.js';
import type { FormState } from '../../../core/views/forms.js';
import type { PetitionSettings } from '../settings.js';
import { moderatorOf } from '../access.js';
import { abusePanel, awaitingCouncil, findPetition, listSignatures, loadCategories, loadSettings, moderationQueue, saveCategories, saveSettings } from '../repository.js';
import { rejectionReason, rowTimes, stateAt } from '../rules.js';
import { answerPetition, invalidateSignatures, publishPetition, recordAppealForwarding, rejectPetition } from '../service.js';
import { ManagePetitionPage, QueuePage, SettingsPage } from '../views/manage-pages.js';
import type { AnswerDecision } from '../tables.js';

const PDF_MAX = 10 * 1024 * 1024;

const emptyForm = (): FormState => ({ values: {}, errors: {} });

export async function registerPetitionManageRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  // Only the answer form uploads a file; its fields arrive in req.body like any form's.
  await registerMultipart(app);
  const answerUploads = uploadRoute<{ Params: { slug: string; id: string } }>({
    ctx,
    limits: { fileBytes: PDF_MAX, files: 1, fields: 20 },
    authorize: async (req) => moderatorOf(req, await communityOr404(ctx, req.params.slug)),
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/petitions', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    moderatorOf(req, c);
    const now = ctx.clock.now();
    const [queue, waiting] = await Promise.all([moderationQueue(ctx.db, c.id), awaitingCouncil(ctx.db, c.id, now)]);
    const awaiting = waiting.map((row) => ({ row, state: stateAt(rowTimes(row), now, ctx.calendar) })).filter((x) => x.state.status === 'consideration' || (x.state.status === 'failed' && !x.row.appeal_forwarded_on));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await QueuePage({ p, c, queue, awaiting, now, cal: ctx.calendar, platform: false }));
  });

  app.get('/manage/petitions/overdue', async (req, reply) => {
    if (!req.viewer) throw new HttpError(401, 'unauthorized', 'Увійдіть, щоб продовжити.');
    if (!isNationalModerator(req.viewer)) throw forbidden();
    const now = ctx.clock.now();
    const queue = (await moderationQueue(ctx.db, null)).filter((r) => r.moderation_due_at.getTime() < now.getTime());
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await QueuePage({ p, c: null, queue, awaiting: [], now, cal: ctx.calendar, platform: true }));
  });

  const settingsForm = (s: PetitionSettings, categories: { name: { uk: string; en: string } }[]): FormState => ({
    values: {
      threshold: String(s.signatureThreshold),
      collection_days: String(s.collectionDays),
      moderation_days: String(s.moderationWorkingDays),
      consideration_days: String(s.considerationWorkingDays),
      allow_email: s.allowEmail ? 'on' : '',
      residents_only: s.residentsOnly ? 'on' : '',
      min_age: s.minAge ? String(s.minAge) : '',
      continue_after_threshold: s.continueAfterThreshold ? 'on' : '',
      categories: categories.map((x) => (x.name.en && x.name.en !== x.name.uk ? `${x.name.uk} | ${x.name.en}` : x.name.uk)).join('\n'),
    },
    errors: {},
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/petitions/settings', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    moderatorOf(req, c);
    const [saved, categories] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await SettingsPage({ p, c, form: settingsForm(saved, categories), saved, categories, notice: queryString(req, 'saved') === '1' }));
  });

  app.post<{ Params: { slug: string } }>('/:slug/manage/petitions/settings', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const uk = req.lang === 'uk';
    const values: Record<string, string> = {};
    for (const k of ['threshold', 'collection_days', 'moderation_days', 'consideration_days', 'allow_email', 'residents_only', 'min_age', 'continue_after_threshold', 'categories']) values[k] = field(req.body, k);
    const errors: Record<string, string> = {};
    const int = (k: string, min: number, max: number, msg: string): number => {
      const n = Number(values[k]);
      if (!/^\d+$/.test(values[k] ?? '') || n < min || n > max) errors[k] = msg;
      return n;
    };
    const threshold = int('threshold', 1, 1_000_000, uk ? 'Поріг — ціле число від 1 до 1 000 000' : 'The threshold is a whole number from 1 to 1,000,000');
    const collectionDays = int('collection_days', 1, 92, uk ? 'Строк збору — від 1 до 92 днів (закон: до 3 місяців)' : 'The term is 1 to 92 days (the law: up to 3 months)');
    const moderationDays = int('moderation_days', 1, 30, uk ? 'Строк модерації — від 1 до 30 робочих днів' : 'Moderation is 1 to 30 working days');
    const considerationDays = int('consideration_days', 1, 60, uk ? 'Строк розгляду — від 1 до 60 робочих днів' : 'Consideration is 1 to 60 working days');
    const minAge = values.min_age ? Number(values.min_age) : null;
    if (minAge !== null && ![14, 16, 18].includes(minAge)) errors.min_age = uk ? 'Оберіть 14, 16, 18 або без обмеження' : 'Choose 14, 16, 18 or no limit';
    const categories = (values.categories ?? '')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((l) => {
        const [ukName = '', enName = ''] = l.split('|').map((x) => x.trim());
        return { uk: ukName.slice(0, 100), en: (enName || ukName).slice(0, 100) };
      });
    if (categories.length === 0) errors.categories = uk ? 'Потрібна хоча б одна категорія' : 'At least one category is needed';
    if (Object.keys(errors).length) {
      const [saved, current] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await SettingsPage({ p, c, form: { values, errors }, saved, categories: current, notice: false }), 400);
    }
    const [before, categoriesBefore] = await Promise.all([loadSettings(ctx.db, c), loadCategories(ctx.db, c.id)]);
    const next: PetitionSettings = {
      signatureThreshold: threshold,
      collectionDays,
      moderationWorkingDays: moderationDays,
      considerationWorkingDays: considerationDays,
      allowEmail: values.allow_email === 'on',
      residentsOnly: values.residents_only === 'on',
      minAge,
      continueAfterThreshold: values.continue_after_threshold === 'on',
      saved: true,
    };
    // The audit keeps every field at the first save (the start of a replay), then the real before and
    // after of each changed field; nothing changed, nothing written.
    const fieldsOf = (s: PetitionSettings, cats: string[]): AuditFields => {
      const { saved: _saved, ...rest } = s;
      return { ...rest, categories: cats };
    };
    const beforeFields = fieldsOf(before, categoriesBefore.map((x) => x.name.uk));
    await inTransaction(ctx.db, async (trx) => {
      await saveSettings(trx, c.id, next, ctx.clock.now());
      await saveCategories(trx, c.id, categories);
      const afterFields = fieldsOf(next, (await loadCategories(trx, c.id)).map((x) => x.name.uk));
      const changes = before.saved ? fieldChanges(beforeFields, afterFields) : { before: auditSnapshot(beforeFields), after: auditSnapshot(afterFields) };
      if (changes) await recordAudit(trx, { communityId: c.id, actorUserId: v.id, action: 'petitions.settings-changed', subjectType: 'community', subjectId: c.id, before: changes.before, after: changes.after });
    });
    return reply.redirect(`/${c.slug}/manage/petitions/settings?saved=1`, 303);
  });

  const renderPetition = async (req: FastifyRequest, reply: FastifyReply, c: Community, id: number, forms: { reject?: FormState; answer?: FormState; message?: string }, status = 200) => {
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
        p, c, row, state: stateAt(rowTimes(row), now, ctx.calendar), category: categories.find((x) => x.id === row.category_id), now, cal: ctx.calendar,
        rejectForm: forms.reject ?? emptyForm(), answerForm: forms.answer ?? emptyForm(), signatures: [...sigs.rows].reverse(), panel, message: forms.message ?? null,
      }),
      status,
    );
  };

  const idOf = (raw: string): number => {
    const id = Number(raw);
    if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) throw notFound('Такої петиції немає.');
    return id;
  };

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
    new HttpError(409, 'stale', req.lang === 'uk' ? 'Стан петиції вже змінився (можливо, інший модератор). Оновіть сторінку.' : 'The petition has changed meanwhile (perhaps another moderator). Reload the page.');

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/publish', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    if ((await publishPetition(ctx, { petitionId: id, community: c, moderatorId: v.id })) !== 'done') throw stale(req);
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=published`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/reject', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    const uk = req.lang === 'uk';
    const values = { reason: field(req.body, 'reason'), note: field(req.body, 'note'), duplicate_of: field(req.body, 'duplicate_of') };
    const errors: Record<string, string> = {};
    const reason = rejectionReason(values.reason);
    let duplicateOf: number | null = null;
    if (!reason) errors.reason = uk ? 'Оберіть причину відхилення' : 'Choose the reason';
    if (reason?.needs === 'note' && !values.note) errors.note = uk ? 'Поясніть причину' : 'Explain the reason';
    if (values.note.length > 1000) errors.note = uk ? 'Не більше 1000 символів' : 'At most 1000 characters';
    if (reason?.needs === 'duplicate') {
      const dup = /^\d+$/.test(values.duplicate_of) ? await findPetition(ctx.db, Number(values.duplicate_of)) : null;
      if (!dup || dup.community_id !== c.id || dup.id === id) errors.duplicate_of = uk ? 'Вкажіть номер наявної петиції цієї громади' : 'Give the number of an existing petition of this community';
      else duplicateOf = dup.id;
    }
    if (Object.keys(errors).length) return renderPetition(req, reply, c, id, { reject: { values, errors } }, 400);
    const outcome = await rejectPetition(ctx, { petitionId: id, community: c, moderatorId: v.id, reason: reason!.code, note: values.note, duplicateOf });
    if (outcome !== 'done') throw stale(req);
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=rejected`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/answer', answerUploads, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    const uk = req.lang === 'uk';
    const values = { decision: field(req.body, 'decision'), answer_text: field(req.body, 'answer_text'), official_name: field(req.body, 'official_name'), official_position: field(req.body, 'official_position') };
    const errors: Record<string, string> = {};
    if (!['supported', 'not_supported', 'partially'].includes(values.decision)) errors.decision = uk ? 'Оберіть рішення' : 'Choose the decision';
    if (!values.answer_text) errors.answer_text = uk ? 'Напишіть текст відповіді' : 'Write the answer';
    else if (values.answer_text.length > 20_000) errors.answer_text = uk ? 'Не більше 20 000 символів' : 'At most 20,000 characters';
    if (!values.official_name) errors.official_name = uk ? 'Вкажіть ПІБ посадової особи' : 'Give the name of the official';
    if (!values.official_position) errors.official_position = uk ? 'Вкажіть посаду' : 'Give the position';
    const upload = uploadsOf(req, 'pdf')[0];
    const file = upload?.data ?? null;
    let pdf: { name: string; data: Buffer } | null = null;
    if (upload?.tooLarge) errors.pdf = uk ? `Файл завеликий: не більше ${PDF_MAX / 1024 / 1024} МБ` : `The file is too large: at most ${PDF_MAX / 1024 / 1024} MB`;
    else if (file && file.length > 0) {
      if (file.subarray(0, 5).toString('latin1') !== '%PDF-') errors.pdf = uk ? 'Файл має бути у форматі PDF' : 'The file must be a PDF';
      else pdf = { name: `petition-${id}.pdf`, data: file };
    }
    if (Object.keys(errors).length) return renderPetition(req, reply, c, id, { answer: { values, errors } }, 400);
    const outcome = await answerPetition(ctx, {
      petitionId: id, community: c, moderatorId: v.id, text: values.answer_text, decision: values.decision as AnswerDecision,
      officialName: values.official_name, officialPosition: values.official_position, pdf,
    });
    if (outcome !== 'done') throw stale(req);
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=answered`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/appeal', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    const on = field(req.body, 'on');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || Number.isNaN(Date.parse(on))) throw new HttpError(400, 'bad_date', req.lang === 'uk' ? 'Вкажіть дату у форматі РРРР-ММ-ДД.' : 'Give the date as YYYY-MM-DD.');
    if ((await recordAppealForwarding(ctx, { petitionId: id, community: c, moderatorId: v.id, on })) !== 'done') throw stale(req);
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=appeal`, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>('/:slug/manage/petitions/:id/invalidate', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = moderatorOf(req, c);
    const id = idOf(req.params.id);
    const reason = field(req.body, 'reason');
    const ids = fields(req.body, 'signature').map(Number).filter((n) => Number.isSafeInteger(n) && n > 0 && n <= 2_147_483_647);
    if (!reason || reason.length > 300) throw new HttpError(400, 'reason_required', req.lang === 'uk' ? 'Вкажіть причину анулювання (до 300 символів).' : 'Give a reason (up to 300 characters).');
    if (ids.length === 0) throw new HttpError(400, 'nothing_selected', req.lang === 'uk' ? 'Оберіть підписи для анулювання.' : 'Select the signatures to invalidate.');
    await invalidateSignatures(ctx, { petitionId: id, community: c, moderatorId: v.id, signatureIds: ids.slice(0, 1000), reason });
    return reply.redirect(`/${c.slug}/manage/petitions/${id}?done=invalidated`, 303);
  });
}
