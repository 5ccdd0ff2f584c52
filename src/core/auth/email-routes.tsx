/**
 * The weaker sign-in, where the community allows it: first a one-time code by e-mail (this file), then a
 * one-time code by SMS to the phone typed with the e-mail (phone-routes.tsx). No session is made until
 * both are right: the verified phone is what keys the person's acts (core/identity/person-key.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, TextField, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { queryString } from '../http/route-helpers.js';
import { findCommunityBySlug } from '../communities/communities-repository.js';
import { sha256 } from '../sessions/sessions.js';
import { normalizePhone } from '../identity/phone.js';
import { safeReturnTo, slugOfPath } from './return-to.js';
import { hitRateLimit, ipPrefix, type Limit } from '../security/rate-limit.js';
import { queueMail } from '../mail/mailer.js';
import { signInCodeMail } from '../mail/templates.js';
import { limited, OneTimeCodeForm, refuseIfGuessedOut, SignInProblem } from './sign-in-kit.js';
import { countSms, sendPhoneCode } from './phone-codes.js';
import { codeMatches, insertHashedCode, newSixDigitCode } from '../security/one-time-code.js';

const CODE_TTL_MS = 10 * 60_000;
const CODE_TRIES = 5;
/**
 * Wrong codes allowed per address per day, over all its codes: asking for new codes (5 tries each) must
 * not buy endless guesses. Once spent, every code of the address is refused, the right one too, and no
 * new one is sent, until the day (counted from the first wrong try) is over.
 */
const WRONG_CODES_PER_DAY = 10;

function wrongCodesLimit(email: string): Limit {
  return { key: `signin:email-wrong:${sha256(email)}`, max: WRONG_CODES_PER_DAY, windowSeconds: 86_400 };
}

/** Refuses once the address's wrong codes for the day are spent. */
function refuseIfEmailGuessedOut(ctx: CoreContext, req: FastifyRequest, email: string): Promise<void> {
  return refuseIfGuessedOut(ctx, req, wrongCodesLimit(email), { uk: 'цієї адреси', en: 'this address' });
}

/**
 * Does the community the user came from allow e-mail sign-in? It needs an SMS too: with no way to send one
 * (no provider outside demo mode) the weaker level is not offered at all.
 */
export async function emailAllowedFor(ctx: CoreContext, returnTo: string): Promise<boolean> {
  const slug = slugOfPath(returnTo);
  if (!slug || ctx.sms.kind === 'none') return false;
  const c = await findCommunityBySlug(ctx.db, slug);
  return c?.signInPolicy === 'idgovua_or_email' && c.status === 'connected';
}

export function isEmail(v: string): boolean {
  return v.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v);
}

