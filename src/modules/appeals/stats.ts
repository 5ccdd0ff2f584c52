/**
 * The appeals' figures for /stats and the home page: counts only (received, answered on time, overdue),
 * never a topic, a text or a name. Appeals are few per community, so they are counted from their rows.
 */
import { sql } from 'kysely';
import type { CoreContext } from '../../core/context.js';
import type { StatsScope, ToolStats } from '../../core/modules/manifest.js';
import { inPeriod, inScope, kyivMonth } from '../../core/stats-counters/index.js';
import { countAppeals } from './repository.js';

export async function appealsToolStats(ctx: CoreContext, scope: StatsScope): Promise<ToolStats> {
  const now = ctx.clock.now();
  const counts = await countAppeals(ctx.db, { communityIds: scope.communityIds, from: scope.from, to: scope.to, now });
  const where = sql`${inScope(scope)} and ${inPeriod(scope, 'received_at')}`;
  const monthly = await sql<{ month: string; value: string }>`
    select ${kyivMonth('received_at')} as month, count(*) as value from appeals where ${where} group by 1 order by 1`.execute(ctx.db);
  const perCommunity = await sql<{ community_id: number; value: string }>`
    select community_id, count(*) as value from appeals where ${where} group by 1 order by 2 desc limit 100`.execute(ctx.db);
  const people = await sql<{ n: string }>`
    select count(distinct user_id) + count(*) filter (where user_id is null) as n from appeals where ${where}`.execute(ctx.db);
  return {
    figures: [
      { key: 'received', label: { uk: 'звернень отримано', en: 'appeals received' }, value: counts.received },
      { key: 'answered-on-time', label: { uk: 'відповідей надано вчасно', en: 'answered on time' }, value: counts.answeredOnTime },
      { key: 'overdue', label: { uk: 'прострочено (без відповіді після терміну)', en: 'overdue (unanswered past the term)' }, value: counts.overdue },
    ],
    monthly: [
      {
        key: 'received',
        label: { uk: 'Звернення за місяцями', en: 'Appeals by month' },
        points: monthly.rows.map((r) => ({ month: r.month, value: Number(r.value) })),
      },
    ],
    perCommunity: perCommunity.rows.map((r) => ({ communityId: r.community_id, value: Number(r.value) })),
    perCommunityLabel: { uk: 'Звернень', en: 'Appeals' },
    participants: Number(people.rows[0]?.n ?? 0),
    // No switchable tool: every connected community takes appeals.
    connectedCommunities: Number(
      (await sql<{ n: string }>`select count(*) as n from communities where status = 'connected' and ${inScope(scope, 'id')}`.execute(ctx.db)).rows[0]?.n ?? 0,
    ),
  };
}
