/** Pages of Open City. Every page works without JavaScript; the map only adds a way to pick a place. */
import { Layout } from '../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../core/views/page-context.js';
import { shownName } from '../../core/users/public-name.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, TextArea, TextField, type FormState } from '../../core/views/forms.js';
import { Pagination } from '../../core/views/pagination.js';
import { formatKyivDate, formatKyivDateTime } from '../../core/calendar/index.js';
import { formatNumber, plural, type Lang } from '../../core/i18n/index.js';
import type { Community } from '../../core/communities/community.js';
import { refusalText } from '../../core/permissions/refusal-text.js';
import type { ParticipationRefusal } from '../../core/permissions/policy.js';
import {
  allowedTransitions,
  canReporterRespond,
  DUPLICATE_RADIUS_M,
  isOpen,
  isOverdue,
  STATUS_LABEL,
  STATUSES,
  categoryTree,
  leafCategories,
  type Actor,
  type Status,
} from './rules.js';
import { type Category, type Department, type ReportRow, type Subscription, type Update } from './repository.js';
import { MAX_PHOTOS } from './photos.js';
import type { ListFilters, LocationForm } from './forms.js';
import { MAP_ASSETS } from '../../core/maps/map-assets.js';
import { MapPicker } from '../../core/maps/map-picker.js';

export const ASSETS = MAP_ASSETS;

export function base(c: Community): string {
  return `/${c.slug}/open-city`;
}

export function StatusBadge({ p, s }: { p: PageCtx; s: Status }): JSX.Element {
  return (
    <span class={`oc-status oc-status-${s}`} safe>
      {STATUS_LABEL[s][p.lang]}
    </span>
  );
}

function Deadline({ p, r, now }: { p: PageCtx; r: ReportRow; now: Date }): JSX.Element {
  const overdue = isOverdue(r.status, r.deadlineAt, now);
  if (!isOpen(r.status)) {
    return (
      <span class="oc-deadline" safe>
        {`${tr(p, 'Термін відповіді був до', 'Answer was due by')} ${formatKyivDate(r.deadlineAt, p.lang)}`}
      </span>
    );
  }
  return (
    <span class={overdue ? 'oc-deadline oc-overdue' : 'oc-deadline'} safe>
      {overdue
        ? `${tr(p, 'Прострочено: термін був до', 'Overdue: due by')} ${formatKyivDate(r.deadlineAt, p.lang)}`
        : `${tr(p, 'Термін відповіді: до', 'Answer due by')} ${formatKyivDate(r.deadlineAt, p.lang)}`}
    </span>
  );
}

function place(r: ReportRow, lang: Lang): string {
  if (r.address) return r.address;
  if (r.lat !== null && r.lng !== null) return `${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}`;
  return lang === 'uk' ? 'місце не вказано' : 'no place given';
}

