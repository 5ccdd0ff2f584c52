/** The report of an item: a page that prints well, and CSV / XLSX downloads. Moderators any time; the public after the end. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { communityOr404 } from '../../../core/http/route-helpers.js';
import { pageCtx, sendHtml } from '../../../core/http/request-context.js';
import { HttpError } from '../../../core/http/errors.js';
import { Layout } from '../../../core/views/layout.js';
import { t, tr } from '../../../core/views/page-context.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { isModerator, itemOr404, rulesText } from '../access.js';
import { KIND_LABEL, STATE_LABEL, categoryLabel, stateOf } from '../rules/model.js';
import { buildReport, cellText, toCsv, toXlsx } from '../service/report.js';
import { PollResult } from '../views/poll.js';
import { itemUrl } from '../views/parts.js';
import { ResultTable } from '../views/charts.js';
import type { Item } from '../repository.js';

export function registerReportRoutes(app: FastifyInstance, ctx: CoreContext): void {
  type P = { Params: { slug: string; id: string } };

  const reportable = async (req: FastifyRequest<P>): Promise<{ c: Community; item: Item }> => {
    const c = await communityOr404(ctx, req.params.slug);
    const item = await itemOr404(ctx, req, c, req.params.id);
    if (!isModerator(req.viewer, c) && stateOf(item, ctx.clock.now()) !== 'ended') {
      throw new HttpError(403, 'report_after_end', req.lang === 'uk' ? 'Звіт буде доступний після завершення.' : 'The report will be available after the end.');
    }
    return { c, item };
  };

  const fileName = (item: Item, ext: string) => `consultation-${item.id}.${ext}`;

  app.get<P>('/:slug/consultations/:id/report', async (req, reply) => {
    const { c, item } = await reportable(req);
    const data = await buildReport(ctx, item, req.lang);
    const p = await pageCtx(ctx, req, c);
    const url = itemUrl(c, item.id);
    const state = stateOf(item, ctx.clock.now());
    return sendHtml(
      reply,
      await (
        <Layout ctx={p} title={tr(p, `Звіт: ${item.title}`, `Report: ${item.title}`)}>
          <div class="report">
            <p class="meta no-print">
              <a href={url}>{t(p, '← До сторінки', '← Back to the page')}</a>
            </p>
            <h1 safe>{item.title}</h1>
            <dl class="summary-list">
              <dt>{t(p, 'Громада', 'Community')}</dt>
              <dd safe>{c.name[p.lang]}</dd>
              <dt>{t(p, 'Вид', 'Kind')}</dt>
              <dd safe>{KIND_LABEL[item.kind][p.lang]}</dd>
              <dt>{t(p, 'Категорія', 'Category')}</dt>
              <dd safe>{categoryLabel(item.category, p.lang)}</dd>
              <dt>{t(p, 'Стан', 'State')}</dt>
              <dd safe>{STATE_LABEL[state][p.lang]}</dd>
              <dt>{t(p, 'Період', 'Period')}</dt>
              <dd safe>{`${formatKyivDateTime(item.startsAt, p.lang)} — ${formatKyivDateTime(item.endsAt, p.lang)}`}</dd>
              {item.closedAt && item.closedAt < item.endsAt ? (
                <>
                  <dt>{t(p, 'Завершено достроково', 'Closed early')}</dt>
                  <dd safe>{`${formatKyivDateTime(item.closedAt, p.lang)}: ${item.closedReason ?? ''}`}</dd>
                </>
              ) : (
                ''
              )}
              <dt>{t(p, 'Умови участі', 'Participation')}</dt>
              <dd safe>{rulesText(item, c, p.lang).join('; ')}</dd>
            </dl>
            <ul class="downloads no-print">
              <li>
                <a href={`${url}/report/results.csv`} download="">
                  {t(p, 'Результати, CSV', 'Results, CSV')}
                </a>
              </li>
              <li>
                <a href={`${url}/report/comments.csv`} download="">
                  {t(p, 'Коментарі, CSV', 'Comments, CSV')}
                </a>
              </li>
              <li>
                <a href={`${url}/report.xlsx`} download="">
                  {t(p, 'Результати й коментарі, XLSX', 'Results and comments, XLSX')}
                </a>
              </li>
            </ul>
            <h2>{t(p, 'Результати', 'Results')}</h2>
            {data.poll ? (
              data.poll.results.map((r, i) => <PollResult p={p} q={data.poll!.questions[i]!} r={r} n={i + 1} />)
            ) : (
              <ResultTable p={p} caption={data.results.name} head={data.results.head} rows={data.results.rows.map((r) => r.map((v) => cellText(v, p.lang)))} />
            )}
            {item.outcomeSummary ? (
              <>
                <h2>{t(p, 'Підсумки', 'Outcome')}</h2>
                <div class="prose" safe>
                  {item.outcomeSummary}
                </div>
              </>
            ) : (
              ''
            )}
            <h2>{t(p, 'Коментарі', 'Comments')}</h2>
            <ResultTable p={p} caption={data.comments.name} head={data.comments.head} rows={data.comments.rows.map((r) => r.map((v) => cellText(v, p.lang)))} />
            <p class="meta" safe>
              {tr(p, `Сформовано ${formatKyivDateTime(ctx.clock.now(), 'uk')}`, `Generated on ${formatKyivDateTime(ctx.clock.now(), 'en')}`)}
            </p>
          </div>
        </Layout>
      ),
    );
  });

  app.get<P>('/:slug/consultations/:id/report/results.csv', async (req, reply) => {
    const { item } = await reportable(req);
    const data = await buildReport(ctx, item, req.lang);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(item, 'results.csv')}"`)
      .send(toCsv(data.results, req.lang));
  });

  app.get<P>('/:slug/consultations/:id/report/comments.csv', async (req, reply) => {
    const { item } = await reportable(req);
    const data = await buildReport(ctx, item, req.lang);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(item, 'comments.csv')}"`)
      .send(toCsv(data.comments, req.lang));
  });

  app.get<P>('/:slug/consultations/:id/report.xlsx', async (req, reply) => {
    const { item } = await reportable(req);
    const data = await buildReport(ctx, item, req.lang);
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${fileName(item, 'xlsx')}"`)
      .send(await toXlsx(item, req.lang, data));
  });
}
