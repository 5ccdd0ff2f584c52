import { sql, type Kysely, type Migration } from 'kysely';

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
};
