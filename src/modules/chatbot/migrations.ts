import { sql, type Kysely, type Migration } from 'kysely';
import { chatbotAppealsMigrations } from './migrations-appeals.js';

export const chatbotMigrations: Record<string, Migration> = {
  'chatbot-001-base': {
    async up(db: Kysely<unknown>) {
      // Tokens are sealed (core/security/secret-box.ts): the columns never hold a token in clear.
      await sql`
        create table chatbot_settings (
          community_id integer primary key references communities(id),
          enabled boolean not null default false,
          telegram_token_sealed text,
          telegram_username text,
          viber_token_sealed text,
          updated_at timestamptz not null default now()
        );
        create table chatbot_nodes (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          parent_id integer references chatbot_nodes(id) on delete cascade,
          position integer not null default 0,
          title_uk text not null check (char_length(title_uk) between 1 and 60),
          title_en text not null default '' check (char_length(title_en) <= 60),
          body_uk text not null default '' check (char_length(body_uk) <= 2000),
          body_en text not null default '' check (char_length(body_en) <= 2000),
          phone text not null default '',
          address text not null default '',
          lat double precision,
          lon double precision,
          hours text not null default '',
          url text not null default '',
          updated_at timestamptz not null default now(),
          unique (community_id, id)
        );
        create index chatbot_nodes_tree on chatbot_nodes (community_id, parent_id, position);
        create table chatbot_subscribers (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          channel text not null check (channel in ('telegram', 'viber', 'sim')),
          chat_id text not null,
          user_id integer references users(id) on delete cascade,
          lang text not null default 'uk' check (lang in ('uk', 'en')),
          topics text[] not null default '{}',
          created_at timestamptz not null default now(),
          unique (community_id, channel, chat_id)
        );
        create index chatbot_subscribers_user on chatbot_subscribers (user_id);
        create table chatbot_sim_log (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          chat_id text not null,
          from_bot boolean not null,
          body text not null,
          buttons jsonb not null default '[]',
          created_at timestamptz not null default now()
        );
        create index chatbot_sim_log_chat on chatbot_sim_log (community_id, chat_id, id);
      `.execute(db);
    },
  },
  'chatbot-002-platform-bot': {
    async up(db: Kysely<unknown>) {
      // The platform's one bot (PLATFORM_TELEGRAM_TOKEN): which community each chat picked. A chat id is
      // personal data: the row goes with /stop. Its subscribers are kept apart from the community's own
      // bot's (channel `telegram-platform`), so a broadcast knows which bot to send through.
      await sql`
        create table chatbot_platform_chats (
          channel text not null check (channel in ('telegram', 'viber')),
          chat_id text not null,
          community_id integer not null references communities(id) on delete cascade,
          updated_at timestamptz not null default now(),
          primary key (channel, chat_id)
        );
        alter table chatbot_subscribers drop constraint chatbot_subscribers_channel_check;
        alter table chatbot_subscribers add constraint chatbot_subscribers_channel_check
          check (channel in ('telegram', 'viber', 'sim', 'telegram-platform', 'viber-platform'));
      `.execute(db);
    },
  },
  'chatbot-003-broadcasts': {
    async up(db: Kysely<unknown>) {
      // Broadcasts and their deliveries. A delivery names its recipient by the subscriber row only, never by
      // a chat id: when the person unsubscribes (/stop, or blocks the bot) the row goes and the delivery keeps
      // nothing of them (`on delete set null`). The settlement is a КАТОТТГ code the person chose in the bot.
      await sql`
        alter table chatbot_subscribers add column settlement_code text check (settlement_code ~ '^UA[0-9]{17}$');
        create table chatbot_broadcasts (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          author_user_id integer references users(id) on delete set null,
          body text not null check (char_length(body) between 1 and 4096),
          photo bytea,
          telegram_photo_id text,
          button_label text not null default '' check (char_length(button_label) <= 40),
          button_url text not null default '' check (char_length(button_url) <= 500),
          audience text not null check (audience in ('all', 'settlement', 'topic')),
          audience_value text not null default '',
          send_at timestamptz not null,
          state text not null default 'scheduled' check (state in ('scheduled', 'sending', 'done', 'cancelled')),
          recipients integer not null default 0,
          created_at timestamptz not null default now(),
          started_at timestamptz,
          finished_at timestamptz,
          unique (community_id, id)
        );
        create index chatbot_broadcasts_due on chatbot_broadcasts (send_at) where state = 'scheduled';
        create index chatbot_broadcasts_list on chatbot_broadcasts (community_id, id desc);
        create table chatbot_deliveries (
          id bigint generated always as identity primary key,
          broadcast_id integer not null references chatbot_broadcasts(id) on delete cascade,
          subscriber_id integer references chatbot_subscribers(id) on delete set null,
          channel text not null check (channel in ('telegram', 'viber', 'sim', 'telegram-platform', 'viber-platform')),
          state text not null default 'queued' check (state in ('queued', 'sending', 'sent', 'failed', 'blocked', 'skipped')),
          lease_until timestamptz,
          done_at timestamptz
        );
        create index chatbot_deliveries_open on chatbot_deliveries (broadcast_id, id) where state in ('queued', 'sending');
        create index chatbot_deliveries_state on chatbot_deliveries (broadcast_id, state);
        create index chatbot_deliveries_subscriber on chatbot_deliveries (subscriber_id);

        -- Subscribers by the month they joined (net of those who left): a statement trigger, so a bulk
        -- insert adds one counter row per group, not one call per person.
        create function chatbot_subscribers_counted() returns trigger language plpgsql as $$
        begin
          if tg_op = 'INSERT' then
            insert into stats_counts as c (tool, metric, month, community_id, scope, dim, slot, n)
            select 'chatbot', 'subscribers', stats_month(r.created_at), r.community_id, 0, r.channel, floor(random() * 16)::smallint, count(*)
            from new_rows r group by 3, 4, 6
            on conflict (tool, metric, month, community_id, scope, dim, slot) do update set n = c.n + excluded.n;
          else
            insert into stats_counts as c (tool, metric, month, community_id, scope, dim, slot, n)
            select 'chatbot', 'subscribers', stats_month(r.created_at), r.community_id, 0, r.channel, floor(random() * 16)::smallint, -count(*)
            from old_rows r group by 3, 4, 6
            on conflict (tool, metric, month, community_id, scope, dim, slot) do update set n = c.n + excluded.n;
          end if;
          return null;
        end $$;
        create trigger chatbot_subscribers_counted_ins after insert on chatbot_subscribers
          referencing new table as new_rows for each statement execute function chatbot_subscribers_counted();
        create trigger chatbot_subscribers_counted_del after delete on chatbot_subscribers
          referencing old table as old_rows for each statement execute function chatbot_subscribers_counted();
        insert into stats_counts (tool, metric, month, community_id, scope, dim, slot, n)
        select 'chatbot', 'subscribers', stats_month(created_at), community_id, 0, channel, 0, count(*)
        from chatbot_subscribers group by 3, 4, 6;
      `.execute(db);
    },
  },
  'chatbot-004-edem': {
    async up(db: Kysely<unknown>) {
      // Linking a chat to an account: a one-time link whose token is stored only as its SHA-256; the chat's
      // draft of a multi-step act (a ballot, a report) and what the chat follows, both gone with the chat.
      await sql`
        create table chatbot_link_tokens (
          id integer generated always as identity primary key,
          community_id integer not null references communities(id),
          subscriber_id integer not null references chatbot_subscribers(id) on delete cascade,
          token_hash text not null unique,
          expires_at timestamptz not null,
          used_at timestamptz,
          created_at timestamptz not null default now()
        );
        create index chatbot_link_tokens_subscriber on chatbot_link_tokens (subscriber_id);
        alter table chatbot_subscribers add column linked_at timestamptz;
        create table chatbot_drafts (
          subscriber_id integer primary key references chatbot_subscribers(id) on delete cascade,
          kind text not null check (kind in ('ballot', 'report')),
          data jsonb not null default '{}',
          updated_at timestamptz not null default now()
        );
        create table chatbot_follows (
          subscriber_id integer not null references chatbot_subscribers(id) on delete cascade,
          community_id integer not null references communities(id),
          tool text not null,
          item text not null,
          created_at timestamptz not null default now(),
          primary key (subscriber_id, tool, item)
        );
        create index chatbot_follows_community on chatbot_follows (community_id, tool, item);
        create table chatbot_seen_events (
          community_id integer not null references communities(id),
          key text not null,
          seen_at timestamptz not null default now(),
          primary key (community_id, key)
        );
      `.execute(db);
    },
  },
  ...chatbotAppealsMigrations,
  'chatbot-006-poll-drafts': {
    async up(db: Kysely<unknown>) {
      // A chat answering a consultation poll question by question keeps its answers so far in its draft
      // (service/polls.ts), like a ballot's choices: gone when sent, cancelled, or with the chat.
      await sql`
        alter table chatbot_drafts drop constraint chatbot_drafts_kind_check;
        alter table chatbot_drafts add constraint chatbot_drafts_kind_check check (kind in ('ballot', 'report', 'poll'));
      `.execute(db);
    },
  },
  // Issue #22: the /dev/bot simulator takes a photo (a file input), kept for the chat until it starts over,
  // so the Open City report with a photo can be made there too. Demo mode only.
  'chatbot-008-sim-photos': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table chatbot_sim_photos (
          id serial primary key,
          community_id integer not null references communities(id) on delete cascade,
          chat_id text not null,
          data bytea not null,
          created_at timestamptz not null default now()
        );
        create index chatbot_sim_photos_chat on chatbot_sim_photos (community_id, chat_id);
      `.execute(db);
    },
  },
  // Issue #23: the community website links to the Viber bot as it does to the Telegram one, by the bot's
  // public URI, which Viber gives for the token (get_account_info). Bots connected before this learn it
  // when their token is saved again.
  'chatbot-009-viber-uri': {
    async up(db: Kysely<unknown>) {
      await sql`alter table chatbot_settings add column viber_uri text check (viber_uri is null or char_length(viber_uri) <= 100)`.execute(db);
    },
  },
};
