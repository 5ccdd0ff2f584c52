/**
 * Codes that prove a signed-in person owns an e-mail address. A role promised to an address (a newly
 * connected community's moderators, a school moderator) goes to whoever confirms the address this way,
 * never to whoever id.gov.ua merely reports it for.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table email_confirmations (
      id integer generated always as identity primary key,
      user_id integer not null references users(id) on delete cascade,
      email text not null,
      code_hash text not null,
      attempts integer not null default 0,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    );
    create index email_confirmations_user on email_confirmations (user_id, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table email_confirmations`.execute(db);
}
