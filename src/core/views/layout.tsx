/** The frame of every page: skip link, header, language switch, main, footer. */
import { escapeHtml, type Children } from '@kitajs/html';
import { t, tr, type PageCtx } from './page-context.js';
import { fullName } from '../users/viewer.js';
import { isNationalModerator } from '../permissions/policy.js';
import type { Lang } from '../i18n/index.js';
import type { FeedRef } from '../feeds/feeds.js';
import { safeReturnTo } from '../auth/return-to.js';
import { pageSummary } from '../seo/summary.js';

export interface LayoutProps {
  ctx: PageCtx;
  title: string;
  /** A form with errors: the title starts with «Помилка:», as GOV.UK does, so screen readers hear it first. */
  hasErrors?: boolean;
  children?: Children;
  /** Scripts that enhance this page; every page works without them. */
  scripts?: string[];
  /** The feeds of a list page (core/feeds), announced in the head for readers and browsers. */
  feeds?: FeedRef[];
  /**
   * What the page is about, for search engines and link previews (`description`, `og:description`):
   * plain text, cut to ~200 characters here. Never personal data. Default: the platform's lead text.
   */
  description?: string;
  /** An image for link previews: a path on this site (e.g. a project's photo). Default: the community's coat of arms or the logo. */
  image?: string;
}

/** The language the switch offers, and each language's name in itself. */
const OTHER_LANG: Record<Lang, Lang> = { uk: 'en', en: 'uk' };
const LANG_NAMES: Record<Lang, string> = { uk: 'Українська', en: 'English' };

/** Open Graph's locale names of the page languages. */
const OG_LOCALE: Record<Lang, string> = { uk: 'uk_UA', en: 'en_GB' };

/** The preview image when a page has none of its own: public/og-image.png, the logo at Open Graph's 1200×630. */
const OG_FALLBACK = { path: '/static/og-image.png', width: 1200, height: 630 };

const LEAD = {
  uk: 'Віче — відкрита платформа місцевої електронної демократії: петиції, консультації, громадський бюджет і «Відкрите місто».',
  en: 'Viche is an open platform of local e-democracy: petitions, consultations, participatory budgets and Open City.',
};