/** The tool's own links, under its title. */
function SubNav({ p, c, current, staff, moderator }: { p: PageCtx; c: Community; current: string; staff: boolean; moderator: boolean }): JSX.Element {
  const items: [string, string][] = [
    ['list', tr(p, 'Список', 'List')],
    ['map', tr(p, 'Мапа', 'Map')],
    ['new', tr(p, 'Повідомити про проблему', 'Report a problem')],
    ['stats', tr(p, 'Статистика', 'Statistics')],
    ['subscriptions', tr(p, 'Мої підписки', 'My subscriptions')],
    ...(staff ? ([['work', tr(p, 'Робоче місце', 'Workspace')]] as [string, string][]) : []),
    ...(moderator ? ([['manage', tr(p, 'Налаштування', 'Settings')]] as [string, string][]) : []),
  ];
  return (
    <nav class="oc-subnav" aria-label={tr(p, 'Відкрите місто', 'Open City')}>
      <ul>
        {items.map(([key, label]) => (
          <li>
            <a href={key === 'list' ? base(c) : `${base(c)}/${key}`} aria-current={key === current ? 'page' : undefined} safe>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}


function CategoryOptions({ p, categories, current, leavesOnly }: { p: PageCtx; categories: Category[]; current: string; leavesOnly: boolean }): JSX.Element {
  const tree = categoryTree(categories);
  return (
    <>
      {tree.map(({ group, children }) =>
        children.length === 0 ? (
          <option value={group.code} selected={current === group.code} safe>
            {group.name[p.lang]}
          </option>
        ) : (
          <optgroup label={group.name[p.lang]}>
            {leavesOnly ? (
              ''
            ) : (
              <option value={group.code} selected={current === group.code} safe>
                {`${group.name[p.lang]} — ${tr(p, 'усе', 'all')}`}
              </option>
            )}
            {children.map((ch) => (
              <option value={ch.code} selected={current === ch.code} safe>
                {ch.name[p.lang]}
              </option>
            ))}
          </optgroup>
        ),
      )}
    </>
  );
}

function FilterForm({ p, c, categories, f, action }: { p: PageCtx; c: Community; categories: Category[]; f: ListFilters; action: string }): JSX.Element {
  return (
    <form method="get" action={action} class="oc-filters" novalidate>
      <div class="field">
        <label for="f-category">{t(p, 'Категорія', 'Category')}</label>
        <select id="f-category" name="category">
          <option value="">{t(p, 'Усі категорії', 'All categories')}</option>
          <CategoryOptions p={p} categories={categories} current={f.category} leavesOnly={false} />
        </select>
      </div>
      <div class="field">
        <label for="f-status">{t(p, 'Статус', 'Status')}</label>
        <select id="f-status" name="status">
          <option value="">{t(p, 'Усі статуси', 'All statuses')}</option>
          <option value="open" selected={f.status === 'open'}>
            {t(p, 'Відкриті (ще не вирішені)', 'Open (not yet resolved)')}
          </option>
          {STATUSES.filter((s) => s !== 'new').map((s) => (
            <option value={s} selected={f.status === s} safe>
              {STATUS_LABEL[s][p.lang]}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="f-from">{t(p, 'Подано з', 'Filed from')}</label>
        <input id="f-from" name="from" type="date" value={f.from} />
      </div>
      <div class="field">
        <label for="f-to">{t(p, 'по', 'to')}</label>
        <input id="f-to" name="to" type="date" value={f.to} />
      </div>
      <button class="button secondary" type="submit">
        {t(p, 'Показати', 'Show')}
      </button>
      <a class="small" href={action.startsWith(base(c)) ? action : base(c)}>
        {t(p, 'Скинути', 'Reset')}
      </a>
    </form>
  );
}

function ReportCard({ p, c, r, now, staff }: { p: PageCtx; c: Community; r: ReportRow; now: Date; staff: boolean }): JSX.Element {
  const overdue = isOverdue(r.status, r.deadlineAt, now);
  return (
    <li class={`card oc-card${staff && overdue ? ' oc-card-overdue' : ''}`}>
      <h3>
        <a href={`${base(c)}/reports/${r.id}`} safe>
          {`№${r.id}. ${r.title}`}
        </a>
      </h3>
      <p class="meta">
        <StatusBadge p={p} s={r.status} /> <span safe>{`${r.categoryName[p.lang]} · ${place(r, p.lang)}`}</span>
      </p>
      <p class="meta">
        <span safe>{`${tr(p, 'Подано', 'Filed')} ${formatKyivDate(r.createdAt, p.lang)}`}</span> · <Deadline p={p} r={r} now={now} />
        {r.supports > 0 ? (
          <>
            {' · '}
            <span safe>{plural(r.supports, { uk: ['людина теж стикалася', 'людини теж стикалися', 'людей теж стикалися'], en: ['person also affected', 'people also affected'] }, p.lang)}</span>
          </>
        ) : (
          ''
        )}
      </p>
      {staff ? (
        <p class="meta" safe>
          {`${tr(p, 'Підрозділ', 'Department')}: ${r.departmentName[p.lang]}`}
        </p>
      ) : (
        ''
      )}
    </li>
  );
}

export function ListPage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  f: ListFilters;
  rows: ReportRow[];
  total: number;
  page: number;
  perPage: number;
  now: Date;
  staff: boolean;
  moderator: boolean;
  query: string;
  errors: Record<string, string>;
}): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Відкрите місто', 'Open City')} hasErrors={Object.keys(props.errors).length > 0}>
      <ErrorSummary ctx={p} errors={props.errors} />
      <h1>{t(p, 'Відкрите місто', 'Open City')}</h1>
      <p class="lead">{t(p, 'Позначай проблему. Отримуй результат.', 'Mark a problem. Get it fixed.')}</p>
      <SubNav p={p} c={c} current="list" staff={props.staff} moderator={props.moderator} />
      <p>
        <a class="button" href={`${base(c)}/new`}>
          {t(p, 'Повідомити про проблему', 'Report a problem')}
        </a>{' '}
        <a class="button secondary" href={`${base(c)}/map${props.query ? `?${props.query}` : ''}`}>
          {t(p, 'Показати на мапі', 'Show on the map')}
        </a>
      </p>
      <FilterForm p={p} c={c} categories={props.categories} f={props.f} action={base(c)} />
      <p role="status" safe>
        {plural(props.total, { uk: ['звернення знайдено', 'звернення знайдено', 'звернень знайдено'], en: ['report found', 'reports found'] }, p.lang)}
      </p>
      {props.rows.length === 0 ? (
        <p>{t(p, 'Звернень за цими умовами немає.', 'No reports match these filters.')}</p>
      ) : (
        <ul class="cards oc-list">
          {props.rows.map((r) => (
            <ReportCard p={p} c={c} r={r} now={props.now} staff={props.staff} />
          ))}
        </ul>
      )}
      <Pagination ctx={p} page={props.page} total={props.total} perPage={props.perPage} base={`${base(c)}${props.query ? `?${props.query}` : ''}`} />
    </Layout>
  );
}

export function MapPage(props: { p: PageCtx; c: Community; categories: Category[]; f: ListFilters; query: string; center: { lat: number; lng: number } | null; tileUrl: string; attribution: string; staff: boolean; moderator: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Мапа звернень', 'Map of reports')} scripts={[`${ASSETS}/leaflet.js`, `${ASSETS}/leaflet.markercluster.js`, `${ASSETS}/maps.js`]}>
      <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} />
      <link rel="stylesheet" href={`${ASSETS}/MarkerCluster.css`} />
      <h1>{t(p, 'Мапа звернень', 'Map of reports')}</h1>
      <SubNav p={p} c={c} current="map" staff={props.staff} moderator={props.moderator} />
      <FilterForm p={p} c={c} categories={props.categories} f={props.f} action={`${base(c)}/map`} />
      <p id="oc-tile-note" class="notice warning" role="status" hidden>
        {t(p, 'Не вдалося завантажити підкладку мапи. Мітки показано без неї; усі звернення є у', 'The map tiles could not be loaded. Markers are shown without them; every report is in the')}{' '}
        <a href={`${base(c)}${props.query ? `?${props.query}` : ''}`}>{t(p, 'списку', 'list')}</a>.
      </p>
      <noscript>
        <p class="notice">
          {t(p, 'Мапа працює з JavaScript. Без нього всі звернення є у', 'The map needs JavaScript. Without it every report is in the')}{' '}
          <a href={`${base(c)}${props.query ? `?${props.query}` : ''}`}>{t(p, 'списку', 'list')}</a>.
        </p>
      </noscript>
      <div
        id="oc-map"
        class="oc-map"
        role="region"
        aria-label={tr(p, 'Мапа звернень', 'Map of reports')}
        data-src={`${base(c)}/map.json${props.query ? `?${props.query}` : ''}`}
        data-tiles={props.tileUrl}
        data-attribution={props.attribution}
        data-lat={String(props.center?.lat ?? 49.0)}
        data-lng={String(props.center?.lng ?? 31.0)}
        data-zoom={props.center ? '13' : '6'}
      ></div>
      <ul class="oc-legend" aria-label={tr(p, 'Кольори міток', 'Marker colours')}>
        {STATUSES.filter((s) => s !== 'new').map((s) => (
          <li>
            <span class={`oc-dot oc-dot-${s}`} aria-hidden="true"></span> <span safe>{STATUS_LABEL[s][p.lang]}</span>
          </li>
        ))}
      </ul>
      <AreaSubscribeForm p={p} c={c} center={props.center} />
    </Layout>
  );
}

function AreaSubscribeForm({ p, c, center }: { p: PageCtx; c: Community; center: { lat: number; lng: number } | null }): JSX.Element {
  return (
    <section class="oc-subscribe">
      <h2>{t(p, 'Стежити за районом', 'Follow an area')}</h2>
      <p>{t(p, 'Ми надішлемо лист про кожне нове звернення в межах радіуса від точки.', 'We will e-mail you about each new report within the radius of a point.')}</p>
      <form method="post" action={`${base(c)}/subscriptions/area`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <div class="field">
          <label for="area-lat">{t(p, 'Широта центру', 'Latitude of the centre')}</label>
          <input id="area-lat" name="lat" type="text" inputmode="decimal" class="input-short" value={center ? center.lat.toFixed(5) : ''} />
        </div>
        <div class="field">
          <label for="area-lng">{t(p, 'Довгота центру', 'Longitude of the centre')}</label>
          <input id="area-lng" name="lng" type="text" inputmode="decimal" class="input-short" value={center ? center.lng.toFixed(5) : ''} />
        </div>
        <div class="field">
          <label for="area-radius">{t(p, 'Радіус', 'Radius')}</label>
          <select id="area-radius" name="radius">
            <option value="250">250 м</option>
            <option value="500" selected>
              500 м
            </option>
            <option value="1000">1 км</option>
            <option value="3000">3 км</option>
          </select>
        </div>
        <button class="button secondary" type="submit">
          {t(p, 'Підписатися', 'Subscribe')}
        </button>
      </form>
    </section>
  );
}

/* ---------- reporting ---------- */


function RefusalBox({ p, c, refusal, blockReason, returnTo }: { p: PageCtx; c: Community; refusal: ParticipationRefusal; blockReason: string | null; returnTo: string }): JSX.Element {
  return (
    <div class="notice" role="status">
      <p safe>{refusalText(refusal, p.lang, blockReason)}</p>
      {refusal === 'signed-out' || refusal === 'weak-sign-in' ? (
        <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(returnTo)}`}>
          {t(p, 'Увійти', 'Sign in')}
        </a>
      ) : (
        ''
      )}
      <p>
        <a href={base(c)}>{t(p, 'До списку звернень', 'To the list of reports')}</a>
      </p>
    </div>
  );
}

export function NewReportPage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  form: FormState;
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  center: { lat: number; lng: number } | null;
  tileUrl: string;
  attribution: string;
}): JSX.Element {
  const { p, c, form } = props;
  const v = form.values;
  const catError = form.errors.category;
  return (
    <Layout
      ctx={p}
      title={tr(p, 'Повідомити про проблему', 'Report a problem')}
      hasErrors={Object.keys(form.errors).length > 0}
      scripts={[`${ASSETS}/leaflet.js`, `${ASSETS}/maps.js`]}
    >
      <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} />
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="oc-step">{t(p, 'Крок 1 з 2', 'Step 1 of 2')}</p>
      <h1>{t(p, 'Що і де?', 'What and where?')}</h1>
      {props.refusal ? (
        <RefusalBox p={p} c={c} refusal={props.refusal} blockReason={props.blockReason} returnTo={`${base(c)}/new`} />
      ) : (
        <form method="post" action={`${base(c)}/new`} novalidate>
          <CsrfField ctx={p} />
          <div class={`field${catError ? ' field-error' : ''}`}>
            <label for="category">{t(p, 'Категорія проблеми', 'Kind of problem')}</label>
            {catError ? (
              <p class="error-message" id="category-error">
                <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{catError}</span>
              </p>
            ) : (
              ''
            )}
            <select id="category" name="category" aria-describedby={catError ? 'category-error' : undefined} aria-invalid={catError ? 'true' : undefined}>
              <option value="">{t(p, '— оберіть —', '— choose —')}</option>
              <CategoryOptions p={p} categories={props.categories} current={v.category ?? ''} leavesOnly={true} />
            </select>
          </div>
          <fieldset class="oc-location">
            <legend>{t(p, 'Місце', 'Place')}</legend>
            <p class="hint">
              {t(
                p,
                'Вкажіть адресу або орієнтир. Якщо знаєте координати — додайте їх; на мапі можна поставити мітку, а кнопка «Моє місцезнаходження» візьме їх із телефона.',
                'Give an address or a landmark. If you know the coordinates, add them; on the map you can drop a pin, and «My location» takes them from your phone.',
              )}
            </p>
            <TextField ctx={p} form={form} name="address" label={tr(p, 'Адреса або орієнтир', 'Address or landmark')} hint={tr(p, 'Наприклад: вул. Городоцька, 20, біля зупинки', 'For example: 20 Horodotska St, by the bus stop')} maxlength={300} />
            <MapPicker p={p} form={form} map={{ center: props.center, tileUrl: props.tileUrl, attribution: props.attribution }} />
          </fieldset>
          <button class="button" type="submit">
            {t(p, 'Далі', 'Continue')}
          </button>
        </form>
      )}
    </Layout>
  );
}

function HiddenLocation({ v }: { v: LocationForm }): JSX.Element {
  return (
    <>
      <input type="hidden" name="category" value={v.category} />
      <input type="hidden" name="address" value={v.address} />
      <input type="hidden" name="lat" value={v.lat} />
      <input type="hidden" name="lng" value={v.lng} />
    </>
  );
}

function changeLink(c: Community, v: LocationForm): string {
  return `${base(c)}/new?${new URLSearchParams({ category: v.category, address: v.address, lat: v.lat, lng: v.lng }).toString()}`;
}

export function DuplicatesPage(props: { p: PageCtx; c: Community; loc: LocationForm; category: Category; nearby: (ReportRow & { distance: number })[] }): JSX.Element {
  const { p, c, loc } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Схожі звернення поруч', 'Similar reports nearby')}>
      <h1>{t(p, 'Можливо, про це вже повідомили', 'This may already have been reported')}</h1>
      <p class="lead">
        {t(
          p,
          `Поруч (до ${DUPLICATE_RADIUS_M} м) уже є відкриті звернення в категорії «${props.category.name.uk}». Якщо це та сама проблема, підтримайте наявне звернення — так його вирішать швидше.`,
          `There are open reports in «${props.category.name.en}» nearby (within ${DUPLICATE_RADIUS_M} m). If it is the same problem, support the existing report: it gets fixed sooner that way.`,
        )}
      </p>
      <ul class="cards">
        {props.nearby.map((r) => (
          <li class="card">
            <h2>
              <a href={`${base(c)}/reports/${r.id}`} safe>
                {`№${r.id}. ${r.title}`}
              </a>
            </h2>
            <p class="meta">
              <StatusBadge p={p} s={r.status} /> <span safe>{`${place(r, p.lang)} · ${tr(p, 'за', '')} ${Math.round(r.distance)} ${tr(p, 'м від вашої точки', 'm from your point')}`}</span>
            </p>
            <p safe>{r.description.length > 200 ? `${r.description.slice(0, 200)}…` : r.description}</p>
            <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/support`} label={tr(p, 'Я теж із цим стикався', 'I have this problem too')} />
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Це інша проблема?', 'A different problem?')}</h2>
      <form method="post" action={`${base(c)}/new`} novalidate>
        <CsrfField ctx={p} />
        <HiddenLocation v={loc} />
        <input type="hidden" name="confirm_new" value="1" />
        <button class="button secondary" type="submit">
          {t(p, 'Так, повідомити про нову проблему', 'Yes, report a new problem')}
        </button>
      </form>
    </Layout>
  );
}

export function DetailsPage(props: { p: PageCtx; c: Community; loc: LocationForm; category: Category; form: FormState; signedInName: string }): JSX.Element {
  const { p, c, loc, form } = props;
  const photoError = form.errors.photos;
  return (
    <Layout ctx={p} title={tr(p, 'Опишіть проблему', 'Describe the problem')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="oc-step">{t(p, 'Крок 2 з 2', 'Step 2 of 2')}</p>
      <h1>{t(p, 'Опишіть проблему', 'Describe the problem')}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(p, 'Категорія', 'Category')}</dt>
          <dd safe>{props.category.name[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Місце', 'Place')}</dt>
          <dd safe>{[loc.address, loc.lat && loc.lng ? `${loc.lat}, ${loc.lng}` : ''].filter(Boolean).join(' · ')}</dd>
        </div>
        <div>
          <dt>{t(p, 'Термін відповіді', 'Answer term')}</dt>
          <dd safe>{plural(props.category.termDays, { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, p.lang)}</dd>
        </div>
      </dl>
      <p>
        <a href={changeLink(c, loc)}>{t(p, 'Змінити категорію або місце', 'Change the category or place')}</a>
      </p>
      <form method="post" action={`${base(c)}/reports`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <HiddenLocation v={loc} />
        <TextField ctx={p} form={form} name="title" label={tr(p, 'Коротко: що сталося?', 'In short: what is wrong?')} hint={tr(p, 'До 150 символів, наприклад «Глибока яма на смузі руху»', 'Up to 150 characters, e.g. «Deep pothole in the lane»')} maxlength={150} />
        <TextArea ctx={p} form={form} name="description" label={tr(p, 'Подробиці (необовʼязково)', 'Details (optional)')} hint={tr(p, 'До 3000 символів. Не пишіть тут свої контакти — їх видно всім.', 'Up to 3000 characters. Do not put your contacts here: everyone can see this.')} rows={5} maxlength={3000} />
        <div class={`field${photoError ? ' field-error' : ''}`}>
          <label for="photos">{t(p, `Фото (до ${MAX_PHOTOS}, необовʼязково)`, `Photos (up to ${MAX_PHOTOS}, optional)`)}</label>
          <p class="hint" id="photos-hint">
            {t(p, 'JPEG, PNG, WebP або HEIC до 10 МБ кожне. Ми зменшимо їх і приберемо дані про місце зйомки та камеру.', 'JPEG, PNG, WebP or HEIC, up to 10 MB each. We shrink them and remove the location and camera data.')}
          </p>
          {photoError ? (
            <p class="error-message" id="photos-error">
              <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{photoError}</span>
            </p>
          ) : (
            ''
          )}
          <input id="photos" name="photos" type="file" accept="image/*" multiple aria-describedby={photoError ? 'photos-hint photos-error' : 'photos-hint'} />
        </div>
        <Checkbox
          name="show_name"
          checked={form.values.show_name === 'on'}
          label={tr(p, `Показувати моє імʼя (${props.signedInName}) біля звернення`, `Show my name (${props.signedInName}) with the report`)}
          hint={tr(p, 'Без позначки публіка не бачить, хто подав звернення. Ваші контакти бачать лише модератори й виконавці.', 'Unticked, the public does not see who filed the report. Only moderators and executors see your contacts.')}
        />
        <button class="button" type="submit">
          {t(p, 'Надіслати звернення', 'Send the report')}
        </button>
      </form>
    </Layout>
  );
}

/* ---------- a report ---------- */

export interface ReportView {
  report: ReportRow;
  photoIds: number[];
  updates: Update[];
  departments: Department[];
  categories: Category[];
  staffRole: Actor | null;
  isReporter: boolean;
  reporterContact: { name: string; email: string | null; phone: string | null } | null;
  supported: boolean;
  subscribed: boolean;
  now: Date;
  flash: string;
  form: FormState;
  canSupport: boolean;
}

function actorLabel(p: PageCtx, u: Update): string {
  switch (u.actorRole) {
    case 'reporter':
      return tr(p, 'Автор звернення', 'Reporter');
    case 'moderator':
      return tr(p, 'Модератор', 'Moderator');
    case 'executor':
      return tr(p, 'Виконавець', 'Executor');
    case 'partner':
      return tr(p, 'Партнерський застосунок', 'Partner app');
    default:
      return tr(p, 'Система', 'System');
  }
}

function updateTitle(p: PageCtx, u: Update, deps: Department[]): string {
  const dep = (id: number | null) => deps.find((d) => d.id === id)?.name[p.lang] ?? '—';
  switch (u.kind) {
    case 'created':
      return tr(p, 'Звернення подано', 'Report filed');
    case 'status':
      return `${tr(p, 'Статус', 'Status')}: ${u.toStatus && u.toStatus in STATUS_LABEL ? STATUS_LABEL[u.toStatus as Status][p.lang] : u.toStatus}${u.toDepartmentId ? ` · ${tr(p, 'передано', 'routed to')}: ${dep(u.toDepartmentId)}` : ''}`;
    case 'note':
      return tr(p, 'Внутрішня нотатка', 'Internal note');
    case 'reassign':
      return `${tr(p, 'Передано іншому підрозділу', 'Reassigned')}: ${dep(u.fromDepartmentId)} → ${dep(u.toDepartmentId)}`;
    case 'confirm':
      return tr(p, 'Автор підтвердив, що проблему усунуто', 'The reporter confirmed the fix');
    case 'reopen':
      return tr(p, 'Автор відкрив звернення знову', 'The reporter reopened the report');
    case 'question':
      return tr(p, 'Питання «Чи усунуто?»', 'Question «Is it fixed?»');
    case 'support':
      return tr(p, 'Підтримка', 'Support');
  }
}

export function ReportPage(props: { p: PageCtx; c: Community; v: ReportView; tileUrl: string; attribution: string; moderator: boolean }): JSX.Element {
  const { p, c, v } = props;
  const r = v.report;
  const hasErrors = Object.keys(v.form.errors).length > 0;
  const awaitingReporter = v.isReporter && canReporterRespond(r.status, r.resolvedAt, r.confirmedAt, v.now);
  const asked = v.isReporter && r.askedAt !== null && (r.status === 'accepted' || r.status === 'in_progress');
  const hasPoint = r.lat !== null && r.lng !== null;
  return (
    <Layout
      ctx={p}
      title={`№${r.id}. ${r.title}`}
      hasErrors={hasErrors}
      scripts={hasPoint ? [`${ASSETS}/leaflet.js`, `${ASSETS}/maps.js`] : []}
    >
      {hasPoint ? <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} /> : ''}
      <ErrorSummary ctx={p} errors={v.form.errors} />
      <p>
        <a href={base(c)}>{t(p, '← Усі звернення', '← All reports')}</a>
      </p>
      {v.flash ? (
        <div class="notice" role="status">
          <p safe>{v.flash}</p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{`№${r.id}. ${r.title}`}</h1>
      <p class="meta">
        <StatusBadge p={p} s={r.status} /> <Deadline p={p} r={r} now={v.now} />
      </p>
      {r.status === 'new' ? (
        <p class="notice">{t(p, 'Звернення перевіряє модератор; після цього воно стане публічним і надійде до підрозділу.', 'A moderator is checking the report; then it becomes public and goes to the department.')}</p>
      ) : (
        ''
      )}
      {(r.statusNote || r.duplicateOf) && !isOpen(r.status) ? (
        <div class="oc-answer">
          <h2>{t(p, 'Відповідь', 'Answer')}</h2>
          {r.statusNote ? <p safe>{r.statusNote}</p> : ''}
          {r.status === 'duplicate' && r.duplicateOf ? (
            <p>
              <a href={`${base(c)}/reports/${r.duplicateOf}`} safe>
                {`${tr(p, 'Основне звернення', 'Main report')}: №${r.duplicateOf}`}
              </a>
            </p>
          ) : (
            ''
          )}
        </div>
      ) : (
        ''
      )}
      <dl class="summary-list">
        <div>
          <dt>{t(p, 'Категорія', 'Category')}</dt>
          <dd safe>{r.categoryName[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Відповідальний підрозділ', 'Responsible department')}</dt>
          <dd safe>{r.departmentName[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Місце', 'Place')}</dt>
          <dd safe>{[r.address, hasPoint ? `${r.lat!.toFixed(5)}, ${r.lng!.toFixed(5)}` : ''].filter(Boolean).join(' · ')}</dd>
        </div>
        <div>
          <dt>{t(p, 'Подано', 'Filed')}</dt>
          <dd safe>{`${formatKyivDateTime(r.createdAt, p.lang)}${r.showName && r.reporterName ? ` · ${shownName(r.reporterName, p.lang)}` : ''}`}</dd>
        </div>
        <div>
          <dt>{t(p, 'Підтримали', 'Supported by')}</dt>
          <dd safe>{plural(r.supports, { uk: ['людина', 'людини', 'людей'], en: ['person', 'people'] }, p.lang)}</dd>
        </div>
        {Object.keys(r.attributes).length ? (
          <div>
            <dt>{t(p, 'Додатково', 'More')}</dt>
            <dd safe>{Object.entries(r.attributes).map(([k, val]) => `${k}: ${Array.isArray(val) ? val.join(', ') : String(val)}`).join('; ')}</dd>
          </div>
        ) : (
          ''
        )}
      </dl>
      {v.reporterContact ? (
        <div class="notice">
          <h2>{t(p, 'Контакти автора (бачать лише модератори й виконавці)', 'Reporter contacts (moderators and executors only)')}</h2>
          <p class="oc-contact" safe>
            {[v.reporterContact.name, v.reporterContact.email ?? '', v.reporterContact.phone ?? ''].filter(Boolean).join(' · ')}
          </p>
        </div>
      ) : (
        ''
      )}
      {r.description ? <p class="oc-description" safe>{r.description}</p> : ''}
      {hasPoint ? (
        <div
          id="oc-report-map"
          class="oc-map oc-map-small"
          role="region"
          aria-label={tr(p, 'Місце на мапі', 'Place on the map')}
          data-tiles={props.tileUrl}
          data-attribution={props.attribution}
          data-lat={String(r.lat)}
          data-lng={String(r.lng)}
          data-zoom="16"
          data-status={r.status}
        ></div>
      ) : (
        ''
      )}
      {hasPoint ? (
        <p id="oc-tile-note" class="notice warning" role="status" hidden>
          {t(p, 'Не вдалося завантажити підкладку мапи; координати вказано вище.', 'The map tiles could not be loaded; the coordinates are given above.')}
        </p>
      ) : (
        ''
      )}
      {v.photoIds.length ? (
        <ul class="oc-photos" aria-label={tr(p, 'Фото', 'Photos')}>
          {v.photoIds.map((id, i) => (
            <li>
              <a href={`${base(c)}/photos/${id}`}>
                <img src={`${base(c)}/photos/${id}/thumb`} alt={`${tr(p, 'Фото', 'Photo')} ${i + 1}: ${r.title}`} loading="lazy" />
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <div class="oc-actions">
        {v.canSupport && !v.supported && !v.isReporter && r.status !== 'new' && isOpen(r.status) ? (
          <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/support`} label={tr(p, 'Я теж із цим стикався', 'I have this problem too')} variant="secondary" />
        ) : (
          ''
        )}
        {v.supported ? <p>{t(p, 'Ви підтримали це звернення.', 'You have supported this report.')}</p> : ''}
        {p.viewer && !v.subscribed && r.status !== 'new' ? (
          <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/subscribe`} label={tr(p, 'Стежити за зверненням (e-mail)', 'Follow this report (e-mail)')} variant="secondary" />
        ) : (
          ''
        )}
        {v.subscribed ? <p>{t(p, 'Ви стежите за цим зверненням.', 'You follow this report.')}</p> : ''}
      </div>
      {awaitingReporter ? <ReporterLoop p={p} c={c} r={r} form={v.form} /> : ''}
      {asked ? (
        <section class="oc-panel">
          <h2>{t(p, 'Чи усунуто проблему?', 'Is the problem fixed?')}</h2>
          <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/question`} fields={{ fixed: 'yes' }} label={tr(p, 'Так, усунуто', 'Yes, it is fixed')} />{' '}
          <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/question`} fields={{ fixed: 'no' }} label={tr(p, 'Ні, ще ні', 'No, not yet')} variant="secondary" />
        </section>
      ) : (
        ''
      )}
      {v.staffRole ? <StaffPanel p={p} c={c} v={v} /> : ''}
      <h2>{t(p, 'Хронологія', 'Timeline')}</h2>
      <ol class="oc-timeline">
        {v.updates.map((u) => (
          <li class={u.internal ? 'oc-internal' : undefined}>
            <p class="meta" safe>
              {`${formatKyivDateTime(u.createdAt, p.lang)} · ${actorLabel(p, u)}`}
            </p>
            <p>
              <strong safe>{updateTitle(p, u, v.departments)}</strong>
            </p>
            {u.body ? <p safe>{u.body}</p> : ''}
            {u.photoIds.length ? (
              <ul class="oc-photos">
                {u.photoIds.map((id, i) => (
                  <li>
                    <a href={`${base(c)}/photos/${id}`}>
                      <img src={`${base(c)}/photos/${id}/thumb`} alt={`${tr(p, 'Фото до відповіді', 'Photo with the answer')} ${i + 1}`} loading="lazy" />
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
          </li>
        ))}
      </ol>
      {p.viewer && r.status !== 'new' ? (
        <p>
          <a class="small" href={`/complaints/new?type=open_city_report&id=${r.id}`}>
            {t(p, 'Поскаржитися на зміст', 'Complain about the content')}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function ReporterLoop({ p, c, r, form }: { p: PageCtx; c: Community; r: ReportRow; form: FormState }): JSX.Element {
  return (
    <section class="oc-panel" id="confirm">
      <h2>{t(p, 'Проблему справді усунуто?', 'Is the problem really fixed?')}</h2>
      <p>{t(p, 'Підтвердьте або відкрийте звернення знову — це можна зробити протягом 14 днів.', 'Confirm, or reopen the report: you can do so within 14 days.')}</p>
      <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/confirm`} label={tr(p, 'Так, підтверджую', 'Yes, I confirm')} />
      <form method="post" action={`${base(c)}/reports/${r.id}/reopen`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <TextArea ctx={p} form={form} name="comment" label={tr(p, 'Що не так?', 'What is wrong?')} rows={3} maxlength={1000} />
        <button class="button warning" type="submit">
          {t(p, 'Ні, відкрити знову', 'No, reopen it')}
        </button>
      </form>
    </section>
  );
}

function StaffPanel({ p, c, v }: { p: PageCtx; c: Community; v: ReportView }): JSX.Element {
  const r = v.report;
  const targets = allowedTransitions(v.staffRole!, r.status);
  const f = v.form;
  const leaves = leafCategories(v.categories);
  return (
    <section class="oc-panel oc-staff" aria-labelledby="staff-title">
      <h2 id="staff-title">{v.staffRole === 'moderator' ? t(p, 'Дії модератора', 'Moderator actions') : t(p, 'Дії виконавця', 'Executor actions')}</h2>
      {targets.length ? (
        <form method="post" action={`${base(c)}/reports/${r.id}/status`} enctype="multipart/form-data" class="stack" novalidate>
          <CsrfField ctx={p} />
          <div class={`field${f.errors.status ? ' field-error' : ''}`}>
            <label for="status">{t(p, 'Новий статус', 'New status')}</label>
            {f.errors.status ? (
              <p class="error-message" id="status-error">
                <span safe>{f.errors.status}</span>
              </p>
            ) : (
              ''
            )}
            <select id="status" name="status">
              {targets.map((s) => (
                <option value={s} selected={f.values.status === s} safe>
                  {STATUS_LABEL[s][p.lang]}
                </option>
              ))}
            </select>
          </div>
          {v.staffRole === 'moderator' && r.status === 'new' ? (
            <div class="field">
              <label for="category">{t(p, 'Категорія (можна виправити)', 'Category (may be corrected)')}</label>
              <select id="category" name="category">
                {leaves.map((cat) => (
                  <option value={cat.code} selected={(f.values.category ?? r.categoryCode) === cat.code} safe>
                    {cat.name[p.lang]}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            ''
          )}
          <TextArea ctx={p} form={f} name="answer" label={tr(p, 'Публічна відповідь', 'Public answer')} hint={tr(p, 'Обовʼязкова для «Вирішено», «Не вирішено» і «Відхилено»: що зроблено або чому ні.', 'Required for «Resolved», «Not resolved» and «Rejected»: what was done, or why not.')} rows={3} maxlength={3000} />
          <TextField ctx={p} form={f} name="duplicate_of" label={tr(p, 'Номер основного звернення (для «Дублікат»)', 'Number of the main report (for «Duplicate»)')} inputmode="numeric" width="short" maxlength={10} />
          <TextField ctx={p} form={f} name="forwarded_to" label={tr(p, 'Куди передано (для «Не в компетенції»)', 'Forwarded to (for «Not our competence»)')} maxlength={300} />
          <div class={`field${f.errors.photos ? ' field-error' : ''}`}>
            <label for="answer-photos">{t(p, 'Фото результату (необовʼязково)', 'Photo of the result (optional)')}</label>
            {f.errors.photos ? (
              <p class="error-message" id="photos-error">
                <span safe>{f.errors.photos}</span>
              </p>
            ) : (
              ''
            )}
            <input id="answer-photos" name="photos" type="file" accept="image/*" multiple />
          </div>
          <button class="button" type="submit">
            {t(p, 'Змінити статус', 'Change the status')}
          </button>
        </form>
      ) : (
        <p>{t(p, 'У цьому статусі змін від вас не потрібно.', 'Nothing is needed from you in this status.')}</p>
      )}
      <form method="post" action={`${base(c)}/reports/${r.id}/reassign`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <div class={`field${f.errors.department ? ' field-error' : ''}`}>
          <label for="department">{t(p, 'Передати іншому підрозділу', 'Reassign to another department')}</label>
          {f.errors.department ? (
            <p class="error-message" id="department-error">
              <span safe>{f.errors.department}</span>
            </p>
          ) : (
            ''
          )}
          <select id="department" name="department">
            {v.departments
              .filter((d) => d.id !== r.departmentId)
              .map((d) => (
                <option value={d.key} safe>
                  {d.name[p.lang]}
                </option>
              ))}
          </select>
        </div>
        <TextField ctx={p} form={f} name="reason" label={tr(p, 'Причина', 'Reason')} maxlength={500} />
        <button class="button secondary" type="submit">
          {t(p, 'Передати', 'Reassign')}
        </button>
      </form>
      <form method="post" action={`${base(c)}/reports/${r.id}/note`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <TextArea ctx={p} form={f} name="note" label={tr(p, 'Внутрішня нотатка (бачать лише модератори й виконавці)', 'Internal note (moderators and executors only)')} rows={2} maxlength={2000} />
        <button class="button secondary" type="submit">
          {t(p, 'Додати нотатку', 'Add the note')}
        </button>
      </form>
    </section>
  );
}

/* ---------- executors' workspace ---------- */

export function WorkPage(props: { p: PageCtx; c: Community; rows: ReportRow[]; total: number; page: number; perPage: number; departments: Department[]; mine: Department[]; current: string; now: Date; moderator: boolean; showNew: boolean }): JSX.Element {
  const { p, c } = props;
  const overdue = props.rows.filter((r) => isOverdue(r.status, r.deadlineAt, props.now)).length;
  return (
    <Layout ctx={p} title={tr(p, 'Робоче місце', 'Workspace')}>
      <h1>{t(p, 'Робоче місце', 'Workspace')}</h1>
      <SubNav p={p} c={c} current="work" staff={true} moderator={props.moderator} />
      <p class="lead" safe>
        {props.mine.length ? `${tr(p, 'Ваші підрозділи', 'Your departments')}: ${props.mine.map((d) => d.name[p.lang]).join(', ')}` : tr(p, 'Ви модератор: бачите всі підрозділи.', 'You are a moderator: you see every department.')}
      </p>
      <form method="get" action={`${base(c)}/work`} class="oc-filters" novalidate>
        <div class="field">
          <label for="w-department">{t(p, 'Підрозділ', 'Department')}</label>
          <select id="w-department" name="department">
            {props.moderator ? <option value="">{t(p, 'Усі', 'All')}</option> : ''}
            {(props.moderator ? props.departments : props.mine).map((d) => (
              <option value={d.key} selected={props.current === d.key} safe>
                {d.name[p.lang]}
              </option>
            ))}
          </select>
        </div>
        <button class="button secondary" type="submit">
          {t(p, 'Показати', 'Show')}
        </button>
      </form>
      <p role="status" safe>
        {`${plural(props.total, { uk: ['відкрите звернення', 'відкриті звернення', 'відкритих звернень'], en: ['open report', 'open reports'] }, p.lang)}${overdue ? ` · ${tr(p, 'прострочено на цій сторінці', 'overdue on this page')}: ${formatNumber(overdue, p.lang)}` : ''}`}
      </p>
      {props.showNew ? <p>{t(p, 'Нові звернення чекають на вашу перевірку: прийміть (і виправте категорію), відхиліть або позначте дублікатом.', 'New reports wait for your check: accept them (correcting the category), reject or mark as duplicates.')}</p> : ''}
      <div class="table-wrap">
        <table class="oc-queue">
          <caption class="visually-hidden">{t(p, 'Черга за терміном', 'Queue by deadline')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Термін', 'Due')}</th>
              <th scope="col">{t(p, 'Звернення', 'Report')}</th>
              <th scope="col">{t(p, 'Статус', 'Status')}</th>
              <th scope="col">{t(p, 'Підрозділ', 'Department')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => {
              const late = isOverdue(r.status, r.deadlineAt, props.now);
              return (
                <tr class={late ? 'oc-row-overdue' : undefined}>
                  <td>
                    <span safe>{formatKyivDate(r.deadlineAt, p.lang)}</span>
                    {late ? <strong class="oc-overdue">{t(p, ' прострочено', ' overdue')}</strong> : ''}
                  </td>
                  <td>
                    <a href={`${base(c)}/reports/${r.id}`} safe>
                      {`№${r.id}. ${r.title}`}
                    </a>
                    <br />
                    <span class="small" safe>
                      {`${r.categoryName[p.lang]} · ${place(r, p.lang)}`}
                    </span>
                  </td>
                  <td>
                    <StatusBadge p={p} s={r.status} />
                  </td>
                  <td safe>{r.departmentName[p.lang]}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pagination ctx={p} page={props.page} total={props.total} perPage={props.perPage} base={`${base(c)}/work${props.current ? `?department=${encodeURIComponent(props.current)}` : ''}`} />
    </Layout>
  );
}

/* ---------- moderator settings ---------- */

export function ManagePage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  departments: Department[];
  keys: { id: number; name: string; prefix: string; createdAt: Date; revokedAt: Date | null }[];
  newKey: string | null;
  territoryText: string;
  form: FormState;
  flash: string;
}): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Налаштування Відкритого міста', 'Open City settings')} hasErrors={Object.keys(props.form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={props.form.errors} />
      <h1>{t(p, 'Налаштування Відкритого міста', 'Open City settings')}</h1>
      <SubNav p={p} c={c} current="manage" staff={true} moderator={true} />
      {props.flash ? (
        <div class="notice" role="status">
          <p safe>{props.flash}</p>
        </div>
      ) : (
        ''
      )}
      {props.newKey ? (
        <div class="notice warning" role="status">
          <p>{t(p, 'Новий ключ API. Скопіюйте його зараз — пізніше його не буде видно:', 'The new API key. Copy it now: it will not be shown again:')}</p>
          <p>
            <code safe>{props.newKey}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      <h2>{t(p, 'Категорії, підрозділи й терміни', 'Categories, departments and terms')}</h2>
      <p>{t(p, 'Терміни за Законом «Про звернення громадян»: 15 днів — без додаткової перевірки, 30 — звичайний, 45 — найбільший.', 'Terms under the Law on Citizens’ Appeals: 15 days without extra checking, 30 by default, 45 at most.')}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Категорія', 'Category')}</th>
              <th scope="col">{t(p, 'Код Open311', 'Open311 code')}</th>
              <th scope="col">{t(p, 'Підрозділ і термін', 'Department and term')}</th>
            </tr>
          </thead>
          <tbody>
            {categoryTree(props.categories).flatMap(({ group, children }) =>
              [group, ...children].map((cat) => (
                <tr>
                  <td safe>{`${cat.parentId ? '— ' : ''}${cat.name[p.lang]}`}</td>
                  <td>
                    <code safe>{cat.code}</code>
                  </td>
                  <td>
                    <form method="post" action={`${base(c)}/manage/categories/${cat.id}`} class="inline-form">
                      <CsrfField ctx={p} />
                      <label class="visually-hidden" for={`dep-${cat.id}`} safe>
                        {`${tr(p, 'Підрозділ для', 'Department for')} ${cat.name[p.lang]}`}
                      </label>
                      <select id={`dep-${cat.id}`} name="department">
                        {props.departments.map((d) => (
                          <option value={d.key} selected={d.id === cat.departmentId} safe>
                            {d.name[p.lang]}
                          </option>
                        ))}
                      </select>
                      <label class="visually-hidden" for={`term-${cat.id}`} safe>
                        {`${tr(p, 'Термін для', 'Term for')} ${cat.name[p.lang]}`}
                      </label>
                      <select id={`term-${cat.id}`} name="term">
                        {[15, 30, 45].map((n) => (
                          <option value={String(n)} selected={n === cat.termDays} safe>
                            {plural(n, { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, p.lang)}
                          </option>
                        ))}
                      </select>
                      <button class="button secondary" type="submit">
                        {t(p, 'Зберегти', 'Save')}
                      </button>
                    </form>
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
      <h2>{t(p, 'Територія громади', 'Territory of the community')}</h2>
      <form method="post" action={`${base(c)}/manage/territory`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <TextArea
          ctx={p}
          form={{ values: { territory: props.form.values.territory ?? props.territoryText }, errors: props.form.errors }}
          name="territory"
          label={tr(p, 'Кути багатокутника: по одному «широта, довгота» в рядку', 'Polygon corners: one «latitude, longitude» per line')}
          hint={tr(p, 'Звернення з точкою поза цим багатокутником не приймаються. Щонайменше три точки.', 'Reports with a point outside this polygon are refused. At least three points.')}
          rows={6}
        />
        <button class="button secondary" type="submit">
          {t(p, 'Зберегти територію', 'Save the territory')}
        </button>
      </form>
      <h2>{t(p, 'Ключі Open311 для партнерських застосунків', 'Open311 keys for partner apps')}</h2>
      <p>
        {t(p, 'Партнерські застосунки (наприклад, міський чат-бот) подають звернення через', 'Partner apps (such as a municipal chat-bot) file reports through')} <code>/open311/v2/requests.json</code>{' '}
        {t(p, 'з параметром', 'with')} <code>api_key</code>. <code safe>{`jurisdiction_id=${c.slug}`}</code>
      </p>
      <form method="post" action={`${base(c)}/manage/keys`} class="stack" novalidate>
        <CsrfField ctx={p} />
        <TextField ctx={p} form={props.form} name="name" label={tr(p, 'Назва застосунку', 'Name of the app')} maxlength={100} />
        <button class="button" type="submit">
          {t(p, 'Видати ключ', 'Issue a key')}
        </button>
      </form>
      <ul class="cards">
        {props.keys.map((k) => (
          <li class="card">
            <p>
              <strong safe>{k.name}</strong> <code safe>{`${k.prefix}…`}</code>
            </p>
            <p class="meta" safe>
              {`${tr(p, 'Видано', 'Issued')} ${formatKyivDateTime(k.createdAt, p.lang)}${k.revokedAt ? ` · ${tr(p, 'відкликано', 'revoked')} ${formatKyivDateTime(k.revokedAt, p.lang)}` : ''}`}
            </p>
            {k.revokedAt ? '' : <ActionButton ctx={p} action={`${base(c)}/manage/keys/${k.id}/revoke`} label={tr(p, 'Відкликати', 'Revoke')} variant="warning" />}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/* ---------- statistics ---------- */

export function StatsPage(props: {
  p: PageCtx;
  c: Community;
  total: number;
  resolvedShare: number | null;
  medianDays: number | null;
  overdue: number;
  byCategory: { name: string; total: number; resolved: number; median: number | null }[];
  byDepartment: { name: string; total: number; resolved: number; overdue: number; median: number | null }[];
  staff: boolean;
  moderator: boolean;
}): JSX.Element {
  const { p, c } = props;
  const days = (n: number | null) => (n === null ? '—' : `${n.toFixed(1)} ${tr(p, 'дн.', 'days')}`);
  const pct = (a: number, b: number) => (b === 0 ? '—' : `${Math.round((a / b) * 100)}%`);
  return (
    <Layout ctx={p} title={tr(p, 'Статистика звернень', 'Report statistics')}>
      <h1>{t(p, 'Статистика звернень', 'Report statistics')}</h1>
      <SubNav p={p} c={c} current="stats" staff={props.staff} moderator={props.moderator} />
      <ul class="figures">
        <li>
          <strong safe>{formatNumber(props.total, p.lang)}</strong> {t(p, 'звернень', 'reports')}
        </li>
        <li>
          <strong safe>{props.resolvedShare === null ? '—' : `${Math.round(props.resolvedShare * 100)}%`}</strong> {t(p, 'вирішено', 'resolved')}
        </li>
        <li>
          <strong safe>{days(props.medianDays)}</strong> {t(p, 'медіана до вирішення', 'median to resolve')}
        </li>
        <li>
          <strong safe>{formatNumber(props.overdue, p.lang)}</strong> {t(p, 'прострочено зараз', 'overdue now')}
        </li>
      </ul>
      <h2>{t(p, 'За категоріями', 'By category')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Категорія', 'Category')}</th>
              <th scope="col">{t(p, 'Звернень', 'Reports')}</th>
              <th scope="col">{t(p, 'Вирішено', 'Resolved')}</th>
              <th scope="col">{t(p, 'Медіана днів', 'Median days')}</th>
            </tr>
          </thead>
          <tbody>
            {props.byCategory.map((r) => (
              <tr>
                <td safe>{r.name}</td>
                <td safe>{formatNumber(r.total, p.lang)}</td>
                <td safe>{pct(r.resolved, r.total)}</td>
                <td safe>{days(r.median)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t(p, 'За підрозділами', 'By department')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Підрозділ', 'Department')}</th>
              <th scope="col">{t(p, 'Звернень', 'Reports')}</th>
              <th scope="col">{t(p, 'Вирішено', 'Resolved')}</th>
              <th scope="col">{t(p, 'Медіана днів', 'Median days')}</th>
              <th scope="col">{t(p, 'Прострочено', 'Overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {props.byDepartment.map((r) => (
              <tr>
                <td safe>{r.name}</td>
                <td safe>{formatNumber(r.total, p.lang)}</td>
                <td safe>{pct(r.resolved, r.total)}</td>
                <td safe>{days(r.median)}</td>
                <td safe>{formatNumber(r.overdue, p.lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/* ---------- subscriptions ---------- */

export function SubscriptionsPage(props: { p: PageCtx; c: Community; subs: Subscription[]; flash: string; staff: boolean; moderator: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Мої підписки', 'My subscriptions')}>
      <h1>{t(p, 'Мої підписки', 'My subscriptions')}</h1>
      <SubNav p={p} c={c} current="subscriptions" staff={props.staff} moderator={props.moderator} />
      {props.flash ? (
        <div class="notice" role="status">
          <p safe>{props.flash}</p>
        </div>
      ) : (
        ''
      )}
      {props.subs.length === 0 ? (
        <p>{t(p, 'Ви ще ні за чим не стежите. Підписатися можна на сторінці звернення або на мапі (район).', 'You follow nothing yet. Subscribe on a report page, or on the map (an area).')}</p>
      ) : (
        <ul class="cards">
          {props.subs.map((s) => (
            <li class="card">
              {s.reportId ? (
                <p>
                  <a href={`${base(c)}/reports/${s.reportId}`} safe>
                    {`${tr(p, 'Звернення', 'Report')} №${s.reportId}`}
                  </a>
                </p>
              ) : (
                <p safe>{`${tr(p, 'Район', 'Area')}: ${s.center!.lat.toFixed(5)}, ${s.center!.lng.toFixed(5)} · ${s.radiusM} ${tr(p, 'м', 'm')}`}</p>
              )}
              <p class="meta" safe>
                {s.email}
              </p>
              <ActionButton ctx={p} action={`${base(c)}/unsubscribe/${s.token}`} label={tr(p, 'Відписатися', 'Unsubscribe')} variant="secondary" />
            </li>
          ))}
        </ul>
      )}
      <AreaSubscribeForm p={p} c={c} center={null} />
    </Layout>
  );
}

export function UnsubscribePage(props: { p: PageCtx; c: Community; sub: Subscription | null; done: boolean }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Відписка', 'Unsubscribe')}>
      <h1>{t(p, 'Відписка від листів', 'Unsubscribe from e-mails')}</h1>
      {props.done ? (
        <p role="status">{t(p, 'Готово: листів за цією підпискою більше не буде.', 'Done: no more e-mails for this subscription.')}</p>
      ) : props.sub ? (
        <>
          <p safe>{props.sub.reportId ? `${tr(p, 'Звернення', 'Report')} №${props.sub.reportId} · ${props.sub.email}` : `${tr(p, 'Район', 'Area')} · ${props.sub.email}`}</p>
          <ActionButton ctx={p} action={`${base(c)}/unsubscribe/${props.sub.token}`} label={tr(p, 'Відписатися', 'Unsubscribe')} />
        </>
      ) : (
        <p>{t(p, 'Такої підписки немає: можливо, ви вже відписалися.', 'There is no such subscription: you may have unsubscribed already.')}</p>
      )}
    </Layout>
  );
}
