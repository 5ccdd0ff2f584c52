/**
 * Following by e-mail: a person follows a community, a tool in it or one item; the modules tell what
 * happened through their `followEvents` (their feeds' knowledge of what is new), and the core records
 * each event once and queues the letters in the same transaction, so however many instances look, the
 * one whose insert recorded the event is the only one that writes to its followers. Digests are sent
 * under a row lock of the person's digest, marked sent in the transaction that queues the letter.
 */
import type { CoreContext } from '../context.js';
import type { Community } from '../communities/community.js';
import { findCommunityById } from '../communities/communities-repository.js';
import type { Db } from '../db/database.js';
import type { FollowFrequency } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import type { Lang } from '../i18n/index.js';
import { queueMail } from '../mail/mailer.js';
import type { FollowEvent } from '../modules/manifest.js';
import { hitRateLimit } from '../security/rate-limit.js';
import { digestMail, instantMail } from './mails.js';
import * as repo from './repository.js';
import { DIGEST_PERIOD_MS, reaches, readUnsubscribeToken, specificity, unsubscribeToken, type FollowTarget, type UnsubscribeScope } from './rules.js';

/** How often a community's events are looked at (each look runs every module's feed query once). */
export const SCAN_INTERVAL_MS = 60_000;
/** Digests handled per tick; the rest wait for the next one. */
const DIGESTS_PER_TICK = 200;
/** Follows one person may add or change in an hour. */
const FOLLOWS_PER_HOUR = 60;

/** The current events of every module the community runs, each tagged with its module. */
async function currentEvents(ctx: CoreContext, c: Community, now: Date): Promise<(FollowEvent & { tool: string })[]> {
  const out: (FollowEvent & { tool: string })[] = [];
  for (const m of ctx.modules) {
    if (!m.followEvents || (m.tool && !(c.enabledTools as readonly string[]).includes(m.tool))) continue;
    for (const e of await m.followEvents(ctx, c, now)) out.push({ ...e, tool: m.id });
  }
  return out;
}

function asNew(events: (FollowEvent & { tool: string })[]): repo.NewEvent[] {
  return events.map((e) => ({
    key: e.key,
    tool: e.tool,
    item: e.subject?.id ?? '',
    item_only: e.itemOnly === true && e.subject !== null,
    title: e.title,
    path: e.path,
    at: e.at,
  }));
}

/** What a person may follow on a page: the community, a tool it runs, or an item that has an event. */
export function isFollowableTool(ctx: CoreContext, c: Community, tool: string): boolean {
  const m = ctx.modules.find((x) => x.id === tool);
  return m?.followEvents !== undefined && (!m.tool || (c.enabledTools as readonly string[]).includes(m.tool));
}

export type FollowResult =
  { ok: true; followId: number } | { ok: false; problem: 'unconfirmed' | 'not-followable' } | { ok: false; problem: 'rate'; retryAfterSeconds: number };

export async function follow(
  ctx: CoreContext,
  a: { userId: number; community: Community; target: FollowTarget; frequency: FollowFrequency },
): Promise<FollowResult> {
  const now = ctx.clock.now();
  if (!(await repo.hasConfirmedEmail(ctx.db, a.userId))) return { ok: false, problem: 'unconfirmed' };
  if (a.target.tool !== '' && !isFollowableTool(ctx, a.community, a.target.tool)) return { ok: false, problem: 'not-followable' };
  if (a.target.tool === '' && a.target.item !== '') return { ok: false, problem: 'not-followable' };
  const limit = await hitRateLimit(ctx.db, { key: `follow:user:${a.userId}`, max: FOLLOWS_PER_HOUR, windowSeconds: 3600 }, now);
  if (!limit.allowed) return { ok: false, problem: 'rate', retryAfterSeconds: limit.retryAfterSeconds };
  // The events are read before the transaction (PGlite has one connection); an item is followable when
  // its module tells of it, which is also where its title and page come from.
  const events = await currentEvents(ctx, a.community, now);
  let subject = { title: '', path: '' };
  if (a.target.item !== '') {
    const e = events.find((x) => x.tool === a.target.tool && x.subject?.id === a.target.item);
    if (!e?.subject) return { ok: false, problem: 'not-followable' };
    subject = { title: e.subject.title, path: e.subject.path };
  }
  const followId = await inTransaction(ctx.db, async (trx) => {
    // What is there now is not news to the new follower: it is recorded before the follow exists (and
    // whoever already follows it, and was not yet told, is told now).
    await repo.startScans(trx, a.community.id, now);
    await recordAndNotify(ctx, trx, a.community, asNew(events), now);
    const row = await trx
      .insertInto('follows')
      .values({ user_id: a.userId, community_id: a.community.id, ...a.target, ...subject, frequency: a.frequency, created_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'community_id', 'tool', 'item']).doUpdateSet({ frequency: a.frequency }))
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.startDigest(trx, a.userId, a.frequency, now);
    return row.id;
  });
  return { ok: true, followId };
}

