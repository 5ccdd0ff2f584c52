/**
 * Public and resident routes: the list, an item of any kind, comments and supports, poll answers (review
 * first, then one final response), stances on a draft act, topics from residents, attachments.
 */
import { followState } from '../../../core/follows/state.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerMultipart } from '../../../core/http/uploads.js';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404, queryString, queryPage } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { field } from '../../../core/http/form-parser.js';
import { HttpError, notFound } from '../../../core/http/errors.js';
import { hiddenIds } from '../../../core/moderation/moderation-service.js';
import { participationOf, requireParticipationOf } from '../../../core/permissions/participation.js';
import { refusalText } from '../../../core/permissions/refusal-text.js';
import { findAttachment, findComment, listItems, listQuestions, listSections, listTopics } from '../repository.js';
import { isCategory, isKind, stateOf, type Kind, type State } from '../rules/model.js';
import { commentError, readTopicForm } from '../forms.js';
import { isModerator, itemOr404, parseId, requireParticipation } from '../access.js';
import { ListPage } from '../views/list.js';
import { ReviewPage } from '../views/poll.js';
import { itemUrl } from '../views/parts.js';
import { TopicFormPage } from '../views/topics.js';
import { answersToFields, readPollForm, type FormBody } from '../rules/poll.js';
import { addComment, answerPoll, RateLimited, setStance, supportComment } from '../service/participation.js';
import { suggestTopic } from '../service/topics.js';
import { renderItem } from './item-page.js';
import { registerManageRoutes } from './manage.js';
import { registerReportRoutes } from './report.js';
import { registerConsultationApi } from './api.js';

const PER_PAGE = 20;

/** Runs a use case that counts against a rate limit; over it, 429 with the given text. */
async function limited<T>(text: string, use: () => Promise<T>): Promise<T> {
  try {
    return await use();
  } catch (e) {
    if (e instanceof RateLimited) throw new HttpError(429, 'rate_limited', text);
    throw e;
  }
}

