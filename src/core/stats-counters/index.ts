/**
 * Reading the pre-aggregated statistics (tables and triggers: core migration 002). Every tool's figures
 * for `/stats` come from here, so a page at e-DEM's volume sums a few thousand counter rows instead of
 * scanning millions of signatures and ballots.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** 'YYYY-MM' → year × 12 + month − 1, the month number the counters use. */
export function monthNumber(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + m - 1;
}

export function monthText(n: number): string {
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}

/** What the counters are read for: whole months [fromMonth, toMonth] and a level of the platform. */
export interface CounterScope {
  /** null: the whole platform. */
  communityIds: number[] | null;
  /** '*' (platform), 'o:<oblast>' or 'c:<community id>': the level of the distinct-participant chains. */
  level: string;
  fromMonth: number;
  toMonth: number;
}

/** Every month, for the platform (null) or one community: the all-time figures of the home pages. */
export function allTime(communityId: number | null): CounterScope & { from: Date; to: Date } {
  return {
    communityIds: communityId === null ? null : [communityId],
    level: communityId === null ? '*' : `c:${communityId}`,
    fromMonth: 0,
    toMonth: 12 * 10_000,
    from: new Date('1970-01-01T00:00:00Z'),
    to: new Date('9999-01-01T00:00:00Z'),
  };
}

interface CountQuery {
  tool: string;
  /** One metric, or several summed. */
  metric: string | string[];
  /** Only this dimension; omitted: all. */
  dim?: string;
}

function where(s: CounterScope, q: CountQuery) {
  const ids = s.communityIds === null ? null : s.communityIds.length ? s.communityIds : [-1];
  const metrics = typeof q.metric === 'string' ? [q.metric] : q.metric;
  return sql`tool = ${q.tool} and metric in (${sql.join(metrics)}) and month between ${s.fromMonth} and ${s.toMonth}
    ${ids === null ? sql`` : sql`and community_id in (${sql.join(ids)})`}
    ${q.dim === undefined ? sql`` : sql`and dim = ${q.dim}`}`;
}

async function grouped(db: Db, s: CounterScope, q: CountQuery, by: 'dim' | 'metric'): Promise<Map<string, number>> {
  const r = await sql<{ key: string; n: string }>`select ${sql.ref(by)} as key, sum(n) as n from stats_counts where ${where(s, q)} group by 1`.execute(db);
  return new Map(r.rows.map((x) => [x.key, Number(x.n)]));
}

/** The counter in the scope, by dimension ('' when the metric has none). */
export const countsByDim = (db: Db, s: CounterScope, q: CountQuery) => grouped(db, s, q, 'dim');

/** Each of several metrics in the scope. */
export const countsByMetric = (db: Db, s: CounterScope, q: CountQuery) => grouped(db, s, q, 'metric');

export async function countTotal(db: Db, s: CounterScope, q: CountQuery): Promise<number> {
  let total = 0;
  for (const n of (await countsByDim(db, s, q)).values()) total += n;
  return total;
}

/** The counter by month ('YYYY-MM'), months without any left out. */
export async function countsByMonth(db: Db, s: CounterScope, q: CountQuery): Promise<{ month: string; value: number }[]> {
  const r = await sql<{ month: number; n: string }>`select month, sum(n) as n from stats_counts where ${where(s, q)} group by month having sum(n) <> 0 order by month`.execute(db);
  return r.rows.map((x) => ({ month: monthText(x.month), value: Number(x.n) }));
}

/** The counter by community, largest first. */
export async function countsByCommunity(db: Db, s: CounterScope, q: CountQuery, limit = 100): Promise<{ communityId: number; value: number }[]> {
  const r = await sql<{ community_id: number; n: string }>`
    select community_id, sum(n) as n from stats_counts where ${where(s, q)}
    group by community_id having sum(n) <> 0 order by sum(n) desc, community_id limit ${limit}`.execute(db);
  return r.rows.map((x) => ({ communityId: x.community_id, value: Number(x.n) }));
}

/** Distinct people who took part in the tool in the months of the scope, at its level: exact. */
export async function distinctPeople(db: Db, s: CounterScope, tool: string): Promise<number> {
  const r = await sql<{ n: string | null }>`
    select sum(n) as n from stats_person_chain
    where tool = ${tool} and level = ${s.level} and month between ${s.fromMonth} and ${s.toMonth} and prev < ${s.fromMonth}`.execute(db);
  return Number(r.rows[0]?.n ?? 0);
}
