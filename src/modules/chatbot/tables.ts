/** The chat-bot's tables (see migrations.ts), typed for Kysely. */
import type { ChatChannel } from './rules.js';
import type { ColumnType, Generated } from 'kysely';
import type { Db } from '../../core/db/database.js';

export interface ChatbotSettingsTable {
  community_id: number;
  enabled: Generated<boolean>;
  telegram_token_sealed: string | null;
  /** The bot's @username (from getMe), for the public page's link; not a secret. */
  telegram_username: string | null;
  viber_token_sealed: string | null;
  /** The Viber bot's public URI (from get_account_info), for the site's link; not a secret (migration chatbot-009). */
  viber_uri: string | null;
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
  /** The settlement (КАТОТТГ code) the person chose in the bot's settings, for broadcasts to it. */
  settlement_code: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: ColumnType<Date, Date | undefined, never>;
  /** When the chat was linked to `user_id` (chatbot-004). */
  linked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export interface ChatbotLinkTokensTable {
  id: Generated<number>;
  community_id: number;
  subscriber_id: number;
  /** SHA-256 of the one-time link's token (hex); the token itself is never stored. */
  token_hash: string;
  expires_at: Date;
  used_at: Date | null;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChatbotDraftsTable {
  subscriber_id: number;
  kind: 'ballot' | 'report' | 'poll';
  data: ColumnType<unknown, string, string>;
  updated_at: Date;
}

export interface ChatbotFollowsTable {
  subscriber_id: number;
  community_id: number;
  tool: string;
  item: string;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export interface ChatbotSeenEventsTable {
  community_id: number;
  key: string;
  seen_at: ColumnType<Date, Date | undefined, never>;
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

export interface ChatbotBroadcastsTable {
  id: Generated<number>;
  community_id: number;
  author_user_id: number | null;
  body: string;
  photo: Buffer | null;
  /** Telegram's id of the photo once uploaded, so the other recipients get it without a new upload. */
  telegram_photo_id: ColumnType<string | null, string | null | undefined, string | null>;
  button_label: string;
  button_url: string;
  audience: 'all' | 'settlement' | 'topic';
  audience_value: string;
  send_at: Date;
  state: ColumnType<'scheduled' | 'sending' | 'done' | 'cancelled', 'scheduled' | undefined, 'scheduled' | 'sending' | 'done' | 'cancelled'>;
  recipients: ColumnType<number, number | undefined, number>;
  created_at: ColumnType<Date, Date | undefined, never>;
  started_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  finished_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'blocked' | 'skipped';

export interface ChatbotDeliveriesTable {
  id: Generated<string>;
  broadcast_id: number;
  /** The recipient while subscribed; null once they left (the delivery keeps nothing of them). */
  subscriber_id: number | null;
  channel: ChatChannel;
  state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  lease_until: Date | null;
  done_at: Date | null;
}

/** A photo sent in the /dev/bot simulator (demo mode only), until its chat starts over. */
export interface ChatbotSimPhotosTable {
  id: Generated<number>;
  community_id: number;
  chat_id: string;
  data: Buffer;
  created_at: ColumnType<Date, Date | undefined, never>;
}

export type ChatbotTables = {
  chatbot_sim_photos: ChatbotSimPhotosTable;
  chatbot_platform_chats: ChatbotPlatformChatsTable;
  chatbot_broadcasts: ChatbotBroadcastsTable;
  chatbot_deliveries: ChatbotDeliveriesTable;
  chatbot_settings: ChatbotSettingsTable;
  chatbot_nodes: ChatbotNodesTable;
  chatbot_subscribers: ChatbotSubscribersTable;
  chatbot_sim_log: ChatbotSimLogTable;
  chatbot_link_tokens: ChatbotLinkTokensTable;
  chatbot_drafts: ChatbotDraftsTable;
  chatbot_follows: ChatbotFollowsTable;
  chatbot_seen_events: ChatbotSeenEventsTable;
};

export const tables = (db: Db) => db.withTables<ChatbotTables>();
