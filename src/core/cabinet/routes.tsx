/** The personal cabinet: profile, activity across tools, notification settings, sign out, deletion. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { ActionButton, Checkbox, CsrfField, SubmitButton } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { HttpError } from '../http/errors.js';
import { requireViewer } from '../http/route-helpers.js';
import { fullName, ageOn, type Viewer } from '../users/viewer.js';
import { kyivDateOf, formatKyivDate, formatKyivDateTime } from '../calendar/index.js';
import type { Lang, Text } from '../i18n/index.js';
import type { CabinetSection } from '../modules/manifest.js';
import { recordAudit } from '../audit/audit-log.js';
import { SESSION_COOKIE } from '../sessions/sessions.js';
import { findCommunityById } from '../communities/communities-repository.js';
import { isWithinTerritory } from '../communities/community.js';
import { rolesAwaitEmail } from '../users/users-repository.js';
import { NONE_REASONS } from '../residency/rules.js';
import type { NoneReason } from '../katottg/address.js';
import { IdentityLinkCard } from '../auth/link-routes.js';
import { isLinkedAccount } from '../identity/identity-links.js';
import { deleteFollowsOf } from '../follows/service.js';
import { FollowsSection } from '../follows/views.js';
import { followsOf } from '../follows/repository.js';

/** What always stays after deletion, whatever the modules add. */
const CORE_KEPT: Text[] = [
  {
    uk: 'Записи журналу дій (хто що змінив) — без ваших контактів: їх вимагає прозорість рішень.',
    en: 'Audit log entries (who changed what), without your contacts: transparency of decisions requires them.',
  },
];

const RECEIPTS: Record<'title' | 'empty' | 'receipt', Text> = {
  title: { uk: 'Мої квитанції журналу прозорості', en: 'My transparency log receipts' },
  empty: {
    uk: 'Квитанцій ще немає: вони зʼявляються після підпису, голосування чи відповіді.',
    en: 'No receipts yet: they come with signing, voting or answering.',
  },
  receipt: { uk: 'квитанція', en: 'receipt' },
};

/** «Мої квитанції»: every tool's receipts of this person's own acts, newest first, each linked to its check. */
async function receiptsSection(ctx: CoreContext, v: Viewer, lang: Lang): Promise<CabinetSection> {
  const all = (await Promise.all(ctx.modules.map((m) => m.receipts?.(ctx, v, lang) ?? []))).flat();
  all.sort((a, b) => b.at.getTime() - a.at.getTime() || b.receipt - a.receipt);
  return {
    title: RECEIPTS.title[lang],
    empty: RECEIPTS.empty[lang],
    items: all.map((r) => ({
      label: r.label,
      href: `/transparency/receipts/${r.receipt}`,
      meta: `${RECEIPTS.receipt[lang]} № ${r.receipt} · ${formatKyivDateTime(r.at, lang)}`,
    })),
  };
}

