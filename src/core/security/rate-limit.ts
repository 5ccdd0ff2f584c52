/**
 * Fixed-window rate limits kept in PostgreSQL, so every app instance shares them without another service.
 * One upsert per check: the row's window restarts when it has expired.
 */
import ipaddr from 'ipaddr.js';
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

/**
 * The /24 (IPv4) or /48 (IPv6) network of an address: limits per network, and no full address stored.
 * /48 for IPv6, not /64: one subscriber usually holds a whole /56 or /48 (and can take a new /64 from it
 * at will), so a /64 limit would be a limit per attempt; a /48 is, like an IPv4 /24, a site. IPv4-mapped
 * IPv6 addresses (::ffff:203.0.113.7) count as IPv4; anything unparsable shares one "unknown" key.
 */
export function ipPrefix(ip: string): string {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.process(ip.trim());
  } catch {
    return 'unknown';
  }
  if (addr.kind() === 'ipv4') {
    const [a, b, c] = (addr as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0/24`;
  }
  const parts = (addr as ipaddr.IPv6).parts;
  return `${new ipaddr.IPv6([parts[0]!, parts[1]!, parts[2]!, 0, 0, 0, 0, 0]).toString()}/48`;
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
