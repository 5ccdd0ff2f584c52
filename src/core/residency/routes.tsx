/**
 * Residency pages: the person's own (what the address matched, choosing among candidates, asking a
 * community's moderators to confirm it) and the community's queue of such requests.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, Radios, SelectField, SubmitButton, TextArea, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { communityOr404, idOr404, queryString, requireViewer } from '../http/route-helpers.js';
import { forbidden, HttpError } from '../http/errors.js';
import { isCommunityAdmin, isCommunityModerator } from '../permissions/policy.js';
import { safeReturnTo } from '../auth/return-to.js';
import { formatKyivDateTime } from '../calendar/index.js';
import type { Community } from '../communities/community.js';
import type { NoneReason } from '../katottg/address.js';
import { unitByCode } from '../katottg/codifier-repository.js';
import { NONE_REASONS } from './rules.js';
import { chooseSettlement, decideRequest, requestConfirmation } from './residency-service.js';

function requireDecider(req: FastifyRequest, c: Community): void {
  const v = requireViewer(req);
  if (!isCommunityModerator(v, c.id) && !isCommunityAdmin(v, c.id))
    throw forbidden(
      req.lang === 'uk'
        ? 'Ця сторінка — лише для модераторів і адміністраторів цієї громади.'
        : 'This page is for the moderators and administrators of this community only.',
    );
}

async function residencyOf(ctx: CoreContext, userId: number) {
  return ctx.db
    .selectFrom('users')
    .select(['registered_address', 'residency_status', 'residency_reason', 'residency_candidates', 'territorial_code', 'verification_level'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
}

export function registerResidencyRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const residencePage = async (req: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) => {
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req);
    const u = await residencyOf(ctx, v.id);
    const returnTo = safeReturnTo(form.values.return ?? queryString(req, 'return'));
    const communities = await ctx.db
      .selectFrom('communities')
      .select(['id', 'name_uk', 'name_en'])
      .where('status', '=', 'connected')
      .orderBy('name_uk')
      .execute();
    const requests = await ctx.db
      .selectFrom('residency_requests as r')
      .innerJoin('communities as c', 'c.id', 'r.community_id')
      .select(['r.id', 'r.status', 'r.refusal_reason', 'r.created_at', 'c.name_uk', 'c.name_en'])
      .where('r.user_id', '=', v.id)
      .orderBy('r.id', 'desc')
      .execute();
    const settlement = u.territorial_code ? await unitByCode(ctx.db, u.territorial_code) : null;
    const canAsk = u.residency_status === 'unmatched' || u.residency_status === 'ambiguous';
    const html = (
      <Layout ctx={p} title={tr(p, 'Місце проживання', 'Place of residence')} hasErrors={Object.keys(form.errors).length > 0}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Місце проживання', 'Place of residence')}</h1>
        {u.verification_level !== 'idgovua' ? (
          <p class="notice">
            {t(p, 'Місце проживання відоме лише після входу через id.gov.ua.', 'The place of residence is known only after signing in with id.gov.ua.')}
          </p>
        ) : (
          <dl class="summary-list">
            <dt>{t(p, 'Адреса реєстрації (з id.gov.ua)', 'Registered address (from id.gov.ua)')}</dt>
            <dd safe>{u.registered_address ?? '—'}</dd>
            <dt>{t(p, 'Населений пункт за КАТОТТГ', 'Settlement in the КАТОТТГ codifier')}</dt>
            <dd safe>{settlement ? `${settlement.name} (${settlement.code})` : (u.territorial_code ?? tr(p, 'Не визначено', 'Not determined'))}</dd>
          </dl>
        )}
        {u.residency_status === 'unmatched' ? (
          <p class="notice warning" safe>
            {NONE_REASONS[(u.residency_reason ?? 'empty') as NoneReason][p.lang]}
          </p>
        ) : (
          ''
        )}
        {u.residency_status === 'ambiguous' || u.residency_status === 'chosen' ? (
          <form method="post" action="/cabinet/residence" novalidate>
            <CsrfField ctx={p} />
            <input type="hidden" name="return" value={returnTo} />
            <Radios
              ctx={p}
              form={form}
              name="code"
              legend={tr(
                p,
                'Адресі відповідає кілька населених пунктів. Де ви зареєстровані?',
                'Several settlements fit your address. Where are you registered?',
              )}
              hint={tr(
                p,
                'Від цього залежить, у якій громаді ви можете підписувати й голосувати як мешканець.',
                'This decides in which community you may sign and vote as a resident.',
              )}
              value={u.territorial_code ?? ''}
              options={u.residency_candidates.map((c) => ({ value: c.code, label: c.label, id: c.code }))}
            />
            <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
          </form>
        ) : (
          ''
        )}
        {canAsk ? (
          <form method="post" action="/cabinet/residence/request" novalidate>
            <CsrfField ctx={p} />
            <h2>{t(p, 'Попросити модератора громади підтвердити проживання', 'Ask a community’s moderator to confirm your residence')}</h2>
            <SelectField
              ctx={p}
              form={form}
              name="community"
              label={tr(p, 'Громада', 'Community')}
              hint={tr(p, 'Модератор побачить вашу адресу реєстрації з id.gov.ua.', 'The moderator will see your registered address from id.gov.ua.')}
              options={[
                { value: '', label: tr(p, 'Оберіть громаду', 'Choose the community') },
                ...communities.map((c) => ({ value: String(c.id), label: p.lang === 'uk' ? c.name_uk : c.name_en })),
              ]}
            />
            <SubmitButton variant="secondary">{t(p, 'Попросити підтвердити', 'Ask for confirmation')}</SubmitButton>
          </form>
        ) : (
          ''
        )}
        {requests.length ? (
          <>
            <h2>{t(p, 'Мої запити', 'My requests')}</h2>
            <ul>
              {requests.map((r) => (
                <li safe>
                  {`${p.lang === 'uk' ? r.name_uk : r.name_en}: ${r.status === 'new' ? tr(p, 'на розгляді', 'awaiting a decision') : r.status === 'confirmed' ? tr(p, 'підтверджено', 'confirmed') : `${tr(p, 'відмовлено', 'refused')} — ${r.refusal_reason ?? ''}`}`}
                </li>
              ))}
            </ul>
          </>
        ) : (
          ''
        )}
        <p>
          <a href={returnTo}>{t(p, 'Продовжити', 'Continue')}</a>
        </p>
      </Layout>
    );
    return sendHtml(reply, await html, status);
  };

  app.get('/cabinet/residence', async (req, reply) => residencePage(req, reply, { values: {}, errors: {} }));

  app.post('/cabinet/residence', { config: { permission: 'residency.choose' } }, async (req, reply) => {
    const v = requireViewer(req);
    const code = field(req.body, 'code');
    const returnTo = safeReturnTo(field(req.body, 'return'));
    if (!(await chooseSettlement(ctx.db, v.id, code))) {
      const message = req.lang === 'uk' ? 'Оберіть один із населених пунктів зі списку.' : 'Choose one of the settlements in the list.';
      return residencePage(req, reply, { values: { return: returnTo }, errors: { code: message } }, 400);
    }
    return reply.redirect(returnTo, 303);
  });

  app.post('/cabinet/residence/request', { config: { permission: 'residency.choose' } }, async (req, reply) => {
    const v = requireViewer(req);
    const id = Number(field(req.body, 'community'));
    const c =
      Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
        ? await ctx.db.selectFrom('communities').select('id').where('id', '=', id).where('status', '=', 'connected').executeTakeFirst()
        : undefined;
    if (!c) {
      const message = req.lang === 'uk' ? 'Оберіть громаду.' : 'Choose the community.';
      return residencePage(req, reply, { values: {}, errors: { community: message } }, 400);
    }
    const outcome = await requestConfirmation(ctx.db, { userId: v.id, communityId: c.id });
    if (outcome === 'not-needed')
      throw new HttpError(409, 'not_needed', req.lang === 'uk' ? 'Ваше місце проживання вже визначено.' : 'Your place of residence is already known.');
    return reply.redirect('/cabinet/residence', 303);
  });

  app.get<{ Params: { slug: string } }>('/:slug/manage/residency', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireDecider(req, c);
    const rows = await ctx.db
      .selectFrom('residency_requests as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.address_text', 'r.created_at', 'u.last_name', 'u.first_name', 'u.patronymic'])
      .where('r.community_id', '=', c.id)
      .where('r.status', '=', 'new')
      .orderBy('r.created_at')
      .execute();
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await QueuePage({ p, c, rows }));
  });

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/residency/:id/confirm',
    { config: { permission: 'residency.decide' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      requireDecider(req, c);
      const requestId = idOr404(req.params.id);
      const done = await decideRequest(ctx.db, {
        communityId: c.id,
        requestId,
        actorUserId: req.viewer!.id,
        decision: { kind: 'confirm' },
        now: ctx.clock.now(),
      });
      if (!done) throw new HttpError(409, 'decided', req.lang === 'uk' ? 'Цей запит уже розглянуто.' : 'This request is already decided.');
      return reply.redirect(`/${c.slug}/manage/residency`, 303);
    },
  );

  app.post<{ Params: { slug: string; id: string } }>(
    '/:slug/manage/residency/:id/refuse',
    { config: { permission: 'residency.decide' } },
    async (req, reply) => {
      const c = await communityOr404(ctx, req.params.slug);
      requireDecider(req, c);
      const requestId = idOr404(req.params.id);
      const reason = field(req.body, 'reason').trim().slice(0, 500);
      if (reason === '')
        throw new HttpError(
          400,
          'reason_required',
          req.lang === 'uk' ? 'Вкажіть причину відмови: людина її побачить.' : 'Give the reason for refusing: the person will see it.',
        );
      const done = await decideRequest(ctx.db, {
        communityId: c.id,
        requestId,
        actorUserId: req.viewer!.id,
        decision: { kind: 'refuse', reason },
        now: ctx.clock.now(),
      });
      if (!done) throw new HttpError(409, 'decided', req.lang === 'uk' ? 'Цей запит уже розглянуто.' : 'This request is already decided.');
      return reply.redirect(`/${c.slug}/manage/residency`, 303);
    },
  );
}

function QueuePage({
  p,
  c,
  rows,
}: {
  p: PageCtx;
  c: Community;
  rows: { id: number; address_text: string; created_at: Date; last_name: string; first_name: string; patronymic: string }[];
}): JSX.Element {
  const none: FormState = { values: {}, errors: {} };
  return (
    <Layout ctx={p} title={tr(p, 'Підтвердження проживання', 'Residence confirmations')}>
      <h1>{t(p, 'Запити на підтвердження проживання', 'Requests to confirm residence')}</h1>
      <p class="lead">
        {t(
          p,
          'Адресу цих людей не вдалося зіставити з кодифікатором КАТОТТГ. Підтвердьте, якщо адреса — у вашій громаді; інакше відмовте з причиною.',
          'These people’s addresses could not be matched to the КАТОТТГ codifier. Confirm if the address is in your community; otherwise refuse with a reason.',
        )}
      </p>
      {rows.length === 0 ? <p>{t(p, 'Нових запитів немає.', 'No new requests.')}</p> : ''}
      {rows.map((r) => (
        <div class="card">
          <h2 safe>{`${r.last_name} ${r.first_name} ${r.patronymic}`.trim()}</h2>
          <p>
            {t(p, 'Адреса реєстрації:', 'Registered address:')} <span safe>{r.address_text}</span>
          </p>
          <p class="hint" safe>
            {formatKyivDateTime(r.created_at, p.lang)}
          </p>
          <ActionButton ctx={p} action={`/${c.slug}/manage/residency/${r.id}/confirm`} label={tr(p, 'Підтвердити проживання', 'Confirm residence')} />
          <form method="post" action={`/${c.slug}/manage/residency/${r.id}/refuse`} novalidate>
            <CsrfField ctx={p} />
            <TextArea ctx={p} form={none} name="reason" label={tr(p, 'Причина відмови', 'Reason for refusing')} maxlength={500} rows={2} />
            <SubmitButton variant="warning">{t(p, 'Відмовити', 'Refuse')}</SubmitButton>
          </form>
        </div>
      ))}
    </Layout>
  );
}
