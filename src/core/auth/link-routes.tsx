/**
 * «Підтвердити особу через id.gov.ua» from an e-mail-level account's cabinet: a sign-in through id.gov.ua
 * whose state remembers the weak account, so that the callback links the two (core/identity/identity-links.ts)
 * and the session continues as the verified person.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { HttpError } from '../http/errors.js';
import { requireViewer } from '../http/route-helpers.js';
import { randomToken, sha256 } from '../sessions/sessions.js';
import { hitRateLimit, ipPrefix } from '../security/rate-limit.js';
import { createIdGovUaClient } from './idgovua-client.js';
import { ActionButton } from '../views/forms.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import type { Viewer } from '../users/viewer.js';

const STATE_TTL_MS = 10 * 60_000;

export function registerIdentityLinkRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const client = createIdGovUaClient({
    baseUrl: ctx.config.idgovua.baseUrl,
    clientId: ctx.config.idgovua.clientId,
    clientSecret: ctx.config.idgovua.clientSecret,
    redirectUri: `${ctx.config.publicUrl}/auth/idgovua/callback`,
  });

  app.post('/auth/idgovua/start', { config: { permission: 'account.link-identity' } }, async (req, reply) => {
    const v = requireViewer(req);
    if (v.level !== 'email')
      throw new HttpError(
        403,
        'already_verified',
        req.lang === 'uk' ? 'Ваш обліковий запис уже перевірено через id.gov.ua.' : 'Your account is already verified with id.gov.ua.',
      );
    const now = ctx.clock.now();
    const hit = await hitRateLimit(ctx.db, { key: `signin:ip:${ipPrefix(req.ip)}`, max: 60, windowSeconds: 600 }, now);
    if (!hit.allowed)
      throw new HttpError(429, 'rate_limited', req.lang === 'uk' ? 'Забагато спроб входу. Спробуйте пізніше.' : 'Too many sign-in attempts. Try later.');
    const state = randomToken(32);
    await ctx.db
      .insertInto('oauth_states')
      .values({
        state_hash: sha256(state),
        browser_hash: sha256(req.browserId),
        return_to: '/cabinet',
        expires_at: new Date(now.getTime() + STATE_TTL_MS),
        link_user_id: v.id,
      })
      .execute();
    return reply.redirect(client.authorizeUrl(state), 303);
  });
}

/** The cabinet's part for an e-mail-level account: the button, or the news that it is linked. */
export function IdentityLinkCard({ p, v, linked }: { p: PageCtx; v: Viewer; linked: boolean }): JSX.Element {
  if (v.level !== 'email') return <></>;
  if (linked)
    return (
      <p class="notice" id="identity-link">
        {t(
          p,
          'Цей обліковий запис повʼязано з особою, підтвердженою через id.gov.ua: усе, що ви робите з ним, зараховується цій особі й не може бути другим голосом чи підписом. Щоб діяти як перевірена особа, увійдіть через id.gov.ua.',
          'This account is linked to a person verified through id.gov.ua: whatever you do with it counts as that person’s and cannot be a second vote or signature. To act as the verified person, sign in with id.gov.ua.',
        )}
      </p>
    );
  return (
    <section class="card" id="identity-link">
      <h2>{t(p, 'Підтвердити особу', 'Verify your identity')}</h2>
      <p>
        {t(
          p,
          'Увійдіть через id.gov.ua, і цей обліковий запис буде повʼязано з вашою особою. Якщо ви щось зробили двічі (підписали петицію, проголосували, відповіли на опитування і з цим записом, і через id.gov.ua), зарахується перше, а пізніше буде анульовано. Далі ви діятимете як перевірена особа.',
          'Sign in with id.gov.ua, and this account will be linked to you. Where you acted twice (signed a petition, voted, answered a poll both with this account and through id.gov.ua), the first act counts and the later one is annulled. Then you act as the verified person.',
        )}
      </p>
      <ActionButton ctx={p} action="/auth/idgovua/start" label={tr(p, 'Підтвердити особу через id.gov.ua', 'Verify with id.gov.ua')} />
    </section>
  );
}
