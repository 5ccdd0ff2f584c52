/**
 * The cabinet's "confirm your e-mail" pages: a code to the address, then the roles promised to it.
 * The invitation letters (a connected community's moderators, school moderators) lead here after sign-in.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, TextField, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { queryString, requireViewer, routeId } from '../http/route-helpers.js';
import { HttpError } from '../http/errors.js';
import { safeReturnTo } from '../auth/return-to.js';
import { isEmail } from '../auth/email-routes.js';
import { confirmEmail, CONFIRMATION_TRIES, requestEmailConfirmation } from '../users/email-confirmation.js';
import { plural } from '../i18n/index.js';
import { OneTimeCodeForm } from '../auth/sign-in-kit.js';

function AddressForm({ p, form, returnTo }: { p: PageCtx; form: FormState; returnTo: string }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Підтвердити ел. пошту', 'Confirm your e-mail')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{t(p, 'Підтвердити ел. пошту', 'Confirm your e-mail')}</h1>
      <p>
        {t(
          p,
          'Якщо вас запросили модератором чи до іншої ролі за адресою ел. пошти, підтвердьте, що вона ваша: ми надішлемо на неї 6-значний код. Роль отримає лише той, хто введе цей код.',
          'If you were invited as a moderator or to another role by e-mail, confirm that the address is yours: we will send a 6-digit code to it. Only whoever enters that code gets the role.',
        )}
      </p>
      <form method="post" action="/cabinet/email" novalidate>
        <CsrfField ctx={p} />
        <input type="hidden" name="return" value={returnTo} />
        <TextField ctx={p} form={form} name="email" type="email" label={tr(p, 'Ел. пошта', 'E-mail')} autocomplete="email" />
        <SubmitButton>{t(p, 'Надіслати код', 'Send the code')}</SubmitButton>
      </form>
    </Layout>
  );
}

function CodeForm({ p, form, id, returnTo }: { p: PageCtx; form: FormState; id: string; returnTo: string }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Введіть код', 'Enter the code')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{t(p, 'Введіть код із листа', 'Enter the code from the e-mail')}</h1>
      <p>{t(p, 'Ми надіслали 6-значний код. Він дійсний 10 хвилин; є 5 спроб.', 'We sent a 6-digit code. It is valid for 10 minutes; you have 5 tries.')}</p>
      <OneTimeCodeForm
        p={p}
        form={form}
        action="/cabinet/email/verify"
        hidden={{ id, return: returnTo }}
        label={tr(p, 'Код', 'Code')}
        submit={tr(p, 'Підтвердити', 'Confirm')}
      />
      <p>
        <a href={`/cabinet/email?return=${encodeURIComponent(returnTo)}`}>{t(p, 'Надіслати новий код', 'Send a new code')}</a>
      </p>
    </Layout>
  );
}

function Confirmed({ p, email, roles, returnTo }: { p: PageCtx; email: string; roles: number; returnTo: string }): JSX.Element {
  const rolesText = plural(roles, { uk: ['роль', 'ролі', 'ролей'], en: ['role', 'roles'] }, p.lang);
  return (
    <Layout ctx={p} title={tr(p, 'Адресу підтверджено', 'Address confirmed')}>
      <h1>{t(p, 'Адресу підтверджено', 'Address confirmed')}</h1>
      <p class="lead" safe>
        {roles > 0
          ? tr(
              p,
              `Адреса ${email} ваша. Ви отримали ${rolesText}, до яких вас запросили.`,
              `The address ${email} is yours. You now hold the ${rolesText} you were invited to.`,
            )
          : tr(p, `Адреса ${email} ваша. Запрошень за нею немає.`, `The address ${email} is yours. No invitations wait for it.`)}
      </p>
      <p>
        <a class="button" href={returnTo}>
          {t(p, 'Продовжити', 'Continue')}
        </a>
      </p>
    </Layout>
  );
}

export function registerEmailConfirmationRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const returnOf = (raw: string) => safeReturnTo(raw || '/cabinet');
  const codeForm = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, returnTo: string, status = 200) =>
    sendHtml(reply, await CodeForm({ p: await pageCtx(ctx, req), form, id, returnTo }), status);

  app.get('/cabinet/email', async (req, reply) => {
    const v = requireViewer(req);
    const form = { values: { email: v.email ?? '' }, errors: {} };
    return sendHtml(reply, await AddressForm({ p: await pageCtx(ctx, req), form, returnTo: returnOf(queryString(req, 'return')) }));
  });

  app.post('/cabinet/email', { config: { permission: 'account.manage' } }, async (req, reply) => {
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req);
    const returnTo = returnOf(field(req.body, 'return'));
    const typed = field(req.body, 'email');
    const email = typed.toLowerCase();
    if (!isEmail(email)) {
      const error = typed
        ? tr(p, 'Введіть пошту у форматі name@example.com', 'Enter an e-mail like name@example.com')
        : tr(p, 'Введіть електронну пошту', 'Enter your e-mail');
      return sendHtml(reply, await AddressForm({ p, form: { values: { email: typed }, errors: { email: error } }, returnTo }), 400);
    }
    const sent = await requestEmailConfirmation(ctx, { userId: v.id, email, lang: p.lang });
    if (!sent.ok) {
      const minutes = Math.ceil(sent.retryAfterSeconds / 60);
      throw new HttpError(429, 'rate_limited', tr(p, `Забагато кодів. Спробуйте знову через ${minutes} хв.`, `Too many codes. Try again in ${minutes} min.`));
    }
    return reply.redirect(`/cabinet/email/verify?id=${sent.id}&return=${encodeURIComponent(returnTo)}`, 303);
  });

  app.get('/cabinet/email/verify', async (req, reply) => {
    requireViewer(req);
    return codeForm(req, reply, queryString(req, 'id'), { values: {}, errors: {} }, returnOf(queryString(req, 'return')));
  });

  app.post('/cabinet/email/verify', { config: { permission: 'account.manage' } }, async (req, reply) => {
    const v = requireViewer(req);
    const p = await pageCtx(ctx, req);
    const returnTo = returnOf(field(req.body, 'return'));
    const idText = field(req.body, 'id');
    const code = field(req.body, 'code').replace(/\s/g, '');
    const again = (message: string) => codeForm(req, reply, idText, { values: { code }, errors: { code: message } }, returnTo, 400);
    if (!/^\d{6}$/.test(code)) return again(tr(p, 'Введіть 6 цифр із листа', 'Enter the 6 digits from the e-mail'));
    const id = routeId(idText);
    const result = id === null ? ({ ok: false, problem: 'unknown' } as const) : await confirmEmail(ctx, { userId: v.id, id, code });
    if (result.ok) return sendHtml(reply, await Confirmed({ p, email: result.email, roles: result.claimed.length, returnTo }));
    switch (result.problem) {
      case 'wrong':
        return again(tr(p, `Код неправильний. Залишилося спроб: ${result.triesLeft}`, `Wrong code. Tries left: ${result.triesLeft}`));
      case 'expired':
        return again(tr(p, 'Час дії коду (10 хвилин) минув. Надішліть новий.', 'The code has expired (10 minutes). Send a new one.'));
      case 'tries':
        return again(tr(p, `Вичерпано ${CONFIRMATION_TRIES} спроб. Надішліть новий код.`, `All ${CONFIRMATION_TRIES} tries are used. Send a new code.`));
      case 'used':
        return again(tr(p, 'Цей код уже використано. Надішліть новий.', 'This code was already used. Send a new one.'));
      case 'unknown':
        return again(tr(p, 'Цей код не ваш або не існує. Надішліть новий.', 'This code is not yours or does not exist. Send a new one.'));
    }
  });
}
