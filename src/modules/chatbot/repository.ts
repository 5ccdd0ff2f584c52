/** SQL of the chat-bot: its settings, reference tree, subscribers and the simulator's log. Queries only. */
import type { Selectable } from 'kysely';
import type { Db } from '../../core/db/database.js';
import type { Lang } from '../../core/i18n/index.js';
import { tables as q, type ChatbotNodesTable } from './tables.js';
import { nodeDetails, nodeTexts, type Button, type ChatChannel, type ChatSettings, type RefNode } from './rules.js';

export interface BotSettings {
  communityId: number;
  enabled: boolean;
  telegramTokenSealed: string | null;
  telegramUsername: string | null;
  viberTokenSealed: string | null;
  /** The Viber bot's public URI, as Viber gave it when the token was connected. */
  viberUri: string | null;
}

export async function findSettings(db: Db, communityId: number): Promise<BotSettings | null> {
  const r = await q(db).selectFrom('chatbot_settings').selectAll().where('community_id', '=', communityId).executeTakeFirst();
  return r
    ? {
        communityId: r.community_id,
        enabled: r.enabled,
        telegramTokenSealed: r.telegram_token_sealed,
        telegramUsername: r.telegram_username,
        viberTokenSealed: r.viber_token_sealed,
        viberUri: r.viber_uri,
      }
    : null;
}

/** Writes the given fields of a community's settings (a token left undefined keeps its value). */
export async function saveSettings(
  db: Db,
  s: {
    communityId: number;
    enabled: boolean;
    telegramTokenSealed?: string | null;
    telegramUsername?: string | null;
    viberTokenSealed?: string | null;
    viberUri?: string | null;
    now: Date;
  },
): Promise<void> {
  const changes = {
    enabled: s.enabled,
    updated_at: s.now,
    ...(s.telegramTokenSealed !== undefined ? { telegram_token_sealed: s.telegramTokenSealed, telegram_username: s.telegramUsername ?? null } : {}),
    ...(s.viberTokenSealed !== undefined ? { viber_token_sealed: s.viberTokenSealed, viber_uri: s.viberUri ?? null } : {}),
  };
  await q(db)
    .insertInto('chatbot_settings')
    .values({
      community_id: s.communityId,
      enabled: s.enabled,
      telegram_token_sealed: s.telegramTokenSealed ?? null,
      telegram_username: s.telegramUsername ?? null,
      viber_token_sealed: s.viberTokenSealed ?? null,
      viber_uri: s.viberUri ?? null,
      updated_at: s.now,
    })
    .onConflict((oc) => oc.column('community_id').doUpdateSet(changes))
    .execute();
}

export type NodeFields = Omit<RefNode, 'id' | 'position'>;

function toNode(r: Selectable<ChatbotNodesTable>): RefNode {
  return {
    id: r.id,
    parentId: r.parent_id,
    position: r.position,
    title: { uk: r.title_uk, en: r.title_en },
    body: { uk: r.body_uk, en: r.body_en },
    ...nodeDetails(r),
  };
}

function nodeColumns(n: NodeFields) {
  return {
    parent_id: n.parentId,
    ...nodeTexts(n),
    ...nodeDetails(n),
  };
}

/** The whole reference of a community (a few hundred entries at most), in tree order. */
export async function listNodes(db: Db, communityId: number): Promise<RefNode[]> {
  const rows = await q(db).selectFrom('chatbot_nodes').selectAll().where('community_id', '=', communityId).orderBy('position').orderBy('id').execute();
  return rows.map(toNode);
}

export async function findNode(db: Db, communityId: number, id: number): Promise<RefNode | null> {
  const r = await q(db).selectFrom('chatbot_nodes').selectAll().where('community_id', '=', communityId).where('id', '=', id).executeTakeFirst();
  return r ? toNode(r) : null;
}

