/** What «Я+Влада» in the chat gives the manifest: its periodic work and the cabinet's section. */
import type { CoreContext } from '../../../core/context.js';
import type { CabinetSection } from '../../../core/modules/manifest.js';
import type { Lang } from '../../../core/i18n/index.js';
import type { Viewer } from '../../../core/users/viewer.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { deleteOldDrafts, deleteOldTokens } from '../repository/edem.js';
import { chatsOfUser } from './linking.js';
import { DRAFT_TTL_MS } from './edem.js';
import { notifyChats } from './notifications.js';
import { CHANNEL_NAMES } from '../rules.js';

/** How often the tools' events are looked at for the chats following them. */
const SCAN_INTERVAL_MS = 60_000;
let nextScanAt = 0;

export async function edemTick(ctx: CoreContext, now: Date): Promise<void> {
  await deleteOldTokens(ctx.db, new Date(now.getTime() - 86_400_000));
  await deleteOldDrafts(ctx.db, new Date(now.getTime() - DRAFT_TTL_MS));
  if (now.getTime() < nextScanAt) return;
  nextScanAt = now.getTime() + SCAN_INTERVAL_MS;
  await notifyChats(ctx, now);
}

export async function linkedChatsSection(ctx: CoreContext, viewer: Viewer, lang: Lang): Promise<CabinetSection | null> {
  const chats = await chatsOfUser(ctx, viewer.id);
  return {
    title: lang === 'uk' ? 'Чати з ботом' : 'Chats with the bot',
    items: chats.map((c) => ({
      label: `${c.communityName[lang]}, ${CHANNEL_NAMES[c.channel][lang]}`,
      href: '/cabinet/chatbot',
      meta: c.linkedAt ? (lang === 'uk' ? `привʼязано ${formatKyivDate(c.linkedAt, lang)}` : `linked ${formatKyivDate(c.linkedAt, lang)}`) : '',
    })),
    empty:
      lang === 'uk'
        ? 'Жоден чат не привʼязано. Надішліть боту громади /link, щоб підписувати й голосувати в Telegram.'
        : 'No chat is linked. Send /link to your community’s bot to sign and vote in Telegram.',
  };
}