export function Layout({ ctx, title, hasErrors, children, scripts, feeds, description, image }: LayoutProps): JSX.Element {
  const c = ctx.community;
  const place = c && c.name[ctx.lang] !== title ? `${c.name[ctx.lang]} — ` : '';
  const fullTitle = `${hasErrors ? tr(ctx, 'Помилка: ', 'Error: ') : ''}${title} — ${place}Віче`;
  const other = OTHER_LANG[ctx.lang];
  const langHref = `/lang/${other}?return=${encodeURIComponent(ctx.path)}`;
  const signInHref = `/auth/sign-in?return=${encodeURIComponent(returnAfterSignIn(ctx.path))}`;
  // Attribute values are escaped in full here (the renderer escapes only quotes there), so that a typed
  // «&lt;» stays text for every parser of a preview.
  const summary = pageSummary(description ?? (c ? `${c.name[ctx.lang]}. ${LEAD[ctx.lang]}` : LEAD[ctx.lang]));
  // The canonical address: the path without its query (filters, return links), on the public host.
  const canonical = ctx.publicUrl + new URL(ctx.path, 'http://localhost').pathname;
  // Telegram, Viber and Facebook preview no SVG (the coats of arms are SVG): the platform's PNG stands in.
  const ownImage = [image, c?.coatOfArmsUrl].find((u) => u && !/\.svg(?:[?#]|$)/i.test(u));
  const imagePath = ownImage ?? OG_FALLBACK.path;
  const imageUrl = /^https?:\/\//.test(imagePath) ? imagePath : ctx.publicUrl + imagePath;
  return (
    <>
      {'<!doctype html>'}
      <html lang={ctx.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="csrf-token" content={ctx.csrfToken} />
          <title safe>{fullTitle}</title>
          <meta name="description" content={escapeHtml(summary)} />
          <link rel="canonical" href={escapeHtml(canonical)} />
          <meta property="og:type" content="website" />
          <meta property="og:site_name" content="Віче" />
          <meta property="og:locale" content={OG_LOCALE[ctx.lang]} />
          <meta property="og:title" content={escapeHtml(title)} />
          <meta property="og:description" content={escapeHtml(summary)} />
          <meta property="og:url" content={escapeHtml(canonical)} />
          <meta property="og:image" content={escapeHtml(imageUrl)} />
          {ownImage ? (
            ''
          ) : (
            <>
              <meta property="og:image:type" content="image/png" />
              <meta property="og:image:width" content={String(OG_FALLBACK.width)} />
              <meta property="og:image:height" content={String(OG_FALLBACK.height)} />
              <meta property="og:image:alt" content={escapeHtml(tr(ctx, 'Віче — логотип платформи', 'Viche: the platform’s logo'))} />
            </>
          )}
          <meta name="twitter:card" content={image ? 'summary_large_image' : 'summary'} />
          <link rel="stylesheet" href="/static/app.css" />
          <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
          {(feeds ?? []).map((f) => (
            <link rel="alternate" type={f.type} href={f.href} title={`${title} (${f.format === 'atom' ? 'Atom' : 'RSS'})`} />
          ))}
          {(scripts ?? []).map((s) => (
            <script src={s} defer></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            {t(ctx, 'Перейти до основного вмісту', 'Skip to main content')}
          </a>
          <header class="site-header">
            {ctx.demo ? (
              <div class="demo-banner" role="note">
                {t(ctx, 'Демонстраційна версія: дані вигадані, листи — у', 'Demo: the data is invented; mail goes to the')}{' '}
                <a href="/dev/mail">{t(ctx, 'локальній скриньці', 'local outbox')}</a>
              </div>
            ) : (
              ''
            )}
            <div class={c ? 'container header-row with-menu' : 'container header-row'}>
              <a class="brand" href="/">
                Віче
              </a>
              {c ? (
                <a class="community-name" href={`/${c.slug}`} safe>
                  {c.name[ctx.lang]}
                </a>
              ) : (
                ''
              )}
              <details class="switcher-box">
                <summary>{t(ctx, 'Змінити громаду', 'Change community')}</summary>
                <Switcher ctx={ctx} id="switch-community" />
              </details>
              {c ? (
                <details class="site-menu">
                  <summary>{t(ctx, 'Меню', 'Menu')}</summary>
                  <ToolsNav ctx={ctx} slug={c.slug} class="tools" />
                  <Switcher ctx={ctx} id="menu-switch-community" />
                </details>
              ) : (
                ''
              )}
              <nav class="account" aria-label={tr(ctx, 'Обліковий запис і мова', 'Account and language')}>
                <a href={langHref} lang={other} hreflang={other} safe>
                  {LANG_NAMES[other]}
                </a>
                {isNationalModerator(ctx.viewer) ? <a href="/manage">{t(ctx, 'Керування платформою', 'Manage the platform')}</a> : ''}
                {ctx.viewer ? (
                  <a href="/cabinet" safe>
                    {fullName(ctx.viewer) || ctx.viewer.email || tr(ctx, 'Кабінет', 'Cabinet')}
                  </a>
                ) : (
                  <a href={signInHref}>{t(ctx, 'Увійти', 'Sign in')}</a>
                )}
              </nav>
            </div>
            {c ? <ToolsNav ctx={ctx} slug={c.slug} class="tools tools-wide container" /> : ''}
          </header>
          <main id="main" class="container" tabindex="-1">
            {children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <ul class="footer-links">
                <li>
                  <a href="/about">{t(ctx, 'Про платформу', 'About')}</a>
                </li>
                <li>
                  <a href="/accessibility">{t(ctx, 'Доступність', 'Accessibility')}</a>
                </li>
                <li>
                  <a href="/stats">{t(ctx, 'Статистика', 'Statistics')}</a>
                </li>
                <li>
                  <a href="/transparency">{t(ctx, 'Журнал прозорості', 'Transparency log')}</a>
                </li>
                <li>
                  <a href="/open-data">{t(ctx, 'Відкриті дані', 'Open data')}</a>
                </li>
                <li>
                  <a href="/api">API</a>
                </li>
                <li>
                  <a href="/connect">{t(ctx, 'Підключити громаду', 'Connect a community')}</a>
                </li>
              </ul>
              <p class="small">{t(ctx, 'Віче — відкрита платформа місцевої електронної демократії.', 'Viche is an open platform of local e-democracy.')}</p>
            </div>
          </footer>
        </body>
      </html>
    </>
  );
}

/**
 * Where signing in returns to: the page the person is on, or, on the sign-in page itself, the place
 * that page was to return to (else pressing «Увійти» there would make the sign-in page the destination).
 */
function returnAfterSignIn(path: string): string {
  const url = new URL(path, 'http://localhost');
  return url.pathname.startsWith('/auth/') ? safeReturnTo(url.searchParams.get('return') ?? '/') : path;
}

/**
 * The community's tools. Rendered twice by the layout: as a row under the header on wide screens and
 * inside the «Меню» disclosure on phones; CSS shows exactly one of them (the other is display: none, so
 * neither screen readers nor the tab order meet it twice).
 */
function ToolsNav({ ctx, slug, class: cls }: { ctx: PageCtx; slug: string; class: string }): JSX.Element {
  return (
    <nav class={cls} aria-label={tr(ctx, 'Інструменти громади', 'Community tools')}>
      <ul>
        {ctx.nav.map((n) => (
          <li>
            <a href={n.href} aria-current={ctx.path.startsWith(n.href) ? 'page' : undefined} safe>
              {n.label[ctx.lang]}
            </a>
          </li>
        ))}
        {ctx.canManage ? (
          <li>
            <a href={`/${slug}/manage`}>{t(ctx, 'Керування', 'Manage')}</a>
          </li>
        ) : (
          ''
        )}
      </ul>
    </nav>
  );
}

/** The form that goes to another community; in the header row, and on phones inside the «Меню» (hence the id). */
function Switcher({ ctx, id }: { ctx: PageCtx; id: string }): JSX.Element {
  return (
    <form class="switcher" method="get" action="/go">
      <label for={id}>{t(ctx, 'Перейти до громади', 'Go to a community')}</label>
      <select id={id} name="community">
        {ctx.switcher.map((s) => (
          <option value={s.slug} selected={ctx.community?.slug === s.slug} safe>
            {s.name[ctx.lang]}
          </option>
        ))}
      </select>
      <button type="submit" class="button secondary">
        {t(ctx, 'Перейти', 'Go')}
      </button>
    </form>
  );
}
