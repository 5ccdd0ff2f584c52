/**
 * SQL of broadcasts and their deliveries (queries only). One delivery row per recipient, named by the
 * subscriber row, never by a chat id. Deliveries are claimed in batches with FOR UPDATE SKIP LOCKED and a
 * lease, so any number of workers share a broadcast and none takes a row another holds.
 */
import { sql } from 'kysely';
import type { Db } from '../../../core/db/database.js';
import { tables as q, type DeliveryState } from '../tables.js';
import type { ChatChannel } from '../rules.js';

export type Audience = { kind: 'all' } | { kind: 'settlement'; code: string } | { kind: 'topic'; topic: string };

export interface BroadcastFields {
  body: string;
  photo: Buffer | null;
  button: { label: string; url: string } | null;
  audience: Audience;
  sendAt: Date;
}

export interface BroadcastRow {
  id: number;
  communityId: number;
  body: string;
  hasPhoto: boolean;
  button: { label: string; url: string } | null;
  audience: Audience;
  sendAt: Date;
  state: 'scheduled' | 'sending' | 'done' | 'cancelled';
  recipients: number;
  createdAt: Date;
  finishedAt: Date | null;
  counts: Record<'queued' | 'sent' | 'failed' | 'blocked' | 'skipped', number>;
}

const audienceColumns = (a: Audience) => ({
  audience: a.kind,
  audience_value: a.kind === 'settlement' ? a.code : a.kind === 'topic' ? a.topic : '',
});

function audienceOf(kind: 'all' | 'settlement' | 'topic', value: string): Audience {
  return kind === 'settlement' ? { kind, code: value } : kind === 'topic' ? { kind, topic: value } : { kind: 'all' };
}

