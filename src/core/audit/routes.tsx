/** The audit log: per community for its moderators, platform-wide for the national moderator. */
import type { FastifyInstance } from 'fastify';
import type { CoreContext } from '../context.js';
import { pageCtx, sendHtml } from '../http/request-context.js';
import { Layout } from '../views/layout.js';
import { t, tr, type PageCtx } from '../views/page-context.js';
import { communityOr404, requireViewer, queryPage } from '../http/route-helpers.js';
import { forbidden } from '../http/errors.js';
import { isCommunityModerator, isNationalModerator } from '../permissions/policy.js';
import { listAudit, type AuditRow } from './audit-log.js';
import { formatKyivDateTime } from '../calendar/index.js';
import { Pagination } from '../views/pagination.js';

const PER_PAGE = 50;

function show(v: unknown): string {
  return v === null || v === undefined ? '—' : JSON.stringify(v);
}

function AuditPage({
  p,
  rows,
  total,
  page,
  base,
  platform,
}: {
  p: PageCtx;
  rows: AuditRow[];
  total: number;
  page: number;
  base: string;
  platform: boolean;
}): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Журнал дій', 'Audit log')}>
      <h1>{t(p, 'Журнал дій', 'Audit log')}</h1>
      <p>{t(p, 'Записи лише додаються: змінити чи видалити їх неможливо.', 'Entries are only ever added: they cannot be changed or removed.')}</p>
      {/* The changes are long JSON: on a phone the table scrolls, so its region takes focus for the keyboard. */}
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'Журнал дій', 'Audit log')}>
        <table>
          <caption class="visually-hidden">{t(p, 'Журнал дій', 'Audit log')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Коли', 'When')}</th>
              {platform ? <th scope="col">{t(p, 'Громада', 'Community')}</th> : ''}
              <th scope="col">{t(p, 'Хто', 'Who')}</th>
              <th scope="col">{t(p, 'Дія', 'Action')}</th>
              <th scope="col">{t(p, 'Обʼєкт', 'Subject')}</th>
              <th scope="col">{t(p, 'Було → стало', 'Before → after')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td safe>{formatKyivDateTime(r.createdAt, p.lang)}</td>
                {platform ? <td safe>{r.communitySlug ?? '—'}</td> : ''}
                <td safe>{r.actorName ?? tr(p, 'система', 'system')}</td>
                <td safe>{r.action}</td>
                <td safe>{`${r.subjectType} #${r.subjectId}`}</td>
                <td class="small" safe>
                  {`${show(r.before)} → ${show(r.after)}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination ctx={p} page={page} total={total} perPage={PER_PAGE} base={base} />
    </Layout>
  );
}

export function registerAuditRoutes(app: FastifyInstance, ctx: CoreContext): void {
  app.get<{ Params: { slug: string } }>('/:slug/manage/audit', async (req, reply) => {
    const c = await communityOr404(ctx, req.params.slug);
    requireViewer(req);
    if (!isCommunityModerator(req.viewer, c.id)) throw forbidden();
    const page = queryPage(req);
    const { rows, total } = await listAudit(ctx.db, { communityId: c.id, page, perPage: PER_PAGE });
    const p = await pageCtx(ctx, req, c);
    return sendHtml(reply, await AuditPage({ p, rows, total, page, base: `/${c.slug}/manage/audit`, platform: false }));
  });

  app.get('/manage/audit', async (req, reply) => {
    requireViewer(req);
    if (!isNationalModerator(req.viewer)) throw forbidden();
    const page = queryPage(req);
    const { rows, total } = await listAudit(ctx.db, { communityId: null, page, perPage: PER_PAGE });
    const p = await pageCtx(ctx, req);
    return sendHtml(reply, await AuditPage({ p, rows, total, page, base: '/manage/audit', platform: true }));
  });
}
