/** Complaints from anyone signed in; the moderator's queue, hiding and blocking, per community. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, SelectField, SubmitButton, TextArea, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { queryString, communityOr404, requireViewer, idOr404 } from '../http/route-helpers.js';
import { forbidden, HttpError, notFound } from '../http/errors.js';
import { isCommunityAdmin, isCommunityModerator, isToolModerator } from '../permissions/policy.js';
import type { ContentRef } from '../modules/manifest.js';
import { blockUser, dismissComplaint, fileComplaint, hiddenIds, hideContent, unblockUser, unhideContent } from './moderation-service.js';
import { formatKyivDateTime } from '../calendar/index.js';
import type { Community } from '../communities/community.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { queueMail } from '../mail/mailer.js';
import { blockedMail } from '../mail/templates.js';
import { inTransaction } from '../db/transaction.js';
import { publicNameOfUser, shownName } from '../users/public-name.js';
import { tookPartIn } from './participation.js';

const COMPLAINT_REASONS = [
  { value: 'spam', uk: 'Спам або реклама', en: 'Spam or advertising' },
  { value: 'insult', uk: 'Образи, мова ворожнечі', en: 'Insults, hate speech' },
  { value: 'personal-data', uk: 'Чужі персональні дані', en: 'Personal data of someone else' },
  { value: 'illegal', uk: 'Заклики до насильства чи інше незаконне', en: 'Calls to violence or other illegal content' },
  { value: 'off-topic', uk: 'Не стосується теми', en: 'Off topic' },
  { value: 'other', uk: 'Інше', en: 'Other' },
] as const;

async function resolveContent(ctx: CoreContext, type: string, id: string): Promise<ContentRef | null> {
  for (const m of ctx.modules) {
    const resolver = m.content?.[type];
    if (resolver) return resolver(ctx.db, id);
  }
  return null;
}

/**
 * Content as a person reporting it may see it: what is not public (a draft, say) does not exist for them
 * unless they moderate its community, and what a moderator hid is not quoted to them, only named hidden.
 */
async function contentForComplaint(ctx: CoreContext, req: FastifyRequest, type: string, id: string): Promise<{ content: ContentRef; hidden: boolean }> {
  const content = await resolveContent(ctx, type, id);
  if (!content) throw notFound();
  const moderator = isCommunityModerator(req.viewer, content.communityId);
  if (!content.public && !moderator) throw notFound();
  const hidden = (await hiddenIds(ctx.db, type, [id])).size > 0;
  return { content, hidden: hidden && !moderator };
}

const HIDDEN_NOTE = {
  uk: 'Цей вміст уже приховано модератором, тож скаржитися на нього не потрібно.',
  en: 'This content is already hidden by a moderator, so there is no need to report it.',
};

function requireModerator(req: FastifyRequest, c: Community): void {
  if (!isCommunityModerator(requireViewer(req), c.id))
    throw forbidden(req.lang === 'uk' ? 'Ця сторінка — лише для модераторів цієї громади.' : 'This page is for the moderators of this community only.');
}

/** Ids are PostgreSQL integers: a larger number names nothing, and must not reach a query. */
const INT_MAX = 2_147_483_647;

