/** The public page of a community's bot: where to find it, and its reference readable on the web too. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { mapLink, type RefNode } from '../rules.js';

function inLang(p: PageCtx, text: { uk: string; en: string }): string {
  return text[p.lang] || text.uk;
}

function Entries(props: { p: PageCtx; nodes: readonly RefNode[]; parentId: number | null }): JSX.Element {
  const { p, nodes } = props;
  const level = nodes.filter((n) => n.parentId === props.parentId).sort((a, b) => a.position - b.position || a.id - b.id);
  if (level.length === 0) return '';
  return (
    <ul class="bot-reference">
      {level.map((n) => (
        <li id={`entry-${n.id}`}>
          <strong safe>{inLang(p, n.title)}</strong>
          {inLang(p, n.body) ? (
            <p class="chat-text" safe>
              {inLang(p, n.body)}
            </p>
          ) : (
            ''
          )}
          {n.phone ? (
            <p>
              {t(p, 'Телефон', 'Phone')}:{' '}
              <a href={`tel:${n.phone.replace(/[^+0-9]/g, '')}`} safe>
                {n.phone}
              </a>
            </p>
          ) : (
            ''
          )}
          {n.address ? (
            <p>
              {t(p, 'Адреса', 'Address')}: <span safe>{n.address}</span>
              {n.lat !== null && n.lon !== null ? (
                <>
                  {' '}
                  (<a href={mapLink(n.lat, n.lon)}>{t(p, 'на мапі', 'on the map')}</a>)
                </>
              ) : (
                ''
              )}
            </p>
          ) : (
            ''
          )}
          {n.hours ? (
            <p>
              {t(p, 'Години роботи', 'Opening hours')}: <span safe>{n.hours}</span>
            </p>
          ) : (
            ''
          )}
          {n.url ? (
            <p>
              <a href={n.url} rel="noopener nofollow" safe>
                {n.url}
              </a>
            </p>
          ) : (
            ''
          )}
          <Entries p={p} nodes={nodes} parentId={n.id} />
        </li>
      ))}
    </ul>
  );
}

export function PublicBotPage(props: { p: PageCtx; c: Community; telegramUsername: string | null; nodes: readonly RefNode[] }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Чат-бот і довідник', 'Chat-bot and reference')}>
      <h1>{t(p, 'Чат-бот і довідник', 'Chat-bot and reference')}</h1>
      {props.telegramUsername ? (
        <p>
          {t(p, 'Бот громади в Telegram', 'The community’s bot in Telegram')}:{' '}
          <a href={`https://t.me/${encodeURIComponent(props.telegramUsername)}`} safe>{`@${props.telegramUsername}`}</a>
        </p>
      ) : (
        <p>
          {t(
            p,
            'Громада ще не підключила бота в месенджері. Довідник — нижче.',
            'The community has not connected a messenger bot yet. The reference is below.',
          )}
        </p>
      )}
      <h2>{t(p, 'Довідник', 'Reference')}</h2>
      {props.nodes.length ? <Entries p={p} nodes={props.nodes} parentId={null} /> : <p>{t(p, 'Довідник поки порожній.', 'The reference is empty for now.')}</p>}
      <p class="meta" safe>
        {c.name[p.lang]}
      </p>
    </Layout>
  );
}
