/**
 * A linked chat is told when what its person did in the chat — a petition signed, a ballot's projects, a
 * report filed — changes state. The events are the tools' own `followEvents` (the source that core/follows
 * e-mails from): each is recorded once per community here, and the instance whose insert recorded it is the
 * only one that tells the chats following its item, so several instances never send one notice twice.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import type { FollowEvent } from '../../../core/modules/manifest.js';
import { eventNotice } from '../rules/edem.js';
import { chatFollowCommunities, chatFollowers, hasSeenEvents, recordSeenEvents } from '../repository/edem.js';
import { sendToChat } from './delivery.js';

/** The tools whose items a chat follows. */
const TOOLS = ['petitions', 'budgets', 'open-city'];

async function currentEvents(ctx: CoreContext, c: Community, now: Date): Promise<(FollowEvent & { tool: string })[]> {
  const events: (FollowEvent & { tool: string })[] = [];
  for (const m of ctx.modules) {
    if (!m.followEvents || !TOOLS.includes(m.id) || (m.tool && !(c.enabledTools as readonly string[]).includes(m.tool))) continue;
    for (const e of await m.followEvents(ctx, c, now)) events.push({ ...e, tool: m.id });
  }
  return events;
}

const keysOf = (events: readonly FollowEvent[]) => [...new Set(events.map((e) => e.key))];

/**
 * Before a community's first chat follow counts: what is there now is recorded, so that only what happens
 * from now on is news (called when a chat starts following something).
 */
export async function startWatching(ctx: CoreContext, c: Community, now: Date): Promise<void> {
  if (await hasSeenEvents(ctx.db, c.id)) return;
  await recordSeenEvents(ctx.db, c.id, keysOf(await currentEvents(ctx, c, now)), now);
}

/** Looks at the events of every community where a chat follows something; returns how many notices were queued. */
export async function notifyChats(ctx: CoreContext, now: Date): Promise<number> {
  let sent = 0;
  for (const id of await chatFollowCommunities(ctx.db)) {
    const c = await findCommunityById(ctx.db, id);
    if (!c) continue;
    const events = await currentEvents(ctx, c, now);
    // A community never looked at (followed before watching started): what is there is not news.
    const baseline = !(await hasSeenEvents(ctx.db, id));
    const fresh = await recordSeenEvents(ctx.db, id, keysOf(events), now);
    if (baseline) continue;
    for (const e of events) {
      if (!fresh.has(e.key) || !e.subject) continue;
      fresh.delete(e.key);
      for (const chat of await chatFollowers(ctx.db, id, e.tool, e.subject.id)) {
        await sendToChat(ctx, c, chat, [eventNotice(e.title, `${ctx.config.publicUrl}${e.path}`, chat.lang)]);
        sent++;
      }
    }
  }
  return sent;
}
