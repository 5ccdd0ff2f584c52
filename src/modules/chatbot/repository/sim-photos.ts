/** SQL of the photos sent in the /dev/bot simulator. Queries only. */
import type { Db } from '../../../core/db/database.js';
import { tables as q } from '../tables.js';

export async function insertSimPhoto(db: Db, o: { communityId: number; chatId: string; data: Buffer; now: Date }): Promise<number> {
  const r = await q(db)
    .insertInto('chatbot_sim_photos')
    .values({ community_id: o.communityId, chat_id: o.chatId, data: o.data, created_at: o.now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** The photo, if it is this community's. */
export async function findSimPhoto(db: Db, communityId: number, id: number): Promise<Buffer | null> {
  const r = await q(db).selectFrom('chatbot_sim_photos').select('data').where('id', '=', id).where('community_id', '=', communityId).executeTakeFirst();
  return r?.data ?? null;
}

export async function deleteSimPhotos(db: Db, communityId: number, chatId: string): Promise<void> {
  await q(db).deleteFrom('chatbot_sim_photos').where('community_id', '=', communityId).where('chat_id', '=', chatId).execute();
}