export function registerModerationRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const complaintForm = async (req: FastifyRequest, reply: FastifyReply, type: string, id: string, form: FormState, status = 200) => {
    const { content, hidden } = await contentForComplaint(ctx, req, type, id);
    const p = await pageCtx(ctx, req);
    if (hidden) {
      return sendHtml(
        reply,
        await (
          <Layout ctx={p} title={tr(p, 'Поскаржитися', 'Report content')}>
            <h1>{t(p, 'Поскаржитися модератору', 'Report to the moderator')}</h1>
            <p class="notice" safe>
              {HIDDEN_NOTE[p.lang]}
            </p>
            <p>
              <a href={content.url}>{t(p, 'Повернутися', 'Go back')}</a>
            </p>
          </Layout>
        ),
        status === 200 ? 200 : 409,
      );
    }
    const html = (
      <Layout ctx={p} title={tr(p, 'Поскаржитися', 'Report content')} hasErrors={Object.keys(form.errors).length > 0}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Поскаржитися модератору', 'Report to the moderator')}</h1>
        <blockquote safe>{content.excerpt}</blockquote>
        <form method="post" action="/complaints" novalidate>
          <CsrfField ctx={p} />
          <input type="hidden" name="type" value={type} />
          <input type="hidden" name="id" value={id} />
          <SelectField
            ctx={p}
            form={form}
            name="reason"
            label={tr(p, 'Що не так?', 'What is wrong?')}
            options={[
              { value: '', label: tr(p, 'Оберіть причину', 'Choose a reason') },
              ...COMPLAINT_REASONS.map((r) => ({ value: r.value, label: r[p.lang] })),
            ]}
          />
          <TextArea ctx={p} form={form} name="details" label={tr(p, 'Пояснення (необовʼязково)', 'Details (optional)')} maxlength={1000} rows={3} />
          <SubmitButton>{t(p, 'Надіслати скаргу', 'Send the report')}</SubmitButton>
        </form>
      </Layout>
    );
    return sendHtml(reply, await html, status);
  };

  app.get('/complaints/new', async (req, reply) => {
    if (!req.viewer) return reply.redirect(`/auth/sign-in?return=${encodeURIComponent(req.url)}`, 303);
    return complaintForm(req, reply, queryString(req, 'type'), queryString(req, 'id'), { values: {}, errors: {} });
  });

  app.post('/complaints', { config: { permission: 'moderation.complain' } }, async (req, reply) => {
    if (!req.viewer) return reply.redirect('/auth/sign-in', 303);
    const type = field(req.body, 'type');
    const id = field(req.body, 'id');
    const reason = field(req.body, 'reason');
    const details = field(req.body, 'details');
    const uk = req.lang === 'uk';
    const { content, hidden } = await contentForComplaint(ctx, req, type, id);
    if (hidden) throw new HttpError(409, 'hidden', HIDDEN_NOTE[req.lang]);
    const errors: Record<string, string> = {};
    if (!COMPLAINT_REASONS.some((r) => r.value === reason)) errors.reason = uk ? 'Оберіть причину скарги' : 'Choose a reason';
    if (reason === 'other' && !details) errors.details = uk ? 'Поясніть, що не так' : 'Explain what is wrong';
    if (details.length > 1000) errors.details = uk ? 'Не більше 1000 символів' : 'At most 1000 characters';
    if (Object.keys(errors).length) return complaintForm(req, reply, type, id, { values: { reason, details }, errors }, 400);
    const limit = await hitRateLimit(ctx.db, { key: `complaint:user:${req.viewer.id}`, max: 30, windowSeconds: 3600 }, ctx.clock.now());
    if (!limit.allowed)
      throw new HttpError(429, 'rate_limited', uk ? 'Забагато скарг за годину. Спробуйте пізніше.' : 'Too many reports this hour. Try later.');
    const outcome = await fileComplaint(ctx.db, {
      communityId: content.communityId,
      subjectType: type,
      subjectId: id,
      reporterUserId: req.viewer.id,
      reason: details ? `${reason}: ${details}` : reason,
    });
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Скаргу надіслано', 'Report sent')}>
          <h1>{outcome === 'created' ? t(p, 'Скаргу надіслано', 'Report sent') : t(p, 'Ви вже скаржилися на це', 'You have already reported this')}</h1>
          <p>{t(p, 'Модератор громади розгляне її. Дякуємо!', 'A moderator of the community will review it. Thank you!')}</p>
          <p>
            <a href={content.url}>{t(p, 'Повернутися', 'Go back')}</a>
          </p>
        </Layout>
      ),
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    // The community's administrator comes here for its profile; the moderation cards are the moderators'.
    const admin = isCommunityAdmin(req.viewer, c.id);
    if (!admin) requireModerator(req, c);
    const moderator = isCommunityModerator(req.viewer, c.id);
    const open = await ctx.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('community_id', '=', c.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Керування громадою', 'Manage the community')}>
          <h1>{t(p, 'Керування громадою', 'Manage the community')}</h1>
          <ul class="cards">
            {ctx.modules
              .filter((m) => m.manageLinks && (!m.tool || isToolModerator(req.viewer, c.id, m.tool)))
              .flatMap((m) => m.manageLinks!)
              .filter((l) => !l.communityAdmin || admin)
              .map((l) => (
                <li class="card">
                  <h2>
                    <a href={`/${c.slug}${l.path}`} safe>
                      {l.label[p.lang]}
                    </a>
                  </h2>
                </li>
              ))}
            {moderator || admin ? (
              <li class="card">
                <h2>
                  <a href={`/${c.slug}/manage/residency`}>{t(p, 'Підтвердження проживання', 'Residence confirmations')}</a>
                </h2>
              </li>
            ) : (
              ''
            )}
            {moderator ? (
              <>
                <li class="card">
                  <h2>
                    <a href={`/${c.slug}/manage/complaints`}>{t(p, 'Скарги', 'Complaints')}</a>
                  </h2>
                  <p>
                    {t(p, 'Нерозглянутих:', 'Open:')} <strong safe>{String(Number(open.n))}</strong>
                  </p>
                </li>
                <li class="card">
                  <h2>
                    <a href={`/${c.slug}/manage/blocks`}>{t(p, 'Обмежені користувачі', 'Blocked users')}</a>
                  </h2>
                </li>
                <li class="card">
                  <h2>
                    <a href={`/${c.slug}/manage/audit`}>{t(p, 'Журнал дій', 'Audit log')}</a>
                  </h2>
                </li>
              </>
            ) : (
              ''
            )}
          </ul>
        </Layout>
      ),
    );
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/complaints', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const rows = await ctx.db
      .selectFrom('complaints')
      .selectAll()
      .where('community_id', '=', c.id)
      .where('status', '=', 'open')
      .orderBy('created_at')
      .limit(200)
      .execute();
    const items = await Promise.all(rows.map(async (r) => ({ r, content: await resolveContent(ctx, r.subject_type, r.subject_id) })));
    const p = await pageCtx(ctx, req, c);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Скарги', 'Complaints')}>
          <h1>{t(p, 'Скарги на вміст', 'Complaints about content')}</h1>
          {items.length === 0 ? <p>{t(p, 'Нерозглянутих скарг немає.', 'No open complaints.')}</p> : ''}
          <ul class="queue">
            {items.map(({ r, content }) => (
              <li class="card">
                <p class="meta" safe>
                  {formatKyivDateTime(r.created_at, p.lang)} · {r.reason}
                </p>
                <blockquote safe>{content?.excerpt ?? tr(p, '(вміст видалено)', '(content removed)')}</blockquote>
                {content ? (
                  <p>
                    <a href={content.url}>{t(p, 'Відкрити в контексті', 'Open in context')}</a>
                  </p>
                ) : (
                  ''
                )}
                <form method="post" action={`/${c.slug}/manage/hide`} class="stack">
                  <CsrfField ctx={p} />
                  <input type="hidden" name="type" value={r.subject_type} />
                  <input type="hidden" name="id" value={r.subject_id} />
                  <label for={`hide-reason-${r.id}`}>{t(p, 'Причина приховування (бачитиме автор)', 'Reason for hiding (the author will see it)')}</label>
                  <input id={`hide-reason-${r.id}`} name="reason" type="text" value={r.reason} maxlength="300" />
                  <SubmitButton variant="warning">{t(p, 'Приховати', 'Hide')}</SubmitButton>
                </form>
                <ActionButton
                  ctx={p}
                  action={`/${c.slug}/manage/complaints/${r.id}/dismiss`}
                  label={tr(p, 'Відхилити скаргу', 'Dismiss the complaint')}
                  variant="secondary"
                />
                {content?.authorUserId ? (
                  <form method="post" action={`/${c.slug}/manage/blocks`} class="stack">
                    <CsrfField ctx={p} />
                    <input type="hidden" name="user_id" value={String(content.authorUserId)} />
                    <label for={`block-reason-${r.id}`}>{t(p, 'Обмежити автора в громаді: причина', 'Block the author in this community: reason')}</label>
                    <input id={`block-reason-${r.id}`} name="reason" type="text" maxlength="300" />
                    <SubmitButton variant="secondary">{t(p, 'Обмежити автора', 'Block the author')}</SubmitButton>
                  </form>
                ) : (
                  ''
                )}
              </li>
            ))}
          </ul>
        </Layout>
      ),
    );
  });

  const reasonRequired = (req: FastifyRequest): string => {
    const reason = field(req.body, 'reason');
    if (!reason || reason.length > 300) {
      throw new HttpError(400, 'reason_required', req.lang === 'uk' ? 'Вкажіть причину (до 300 символів).' : 'Give a reason (up to 300 characters).');
    }
    return reason;
  };

  const contentOfCommunity = async (req: FastifyRequest, c: Community) => {
    const type = field(req.body, 'type');
    const id = field(req.body, 'id');
    const content = await resolveContent(ctx, type, id);
    if (!content || content.communityId !== c.id) throw notFound();
    return { type, id, content };
  };

  app.post<{ Params: { slug: string } }>('/:slug/manage/hide', { config: { permission: 'moderation.hide' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const reason = reasonRequired(req);
    const { type, id, content } = await contentOfCommunity(req, c);
    await hideContent(ctx.db, { communityId: c.id, subjectType: type, subjectId: id, reason, actorUserId: req.viewer!.id, now: ctx.clock.now() });
    return reply.redirect(content.url, 303);
  });

  app.post<{ Params: { slug: string } }>('/:slug/manage/unhide', { config: { permission: 'moderation.hide' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const reason = reasonRequired(req);
    const { type, id, content } = await contentOfCommunity(req, c);
    await unhideContent(ctx.db, { communityId: c.id, subjectType: type, subjectId: id, reason, actorUserId: req.viewer!.id });
    return reply.redirect(content.url, 303);
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/complaints/:id/dismiss',
    { config: { permission: 'moderation.hide' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      requireModerator(req, c);
      const id = idOr404(req.params.id);
      await dismissComplaint(ctx.db, { communityId: c.id, complaintId: id, actorUserId: req.viewer!.id, now: ctx.clock.now() });
      return reply.redirect(`/${c.slug}/manage/complaints`, 303);
    },
  );

  app.get<{ Params: { slug: string } }>('/:slug/manage/blocks', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const rows = await ctx.db
      .selectFrom('user_blocks as b')
      .innerJoin('users as u', 'u.id', 'b.user_id')
      .select(['b.user_id', 'b.reason', 'b.created_at', 'u.last_name', 'u.first_name', 'u.patronymic', 'u.verification_level', 'u.deleted_at'])
      .where('b.community_id', '=', c.id)
      .orderBy('b.created_at', 'desc')
      .execute();
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await BlocksPage({ p, c, rows }));
  });

  app.post<{ Params: { slug: string } }>('/:slug/manage/blocks', { config: { permission: 'moderation.block' } }, async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireModerator(req, c);
    const reason = reasonRequired(req);
    const userId = Number(field(req.body, 'user_id'));
    const user =
      Number.isSafeInteger(userId) && userId > 0 && userId <= INT_MAX
        ? await ctx.db.selectFrom('users').select(['id', 'email', 'lang']).where('id', '=', userId).executeTakeFirst()
        : undefined;
    // Only someone who took part here (authored or commented): to this community's moderator anyone else
    // does not exist, so a user id from elsewhere reveals nobody and mails nobody.
    if (!user || !(await tookPartIn(ctx.modules, ctx.db, c.id, user.id))) throw notFound();
    if (user.id === req.viewer!.id) throw new HttpError(400, 'self_block', req.lang === 'uk' ? 'Не можна обмежити себе.' : 'You cannot block yourself.');
    // The block and the letter that tells the person are one change: both happen or neither.
    await inTransaction(ctx.db, async (trx) => {
      const done = await blockUser(trx, { communityId: c.id, userId: user.id, reason, actorUserId: req.viewer!.id });
      if (done && user.email) await queueMail(trx, user.email, blockedMail(user.lang, c.name[user.lang], reason), ctx.clock.now());
    });
    return reply.redirect(`/${c.slug}/manage/blocks`, 303);
  });

  app.post<{ Params: { slug: string; userId: string } }>(
    '/:slug/manage/blocks/:userId/unblock',
    { config: { permission: 'moderation.block' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      requireModerator(req, c);
      const userId = idOr404(req.params.userId);
      await unblockUser(ctx.db, { communityId: c.id, userId, actorUserId: req.viewer!.id });
      return reply.redirect(`/${c.slug}/manage/blocks`, 303);
    },
  );
}

function BlocksPage({
  p,
  c,
  rows,
}: {
  p: PageCtx;
  c: Community;
  rows: {
    user_id: number;
    reason: string;
    created_at: Date;
    last_name: string;
    first_name: string;
    patronymic: string;
    verification_level: 'idgovua' | 'email';
    deleted_at: Date | null;
  }[];
}): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Обмежені користувачі', 'Blocked users')}>
      <h1>{t(p, 'Обмежені користувачі', 'Blocked users')}</h1>
      {rows.length === 0 ? <p>{t(p, 'Нікого не обмежено.', 'Nobody is blocked.')}</p> : ''}
      <ul class="queue">
        {rows.map((r) => (
          <li class="card">
            <p>
              <strong safe>
                {r.deleted_at ? `#${r.user_id} · ${tr(p, 'видалений обліковий запис', 'deleted account')}` : shownName(publicNameOfUser(r), p.lang)}
              </strong>
            </p>
            <p class="meta" safe>
              {formatKyivDateTime(r.created_at, p.lang)} · {r.reason}
            </p>
            <ActionButton ctx={p} action={`/${c.slug}/manage/blocks/${r.user_id}/unblock`} label={tr(p, 'Зняти обмеження', 'Unblock')} variant="secondary" />
          </li>
        ))}
      </ul>
    </Layout>
  );
}
