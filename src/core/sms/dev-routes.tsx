/** The local SMS outbox at /dev/sms, in demo mode only: where text messages go when no provider is set. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { formatKyivDateTime } from '../calendar/index.js';
import { queryString } from '../http/route-helpers.js';
import { normalizePhone } from '../identity/phone.js';
import { SubmitButton } from '../views/forms.js';

export function registerDevSmsRoutes(app: FastifyInstance, ctx: CoreContext): void {
  if (!ctx.config.demo) return;
  app.get('/dev/sms', async (req, reply) => {
    const typed = queryString(req, 'to');
    const to = typed ? normalizePhone(typed) : null;
    let q = ctx.db.selectFrom('sms_outbox').selectAll().orderBy('id', 'desc').limit(100);
    if (typed) q = q.where('to_phone', '=', to ?? '');
    const rows = await q.execute();
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Локальні SMS', 'Local text messages')}>
          <h1>{t(p, 'Локальні SMS', 'Local text messages')}</h1>
          <p>
            {ctx.sms.kind === 'http'
              ? t(p, 'Провайдера SMS налаштовано: повідомлення надсилаються йому, а не сюди.', 'An SMS provider is configured: messages go to it, not here.')
              : t(
                  p,
                  'Провайдера SMS не налаштовано (SMS_URL, SMS_TOKEN): повідомлення лишаються тут. Лише для демонстрації.',
                  'No SMS provider is configured (SMS_URL, SMS_TOKEN): messages stay here. Demo only.',
                )}
          </p>
          <form method="get" action="/dev/sms" class="search-form">
            <label for="to">{t(p, 'Номер телефону', 'Phone number')}</label>
            <input id="to" name="to" type="tel" value={typed} />
            <SubmitButton variant="secondary">{t(p, 'Показати', 'Show')}</SubmitButton>
          </form>
          {rows.length === 0 ? <p>{t(p, 'Повідомлень немає.', 'No messages.')}</p> : ''}
          {rows.map((m) => (
            <article class="card sms">
              <p class="meta" safe>
                {`${m.to_phone} · ${formatKyivDateTime(m.created_at, p.lang)}`}
              </p>
              <pre safe>{m.body}</pre>
            </article>
          ))}
        </Layout>
      ),
    );
  });
}