export function registerEmailSignInRoutes(app: FastifyInstance, ctx: CoreContext): void {
  // E-mail + phone: the weaker level, only where the community allows it.
  const emailForm = async (req: FastifyRequest, reply: FastifyReply, form: FormState, returnTo: string, status = 200) => {
    const p = await pageCtx(ctx, req);
    const hasErrors = Object.keys(form.errors).length > 0;
    const html = (
      <Layout ctx={p} title={tr(p, 'Вхід з кодом на пошту', 'Sign in with an e-mail code')} hasErrors={hasErrors}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Вхід з кодом на пошту', 'Sign in with an e-mail code')}</h1>
        <p class="notice warning">
          {t(
            p,
            'Це слабший рівень входу: особу не перевірено державним сервісом. Деякі дії можуть вимагати входу через id.gov.ua.',
            'This is the weaker sign-in level: your identity is not checked by a state service. Some actions may need id.gov.ua.',
          )}
        </p>
        <p>
          {t(
            p,
            'Спершу ми надішлемо код на пошту, потім — SMS з кодом на телефон. Один номер телефону — одна особа: з ним ви підписуєте й голосуєте лише раз, хоч би з якої пошти входили.',
            'First we send a code to your e-mail, then an SMS with a code to your phone. One phone number is one person: with it you sign and vote once, whichever e-mail you use.',
          )}
        </p>
        <form method="post" action="/auth/email" novalidate>
          <CsrfField ctx={p} />
          <input type="hidden" name="return" value={returnTo} />
          <TextField ctx={p} form={form} name="email" type="email" label={tr(p, 'Електронна пошта', 'E-mail')} autocomplete="email" />
          <TextField
            ctx={p}
            form={form}
            name="phone"
            type="tel"
            label={tr(p, 'Номер мобільного телефону', 'Mobile phone number')}
            hint={tr(p, 'Український номер, на який прийде SMS, наприклад +380 67 123 45 67', 'A Ukrainian number that gets the SMS, e.g. +380 67 123 45 67')}
            autocomplete="tel"
          />
          <SubmitButton>{t(p, 'Надіслати код', 'Send the code')}</SubmitButton>
        </form>
      </Layout>
    );
    return sendHtml(reply, await html, status);
  };

  const emailRefused = async (req: FastifyRequest, reply: FastifyReply) => {
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await SignInProblem({
        p,
        title: tr(p, 'Вхід через пошту недоступний', 'E-mail sign-in is not available'),
        message: tr(p, 'Ця громада приймає лише вхід через id.gov.ua.', 'This community accepts only id.gov.ua sign-in.'),
      }),
      403,
    );
  };

  app.get('/auth/email', async (req, reply) => {
    const returnTo = safeReturnTo(queryString(req, 'return'));
    if (!(await emailAllowedFor(ctx, returnTo))) return emailRefused(req, reply);
    return emailForm(req, reply, { values: {}, errors: {} }, returnTo);
  });

  app.post('/auth/email', { config: { permission: 'account.sign-in' } }, async (req, reply) => {
    const returnTo = safeReturnTo(field(req.body, 'return'));
    if (!(await emailAllowedFor(ctx, returnTo))) return emailRefused(req, reply);
    const emailTyped = field(req.body, 'email');
    const email = emailTyped.toLowerCase();
    const phoneRaw = field(req.body, 'phone');
    const phone = normalizePhone(phoneRaw);
    const uk = req.lang === 'uk';
    const errors: Record<string, string> = {};
    if (!email) errors.email = uk ? 'Введіть електронну пошту' : 'Enter your e-mail';
    else if (!isEmail(email)) errors.email = uk ? 'Введіть пошту у форматі name@example.com' : 'Enter an e-mail like name@example.com';
    if (!phoneRaw) errors.phone = uk ? 'Введіть номер телефону' : 'Enter your phone number';
    else if (!phone) errors.phone = uk ? 'Введіть український номер: +380 і 9 цифр' : 'Enter a Ukrainian number: +380 and 9 digits';
    if (Object.keys(errors).length) return emailForm(req, reply, { values: { email: emailTyped, phone: phoneRaw }, errors }, returnTo, 400);
    await limited(ctx, req, `signin:ip:${ipPrefix(req.ip)}`, 60, 600);
    await refuseIfEmailGuessedOut(ctx, req, email);
    await limited(ctx, req, `signin:email:${sha256(email)}`, 5, 3600);
    const code = newSixDigitCode();
    const now = ctx.clock.now();
    const id = await ctx.db.transaction().execute(async (trx) => {
      const id = await insertHashedCode(ctx, trx, 'email-code', code, (emptyHash) =>
        trx
          .insertInto('email_codes')
          .values({
            email,
            phone: phone!,
            code_hash: emptyHash,
            browser_hash: sha256(req.browserId),
            return_to: returnTo,
            expires_at: new Date(now.getTime() + CODE_TTL_MS),
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      );
      await queueMail(trx, email, signInCodeMail(req.lang, code), now);
      return id;
    });
    return reply.redirect(`/auth/email/verify?id=${id}`, 303);
  });

  const verifyForm = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, status = 200) => {
    const p = await pageCtx(ctx, req);
    const html = (
      <Layout ctx={p} title={tr(p, 'Введіть код', 'Enter the code')} hasErrors={Object.keys(form.errors).length > 0}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Введіть код із листа', 'Enter the code from the e-mail')}</h1>
        <p class="step">{t(p, 'Крок 1 з 2: пошта', 'Step 1 of 2: e-mail')}</p>
        <p>{t(p, 'Ми надіслали 6-значний код. Він дійсний 10 хвилин; є 5 спроб.', 'We sent a 6-digit code. It is valid for 10 minutes; you have 5 tries.')}</p>
        <OneTimeCodeForm p={p} form={form} action="/auth/email/verify" hidden={{ id }} label={tr(p, 'Код', 'Code')} submit={tr(p, 'Далі', 'Next')} />
      </Layout>
    );
    return sendHtml(reply, await html, status);
  };

  app.get('/auth/email/verify', async (req, reply) => verifyForm(req, reply, queryString(req, 'id'), { values: {}, errors: {} }));

  app.post('/auth/email/verify', { config: { permission: 'account.sign-in' } }, async (req, reply) => {
    const id = Number(field(req.body, 'id'));
    const code = field(req.body, 'code').replace(/\s/g, '');
    const now = ctx.clock.now();
    const uk = req.lang === 'uk';
    const p = await pageCtx(ctx, req);
    // Ids are PostgreSQL integers: anything larger is no code of ours, not a query error.
    const row =
      Number.isSafeInteger(id) && id > 0 && id <= 2_147_483_647
        ? await ctx.db.selectFrom('email_codes').selectAll().where('id', '=', id).where('browser_hash', '=', sha256(req.browserId)).executeTakeFirst()
        : undefined;
    const expired = async (message: string) =>
      sendHtml(reply, await SignInProblem({ p, title: tr(p, 'Код недійсний', 'The code is not valid'), message }), 400);
    if (!row || row.used_at)
      return expired(tr(p, 'Цей код уже використано або він не ваш. Запросіть новий.', 'This code was already used or is not yours. Ask for a new one.'));
    if (row.expires_at.getTime() <= now.getTime())
      return expired(tr(p, 'Час дії коду (10 хвилин) минув. Запросіть новий.', 'The code has expired (10 minutes). Ask for a new one.'));
    if (row.attempts >= CODE_TRIES) return expired(tr(p, 'Вичерпано 5 спроб. Запросіть новий код.', 'All 5 tries are used. Ask for a new code.'));
    await refuseIfEmailGuessedOut(ctx, req, row.email);
    if (!/^\d{6}$/.test(code)) {
      return verifyForm(
        req,
        reply,
        String(id),
        { values: { code }, errors: { code: uk ? 'Введіть 6 цифр із листа' : 'Enter the 6 digits from the e-mail' } },
        400,
      );
    }
    // Count the try before comparing, so parallel guesses cannot exceed the limit.
    const counted = await sql<{ attempts: number }>`
      update email_codes set attempts = attempts + 1 where id = ${id} and attempts < ${CODE_TRIES} and used_at is null
      returning attempts`.execute(ctx.db);
    if (!counted.rows[0]) return expired(tr(p, 'Вичерпано 5 спроб. Запросіть новий код.', 'All 5 tries are used. Ask for a new code.'));
    if (!codeMatches(ctx, 'email-code', id, code, row.code_hash)) {
      await hitRateLimit(ctx.db, wrongCodesLimit(row.email), now);
      const left = CODE_TRIES - counted.rows[0].attempts;
      return verifyForm(
        req,
        reply,
        String(id),
        {
          values: { code },
          errors: { code: uk ? `Код неправильний. Залишилося спроб: ${left}` : `Wrong code. Tries left: ${left}` },
        },
        400,
      );
    }
    // The e-mail is verified; the phone is next. Its limits are counted before the e-mail's code is spent.
    await countSms(ctx, req, row.phone);
    const used = await sql`update email_codes set used_at = ${now} where id = ${id} and used_at is null returning id`.execute(ctx.db);
    if (used.rows.length === 0) return expired(tr(p, 'Цей код уже використано.', 'This code was already used.'));
    const phoneCodeId = await sendPhoneCode(ctx, req, id, row.phone);
    if (phoneCodeId === null) {
      const message = tr(
        p,
        'Не вдалося надіслати SMS з кодом. Спробуйте увійти знову за кілька хвилин.',
        'The SMS with the code could not be sent. Try signing in again in a few minutes.',
      );
      return sendHtml(reply, await SignInProblem({ p, title: tr(p, 'SMS не надіслано', 'The SMS was not sent'), message }), 503);
    }
    return reply.redirect(`/auth/phone/verify?id=${phoneCodeId}`, 303);
  });
}