export async function registerConsultationRoutes(app: FastifyInstance, ctx: CoreContext): Promise<void> {
  // Files (materials, .docx drafts) come as multipart; only this module's routes accept it.
  await registerMultipart(app);

  app.get<{ Params: { slug: string } }>('/:slug/consultations', { config: { pageCache: true } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const moderator = isModerator(req.viewer, c);
    const kind = queryString(req, 'kind');
    const stateRaw = queryString(req, 'state');
    const category = queryString(req, 'category');
    const q = queryString(req, 'q');
    const page = queryPage(req);
    const validStates: State[] = moderator ? ['draft', 'scheduled', 'active', 'ended'] : ['scheduled', 'active', 'ended'];
    const state = (validStates as string[]).includes(stateRaw) ? (stateRaw as State) : null;
    const now = ctx.clock.now();
    const { items, total } = await listItems(ctx.db, c.id, {
      kind: isKind(kind) ? kind : null,
      state,
      category: isCategory(category) ? category : null,
      q,
      includeDrafts: moderator,
      now,
      page,
      perPage: PER_PAGE,
    });
    const pendingTopics = moderator ? (await listTopics(ctx.db, c.id, 'pending')).length : 0;
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await ListPage({
        p,
        c,
        items: items.map((i) => ({ ...i, state: stateOf(i, now) })),
        total,
        perPage: PER_PAGE,
        filter: { kind: isKind(kind) ? kind : '', state: state ?? '', category: isCategory(category) ? category : '', q, page },
        moderator,
        pendingTopics,
        follow: await followState(ctx, req, c, 'consultations'),
      }),
    );
  });

  // ---------- topics from residents (registered before /:id so "topics" is not taken for an id) ----------

  const topicRules = { allowEmail: true, residentsOnly: false, minAge: null };
  const topicRefusal = (req: FastifyRequest, c: Community) => participationOf(ctx, req.viewer, c, topicRules);

  app.get<{ Params: { slug: string } }>('/:slug/consultations/topics/new', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    if (!req.viewer) return reply.redirect(`/auth/sign-in?return=${encodeURIComponent(req.url)}`, 303);
    const { refusal, blockReason } = await topicRefusal(req, c);
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, blockReason));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await TopicFormPage({ p, c, form: { values: {}, errors: {} } }));
  });

  app.post<{ Params: { slug: string } }>('/:slug/consultations/topics', { config: { permission: 'consultations.suggest-topic' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireParticipationOf(req.lang, await topicRefusal(req, c));
    const v = req.viewer!;
    const uk = req.lang === 'uk';
    const { title, body, errors } = readTopicForm(req.body, req.lang);
    if (Object.keys(errors).length) {
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await TopicFormPage({ p, c, form: { values: { title, body }, errors } }), 400);
    }
    await limited(uk ? 'Забагато пропозицій за добу.' : 'Too many suggestions today.', () => suggestTopic(ctx, { communityId: c.id, viewer: v, title, body }));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await TopicFormPage({ p, c, form: { values: {}, errors: {} }, sent: true }));
  });

  registerManageRoutes(app, ctx);
  registerReportRoutes(app, ctx);
  registerConsultationApi(app, ctx);

  app.get<{ Params: { slug: string; id: string } }>('/:slug/consultations/:id', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const item = await itemOr404(ctx, req, c, req.params.id);
    return renderItem(ctx, req, reply, c, item);
  });

  app.get<{ Params: { slug: string; id: string; fileId: string } }>('/:slug/consultations/:id/files/:fileId', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const item = await itemOr404(ctx, req, c, req.params.id);
    const file = await findAttachment(ctx.db, item.id, parseId(req.params.fileId));
    if (!file) throw notFound();
    return reply
      .type(file.mime)
      .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.filename)}`)
      .header('cache-control', 'public, max-age=3600')
      .send(file.data);
  });

  // ---------- comments and supports ----------

  /** The item the address names and the viewer allowed to take part in it (or 404 when it is not of `kind`, or the refusal). */
  const participantOf = async (req: FastifyRequest<{ Params: { slug: string; id: string } }>, kind?: Kind) => {
    const c = await communityOr404(ctx, req.params.slug);
    const item = await itemOr404(ctx, req, c, req.params.id);
    if (kind && item.kind !== kind) throw notFound();
    const v = await requireParticipation(ctx, req, c, item);
    return { c, item, v };
  };

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/consultations/:id/comments',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item, v } = await participantOf(req);
      const uk = req.lang === 'uk';
      const body = field(req.body, 'body');
      const sectionId = parseId(field(req.body, 'section_id'));
      const parentId = parseId(field(req.body, 'parent_id'));
      let parent = null;
      if (parentId) {
        parent = await findComment(ctx.db, parentId);
        if (!parent || parent.itemId !== item.id) throw notFound(uk ? 'Такого коментаря немає.' : 'No such comment.');
        if (parent.parentId !== null)
          throw new HttpError(
            400,
            'reply_depth',
            uk ? 'Відповідати можна лише на коментар, а не на відповідь.' : 'You can reply to a comment, not to a reply.',
          );
        if ((await hiddenIds(ctx.db, 'consultation-comment', [String(parent.id)])).size) {
          throw new HttpError(
            409,
            'hidden',
            uk ? 'Цей коментар приховано модератором: відповісти на нього не можна.' : 'This comment is hidden by a moderator: it cannot be replied to.',
          );
        }
      }
      let section: number | null = parent ? parent.sectionId : null;
      if (!parent && sectionId) {
        if (item.kind !== 'act') throw notFound();
        const sections = await listSections(ctx.db, item.id);
        if (!sections.some((s) => s.id === sectionId)) throw notFound(uk ? 'Такого розділу немає.' : 'No such section.');
        section = sectionId;
      }
      const target = parent ? `r${parent.id}` : section ? `s${section}` : 'main';
      const error = commentError(body, req.lang);
      if (error) return renderItem(ctx, req, reply, c, item, { status: 400, commentForm: { target, body, error } });
      const id = await limited(uk ? 'Забагато коментарів за годину.' : 'Too many comments this hour.', () =>
        addComment(ctx, { communityId: c.id, itemId: item.id, viewer: v, sectionId: section, parentId: parent?.id ?? null, body }),
      );
      return reply.redirect(`${itemUrl(c, item.id)}#comment-${id}`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string; commentId: string } }>(
    '/:slug/consultations/:id/comments/:commentId/support',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item, v } = await participantOf(req);
      const uk = req.lang === 'uk';
      const comment = await findComment(ctx.db, parseId(req.params.commentId));
      if (!comment || comment.itemId !== item.id) throw notFound(uk ? 'Такого коментаря немає.' : 'No such comment.');
      if ((await hiddenIds(ctx.db, 'consultation-comment', [String(comment.id)])).size)
        throw new HttpError(409, 'hidden', uk ? 'Коментар приховано модератором.' : 'The comment is hidden by a moderator.');
      if (comment.authorUserId === v.id)
        throw new HttpError(400, 'own_comment', uk ? 'Не можна підтримати власний коментар.' : 'You cannot support your own comment.');
      await limited(uk ? 'Забагато дій за годину.' : 'Too many actions this hour.', () =>
        supportComment(ctx, { communityId: c.id, commentId: comment.id, viewer: v }),
      );
      return reply.redirect(`${itemUrl(c, item.id)}#comment-${comment.id}`, 303);
    },
  );

  // ---------- poll: review, change, submit ----------

  const pollContext = async (req: FastifyRequest<{ Params: { slug: string; id: string } }>) => {
    const { c, item, v } = await participantOf(req, 'poll');
    const questions = await listQuestions(ctx.db, item.id);
    return { c, item, v, questions };
  };

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/consultations/:id/poll/review',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item, questions } = await pollContext(req);
      const body = (req.body ?? {}) as FormBody;
      const { answers, errors } = readPollForm(questions, body);
      if (Object.keys(errors).length) return renderItem(ctx, req, reply, c, item, { status: 400, pollValues: body, pollErrors: errors });
      const p = await pageCtx(ctx, req, c);
      return sendHtml(reply, await ReviewPage({ p, c, item, questions, answers, hidden: answersToFields(questions, answers) }));
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/consultations/:id/poll/change',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item } = await pollContext(req);
      return renderItem(ctx, req, reply, c, item, { pollValues: (req.body ?? {}) as FormBody });
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/consultations/:id/poll/submit',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item, v, questions } = await pollContext(req);
      const uk = req.lang === 'uk';
      const body = (req.body ?? {}) as FormBody;
      // The review page is only a page: what it sends back is checked again in full.
      const { answers, errors } = readPollForm(questions, body);
      if (Object.keys(errors).length) return renderItem(ctx, req, reply, c, item, { status: 400, pollValues: body, pollErrors: errors });
      const id = await limited(uk ? 'Забагато спроб за годину.' : 'Too many attempts this hour.', () =>
        answerPoll(ctx, { community: c, itemId: item.id, viewer: v, answers }),
      );
      if (id === null) {
        throw new HttpError(
          409,
          'already_answered',
          uk ? 'Ви вже відповіли на це опитування: відповідь приймається один раз.' : 'You have already answered this poll: one answer per person.',
        );
      }
      return reply.redirect(`${itemUrl(c, item.id)}?done=answered`, 303);
    },
  );

  // ---------- stances on a draft act ----------

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/consultations/:id/stance',
    { config: { permission: 'consultations.take-part' } },
    async (req, reply) => {
      const { c, item, v } = await participantOf(req, 'act');
      const uk = req.lang === 'uk';
      const stance = field(req.body, 'stance');
      if (stance !== 'support' && stance !== 'oppose')
        throw new HttpError(400, 'bad_stance', uk ? 'Оберіть «підтримую» або «не підтримую».' : 'Choose «support» or «do not support».');
      const scopeRaw = field(req.body, 'scope');
      const scope = scopeRaw === '0' ? 0 : parseId(scopeRaw);
      if (scope !== 0 && !(await listSections(ctx.db, item.id)).some((s) => s.id === scope)) throw notFound(uk ? 'Такого розділу немає.' : 'No such section.');
      await limited(uk ? 'Забагато дій за годину.' : 'Too many actions this hour.', () =>
        setStance(ctx, { community: c, itemId: item.id, viewer: v, scope, stance }),
      );
      return reply.redirect(`${itemUrl(c, item.id)}${scope ? `#section-${scope}` : '#whole-title'}`, 303);
    },
  );
}
