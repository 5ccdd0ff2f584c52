/** Health and metrics for operators and load balancers. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CoreContext } from '../context.js';
import { MAIL_MAX_ATTEMPTS } from '../mail/mailer.js';

export function registerOpsRoutes(app: FastifyInstance, ctx: CoreContext): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'viche_http_requests_total',
    help: 'HTTP requests by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'viche_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  registerQueueGauges(registry, ctx);

  app.addHook('onResponse', async (req, reply) => {
    // The route pattern, never the URL: URLs may carry ids and codes.
    const route = req.routeOptions.url ?? 'unmatched';
    requests.inc({ route, method: req.method, status: String(reply.statusCode) });
    duration.observe({ route, method: req.method }, reply.elapsedTime / 1000);
  });

  app.get('/healthz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok', database: ctx.database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: ctx.database.kind });
    }
  });

  // With METRICS_TOKEN set, only the scraper that knows it reads the figures (Prometheus' bearer_token).
  const wanted = ctx.config.metricsToken ? digest(ctx.config.metricsToken) : null;
  app.get('/metrics', { schema: { hide: true } }, async (req, reply) => {
    if (wanted) {
      const m = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!), wanted)) {
        return reply
          .status(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .type('text/plain; charset=utf-8')
          .send('401 Unauthorized: send Authorization: Bearer <METRICS_TOKEN>\n');
      }
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
}

/**
 * The job queue and the mail outbox, read from the database when Prometheus scrapes (one query each), so
 * every instance reports the same shared figures and an alert sees work that no instance is doing.
 */
function registerQueueGauges(registry: Registry, ctx: CoreContext): void {
  const readJobs = sharedRead(() =>
    sql<{ backlog: number; failed: number; oldest: Date | string | null }>`
      select count(*) filter (where attempts < max_attempts)::int as backlog,
             count(*) filter (where attempts >= max_attempts)::int as failed,
             min(run_at) filter (where attempts < max_attempts and run_at <= ${ctx.clock.now()}) as oldest
      from jobs where done_at is null`
      .execute(ctx.db)
      .then(({ rows: [r] }) => ({
        backlog: r?.backlog ?? 0,
        failed: r?.failed ?? 0,
        oldest: r?.oldest ? Math.max(0, (ctx.clock.now().getTime() - new Date(r.oldest).getTime()) / 1000) : 0,
      })),
  );
  const readOutbox = sharedRead(() =>
    sql<{ pending: number; failed: number }>`
      select count(*) filter (where status = 'pending' and attempts < ${MAIL_MAX_ATTEMPTS})::int as pending,
             count(*) filter (where status = 'failed' or (status = 'pending' and attempts >= ${MAIL_MAX_ATTEMPTS}))::int as failed
      from mail_outbox`
      .execute(ctx.db)
      .then(({ rows: [r] }) => ({ pending: r?.pending ?? 0, failed: r?.failed ?? 0 })),
  );
  new Gauge({
    name: 'viche_jobs_backlog',
    help: 'Jobs not yet done that will still be tried (due now or later)',
    registers: [registry],
    async collect() {
      this.set((await readJobs()).backlog);
    },
  });
  new Gauge({
    name: 'viche_jobs_failed',
    help: 'Jobs that used up their attempts and wait for an operator',
    registers: [registry],
    async collect() {
      this.set((await readJobs()).failed);
    },
  });
  new Gauge({
    name: 'viche_jobs_oldest_due_age_seconds',
    help: 'How long the oldest due job has waited to run (0 when none is due)',
    registers: [registry],
    async collect() {
      this.set((await readJobs()).oldest);
    },
  });
  new Gauge({
    name: 'viche_mail_outbox_queued',
    help: 'Letters in the outbox not yet sent that will still be tried',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).pending);
    },
  });
  new Gauge({
    name: 'viche_mail_outbox_failed',
    help: 'Letters in the outbox that failed for good (marked failed, or every delivery attempt used up)',
    registers: [registry],
    async collect() {
      this.set((await readOutbox()).failed);
    },
  });
}

/** One database read shared by the gauges of one scrape: a read younger than a second is reused. */
function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let last: { at: number; value: Promise<T> } | null = null;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > 1000) last = { at: now, value: read() };
    return last.value;
  };
}

/** Equal-length digests, so comparing tokens takes the same time whatever was sent. */
function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}
