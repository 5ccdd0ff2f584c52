/**
 * The chat-bot's use-cases: one turn of a chat (any messenger), the moderator's changes to the bot's
 * settings and its reference tree (each with its audit entry in the same transaction), and the Telegram
 * job that answers an update the webhook queued.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import { findCommunityById } from '../../core/communities/communities-repository.js';
import { recordAudit } from '../../core/audit/audit-log.js';
import { openSecret, sealSecret } from '../../core/security/secret-box.js';
import type { Lang } from '../../core/i18n/index.js';
import { converse, nodeDetails, type ChatChannel, type Incoming, type RefNode, type Reply } from './rules.js';
import {
  appendSimLog,
  clearSimLog,
  deleteNode,
  deleteSubscriber,
  findNode,
  findSettings,
  findSubscriber,
  insertNode,
  insertSubscriber,
  listNodes,
  saveSettings,
  setNodePosition,
  simLog,
  updateNode,
  updateSubscriber,
  type BotSettings,
  type NodeFields,
} from './repository.js';
import { connectViber } from './service/viber.js';
import { settlementsWithin } from '../../core/katottg/codifier-repository.js';
import { countTurn } from './service/activity.js';
import { appealsTurn } from './service/appeals.js';
import { isTelegramTurn, sendTelegramReplies, telegramApi, webhookSecrets, webhookUrl } from './messengers/telegram.js';
import { awaitingOf, runEdem } from './service/edem.js';
import { deleteSimPhotos, insertSimPhoto } from './repository/sim-photos.js';
import type { CnapOfficeInfo } from './rules/cnap.js';
import { cnapOffices } from '../cnap/index.js';

/** A photo sent in the simulator: kept for its chat (until it starts over), then the same turn a messenger's photo makes. */
export async function simulatePhoto(ctx: CoreContext, o: { community: Community; chatId: string; photo: Buffer; lang: Lang; now: Date }): Promise<void> {
  const id = await insertSimPhoto(ctx.db, { communityId: o.community.id, chatId: o.chatId, data: o.photo, now: o.now });
  await simulateTurn(ctx, { community: o.community, chatId: o.chatId, input: { kind: 'photo', fileId: `sim:${id}` }, lang: o.lang, now: o.now });
}

/** One message or button press of a chat: the replies, with the person's subscription changed as the dialogue says. */
export async function handleMessage(
  ctx: CoreContext,
  o: { community: Community; channel: ChatChannel; chatId: string; input: Incoming; fallbackLang: Lang; now: Date },
): Promise<Reply[]> {
  const c = o.community;
  const appeal = await appealsTurn(ctx, o);
  if (appeal) return appeal;
  const subscriber = await findSubscriber(ctx.db, c.id, o.channel, o.chatId);
  const nodes = await listNodes(ctx.db, c.id);
  const awaiting = await awaitingOf(ctx, subscriber?.id ?? null, o.now);
  const settlements = subscriber ? await settlementsWithin(ctx.db, c.territorialCodes) : [];
  const cnap = o.input.kind === 'button' || o.input.kind === 'text' ? await cnapOfficesOf(ctx, c, subscriber?.lang ?? o.fallbackLang) : [];
  const turn = converse({ input: o.input, settings: subscriber, nodes, communityName: c.name, fallbackLang: o.fallbackLang, awaiting, settlements, cnap });
  const e = turn.effect;
  if (e?.kind === 'edem') {
    const lang = subscriber?.lang ?? o.fallbackLang;
    const replies = await runEdem(ctx, {
      community: c,
      channel: o.channel,
      chatId: o.chatId,
      subscriberId: subscriber?.id ?? null,
      lang,
      action: e.action,
      now: o.now,
    });
    await countTurn(ctx, { communityId: c.id, channel: o.channel, input: o.input, effect: e, replies: replies.length, now: o.now });
    return replies;
  }
  if (e?.kind === 'subscribe') await insertSubscriber(ctx.db, { communityId: c.id, channel: o.channel, chatId: o.chatId, lang: e.lang, now: o.now });
  // The row goes, and with it the chat id: deliveries name the subscriber row only (migration 003).
  else if (e?.kind === 'unsubscribe') await deleteSubscriber(ctx.db, c.id, o.channel, o.chatId);
  else if (e?.kind === 'settings' && subscriber) await updateSubscriber(ctx.db, subscriber.id, e.settings);
  await countTurn(ctx, { communityId: c.id, channel: o.channel, input: o.input, effect: e, replies: turn.replies.length, now: o.now });
  return turn.replies;
}

/** The community's ЦНАП offices from the ЦНАП site, for the reference (rules/cnap.ts). */
async function cnapOfficesOf(ctx: CoreContext, c: Community, lang: Lang): Promise<CnapOfficeInfo[]> {
  return (await cnapOffices(ctx, c, lang)).map((o) => ({
    name: o.name,
    address: o.address,
    phone: o.phone,
    lat: o.lat,
    lng: o.lng,
    status: o.status,
    hoursLines: o.hoursLines,
    url: `${ctx.config.publicUrl}${o.path}`,
  }));
}

