import { communityNumberSql } from '../../core/db/community-numbers.js';
import { sql, type Kysely, type Migration } from 'kysely';
import { backfillSql, counterTriggerSql, type CountedRows } from '../../core/stats-counters/triggers.js';

/** What the statistics count (core/stats-counters): public reports (not «new»), resolved ones as their dimension. */
const OPEN_CITY_COUNTERS: CountedRows[] = [
  {
    table: 'oc_reports',
    tool: 'open-city',
    metric: 'reports',
    at: 'created_at',
    columns: ['status', 'reporter_user_id', 'community_id', 'created_at'],
    counts: (r) => `${r}.status <> 'new'`,
    dim: (r) => `case when ${r}.status = 'resolved' then 'resolved' else '' end`,
    person: (r) => `'user:' || ${r}.reporter_user_id::text`,
  },
];

/**
 * Open City tables. Every row carries community_id and unique constraints include it, so one community's
 * data never mixes with another's. Supports (one per person per report) and subscriptions are refused
 * twice by the database itself.
 */
export const openCityMigrations: Record<string, Migration> = {
  'open-city-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table oc_settings (
          community_id integer primary key references communities(id),
          -- A simple polygon of the community's territory: [[lat, lng], ...].
          territory jsonb not null default '[]',
          center_lat double precision,
          center_lng double precision,
          updated_at timestamptz not null default now()
        );

        create table oc_departments (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          key text not null check (key ~ '^[a-z0-9][a-z0-9-]{0,40}$'),
          name_uk text not null,
          name_en text not null,
          unique (community_id, key)
        );

        create table oc_categories (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          parent_id integer references oc_categories(id),
          code text not null check (code ~ '^[a-z0-9][a-z0-9-]{0,60}$'),
          name_uk text not null,
          name_en text not null,
          description_uk text not null default '',
          department_id integer not null references oc_departments(id),
          -- Law of Ukraine «Про звернення громадян», Art. 20: 15 days without extra checking, 30 by default, 45 at most.
          term_days integer not null default 30 check (term_days in (15, 30, 45)),
          attributes jsonb not null default '[]',
          keywords text not null default '',
          sort integer not null default 0,
          unique (community_id, code)
        );
        create index oc_categories_parent on oc_categories (community_id, parent_id);

        create table oc_api_keys (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          name text not null,
          key_hash text not null unique,
          key_prefix text not null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null default now(),
          revoked_at timestamptz
        );

        create table oc_reports (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          category_id integer not null references oc_categories(id),
          department_id integer not null references oc_departments(id),
          status text not null default 'new' check (status in
            ('new', 'accepted', 'in_progress', 'resolved', 'not_resolved', 'rejected', 'duplicate', 'not_competent')),
          status_note text not null default '',
          duplicate_of integer references oc_reports(id),
          forwarded_to text not null default '',
          title text not null check (char_length(title) between 1 and 150),
          description text not null default '' check (char_length(description) <= 4000),
          address text not null default '',
          lat double precision check (lat between -90 and 90),
          lng double precision check (lng between -180 and 180),
          attributes jsonb not null default '{}',
          media_url text,
          reporter_user_id integer references users(id) on delete set null,
          reporter_name text not null default '',
          show_name boolean not null default false,
          contact_email text,
          contact_phone text,
          source text not null default 'web' check (source in ('web', 'open311', 'demo')),
          api_key_id integer references oc_api_keys(id),
          token text not null unique,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          deadline_at timestamptz not null,
          resolved_at timestamptz,
          confirmed_at timestamptz,
          asked_at timestamptz,
          check ((lat is null) = (lng is null)),
          check (address <> '' or lat is not null)
        );
        create index oc_reports_list on oc_reports (community_id, created_at desc);
        create index oc_reports_queue on oc_reports (community_id, department_id, status, deadline_at);
        create index oc_reports_reporter on oc_reports (reporter_user_id);
        create index oc_reports_geo on oc_reports (community_id, category_id, lat, lng);

        create table oc_supports (
          report_id integer not null references oc_reports(id),
          community_id integer not null references communities(id),
          user_id integer not null references users(id) on delete cascade,
          created_at timestamptz not null default now(),
          primary key (report_id, user_id)
        );

        create table oc_updates (
          id integer generated always as identity primary key,
          report_id integer not null references oc_reports(id),
          community_id integer not null references communities(id),
          actor_user_id integer references users(id) on delete set null,
          actor_role text not null default 'system' check (actor_role in ('reporter', 'moderator', 'executor', 'system', 'partner')),
          kind text not null check (kind in ('created', 'status', 'note', 'reassign', 'confirm', 'reopen', 'question', 'support')),
          from_status text,
          to_status text,
          body text not null default '',
          internal boolean not null default false,
          from_department_id integer references oc_departments(id),
          to_department_id integer references oc_departments(id),
          created_at timestamptz not null default now()
        );
        create index oc_updates_report on oc_updates (report_id, id);

        create table oc_photos (
          id integer generated always as identity primary key,
          report_id integer not null references oc_reports(id),
          community_id integer not null references communities(id),
          update_id integer references oc_updates(id),
          mime text not null,
          width integer not null,
          height integer not null,
          data bytea not null,
          thumb bytea not null,
          created_at timestamptz not null default now()
        );
        create index oc_photos_report on oc_photos (report_id, id);

        create table oc_subscriptions (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          user_id integer references users(id) on delete cascade,
          email text not null,
          report_id integer references oc_reports(id),
          center_lat double precision,
          center_lng double precision,
          radius_m integer check (radius_m between 50 and 5000),
          token text not null unique,
          created_at timestamptz not null default now(),
          check ((report_id is null) <> (center_lat is null))
        );
        create unique index oc_subscriptions_report on oc_subscriptions (community_id, report_id, lower(email)) where report_id is not null;
        create unique index oc_subscriptions_area on oc_subscriptions (community_id, lower(email), center_lat, center_lng, radius_m) where report_id is null;
      `.execute(db);
    },
  },
  // Statistics kept by triggers (core migration 002).
  'open-city-002-stats-counters': {
    async up(db: Kysely<unknown>) {
      await sql.raw([...OPEN_CITY_COUNTERS.map(counterTriggerSql), backfillSql('open-city', OPEN_CITY_COUNTERS)].join('\n')).execute(db);
      // The median time to resolve and «overdue now» read these columns alone: an index-only scan.
      await sql`create index oc_reports_stats on oc_reports (created_at) include (community_id, status, resolved_at, deadline_at)`.execute(db);
    },
  },
  // One support per person, not per account (issue #17): the key a person acts under (core/identity/
  // person-key.ts). Rows before carry their account's key: an id.gov.ua account's identity key, otherwise
  // the account itself (no e-mail account had a verified phone yet), so no two old rows collide.
  'open-city-003-support-person': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table oc_supports add column person_key text;
        update oc_supports s set person_key = coalesce(u.identity_key, u.phone_key, 'user:' || u.id::text) from users u where u.id = s.user_id;
        alter table oc_supports alter column person_key set not null;
        create unique index oc_supports_one_per_person on oc_supports (report_id, person_key);
      `.execute(db);
    },
  },
  // Issue #21: numbered within the community (№ 1, 2, … per community); the id stays the key.
  'open-city-004-community-numbers': {
    async up(db: Kysely<unknown>) {
      await sql.raw(communityNumberSql('oc_reports', 'open-city-reports')).execute(db);
    },
  },
  // Issue #22: a report made in a chat with the community's bot keeps where it came from (its messenger,
  // or the /dev/bot simulator) instead of «web».
  'open-city-005-chat-sources': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table oc_reports drop constraint oc_reports_source_check;
        alter table oc_reports add constraint oc_reports_source_check
          check (source in ('web', 'open311', 'demo', 'telegram', 'viber', 'chat-simulator'));
      `.execute(db);
    },
  },
};
