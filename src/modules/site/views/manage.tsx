/** The editor's pages: the site's overview, a page or news item's form with preview, its history, the menu, a document, the settings. */
import { escapeHtml } from '@kitajs/html';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, FileField, SubmitButton, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { MenuItem, Page, PageVersion, SiteDocument, SiteSettings } from '../repository.js';
import { themeContrasts, themeOf } from '../rules.js';
import { DOC_STATUS_LABELS, Markdown } from './parts.js';

function state(p: PageCtx, page: Page, now: Date): string {
  if (page.status === 'draft') return tr(p, 'Чернетка', 'Draft');
  if (page.publishedAt && page.publishedAt > now)
    return tr(p, `Заплановано на ${formatKyivDateTime(page.publishedAt, 'uk')}`, `Scheduled for ${formatKyivDateTime(page.publishedAt, 'en')}`);
  return tr(p, 'Опубліковано', 'Published');
}

function PageRows(props: { p: PageCtx; c: Community; pages: Page[]; now: Date }): JSX.Element {
  const { p, c } = props;
  return (
    <ul class="cs-manage-list">
      {props.pages.map((pg) => (
        <li>
          <strong safe>{pg.title.uk}</strong>
          <span class="meta" safe>{` · ${state(p, pg, props.now)}${pg.guidance ? tr(p, ' · підказка', ' · guidance') : ''}`}</span>
          <br />
          <a href={`/${c.slug}/manage/site/pages/${pg.id}`} aria-label={tr(p, `Редагувати: ${pg.title.uk}`, `Edit: ${pg.title.uk}`)}>
            {t(p, 'Редагувати', 'Edit')}
          </a>{' '}
          · <a href={`/${c.slug}/manage/site/pages/${pg.id}/history`}>{t(p, 'Історія', 'History')}</a>
        </li>
      ))}
    </ul>
  );
}

