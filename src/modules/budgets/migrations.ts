import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The contest engine's tables. Every row carries community_id; money is bigint kopiykas (a contest of a
 * city is ~10^11 kopiykas, far below 2^53, so the drivers' numbers stay exact). `owner` says whose contest
 * it is ('community' for the adult budget, 'school:<id>' for a school), so the school budget reuses the
 * same tables and services without a copy.
 */
export const budgetMigrations: Record<string, Migration> = {
  'budgets-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table budget_contests (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          owner text not null default 'community',
          title text not null check (char_length(title) between 3 and 200),
          description text not null default '',
          total_budget bigint not null check (total_budget >= 0),
          submission_from timestamptz not null,
          submission_to timestamptz not null,
          support_to timestamptz,
          supporters_needed integer not null default 0 check (supporters_needed >= 0),
          review_to timestamptz not null,
          voting_from timestamptz not null,
          voting_to timestamptz not null,
          results_from timestamptz not null,
          implementation_from timestamptz not null,
          allow_email boolean not null default false,
          residents_only boolean not null default true,
          min_age integer check (min_age in (14, 16, 18)),
          ballot_mode text not null default 'approval' check (ballot_mode in ('approval', 'one-per-category')),
          max_per_category integer check (max_per_category > 0),
          max_total integer check (max_total > 0),
          winner_rule text not null default 'greedy' check (winner_rule in ('greedy', 'greedy-no-skip', 'greedy-threshold', 'mes')),
          min_votes integer not null default 0 check (min_votes >= 0),
          public_counts boolean not null default false,
          published boolean not null default false,
          results_published_at timestamptz,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null default now(),
          unique (community_id, id)
        );
        create index budget_contests_community on budget_contests (community_id, owner, voting_from desc);

        create table budget_categories (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          code text not null check (code ~ '^[A-Z]{1,3}$'),
          name text not null,
          budget bigint not null check (budget >= 0),
          min_cost bigint not null default 0 check (min_cost >= 0),
          max_cost bigint not null check (max_cost >= min_cost),
          position integer not null default 0,
          unique (contest_id, code)
        );

        create table budget_projects (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          category_id integer not null references budget_categories(id),
          code text,
          title text not null,
          problem text not null default '',
          solution text not null default '',
          location text not null default '',
          lat double precision,
          lng double precision,
          beneficiaries text not null default '',
          cost_items jsonb not null default '[]',
          contingency_bp integer not null default 0 check (contingency_bp between 0 and 2000),
          cost bigint not null default 0 check (cost >= 0),
          cost_note text,
          status text not null default 'draft' check (status in ('draft', 'support', 'review', 'needs_changes', 'admitted', 'rejected')),
          review_note text,
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          author_email text,
          author_phone text,
          on_paper boolean not null default false,
          submitted_at timestamptz,
          impl_status text not null default 'waiting' check (impl_status in ('waiting', 'in_progress', 'done', 'not_done')),
          impl_reason text,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (contest_id, code)
        );
        create index budget_projects_contest on budget_projects (contest_id, status, category_id);
        create index budget_projects_author on budget_projects (author_user_id);

        create table budget_project_history (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          project_id integer not null references budget_projects(id) on delete cascade,
          status text not null,
          note text,
          actor_user_id integer references users(id) on delete set null,
          at timestamptz not null
        );
        create index budget_project_history_project on budget_project_history (project_id, id);

        create table budget_impl_updates (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          project_id integer not null references budget_projects(id) on delete cascade,
          status text not null check (status in ('waiting', 'in_progress', 'done', 'not_done')),
          body text not null,
          spent bigint not null default 0 check (spent >= 0),
          author_user_id integer references users(id) on delete set null,
          at timestamptz not null
        );
        create index budget_impl_updates_project on budget_impl_updates (project_id, id);

        create table budget_photos (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          project_id integer not null references budget_projects(id) on delete cascade,
          update_id integer references budget_impl_updates(id) on delete cascade,
          width integer not null,
          height integer not null,
          data bytea not null,
          thumb bytea not null,
          created_at timestamptz not null default now()
        );
        create index budget_photos_project on budget_photos (project_id, update_id, id);

        create table budget_supports (
          community_id integer not null references communities(id),
          project_id integer not null references budget_projects(id) on delete cascade,
          voter_key text not null,
          user_id integer references users(id) on delete set null,
          created_at timestamptz not null,
          primary key (project_id, voter_key)
        );

        create table budget_comments (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          project_id integer not null references budget_projects(id) on delete cascade,
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          body text not null check (char_length(body) between 1 and 2000),
          created_at timestamptz not null
        );
        create index budget_comments_project on budget_comments (project_id, id);

        create table budget_channels (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          name text not null,
          kind text not null check (kind in ('terminal', 'chatbot')),
          key_hash text not null unique,
          key_prefix text not null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null,
          revoked_at timestamptz
        );

        create table budget_imports (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          status text not null default 'pending' check (status in ('pending', 'confirmed', 'annulled')),
          filename text not null,
          file_sha256 text not null,
          rows jsonb not null,
          summary jsonb not null,
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null,
          confirmed_at timestamptz,
          annulled_at timestamptz,
          annul_reason text
        );
        create index budget_imports_contest on budget_imports (contest_id, id desc);

        -- One person, one ballot per contest, across every channel: the database refuses the second row.
        create table budget_ballots (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          voter_key text not null,
          channel text not null check (channel in ('web', 'terminal', 'chatbot', 'paper', 'code')),
          channel_id integer references budget_channels(id),
          import_id integer references budget_imports(id),
          paper_number text,
          receipt text not null unique,
          age integer,
          cast_at timestamptz not null,
          constraint budget_ballots_one_per_person unique (contest_id, voter_key)
        );
        create index budget_ballots_import on budget_ballots (import_id) where import_id is not null;
        create index budget_ballots_stats on budget_ballots (community_id, cast_at);

        create table budget_ballot_choices (
          ballot_id integer not null references budget_ballots(id) on delete cascade,
          community_id integer not null references communities(id),
          contest_id integer not null,
          category_id integer not null references budget_categories(id),
          project_id integer not null references budget_projects(id),
          primary key (ballot_id, project_id)
        );
        create index budget_ballot_choices_project on budget_ballot_choices (contest_id, project_id);

        -- Ballots that did not count: later ones of a person who had voted, and ballots of annulled imports.
        create table budget_ballot_rejects (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          voter_key text not null,
          reason text not null check (reason in ('duplicate', 'annulled')),
          channel text not null,
          channel_id integer references budget_channels(id),
          import_id integer references budget_imports(id),
          paper_number text,
          project_ids integer[] not null,
          first_channel text,
          first_cast_at timestamptz,
          age integer,
          cast_at timestamptz not null,
          recorded_at timestamptz not null
        );
        create index budget_ballot_rejects_contest on budget_ballot_rejects (contest_id, id desc);

        create table budget_idempotency (
          channel_id integer not null references budget_channels(id),
          idem_key text not null,
          request_sha256 text not null,
          status_code integer not null,
          response jsonb not null,
          created_at timestamptz not null,
          primary key (channel_id, idem_key)
        );
      `.execute(db);
    },
  },
  // Statistics kept by triggers (core migration 002). Ballots count under the contest owner's tool
  // ('budgets' for the community's contests, 'school-budget' for schools'), scoped by contest, with the
  // channel and age group as the dimension; community voters also feed the distinct-participant chains
  // (school code ballots are anonymous: one ballot is one student). `budget_tally_cache` keeps each
  // published contest's winners for the statistics; any change that could move the count drops it.
  'budgets-002-stats-counters': {
    async up(db: Kysely<unknown>) {
      await sql`
        create function budget_age_group(age integer) returns text language sql immutable as $$
          select case when age between 14 and 17 then '14-17' when age between 18 and 35 then '18-35'
            when age between 36 and 59 then '36-59' when age >= 60 then '60+' else '' end
        $$;

        create table budget_tally_cache (
          contest_id integer primary key references budget_contests(id) on delete cascade,
          winners integer not null,
          money bigint not null
        );

        create function budget_ballot_stats() returns trigger language plpgsql as $$
        declare v_tool text;
        begin
          if tg_op = 'UPDATE' and old.cast_at = new.cast_at and old.voter_key = new.voter_key and old.channel = new.channel
            and old.age is not distinct from new.age and old.contest_id = new.contest_id and old.community_id = new.community_id then
            return null;
          end if;
          if tg_op in ('UPDATE', 'DELETE') then
            delete from budget_tally_cache where contest_id = old.contest_id;
            select case owner when 'community' then 'budgets' else 'school-budget' end into v_tool from budget_contests where id = old.contest_id;
            if v_tool is not null then
              perform stats_bump(v_tool, 'ballots', old.community_id, stats_month(old.cast_at), old.contest_id, old.channel || '|' || budget_age_group(old.age), -1);
              if v_tool = 'budgets' then perform stats_touch(v_tool, old.voter_key, old.community_id, stats_month(old.cast_at), -1); end if;
            end if;
          end if;
          if tg_op in ('UPDATE', 'INSERT') then
            delete from budget_tally_cache where contest_id = new.contest_id;
            select case owner when 'community' then 'budgets' else 'school-budget' end into v_tool from budget_contests where id = new.contest_id;
            perform stats_bump(v_tool, 'ballots', new.community_id, stats_month(new.cast_at), new.contest_id, new.channel || '|' || budget_age_group(new.age), 1);
            if v_tool = 'budgets' then perform stats_touch(v_tool, new.voter_key, new.community_id, stats_month(new.cast_at), 1); end if;
          end if;
          return null;
        end $$;
        create trigger budget_ballots_stats after insert or delete or update on budget_ballots
          for each row execute function budget_ballot_stats();

        -- Whatever a tally reads: choices, projects, categories, the contest's rules.
        create function budget_tally_cache_drop() returns trigger language plpgsql as $$
        begin
          delete from budget_tally_cache where contest_id in (old.contest_id, new.contest_id);
          return null;
        end $$;
        create trigger budget_ballot_choices_tally after insert or delete or update on budget_ballot_choices for each row execute function budget_tally_cache_drop();
        create trigger budget_projects_tally after insert or delete or update on budget_projects for each row execute function budget_tally_cache_drop();
        create trigger budget_categories_tally after insert or delete or update on budget_categories for each row execute function budget_tally_cache_drop();
        create function budget_contest_tally_cache_drop() returns trigger language plpgsql as $$
        begin
          delete from budget_tally_cache where contest_id = new.id;
          return null;
        end $$;
        create trigger budget_contests_tally after update on budget_contests for each row execute function budget_contest_tally_cache_drop();

        create function stats_backfill_budgets() returns void language sql as $$
          delete from stats_counts where tool in ('budgets', 'school-budget') and metric = 'ballots';
          insert into stats_counts (tool, metric, month, community_id, scope, dim, n)
          select case k.owner when 'community' then 'budgets' else 'school-budget' end, 'ballots', stats_month(b.cast_at), b.community_id, b.contest_id,
            b.channel || '|' || budget_age_group(b.age), count(*)
          from budget_ballots b join budget_contests k on k.id = b.contest_id group by 1, 3, 4, 5, 6;
          delete from stats_person_months where tool = 'budgets';
          insert into stats_person_months (tool, person, community_id, month, n)
          select 'budgets', b.voter_key, b.community_id, stats_month(b.cast_at), count(*)
          from budget_ballots b join budget_contests k on k.id = b.contest_id where k.owner = 'community' group by 2, 3, 4;
          select stats_rebuild_chain('budgets');
          delete from budget_tally_cache;
        $$;
        select stats_backfill_budgets();
      `.execute(db);
    },
  },
  // Rules frozen once people take part. An extension of voting is a row of its own (old end, new end, the
  // public reason); results are recorded when published and each later correction is a new record with its
  // public reason, so the first published result stays visible. Publication is one-way in the database too.
  // The extension changes voting_to on the contest, which the tally-cache trigger above already drops.
  'budgets-003-frozen-rules': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table budget_voting_extensions (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          old_end timestamptz not null,
          new_end timestamptz not null check (new_end > old_end),
          reason text not null check (char_length(reason) between 10 and 1000),
          actor_user_id integer references users(id) on delete set null,
          at timestamptz not null
        );
        create index budget_voting_extensions_contest on budget_voting_extensions (contest_id, id);

        create table budget_result_records (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          contest_id integer not null references budget_contests(id) on delete cascade,
          kind text not null check (kind in ('published', 'correction')),
          reason text check (kind = 'published' or char_length(reason) between 10 and 2000),
          summary jsonb not null,
          actor_user_id integer references users(id) on delete set null,
          at timestamptz not null
        );
        create index budget_result_records_contest on budget_result_records (contest_id, id);

        create function budget_results_one_way() returns trigger language plpgsql as $$
        begin
          if old.results_published_at is not null and new.results_published_at is distinct from old.results_published_at then
            raise exception 'published results cannot be unpublished or republished (contest %)', old.id;
          end if;
          return new;
        end $$;
        create trigger budget_contests_results_one_way before update of results_published_at on budget_contests
          for each row execute function budget_results_one_way();
      `.execute(db);
    },
  },
  // A person's e-mail account linked to their identity: the later of their two ballots in a contest is
  // kept among the rejected ones with its own reason.
  'budgets-004-linked-identities': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table budget_ballot_rejects drop constraint budget_ballot_rejects_reason_check;
        alter table budget_ballot_rejects add constraint budget_ballot_rejects_reason_check check (reason in ('duplicate', 'annulled', 'duplicate-linked'));
      `.execute(db);
    },
  },
  // Per-level counts (issue #17): each ballot keeps the sign-in level it was cast at (a linked e-mail account
  // votes under the identity's key, at the e-mail level); terminals, paper and codes are not e-mail ballots.
  'budgets-005-sign-in-levels': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table budget_ballots add column level text not null default 'idgovua' check (level in ('idgovua', 'email'));
        update budget_ballots set level = 'email' where voter_key ~ '^(email|phone|user):';
      `.execute(db);
    },
  },
  // Whether ballots cast at the e-mail level count toward the results (issue #17): a voting rule of the
  // contest, frozen with the others once voting starts (rules.ts VOTE_RULE_FIELDS). They are kept and shown
  // per level either way; a change of the column drops the tally cache through budget_contests_tally.
  'budgets-006-email-counts': {
    async up(db: Kysely<unknown>) {
      await sql`alter table budget_contests add column email_counts boolean not null default true`.execute(db);
    },
  },
  // The transparency log (issue #18): each ballot keeps its receipt, the log entry it was appended as, so
  // that the voter can check it and an annulment can name the entry it cancels.
  'budgets-007-log-receipts': {
    async up(db: Kysely<unknown>) {
      await sql`alter table budget_ballots add column log_pending_id bigint, add column log_leaf text`.execute(db);
    },
  },
  // The ballots not yet in the log (cast before it): the backfill takes them oldest first.
  'budgets-008-unlogged-index': {
    async up(db: Kysely<unknown>) {
      await sql`create index budget_ballots_unlogged on budget_ballots (cast_at, id) where log_pending_id is null`.execute(db);
    },
  },
};
