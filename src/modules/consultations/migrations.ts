import { sql, type Kysely, type Migration } from 'kysely';
import { backfillSql, counterTriggerSql, type CountedRows } from '../../core/stats-counters/triggers.js';

/** What the statistics count (core/stats-counters): comments and poll responses; all four acts are participation. */
const CONSULTATION_COUNTERS: CountedRows[] = [
  {
    table: 'consultation_responses',
    tool: 'consultations',
    metric: 'responses',
    at: 'created_at',
    columns: ['identity', 'community_id', 'created_at'],
    person: (r) => `${r}.identity`,
  },
  {
    table: 'consultation_comments',
    tool: 'consultations',
    metric: 'comments',
    at: 'created_at',
    columns: ['author_user_id', 'community_id', 'created_at'],
    // A comment of a deleted account still took part once: counted as itself.
    person: (r) => `coalesce('user:' || ${r}.author_user_id::text, 'comment:' || ${r}.id::text)`,
  },
  {
    table: 'consultation_stances',
    tool: 'consultations',
    metric: null,
    at: 'updated_at',
    columns: ['identity', 'community_id', 'updated_at'],
    person: (r) => `${r}.identity`,
  },
  {
    table: 'consultation_supports',
    tool: 'consultations',
    metric: null,
    at: 'created_at',
    columns: ['identity', 'community_id', 'created_at'],
    person: (r) => `${r}.identity`,
  },
];

/**
 * From consultations-005 on, a comment counts as the person who wrote it (their person key, kept on the row),
 * not as their account: a person who commented and answered a poll is one participant, and so are two
 * e-mail accounts of one phone. A comment whose author had been deleted before 005 still counts as itself.
 */
const CONSULTATION_COUNTERS_005: CountedRows[] = CONSULTATION_COUNTERS.map((c) =>
  c.table === 'consultation_comments'
    ? { ...c, columns: ['identity', 'community_id', 'created_at'], person: (r) => `coalesce(${r}.identity, 'comment:' || ${r}.id::text)` }
    : c,
);

/**
 * One table of items for all three kinds (they share a list, a period, rules and moderation), and a table
 * per kind of participation. Every row carries community_id; one person one act is a UNIQUE constraint
 * on (the thing, the person's identity), so the database refuses a second poll response or support.
 */