export function registerCabinetRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get('/cabinet', async (req, reply) => {
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req);
    const sections = (await Promise.all(ctx.modules.map((m) => m.cabinet?.(ctx, v, p.lang) ?? null))).flat().filter((s) => s !== null);
    sections.push(await receiptsSection(ctx, v, p.lang));
    const today = kyivDateOf(ctx.clock.now());
    const roleCommunities = await Promise.all(v.roles.map(async (r) => ({ r, c: r.communityId ? await findCommunityById(ctx.db, r.communityId) : null })));
    const rolesWaiting = await rolesAwaitEmail(ctx.db, v.email);
    const home = (await ctx.db.selectFrom('communities').selectAll().execute()).find((c) => isWithinTerritory(v.territorialCode, c.territorial_codes));
    const residency = await ctx.db.selectFrom('users').select(['residency_status', 'residency_reason']).where('id', '=', v.id).executeTakeFirstOrThrow();
    const linked = v.level === 'email' && (await isLinkedAccount(ctx.db, v.id));
    const html = (
      <Layout ctx={p} title={tr(p, 'Кабінет', 'Cabinet')}>
        <h1>{t(p, 'Мій кабінет', 'My cabinet')}</h1>
        {rolesWaiting ? (
          <div class="notice" role="status">
            <p>
              {t(
                p,
                'За вашою адресою ел. пошти на вас чекає запрошення до ролі (наприклад, модератора). Щоб отримати її, підтвердьте, що адреса ваша, кодом із листа.',
                'An invitation to a role (for example, moderator) waits for your e-mail address. To take it up, confirm with a code from a letter that the address is yours.',
              )}
            </p>
            <p>
              <a class="button" href="/cabinet/email">
                {t(p, 'Підтвердити ел. пошту', 'Confirm your e-mail')}
              </a>
            </p>
          </div>
        ) : (
          ''
        )}
        <h2>{t(p, 'Профіль', 'Profile')}</h2>
        <dl class="summary-list">
          <dt>{t(p, 'Імʼя', 'Name')}</dt>
          <dd safe>{fullName(v) || '—'}</dd>
          <dt>{t(p, 'Рівень перевірки', 'Verification level')}</dt>
          <dd>
            {v.level === 'idgovua'
              ? t(p, 'Перевірено через id.gov.ua', 'Verified with id.gov.ua')
              : t(p, 'Ел. пошта й телефон (слабший рівень)', 'E-mail and phone (the weaker level)')}
          </dd>
          {v.birthDate ? (
            <>
              <dt>{t(p, 'Вік', 'Age')}</dt>
              <dd safe>{String(ageOn(v.birthDate, today))}</dd>
            </>
          ) : (
            ''
          )}
          <dt>{t(p, 'Громада за місцем реєстрації', 'Community of registration')}</dt>
          <dd safe>{home ? (p.lang === 'uk' ? home.name_uk : home.name_en) : tr(p, 'Не на платформі або невідомо', 'Not on the platform or unknown')}</dd>
          <dt>{t(p, 'Ел. пошта', 'E-mail')}</dt>
          <dd>
            <span safe>{v.email ?? '—'}</span> <a href="/cabinet/email">{t(p, 'Підтвердити адресу', 'Confirm an address')}</a>
          </dd>
          <dt>{t(p, 'Телефон', 'Phone')}</dt>
          <dd safe>{v.phone ?? '—'}</dd>
          <dt>{t(p, 'З нами з', 'Member since')}</dt>
          <dd safe>{formatKyivDate(v.createdAt, p.lang)}</dd>
        </dl>
        {residency.residency_status === 'unmatched' ? (
          <div class="notice warning">
            <p>
              {t(p, 'Ваше місце проживання не визначено:', 'Your place of residence is not determined:')}{' '}
              <span safe>{NONE_REASONS[(residency.residency_reason ?? 'empty') as NoneReason][p.lang]}</span>
            </p>
            <p>
              <a class="button secondary" href="/cabinet/residence">
                {t(p, 'Попросити громаду підтвердити проживання', 'Ask a community to confirm your residence')}
              </a>
            </p>
          </div>
        ) : residency.residency_status === 'ambiguous' ? (
          <p class="notice warning">
            {t(p, 'Адресі реєстрації відповідає кілька населених пунктів.', 'Several settlements fit your registered address.')}{' '}
            <a href="/cabinet/residence">{t(p, 'Оберіть свій', 'Choose yours')}</a>
          </p>
        ) : v.level === 'idgovua' ? (
          <p>
            <a href="/cabinet/residence">{t(p, 'Місце проживання', 'Place of residence')}</a>
          </p>
        ) : (
          ''
        )}
        <IdentityLinkCard p={p} v={v} linked={linked} />
        {roleCommunities.length ? (
          <>
            <h2>{t(p, 'Мої ролі', 'My roles')}</h2>
            <ul>
              {roleCommunities.map(({ r, c }) => (
                <li safe>
                  {r.role === 'national_moderator'
                    ? tr(p, 'Національний модератор', 'National moderator')
                    : `${r.role === 'moderator' ? tr(p, 'Модератор', 'Moderator') : r.role === 'executor' ? tr(p, 'Виконавець', 'Executor') : r.role === 'editor' ? tr(p, 'Редактор сайту', 'Website editor') : r.role === 'community_admin' ? tr(p, 'Адміністратор громади', 'Community administrator') : tr(p, 'Шкільний модератор', 'School moderator')}${r.tool ? ` «${r.tool}»` : ''}${r.scope ? ` (${r.scope})` : ''}${c ? ` — ${c.name[p.lang]}` : ''}`}
                </li>
              ))}
            </ul>
            {v.roles.some((r) => r.role === 'national_moderator') ? (
              <p>
                <a href="/manage/audit">{t(p, 'Журнал дій платформи', 'Platform audit log')}</a>
              </p>
            ) : (
              ''
            )}
          </>
        ) : (
          ''
        )}
        <h2>{t(p, 'Моя активність', 'My activity')}</h2>
        {sections.length === 0 ? <p>{t(p, 'Поки що нічого.', 'Nothing yet.')}</p> : ''}
        {sections.map((s) => (
          <section>
            <h3 safe>{s.title}</h3>
            {s.items.length === 0 ? (
              <p class="meta" safe>
                {s.empty}
              </p>
            ) : (
              <ul>
                {s.items.map((i) => (
                  <li>
                    <a href={i.href} safe>
                      {i.label}
                    </a>{' '}
                    <span class="meta" safe>
                      {i.meta}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
        <FollowsSection p={p} follows={await followsOf(ctx.db, v.id)} toolName={(id) => ctx.modules.find((m) => m.id === id)?.name[p.lang] ?? id} />
        <h2 id="notifications">{t(p, 'Сповіщення', 'Notifications')}</h2>
        <form method="post" action="/cabinet/notifications">
          <CsrfField ctx={p} />
          <Checkbox
            name="notify_email"
            checked={v.notifyEmail}
            label={tr(
              p,
              'Надсилати мені листи про мої петиції, проєкти, звернення та відповіді',
              'E-mail me about my petitions, projects, reports and answers',
            )}
          />
          <SubmitButton variant="secondary">{t(p, 'Зберегти', 'Save')}</SubmitButton>
        </form>
        <h2>{t(p, 'Вихід і видалення', 'Sign out and deletion')}</h2>
        <ActionButton ctx={p} action="/auth/sign-out" label={tr(p, 'Вийти', 'Sign out')} variant="secondary" />
        <p>
          <a href="/cabinet/delete">{t(p, 'Видалити обліковий запис', 'Delete my account')}</a>
        </p>
      </Layout>
    );
    return sendHtml(reply, await html);
  });

  app.post('/cabinet/notifications', { config: { permission: 'account.manage' } }, async (req, reply) => {
    const v = requireViewer(req);
    await ctx.db
      .updateTable('users')
      .set({ notify_email: field(req.body, 'notify_email') === 'on' })
      .where('id', '=', v.id)
      .execute();
    return reply.redirect('/cabinet#notifications', 303);
  });

  app.get('/cabinet/delete', async (req, reply) => {
    requireViewer(req);
    const p = await pageCtx(ctx, req);
    const kept = [...CORE_KEPT, ...ctx.modules.flatMap((m) => m.accountDeletion?.kept ?? [])];
    const html = (
      <Layout ctx={p} title={tr(p, 'Видалення облікового запису', 'Deleting the account')}>
        <h1>{t(p, 'Видалити обліковий запис?', 'Delete your account?')}</h1>
        <p>
          {t(
            p,
            'Ми видалимо ваші контактні дані, дату народження, адресу реєстрації, налаштування та ролі, і завершимо всі сеанси.',
            'We will remove your contact details, birth date, registered address, settings and roles, and end every session.',
          )}
        </p>
        <h2>{t(p, 'Що залишиться за законом', 'What the law requires us to keep')}</h2>
        <ul>
          {kept.map((k) => (
            <li safe>{k[p.lang]}</li>
          ))}
        </ul>
        <form method="post" action="/cabinet/delete">
          <CsrfField ctx={p} />
          <Checkbox
            name="confirm"
            checked={false}
            label={tr(p, 'Так, я розумію і хочу видалити обліковий запис', 'Yes, I understand and want to delete my account')}
          />
          <SubmitButton variant="warning">{t(p, 'Видалити обліковий запис', 'Delete my account')}</SubmitButton>
        </form>
      </Layout>
    );
    return sendHtml(reply, await html);
  });

  app.post('/cabinet/delete', { config: { permission: 'account.manage' } }, async (req, reply) => {
    const v = requireViewer(req);
    if (field(req.body, 'confirm') !== 'on') {
      throw new HttpError(
        400,
        'confirm_required',
        req.lang === 'uk' ? 'Позначте підтвердження, щоб видалити обліковий запис.' : 'Tick the confirmation to delete the account.',
      );
    }
    await ctx.db.transaction().execute(async (trx) => {
      for (const m of ctx.modules) await m.accountDeletion?.run(trx, v.id);
      await deleteFollowsOf(trx, v.id);
      await trx
        .updateTable('users')
        .set({
          identity_key: null,
          email: null,
          phone: null,
          // The acts keep the phone's key (as they keep an identity key): a new account verifying the same
          // phone is the same person to them. The account itself forgets it.
          phone_key: null,
          phone_verified_at: null,
          birth_date: null,
          territorial_code: null,
          registered_address: null,
          residency_status: null,
          residency_reason: null,
          residency_candidates: '[]',
          auth_type: null,
          last_name: '',
          first_name: '',
          patronymic: '',
          notify_email: false,
          notification_prefs: '{}',
          deleted_at: ctx.clock.now(),
        })
        .where('id', '=', v.id)
        .execute();
      // A request to confirm residence quotes the address: it goes with the account.
      await trx.deleteFrom('residency_requests').where('user_id', '=', v.id).execute();
      await trx.deleteFrom('role_assignments').where('user_id', '=', v.id).execute();
      await trx.deleteFrom('sessions').where('user_id', '=', v.id).execute();
      await recordAudit(trx, { communityId: null, actorUserId: v.id, action: 'account.deleted', subjectType: 'user', subjectId: v.id });
    });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/?deleted=1', 303);
  });
}
