/**
 * Broadcasts: a moderator writes one (audited), it waits for its time, then a worker turns it into one
 * delivery per recipient and the workers send them, paced, each at most once:
 *
 *  - deliveries are claimed in batches (`sending`, with a lease) by FOR UPDATE SKIP LOCKED, so workers on
 *    any number of instances never take the same row;
 *  - each batch's outcomes are written as soon as its sends return; a worker told to stop sends nothing
 *    more and hands its unsent rows back (`queued`) for another worker;
 *  - a worker that dies mid-batch leaves its rows `sending`: when the lease runs out nobody can know
 *    whether the messenger took them, so they are marked failed and never sent again;
 *  - a person who blocked the bot is unsubscribed at once (their chat id goes with the row).
 */
import { createHmac } from 'node:crypto';
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import type { DeliveryState } from '../tables.js';
import type { ChatChannel } from '../rules.js';
import {
  broadcastContent,
  cancelScheduled,
  claimDeliveries,
  deleteSubscribersByChat,
  expireLeases,
  finishSent,
  insertBroadcast,
  setTelegramPhotoId,
  settleDeliveries,
  startOneDue,
  type BroadcastFields,
} from '../repository/broadcasts.js';
import { bumpBotCounter } from '../repository/counters.js';
import { SENDERS, type Outgoing, type Sender } from '../messengers/outbound.js';
import { sharedPacer, type Pacer } from '../messengers/throttle.js';

function auditedBroadcast(f: BroadcastFields): Record<string, unknown> {
  return {
    body: f.body,
    photo: f.photo !== null,
    buttonLabel: f.button?.label ?? '',
    buttonUrl: f.button?.url ?? '',
    audience: f.audience.kind,
    audienceValue: f.audience.kind === 'settlement' ? f.audience.code : f.audience.kind === 'topic' ? f.audience.topic : '',
    sendAt: f.sendAt.toISOString(),
  };
}

export async function createBroadcast(ctx: CoreContext, o: { community: Community; actorUserId: number; fields: BroadcastFields; now: Date }): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertBroadcast(trx, { communityId: o.community.id, authorUserId: o.actorUserId, fields: o.fields, now: o.now });
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.broadcast-created',
      subjectType: 'chatbot-broadcast',
      subjectId: id,
      after: auditedBroadcast(o.fields),
    });
    return id;
  });
}

/** Cancels a broadcast still waiting for its time; false when it has started (or is not this community's). */
export async function cancelBroadcast(ctx: CoreContext, o: { community: Community; actorUserId: number; id: number }): Promise<boolean> {
  return ctx.db.transaction().execute(async (trx) => {
    const done = await cancelScheduled(trx, o.community.id, o.id);
    if (done) {
      await recordAudit(trx, {
        communityId: o.community.id,
        actorUserId: o.actorUserId,
        action: 'chatbot.broadcast-cancelled',
        subjectType: 'chatbot-broadcast',
        subjectId: o.id,
        before: { state: 'scheduled' },
        after: { state: 'cancelled' },
      });
    }
    return done;
  });
}

/** Starts every broadcast whose time has come: its deliveries are created, one per recipient. */
export async function startDueBroadcasts(ctx: CoreContext, now: Date): Promise<number> {
  let started = 0;
  for (;;) {
    const b = await ctx.db.transaction().execute(async (trx) => {
      const due = await startOneDue(trx, now);
      if (due) await bumpBotCounter(trx, { communityId: due.communityId, metric: 'broadcasts', dim: '', n: 1, at: now });
      return due;
    });
    if (!b) return started;
    started++;
  }
}

export interface DeliverOptions {
  /** Paces the sends (default: each bot's own throttle, shared with its replies in this process). */
  pacer?: Pacer;
  /** Deliveries claimed at once. */
  batchSize?: number;
  /** Sends under way at once (a messenger's answer takes a while; the pacer still holds the rate). */
  concurrency?: number;
  /** Stop after this many deliveries (a tick's share of the work). */
  maxMessages?: number;
  /** Asked before each send: true stops the worker, its unsent rows handed back. */
  shouldStop?: () => boolean;
  leaseMs?: number;
}

/**
 * Where Viber fetches a broadcast's photo: `/bots/broadcasts/<id>/<key>.jpg`, the key derived from
 * SECRET_KEY so that the photos of other broadcasts cannot be guessed from one link.
 */
export function broadcastPhotoKey(secretKey: string, broadcastId: number): string {
  return createHmac('sha256', secretKey).update(`chatbot:broadcast-photo:${broadcastId}`).digest('base64url').slice(0, 22);
}

const broadcastPhotoUrl = (ctx: CoreContext, id: number) => `${ctx.config.publicUrl}/bots/broadcasts/${id}/${broadcastPhotoKey(ctx.config.secretKey, id)}.jpg`;

const LEASE_MS = 5 * 60_000;

export interface DeliverResult {
  sent: number;
  failed: number;
  blocked: number;
  skipped: number;
  released: number;
}

