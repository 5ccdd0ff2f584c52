/**
 * The moderator's routes: draft, preview (the item page itself), publish, close early with a reason,
 * publish the outcome or a revised act; materials, poll questions, act sections; the topic queue.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { plural } from '../../../core/i18n/index.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { uploadRoute, uploadsOf, type UploadLimits } from '../../../core/http/uploads.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../../core/calendar/index.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import type { FormState } from '../../../core/views/forms.js';
import { findTopic, listAttachments, listComments, listQuestions, listSections, listTopics, type Item } from '../repository.js';
import { FREEZE_TEXT, isKind, stateOf } from '../rules/model.js';
import {
  addFile,
  addQuestion,
  closeEarly,
  createDraft,
  editItem,
  editSection,
  FrozenRules,
  MAX_QUESTIONS,
  NoSuchThing,
  NotPublishable,
  publishItem,
  publishOutcome,
  publishRevision,
  removeFile,
  removeQuestion,
  setActText,
  startNewVersion,
} from '../service/manage.js';
import { acceptTopic, declineTopic, TopicDecided } from '../service/topics.js';
import { itemOr404, parseId, requireModerator } from '../access.js';
import { EditPage, NewItemPage, OutcomePage, RevisionPage } from '../views/manage.js';
import { TopicQueuePage } from '../views/topics.js';
import { base, itemUrl } from '../views/parts.js';
import { readQuestionDraft } from '../rules/poll.js';
import type { SplitMethod } from '../rules/act-splitter.js';
import { renderItem } from './item-page.js';
import {
  docxToText,
  itemFormValues,
  questionFormOf,
  readItemForm,
  readOutcomeForm,
  readRevisionForm,
  safeFilename,
  sniffMaterial,
  splitActText,
} from '../forms.js';

interface UploadedFile {
  filename: string;
  mimetype: string;
  data: Buffer;
}

/** Materials and .docx drafts: one file of at most 10 MB. */
const FILE_UPLOAD: UploadLimits = { fileBytes: 10 * 1024 * 1024, files: 1 };

/** The form's file (core/http/uploads.ts); one over the limit is refused with 413. */
function uploaded(req: FastifyRequest, name: string): UploadedFile | null {
  const f = uploadsOf(req, name)[0];
  if (f?.tooLarge) throw new HttpError(413, 'too_large', req.lang === 'uk' ? 'Файл завеликий: не більше 10 МБ.' : 'The file is too large: at most 10 MB.');
  return f?.data && f.data.length > 0 ? { filename: f.filename, mimetype: f.mimetype, data: f.data } : null;
}

