/**
 * What the website's home page shows from the rest of Віче (issue #23): the block of each tool the community
 * has switched on (its manifest's `siteBlock`, null when it has nothing to show) and its chat-bot's links
 * (Telegram and Viber).
 * All of it public, so the page stays one cacheable page for every reader.
 */
import type { CoreContext } from '../../core/context.js';
import type { Community } from '../../core/communities/community.js';
import type { SiteBlock } from '../../core/modules/manifest.js';
import type { Lang } from '../../core/i18n/index.js';
import { qrPath, qrSymbol } from '../../core/views/qr.js';
import { botTelegramLink, botViberLink } from '../chatbot/index.js';
import type { BotLink } from './views/connected.js';

export async function connectedBlocks(ctx: CoreContext, c: Community, lang: Lang): Promise<{ blocks: SiteBlock[]; bots: BotLink[] }> {
  // A paused community collects nothing: no «збирають підписи» on its site either.
  if (c.status !== 'connected') return { blocks: [], bots: [] };
  const blocks: SiteBlock[] = [];
  for (const id of c.enabledTools) {
    const m = ctx.modules.find((x) => x.tool === id);
    const b = m?.siteBlock ? await m.siteBlock(ctx, c, lang) : null;
    if (b) blocks.push(b);
  }
  const [telegram, viber] = await Promise.all([botTelegramLink(ctx.db, c.id), botViberLink(ctx.db, c.id)]);
  const bots: BotLink[] = [];
  if (telegram) bots.push({ href: telegram, label: `Telegram: @${telegram.slice('https://t.me/'.length)}`, qr: qrOf(telegram) });
  if (viber) bots.push({ href: viber, label: `Viber: ${decodeURIComponent(viber.slice('viber://pa?chatURI='.length))}`, qr: qrOf(viber) });
  return { blocks, bots };
}

function qrOf(link: string): BotLink['qr'] {
  const s = qrSymbol(link);
  return { path: qrPath(s), side: s.size + 8 };
}
