/**
 * The home page's blocks from the rest of Віче (issue #23): what each switched-on tool has going on now
 * (its manifest's `siteBlock`), and the community's chat-bot: its Telegram and Viber links, each with a QR code.
 */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { SiteBlock } from '../../../core/modules/manifest.js';

/** A bot's link as a QR code: one SVG path, no script and no image request. */
export interface BotLink {
  href: string;
  label: string;
  qr: { path: string; side: number };
}

function ToolBlock(props: { b: SiteBlock }): JSX.Element {
  const { b } = props;
  return (
    <section class="cs-tool">
      <h3 safe>{b.title}</h3>
      {b.figures.length ? (
        <dl class="cs-figures">
          {b.figures.map((f) => (
            <>
              <dt safe>{f.label}</dt>
              <dd safe>{f.value}</dd>
            </>
          ))}
        </dl>
      ) : (
        ''
      )}
      {b.items.length ? (
        <ul>
          {b.items.map((i) => (
            <li>
              <a href={i.href} safe>
                {i.label}
              </a>
              <span class="meta" safe>{` · ${i.meta}`}</span>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <p>
        <a href={b.link.href} safe>
          {b.link.label}
        </a>
      </p>
    </section>
  );
}

export function ConnectedBlocks(props: { p: PageCtx; blocks: SiteBlock[]; bots: BotLink[] }): JSX.Element {
  const { p, bots } = props;
  if (!props.blocks.length && !bots.length) return <></>;
  return (
    <section class="cs-connected" aria-labelledby="cs-connected">
      <h2 id="cs-connected">{t(p, 'Зараз у громаді', 'Now in the community')}</h2>
      {props.blocks.length ? (
        <div class="cs-tools">
          {props.blocks.map((b) => (
            <ToolBlock b={b} />
          ))}
        </div>
      ) : (
        ''
      )}
      {bots.length ? (
        <section class="cs-tool" aria-labelledby="cs-bot">
          <h3 id="cs-bot">{t(p, 'Чат-бот громади', 'The community’s chat-bot')}</h3>
          <p>{t(p, 'Новини, петиції й довідник — у месенджері:', 'News, petitions and the reference in your messenger:')}</p>
          {bots.map((bot) => (
            <div class="cs-bot">
              <svg viewBox={`0 0 ${bot.qr.side} ${bot.qr.side}`} role="img" aria-label={tr(p, `QR-код: ${bot.label}`, `QR code: ${bot.label}`)}>
                <rect width={String(bot.qr.side)} height={String(bot.qr.side)} fill="#ffffff" />
                <path d={bot.qr.path} fill="#000000" />
              </svg>
              <p>
                <a href={bot.href} safe>
                  {bot.label}
                </a>
              </p>
            </div>
          ))}
        </section>
      ) : (
        ''
      )}
    </section>
  );
}
