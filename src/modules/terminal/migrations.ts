/**
 * The self-service terminals of a community: each registered device (its key only as a keyed hash, its
 * place, optionally one of the ЦНАП's offices, the printer's code page), its last heartbeat with the
 * printer's paper status, and per-day counts of what was opened on it (no personal data).
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const terminalMigrations: Record<string, Migration> = {
  'terminal-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table terminal_devices (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          name text not null check (char_length(name) between 1 and 120),
          place text not null check (char_length(place) between 1 and 200),
          office_id integer,
          codepage text not null default 'cp866' check (codepage in ('cp866', 'windows1251')),
          key_hash text not null unique,
          key_prefix text not null,
          created_by integer references users(id),
          created_at timestamptz not null,
          revoked_at timestamptz,
          last_seen_at timestamptz,
          paper text not null default 'unknown' check (paper in ('ok', 'low', 'out', 'unknown'))
        );
        create index terminal_devices_community on terminal_devices (community_id);
        create table terminal_activity (
          terminal_id integer not null references terminal_devices(id) on delete cascade,
          day date not null,
          kind text not null check (kind ~ '^[a-z-]{1,30}$'),
          count integer not null default 0,
          primary key (terminal_id, day, kind)
        );
      `.execute(db);
    },
  },
};
