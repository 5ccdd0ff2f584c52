/** SQL of the chat's link to an account, its drafts, what it follows and the events already told. Queries only. */
import type { Db } from '../../../core/db/database.js';
import type { Lang } from '../../../core/i18n/index.js';
import { tables as q } from '../tables.js';
import type { ChatChannel } from '../rules.js';

export interface ChatRef {
  subscriberId: number;
  communityId: number;
  channel: ChatChannel;
  chatId: string;
  lang: Lang;
  userId: number | null;
}

export async function chatOfSubscriber(db: Db, subscriberId: number): Promise<ChatRef | null> {
  const r = await q(db)
    .selectFrom('chatbot_subscribers')
    .select(['id', 'community_id', 'channel', 'chat_id', 'lang', 'user_id'])
    .where('id', '=', subscriberId)
    .executeTakeFirst();
  return r ? { subscriberId: r.id, communityId: r.community_id, channel: r.channel, chatId: r.chat_id, lang: r.lang, userId: r.user_id } : null;
}

export async function insertLinkToken(db: Db, t: { communityId: number; subscriberId: number; tokenHash: string; expiresAt: Date; now: Date }): Promise<void> {
  await q(db)
    .insertInto('chatbot_link_tokens')
    .values({ community_id: t.communityId, subscriber_id: t.subscriberId, token_hash: t.tokenHash, expires_at: t.expiresAt, created_at: t.now })
    .execute();
}

export interface LinkToken {
  id: number;
  communityId: number;
  subscriberId: number;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function findLinkToken(db: Db, tokenHash: string): Promise<LinkToken | null> {
  const r = await q(db).selectFrom('chatbot_link_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r ? { id: r.id, communityId: r.community_id, subscriberId: r.subscriber_id, expiresAt: r.expires_at, usedAt: r.used_at } : null;
}

/** Marks the token used if it still may be (unused, unexpired); false when another request was first or it expired. */
export async function useLinkToken(db: Db, id: number, now: Date): Promise<boolean> {
  const r = await q(db)
    .updateTable('chatbot_link_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

/** The chat's other open links go when it is linked or unlinked: only the newest request ever counted. */
export async function dropUnusedTokens(db: Db, subscriberId: number): Promise<void> {
  await q(db).deleteFrom('chatbot_link_tokens').where('subscriber_id', '=', subscriberId).where('used_at', 'is', null).execute();
}

/** Used and expired tokens are of no use after a day. */
export async function deleteOldTokens(db: Db, before: Date): Promise<void> {
  await q(db).deleteFrom('chatbot_link_tokens').where('expires_at', '<', before).execute();
}

export async function setChatUser(db: Db, subscriberId: number, userId: number | null, now: Date): Promise<void> {
  await q(db)
    .updateTable('chatbot_subscribers')
    .set({ user_id: userId, linked_at: userId === null ? null : now })
    .where('id', '=', subscriberId)
    .execute();
}

export interface LinkedChat {
  subscriberId: number;
  communityId: number;
  slug: string;
  communityName: { uk: string; en: string };
  channel: ChatChannel;
  linkedAt: Date | null;
}

export async function linkedChatsOfUser(db: Db, userId: number): Promise<LinkedChat[]> {
  const rows = await q(db)
    .selectFrom('chatbot_subscribers as s')
    .innerJoin('communities as c', 'c.id', 's.community_id')
    .select(['s.id', 's.community_id', 's.channel', 's.linked_at', 'c.slug', 'c.name_uk', 'c.name_en'])
    .where('s.user_id', '=', userId)
    .orderBy('s.id')
    .execute();
  return rows.map((r) => ({
    subscriberId: r.id,
    communityId: r.community_id,
    slug: r.slug,
    communityName: { uk: r.name_uk, en: r.name_en },
    channel: r.channel,
    linkedAt: r.linked_at,
  }));
}

export interface Draft {
  kind: 'ballot' | 'report' | 'poll';
  data: Record<string, unknown>;
  updatedAt: Date;
}

export async function findDraft(db: Db, subscriberId: number): Promise<Draft | null> {
  const r = await q(db).selectFrom('chatbot_drafts').selectAll().where('subscriber_id', '=', subscriberId).executeTakeFirst();
  if (!r) return null;
  const data = typeof r.data === 'object' && r.data !== null && !Array.isArray(r.data) ? (r.data as Record<string, unknown>) : {};
  return { kind: r.kind, data, updatedAt: r.updated_at };
}

export async function saveDraft(db: Db, subscriberId: number, kind: Draft['kind'], data: Record<string, unknown>, now: Date): Promise<void> {
  const json = JSON.stringify(data);
  await q(db)
    .insertInto('chatbot_drafts')
    .values({ subscriber_id: subscriberId, kind, data: json, updated_at: now })
    .onConflict((oc) => oc.column('subscriber_id').doUpdateSet({ kind, data: json, updated_at: now }))
    .execute();
}

export async function deleteDraft(db: Db, subscriberId: number): Promise<void> {
  await q(db).deleteFrom('chatbot_drafts').where('subscriber_id', '=', subscriberId).execute();
}

/** Drafts left half-done go after a while: a draft holds where the person stood. */
export async function deleteOldDrafts(db: Db, before: Date): Promise<void> {
  await q(db).deleteFrom('chatbot_drafts').where('updated_at', '<', before).execute();
}

export async function addChatFollow(db: Db, f: { subscriberId: number; communityId: number; tool: string; item: string; now: Date }): Promise<void> {
  await q(db)
    .insertInto('chatbot_follows')
    .values({ subscriber_id: f.subscriberId, community_id: f.communityId, tool: f.tool, item: f.item, created_at: f.now })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The communities where some linked chat follows something. */
export async function chatFollowCommunities(db: Db): Promise<number[]> {
  const rows = await q(db).selectFrom('chatbot_follows').select('community_id').distinct().execute();
  return rows.map((r) => r.community_id);
}

export async function chatFollowers(db: Db, communityId: number, tool: string, item: string): Promise<{ channel: ChatChannel; chatId: string; lang: Lang }[]> {
  const rows = await q(db)
    .selectFrom('chatbot_follows as f')
    .innerJoin('chatbot_subscribers as s', 's.id', 'f.subscriber_id')
    .select(['s.channel', 's.chat_id', 's.lang'])
    .where('f.community_id', '=', communityId)
    .where('f.tool', '=', tool)
    .where('f.item', '=', item)
    .where('s.user_id', 'is not', null)
    .execute();
  return rows.map((r) => ({ channel: r.channel, chatId: r.chat_id, lang: r.lang }));
}

/** Records the events not seen before in this community; returns the keys that are new (this caller tells them). */
export async function recordSeenEvents(db: Db, communityId: number, keys: readonly string[], now: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await q(db)
    .insertInto('chatbot_seen_events')
    .values(keys.map((key) => ({ community_id: communityId, key, seen_at: now })))
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .execute();
  return new Set(rows.map((r) => r.key));
}

export async function hasSeenEvents(db: Db, communityId: number): Promise<boolean> {
  const r = await q(db).selectFrom('chatbot_seen_events').select('key').where('community_id', '=', communityId).limit(1).executeTakeFirst();
  return r !== undefined;
}
