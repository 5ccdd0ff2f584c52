/**
 * Sign-in: id.gov.ua (the strong level) through the standard code flow, and, where the community allows
 * it, an e-mail one-time code plus a phone verified by an SMS code (the weaker level, email-routes.tsx and
 * phone-routes.tsx). No session is made unless every check passes.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { queryString } from '../http/route-helpers.js';
import { randomToken, sha256, destroySession, SESSION_COOKIE } from '../sessions/sessions.js';
import { createIdGovUaClient, IdGovUaError, plainUserInfoDecoder } from './idgovua-client.js';
import { envelopedUserInfoDecoderFromFiles } from './idgovua-decoder.js';
import { identityKey } from '../identity/identity-key.js';
import { rnokppProblem } from '../identity/rnokpp.js';
import { linkAfterIdGovUaSignIn } from '../identity/identity-links.js';
import { upsertVerifiedUser } from '../users/users-repository.js';
import { resolveResidence } from '../residency/residency-service.js';
import { safeReturnTo } from './return-to.js';
import { ipPrefix } from '../security/rate-limit.js';
import { limited, SignInProblem, startSession } from './sign-in-kit.js';
import { emailAllowedFor, registerEmailSignInRoutes } from './email-routes.js';
import { registerPhoneSignInRoutes } from './phone-routes.js';

const STATE_TTL_MS = 10 * 60_000;

export function registerAuthRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const client = createIdGovUaClient(
    {
      baseUrl: ctx.config.idgovua.baseUrl,
      clientId: ctx.config.idgovua.clientId,
      clientSecret: ctx.config.idgovua.clientSecret,
      redirectUri: `${ctx.config.publicUrl}/auth/idgovua/callback`,
    },
    ctx.config.idgovuaEnvelope ? envelopedUserInfoDecoderFromFiles(ctx.config.idgovuaEnvelope) : plainUserInfoDecoder,
  );

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
                'Спрощений рівень: дозволений цією громадою, але слабший — особу не перевірено державним сервісом. Потрібні пошта й мобільний телефон: на кожен прийде код.',
                'The weaker level: this community allows it, but your identity is not checked by a state service. You need an e-mail and a mobile phone: a code comes to each.',
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
      // The real service gives the registered address as text: it is matched against the codifier here,
      // on every sign-in, so a new registration (or a newer codifier) counts from the next one.
      const resolution = await resolveResidence(ctx.db, person.address);
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
          territorialCode: null,
          authType: person.authType,
          residence: { address: person.address, resolution },
        },
        now,
      );
      req.log.info({ userId, residency: resolution.kind }, 'signed in with id.gov.ua');
      const status = await ctx.db.selectFrom('users').select('residency_status').where('id', '=', userId).executeTakeFirstOrThrow();
      // Several settlements fit the address: the person chooses first, then goes where they were going.
      const choose = status.residency_status === 'ambiguous' ? `/cabinet/residence?return=${encodeURIComponent(safeReturnTo(row.return_to))}` : undefined;
      // A weak account that asked to be linked (its cabinet's button) is linked to this identity.
      await linkAfterIdGovUaSignIn(ctx, state, userId);
      return startSession(ctx, reply, userId, row.return_to, choose);
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

  registerEmailSignInRoutes(app, ctx);
  registerPhoneSignInRoutes(app, ctx);

  app.post('/auth/sign-out', { config: { permission: 'account.sign-in' } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(ctx.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });
}
