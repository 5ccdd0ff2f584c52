/** A photo a person sent in the chat, fetched from the messenger when the report it belongs to is sent. */
import type { CoreContext } from '../../../core/context.js';
import type { Community } from '../../../core/communities/community.js';
import type { ChatChannel } from '../rules.js';
import { findSettings } from '../repository.js';
import { downloadTelegramFile, telegramApi } from '../messengers/telegram.js';
import { downloadViberMedia } from '../messengers/viber.js';
import { telegramTokenOf } from '../service.js';
import { findSimPhoto } from '../repository/sim-photos.js';

export async function fetchChatPhoto(ctx: CoreContext, c: Community, channel: ChatChannel, fileId: string, maxBytes: number): Promise<Buffer> {
  if (channel === 'sim') {
    // The simulator's photo was uploaded with the message (`sim:<id>`); it is in the database.
    const id = /^sim:(\d{1,9})$/.exec(fileId)?.[1];
    const photo = id === undefined ? null : await findSimPhoto(ctx.db, c.id, Number(id));
    if (!photo || photo.length > maxBytes) throw new Error('simulator photo unavailable or too large');
    return photo;
  }
  // Viber's picture is its media URL (messengers/viber.ts); no token is needed to fetch it.
  if (channel === 'viber' || channel === 'viber-platform') return downloadViberMedia(fileId, maxBytes);
  if (channel !== 'telegram') throw new Error(`photos from ${channel} are not fetched here`);
  const settings = await findSettings(ctx.db, c.id);
  const token = settings?.enabled ? telegramTokenOf(ctx, settings) : null;
  if (!token) throw new Error('the community has no Telegram bot now');
  return downloadTelegramFile(ctx, await telegramApi(ctx, token), token, fileId, maxBytes);
}
