/**
 * The e-queue's tables. Windows (an operator's place) belong to a ЦНАП office and serve some of its
 * services; a window either takes online bookings or is kept for walk-ins. Visit length and the weekly
 * limit are per service. Days off are per office, on top of its weekly hours (kept by the ЦНАП site) and
 * the working-day calendar. A booking holds one window from `starts_at` to `ends_at`; the partial unique
 * index makes a second live booking of the same window and start impossible whatever the code above does,
 * and the service takes the window's row lock, so overlapping visits of different lengths cannot both land.
 * The later hall step (walk-in tickets, the operator's calls, the display) builds on `queue_windows`.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const queueMigrations: Record<string, Migration> = {
  'queue-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table queue_windows (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          office_id integer not null references cnap_offices(id),
          name text not null check (char_length(name) between 1 and 60),
          online boolean not null default true,
          active boolean not null default true,
          unique (office_id, name)
        );
        create table queue_window_services (
          window_id integer not null references queue_windows(id) on delete cascade,
          service_id integer not null references cnap_services(id) on delete cascade,
          primary key (window_id, service_id)
        );
        create index queue_window_services_service on queue_window_services (service_id);
        create table queue_services (
          service_id integer primary key references cnap_services(id) on delete cascade,
          community_id integer not null references communities(id),
          visit_minutes integer not null check (visit_minutes between 5 and 240),
          weekly_limit integer not null default 1 check (weekly_limit between 1 and 20)
        );
        create table queue_days_off (
          office_id integer not null references cnap_offices(id) on delete cascade,
          day date not null,
          primary key (office_id, day)
        );
        create table queue_bookings (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          code text not null unique check (code ~ '^[A-Z0-9]{6}$'),
          office_id integer not null references cnap_offices(id),
          window_id integer not null references queue_windows(id),
          service_id integer not null references cnap_services(id),
          user_id integer not null references users(id),
          person_key text not null,
          starts_at timestamptz not null,
          ends_at timestamptz not null check (ends_at > starts_at),
          status text not null default 'booked' check (status in ('booked', 'cancelled')),
          created_at timestamptz not null,
          cancelled_at timestamptz,
          reminded_day_at timestamptz,
          reminded_hour_at timestamptz
        );
        create unique index queue_bookings_window_start on queue_bookings (window_id, starts_at) where status = 'booked';
        create index queue_bookings_person on queue_bookings (person_key, starts_at);
        create index queue_bookings_user on queue_bookings (user_id, starts_at);
        create index queue_bookings_due on queue_bookings (starts_at) where status = 'booked';
      `.execute(db);
    },
  },
};
