import { communityNumberSql } from '../../core/db/community-numbers.js';
import { sql, type Kysely, type Migration } from 'kysely';
import { backfillSql, counterTriggerSql, type CountedRows } from '../../core/stats-counters/triggers.js';

const PETITION_COUNTERS: CountedRows[] = [
  {
    table: 'petition_signatures',
    tool: 'petitions',
    metric: 'signatures',
    at: 'signed_at',
    columns: ['invalidated_at', 'signed_at', 'person_key', 'community_id'],
    counts: (r) => `${r}.invalidated_at is null`,
    person: (r) => `${r}.person_key`,
  },
  {
    table: 'petitions',
    tool: 'petitions',
    metric: 'petitions',
    at: 'published_at',
    columns: ['status', 'answer_decision', 'published_at', 'community_id'],
    counts: (r) => `${r}.published_at is not null and ${r}.status not in ('moderation', 'rejected')`,
    dim: (r) => `${r}.status || '|' || coalesce(${r}.answer_decision, '')`,
  },
];

export const petitionMigrations: Record<string, Migration> = {
  'petitions-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        -- One row per community: the rules of its regulation (положення) on local petitions.
        create table petition_settings (
          community_id integer primary key references communities(id),
          signature_threshold integer not null check (signature_threshold between 1 and 1000000),
          collection_days integer not null check (collection_days between 1 and 365),
          moderation_working_days integer not null default 2 check (moderation_working_days between 1 and 30),
          consideration_working_days integer not null default 10 check (consideration_working_days between 1 and 60),
          allow_email boolean not null default false,
          residents_only boolean not null default true,
          min_age integer check (min_age between 14 and 18),
          continue_after_threshold boolean not null default false,
          updated_at timestamptz not null default now()
        );

        create table petition_categories (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          name_uk text not null,
          name_en text not null,
          position integer not null default 0,
          unique (community_id, name_uk)
        );

        create table petitions (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          author_email text not null,
          title text not null check (char_length(title) between 1 and 200),
          body text not null check (char_length(body) between 1 and 5000),
          search_text text not null,
          category_id integer not null references petition_categories(id),
          status text not null check (status in ('moderation', 'rejected', 'collecting', 'consideration', 'answered', 'failed')),
          signature_threshold integer not null,
          collection_days integer not null,
          continue_after_threshold boolean not null,
          consideration_working_days integer not null,
          signature_count integer not null default 0 check (signature_count >= 0),
          submitted_at timestamptz not null,
          moderation_due_at timestamptz not null,
          published_at timestamptz,
          collection_ends_at timestamptz,
          rejected_at timestamptz,
          rejection_reason text,
          rejection_note text,
          duplicate_of integer references petitions(id),
          consideration_started_at timestamptz,
          consideration_due_at timestamptz,
          failed_at timestamptz,
          appeal_forwarded_on date,
          answered_at timestamptz,
          answer_text text,
          answer_decision text check (answer_decision in ('supported', 'not_supported', 'partially')),
          answer_official_name text,
          answer_official_position text,
          answer_pdf bytea,
          answer_pdf_name text,
          unique (community_id, id)
        );
        create index petitions_list on petitions (community_id, status, id desc);
        create index petitions_moderation on petitions (status, moderation_due_at) where status = 'moderation';
        create index petitions_collecting on petitions (status, collection_ends_at) where status = 'collecting';
        create index petitions_author on petitions (author_user_id);

        -- One person, one signature: the database refuses a second one, from any instance.
        create table petition_signatures (
          id bigint generated always as identity primary key,
          community_id integer not null references communities(id),
          petition_id integer not null references petitions(id),
          person_key text not null,
          phone_key text,
          user_id integer references users(id) on delete set null,
          signer_name text not null,
          signed_at timestamptz not null,
          ip_prefix text not null default '',
          email_domain text,
          account_created_at timestamptz,
          invalidated_at timestamptz,
          invalidated_by integer references users(id),
          invalidation_reason text,
          unique (community_id, petition_id, person_key)
        );
        create unique index petition_signatures_phone on petition_signatures (community_id, petition_id, phone_key) where phone_key is not null;
        create index petition_signatures_list on petition_signatures (petition_id, signed_at, id);
        create index petition_signatures_user on petition_signatures (user_id);
      `.execute(db);
    },
  },
  // Statistics kept by triggers (core migration 002): valid signatures by month and community with the
  // signers' months for exact distinct counts, and published petitions by month with their stored status
  // and decision as the dimension.
  'petitions-002-stats-counters': {
    async up(db: Kysely<unknown>) {
      await sql.raw([...PETITION_COUNTERS.map(counterTriggerSql), backfillSql('petitions', PETITION_COUNTERS)].join('\n')).execute(db);
    },
  },
  // A petition keeps the rules it was submitted with: the sign-in level is copied onto it like the threshold
  // and the term already were (from the community's settings when it is stored, defaults otherwise), and
  // the database refuses any later change of these columns, whatever code tries it.
  'petitions-003-frozen-rules': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table petitions add column allow_email boolean not null default false;
        alter table petitions add column residents_only boolean not null default true;
        alter table petitions add column min_age integer check (min_age between 14 and 18);
        update petitions p set allow_email = s.allow_email, residents_only = s.residents_only, min_age = s.min_age
          from petition_settings s where s.community_id = p.community_id;

        create function petitions_rules_frozen() returns trigger language plpgsql as $$
        begin
          if new.signature_threshold is distinct from old.signature_threshold
            or new.collection_days is distinct from old.collection_days
            or new.continue_after_threshold is distinct from old.continue_after_threshold
            or new.consideration_working_days is distinct from old.consideration_working_days
            or new.allow_email is distinct from old.allow_email
            or new.residents_only is distinct from old.residents_only
            or new.min_age is distinct from old.min_age then
            raise exception 'petition %: its rules are frozen once submitted', old.id using errcode = 'check_violation';
          end if;
          return new;
        end $$;
        create trigger petitions_rules_frozen before update on petitions for each row execute function petitions_rules_frozen();
      `.execute(db);
    },
  },
  // Per-level counts (issue #17): each signature keeps the level its signer was signed in at; a community may
  // decide that e-mail-level signatures do not count toward the threshold, a rule frozen on each petition
  // like the others. `signature_count` stays the count that counts; `email_signature_count` is how many
  // valid signatures came at the e-mail level (counted or not).
  'petitions-004-sign-in-levels': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table petition_signatures add column level text not null default 'idgovua' check (level in ('idgovua', 'email'));
        update petition_signatures set level = 'email' where person_key ~ '^(email|phone|user):';
        alter table petition_settings add column email_counts boolean not null default true;
        alter table petitions add column email_counts boolean not null default true;
        alter table petitions add column email_signature_count integer not null default 0 check (email_signature_count >= 0);
        update petitions p set email_signature_count = (
          select count(*) from petition_signatures s where s.petition_id = p.id and s.invalidated_at is null and s.level = 'email');

        create or replace function petitions_rules_frozen() returns trigger language plpgsql as $$
        begin
          if new.signature_threshold is distinct from old.signature_threshold
            or new.collection_days is distinct from old.collection_days
            or new.continue_after_threshold is distinct from old.continue_after_threshold
            or new.consideration_working_days is distinct from old.consideration_working_days
            or new.allow_email is distinct from old.allow_email
            or new.email_counts is distinct from old.email_counts
            or new.residents_only is distinct from old.residents_only
            or new.min_age is distinct from old.min_age then
            raise exception 'petition %: its rules are frozen once submitted', old.id using errcode = 'check_violation';
          end if;
          return new;
        end $$;
      `.execute(db);
    },
  },
  // The transparency log (issue #18): each signature keeps its receipt, the log entry it was appended as,
  // so that the signer can check it and an invalidation can name the entry it cancels.
  'petitions-005-log-receipts': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table petition_signatures add column log_pending_id bigint, add column log_leaf text;
      `.execute(db);
    },
  },
  // The signatures not yet in the log (made before it): the backfill takes them oldest first.
  'petitions-006-unlogged-index': {
    async up(db: Kysely<unknown>) {
      await sql`create index petition_signatures_unlogged on petition_signatures (signed_at, id) where log_pending_id is null`.execute(db);
    },
  },
  // Issue #19: a viral petition's `+1` on its own row made every signer queue for that one row lock. The
  // counts move to 16 slot rows per petition, summed on read: a signer adds to one slot chosen at random,
  // so 64 signers at once wait for each other at most four deep. A slot may go below zero (an
  // invalidation subtracts from slot 0 whatever slot the signature went to); the sum never does.
  'petitions-007-counter-slots': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table petition_signature_slots (
          petition_id integer not null references petitions(id),
          slot smallint not null check (slot between 0 and 15),
          counted integer not null default 0,
          email integer not null default 0,
          primary key (petition_id, slot)
        );
        insert into petition_signature_slots (petition_id, slot, counted, email)
          select id, 0, signature_count, email_signature_count from petitions where signature_count <> 0 or email_signature_count <> 0;
        alter table petitions drop column signature_count, drop column email_signature_count;
      `.execute(db);
    },
  },
  // Issue #21: numbered within the community (№ 1, 2, … per community); the id stays the key.
  'petitions-008-community-numbers': {
    async up(db: Kysely<unknown>) {
      await sql.raw(communityNumberSql('petitions', 'petitions')).execute(db);
    },
  },
};
