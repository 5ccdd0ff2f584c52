/**
 * The chat-bot's Viber use-cases: connecting a community's Viber bot (its token tried, the webhook set to
 * this platform), the job that answers one callback the webhook queued, the greeting of a chat just
 * opened, and forgetting a person who unsubscribed.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import { findCommunityById } from '../../../core/communities/communities-repository.js';
import type { Lang } from '../../../core/i18n/index.js';
import { pick } from '../../../core/i18n/index.js';
import { mainMenu, type Reply } from '../rules.js';
import { deleteSubscriber, findSettings } from '../repository.js';
import { handleMessage, viberTokenOf } from '../service.js';
import { isViberTurn, sendViberReplies, viberApi, viberMessage, viberPathSecret, viberWebhookUrl, type ViberTextMessage } from '../messengers/viber.js';

/** The name Viber shows above the bot's messages. */
export const senderNameOf = (c: Community): string => c.name.uk;

/**
 * A new token: tried (get_account_info) and the webhook set to this platform (Viber checks it at once with
 * a signed `webhook` callback, which the route acknowledges). The old token's webhook, if any, is removed.
 * False when Viber refused the token; otherwise the new bot's public URI (for links to it), null without a new token.
 */
export async function connectViber(
  ctx: CoreContext,
  c: Community,
  token: string | null | undefined,
  oldToken: string | null,
): Promise<{ uri: string | null } | false> {
  let uri: string | null = null;
  if (token) {
    const api = viberApi(ctx, token);
    try {
      uri = (await api.getAccountInfo()).uri.slice(0, 100) || null;
      await api.setWebhook(viberWebhookUrl(ctx.config.publicUrl, c.slug, viberPathSecret(ctx.config.secretKey, c.id, token)));
    } catch (e) {
      ctx.log.warn({ community: c.id, err: e instanceof Error ? e.message.replace(token, '…') : 'unknown' }, 'viber token refused');
      return false;
    }
  }
  if (oldToken && token !== undefined && token !== oldToken) {
    // The old bot stops calling us; if Viber cannot be reached, its calls fail the signature check anyway.
    await viberApi(ctx, oldToken)
      .setWebhook('')
      .catch(() => undefined);
  }
  return { uri };
}

/** The greeting of `conversation_started`, sent as the webhook's answer (Viber allows one message before a subscription). */
export function viberWelcome(c: Community, lang: Lang): ViberTextMessage {
  const menu = mainMenu(lang, c.name);
  const reply: Reply = {
    text: menu.text,
    buttons: [[{ label: pick({ uk: 'Підписатися', en: 'Subscribe' }, lang), data: 'start' }], ...menu.buttons],
  };
  return viberMessage(reply, senderNameOf(c));
}

/** The person left the bot in Viber: their chat id goes (it is personal data, kept only while subscribed). */
export async function forgetViberChat(ctx: CoreContext, communityId: number, chatId: string): Promise<void> {
  await deleteSubscriber(ctx.db, communityId, 'viber', chatId);
}

/** The job behind the webhook: answer one Viber callback with the community's bot. */
export async function answerViberEvent(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const turn = payload.turn;
  const c = typeof payload.communityId === 'number' ? await findCommunityById(ctx.db, payload.communityId) : null;
  if (!c || !isViberTurn(turn)) return;
  const settings = await findSettings(ctx.db, c.id);
  const token = settings?.enabled ? viberTokenOf(ctx, settings) : null;
  // The bot was switched off or its token removed since the callback came: nobody to answer as.
  if (!token) return;
  const replies = await handleMessage(ctx, {
    community: c,
    channel: 'viber',
    chatId: turn.chatId,
    input: turn.input,
    fallbackLang: turn.lang,
    now: ctx.clock.now(),
  });
  await sendViberReplies(viberApi(ctx, token), turn.chatId, replies, senderNameOf(c));
}
