/** The website's public pages: home, a section, news, documents and their search. */
import { escapeHtml } from '@kitajs/html';
import { t, tr } from '../../../core/views/page-context.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';
import type { Page, SiteDocument } from '../repository.js';
import type { DocType } from '../tables.js';
import { localised } from '../rules.js';
import { plainText } from '../markdown.js';
import { SiteLayout, siteHref, type SiteCtx } from './layout.js';
import { DOC_STATUS_LABELS, DOC_TYPE_LABELS, Markdown } from './parts.js';
import { DOC_TYPES } from '../forms.js';
import type { SiteBlock } from '../../../core/modules/manifest.js';
import { ConnectedBlocks, type BotLink } from './connected.js';

const DOCS_FOUND: PluralText = { uk: ['документ', 'документи', 'документів'], en: ['document', 'documents'] };

function titleOf(s: SiteCtx, page: Page) {
  return localised(page.title, s.p.lang, s.settings.english);
}

function NewsList(props: { s: SiteCtx; news: Page[] }): JSX.Element {
  const { s } = props;
  return (
    <ul class="cs-news">
      {props.news.map((n) => {
        const title = titleOf(s, n);
        return (
          <li>
            <a href={siteHref(s, `news/${n.slug}`)} lang={title.lang} safe>
              {title.text}
            </a>
            <span class="meta">{n.publishedAt ? escapeHtml(` · ${formatKyivDate(n.publishedAt, s.p.lang)}`) : ''}</span>
          </li>
        );
      })}
    </ul>
  );
}

