/** What the sign-in's routes share: the problem page, the rate limit that refuses with a 429, the session. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CoreContext } from '../context.js';
import type { Text } from '../i18n/index.js';
import { cookieOptions } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, type PageCtx } from '../views/page-context.js';
import { CsrfField, TextField, type FormState } from '../views/forms.js';
import { createSession, SESSION_COOKIE, SESSION_DAYS } from '../sessions/sessions.js';
import { safeReturnTo } from './return-to.js';
import { hitRateLimit, rateLimitExhausted, type Limit } from '../security/rate-limit.js';
import { HttpError } from '../http/errors.js';

export function SignInProblem({ p, title, message }: { p: PageCtx; title: string; message: string }): JSX.Element {
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

/** Counts one attempt against the limit; past it, a 429 that says when to come back. */
export async function limited(ctx: CoreContext, req: FastifyRequest, key: string, max: number, windowSeconds: number): Promise<void> {
  const r = await hitRateLimit(ctx.db, { key, max, windowSeconds }, ctx.clock.now());
  if (!r.allowed) {
    const minutes = Math.ceil(r.retryAfterSeconds / 60);
    throw new HttpError(
      429,
      'rate_limited',
      req.lang === 'uk' ? `Забагато спроб входу. Спробуйте знову через ${minutes} хв.` : `Too many sign-in attempts. Try again in ${minutes} min.`,
    );
  }
}

/**
 * Refuses with a 429 once the wrong codes of one address or number (`wrongCodes`, counted over all its
 * codes) are spent; `whose` names it in the message: «цієї адреси» / «this address».
 */
export async function refuseIfGuessedOut(ctx: CoreContext, req: FastifyRequest, wrongCodes: Limit, whose: Text): Promise<void> {
  const r = await rateLimitExhausted(ctx.db, wrongCodes, ctx.clock.now());
  if (r.allowed) return;
  const hours = Math.ceil(r.retryAfterSeconds / 3600);
  throw new HttpError(
    429,
    'rate_limited',
    req.lang === 'uk'
      ? `Забагато неправильних кодів для ${whose.uk}. Спробуйте знову через ${hours} год або увійдіть через id.gov.ua.`
      : `Too many wrong codes for ${whose.en}. Try again in ${hours} h, or sign in with id.gov.ua.`,
  );
}

/** Starts the session and goes back to `returnTo`, or first to `via` (a page that must come before it). */
export async function startSession(ctx: CoreContext, reply: FastifyReply, userId: number, returnTo: string, via?: string): Promise<FastifyReply> {
  const token = await createSession(ctx.db, userId, ctx.clock.now());
  reply.setCookie(SESSION_COOKIE, token, cookieOptions(ctx, SESSION_DAYS * 86_400));
  return reply.redirect(via ?? safeReturnTo(returnTo), 303);
}

/** The form for a 6-digit one-time code: the e-mail's and the SMS's at sign-in, an address confirmation in the cabinet. */
export function OneTimeCodeForm(props: {
  p: PageCtx;
  form: FormState;
  action: string;
  hidden: Record<string, string>;
  label: string;
  submit: string;
}): JSX.Element {
  return (
    <form method="post" action={props.action} novalidate>
      <CsrfField ctx={props.p} />
      {Object.entries(props.hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <TextField ctx={props.p} form={props.form} name="code" label={props.label} inputmode="numeric" autocomplete="one-time-code" width="short" maxlength={6} />
      <button class="button" type="submit" safe>
        {props.submit}
      </button>
    </form>
  );
}
