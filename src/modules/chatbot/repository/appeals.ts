/** SQL of the chat side of appeals: a chat's draft, the chat a filed appeal's answer goes to, a linked account's name. Queries only. */
import type { Db } from '../../../core/db/database.js';
import type { ChatChannel } from '../rules.js';
import { isAppealTopic } from '../../appeals/index.js';
import type { AppealDraft, DraftStep } from '../rules/appeals.js';

interface DraftsTable {
  community_id: number;
  channel: ChatChannel;
  chat_id: string;
  step: DraftStep;
  topic: string | null;
  body: string | null;
  name: string | null;
  email: string | null;
  updated_at: Date;
}

interface AppealChatsTable {
  appeal_id: number;
  community_id: number;
  channel: ChatChannel;
  chat_id: string;
}

const q = (db: Db) => db.withTables<{ chatbot_appeal_drafts: DraftsTable; chatbot_appeal_chats: AppealChatsTable }>();

export interface Chat {
  communityId: number;
  channel: ChatChannel;
  chatId: string;
}

export async function findDraft(db: Db, c: Chat): Promise<AppealDraft | null> {
  const r = await q(db)
    .selectFrom('chatbot_appeal_drafts')
    .selectAll()
    .where('community_id', '=', c.communityId)
    .where('channel', '=', c.channel)
    .where('chat_id', '=', c.chatId)
    .executeTakeFirst();
  return r ? { step: r.step, topic: isAppealTopic(r.topic) ? r.topic : null, body: r.body, name: r.name, email: r.email } : null;
}

export async function saveDraft(db: Db, c: Chat, d: AppealDraft, now: Date): Promise<void> {
  const values = { step: d.step, topic: d.topic, body: d.body, name: d.name, email: d.email, updated_at: now };
  await q(db)
    .insertInto('chatbot_appeal_drafts')
    .values({ community_id: c.communityId, channel: c.channel, chat_id: c.chatId, ...values })
    .onConflict((oc) => oc.columns(['community_id', 'channel', 'chat_id']).doUpdateSet(values))
    .execute();
}

export async function deleteDraft(db: Db, c: Chat): Promise<void> {
  await q(db)
    .deleteFrom('chatbot_appeal_drafts')
    .where('community_id', '=', c.communityId)
    .where('channel', '=', c.channel)
    .where('chat_id', '=', c.chatId)
    .execute();
}

/** Drafts nobody touched since `before`: their chat ids go. */
export async function deleteStaleDrafts(db: Db, before: Date): Promise<void> {
  await q(db).deleteFrom('chatbot_appeal_drafts').where('updated_at', '<', before).execute();
}

export async function insertAppealChat(db: Db, appealId: number, c: Chat): Promise<void> {
  await q(db).insertInto('chatbot_appeal_chats').values({ appeal_id: appealId, community_id: c.communityId, channel: c.channel, chat_id: c.chatId }).execute();
}

export async function findAppealChat(db: Db, communityId: number, appealId: number): Promise<Chat | null> {
  const r = await q(db)
    .selectFrom('chatbot_appeal_chats')
    .selectAll()
    .where('appeal_id', '=', appealId)
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  return r ? { communityId: r.community_id, channel: r.channel, chatId: r.chat_id } : null;
}

export async function deleteAppealChat(db: Db, appealId: number): Promise<void> {
  await q(db).deleteFrom('chatbot_appeal_chats').where('appeal_id', '=', appealId).execute();
}

/** On /stop: this chat's draft and the links of its appeals to it go (answers then come by e-mail only). */
export async function forgetChat(db: Db, c: Chat): Promise<void> {
  await deleteDraft(db, c);
  await q(db)
    .deleteFrom('chatbot_appeal_chats')
    .where('community_id', '=', c.communityId)
    .where('channel', '=', c.channel)
    .where('chat_id', '=', c.chatId)
    .execute();
}

/** The account this chat is linked to (by the chat-bot's account linking), with its name and e-mail. */
export async function linkedAccount(db: Db, c: Chat): Promise<{ userId: number; name: string; email: string | null } | null> {
  const r = await db
    .withTables<{ chatbot_subscribers: { community_id: number; channel: string; chat_id: string; user_id: number | null } }>()
    .selectFrom('chatbot_subscribers as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select(['u.id', 'u.last_name', 'u.first_name', 'u.email'])
    .where('s.community_id', '=', c.communityId)
    .where('s.channel', '=', c.channel)
    .where('s.chat_id', '=', c.chatId)
    .executeTakeFirst();
  return r ? { userId: r.id, name: `${r.last_name} ${r.first_name}`.trim(), email: r.email } : null;
}
