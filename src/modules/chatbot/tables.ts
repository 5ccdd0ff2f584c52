/** The chat-bot's tables (see migrations.ts), typed for Kysely. */
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export interface ChatbotSettingsTable {
  community_id: number;
  enabled: Generated<boolean>;
  telegram_token_sealed: string | null;
  /** The bot's @username (from getMe), for the public page's link; not a secret. */
  telegram_username: string | null;
  viber_token_sealed: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ChatbotNodesTable {
  id: Generated<number>;
  community_id: number;
  parent_id: number | null;
  position: number;
  title_uk: string;
  title_en: string;
  body_uk: string;
  body_en: string;
  phone: string;
  address: string;
  lat: number | null;
  lon: number | null;
  hours: string;
  url: string;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface ChatbotSubscribersTable {
  id: Generated<number>;
  community_id: number;
  /** `telegram-platform` / `viber-platform`: subscribed through the platform's one bot (chatbot-002). */
  channel: 'telegram' | 'viber' | 'sim' | 'telegram-platform' | 'viber-platform';
  chat_id: string;
  user_id: number | null;
  lang: 'uk' | 'en';
  topics: ColumnType<string[], string[] | undefined, string[]>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChatbotSimLogTable {
  id: Generated<number>;
  community_id: number;
  chat_id: string;
  from_bot: boolean;
  body: string;
  /** The reply's buttons, rows of { label, data }, as JSON. */
  buttons: ColumnType<unknown, string, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChatbotPlatformChatsTable {
  channel: 'telegram' | 'viber';
  chat_id: string;
  community_id: number;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export type ChatbotTables = {
  chatbot_platform_chats: ChatbotPlatformChatsTable;
  chatbot_settings: ChatbotSettingsTable;
  chatbot_nodes: ChatbotNodesTable;
  chatbot_subscribers: ChatbotSubscribersTable;
  chatbot_sim_log: ChatbotSimLogTable;
};

export const tables = (db: Db) => db.withTables<ChatbotTables>();
