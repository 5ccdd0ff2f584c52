/**
 * Sign-in: id.gov.ua (the strong level) through the standard code flow, and, where the community allows
 * it, an e-mail one-time code plus a phone number (the weaker level). No session is made unless every
 * check passes.
 */
import { createHmac, randomInt } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import { cookieOptions, pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { CsrfField, ErrorSummary, TextField, type FormState } from '../views/forms.js';
import { field } from '../http/form-parser.js';
import { queryString } from '../http/route-helpers.js';
import { findCommunityBySlug } from '../communities/communities-repository.js';
import { randomToken, sha256, createSession, destroySession, SESSION_COOKIE, SESSION_DAYS } from '../sessions/sessions.js';
import { createIdGovUaClient, IdGovUaError } from './idgovua-client.js';
import { identityKey } from '../identity/identity-key.js';
import { rnokppProblem } from '../identity/rnokpp.js';
import { linkAfterIdGovUaSignIn } from '../identity/identity-links.js';
import { upsertEmailUser, upsertVerifiedUser } from '../users/users-repository.js';
import { safeReturnTo, slugOfPath } from './return-to.js';
import { hitRateLimit, ipPrefix, rateLimitExhausted, type Limit } from '../security/rate-limit.js';
import { queueMail } from '../mail/mailer.js';
import { signInCodeMail } from '../mail/templates.js';
import { HttpError } from '../http/errors.js';

const STATE_TTL_MS = 10 * 60_000;
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

async function refuseIfGuessedOut(ctx: CoreContext, req: FastifyRequest, email: string): Promise<void> {
  const r = await rateLimitExhausted(ctx.db, wrongCodesLimit(email), ctx.clock.now());
  if (r.allowed) return;
  const hours = Math.ceil(r.retryAfterSeconds / 3600);
  throw new HttpError(
    429,
    'rate_limited',
    req.lang === 'uk'
      ? `Забагато неправильних кодів для цієї адреси. Спробуйте знову через ${hours} год або увійдіть через id.gov.ua.`
      : `Too many wrong codes for this address. Try again in ${hours} h, or sign in with id.gov.ua.`,
  );
}

function SignInProblem({ p, title, message }: { p: PageCtx; title: string; message: string }): JSX.Element {
  return (
    <Layout ctx={p} title={title}>
      <h1 safe>{title}</h1>
      <p class="lead" safe>
        {message}
      </p>
      <p>
        <a class="button" href="/auth/sign-in">
          {t(p, 'Спробувати увійти ще раз', 'Try signing in again')}
        </a>
      </p>
    </Layout>
  );
}

/** Does the community the user came from allow e-mail sign-in? */
async function emailAllowedFor(ctx: CoreContext, returnTo: string): Promise<boolean> {
  const slug = slugOfPath(returnTo);
  if (!slug) return false;
  const c = await findCommunityBySlug(ctx.db, slug);
  return c?.signInPolicy === 'idgovua_or_email' && c.status === 'connected';
}

export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s()-]/g, '');
  if (/^\+380\d{9}$/.test(digits)) return digits;
  if (/^380\d{9}$/.test(digits)) return `+${digits}`;
  if (/^0\d{9}$/.test(digits)) return `+38${digits}`;
  return null;
}

export function isEmail(v: string): boolean {
  return v.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/.test(v);
}

async function limited(ctx: CoreContext, req: FastifyRequest, key: string, max: number, windowSeconds: number): Promise<void> {
  const r = await hitRateLimit(ctx.db, { key, max, windowSeconds }, ctx.clock.now());
  if (!r.allowed) {
    throw new HttpError(
      429,
      'rate_limited',
      req.lang === 'uk'
        ? `Забагато спроб входу. Спробуйте знову через ${Math.ceil(r.retryAfterSeconds / 60)} хв.`
        : `Too many sign-in attempts. Try again in ${Math.ceil(r.retryAfterSeconds / 60)} min.`,
    );
  }
}

async function startSession(ctx: CoreContext, reply: FastifyReply, userId: number, returnTo: string): Promise<FastifyReply> {
  const token = await createSession(ctx.db, userId, ctx.clock.now());
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, SESSION_DAYS * 86_400));
  return reply.redirect(safeReturnTo(returnTo), 303);
}

