import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The chat side of «Звернутися до влади»: the appeal a chat is writing (one per chat, gone when filed,
 * cancelled, after a day, or on /stop) and, for a filed appeal, the chat its answer goes to (gone once
 * answered or on /stop). Chat ids are personal data, so neither outlives its use. No foreign key to the
 * appeals module's table: modules reference only the core's.
 */
export const chatbotAppealsMigrations: Record<string, Migration> = {
  'chatbot-005-appeals': {
    async up(db: Kysely<unknown>) {
      await sql`
        create table chatbot_appeal_drafts (
          community_id integer not null references communities(id),
          channel text not null check (channel in ('telegram', 'viber', 'sim', 'telegram-platform', 'viber-platform')),
          chat_id text not null,
          step text not null check (step in ('topic', 'text', 'name', 'email', 'confirm')),
          topic text,
          body text check (char_length(body) <= 4000),
          name text check (char_length(name) <= 120),
          email text check (char_length(email) <= 254),
          updated_at timestamptz not null,
          primary key (community_id, channel, chat_id)
        );
        create table chatbot_appeal_chats (
          appeal_id integer primary key,
          community_id integer not null references communities(id),
          channel text not null check (channel in ('telegram', 'viber', 'sim', 'telegram-platform', 'viber-platform')),
          chat_id text not null
        );
        create index chatbot_appeal_chats_chat on chatbot_appeal_chats (community_id, channel, chat_id);
      `.execute(db);
    },
  },
};
