/** The notice board of a community: read by anyone, posted by eligible residents, moderated by the core. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../core/context.js';
import { communityOr404 } from '../../core/communities/routes.js';
import { pageCtx, sendHtml } from '../../core/http/request-context.js';
import { field } from '../../core/http/form-parser.js';
import { HttpError } from '../../core/http/errors.js';
import { Layout } from '../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../core/views/page-context.js';
import { CsrfField, ErrorSummary, TextArea, type FormState } from '../../core/views/forms.js';
import { formatKyivDateTime, kyivDateOf } from '../../core/calendar/index.js';
import { hiddenIds, blockOf } from '../../core/moderation/moderation-service.js';
import { isCommunityModerator, participationRefusal, type ParticipationRefusal } from '../../core/permissions/policy.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { hitRateLimit } from '../../core/security/rate-limit.js';
import { publicName, shownName } from '../../core/users/public-name.js';
import type { Community } from '../../core/communities/community.js';
import { insertNotice, listNotices, type Notice } from './repository.js';
import { refusalText } from '../../core/permissions/refusal-text.js';

export const NOTICE_MAX = 500;
const RULES = { allowEmail: true, residentsOnly: false, minAge: null };

function NoticesPage(props: {
  p: PageCtx;
  c: Community;
  notices: Notice[];
  hidden: Set<string>;
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  form: FormState;
}): JSX.Element {
  const { p, c } = props;
  const moderator = isCommunityModerator(p.viewer, c.id);
  return (
    <Layout ctx={p} title={tr(p, 'Оголошення громади', 'Community notices')} hasErrors={Object.keys(props.form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={props.form.errors} />
      <h1>{t(p, 'Оголошення громади', 'Community notices')}</h1>
      <p class="lead">{t(p, 'Короткі оголошення мешканців: зустрічі, толоки, знахідки.', 'Short notices from residents: meetings, clean-ups, lost and found.')}</p>
      {props.refusal === null ? (
        <form method="post" action={`/${c.slug}/notices`} novalidate>
          <CsrfField ctx={p} />
          <TextArea
            ctx={p}
            form={props.form}
            name="body"
            label={tr(p, 'Ваше оголошення', 'Your notice')}
            hint={tr(p, `До ${NOTICE_MAX} символів. Буде видно ваше імʼя.`, `Up to ${NOTICE_MAX} characters. Your name will be shown.`)}
            rows={3}
          />
          <button class="button" type="submit">
            {t(p, 'Опублікувати', 'Publish')}
          </button>
        </form>
      ) : (
        <div class="notice" role="status">
          <p safe>{refusalText(props.refusal, p.lang, props.blockReason)}</p>
          {props.refusal === 'signed-out' ? (
            <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(`/${c.slug}/notices`)}`}>
              {t(p, 'Увійти', 'Sign in')}
            </a>
          ) : (
            ''
          )}
        </div>
      )}
      <ul class="notices">
        {props.notices.map((n) => {
          const isHidden = props.hidden.has(String(n.id));
          return (
            <li class="card" id={`notice-${n.id}`}>
              {isHidden ? <p class="hidden-note">{t(p, 'Приховано модератором', 'Hidden by a moderator')}</p> : ''}
              {!isHidden || moderator ? (
                <p class={isHidden ? 'hidden-text' : undefined} safe>
                  {n.body}
                </p>
              ) : (
                ''
              )}
              <p class="meta" safe>
                {`${shownName(n.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(n.createdAt, p.lang)}`}
              </p>
              {p.viewer && !isHidden ? (
                <a class="small" href={`/complaints/new?type=notice&id=${n.id}`}>
                  {t(p, 'Поскаржитися', 'Report')}
                </a>
              ) : (
                ''
              )}
              {moderator && isHidden ? (
                <form method="post" action={`/${c.slug}/manage/unhide`} class="inline-form">
                  <CsrfField ctx={p} />
                  <input type="hidden" name="type" value="notice" />
                  <input type="hidden" name="id" value={String(n.id)} />
                  <label for={`unhide-${n.id}`}>{t(p, 'Причина відновлення', 'Reason to restore')}</label>
                  <input id={`unhide-${n.id}`} name="reason" type="text" maxlength="300" />
                  <button class="button secondary" type="submit">
                    {t(p, 'Показати знову', 'Unhide')}
                  </button>
                </form>
              ) : (
                ''
              )}
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

export function registerNoticeRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const render = async (req: FastifyRequest, reply: FastifyReply, c: Community, form: FormState, status = 200) => {
    const notices = await listNotices(ctx.db, c.id);
    const hidden = await hiddenIds(ctx.db, 'notice', notices.map((n) => String(n.id)));
    const block = req.viewer ? await blockOf(ctx.db, c.id, req.viewer.id) : null;
    const refusal = participationRefusal(req.viewer, c, RULES, { blocked: !!block, todayKyiv: kyivDateOf(ctx.clock.now()) });
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await NoticesPage({ p, c, notices, hidden, refusal, blockReason: block?.reason ?? null, form }), status);
  };

  app.get<{ Params: { slug: string } }>('/:slug/notices', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    return render(req, reply, c, { values: {}, errors: {} });
  });

  app.post<{ Params: { slug: string } }>('/:slug/notices', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    const v = req.viewer;
    const now = ctx.clock.now();
    const block = v ? await blockOf(ctx.db, c.id, v.id) : null;
    const refusal = participationRefusal(v, c, RULES, { blocked: !!block, todayKyiv: kyivDateOf(now) });
    if (refusal === 'signed-out') throw new HttpError(401, 'unauthorized', refusalText(refusal, req.lang, null));
    if (refusal) throw new HttpError(403, refusal, refusalText(refusal, req.lang, block?.reason ?? null));
    const body = field(req.body, 'body');
    const uk = req.lang === 'uk';
    const errors: Record<string, string> = {};
    if (!body) errors.body = uk ? 'Напишіть текст оголошення' : 'Write the text of the notice';
    else if ([...body].length > NOTICE_MAX) errors.body = uk ? `Не більше ${NOTICE_MAX} символів (зараз ${[...body].length})` : `At most ${NOTICE_MAX} characters (now ${[...body].length})`;
    if (Object.keys(errors).length) return render(req, reply, c, { values: { body }, errors }, 400);
    const limit = await hitRateLimit(ctx.db, { key: `notice:user:${v!.id}`, max: 10, windowSeconds: 3600 }, now);
    if (!limit.allowed) throw new HttpError(429, 'rate_limited', uk ? 'Забагато оголошень за годину.' : 'Too many notices this hour.');
    const id = await ctx.db.transaction().execute(async (trx) => {
      const noticeId = await insertNotice(trx, { communityId: c.id, authorUserId: v!.id, authorName: publicName(v!), body, now });
      await recordAudit(trx, { communityId: c.id, actorUserId: v!.id, action: 'notice.created', subjectType: 'notice', subjectId: noticeId, after: { length: body.length } });
      return noticeId;
    });
    return reply.redirect(`/${c.slug}/notices#notice-${id}`, 303);
  });
}