export function ManageSitePage(props: {
  p: PageCtx;
  c: Community;
  pages: Page[];
  news: Page[];
  docs: SiteDocument[];
  files: { id: number; kind: 'image' | 'pdf'; name: string }[];
  settings: SiteSettings;
  hosts: string[];
  isAdmin: boolean;
  now: Date;
  form: FormState;
}): JSX.Element {
  const { p, c } = props;
  const base = `/${c.slug}/manage/site`;
  const contrasts = themeContrasts(themeOf(props.settings.primary, props.settings.accent));
  return (
    <Layout ctx={p} title={tr(p, 'Сайт громади', 'Community website')} hasErrors={Object.keys(props.form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={props.form.errors} />
      <h1>{t(p, 'Сайт громади', 'Community website')}</h1>
      <p>
        <a href={`/${c.slug}/site`}>{t(p, 'Відкрити сайт', 'Open the site')}</a>
        {props.hosts.map((h) => (
          <>
            {' · '}
            <a href={escapeHtml(`http://${h}/`)} safe>
              {h}
            </a>
          </>
        ))}
      </p>
      <h2>{t(p, 'Сторінки', 'Pages')}</h2>
      <PageRows p={p} c={c} pages={props.pages} now={props.now} />
      <h2>{t(p, 'Новини та оголошення', 'News and announcements')}</h2>
      <p>
        <a class="button" href={`${base}/news/new`}>
          {t(p, 'Додати новину', 'Add news')}
        </a>
      </p>
      <PageRows p={p} c={c} pages={props.news} now={props.now} />
      <h2>{t(p, 'Рішення та документи', 'Decisions and documents')}</h2>
      <p>
        <a class="button" href={`${base}/documents/new`}>
          {t(p, 'Додати документ', 'Add a document')}
        </a>
      </p>
      <ul>
        {props.docs.map((d) => (
          <li>
            <a href={`/${c.slug}/site/documents/${d.id}`} safe>
              {`№ ${d.number} — ${d.title}`}
            </a>
            <span class="meta" safe>{` · ${DOC_STATUS_LABELS[d.status][p.lang]}`}</span> ·{' '}
            <a href={`${base}/documents/${d.id}`} aria-label={tr(p, `Редагувати документ № ${d.number}`, `Edit document No. ${d.number}`)}>
              {t(p, 'Редагувати', 'Edit')}
            </a>{' '}
            · <a href={`${base}/documents/${d.id}/history`}>{t(p, 'Історія', 'History')}</a>
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Меню', 'Menu')}</h2>
      <p>
        <a href={`${base}/menu`}>{t(p, 'Змінити порядок і видимість розділів меню', 'Change the order and visibility of the menu')}</a>
      </p>
      <h2 id="images">{t(p, 'Зображення', 'Images')}</h2>
      <form method="post" action={`${base}/images`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <FileField
          ctx={p}
          name="image"
          label={tr(p, 'Зображення (JPEG, PNG, WebP; до 10 МБ)', 'An image (JPEG, PNG, WebP; up to 10 MB)')}
          accept="image/*"
          error={props.form.errors.image}
        >
          {t(p, 'Зменшимо до 1600 пікселів і приберемо метадані.', 'It is resized to 1600 pixels and its metadata removed.')}
        </FileField>
        <SubmitButton variant="secondary">{t(p, 'Завантажити', 'Upload')}</SubmitButton>
      </form>
      {props.files.length ? (
        <ul>
          {props.files.map((f) => (
            <li>
              <code safe>{f.kind === 'image' ? `![${f.name}](/${c.slug}/site/files/${f.id})` : `[${f.name}](/${c.slug}/site/files/${f.id})`}</code>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <p class="hint">{t(p, 'Скопіюйте рядок у текст сторінки, щоб вставити зображення.', 'Copy a line into a page’s text to insert the image.')}</p>
      {props.isAdmin ? (
        <>
          <h2 id="settings">{t(p, 'Кольори й мова', 'Colours and language')}</h2>
          <form method="post" action={`${base}/settings`} novalidate>
            <CsrfField ctx={p} />
            <TextField
              ctx={p}
              form={{ values: { primary_color: props.settings.primary, ...props.form.values }, errors: props.form.errors }}
              name="primary_color"
              label={tr(p, 'Основний колір (#rrggbb)', 'Main colour (#rrggbb)')}
              width="short"
            />
            <TextField
              ctx={p}
              form={{ values: { accent_color: props.settings.accent, ...props.form.values }, errors: props.form.errors }}
              name="accent_color"
              label={tr(p, 'Додатковий колір (#rrggbb)', 'Accent colour (#rrggbb)')}
              width="short"
            />
            <div class="checkbox">
              <input type="checkbox" id="english" name="english" value="yes" checked={props.settings.english} />
              <label for="english">{t(p, 'Показувати англійську версію', 'Show the English version')}</label>
            </div>
            <p class="hint" safe>
              {tr(
                p,
                `Текст на кольорах підбираємо так, щоб контраст був не нижче 4,5:1 (WCAG AA). Зараз: ${contrasts.map((x) => x.ratio.toFixed(1)).join(', ')}.`,
                `Text on the colours is chosen to keep a contrast of at least 4.5:1 (WCAG AA). Now: ${contrasts.map((x) => x.ratio.toFixed(1)).join(', ')}.`,
              )}
            </p>
            <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
          </form>
          <h2 id="hosts">{t(p, 'Адреси сайту', 'The site’s addresses')}</h2>
          <p>
            {t(
              p,
              'Доменне імʼя громади (наприклад, gromada.gov.ua) має вказувати на сервер Віче.',
              'The community’s domain name (e.g. gromada.gov.ua) must point to Viche’s server.',
            )}
          </p>
          <ul>
            {props.hosts.map((h) => (
              <li>
                <span safe>{h}</span>{' '}
                <ActionButton ctx={p} action={`${base}/hosts/remove`} fields={{ host: h }} label={tr(p, `Прибрати ${h}`, `Remove ${h}`)} variant="secondary" />
              </li>
            ))}
          </ul>
          <form method="post" action={`${base}/hosts`} novalidate>
            <CsrfField ctx={p} />
            <TextField ctx={p} form={props.form} name="host" label={tr(p, 'Нова адреса', 'New address')} />
            <SubmitButton variant="secondary">{t(p, 'Додати адресу', 'Add the address')}</SubmitButton>
          </form>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function EditPageForm(props: {
  p: PageCtx;
  c: Community;
  page: Page | null;
  form: FormState;
  preview: { uk: string; en: string } | null;
  draft: boolean;
  saved: boolean;
  /** A published news item: the button to send it to the chat-bot's subscribers, or a note on who sends. */
  push: 'button' | 'note' | null;
  pushed: boolean;
}): JSX.Element {
  const { p, c, page, form } = props;
  const action = page ? `/${c.slug}/manage/site/pages/${page.id}` : `/${c.slug}/manage/site/news`;
  const heading = page ? tr(p, `Редагування: ${page.title.uk}`, `Editing: ${page.title.uk}`) : tr(p, 'Нова новина', 'New news item');
  const markdownHint = tr(
    p,
    'Порожній рядок — новий абзац; «## » — підзаголовок; «- » — пункт списку; **жирний**; [текст](https://адреса).',
    'A blank line starts a paragraph; «## » a subheading; «- » a list item; **bold**; [text](https://address).',
  );
  return (
    <Layout ctx={p} title={heading} hasErrors={Object.keys(form.errors).length > 0} scripts={['/static/site-editor.js']}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={`/${c.slug}/manage/site`}>{t(p, '← Сайт громади', '← Community website')}</a>
      </p>
      <h1 safe>{heading}</h1>
      {props.saved ? (
        <p class="notice" role="status">
          {t(p, 'Збережено.', 'Saved.')}{' '}
          {page ? (
            <a href={page.kind === 'news' ? `/${c.slug}/site/news/${page.slug}` : `/${c.slug}/site/p/${page.slug}`}>
              {t(p, 'Переглянути на сайті', 'View on the site')}
            </a>
          ) : (
            ''
          )}
        </p>
      ) : (
        ''
      )}
      {props.pushed ? (
        <p class="notice" role="status">
          {t(
            p,
            'Новину поставлено в чергу розсилки чат-бота: підписники отримають її за кілька хвилин.',
            'The news item is queued for the chat-bot’s broadcast: subscribers get it within minutes.',
          )}{' '}
          <a href={`/${c.slug}/manage/chatbot/broadcasts#sent`}>{t(p, 'Розсилки бота', 'The bot’s broadcasts')}</a>
        </p>
      ) : (
        ''
      )}
      {page && props.push === 'button' ? (
        <p>
          <a class="button secondary" href={`/${c.slug}/manage/site/pages/${page.id}/push`}>
            {t(p, 'Надіслати підписникам чат-бота', 'Send to the chat-bot’s subscribers')}
          </a>
        </p>
      ) : page && props.push === 'note' ? (
        <p class="hint">
          {t(
            p,
            'Надіслати цю новину підписникам чат-бота можуть модератори чи адміністратор громади.',
            'The community’s moderators or administrator can send this news item to the chat-bot’s subscribers.',
          )}
        </p>
      ) : (
        ''
      )}
      {props.draft ? (
        <p class="notice">
          {t(
            p,
            'Це ваша чернетка; на сайті — попередній текст, доки ви не опублікуєте.',
            'This is your draft; the site shows the earlier text until you publish.',
          )}
        </p>
      ) : (
        ''
      )}
      {props.preview ? (
        <section class="cs-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t(p, 'Попередній перегляд (не збережено)', 'Preview (not saved)')}</h2>
          <h3 safe>{form.values.title_uk ?? ''}</h3>
          <Markdown src={props.preview.uk} />
          {props.preview.en.trim() ? (
            <div lang="en">
              <h3 safe>{form.values.title_en ?? ''}</h3>
              <Markdown src={props.preview.en} />
            </div>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}
      <form
        method="post"
        action={action}
        novalidate
        data-live-preview={`/${c.slug}/manage/site/preview`}
        data-preview-label={tr(p, 'Попередній перегляд', 'Preview')}
        data-preview-label-en={tr(p, 'Попередній перегляд англійською', 'Preview in English')}
      >
        <CsrfField ctx={p} />
        <div class="cs-editor-row">
          <div>
            <TextField ctx={p} form={form} name="title_uk" label={tr(p, 'Заголовок', 'Title')} maxlength={200} />
            <TextArea ctx={p} form={form} name="body_uk" label={tr(p, 'Текст', 'Text')} hint={markdownHint} rows={14} />
          </div>
        </div>
        <details open={Boolean(form.values.title_en || form.values.body_en)}>
          <summary>{t(p, 'Англійська версія (необовʼязково)', 'English version (optional)')}</summary>
          <TextField ctx={p} form={form} name="title_en" label={tr(p, 'Заголовок англійською', 'Title in English')} maxlength={200} />
          <TextArea ctx={p} form={form} name="body_en" label={tr(p, 'Текст англійською', 'Text in English')} rows={8} />
        </details>
        {page ? (
          ''
        ) : (
          <TextField
            ctx={p}
            form={form}
            name="slug"
            label={tr(p, 'Адреса (необовʼязково)', 'Address (optional)')}
            hint={tr(
              p,
              'Латинські літери, цифри й дефіси; без неї складемо з дати й заголовка.',
              'Latin letters, digits and dashes; without it, made from the date and title.',
            )}
            maxlength={80}
          />
        )}
        <fieldset>
          <legend>{t(p, 'Час публікації', 'Publication time')}</legend>
          <p class="hint">
            {t(
              p,
              'Порожньо — одразу. Майбутні дата й час — запланована публікація (за київським часом).',
              'Empty: at once. A future date and time: a scheduled publication (Kyiv time).',
            )}
          </p>
          <TextField ctx={p} form={form} name="publish_date" type="date" label={tr(p, 'Дата', 'Date')} width="short" />
          <TextField ctx={p} form={form} name="publish_time" label={tr(p, 'Час (ГГ:ХХ)', 'Time (HH:MM)')} width="short" inputmode="numeric" maxlength={5} />
        </fieldset>
        <div class="button-group">
          <SubmitButton variant="secondary" name="action" value="preview">
            {t(p, 'Переглянути', 'Preview')}
          </SubmitButton>
          <SubmitButton variant="secondary" name="action" value="draft">
            {t(p, 'Зберегти чернетку', 'Save a draft')}
          </SubmitButton>
          <SubmitButton name="action" value="publish">
            {t(p, 'Опублікувати', 'Publish')}
          </SubmitButton>
        </div>
      </form>
    </Layout>
  );
}

export function HistoryPage(props: { p: PageCtx; c: Community; page: Page; versions: PageVersion[] }): JSX.Element {
  const { p, c, page } = props;
  const heading = tr(p, `Історія: ${page.title.uk}`, `History: ${page.title.uk}`);
  return (
    <Layout ctx={p} title={heading}>
      <p>
        <a href={`/${c.slug}/manage/site/pages/${page.id}`}>{t(p, '← До редагування', '← Back to editing')}</a>
      </p>
      <h1 safe>{heading}</h1>
      <ol class="cs-history">
        {props.versions.map((v, i) => (
          <li>
            <p safe>
              {`${formatKyivDateTime(v.savedAt, p.lang)} · ${v.savedBy ?? tr(p, 'система', 'system')} · ${v.status === 'draft' ? tr(p, 'чернетка', 'draft') : tr(p, 'опубліковано', 'published')}`}
            </p>
            <details>
              <summary safe>{v.title.uk}</summary>
              <Markdown src={v.body.uk} />
            </details>
            {i === 0 ? (
              <p class="meta">{t(p, 'Поточна версія', 'Current version')}</p>
            ) : (
              <ActionButton
                ctx={p}
                action={`/${c.slug}/manage/site/pages/${page.id}/restore`}
                fields={{ version: String(v.id) }}
                label={tr(p, 'Відновити цю версію', 'Restore this version')}
                variant="secondary"
              />
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}

export function MenuPage(props: { p: PageCtx; c: Community; menu: MenuItem[] }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Меню сайту', 'The site’s menu')}>
      <p>
        <a href={`/${c.slug}/manage/site`}>{t(p, '← Сайт громади', '← Community website')}</a>
      </p>
      <h1>{t(p, 'Меню сайту', 'The site’s menu')}</h1>
      <p>{t(p, 'Менше число — вище в меню. Зніміть позначку, щоб сховати розділ.', 'A smaller number comes first. Untick to hide a section.')}</p>
      <form method="post" action={`/${c.slug}/manage/site/menu`} novalidate>
        <CsrfField ctx={p} />
        <div class="table-wrap" role="region" tabindex="0" aria-label={tr(p, 'Пункти меню', 'Menu items')}>
          <table class="cs-menu-table">
            <thead>
              <tr>
                <th scope="col">{t(p, 'Розділ', 'Section')}</th>
                <th scope="col">{t(p, 'Порядок', 'Order')}</th>
                <th scope="col">{t(p, 'Показувати', 'Shown')}</th>
              </tr>
            </thead>
            <tbody>
              {props.menu.map((m) => (
                <tr>
                  <th scope="row" id={`menu-${m.id}`} safe>
                    {m.label[p.lang] || m.label.uk}
                  </th>
                  <td>
                    <input type="number" name={`position_${m.id}`} value={String(m.position)} aria-labelledby={`menu-${m.id}`} inputmode="numeric" />
                  </td>
                  <td>
                    <input type="checkbox" name="visible" value={String(m.id)} checked={m.visible} aria-labelledby={`menu-${m.id}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <SubmitButton>{t(p, 'Зберегти меню', 'Save the menu')}</SubmitButton>
      </form>
    </Layout>
  );
}
