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