export async function countNodes(db: Db, communityId: number): Promise<number> {
  const r = await q(db)
    .selectFrom('chatbot_nodes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Inserts an entry as the last child of its parent; returns its id. */
export async function insertNode(db: Db, communityId: number, n: NodeFields, now: Date): Promise<number> {
  const last = await q(db)
    .selectFrom('chatbot_nodes')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('community_id', '=', communityId)
    .where((eb) => (n.parentId === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', n.parentId)))
    .executeTakeFirst();
  const r = await q(db)
    .insertInto('chatbot_nodes')
    .values({ community_id: communityId, position: (last?.p ?? -1) + 1, ...nodeColumns(n), updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

export async function updateNode(db: Db, communityId: number, id: number, n: NodeFields, position: number, now: Date): Promise<void> {
  await q(db)
    .updateTable('chatbot_nodes')
    .set({ ...nodeColumns(n), position, updated_at: now })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .execute();
}

export async function setNodePosition(db: Db, communityId: number, id: number, position: number): Promise<void> {
  await q(db).updateTable('chatbot_nodes').set({ position }).where('community_id', '=', communityId).where('id', '=', id).execute();
}

/** Deletes the entry and, by the foreign key's cascade, everything under it. */
export async function deleteNode(db: Db, communityId: number, id: number): Promise<void> {
  await q(db).deleteFrom('chatbot_nodes').where('community_id', '=', communityId).where('id', '=', id).execute();
}

export interface Subscriber extends ChatSettings {
  id: number;
}

export async function findSubscriber(db: Db, communityId: number, channel: ChatChannel, chatId: string): Promise<Subscriber | null> {
  const r = await q(db)
    .selectFrom('chatbot_subscribers')
    .select(['id', 'lang', 'topics', 'settlement_code'])
    .where('community_id', '=', communityId)
    .where('channel', '=', channel)
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return r ? { id: r.id, lang: r.lang, topics: r.topics, settlement: r.settlement_code } : null;
}

export async function insertSubscriber(db: Db, s: { communityId: number; channel: ChatChannel; chatId: string; lang: Lang; now: Date }): Promise<void> {
  await q(db)
    .insertInto('chatbot_subscribers')
    .values({ community_id: s.communityId, channel: s.channel, chat_id: s.chatId, lang: s.lang, topics: ['news', 'alerts'], created_at: s.now })
    .onConflict((oc) => oc.columns(['community_id', 'channel', 'chat_id']).doNothing())
    .execute();
}

export async function updateSubscriber(db: Db, id: number, s: ChatSettings): Promise<void> {
  await q(db)
    .updateTable('chatbot_subscribers')
    .set({ lang: s.lang, topics: [...s.topics], settlement_code: s.settlement })
    .where('id', '=', id)
    .execute();
}

export async function deleteSubscriber(db: Db, communityId: number, channel: ChatChannel, chatId: string): Promise<void> {
  await q(db).deleteFrom('chatbot_subscribers').where('community_id', '=', communityId).where('channel', '=', channel).where('chat_id', '=', chatId).execute();
}

/** On account deletion: the chats linked to the account go with it. */
export async function deleteSubscribersOfUser(db: Db, userId: number): Promise<void> {
  await q(db).deleteFrom('chatbot_subscribers').where('user_id', '=', userId).execute();
}

export async function countSubscribers(db: Db, communityId: number | null): Promise<number> {
  let query = q(db)
    .selectFrom('chatbot_subscribers')
    .select((eb) => eb.fn.countAll<string>().as('n'));
  if (communityId !== null) query = query.where('community_id', '=', communityId);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export interface SimMessage {
  fromBot: boolean;
  body: string;
  buttons: Button[][];
}

export async function appendSimLog(db: Db, communityId: number, chatId: string, messages: readonly SimMessage[], now: Date): Promise<void> {
  if (messages.length === 0) return;
  await q(db)
    .insertInto('chatbot_sim_log')
    .values(
      messages.map((m) => ({
        community_id: communityId,
        chat_id: chatId,
        from_bot: m.fromBot,
        body: m.body,
        buttons: JSON.stringify(m.buttons),
        created_at: now,
      })),
    )
    .execute();
}

function isButtons(v: unknown): v is Button[][] {
  return Array.isArray(v) && v.every((row) => Array.isArray(row) && row.every((b) => typeof b === 'object' && b !== null && 'label' in b && 'data' in b));
}

/** The simulator's last `limit` messages of one chat, oldest first. */
export async function simLog(db: Db, communityId: number, chatId: string, limit = 40): Promise<SimMessage[]> {
  const rows = await q(db)
    .selectFrom('chatbot_sim_log')
    .select(['from_bot', 'body', 'buttons'])
    .where('community_id', '=', communityId)
    .where('chat_id', '=', chatId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((r) => ({ fromBot: r.from_bot, body: r.body, buttons: isButtons(r.buttons) ? r.buttons : [] }));
}

export async function clearSimLog(db: Db, communityId: number, chatId: string): Promise<void> {
  await q(db).deleteFrom('chatbot_sim_log').where('community_id', '=', communityId).where('chat_id', '=', chatId).execute();
}