export function registerAuthRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const client = createIdGovUaClient({
    baseUrl: ctx.config.idgovua.baseUrl,
    clientId: ctx.config.idgovua.clientId,
    clientSecret: ctx.config.idgovua.clientSecret,
    redirectUri: `${ctx.config.publicUrl}/auth/idgovua/callback`,
  });

  app.get('/auth/sign-in', async (req, reply) => {
    const returnTo = safeReturnTo(queryString(req, 'return'));
    const p = await pageCtx(ctx, req);
    const email = await emailAllowedFor(ctx, returnTo);
    const html = (
      <Layout ctx={p} title={tr(p, 'Вхід', 'Sign in')}>
        <h1>{t(p, 'Вхід до Віче', 'Sign in to Viche')}</h1>
        <p class="lead">
          {t(
            p,
            'Один обліковий запис для всіх громад. Ваш РНОКПП не зберігається: ми зберігаємо лише його захищений відбиток, щоб одна людина мала один голос.',
            'One account for every community. Your tax number is not stored: we keep only a protected fingerprint of it, so that one person has one vote.',
          )}
        </p>
        <div class="card">
          <h2>{t(p, 'Через id.gov.ua', 'With id.gov.ua')}</h2>
          <p>
            {t(
              p,
              'КЕП, BankID або Дія.Підпис. Потрібен для підписання петицій і голосування.',
              'Qualified e-signature, BankID or Diia.Signature. Needed to sign petitions and vote.',
            )}
          </p>
          <a class="button" href={`/auth/idgovua/start?return=${encodeURIComponent(returnTo)}`}>
            {t(p, 'Увійти через id.gov.ua', 'Sign in with id.gov.ua')}
          </a>
        </div>
        {email ? (
          <div class="card">
            <h2>{t(p, 'Ел. пошта й телефон', 'E-mail and phone')}</h2>
            <p>
              {t(
                p,
                'Спрощений рівень: дозволений цією громадою, але слабший — особу не перевірено державним сервісом.',
                'The weaker level: this community allows it, but your identity is not checked by a state service.',
              )}
            </p>
            <a class="button secondary" href={`/auth/email?return=${encodeURIComponent(returnTo)}`}>
              {t(p, 'Увійти з кодом на пошту', 'Sign in with a code by e-mail')}
            </a>
          </div>
        ) : (
          ''
        )}
      </Layout>
    );
    return sendHtml(reply, await html);
  });

  app.get('/auth/idgovua/start', async (req, reply) => {
    await limited(ctx, req, `signin:ip:${ipPrefix(req.ip)}`, 60, 600);
    const state = randomToken(32);
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('oauth_states')
      .values({
        state_hash: sha256(state),
        browser_hash: sha256(req.browserId),
        return_to: safeReturnTo(queryString(req, 'return')),
        expires_at: new Date(now.getTime() + STATE_TTL_MS),
      })
      .execute();
    return reply.redirect(client.authorizeUrl(state), 303);
  });

  app.get('/auth/idgovua/callback', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    const fail = async (title: string, message: string, status = 400) => sendHtml(reply, await SignInProblem({ p, title, message }), status);
    const state = queryString(req, 'state');
    const now = ctx.clock.now();
    // Claim the state once: a second use, another browser's state or an expired one finds no row.
    const claimed = state
      ? await sql<{ return_to: string }>`
          update oauth_states set used_at = ${now}
          where state_hash = ${sha256(state)} and browser_hash = ${sha256(req.browserId)}
            and used_at is null and expires_at > ${now}
          returning return_to`.execute(ctx.db)
      : { rows: [] };
    const row = claimed.rows[0];
    if (!row) {
      return fail(
        tr(p, 'Вхід не вдався', 'Sign-in failed'),
        tr(
          p,
          'Посилання для входу недійсне, вже використане або застаріле. Почніть вхід заново з цієї сторінки.',
          'The sign-in link is invalid, already used or expired. Start signing in again from this page.',
        ),
      );
    }
    if (queryString(req, 'error')) {
      return fail(
        tr(p, 'Вхід скасовано', 'Sign-in cancelled'),
        tr(
          p,
          'Ви не надали згоду на передачу даних, тож вхід не виконано. Нічого не збережено.',
          'You did not give consent to share your data, so you are not signed in. Nothing was saved.',
        ),
      );
    }
    const code = queryString(req, 'code');
    if (!code) return fail(tr(p, 'Вхід не вдався', 'Sign-in failed'), tr(p, 'id.gov.ua не повернув код входу.', 'id.gov.ua returned no sign-in code.'));
    try {
      const token = await client.exchangeCode(code);
      const person = await client.fetchPerson(token.accessToken, token.userId);
      if (!person.rnokpp || rnokppProblem(person.rnokpp) !== null) {
        return fail(
          tr(p, 'Вхід не вдався', 'Sign-in failed'),
          tr(
            p,
            'id.gov.ua не передав дійсний РНОКПП, тож ми не можемо впевнитися, що ви — одна особа.',
            'id.gov.ua did not pass a valid tax number, so we cannot be sure you are one person.',
          ),
        );
      }
      const userId = await upsertVerifiedUser(
        ctx.db,
        {
          identityKey: identityKey(ctx.config.secretKey, person.rnokpp),
          lastName: person.lastName,
          firstName: person.firstName,
          patronymic: person.patronymic,
          email: person.email,
          phone: person.phone,
          birthDate: person.birthDate,
          territorialCode: person.territorialCode,
          authType: person.authType,
        },
        now,
      );
      // A weak account that asked to be linked (its cabinet's button) is linked to this identity.
      await linkAfterIdGovUaSignIn(ctx, state, userId);
      req.log.info({ userId }, 'signed in with id.gov.ua');
      return startSession(ctx, reply, userId, row.return_to);
    } catch (e) {
      if (!(e instanceof IdGovUaError)) throw e;
      req.log.warn({ code: e.code }, 'id.gov.ua sign-in failed');
      return fail(
        tr(p, 'Вхід не вдався', 'Sign-in failed'),
        tr(
          p,
          'Сервіс id.gov.ua не підтвердив вхід (код недійсний або вже використаний). Спробуйте ще раз.',
          'id.gov.ua did not confirm the sign-in (the code is invalid or already used). Try again.',
        ),
        502,
      );
    }
  });

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
        <form method="post" action="/auth/email" novalidate>
          <CsrfField ctx={p} />
          <input type="hidden" name="return" value={returnTo} />
          <TextField ctx={p} form={form} name="email" type="email" label={tr(p, 'Електронна пошта', 'E-mail')} autocomplete="email" />
          <TextField
            ctx={p}
            form={form}
            name="phone"
            type="tel"
            label={tr(p, 'Номер телефону', 'Phone number')}
            hint={tr(p, 'Український номер, наприклад +380 67 123 45 67', 'A Ukrainian number, e.g. +380 67 123 45 67')}
            autocomplete="tel"
          />
          <button class="button" type="submit">
            {t(p, 'Надіслати код', 'Send the code')}
          </button>
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
    await refuseIfGuessedOut(ctx, req, email);
    await limited(ctx, req, `signin:email:${sha256(email)}`, 5, 3600);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = ctx.clock.now();
    const id = await ctx.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('email_codes')
        .values({
          email,
          phone: phone!,
          code_hash: '',
          browser_hash: sha256(req.browserId),
          return_to: returnTo,
          expires_at: new Date(now.getTime() + CODE_TTL_MS),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .updateTable('email_codes')
        .set({ code_hash: codeHash(ctx, row.id, code) })
        .where('id', '=', row.id)
        .execute();
      await queueMail(trx, email, signInCodeMail(req.lang, code), now);
      return row.id;
    });
    return reply.redirect(`/auth/email/verify?id=${id}`, 303);
  });

  const verifyForm = async (req: FastifyRequest, reply: FastifyReply, id: string, form: FormState, status = 200) => {
    const p = await pageCtx(ctx, req);
    const html = (
      <Layout ctx={p} title={tr(p, 'Введіть код', 'Enter the code')} hasErrors={Object.keys(form.errors).length > 0}>
        <ErrorSummary ctx={p} errors={form.errors} />
        <h1>{t(p, 'Введіть код із листа', 'Enter the code from the e-mail')}</h1>
        <p>{t(p, 'Ми надіслали 6-значний код. Він дійсний 10 хвилин; є 5 спроб.', 'We sent a 6-digit code. It is valid for 10 minutes; you have 5 tries.')}</p>
        <form method="post" action="/auth/email/verify" novalidate>
          <CsrfField ctx={p} />
          <input type="hidden" name="id" value={id} />
          <TextField
            ctx={p}
            form={form}
            name="code"
            label={tr(p, 'Код', 'Code')}
            inputmode="numeric"
            autocomplete="one-time-code"
            width="short"
            maxlength={6}
          />
          <button class="button" type="submit">
            {t(p, 'Увійти', 'Sign in')}
          </button>
        </form>
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
    await refuseIfGuessedOut(ctx, req, row.email);
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
    if (codeHash(ctx, id, code) !== row.code_hash) {
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
    const used = await sql`update email_codes set used_at = ${now} where id = ${id} and used_at is null returning id`.execute(ctx.db);
    if (used.rows.length === 0) return expired(tr(p, 'Цей код уже використано.', 'This code was already used.'));
    const userId = await upsertEmailUser(ctx.db, row.email, row.phone, now);
    req.log.info({ userId }, 'signed in with an e-mail code');
    return startSession(ctx, reply, userId, row.return_to);
  });

  app.post('/auth/sign-out', { config: { permission: 'account.sign-in' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}

function codeHash(ctx: CoreContext, id: number, code: string): string {
  return createHmac('sha256', ctx.config.secretKey).update(`email-code:${id}:${code}`).digest('hex');
}
