/**
 * Fixed-window rate limits kept in PostgreSQL, so every app instance shares them without another service.
 * One upsert per check: the row's window restarts when it has expired.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface Limit {
  /** e.g. "signin:ip:203.0.113.0" */
  key: string;
  max: number;
  windowSeconds: number;
}

export interface LimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function hitRateLimit(db: Db, limit: Limit, now: Date): Promise<LimitResult> {
  const windowStartCutoff = new Date(now.getTime() - limit.windowSeconds * 1000);
  const row = await sql<{ hits: number; window_start: Date }>`
    insert into rate_limits (key, window_start, hits) values (${limit.key}, ${now}, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${windowStartCutoff} then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${windowStartCutoff} then ${now} else rate_limits.window_start end
    returning hits, window_start`.execute(db);
  const r = row.rows[0]!;
  const retry = Math.max(1, Math.ceil((new Date(r.window_start).getTime() + limit.windowSeconds * 1000 - now.getTime()) / 1000));
  return { allowed: r.hits <= limit.max, retryAfterSeconds: retry };
}

/** The /24 (IPv4) or /48 (IPv6) network of an address: limits per network, and no full address stored. */
export function ipPrefix(ip: string): string {
  if (ip.includes('.')) return ip.replace(/^::ffff:/, '').split('.').slice(0, 3).join('.') + '.0/24';
  return ip.split(':').slice(0, 3).join(':') + '::/48';
}

/**
 * Whether a limit is already used up, without counting a hit: for limits that count only failures (code
 * guessing), which must refuse before the attempt is made, yet not charge the attempts that succeed.
 */
export async function rateLimitExhausted(db: Db, limit: Limit, now: Date): Promise<LimitResult> {
  const row = await db.selectFrom('rate_limits').select(['hits', 'window_start']).where('key', '=', limit.key).executeTakeFirst();
  if (!row) return { allowed: true, retryAfterSeconds: 0 };
  const end = new Date(row.window_start).getTime() + limit.windowSeconds * 1000;
  if (end <= now.getTime()) return { allowed: true, retryAfterSeconds: 0 };
  return { allowed: row.hits < limit.max, retryAfterSeconds: Math.max(1, Math.ceil((end - now.getTime()) / 1000)) };
}
