/** Open City figures for the statistics module, and the open dataset of reports (no personal data). */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { notHidden } from '../../core/moderation/moderation-service.js';
import { counted, countsByMonth, distinctPeople, inPeriod, inScope, perCommunityOf, series } from '../../core/stats-counters/index.js';

/** Reports in moderation («Нове») are not public yet, so statistics leave them out, as the pages do. */
export async function openCityToolStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const now = ctx.clock.now();
  // Reports, resolved ones and reporters come from the counters their triggers keep (core/stats-counters);
  // the median and «overdue now» read the resolved and open reports themselves.
  const t = (
    await sql<{ median: number | null; overdue: number }>`
      select percentile_cont(0.5) within group (order by extract(epoch from (resolved_at - created_at)) / 86400.0)
          filter (where status = 'resolved' and resolved_at is not null) as median,
        count(*) filter (where status in ('accepted', 'in_progress') and deadline_at < ${now})::int as overdue
      from oc_reports where status in ('resolved', 'accepted', 'in_progress') and ${inScope(s)} and ${inPeriod(s, 'created_at')}`.execute(ctx.db)
  ).rows[0]!;
  const reports = { tool: 'open-city', metric: 'reports' };
  const [all, resolvedMonthly, people] = await Promise.all([
    counted(ctx.db, s, reports),
    countsByMonth(ctx.db, s, { ...reports, dim: 'resolved' }),
    distinctPeople(ctx.db, s, 'open-city'),
  ]);
  const resolvedIn = new Map(resolvedMonthly.map((p) => [p.month, p.value]));
  return {
    figures: [
      { key: 'reports', label: { uk: 'Звернень', en: 'Reports' }, value: all.total },
      { key: 'resolved', label: { uk: 'Вирішено', en: 'Resolved' }, value: all.parts.get('resolved') ?? 0 },
      // Days with one decimal: «3,5 дня» reads better than a long fraction.
      {
        key: 'median-days',
        label: { uk: 'Медіана днів до вирішення', en: 'Median days to resolve' },
        value: t.median === null ? 0 : Math.round(Number(t.median) * 10) / 10,
      },
      { key: 'overdue', label: { uk: 'Прострочено зараз', en: 'Overdue now' }, value: t.overdue },
    ],
    monthly: [
      series('reports', 'Звернення за місяцями', 'Reports by month', all.monthly),
      series(
        'resolved',
        'З них вирішено',
        'Of them resolved',
        all.monthly.map((p) => ({ month: p.month, value: resolvedIn.get(p.month) ?? 0 })),
      ),
    ],
    ...perCommunityOf(all, 'Звернення за період', 'Reports in the period'),
    participants: people,
  };
}

export const openCityDatasets: OpenDataset[] = [
  {
    id: 'open-city-reports',
    title: { uk: 'Звернення «Відкритого міста»', en: 'Open City reports' },
    description: {
      uk: 'Публічні звернення про проблеми: категорія, статус, місце, дати, строк. Без імен і контактів заявників.',
      en: 'Public problem reports: category, status, place, dates, deadline. No names or contacts of reporters.',
    },
    fields: columns([
      'id integer | Ідентифікатор звернення на платформі (в адресі сторінки) | Report id on the platform (in the page address)',
      'number integer | Номер звернення в громаді (№ на сторінці) | Report number within the community (№ on the page)',
      'community string | Громада | Community',
      'category string | Категорія | Category',
      'status string | Статус | Status',
      'title string | Назва | Title',
      'address string | Адреса | Address',
      'lat number | Широта | Latitude',
      'lng number | Довгота | Longitude',
      'created_at date-time | Подано (UTC) | Submitted (UTC)',
      'deadline_at date-time | Строк відповіді (UTC) | Answer due (UTC)',
      'resolved_at date-time | Вирішено (UTC) | Resolved (UTC)',
    ]),
    async rows(ctx, communityId) {
      const r = await sql<{
        id: number;
        number: number;
        community: string;
        category: string;
        status: string;
        title: string;
        address: string;
        lat: number | null;
        lng: number | null;
        created_at: Date;
        deadline_at: Date;
        resolved_at: Date | null;
      }>`
        select r.id, r.number, c.slug as community, k.name_uk as category, r.status, r.title, r.address, r.lat, r.lng, r.created_at, r.deadline_at, r.resolved_at
        from oc_reports r join communities c on c.id = r.community_id join oc_categories k on k.id = r.category_id
        where r.status <> 'new' and ${notHidden('open_city_report', 'r.id')} ${communityId === null ? sql`` : sql`and r.community_id = ${communityId}`}
        order by r.id`.execute(ctx.db);
      return r.rows.map((x) => ({
        ...x,
        created_at: new Date(x.created_at).toISOString(),
        deadline_at: new Date(x.deadline_at).toISOString(),
        resolved_at: x.resolved_at ? new Date(x.resolved_at).toISOString() : null,
      }));
    },
  },
];
