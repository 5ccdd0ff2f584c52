/** Per-community numbers of petitions, reports, code sheets (see core/db/community-numbers.ts). */
import { sql, type Kysely } from 'kysely';
import { COMMUNITY_NUMBERS_SQL } from '../community-numbers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(COMMUNITY_NUMBERS_SQL).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function assign_community_number() cascade; drop table community_numbers;`.execute(db);
}
