/** What a turn of a chat counts as in the bot's statistics: messages in and out, and the kind of action. */
import type { CoreContext } from '../../../core/context.js';
import type { ChatChannel, Effect, Incoming } from '../rules.js';
import { bumpBotCounter } from '../repository/counters.js';

export type ActionKind = 'subscribe' | 'unsubscribe' | 'settings' | 'reference' | 'search' | 'menu' | 'edem';

/** The kind of one turn: a change of subscription or settings first, else what was asked for. */
export function actionOf(input: Incoming, effect: Effect | null): ActionKind {
  if (effect) return effect.kind;
  if (input.kind === 'button') {
    if (input.data === 'ref' || input.data.startsWith('n:')) return 'reference';
    if (input.data === 'search') return 'search';
    if (input.data === 'settings' || input.data === 'places' || /^(lang|topic|place):/.test(input.data)) return 'settings';
    return 'menu';
  }
  // A shared location or a photo only ever answers a step of a report (the e-DEM tools).
  if (input.kind !== 'text') return 'edem';
  const text = input.text.trim();
  if (text.startsWith('/')) return /^\/settings\b/i.test(text) ? 'settings' : 'menu';
  return 'search';
}

export async function countTurn(
  ctx: CoreContext,
  o: { communityId: number; channel: ChatChannel; input: Incoming; effect: Effect | null; replies: number; now: Date },
): Promise<void> {
  const at = o.now;
  await bumpBotCounter(ctx.db, { communityId: o.communityId, metric: 'messages-in', dim: o.channel, n: 1, at });
  await bumpBotCounter(ctx.db, { communityId: o.communityId, metric: 'messages-out', dim: o.channel, n: o.replies, at });
  await bumpBotCounter(ctx.db, { communityId: o.communityId, metric: 'actions', dim: actionOf(o.input, o.effect), n: 1, at });
}
