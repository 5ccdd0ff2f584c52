import { sql, type Kysely, type Migration } from 'kysely';

export const adminMigrations: Record<string, Migration> = {
  'admin-001-connections': {
    async up(db: Kysely<unknown>) {
      await sql`
        -- A community's request to join: what it asks for and the conditions of its own regulations.
        create table connection_requests (
          id integer generated always as identity primary key,
          territorial_code text not null check (territorial_code ~ '^UA[0-9]{17}$'),
          name_uk text not null,
          name_en text not null,
          oblast_uk text not null,
          oblast_en text not null,
          raion_uk text not null,
          raion_en text not null,
          population integer not null check (population >= 0),
          contact_name text not null,
          contact_position text not null,
          contact_email text not null,
          contact_phone text not null,
          council_address text not null default '',
          council_website text not null default '',
          moderator_emails text[] not null default '{}',
          tools text[] not null,
          petition_threshold integer check (petition_threshold > 0),
          petition_days integer check (petition_days > 0),
          budget_total bigint check (budget_total > 0),
          budget_categories text[] not null default '{}',
          budget_max_choices integer check (budget_max_choices > 0),
          budget_min_age integer,
          status text not null default 'new' check (status in ('new', 'changes_requested', 'accepted', 'declined')),
          -- The national moderator's last message: what to change, or why declined.
          status_message text,
          -- The status link's token is HMAC(secret key, salt): the database alone cannot rebuild it, and
          -- the app can, to put the link into later letters. Looked up by its SHA-256.
          status_token_salt text not null,
          status_token_hash text not null unique,
          lang text not null default 'uk' check (lang in ('uk', 'en')),
          community_id integer references communities(id),
          submitted_at timestamptz not null,
          updated_at timestamptz not null,
          decided_at timestamptz,
          decided_by integer references users(id) on delete set null
        );
        -- One open request per community (the community level of the code: UA + 7 digits).
        create unique index connection_requests_open
          on connection_requests (substr(territorial_code, 1, 9)) where status in ('new', 'changes_requested');
        create index connection_requests_status on connection_requests (status, id);

        create table connection_request_files (
          request_id integer not null references connection_requests(id) on delete cascade,
          kind text not null check (kind in ('memorandum', 'letter')),
          file_name text not null,
          size integer not null check (size > 0),
          data bytea not null,
          uploaded_at timestamptz not null,
          primary key (request_id, kind)
        );

        create table community_coats_of_arms (
          community_id integer primary key references communities(id),
          content_type text not null check (content_type in ('image/png', 'image/jpeg', 'image/svg+xml')),
          data bytea not null,
          version integer not null default 1,
          updated_at timestamptz not null
        );

        -- Why a community was suspended or reconnected, newest last.
        create table community_status_changes (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          status text not null check (status in ('connected', 'suspended')),
          reason text not null,
          changed_by integer references users(id) on delete set null,
          changed_at timestamptz not null
        );
        create index community_status_changes_community on community_status_changes (community_id, id desc);
      `.execute(db);
    },
  },
};
