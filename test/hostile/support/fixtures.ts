/** Small helpers for the matrix fixtures: look things up in the test app's database. */
import { sql, type RawBuilder } from 'kysely';
import type { TestApp } from '../../helpers/test-app.js';

/** The first row of a query, or a clear error naming what the fixture needed. */
export async function one<T>(t: TestApp, what: string, query: RawBuilder<T>): Promise<T> {
  const r = await query.execute(t.ctx.db);
  if (!r.rows[0]) throw new Error(`fixture: no ${what} in the demo data`);
  return r.rows[0];
}

export async function communityId(t: TestApp, slug: string): Promise<number> {
  return (await one(t, `community ${slug}`, sql<{ id: number }>`select id from communities where slug = ${slug}`)).id;
}

/** A random link token of the right shape that matches nothing. */
export const UNKNOWN_TOKEN = 'Zz9_unknown-link-token-0000000000000000';
