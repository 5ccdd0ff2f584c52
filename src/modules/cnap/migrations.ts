/**
 * The ЦНАП site's tables: life situations, offices (the centre and its remote workplaces) with weekly hours
 * and accessibility, and the services catalogue, each service linked to the offices that provide it.
 * `search_stems` holds the service's words reduced by the Ukrainian suffix normaliser (rules.ts), searched
 * with the 'simple' text search configuration, which PGlite and PostgreSQL both have.
 */
import { sql, type Kysely, type Migration } from 'kysely';

export const cnapMigrations: Record<string, Migration> = {
  'cnap-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table cnap_situations (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          code text not null check (code ~ '^[a-z0-9-]{1,40}$'),
          name text not null check (char_length(name) between 1 and 120),
          position integer not null default 0,
          archived boolean not null default false,
          unique (community_id, code)
        );
        create table cnap_offices (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          code text not null check (code ~ '^[a-z0-9-]{1,40}$'),
          kind text not null check (kind in ('centre', 'remote')),
          name text not null check (char_length(name) between 1 and 200),
          address text not null check (char_length(address) between 1 and 300),
          lat double precision,
          lng double precision,
          phone text not null default '',
          email text not null default '',
          hours jsonb not null default '{}',
          accessibility text[] not null default '{}',
          notes text not null default '',
          archived boolean not null default false,
          unique (community_id, code)
        );
        create table cnap_services (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          code text not null check (code ~ '^[a-z0-9-]{1,40}$'),
          situation_id integer not null references cnap_situations(id),
          name text not null check (char_length(name) between 1 and 300),
          applicants text not null default '',
          documents text not null default '',
          cost text not null default '',
          payment text not null default '',
          term text not null default '',
          result text not null default '',
          receiving text not null default '',
          legal_basis text not null default '',
          online_url text not null default '',
          search_stems text not null default '',
          archived boolean not null default false,
          updated_at timestamptz not null default now(),
          unique (community_id, code)
        );
        create index cnap_services_situation on cnap_services (situation_id);
        create index cnap_services_search on cnap_services using gin (to_tsvector('simple', search_stems));
        create table cnap_service_offices (
          service_id integer not null references cnap_services(id) on delete cascade,
          office_id integer not null references cnap_offices(id) on delete cascade,
          primary key (service_id, office_id)
        );
        create index cnap_service_offices_office on cnap_service_offices (office_id);
      `.execute(db);
    },
  },
  'cnap-002-english': {
    // The optional English version of every text residents read ('' for none; the pages fall back to Ukrainian).
    async up(db: Kysely<unknown>) {
      await sql`
        alter table cnap_situations add column name_en text not null default '' check (char_length(name_en) <= 120);
        alter table cnap_offices
          add column name_en text not null default '' check (char_length(name_en) <= 200),
          add column address_en text not null default '' check (char_length(address_en) <= 300),
          add column notes_en text not null default '' check (char_length(notes_en) <= 1000);
        alter table cnap_services
          add column name_en text not null default '' check (char_length(name_en) <= 300),
          add column applicants_en text not null default '' check (char_length(applicants_en) <= 2000),
          add column documents_en text not null default '' check (char_length(documents_en) <= 5000),
          add column cost_en text not null default '' check (char_length(cost_en) <= 500),
          add column payment_en text not null default '' check (char_length(payment_en) <= 1000),
          add column term_en text not null default '' check (char_length(term_en) <= 300),
          add column result_en text not null default '' check (char_length(result_en) <= 1000),
          add column receiving_en text not null default '' check (char_length(receiving_en) <= 1000),
          add column legal_basis_en text not null default '' check (char_length(legal_basis_en) <= 2000);
      `.execute(db);
    },
  },
};