export const consultationsMigrations: Record<string, Migration> = {
  'consultations-001-base': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table consultation_topics (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          title text not null check (char_length(title) between 1 and 200),
          body text not null check (char_length(body) between 1 and 4000),
          status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
          decision_reason text,
          decided_by integer references users(id) on delete set null,
          decided_at timestamptz,
          created_at timestamptz not null default now()
        );
        create index consultation_topics_queue on consultation_topics (community_id, status, created_at);
        create index consultation_topics_author on consultation_topics (author_user_id);

        create table consultation_items (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          kind text not null check (kind in ('consultation', 'poll', 'act')),
          title text not null check (char_length(title) between 1 and 300),
          description text not null default '',
          -- Title and description folded for search in JS (searchFold), the same on both databases
          -- whatever their collation does with Cyrillic case.
          search_text text not null default '',
          category text not null,
          starts_at timestamptz not null,
          ends_at timestamptz not null,
          check (ends_at > starts_at),
          results_visibility text not null default 'during' check (results_visibility in ('during', 'after')),
          allow_email boolean not null default true,
          residents_only boolean not null default false,
          min_age integer check (min_age between 1 and 120),
          published_at timestamptz,
          closed_at timestamptz,
          closed_reason text,
          outcome_summary text,
          outcome_published_at timestamptz,
          act_text text,
          act_split_method text,
          revised_text text,
          revision_notes text,
          revision_published_at timestamptz,
          topic_id integer references consultation_topics(id),
          created_by integer references users(id) on delete set null,
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now(),
          unique (community_id, id)
        );
        create index consultation_items_list on consultation_items (community_id, starts_at desc);

        create table consultation_attachments (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id) on delete cascade,
          filename text not null,
          mime text not null,
          size integer not null check (size between 1 and 10485760),
          data bytea not null,
          created_at timestamptz not null default now()
        );
        create index consultation_attachments_item on consultation_attachments (item_id);

        create table consultation_sections (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id) on delete cascade,
          position integer not null,
          heading text not null,
          parent_heading text,
          body text not null default '',
          unique (item_id, position) deferrable initially deferred
        );

        create table consultation_questions (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id) on delete cascade,
          position integer not null,
          type text not null check (type in ('single', 'multiple', 'ranking', 'scoring')),
          text text not null,
          min_choices integer,
          max_choices integer,
          rank_top integer,
          scale_min integer,
          scale_max integer,
          points_total integer,
          allow_other boolean not null default false
        );
        create index consultation_questions_item on consultation_questions (item_id, position);

        create table consultation_options (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          question_id integer not null references consultation_questions(id) on delete cascade,
          position integer not null,
          label text not null
        );
        create index consultation_options_question on consultation_options (question_id, position);

        -- One response per person per poll: the constraint, not the code, refuses a second one.
        create table consultation_responses (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id),
          identity text not null,
          user_id integer references users(id) on delete set null,
          answers jsonb not null,
          created_at timestamptz not null default now(),
          constraint consultation_responses_one_per_person unique (item_id, identity)
        );

        create table consultation_comments (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id),
          section_id integer references consultation_sections(id),
          parent_id integer references consultation_comments(id),
          author_user_id integer references users(id) on delete set null,
          author_name text not null,
          body text not null check (char_length(body) between 1 and 2000),
          decision text check (decision in ('accepted', 'partly', 'rejected')),
          decision_reason text,
          created_at timestamptz not null default now()
        );
        create index consultation_comments_item on consultation_comments (item_id, created_at);
        create index consultation_comments_author on consultation_comments (author_user_id);

        create table consultation_supports (
          community_id integer not null references communities(id),
          comment_id integer not null references consultation_comments(id),
          identity text not null,
          user_id integer references users(id) on delete set null,
          created_at timestamptz not null default now(),
          primary key (comment_id, identity)
        );

        -- A stance per person per section (scope = section id) and on the whole act (scope = 0);
        -- it may change until the end, so it is one row updated in place.
        create table consultation_stances (
          community_id integer not null references communities(id),
          item_id integer not null references consultation_items(id),
          scope integer not null,
          identity text not null,
          user_id integer references users(id) on delete set null,
          stance text not null check (stance in ('support', 'oppose')),
          updated_at timestamptz not null default now(),
          primary key (item_id, scope, identity)
        );
      `.execute(db);
    },
  },
  // Statistics kept by triggers (core migration 002).
  'consultations-002-stats-counters': {
    async up(db: Kysely<unknown>) {
      await sql.raw([...CONSULTATION_COUNTERS.map(counterTriggerSql), backfillSql('consultations', CONSULTATION_COUNTERS)].join('\n')).execute(db);
    },
  },
  // A new version of a draft act is a new discussion linked to the one whose text froze.
  'consultations-003-previous-version': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table consultation_items add column previous_id integer references consultation_items(id);
        create unique index consultation_items_next_version on consultation_items (previous_id) where previous_id is not null;
      `.execute(db);
    },
  },
  // A person's e-mail account linked to their identity: the later of their two answers to a poll, stances on
  // an act or supports of a comment leaves the counted tables and is kept here with its public reason.
  'consultations-004-linked-identities': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table consultation_annulled_acts (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          kind text not null check (kind in ('response', 'stance', 'support')),
          item_id integer references consultation_items(id) on delete cascade,
          comment_id integer references consultation_comments(id) on delete cascade,
          scope integer,
          identity text not null,
          user_id integer references users(id) on delete set null,
          content jsonb,
          acted_at timestamptz not null,
          annulled_at timestamptz not null,
          reason text not null
        );
        create index consultation_annulled_acts_item on consultation_annulled_acts (item_id);
      `.execute(db);
    },
  },
  // Per-level counts (issue #17): each poll response, stance and comment keeps the level its author was signed
  // in at (a linked e-mail account acts under the identity's key, at 'email'); an item may say that e-mail-level
  // answers and stances do not count toward its results, a rule frozen with the others. Older acts take the
  // level of their key (weak keys name their kind), a comment its author's account's. A comment also keeps its
  // author's person key (following a link, as personKeyOfUser does), and the statistics count people by it.
  'consultations-005-sign-in-levels': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table consultation_items add column email_counts boolean not null default true;
        alter table consultation_responses add column level text not null default 'idgovua' check (level in ('idgovua', 'email'));
        update consultation_responses set level = 'email' where identity ~ '^(email|phone|user):';
        alter table consultation_stances add column level text not null default 'idgovua' check (level in ('idgovua', 'email'));
        update consultation_stances set level = 'email' where identity ~ '^(email|phone|user):';
        alter table consultation_comments add column identity text;
        alter table consultation_comments add column level text not null default 'idgovua' check (level in ('idgovua', 'email'));
        update consultation_comments c set
          identity = coalesce(
            u.identity_key,
            (select l.identity_key from identity_links l where l.weak_key = coalesce(u.phone_key, 'user:' || u.id::text) order by l.linked_at limit 1),
            u.phone_key,
            'user:' || u.id::text),
          level = case when u.identity_key is null then 'email' else 'idgovua' end
        from users u where u.id = c.author_user_id;
        create index consultation_comments_identity on consultation_comments (identity);

        drop trigger stats_consultation_comments on consultation_comments;
        drop function stats_consultation_comments();
        drop function stats_backfill_consultations();
      `.execute(db);
      const comments = CONSULTATION_COUNTERS_005.find((c) => c.table === 'consultation_comments')!;
      await sql.raw([counterTriggerSql(comments), backfillSql('consultations', CONSULTATION_COUNTERS_005)].join('\n')).execute(db);
    },
  },
  // The transparency log (issue #18): a response and a stance keep their receipt, the log entry they were
  // appended as (a stance its latest change's), so the person can check it and an annulment can name it.
  'consultations-006-log-receipts': {
    async up(db: Kysely<unknown>) {
      await sql`
        alter table consultation_responses add column log_pending_id bigint, add column log_leaf text;
        alter table consultation_stances add column log_pending_id bigint, add column log_leaf text;
      `.execute(db);
    },
  },
  // The responses and stances not yet in the log (made before it): the backfill takes them oldest first.
  'consultations-007-unlogged-index': {
    async up(db: Kysely<unknown>) {
      await sql`
        create index consultation_responses_unlogged on consultation_responses (created_at, id) where log_pending_id is null;
        create index consultation_stances_unlogged on consultation_stances (updated_at) where log_pending_id is null;
      `.execute(db);
    },
  },
};
