/**
 * Following by e-mail (core/follows): what a person follows (a community, a tool in it, or one item) and
 * how often they want letters; the public events already seen per community, each recorded once, so the
 * instance that records an event is the one that queues its instant letters; when each community was last
 * looked at; when each person's daily and weekly digest last went out. A letter in the outbox may carry the
 * one-click unsubscribe address (RFC 8058) that its delivery puts in `List-Unsubscribe`.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table follows (
      id integer generated always as identity primary key,
      user_id integer not null references users(id) on delete cascade,
      community_id integer not null references communities(id) on delete cascade,
      tool text not null default '',
      item text not null default '',
      title text not null default '',
      path text not null default '',
      frequency text not null check (frequency in ('instant', 'daily', 'weekly')),
      created_at timestamptz not null default now(),
      unique (user_id, community_id, tool, item)
    );
    create index follows_community on follows (community_id, tool, item);
    create table follow_events (
      id integer generated always as identity primary key,
      community_id integer not null references communities(id) on delete cascade,
      key text not null,
      tool text not null,
      item text not null default '',
      item_only boolean not null default false,
      title text not null,
      path text not null,
      at timestamptz not null,
      detected_at timestamptz not null,
      unique (community_id, key)
    );
    create index follow_events_detected on follow_events (community_id, detected_at);
    create table follow_scans (
      community_id integer primary key references communities(id) on delete cascade,
      scanned_at timestamptz not null
    );
    create table follow_digests (
      user_id integer not null references users(id) on delete cascade,
      frequency text not null check (frequency in ('daily', 'weekly')),
      sent_until timestamptz not null,
      primary key (user_id, frequency)
    );
    alter table mail_outbox add column list_unsubscribe text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table mail_outbox drop column list_unsubscribe;
    drop table follow_digests; drop table follow_scans; drop table follow_events; drop table follows;
  `.execute(db);
}
