/**
 * The weaker sign-in's second step: the code sent by SMS to the phone typed with the e-mail. Right, it
 * makes the session, and the verified phone's key becomes the account's weak-level identity.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { ErrorSummary, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { queryString } from '../http/route-helpers.js';
import { sha256 } from '../sessions/sessions.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { maskedPhone, phoneKey } from '../identity/phone.js';
import { upsertEmailUser } from '../users/users-repository.js';
import { adoptLegacyKeys } from '../identity/identity-links.js';
import { OneTimeCodeForm, SignInProblem, startSession } from './sign-in-kit.js';
import { PHONE_CODE_TRIES, refuseIfPhoneGuessedOut, wrongPhoneCodesLimit } from './phone-codes.js';
import { codeMatches } from '../security/one-time-code.js';

/** A code of this browser with what its e-mail step recorded; ids beyond PostgreSQL's integer are nobody's. */
async function phoneCodeOf(ctx: CoreContext, req: FastifyRequest, rawId: string) {
  const id = Number(rawId);
  if (!Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) return undefined;
  return ctx.db
    .selectFrom('phone_codes as p')
    .innerJoin('email_codes as e', 'e.id', 'p.email_code_id')
    .select(['p.id', 'p.phone', 'p.code_hash', 'p.attempts', 'p.expires_at', 'p.used_at', 'e.email', 'e.return_to'])
    .where('p.id', '=', id)
    .where('p.browser_hash', '=', sha256(req.browserId))
    .executeTakeFirst();
}

export function registerPhoneSignInRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const verifyForm = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, status = 200) => {
    const p = await pageCtx(ctx, req);
    const row = await phoneCodeOf(ctx, req, id);
    const masked: string = row ? maskedPhone(row.phone) : '…';
    const html = (
      <Layout ctx={p} title={tr(p, 'Введіть код із SMS', 'Enter the code from the SMS')} hasErrors={Object.keys(form.errors).length > 0}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Введіть код із SMS', 'Enter the code from the SMS')}</h1>
        <p class="step">{t(p, 'Крок 2 з 2: телефон', 'Step 2 of 2: phone')}</p>
        <p>
          {t(p, 'Пошту підтверджено. Ми надіслали SMS з 6-значним кодом на номер', 'Your e-mail is confirmed. We sent an SMS with a 6-digit code to')}{' '}
          <strong safe>{masked}</strong>. {t(p, 'Код дійсний 10 хвилин; є 5 спроб.', 'It is valid for 10 minutes; you have 5 tries.')}
        </p>
        <OneTimeCodeForm
          p={p}
          form={form}
          action="/auth/phone/verify"
          hidden={{ id }}
          label={tr(p, 'Код із SMS', 'Code from the SMS')}
          submit={tr(p, 'Увійти', 'Sign in')}
        />
        <p>
          {t(p, 'Не той номер або SMS не прийшло?', 'Wrong number, or no SMS came?')}{' '}
          <a href={`/auth/email?return=${encodeURIComponent(row?.return_to ?? '/')}`}>{t(p, 'Почати вхід знову', 'Start signing in again')}</a>
        </p>
      </Layout>
    );
    return sendHtml(reply, await html, status);
  };

  app.get('/auth/phone/verify', async (req, reply) => verifyForm(req, reply, queryString(req, 'id'), { values: {}, errors: {} }));

  app.post('/auth/phone/verify', { config: { permission: 'account.sign-in' } }, async (req, reply) => {
    const rawId = field(req.body, 'id');
    const code = field(req.body, 'code').replace(/\s/g, '');
    const now = ctx.clock.now();
    const uk = req.lang === 'uk';
    const p = await pageCtx(ctx, req);
    const row = await phoneCodeOf(ctx, req, rawId);
    const expired = async (message: string) =>
      sendHtml(reply, await SignInProblem({ p, title: tr(p, 'Код недійсний', 'The code is not valid'), message }), 400);
    if (!row || row.used_at)
      return expired(
        tr(p, 'Цей код уже використано або він не ваш. Почніть вхід знову.', 'This code was already used or is not yours. Start signing in again.'),
      );
    if (row.expires_at.getTime() <= now.getTime())
      return expired(tr(p, 'Час дії коду (10 хвилин) минув. Почніть вхід знову.', 'The code has expired (10 minutes). Start signing in again.'));
    if (row.attempts >= PHONE_CODE_TRIES) return expired(tr(p, 'Вичерпано 5 спроб. Почніть вхід знову.', 'All 5 tries are used. Start signing in again.'));
    await refuseIfPhoneGuessedOut(ctx, req, row.phone);
    if (!/^\d{6}$/.test(code)) {
      return verifyForm(req, reply, rawId, { values: { code }, errors: { code: uk ? 'Введіть 6 цифр із SMS' : 'Enter the 6 digits from the SMS' } }, 400);
    }
    // Count the try before comparing, so parallel guesses cannot exceed the limit.
    const counted = await sql<{ attempts: number }>`
      update phone_codes set attempts = attempts + 1 where id = ${row.id} and attempts < ${PHONE_CODE_TRIES} and used_at is null
      returning attempts`.execute(ctx.db);
    if (!counted.rows[0]) return expired(tr(p, 'Вичерпано 5 спроб. Почніть вхід знову.', 'All 5 tries are used. Start signing in again.'));
    if (!codeMatches(ctx, 'phone-code', row.id, code, row.code_hash)) {
      await hitRateLimit(ctx.db, wrongPhoneCodesLimit(row.phone), now);
      const left = PHONE_CODE_TRIES - counted.rows[0].attempts;
      return verifyForm(
        req,
        reply,
        rawId,
        { values: { code }, errors: { code: uk ? `Код неправильний. Залишилося спроб: ${left}` : `Wrong code. Tries left: ${left}` } },
        400,
      );
    }
    const used = await sql`update phone_codes set used_at = ${now} where id = ${row.id} and used_at is null returning id`.execute(ctx.db);
    if (used.rows.length === 0) return expired(tr(p, 'Цей код уже використано.', 'This code was already used.'));
    const key = phoneKey(ctx.config.secretKey, row.phone);
    const { userId, firstPhone } = await upsertEmailUser(ctx.db, { email: row.email, phone: row.phone, phoneKey: key }, now);
    if (firstPhone) await adoptLegacyKeys(ctx, { userId, email: row.email, phoneKey: key });
    req.log.info({ userId }, 'signed in with e-mail and SMS codes');
    return startSession(ctx, reply, userId, row.return_to);
  });
}