/**
 * A turn in the /dev/bot simulator: the same dialogue as a messenger's, with the person's message and the
 * bot's replies kept in the simulator's log (a pressed button is logged by its label, as a chat shows it).
 */
export async function simulateTurn(ctx: CoreContext, o: { community: Community; chatId: string; input: Incoming; lang: Lang; now: Date }): Promise<void> {
  const c = o.community;
  let said =
    o.input.kind === 'text' ? o.input.text : o.input.kind === 'button' ? o.input.data : o.input.kind === 'location' ? `📍 ${o.input.lat}, ${o.input.lng}` : '🖼';
  if (o.input.kind === 'button') {
    const data = o.input.data;
    const last = (await simLog(ctx.db, c.id, o.chatId, 1))[0];
    said = last?.buttons.flat().find((b) => b.data === data)?.label ?? (data === 'start' ? '/start' : data);
  }
  const replies = await handleMessage(ctx, { community: c, channel: 'sim', chatId: o.chatId, input: o.input, fallbackLang: o.lang, now: o.now });
  await appendSimLog(
    ctx.db,
    c.id,
    o.chatId,
    [{ fromBot: false, body: said, buttons: [] }, ...replies.map((r) => ({ fromBot: true, body: r.text, buttons: r.buttons }))],
    o.now,
  );
}

/** Starts the simulated chat afresh: its log and its (simulated) subscription go. */
export async function resetSimulation(ctx: CoreContext, communityId: number, chatId: string): Promise<void> {
  await clearSimLog(ctx.db, communityId, chatId);
  await deleteSimPhotos(ctx.db, communityId, chatId);
  await deleteSubscriber(ctx.db, communityId, 'sim', chatId);
}

const purpose = (messenger: 'telegram' | 'viber', communityId: number) => `chatbot:${messenger}:${communityId}`;

export function telegramTokenOf(ctx: CoreContext, s: BotSettings | null): string | null {
  return s?.telegramTokenSealed ? openSecret(ctx.config.secretKey, purpose('telegram', s.communityId), s.telegramTokenSealed) : null;
}

export function viberTokenOf(ctx: CoreContext, s: BotSettings | null): string | null {
  return s?.viberTokenSealed ? openSecret(ctx.config.secretKey, purpose('viber', s.communityId), s.viberTokenSealed) : null;
}

/** The job behind the webhook: answer one Telegram update with the community's bot. */
export async function answerTelegramUpdate(ctx: CoreContext, payload: Record<string, unknown>): Promise<void> {
  const turn = payload.turn;
  const c = typeof payload.communityId === 'number' ? await findCommunityById(ctx.db, payload.communityId) : null;
  if (!c || !isTelegramTurn(turn)) return;
  const settings = await findSettings(ctx.db, c.id);
  const token = settings?.enabled ? telegramTokenOf(ctx, settings) : null;
  // The bot was switched off or its token removed since the update came: nobody to answer as.
  if (!token) return;
  const api = await telegramApi(ctx, token);
  if (turn.callbackQueryId) await api.answerCallbackQuery(turn.callbackQueryId);
  const replies = await handleMessage(ctx, {
    community: c,
    channel: 'telegram',
    chatId: turn.chatId,
    input: turn.input,
    fallbackLang: turn.lang,
    now: ctx.clock.now(),
  });
  await sendTelegramReplies(api, turn.chatId, replies);
}

export type SettingsError = 'telegram-refused' | 'viber-refused';

/**
 * The moderator's settings: on or off, and the tokens (undefined keeps a token, null removes it). A new
 * Telegram or Viber token is tried first (getMe, get_account_info) and the webhook set to this platform, so a wrong token is refused
 * instead of stored; tokens are stored sealed and never appear in the audit entry.
 */
