/** SQL of the connected bots: which communities' bots are on with a Telegram token. Queries only. */
import type { Db } from '../../../core/db/database.js';
import { tables as q } from '../tables.js';

/** The communities whose bot is on and has a Telegram token (sealed), for long polling. */
export async function listTelegramBots(db: Db): Promise<{ communityId: number; telegramTokenSealed: string }[]> {
  const rows = await q(db)
    .selectFrom('chatbot_settings')
    .select(['community_id', 'telegram_token_sealed'])
    .where('enabled', '=', true)
    .where('telegram_token_sealed', 'is not', null)
    .orderBy('community_id')
    .execute();
  return rows.flatMap((r) => (r.telegram_token_sealed ? [{ communityId: r.community_id, telegramTokenSealed: r.telegram_token_sealed }] : []));
}

/** The community a chat of the platform bot picked, or null. */
export async function findPlatformChoice(db: Db, channel: 'telegram' | 'viber', chatId: string): Promise<number | null> {
  const r = await q(db)
    .selectFrom('chatbot_platform_chats')
    .select('community_id')
    .where('channel', '=', channel)
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return r?.community_id ?? null;
}

export async function savePlatformChoice(db: Db, channel: 'telegram' | 'viber', chatId: string, communityId: number, now: Date): Promise<void> {
  await q(db)
    .insertInto('chatbot_platform_chats')
    .values({ channel, chat_id: chatId, community_id: communityId, updated_at: now })
    .onConflict((oc) => oc.columns(['channel', 'chat_id']).doUpdateSet({ community_id: communityId, updated_at: now }))
    .execute();
}

/** The chat's choice goes (on /stop): with its subscription, nothing of it is kept. */
export async function deletePlatformChoice(db: Db, channel: 'telegram' | 'viber', chatId: string): Promise<void> {
  await q(db).deleteFrom('chatbot_platform_chats').where('channel', '=', channel).where('chat_id', '=', chatId).execute();
}