export function registerManageRoutes(app: FastifyInstance, ctx: CoreContext): void {
  type P = { Params: { slug: string; id: string } };

  const draftOf = async (req: FastifyRequest<P>) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireModerator(req, c);
    const item = await itemOr404(ctx, req, c, req.params.id);
    return { c, v, item };
  };

  const requireDraft = (req: FastifyRequest, item: Item) => {
    if (item.publishedAt) {
      throw new HttpError(
        409,
        'published',
        req.lang === 'uk' ? 'Опубліковане вже не редагується: змінювати можна лише чернетку.' : 'A published item can no longer be edited: only a draft can.',
      );
    }
  };

  /** Runs a use case of service/manage.ts, turning its refusals into answers. */
  const run = async <T,>(req: FastifyRequest, use: () => Promise<T>): Promise<T> => {
    try {
      return await use();
    } catch (e) {
      if (e instanceof FrozenRules) throw new HttpError(409, 'rules_frozen', FREEZE_TEXT[e.reason][req.lang]);
      if (e instanceof NoSuchThing) throw notFound();
      throw e;
    }
  };

  const renderEdit = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: Community,
    item: Item,
    o: {
      form?: FormState;
      questionForm?: FormState;
      actForm?: FormState;
      fileError?: string;
      splitMethod?: SplitMethod;
      publishError?: string;
      status?: number;
    } = {},
  ) => {
    const [attachments, questions, sections] = await Promise.all([
      listAttachments(ctx.db, item.id),
      listQuestions(ctx.db, item.id),
      listSections(ctx.db, item.id),
    ]);
    const p = await pageCtx(ctx, req, c);
    const html = await EditPage({
      p,
      c,
      item,
      form: o.form ?? { values: itemFormValues(item), errors: {} },
      attachments,
      fileError: o.fileError ?? null,
      questions,
      questionForm: o.questionForm ?? { values: { type: '' }, errors: {} },
      sections,
      actForm: o.actForm ?? { values: { act_text: item.actText ?? '' }, errors: {} },
      splitMethod: o.splitMethod ?? null,
      publishError: o.publishError ?? null,
    });
    return sendHtml(reply, html, o.status ?? 200);
  };

  app.get<{ Params: { slug: string } }>('/:slug/consultations/new', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const p = await pageCtx(ctx, req, c);
    const today = kyivDateOf(ctx.clock.now());
    const form = {
      values: {
        kind: '',
        starts: addDaysToLocalDate(today, 1),
        ends: addDaysToLocalDate(today, 30),
        results: 'during',
        allow_email: 'on',
        residents_only: 'on',
      },
      errors: {},
    };
    return sendHtml(reply, await NewItemPage({ p, c, form }));
  });

  app.post<{ Params: { slug: string } }>('/:slug/consultations', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireModerator(req, c);
    const { fields, form } = readItemForm(req.body, req.lang, true);
    if (!fields) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await NewItemPage({ p, c, form }), 400);
    }
    const id = await createDraft(ctx, { communityId: c.id, fields, actorId: v.id });
    return reply.redirect(`${itemUrl(c, id)}/edit`, 303);
  });

  app.get<P>('/:slug/consultations/:id/edit', async (req, reply) => {
    const { c, item } = await draftOf(req);
    requireDraft(req, item);
    return renderEdit(req, reply, c, item);
  });

  app.post<P>('/:slug/consultations/:id/edit', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    requireDraft(req, item);
    const { fields, form } = readItemForm(req.body, req.lang, false);
    if (!fields) return renderEdit(req, reply, c, item, { form, status: 400 });
    await run(req, () => editItem(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, fields }));
    return reply.redirect(`${itemUrl(c, item.id)}/edit`, 303);
  });

  // ---------- materials ----------

  app.post<P>(
    '/:slug/consultations/:id/files',
    uploadRoute<P>({ ctx, permission: 'consultations.manage', limits: FILE_UPLOAD, authorize: draftOf }),
    async (req, reply) => {
      const { c, v, item } = await draftOf(req);
      const uk = req.lang === 'uk';
      const file = uploaded(req, 'file');
      const mime = file ? sniffMaterial(file.data) : null;
      if (!file || !mime) {
        return renderEdit(req, reply, c, item, {
          fileError: !file
            ? uk
              ? 'Оберіть файл'
              : 'Choose a file'
            : uk
              ? 'Підтримуються лише PDF, PNG, JPEG і WebP'
              : 'Only PDF, PNG, JPEG and WebP are supported',
          status: 400,
        });
      }
      await addFile(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, filename: safeFilename(file.filename, mime), mime, data: file.data });
      return reply.redirect(item.publishedAt ? itemUrl(c, item.id) : `${itemUrl(c, item.id)}/edit#files-title`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string; fileId: string } }>(
    '/:slug/consultations/:id/files/:fileId/delete',
    { config: { permission: 'consultations.manage' } },
    async (req, reply) => {
      const { c, v, item } = await draftOf(req);
      const fileId = parseId(req.params.fileId);
      await run(req, () => removeFile(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, fileId }));
      return reply.redirect(item.publishedAt ? itemUrl(c, item.id) : `${itemUrl(c, item.id)}/edit#files-title`, 303);
    },
  );

  // ---------- poll questions ----------

  app.post<P>('/:slug/consultations/:id/questions', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    requireDraft(req, item);
    if (item.kind !== 'poll') throw notFound();
    const body = (req.body ?? {}) as Record<string, string>;
    const { draft, errors } = readQuestionDraft(body);
    if (!draft) {
      return renderEdit(req, reply, c, item, { questionForm: questionFormOf(body, errors, req.lang), status: 400 });
    }
    if (!(await run(req, () => addQuestion(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, draft })))) {
      throw new HttpError(
        400,
        'too_many',
        `${req.lang === 'uk' ? 'Не більше' : 'At most'} ${plural(MAX_QUESTIONS, { uk: ['питання', 'питань', 'питань'], en: ['question', 'questions'] }, req.lang)}.`,
      );
    }
    return reply.redirect(`${itemUrl(c, item.id)}/edit#questions-title`, 303);
  });

  app.post<{ Params: { slug: string; id: string; questionId: string } }>(
    '/:slug/consultations/:id/questions/:questionId/delete',
    { config: { permission: 'consultations.manage' } },
    async (req, reply) => {
      const { c, v, item } = await draftOf(req);
      requireDraft(req, item);
      const qid = parseId(req.params.questionId);
      await run(req, () => removeQuestion(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, questionId: qid }));
      return reply.redirect(`${itemUrl(c, item.id)}/edit#questions-title`, 303);
    },
  );

  // ---------- the draft act ----------

  const actUploads = uploadRoute<P>({
    ctx,
    permission: 'consultations.manage',
    limits: FILE_UPLOAD,
    authorize: async (req) => {
      const { item } = await draftOf(req);
      requireDraft(req, item);
      if (item.kind !== 'act') throw notFound();
    },
  });

  app.post<P>('/:slug/consultations/:id/act', actUploads, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    requireDraft(req, item);
    if (item.kind !== 'act') throw notFound();
    const uk = req.lang === 'uk';
    let text = field(req.body, 'act_text');
    const docx = uploaded(req, 'act_file');
    if (docx) {
      if (docx.data.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') {
        return renderEdit(req, reply, c, item, {
          actForm: { values: { act_text: text }, errors: { act_text: uk ? 'Файл не схожий на .docx' : 'The file does not look like a .docx' } },
          status: 400,
        });
      }
      try {
        text = await docxToText(docx.data);
      } catch {
        return renderEdit(req, reply, c, item, {
          actForm: {
            values: { act_text: text },
            errors: { act_text: uk ? 'Не вдалося прочитати .docx: вставте текст вручну' : 'Could not read the .docx: paste the text instead' },
          },
          status: 400,
        });
      }
    }
    const { split, error } = splitActText(text, req.lang);
    if (!split) return renderEdit(req, reply, c, item, { actForm: { values: { act_text: text }, errors: { act_text: error } }, status: 400 });
    await run(req, () => setActText(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, text, method: split.method, sections: split.sections }));
    const fresh = (await itemOr404(ctx, req, c, String(item.id)))!;
    return renderEdit(req, reply, c, fresh, { splitMethod: split.method });
  });

  app.post<{ Params: { slug: string; id: string; sectionId: string } }>(
    '/:slug/consultations/:id/sections/:sectionId',
    { config: { permission: 'consultations.manage' } },
    async (req, reply) => {
      const { c, v, item } = await draftOf(req);
      requireDraft(req, item);
      const heading = field(req.body, 'heading');
      const body = field(req.body, 'body');
      if (!heading || heading.length > 300)
        throw new HttpError(400, 'heading', req.lang === 'uk' ? 'Заголовок розділу: від 1 до 300 символів.' : 'Section heading: 1 to 300 characters.');
      const sid = parseId(req.params.sectionId);
      await run(req, () => editSection(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, sectionId: sid, heading, body }));
      return reply.redirect(`${itemUrl(c, item.id)}/edit#edit-section-${sid}`, 303);
    },
  );

  // ---------- publish, close early ----------

  app.post<P>('/:slug/consultations/:id/publish', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    requireDraft(req, item);
    const uk = req.lang === 'uk';
    const problems = {
      ended: uk ? 'Дата завершення вже минула: змініть період.' : 'The end date has passed: change the period.',
      'no-questions': uk ? 'Додайте хоча б одне питання.' : 'Add at least one question.',
      'no-sections': uk ? 'Додайте текст проєкту акта й розділіть його на розділи.' : 'Add the text of the draft act and split it into sections.',
    };
    try {
      await run(req, () => publishItem(ctx, { communityId: c.id, itemId: item.id, actorId: v.id }));
    } catch (e) {
      if (e instanceof NotPublishable) return renderEdit(req, reply, c, item, { publishError: problems[e.problem], status: 400 });
      throw e;
    }
    return reply.redirect(itemUrl(c, item.id), 303);
  });

  // «Нова редакція»: an act whose text froze continues as a new draft discussion linked to it.
  app.post<P>('/:slug/consultations/:id/new-version', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    if (item.kind !== 'act') throw notFound();
    const today = kyivDateOf(ctx.clock.now());
    const id = await run(req, () =>
      startNewVersion(ctx, {
        communityId: c.id,
        itemId: item.id,
        actorId: v.id,
        startsAt: startOfKyivDay(addDaysToLocalDate(today, 1)),
        endsAt: endOfKyivDay(addDaysToLocalDate(today, 30)),
      }),
    );
    return reply.redirect(`${itemUrl(c, id)}/edit`, 303);
  });

  app.post<P>('/:slug/consultations/:id/close', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    const uk = req.lang === 'uk';
    const now = ctx.clock.now();
    const state = stateOf(item, now);
    if (state !== 'active' && state !== 'scheduled')
      throw new HttpError(
        409,
        'not_open',
        uk ? 'Достроково завершити можна лише те, що триває або заплановано.' : 'Only an item in progress or scheduled can be closed early.',
      );
    const reason = field(req.body, 'reason');
    if (!reason || reason.length > 500) {
      return renderItem(ctx, req, reply, c, item, {
        status: 400,
        flash: uk ? 'Помилка: вкажіть причину дострокового завершення (до 500 символів).' : 'Error: give the reason for closing early (up to 500 characters).',
      });
    }
    await closeEarly(ctx, { communityId: c.id, item, actorId: v.id, reason, now });
    return reply.redirect(itemUrl(c, item.id), 303);
  });

  // ---------- outcome and revision ----------

  const proposalsOf = async (item: Item) => {
    const comments = (await listComments(ctx.db, item.id)).filter((x) => x.parentId === null);
    const hidden = await hiddenIds(
      ctx.db,
      'consultation-comment',
      comments.map((x) => String(x.id)),
    );
    return comments.filter((x) => !hidden.has(String(x.id)));
  };

  const requireEnded = (req: FastifyRequest, item: Item) => {
    if (stateOf(item, ctx.clock.now()) !== 'ended') {
      throw new HttpError(409, 'not_ended', req.lang === 'uk' ? 'Підсумки публікуються після завершення.' : 'The outcome is published after the end.');
    }
  };

  app.get<P>('/:slug/consultations/:id/outcome', async (req, reply) => {
    const { c, item } = await draftOf(req);
    requireEnded(req, item);
    const proposals = await proposalsOf(item);
    const values: Record<string, string> = { summary: item.outcomeSummary ?? '' };
    for (const x of proposals) {
      values[`decision-${x.id}`] = x.decision ?? '';
      values[`reason-${x.id}`] = x.decisionReason ?? '';
    }
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await OutcomePage({ p, c, item, proposals, form: { values, errors: {} } }));
  });

  app.post<P>('/:slug/consultations/:id/outcome', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    requireEnded(req, item);
    const proposals = await proposalsOf(item);
    const { values, errors, summary, decisions } = readOutcomeForm(req.body, req.lang, proposals);
    if (Object.keys(errors).length) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await OutcomePage({ p, c, item, proposals, form: { values, errors } }), 400);
    }
    await publishOutcome(ctx, { communityId: c.id, item, actorId: v.id, summary, decisions });
    return reply.redirect(`${itemUrl(c, item.id)}#outcome-title`, 303);
  });

  app.get<P>('/:slug/consultations/:id/revision', async (req, reply) => {
    const { c, item } = await draftOf(req);
    if (item.kind !== 'act') throw notFound();
    requireEnded(req, item);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await RevisionPage({
        p,
        c,
        item,
        form: { values: { revised_text: item.revisedText ?? item.actText ?? '', notes: item.revisionNotes ?? '' }, errors: {} },
      }),
    );
  });

  app.post<P>('/:slug/consultations/:id/revision', { config: { permission: 'consultations.manage' } }, async (req, reply) => {
    const { c, v, item } = await draftOf(req);
    if (item.kind !== 'act') throw notFound();
    requireEnded(req, item);
    const { revised, notes, errors } = readRevisionForm(req.body, req.lang);
    if (Object.keys(errors).length) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await RevisionPage({ p, c, item, form: { values: { revised_text: revised, notes }, errors } }), 400);
    }
    await publishRevision(ctx, { communityId: c.id, itemId: item.id, actorId: v.id, revised, notes });
    return reply.redirect(`${itemUrl(c, item.id)}#revision-title`, 303);
  });

  // ---------- topics from residents: the queue ----------

  const renderQueue = async (req: FastifyRequest, reply: FastifyReply, c: Community, errors: Record<string, string> = {}, status = 200) => {
    const topics = await listTopics(ctx.db, c.id, null);
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await TopicQueuePage({ p, c, topics, errors }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/consultations/topics', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    return renderQueue(req, reply, c);
  });

  /** The community, its moderator and the proposed topic the address names (or 404/403). */
  const topicOf = async (req: FastifyRequest<{ Params: { slug: string; topicId: string } }>) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = requireModerator(req, c);
    const topic = await findTopic(ctx.db, c.id, parseId(req.params.topicId));
    if (!topic) throw notFound();
    return { c, v, topic };
  };

  /** Runs a topic decision; decided meanwhile by someone else, 409. */
  const deciding = async <T,>(req: FastifyRequest, use: () => Promise<T>): Promise<T> => {
    try {
      return await use();
    } catch (e) {
      if (e instanceof TopicDecided)
        throw new HttpError(409, 'decided', req.lang === 'uk' ? 'Цю тему вже розглянуто.' : 'This topic has already been decided.');
      throw e;
    }
  };

  app.post<{ Params: { slug: string; topicId: string } }>(
    '/:slug/consultations/topics/:topicId/accept',
    { config: { permission: 'consultations.manage' } },
    async (req, reply) => {
      const { c, v, topic } = await topicOf(req);
      const kind = field(req.body, 'kind');
      if (!isKind(kind)) throw new HttpError(400, 'bad_kind', req.lang === 'uk' ? 'Оберіть вид.' : 'Choose the kind.');
      const id = await deciding(req, () => acceptTopic(ctx, { community: c, topic, kind, actorId: v.id, listUrl: base(c) }));
      return reply.redirect(`${itemUrl(c, id)}/edit`, 303);
    },
  );

  app.post<{ Params: { slug: string; topicId: string } }>(
    '/:slug/consultations/topics/:topicId/decline',
    { config: { permission: 'consultations.manage' } },
    async (req, reply) => {
      const { c, v, topic } = await topicOf(req);
      const reason = field(req.body, 'reason');
      if (!reason || reason.length > 1000) {
        return renderQueue(
          req,
          reply,
          c,
          {
            [`decline-reason-${topic.id}`]:
              req.lang === 'uk' ? 'Вкажіть причину відхилення (до 1000 символів)' : 'Give the reason for declining (up to 1000 characters)',
          },
          400,
        );
      }
      await deciding(req, () => declineTopic(ctx, { community: c, topic, reason, actorId: v.id }));
      return reply.redirect(`${base(c)}/topics`, 303);
    },
  );
}