export async function saveBotSettings(
  ctx: CoreContext,
  o: {
    community: Community;
    actorUserId: number;
    enabled: boolean;
    telegramToken: string | null | undefined;
    viberToken: string | null | undefined;
    now: Date;
  },
): Promise<SettingsError | null> {
  const c = o.community;
  const before = await findSettings(ctx.db, c.id);
  const oldTelegram = telegramTokenOf(ctx, before);
  let telegramUsername: string | null = null;
  if (o.telegramToken) {
    const api = await telegramApi(ctx, o.telegramToken);
    try {
      telegramUsername = (await api.getMe()).username;
      const secrets = webhookSecrets(ctx.config.secretKey, c.id, o.telegramToken);
      // With TELEGRAM_POLLING=1 the bot fetches its updates (messengers/polling.ts): no webhook.
      if (!ctx.config.telegramPolling)
        await api.setWebhook(webhookUrl(ctx.config.publicUrl, c.slug, secrets.path), {
          secret_token: secrets.header,
          allowed_updates: ['message', 'callback_query'],
        });
    } catch (e) {
      ctx.log.warn({ community: c.id, err: e instanceof Error ? e.message.replace(o.telegramToken, '…') : 'unknown' }, 'telegram token refused');
      return 'telegram-refused';
    }
  }
  const viber = await connectViber(ctx, c, o.viberToken, viberTokenOf(ctx, before));
  if (!viber) return 'viber-refused';
  if (oldTelegram && o.telegramToken !== undefined && o.telegramToken !== oldTelegram) {
    // The old bot stops calling us; if Telegram cannot be reached, its calls fail the secret check anyway.
    await (await telegramApi(ctx, oldTelegram)).deleteWebhook().catch(() => undefined);
  }
  const seal = (m: 'telegram' | 'viber', token: string | null | undefined) =>
    token === undefined ? undefined : token === null ? null : sealSecret(ctx.config.secretKey, purpose(m, c.id), token);
  const tokenChange = (token: string | null | undefined) => (token === undefined ? 'kept' : token === null ? 'removed' : 'set');
  await ctx.db.transaction().execute(async (trx) => {
    await saveSettings(trx, {
      communityId: c.id,
      enabled: o.enabled,
      telegramTokenSealed: seal('telegram', o.telegramToken),
      telegramUsername,
      viberTokenSealed: seal('viber', o.viberToken),
      viberUri: viber.uri,
      now: o.now,
    });
    await recordAudit(trx, {
      communityId: c.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.settings-changed',
      subjectType: 'chatbot',
      subjectId: c.id,
      before: { enabled: before?.enabled ?? false },
      after: { enabled: o.enabled, telegramToken: tokenChange(o.telegramToken), viberToken: tokenChange(o.viberToken) },
    });
  });
  return null;
}

function auditedNode(n: NodeFields): Record<string, unknown> {
  return {
    parentId: n.parentId,
    title: n.title.uk,
    titleEn: n.title.en,
    body: n.body.uk,
    bodyEn: n.body.en,
    ...nodeDetails(n),
  };
}

export async function createNode(ctx: CoreContext, o: { community: Community; actorUserId: number; fields: NodeFields; now: Date }): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertNode(trx, o.community.id, o.fields, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.node-created',
      subjectType: 'chatbot-node',
      subjectId: id,
      after: auditedNode(o.fields),
    });
    return id;
  });
}

export async function editNode(
  ctx: CoreContext,
  o: { community: Community; actorUserId: number; node: RefNode; fields: NodeFields; now: Date },
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    // Moved under another parent: it goes last there, as a new entry would.
    const moved = o.fields.parentId !== o.node.parentId;
    let position = o.node.position;
    if (moved) {
      const siblings = (await listNodes(trx, o.community.id)).filter((n) => n.parentId === o.fields.parentId);
      position = siblings.reduce((max, n) => Math.max(max, n.position), -1) + 1;
    }
    await updateNode(trx, o.community.id, o.node.id, o.fields, position, o.now);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.node-changed',
      subjectType: 'chatbot-node',
      subjectId: o.node.id,
      before: auditedNode(o.node),
      after: auditedNode(o.fields),
    });
  });
}

/** Swaps the entry with its neighbour above or below (among the entries of the same parent). */
export async function moveNode(ctx: CoreContext, o: { community: Community; actorUserId: number; node: RefNode; direction: 'up' | 'down' }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const siblings = (await listNodes(trx, o.community.id))
      .filter((n) => n.parentId === o.node.parentId)
      .sort((a, b) => a.position - b.position || a.id - b.id);
    const i = siblings.findIndex((n) => n.id === o.node.id);
    const j = o.direction === 'up' ? i - 1 : i + 1;
    if (i < 0 || j < 0 || j >= siblings.length) return;
    // Renumber the whole level so equal positions (never expected, but harmless) cannot make a swap a no-op.
    const order = siblings.map((n) => n.id);
    [order[i], order[j]] = [order[j]!, order[i]!];
    for (const [position, id] of order.entries()) await setNodePosition(trx, o.community.id, id, position);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.node-moved',
      subjectType: 'chatbot-node',
      subjectId: o.node.id,
      before: { position: i },
      after: { position: j },
    });
  });
}

export async function removeNode(ctx: CoreContext, o: { community: Community; actorUserId: number; node: RefNode }): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await deleteNode(trx, o.community.id, o.node.id);
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.node-deleted',
      subjectType: 'chatbot-node',
      subjectId: o.node.id,
      before: auditedNode(o.node),
    });
  });
}

/** The entry of this community, or null (an id of another community's entry names nothing here). */
export function nodeOf(ctx: CoreContext, community: Community, id: number): Promise<RefNode | null> {
  return findNode(ctx.db, community.id, id);
}
