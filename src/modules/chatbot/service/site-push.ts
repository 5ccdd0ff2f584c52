/**
 * What the community website uses of the bot (issue #23): the bot's public links for its home page, and
 * «send a news item to the bot's subscribers», a broadcast to everyone with a button back to the news.
 * The same broadcast as the moderator's page makes (audited the same way, sent by the same workers); a
 * link already sent (and not cancelled) is not sent again.
 */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Db } from '../../../core/db/database.js';
import { recordAudit } from '../../../core/audit/audit-log.js';
import { findSettings } from '../repository.js';
import { findBroadcastWithLink, insertBroadcast, lockBotSettings, type BroadcastFields } from '../repository/broadcasts.js';
import { BROADCAST_LIMITS } from '../forms/broadcasts.js';

/** Whether the community's bot is switched on and connected to a messenger. */
export async function botConnected(db: Db, communityId: number): Promise<boolean> {
  const s = await findSettings(db, communityId);
  return s !== null && s.enabled && (s.telegramTokenSealed !== null || s.viberTokenSealed !== null);
}

/** The public link to the community's bot in Telegram, or null when it has none connected. */
export async function botTelegramLink(db: Db, communityId: number): Promise<string | null> {
  const s = await findSettings(db, communityId);
  return s?.enabled && s.telegramTokenSealed && s.telegramUsername ? `https://t.me/${encodeURIComponent(s.telegramUsername)}` : null;
}

/** The chat-bot's Viber link (`viber://pa?chatURI=…`) for the site, or null without a connected Viber bot. */
export async function botViberLink(db: Db, communityId: number): Promise<string | null> {
  const s = await findSettings(db, communityId);
  return s?.enabled && s.viberTokenSealed && s.viberUri ? `viber://pa?chatURI=${encodeURIComponent(s.viberUri)}` : null;
}

export type PushResult = { ok: true; id: number } | { ok: false; reason: 'no-bot' | 'already-sent' };

/** Queues a broadcast of `text` to all the bot's subscribers, with a button to `link`, at once. */
export async function pushLinkToSubscribers(
  ctx: CoreContext,
  o: { community: Community; actorUserId: number; text: string; buttonLabel: string; link: string; source: string; now: Date },
): Promise<PushResult> {
  return ctx.db.transaction().execute(async (trx) => {
    await lockBotSettings(trx, o.community.id);
    if (!(await botConnected(trx, o.community.id))) return { ok: false, reason: 'no-bot' } as const;
    if ((await findBroadcastWithLink(trx, o.community.id, o.link)) !== null) return { ok: false, reason: 'already-sent' } as const;
    const fields: BroadcastFields = {
      body: [...o.text].slice(0, BROADCAST_LIMITS.text).join(''),
      photo: null,
      button: { label: o.buttonLabel.slice(0, BROADCAST_LIMITS.buttonLabel), url: o.link },
      audience: { kind: 'all' },
      sendAt: o.now,
    };
    const id = await insertBroadcast(trx, { communityId: o.community.id, authorUserId: o.actorUserId, fields, now: o.now });
    await recordAudit(trx, {
      communityId: o.community.id,
      actorUserId: o.actorUserId,
      action: 'chatbot.broadcast-created',
      subjectType: 'chatbot-broadcast',
      subjectId: id,
      after: {
        body: fields.body,
        photo: false,
        buttonLabel: fields.button!.label,
        buttonUrl: o.link,
        audience: 'all',
        audienceValue: '',
        sendAt: o.now.toISOString(),
        source: o.source,
      },
    });
    return { ok: true, id } as const;
  });
}
