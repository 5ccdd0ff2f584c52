/** The local outbox at /dev/mail, in demo mode only: where mail goes when no SMTP server is set. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr } from '../views/page-context.js';
import { formatKyivDateTime } from '../calendar/index.js';
import { queryString } from '../http/route-helpers.js';
import { ShowButton } from '../views/kit.js';

export function registerDevMailRoutes(app: FastifyInstance, ctx: CoreContext): void {
  if (!ctx.config.demo) return;
  app.get('/dev/mail', async (req, reply) => {
    const to = queryString(req, 'to').toLowerCase();
    let q = ctx.db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(100);
    if (to) q = q.where((eb) => eb(eb.fn('lower', ['to_address']), '=', to));
    const rows = await q.execute();
    const p = await pageCtx(ctx, req);
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, 'Локальна поштова скринька', 'Local outbox')}>
          <h1>{t(p, 'Локальна поштова скринька', 'Local outbox')}</h1>
          <p>
            {ctx.mail.transporter
              ? t(p, 'SMTP налаштовано: листи також надсилаються.', 'SMTP is configured: messages are also sent.')
              : t(
                  p,
                  'SMTP не налаштовано (SMTP_URL): листи лишаються тут. Лише для демонстрації.',
                  'No SMTP is configured (SMTP_URL): messages stay here. Demo only.',
                )}
          </p>
          <form method="get" action="/dev/mail" class="search-form">
            <label for="to">{t(p, 'Отримувач', 'Recipient')}</label>
            <input id="to" name="to" type="email" value={to} />
            <ShowButton ctx={p} />
          </form>
          {rows.length === 0 ? <p>{t(p, 'Листів немає.', 'No messages.')}</p> : ''}
          {rows.map((m) => (
            <article class="card mail">
              <h2 safe>{m.subject}</h2>
              <p class="meta" safe>
                {`${m.to_address} · ${formatKyivDateTime(m.created_at, p.lang)} · ${m.status}`}
              </p>
              <pre safe>{m.body_text}</pre>
            </article>
          ))}
        </Layout>
      ),
    );
  });
}