export async function setFrequency(ctx: CoreContext, a: { userId: number; followId: number; frequency: FollowFrequency }): Promise<boolean> {
  const now = ctx.clock.now();
  return inTransaction(ctx.db, async (trx) => {
    const r = await trx
      .updateTable('follows')
      .set({ frequency: a.frequency })
      .where('id', '=', a.followId)
      .where('user_id', '=', a.userId)
      .returning('id')
      .executeTakeFirst();
    if (r) await repo.startDigest(trx, a.userId, a.frequency, now);
    return r !== undefined;
  });
}

export async function unfollow(db: Db, a: { userId: number; followId: number }): Promise<boolean> {
  const r = await db.deleteFrom('follows').where('id', '=', a.followId).where('user_id', '=', a.userId).returning('id').executeTakeFirst();
  return r !== undefined;
}

/** Account deletion: the person follows nothing any more (their digests' clocks go too). */
export async function deleteFollowsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('follows').where('user_id', '=', userId).execute();
  await db.deleteFrom('follow_digests').where('user_id', '=', userId).execute();
}

export function unsubscribeUrl(ctx: CoreContext, scope: UnsubscribeScope): string {
  return `${ctx.config.publicUrl}/unsubscribe/${unsubscribeToken(ctx.config.secretKey, scope)}`;
}

/** What a token would stop, for its confirmation page; null when the token is not ours. */
export async function describeUnsubscribe(ctx: CoreContext, token: string): Promise<{ scope: UnsubscribeScope; follows: repo.FollowListRow[] } | null> {
  const scope = readUnsubscribeToken(ctx.config.secretKey, token);
  if (!scope) return null;
  const userId = scope.kind === 'follow' ? (await repo.followById(ctx.db, scope.followId))?.user_id : scope.userId;
  if (userId === undefined) return { scope, follows: [] };
  const all = await repo.followsOf(ctx.db, userId);
  return { scope, follows: all.filter((f) => (scope.kind === 'follow' ? f.id === scope.followId : f.frequency === scope.frequency)) };
}

/** One click: stops what the token names. Idempotent; returns how many follows it ended. */
export async function unsubscribe(ctx: CoreContext, scope: UnsubscribeScope): Promise<number> {
  let q = ctx.db.deleteFrom('follows');
  q = scope.kind === 'follow' ? q.where('id', '=', scope.followId) : q.where('user_id', '=', scope.userId).where('frequency', '=', scope.frequency);
  const rows = await q.returning('id').execute();
  return rows.length;
}

function followedLabel(ctx: CoreContext, lang: Lang, c: Community, f: { tool: string; item: string; title: string }): string {
  const community = c.name[lang];
  if (f.tool === '') return lang === 'uk' ? `громада «${community}»` : `the community ${community}`;
  const m = f.item === '' ? (ctx.modules.find((x) => x.id === f.tool)?.name[lang] ?? f.tool) : f.title;
  return lang === 'uk' ? `«${m}» (${community})` : `“${m}” (${community})`;
}

