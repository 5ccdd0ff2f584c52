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

export interface CountQuery {
  tool: string;
  /** One metric, or several summed. */
  metric: string | string[];
  /** Only this dimension; omitted: all. */
  dim?: string;
}

/** A list for `in (…)` that matches nothing when empty (`in ()` is not SQL): ids, or [-1]. */
export const orNone = (ids: number[]): number[] => (ids.length ? ids : [-1]);

/** The communities of a scope for `community_id in (…)`: null for the whole platform. */
export const scopeIds = (s: { communityIds: number[] | null }): number[] | null => (s.communityIds === null ? null : orNone(s.communityIds));

/** `<col> in (the scope's communities)`, or `true` for the whole platform: for raw SQL. */
export function inScope(s: { communityIds: number[] | null }, col = 'community_id') {
  const ids = scopeIds(s);
  return ids === null ? sql`true` : sql`${sql.ref(col)} in (${sql.join(ids)})`;
}

/** `<col>` within the scope's period [from, to): for raw SQL. */
export const inPeriod = (s: { from: Date; to: Date }, col: string) => sql`${sql.ref(col)} >= ${s.from} and ${sql.ref(col)} < ${s.to}`;

/** The Kyiv month ('YYYY-MM') of a timestamp column: the months of the monthly series. */
export const kyivMonth = (col: string) => sql<string>`to_char(${sql.ref(col)} at time zone 'Europe/Kyiv', 'YYYY-MM')`;

function where(s: CounterScope, q: CountQuery) {
  const ids = scopeIds(s);
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

export async function countTotal(db: Db, s: CounterScope, q: CountQuery): Promise<number> {
  let total = 0;
  for (const n of (await countsByDim(db, s, q)).values()) total += n;
  return total;
}

/** The counter by month ('YYYY-MM'), months without any left out. */
export async function countsByMonth(db: Db, s: CounterScope, q: CountQuery): Promise<{ month: string; value: number }[]> {
  const r = await sql<{
    month: number;
    n: string;
  }>`select month, sum(n) as n from stats_counts where ${where(s, q)} group by month having sum(n) <> 0 order by month`.execute(db);
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

/** One counter read every way a tool's statistics show it. */
export interface Counted {
  /** By dimension (or by metric, when asked so). */
  parts: Map<string, number>;
  total: number;
  /** By month ('YYYY-MM'), months without any left out. */
  monthly: { month: string; value: number }[];
  /** By community, largest first. */
  perCommunity: { communityId: number; value: number }[];
}

/** The counter in the scope: its parts (by dimension or by metric), total, months and communities. */
export async function counted(db: Db, s: CounterScope, q: CountQuery, by: 'dim' | 'metric' = 'dim'): Promise<Counted> {
  const [parts, monthly, perCommunity] = await Promise.all([grouped(db, s, q, by), countsByMonth(db, s, q), countsByCommunity(db, s, q)]);
  let total = 0;
  for (const n of parts.values()) total += n;
  return { parts, total, monthly, perCommunity };
}

/** The sum of the parts whose dimension «a|b» passes the test. */
export function sumParts(parts: Map<string, number>, test: (a: string, b: string) => boolean): number {
  let sum = 0;
  for (const [dim, n] of parts) {
    const [a = '', b = ''] = dim.split('|');
    if (test(a, b)) sum += n;
  }
  return sum;
}

/** A monthly series of a tool's statistics, under its label in both languages. */
export const series = (key: string, uk: string, en: string, points: { month: string; value: number }[]) => ({ key, label: { uk, en }, points });

/** A tool's «top communities» column: a counter's communities, under what they count (in both languages). */
export const perCommunityOf = (c: Pick<Counted, 'perCommunity'>, uk: string, en: string) => ({
  perCommunity: c.perCommunity,
  perCommunityLabel: { uk, en },
});
