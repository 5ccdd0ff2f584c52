/**
 * The demo's crowd: the residents who sign, vote and answer in a demo community. Resident `k` of a
 * community acts under the person key `demo:<slug>:<k>` in every tool (one person signs several
 * petitions and votes in the budget too) and has an account, as everyone who takes part on the platform
 * has one: the home page's count of users then agrees with the acts beside it (issue #21).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

const LAST = [
  'Шевченко',
  'Бойко',
  'Коваль',
  'Олійник',
  'Ткачук',
  'Романенко',
  'Кравець',
  'Мазур',
  'Гуменюк',
  'Ярошенко',
  'Павленко',
  'Лукʼяненко',
  'Сидоренко',
  'Вакуленко',
  'Зінченко',
];
const FIRST = [
  'Олександр',
  'Марія',
  'Іван',
  'Ганна',
  'Петро',
  'Оксана',
  'Дмитро',
  'Юлія',
  'Андрій',
  'Наталія',
  'Сергій',
  'Тетяна',
  'Богдан',
  'Ірина',
  'Михайло',
];

/** The person key resident `k` of the community acts under. */
export function demoResidentKey(slug: string, k: number): string {
  return `demo:${slug}:${k}`;
}

/** Resident `k`'s name, «Прізвище Імʼя». */
export function demoResidentName(k: number): string {
  return `${LAST[k % LAST.length]} ${FIRST[Math.floor(k / LAST.length) % FIRST.length]}`;
}

/** SQL for the key of resident `k` (an integer SQL expression), e.g. in a set-based insert. */
export function demoResidentKeySql(slug: string, k: ReturnType<typeof sql>) {
  return sql<string>`${`demo:${slug}:`}::text || (${k})::text`;
}

/** SQL for resident `k`'s name, the same as demoResidentName. */
export function demoResidentNameSql(k: ReturnType<typeof sql>) {
  return sql<string>`(${LAST}::text[])[1 + (${k}) % ${LAST.length}::int] || ' ' || (${FIRST}::text[])[1 + ((${k}) / ${LAST.length}::int) % ${FIRST.length}::int]`;
}

/**
 * Accounts for residents 0 … count − 1 of the community, in one statement; those that exist are kept.
 * They signed in through id.gov.ua (the level the demo's acts are counted at) and live in the community.
 */
export async function ensureDemoResidents(db: Db, community: { id: number; slug: string }, count: number, now: Date): Promise<void> {
  if (count <= 0) return;
  const k = sql`k`;
  // Accounts made two years back: before every demo act.
  const since = new Date(now.getTime() - 730 * 86_400_000);
  await sql`
    insert into users (identity_key, verification_level, auth_type, last_name, first_name, territorial_code, residency_status, created_at)
    select ${demoResidentKeySql(community.slug, k)}, 'idgovua', 'demo',
      split_part(${demoResidentNameSql(k)}, ' ', 1), split_part(${demoResidentNameSql(k)}, ' ', 2),
      (select territorial_codes[1] from communities where id = ${community.id}::int), 'matched', ${since}::timestamptz
    from generate_series(0, ${count - 1}::int) as k
    on conflict (identity_key) do nothing`.execute(db);
}
