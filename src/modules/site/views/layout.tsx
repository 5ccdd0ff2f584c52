/**
 * The frame of the community's website: its own header (coat of arms, name, menu in its colours), the
 * language switch, and a footer pointing to the community's Віче. Lean on purpose: one stylesheet of the
 * platform, one of the site, its theme; no script; no CSRF token for a signed-out reader (no form posts).
 */
import { escapeHtml, type Children } from '@kitajs/html';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Lang } from '../../../core/i18n/index.js';
import type { MenuItem, SiteSettings } from '../repository.js';
import { pageSummary } from '../../../core/seo/summary.js';

/** Everything a site page needs to draw its frame and its links. */
export interface SiteCtx {
  p: PageCtx;
  c: Community;
  settings: SiteSettings;
  menu: MenuItem[];
  /** Where the site's paths start: '' on its own host, `/{slug}/site` on the platform. */
  base: string;
  /** The absolute origin the reader used (canonical and preview addresses). */
  origin: string;
  /** The path the reader asked for, before any host mapping. */
  path: string;
  canEdit: boolean;
  now: Date;
}

const OTHER: Record<Lang, Lang> = { uk: 'en', en: 'uk' };
const NAMES: Record<Lang, string> = { uk: 'Українська', en: 'English' };
const OG_LOCALE: Record<Lang, string> = { uk: 'uk_UA', en: 'en_GB' };

/** A site path (`news`, `p/about`) or a platform path (`/lviv/cnap`) as an address on this host. */
export function siteHref(s: SiteCtx, target: string): string {
  if (target.startsWith('/')) return target;
  return target === '' ? s.base || '/' : `${s.base}/${target}`;
}

export function SiteLayout(props: {
  s: SiteCtx;
  title: string;
  description: string;
  children: Children;
  image?: string;
  type?: 'website' | 'article';
  feed?: boolean;
}): JSX.Element {
  const { s } = props;
  const { p, c } = s;
  const name = c.name[p.lang];
  const canonical = s.origin + s.path.split('?')[0];
  const summary = pageSummary(props.description);
  const other = OTHER[p.lang];
  const image = props.image ?? c.coatOfArmsUrl ?? '/static/og-image.png';
  const imageUrl = /^https?:\/\//.test(image) ? image : s.origin + image;
  const fullTitle = props.title === name ? name : `${props.title} — ${name}`;
  return (
    <>
      {'<!doctype html>'}
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {p.viewer ? <meta name="csrf-token" content={p.csrfToken} /> : ''}
          <title safe>{fullTitle}</title>
          <meta name="description" content={escapeHtml(summary)} />
          <link rel="canonical" href={escapeHtml(canonical)} />
          <meta property="og:type" content={props.type ?? 'website'} />
          <meta property="og:site_name" content={escapeHtml(name)} />
          <meta property="og:locale" content={OG_LOCALE[p.lang]} />
          <meta property="og:title" content={escapeHtml(props.title)} />
          <meta property="og:description" content={escapeHtml(summary)} />
          <meta property="og:url" content={escapeHtml(canonical)} />
          <meta property="og:image" content={escapeHtml(imageUrl)} />
          <meta name="twitter:card" content="summary" />
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="stylesheet" href="/static/site.css" />
          <link rel="stylesheet" href={`${s.base}/theme.css`} />
          <link rel="icon" href={escapeHtml(c.coatOfArmsUrl ?? '/static/favicon.svg')} />
          <link rel="alternate" type="application/rss+xml" href={`${s.base}/news.rss`} title={escapeHtml(tr(p, `Новини — ${name}`, `News — ${name}`))} />
        </head>
        <body class="community-site">
          <a class="skip-link" href="#main">
            {t(p, 'Перейти до основного вмісту', 'Skip to main content')}
          </a>
          <header class="cs-header">
            <div class="container cs-brand-row">
              <a class="cs-brand" href={siteHref(s, '')}>
                {c.coatOfArmsUrl ? <img src={escapeHtml(c.coatOfArmsUrl)} alt="" width="48" height="58" /> : ''}
                <span safe>{name}</span>
              </a>
              <nav class="cs-account" aria-label={tr(p, 'Мова й обліковий запис', 'Language and account')}>
                {s.settings.english ? (
                  <a href={`/lang/${other}?return=${encodeURIComponent(s.path)}`} lang={other} hreflang={other} safe>
                    {NAMES[other]}
                  </a>
                ) : (
                  ''
                )}
                {s.canEdit ? <a href={`/${c.slug}/manage/site`}>{t(p, 'Редагувати сайт', 'Edit the site')}</a> : ''}
              </nav>
            </div>
            <nav class="cs-menu" aria-label={tr(p, 'Розділи сайту', 'Site sections')}>
              <ul class="container">
                {s.menu.map((m) => (
                  <li>
                    <a href={escapeHtml(siteHref(s, m.target))} safe>
                      {m.label[p.lang] || m.label.uk}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main id="main" class="container" tabindex="-1">
            {props.children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <ul class="footer-links">
                <li>
                  <a href={`/${c.slug}`}>{t(p, 'Електронна демократія громади на Віче', 'The community’s e-democracy on Viche')}</a>
                </li>
                <li>
                  <a href={siteHref(s, 'news.rss')}>{t(p, 'RSS новин', 'News RSS')}</a>
                </li>
                <li>
                  <a href={siteHref(s, 'p/accessibility')}>{t(p, 'Доступність', 'Accessibility')}</a>
                </li>
                <li>
                  <a href={siteHref(s, 'sitemap.xml')}>{t(p, 'Карта сайту', 'Sitemap')}</a>
                </li>
              </ul>
              <p class="small">{t(p, 'Сайт працює на Віче — відкритій платформі для громад.', 'This site runs on Viche, an open platform for communities.')}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}