/** Records the events not seen before and writes to the instant followers of each; returns how many letters. */
async function recordAndNotify(ctx: CoreContext, trx: Db, c: Community, events: repo.NewEvent[], now: Date): Promise<number> {
  const fresh = await repo.recordEvents(trx, c.id, events, now);
  if (fresh.length === 0) return 0;
  const followers = await repo.instantRecipients(trx, c.id, now);
  let letters = 0;
  for (const e of fresh) {
    // One letter per person and event, unsubscribing from their most specific follow it reached.
    const best = new Map<number, repo.Recipient>();
    for (const f of followers) {
      if (!reaches(f, { tool: e.tool, item: e.item, itemOnly: e.item_only })) continue;
      const prev = best.get(f.user_id);
      if (!prev || specificity(f) > specificity(prev)) best.set(f.user_id, f);
    }
    for (const f of best.values()) {
      const mail = instantMail(f.lang, {
        event: { title: e.title, url: `${ctx.config.publicUrl}${e.path}` },
        followed: followedLabel(ctx, f.lang, c, f),
        unsubscribeUrl: unsubscribeUrl(ctx, { kind: 'follow', followId: f.follow_id }),
        cabinetUrl: `${ctx.config.publicUrl}/cabinet#follows`,
      });
      await queueMail(trx, f.email, mail, now);
      letters++;
    }
  }
  return letters;
}

/** Looks at one community's events and writes to the instant followers of each new one. */
async function scanCommunity(ctx: CoreContext, c: Community, now: Date): Promise<number> {
  const events = asNew(await currentEvents(ctx, c, now));
  return inTransaction(ctx.db, (trx) => recordAndNotify(ctx, trx, c, events, now));
}

/** Looks at every followed community whose turn it is; returns how many instant letters were queued. */
export async function runFollowScans(ctx: CoreContext, now: Date = ctx.clock.now()): Promise<number> {
  let letters = 0;
  for (const id of await repo.followedCommunityIds(ctx.db)) {
    const turn = await repo.claimScan(ctx.db, id, now, SCAN_INTERVAL_MS);
    if (turn === 'not-due') continue;
    const c = await findCommunityById(ctx.db, id);
    if (!c) continue;
    if (turn === 'new') {
      // Followed before scanning started (cannot happen through `follow`, which starts it): record, tell no one.
      const events = asNew(await currentEvents(ctx, c, now));
      await inTransaction(ctx.db, async (trx) => {
        if (await repo.startScans(trx, id, now)) await repo.recordEvents(trx, id, events, now);
      });
      continue;
    }
    letters += await scanCommunity(ctx, c, now);
  }
  return letters;
}

/** Sends the digests that are due; returns how many letters were queued. */
export async function runDigests(ctx: CoreContext, now: Date = ctx.clock.now()): Promise<number> {
  const cutoffs = { daily: new Date(now.getTime() - DIGEST_PERIOD_MS.daily), weekly: new Date(now.getTime() - DIGEST_PERIOD_MS.weekly) };
  let letters = 0;
  for (const d of await repo.dueDigests(ctx.db, now, cutoffs, DIGESTS_PER_TICK)) {
    letters += await inTransaction(ctx.db, async (trx) => {
      const since = await repo.lockDueDigest(trx, d.user_id, d.frequency, cutoffs[d.frequency]);
      if (!since) return 0;
      const events = await repo.digestEvents(trx, d.user_id, d.frequency, since, now);
      const to = events.length > 0 ? await repo.recipientOf(trx, d.user_id) : null;
      if (to) {
        const mail = digestMail(to.lang, {
          frequency: d.frequency,
          events: events.map((e) => ({ title: e.title, url: `${ctx.config.publicUrl}${e.path}` })),
          unsubscribeUrl: unsubscribeUrl(ctx, { kind: 'digest', userId: d.user_id, frequency: d.frequency }),
          cabinetUrl: `${ctx.config.publicUrl}/cabinet#follows`,
        });
        await queueMail(trx, to.email, mail, now);
      }
      await repo.markDigestSent(trx, d.user_id, d.frequency, now);
      return to ? 1 : 0;
    });
  }
  return letters;
}

/** The worker's tick for following: new events, then due digests. Safe on every instance at once. */
export async function runFollowWork(ctx: CoreContext): Promise<void> {
  await runFollowScans(ctx);
  await runDigests(ctx);
}