/** Sends queued deliveries until there are none, `maxMessages` were handled or `shouldStop` says so. */
export async function deliverBroadcasts(ctx: CoreContext, o: DeliverOptions = {}): Promise<DeliverResult> {
  const pacer = o.pacer ?? sharedPacer;
  const batchSize = o.batchSize ?? 30;
  const concurrency = o.concurrency ?? 30;
  const max = o.maxMessages ?? Number.POSITIVE_INFINITY;
  const stop = o.shouldStop ?? (() => false);
  const result: DeliverResult = { sent: 0, failed: 0, blocked: 0, skipped: 0, released: 0 };
  await expireLeases(ctx.db, ctx.clock.now());

  const communities = new Map<number, Community | null>();
  const senders = new Map<string, Sender | null>();
  const contents = new Map<number, Outgoing | null>();
  const senderOf = async (communityId: number, channel: ChatChannel): Promise<Sender | null> => {
    const key = `${channel}:${communityId}`;
    if (!senders.has(key)) {
      if (!communities.has(communityId)) communities.set(communityId, await findCommunityById(ctx.db, communityId));
      const c = communities.get(communityId);
      senders.set(key, c ? await SENDERS[channel](ctx, c) : null);
    }
    return senders.get(key) ?? null;
  };
  const contentOf = async (broadcastId: number): Promise<Outgoing | null> => {
    if (!contents.has(broadcastId)) {
      const b = await broadcastContent(ctx.db, broadcastId);
      contents.set(
        broadcastId,
        b
          ? {
              text: b.body,
              photo: b.photo ? { data: b.photo, telegramId: b.telegramPhotoId, url: broadcastPhotoUrl(ctx, broadcastId) } : null,
              button: b.button,
            }
          : null,
      );
    }
    return contents.get(broadcastId) ?? null;
  };

  let handled = 0;
  let stopped = false;
  while (handled < max && !stopped) {
    const now = ctx.clock.now();
    const batch = await claimDeliveries(ctx.db, { limit: Math.min(batchSize, max - handled), leaseUntil: new Date(now.getTime() + (o.leaseMs ?? LEASE_MS)) });
    if (batch.length === 0) break;
    const outcomes = new Map<DeliveryState, string[]>([
      ['sent', []],
      ['failed', []],
      ['blocked', []],
      ['skipped', []],
      ['queued', []],
    ]);
    const blockedChats: { communityId: number; channel: ChatChannel; chatId: string }[] = [];
    const perCommunity = new Map<number, Map<DeliveryState, number>>();
    const note = (id: string, communityId: number, state: DeliveryState) => {
      outcomes.get(state)!.push(id);
      const m = perCommunity.get(communityId) ?? new Map<DeliveryState, number>();
      m.set(state, (m.get(state) ?? 0) + 1);
      perCommunity.set(communityId, m);
    };
    const inflight = new Set<Promise<void>>();
    for (const d of batch) {
      if (stopped || stop()) {
        stopped = true;
        note(d.id, d.communityId, 'queued');
        continue;
      }
      const sender = d.chatId === null ? null : await senderOf(d.communityId, d.channel);
      const content = sender ? await contentOf(d.broadcastId) : null;
      if (d.chatId === null || !sender || !content) {
        note(d.id, d.communityId, 'skipped');
        continue;
      }
      const chatId = d.chatId;
      const bot = sender.bot;
      await pacer.wait(bot, chatId);
      const uploading = content.photo !== null && content.photo.telegramId === null && (d.channel === 'telegram' || d.channel === 'telegram-platform');
      const p = sender.send(chatId, content).then(async (r) => {
        if (r.kind === 'sent') {
          note(d.id, d.communityId, 'sent');
          if (r.telegramPhotoId && content.photo && content.photo.telegramId === null) {
            content.photo.telegramId = r.telegramPhotoId;
            await setTelegramPhotoId(ctx.db, d.broadcastId, r.telegramPhotoId);
          }
        } else if (r.kind === 'blocked') {
          note(d.id, d.communityId, 'blocked');
          blockedChats.push({ communityId: d.communityId, channel: d.channel, chatId });
        } else if (r.kind === 'retry') {
          pacer.pause(bot, r.afterSeconds);
          note(d.id, d.communityId, 'queued');
        } else note(d.id, d.communityId, 'failed');
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
      // The first photo is uploaded alone: the others then reuse Telegram's id for it.
      if (uploading || inflight.size >= concurrency) await (uploading ? p : Promise.race(inflight));
    }
    await Promise.all(inflight);
    const settledAt = ctx.clock.now();
    await ctx.db.transaction().execute(async (trx) => {
      await settleDeliveries(trx, outcomes, settledAt);
      await deleteSubscribersByChat(trx, blockedChats);
      for (const [communityId, m] of perCommunity) {
        for (const [state, n] of m) {
          if (state !== 'queued') await bumpBotCounter(trx, { communityId, metric: 'deliveries', dim: state, n, at: settledAt });
        }
      }
    });
    result.sent += outcomes.get('sent')!.length;
    result.failed += outcomes.get('failed')!.length;
    result.blocked += outcomes.get('blocked')!.length;
    result.skipped += outcomes.get('skipped')!.length;
    result.released += outcomes.get('queued')!.length;
    handled += batch.length;
  }
  await finishSent(ctx.db, ctx.clock.now());
  return result;
}

/** The module's periodic work: start what is due, then send for a while (other ticks and jobs wait meanwhile). */
export async function broadcastTick(ctx: CoreContext, now: Date): Promise<void> {
  await startDueBroadcasts(ctx, now);
  await deliverBroadcasts(ctx, { maxMessages: 300 });
}