function DocumentRows(props: { s: SiteCtx; docs: SiteDocument[] }): JSX.Element {
  const { s } = props;
  return (
    <ul class="cs-docs">
      {props.docs.map((d) => (
        <li>
          <a href={siteHref(s, `documents/${d.id}`)} safe>
            {d.title}
          </a>
          <span class="meta" safe>
            {` · ${DOC_TYPE_LABELS[d.type][s.p.lang]} № ${d.number} ${tr(s.p, 'від', 'of')} ${d.date} · ${DOC_STATUS_LABELS[d.status][s.p.lang]}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function HomePage(props: { s: SiteCtx; news: Page[]; docs: SiteDocument[]; about: Page | null; blocks: SiteBlock[]; bots: BotLink[] }): JSX.Element {
  const { s } = props;
  const { p, c } = s;
  const name = c.name[p.lang];
  const about = props.about ? localised(props.about.body, p.lang, s.settings.english) : null;
  const intro = about ? plainText(about.text).slice(0, 300) : '';
  return (
    <SiteLayout s={s} title={name} description={intro || tr(p, `Офіційний сайт: ${name}`, `Official website: ${name}`)}>
      <section class="cs-hero">
        <h1 safe>{name}</h1>
        {intro ? (
          <p class="lead" lang={about!.lang} safe>
            {intro.length === 300 ? `${intro}…` : intro}
          </p>
        ) : (
          ''
        )}
      </section>
      <h2>{t(p, 'Розділи', 'Sections')}</h2>
      <ul class="cs-sections">
        {s.menu.map((m) => (
          <li>
            <a href={escapeHtml(siteHref(s, m.target))} safe>
              {m.label[p.lang] || m.label.uk}
            </a>
          </li>
        ))}
      </ul>
      <div class="cs-columns">
        <section>
          <h2>{t(p, 'Новини та оголошення', 'News and announcements')}</h2>
          {props.news.length ? <NewsList s={s} news={props.news} /> : <p>{t(p, 'Новин ще немає.', 'No news yet.')}</p>}
          <p>
            <a href={siteHref(s, 'news')}>{t(p, 'Усі новини', 'All news')}</a>
          </p>
        </section>
        <section>
          <h2>{t(p, 'Нові документи', 'New documents')}</h2>
          {props.docs.length ? <DocumentRows s={s} docs={props.docs} /> : <p>{t(p, 'Документів ще немає.', 'No documents yet.')}</p>}
          <p>
            <a href={siteHref(s, 'documents')}>{t(p, 'Усі рішення й документи', 'All decisions and documents')}</a>
          </p>
        </section>
      </div>
      <ConnectedBlocks p={p} blocks={props.blocks} bots={props.bots} />
      <section class="cs-viche">
        <h2>{t(p, 'Участь мешканців', 'Residents take part')}</h2>
        <p>
          {t(
            p,
            'Петиції, консультації, громадський бюджет і «Відкрите місто» громади — на',
            'The community’s petitions, consultations, participatory budget and Open City are on',
          )}{' '}
          <a href={`/${c.slug}`}>{t(p, 'сторінці громади у Віче', 'its Viche page')}</a>.
        </p>
      </section>
    </SiteLayout>
  );
}

export function SectionPage(props: { s: SiteCtx; page: Page; infoDeadline: Date | null }): JSX.Element {
  const { s, page } = props;
  const { p } = s;
  const title = titleOf(s, page);
  const body = localised(page.body, p.lang, s.settings.english);
  return (
    <SiteLayout s={s} title={title.text} description={plainText(body.text)} type={page.kind === 'news' ? 'article' : 'website'}>
      <article lang={body.lang}>
        <h1 lang={title.lang} safe>
          {title.text}
        </h1>
        {page.kind === 'news' && page.publishedAt ? (
          <p class="meta" lang={p.lang} safe>
            {formatKyivDateTime(page.publishedAt, p.lang)}
          </p>
        ) : (
          ''
        )}
        {page.guidance ? <p class="cs-guidance">{t(p, 'Розділ заповнюється.', 'This section is being filled in.')}</p> : ''}
        <div class="cs-text">
          <Markdown src={body.text} />
        </div>
      </article>
      {props.infoDeadline ? (
        <aside class="card" aria-labelledby="info-deadline">
          <h2 id="info-deadline">{t(p, 'Коли буде відповідь', 'When you get an answer')}</h2>
          <p safe>
            {tr(
              p,
              `Запит, поданий сьогодні, має отримати відповідь не пізніше ${formatKyivDate(props.infoDeadline, 'uk')} — за пʼять робочих днів (ст. 20 Закону «Про доступ до публічної інформації»; вихідні й святкові дні не рахуються).`,
              `A request made today must be answered by ${formatKyivDate(props.infoDeadline, 'en')}: within five working days (Art. 20 of the Law on Access to Public Information; weekends and holidays do not count).`,
            )}
          </p>
        </aside>
      ) : (
        ''
      )}
      <p class="meta">
        {t(p, 'Оновлено', 'Updated')} {escapeHtml(formatKyivDate(page.updatedAt, p.lang))}
        {s.canEdit ? (
          <>
            {' · '}
            <a href={`/${s.c.slug}/manage/site/pages/${page.id}`}>{t(p, 'Редагувати', 'Edit')}</a>
          </>
        ) : (
          ''
        )}
      </p>
    </SiteLayout>
  );
}

export function NewsPage(props: { s: SiteCtx; news: Page[] }): JSX.Element {
  const { s } = props;
  const { p } = s;
  return (
    <SiteLayout
      s={s}
      title={tr(p, 'Новини та оголошення', 'News and announcements')}
      description={tr(p, 'Новини та оголошення громади.', 'The community’s news and announcements.')}
    >
      <h1>{t(p, 'Новини та оголошення', 'News and announcements')}</h1>
      <p>
        <a href={siteHref(s, 'news.rss')}>{t(p, 'Підписатися через RSS', 'Subscribe by RSS')}</a>
      </p>
      {props.news.length ? <NewsList s={s} news={props.news} /> : <p>{t(p, 'Новин ще немає.', 'No news yet.')}</p>}
    </SiteLayout>
  );
}

export function DocumentsPage(props: { s: SiteCtx; docs: SiteDocument[]; q: string; type: DocType | null }): JSX.Element {
  const { s } = props;
  const { p } = s;
  const heading = tr(p, 'Рішення та нормативні акти', 'Decisions and regulations');
  return (
    <SiteLayout
      s={s}
      title={heading}
      description={tr(
        p,
        'Рішення ради, розпорядження й регуляторні акти громади з пошуком.',
        'The council’s decisions, orders and regulatory acts, searchable.',
      )}
    >
      <h1 safe>{heading}</h1>
      <form method="get" action={siteHref(s, 'documents')} class="cs-search" role="search">
        <div class="field">
          <label for="q">{t(p, 'Пошук у текстах', 'Search the texts')}</label>
          <input id="q" name="q" type="search" value={escapeHtml(props.q)} maxlength="200" />
        </div>
        <div class="field">
          <label for="type">{t(p, 'Вид', 'Kind')}</label>
          <select id="type" name="type">
            <option value="">{t(p, 'Усі', 'All')}</option>
            {DOC_TYPES.map((ty) => (
              <option value={ty} selected={props.type === ty} safe>
                {DOC_TYPE_LABELS[ty][p.lang]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t(p, 'Знайти', 'Search')}
        </button>
      </form>
      {props.q ? (
        <p role="status" safe>
          {tr(p, `Знайдено: ${plural(props.docs.length, DOCS_FOUND, 'uk')}`, `Found: ${plural(props.docs.length, DOCS_FOUND, 'en')}`)}
        </p>
      ) : (
        ''
      )}
      <DocumentRows s={s} docs={props.docs} />
    </SiteLayout>
  );
}

export function DocumentPage(props: { s: SiteCtx; doc: SiteDocument }): JSX.Element {
  const { s, doc } = props;
  const { p } = s;
  return (
    <SiteLayout s={s} title={doc.title} description={plainText(doc.body).slice(0, 300) || doc.title} type="article">
      <article lang="uk">
        <h1 safe>{doc.title}</h1>
        <dl class="cs-doc-meta" lang={p.lang}>
          <dt>{t(p, 'Вид', 'Kind')}</dt>
          <dd safe>{DOC_TYPE_LABELS[doc.type][p.lang]}</dd>
          <dt>{t(p, 'Номер', 'Number')}</dt>
          <dd safe>{doc.number}</dd>
          <dt>{t(p, 'Дата', 'Date')}</dt>
          <dd safe>{doc.date}</dd>
          <dt>{t(p, 'Стан', 'Status')}</dt>
          <dd safe>{DOC_STATUS_LABELS[doc.status][p.lang]}</dd>
        </dl>
        {doc.pdfFileId ? (
          <p>
            <a href={siteHref(s, `files/${doc.pdfFileId}`)}>{t(p, 'Завантажити PDF', 'Download the PDF')}</a>
          </p>
        ) : (
          ''
        )}
        <div class="cs-text">
          <Markdown src={doc.body} />
        </div>
      </article>
      <p>
        <a href={siteHref(s, 'documents')}>{t(p, 'Усі документи', 'All documents')}</a>
      </p>
    </SiteLayout>
  );
}