export async function insertBroadcast(db: Db, o: { communityId: number; authorUserId: number; fields: BroadcastFields; now: Date }): Promise<number> {
  const f = o.fields;
  const r = await q(db)
    .insertInto('chatbot_broadcasts')
    .values({
      community_id: o.communityId,
      author_user_id: o.authorUserId,
      body: f.body,
      photo: f.photo,
      button_label: f.button?.label ?? '',
      button_url: f.button?.url ?? '',
      ...audienceColumns(f.audience),
      send_at: f.sendAt,
      created_at: o.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

/** Holds the community's bot settings row until the transaction ends: its pushes of a link go one at a time. */
export async function lockBotSettings(db: Db, communityId: number): Promise<void> {
  await q(db).selectFrom('chatbot_settings').select('community_id').where('community_id', '=', communityId).forUpdate().execute();
}

/** A broadcast of the community with this link button that was not cancelled, if any. */
export async function findBroadcastWithLink(db: Db, communityId: number, url: string): Promise<number | null> {
  const r = await q(db)
    .selectFrom('chatbot_broadcasts')
    .select('id')
    .where('community_id', '=', communityId)
    .where('button_url', '=', url)
    .where('state', '<>', 'cancelled')
    .executeTakeFirst();
  return r?.id ?? null;
}

const BROADCAST_COLUMNS = [
  'id',
  'community_id',
  'body',
  'button_label',
  'button_url',
  'audience',
  'audience_value',
  'send_at',
  'state',
  'recipients',
  'created_at',
  'finished_at',
] as const;

/** A community's broadcasts, newest first, with their deliveries counted by state. */
export async function listBroadcasts(db: Db, communityId: number, o: { id?: number; limit?: number } = {}): Promise<BroadcastRow[]> {
  const rows = await q(db)
    .selectFrom('chatbot_broadcasts')
    .select([...BROADCAST_COLUMNS, sql<boolean>`photo is not null`.as('has_photo')])
    .where('community_id', '=', communityId)
    .$if(o.id !== undefined, (x) => x.where('id', '=', o.id!))
    .orderBy('id', 'desc')
    .limit(o.limit ?? 50)
    .execute();
  const ids = rows.map((r) => r.id);
  const counts = ids.length
    ? await q(db)
        .selectFrom('chatbot_deliveries')
        .select(['broadcast_id', 'state', (eb) => eb.fn.countAll<string>().as('n')])
        .where('broadcast_id', 'in', ids)
        .groupBy(['broadcast_id', 'state'])
        .execute()
    : [];
  return rows.map((r) => {
    const c = { queued: 0, sent: 0, failed: 0, blocked: 0, skipped: 0 };
    for (const x of counts) {
      if (x.broadcast_id !== r.id) continue;
      // A row being sent right now is still on its way.
      const key = x.state === 'sending' ? 'queued' : x.state;
      c[key] += Number(x.n);
    }
    return {
      id: r.id,
      communityId: r.community_id,
      body: r.body,
      hasPhoto: r.has_photo,
      button: r.button_url ? { label: r.button_label, url: r.button_url } : null,
      audience: audienceOf(r.audience, r.audience_value),
      sendAt: r.send_at,
      state: r.state,
      recipients: r.recipients,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
      counts: c,
    };
  });
}

export async function cancelScheduled(db: Db, communityId: number, id: number): Promise<boolean> {
  const r = await q(db)
    .updateTable('chatbot_broadcasts')
    .set({ state: 'cancelled' })
    .where('community_id', '=', communityId)
    .where('id', '=', id)
    .where('state', '=', 'scheduled')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Takes one due broadcast (scheduled, its time come) for this worker: its deliveries are created, one per
 * subscriber of its audience, in one statement, and it becomes `sending`. Returns it, or null when none is
 * due. Call inside a transaction: the row lock keeps a second worker from starting it too.
 */
export async function startOneDue(db: Db, now: Date): Promise<{ id: number; communityId: number; recipients: number } | null> {
  const b = await q(db)
    .selectFrom('chatbot_broadcasts')
    .select(['id', 'community_id', 'audience', 'audience_value'])
    .where('state', '=', 'scheduled')
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  if (!b) return null;
  const audience =
    b.audience === 'topic'
      ? sql`and ${b.audience_value} = any(s.topics)`
      : b.audience === 'settlement'
        ? sql`and s.settlement_code = ${b.audience_value}`
        : sql``;
  const inserted = await sql`
    insert into chatbot_deliveries (broadcast_id, subscriber_id, channel)
    select ${b.id}, s.id, s.channel from chatbot_subscribers s
    where s.community_id = ${b.community_id} ${audience}
    order by s.id`.execute(db);
  const recipients = Number(inserted.numAffectedRows ?? 0);
  await q(db).updateTable('chatbot_broadcasts').set({ state: 'sending', started_at: now, recipients }).where('id', '=', b.id).execute();
  return { id: b.id, communityId: b.community_id, recipients };
}

export interface ClaimedDelivery {
  id: string;
  broadcastId: number;
  communityId: number;
  channel: ChatChannel;
  /** The recipient's chat, read now; null when they have unsubscribed since the broadcast started. */
  chatId: string | null;
}

/** Claims up to `limit` queued deliveries (of broadcasts being sent) for this worker until `leaseUntil`. */
export async function claimDeliveries(db: Db, o: { limit: number; leaseUntil: Date }): Promise<ClaimedDelivery[]> {
  const claimed = await sql<{ id: string; broadcast_id: number; subscriber_id: number | null; channel: ChatChannel }>`
    update chatbot_deliveries set state = 'sending', lease_until = ${o.leaseUntil}
    where id in (
      select d.id from chatbot_deliveries d
      where d.state = 'queued'
      order by d.broadcast_id, d.id
      limit ${o.limit}
      for update skip locked
    )
    returning id, broadcast_id, subscriber_id, channel`.execute(db);
  if (claimed.rows.length === 0) return [];
  const subscriberIds = claimed.rows.map((r) => r.subscriber_id).filter((x): x is number => x !== null);
  const subs = subscriberIds.length ? await q(db).selectFrom('chatbot_subscribers').select(['id', 'chat_id']).where('id', 'in', subscriberIds).execute() : [];
  const chatOf = new Map(subs.map((s) => [s.id, s.chat_id]));
  const broadcastIds = [...new Set(claimed.rows.map((r) => r.broadcast_id))];
  const communities = await q(db).selectFrom('chatbot_broadcasts').select(['id', 'community_id']).where('id', 'in', broadcastIds).execute();
  const communityOf = new Map(communities.map((b) => [b.id, b.community_id]));
  return claimed.rows
    .map((r) => ({
      id: String(r.id),
      broadcastId: r.broadcast_id,
      communityId: communityOf.get(r.broadcast_id)!,
      channel: r.channel,
      chatId: r.subscriber_id === null ? null : (chatOf.get(r.subscriber_id) ?? null),
    }))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

/** What became of claimed deliveries: each moves from `sending` to its outcome (or back to `queued`). */
export async function settleDeliveries(db: Db, outcomes: ReadonlyMap<DeliveryState, readonly string[]>, now: Date): Promise<void> {
  for (const [state, ids] of outcomes) {
    if (ids.length === 0) continue;
    await q(db)
      .updateTable('chatbot_deliveries')
      .set(state === 'queued' ? { state, lease_until: null } : { state, lease_until: null, done_at: now })
      .where('id', 'in', [...ids])
      .where('state', '=', 'sending')
      .execute();
  }
}

/**
 * Deliveries whose worker stopped holding them (it died mid-batch): whether the messenger got them is
 * unknown, so they are never sent again (a person gets a message at most once); they count as failed.
 */
export async function expireLeases(db: Db, now: Date): Promise<number> {
  const r = await q(db)
    .updateTable('chatbot_deliveries')
    .set({ state: 'failed', lease_until: null, done_at: now })
    .where('state', '=', 'sending')
    .where('lease_until', '<', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Broadcasts being sent with nothing left to send become `done`; returns them with their counts. */
export async function finishSent(db: Db, now: Date): Promise<{ id: number; communityId: number }[]> {
  return q(db)
    .updateTable('chatbot_broadcasts as b')
    .set({ state: 'done', finished_at: now })
    .where('b.state', '=', 'sending')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('chatbot_deliveries as d').select('d.id').whereRef('d.broadcast_id', '=', 'b.id').where('d.state', 'in', ['queued', 'sending']),
        ),
      ),
    )
    .returning(['b.id', 'b.community_id as communityId'])
    .execute();
}

export async function broadcastContent(
  db: Db,
  id: number,
): Promise<{ body: string; photo: Buffer | null; telegramPhotoId: string | null; button: { label: string; url: string } | null } | null> {
  const r = await q(db)
    .selectFrom('chatbot_broadcasts')
    .select(['body', 'photo', 'telegram_photo_id', 'button_label', 'button_url'])
    .where('id', '=', id)
    .executeTakeFirst();
  return r
    ? { body: r.body, photo: r.photo, telegramPhotoId: r.telegram_photo_id, button: r.button_url ? { label: r.button_label, url: r.button_url } : null }
    : null;
}

/** A broadcast's photo alone (for Viber to fetch it), or null. */
export async function broadcastPhoto(db: Db, id: number): Promise<Buffer | null> {
  const r = await q(db).selectFrom('chatbot_broadcasts').select('photo').where('id', '=', id).executeTakeFirst();
  return r?.photo ?? null;
}

export async function setTelegramPhotoId(db: Db, id: number, fileId: string): Promise<void> {
  await q(db).updateTable('chatbot_broadcasts').set({ telegram_photo_id: fileId }).where('id', '=', id).execute();
}

/** A person who blocked the bot: their subscription goes (and, with it, their chat id). */
export async function deleteSubscribersByChat(db: Db, rows: readonly { communityId: number; channel: ChatChannel; chatId: string }[]): Promise<void> {
  for (const r of rows) {
    await q(db)
      .deleteFrom('chatbot_subscribers')
      .where('community_id', '=', r.communityId)
      .where('channel', '=', r.channel)
      .where('chat_id', '=', r.chatId)
      .execute();
  }
}

/** Subscribers of an audience now (the form's estimate before sending). */
export async function countAudience(db: Db, communityId: number, a: Audience): Promise<number> {
  const r = await q(db)
    .selectFrom('chatbot_subscribers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('community_id', '=', communityId)
    .$if(a.kind === 'topic', (x) => x.where(sql<boolean>`${a.kind === 'topic' ? a.topic : ''} = any(topics)`))
    .$if(a.kind === 'settlement', (x) => x.where('settlement_code', '=', a.kind === 'settlement' ? a.code : ''))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
