/** Consultation figures for the statistics module, and the open dataset of consultations. */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { OpenDataset, StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { columns } from '../../core/modules/open-data.js';
import { counted, distinctPeople, inPeriod, inScope, kyivMonth, perCommunityOf, series } from '../../core/stats-counters/index.js';

export async function consultationStats(ctx: CoreContext, s: StatsScope): Promise<ToolStats> {
  const totals = await sql<{ consultations: number; polls: number; acts: number }>`
    select
      count(*) filter (where kind = 'consultation')::int as consultations,
      count(*) filter (where kind = 'poll')::int as polls,
      count(*) filter (where kind = 'act')::int as acts
    from consultation_items where ${inScope(s)} and published_at is not null and ${inPeriod(s, 'published_at')}`.execute(ctx.db);
  const items = await sql<{ m: string; n: number }>`
    select ${kyivMonth('published_at')} as m, count(*)::int as n from consultation_items
    where ${inScope(s)} and published_at is not null and ${inPeriod(s, 'published_at')} group by 1`.execute(ctx.db);
  // Comments and responses come from the counters their triggers keep (core/stats-counters).
  const tool = 'consultations';
  const [participation, participants] = await Promise.all([
    counted(ctx.db, s, { tool, metric: ['comments', 'responses'] }, 'metric'),
    distinctPeople(ctx.db, s, tool),
  ]);
  const t = { ...totals.rows[0]!, comments: participation.parts.get('comments') ?? 0, responses: participation.parts.get('responses') ?? 0 };
  return {
    figures: [
      { key: 'consultations', label: { uk: 'Консультацій', en: 'Consultations' }, value: t.consultations },
      { key: 'polls', label: { uk: 'Опитувань', en: 'Polls' }, value: t.polls },
      { key: 'acts', label: { uk: 'Обговорень НПА', en: 'Draft-act discussions' }, value: t.acts },
      { key: 'comments', label: { uk: 'Коментарів', en: 'Comments' }, value: t.comments },
      { key: 'responses', label: { uk: 'Відповідей на опитування', en: 'Poll responses' }, value: t.responses },
    ],
    monthly: [
      series(
        'items',
        'Оприлюднено за місяцями',
        'Published by month',
        items.rows.map((r) => ({ month: r.m, value: r.n })),
      ),
      series('participation', 'Коментарі та відповіді за місяцями', 'Comments and responses by month', participation.monthly),
    ],
    ...perCommunityOf(participation, 'Коментарі та відповіді за період', 'Comments and responses in the period'),
    participants,
  };
}

export const consultationDatasets: OpenDataset[] = [
  {
    id: 'consultations',
    title: { uk: 'Консультації, опитування та обговорення НПА', en: 'Consultations, polls and draft-act discussions' },
    description: {
      uk: 'Оприлюднені обговорення: вид, тема, період, кількість коментарів і відповідей. Без персональних даних.',
      en: 'Published items: kind, title, period, numbers of comments and responses. No personal data.',
    },
    fields: columns([
      'id integer | Номер | Number',
      'community string | Громада | Community',
      'kind string | consultation, poll або act | consultation, poll or act',
      'title string | Тема | Title',
      'category string | Категорія | Category',
      'starts_at date-time | Початок (UTC) | Starts (UTC)',
      'ends_at date-time | Кінець (UTC) | Ends (UTC)',
      'comments integer | Коментарів | Comments',
      'responses integer | Відповідей на опитування | Poll responses',
    ]),
    async rows(ctx, communityId) {
      const r = await sql<{
        id: number;
        community: string;
        kind: string;
        title: string;
        category: string;
        starts_at: Date;
        ends_at: Date;
        comments: number;
        responses: number;
      }>`
        select i.id, c.slug as community, i.kind, i.title, i.category, i.starts_at, i.ends_at,
          (select count(*)::int from consultation_comments x where x.item_id = i.id) as comments,
          (select count(*)::int from consultation_responses x where x.item_id = i.id) as responses
        from consultation_items i join communities c on c.id = i.community_id
        where i.published_at is not null ${communityId === null ? sql`` : sql`and i.community_id = ${communityId}`}
        order by i.id`.execute(ctx.db);
      return r.rows.map((x) => ({ ...x, starts_at: new Date(x.starts_at).toISOString(), ends_at: new Date(x.ends_at).toISOString() }));
    },
  },
];
