/**
 * Residency from the address text id.gov.ua returns: what the address said and how it was matched
 * against the codifier (users), and the requests to a community's moderators to confirm residency when
 * it could not be matched (residency_requests).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table users add column registered_address text;
    alter table users add column residency_status text
      check (residency_status in ('matched', 'chosen', 'ambiguous', 'unmatched', 'confirmed'));
    alter table users add column residency_reason text;
    alter table users add column residency_candidates jsonb not null default '[]';
    create table residency_requests (
      id serial primary key,
      community_id integer not null references communities(id),
      user_id integer not null references users(id),
      address_text text not null,
      status text not null default 'new' check (status in ('new', 'confirmed', 'refused')),
      refusal_reason text,
      decided_by integer references users(id),
      decided_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index residency_requests_open on residency_requests (community_id, user_id) where status = 'new';
    create index residency_requests_queue on residency_requests (community_id, status, created_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table residency_requests;
    alter table users drop column registered_address, drop column residency_status, drop column residency_reason,
      drop column residency_candidates;
  `.execute(db);
}
