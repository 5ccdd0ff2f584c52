/**
 * The demo's clock at /dev/clock, in demo mode only: shows the platform's time and moves it forward by whole
 * days, so that the end of a vote, a collection or a consultation can be seen without waiting (rules frozen
 * once people take part forbid ending them early by editing their dates). Never backwards.
 */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { CsrfField, SubmitButton, TextField } from '../views/forms.js';
import { formatKyivDateTime } from '../calendar/index.js';
import { field } from '../http/form-parser.js';
import { forbidden } from '../http/errors.js';
import { isAdvanceable } from '../clock.js';
import { noteWrite } from '../http/page-cache.js';

const MAX_DAYS = 366;

export function registerDevClockRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const clock = ctx.clock;
  if (!ctx.config.demo || !isAdvanceable(clock)) return;

  app.get('/dev/clock', async (req, reply) => {
    const p = await pageCtx(ctx, req);
    const error =
      req.query && typeof req.query === 'object' && 'error' in req.query
        ? tr(p, `Вкажіть ціле число днів від 0 до ${MAX_DAYS}.`, `Give a whole number of days from 0 to ${MAX_DAYS}.`)
        : null;
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Час демонстрації', 'Demo time')}>
          <h1>{t(p, 'Час демонстрації', 'Demo time')}</h1>
          <p>
            {t(
              p,
              'Лише для демонстрації: час платформи можна перемотати вперед, щоб побачити, що стається, коли завершується голосування чи збір підписів. Назад час не йде.',
              'Demo only: the platform’s time can be moved forward to see what happens when a vote or a collection ends. It never goes back.',
            )}
          </p>
          <p>
            {t(p, 'Зараз на платформі: ', 'The platform’s time now: ')}
            <strong safe>{formatKyivDateTime(clock.now(), p.lang)}</strong>
          </p>
          {p.viewer ? (
            <form method="post" action="/dev/clock" novalidate>
              <CsrfField ctx={p} />
              <TextField
                ctx={p}
                name="days"
                label={tr(p, 'Перемотати вперед на днів', 'Move forward by days')}
                inputmode="numeric"
                width="short"
                form={{ values: { days: '1' }, errors: error ? { days: error } : {} }}
              />
              <SubmitButton>{t(p, 'Перемотати', 'Move forward')}</SubmitButton>
            </form>
          ) : (
            <p>{t(p, 'Увійдіть, щоб перемотати час.', 'Sign in to move the time.')}</p>
          )}
        </Layout>
      ),
    );
  });

  app.post('/dev/clock', { config: { permission: 'demo.clock' } }, async (req, reply) => {
    const p = await pageCtx(ctx, req);
    if (!p.viewer) throw forbidden(tr(p, 'Увійдіть, щоб перемотати час.', 'Sign in to move the time.'));
    const raw = field(req.body, 'days').trim();
    const days = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(days >= 0 && days <= MAX_DAYS)) return reply.redirect('/dev/clock?error=days', 303);
    clock.advance(days * 86_400_000);
    // Deadlines are derived from time: every page may read differently now.
    noteWrite(null);
    return reply.redirect('/dev/clock', 303);
  });
}
