/** What several Open City pages share: links, status badges, deadlines, the filter form, the area subscription form. */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { StatusBadge as Badge, ShowButton } from '../../../core/views/kit.js';
import { CsrfField, FilterSelect, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import type { Lang } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import { isOpen, isOverdue, STATUS_LABEL, STATUSES, categoryTree, type Status } from '../rules.js';
import type { Category, ReportRow } from '../repository.js';
import type { ListFilters } from '../forms.js';
import { MAP_ASSETS } from '../../../core/maps/map-assets.js';

export const ASSETS = MAP_ASSETS;

export function base(c: Community): string {
  return `/${c.slug}/open-city`;
}

export function StatusBadge({ p, s }: { p: PageCtx; s: Status }): JSX.Element {
  return <Badge ctx={p} cls={`oc-status oc-status-${s}`} label={STATUS_LABEL[s]} />;
}

export function Deadline({ p, r, now }: { p: PageCtx; r: ReportRow; now: Date }): JSX.Element {
  const overdue = isOverdue(r.status, r.deadlineAt, now);
  if (!isOpen(r.status)) {
    // A report closed before its term shows the term as it stands, not as a past one (issue #21).
    return (
      <span class="oc-deadline" safe>
        {r.deadlineAt.getTime() > now.getTime()
          ? `${tr(p, 'Термін відповіді: до', 'Answer due by')} ${formatKyivDate(r.deadlineAt, p.lang)}`
          : `${tr(p, 'Термін відповіді був до', 'Answer was due by')} ${formatKyivDate(r.deadlineAt, p.lang)}`}
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

export function place(r: ReportRow, lang: Lang): string {
  if (r.address) return r.address;
  if (r.lat !== null && r.lng !== null) return `${r.lat.toFixed(5)}, ${r.lng.toFixed(5)}`;
  return tr({ lang }, 'місце не вказано', 'no place given');
}

/** The tool's own links, under its title. */
export function SubNav({ p, c, current, staff, moderator }: { p: PageCtx; c: Community; current: string; staff: boolean; moderator: boolean }): JSX.Element {
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

export function CategoryOptions({
  p,
  categories,
  current,
  leavesOnly,
}: {
  p: PageCtx;
  categories: Category[];
  current: string;
  leavesOnly: boolean;
}): JSX.Element {
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

/** Opens the filters on wide screens (an enhancement: without it they are one tap away everywhere). */
export const FILTERS_SCRIPT = '/static/filters.js';

/**
 * The list's and map's filters, folded into «Фільтри» so a phone shows the reports first (issue #21); open
 * when a filter is set, and on wide screens by FILTERS_SCRIPT.
 */
export function FilterForm({ p, c, categories, f, action }: { p: PageCtx; c: Community; categories: Category[]; f: ListFilters; action: string }): JSX.Element {
  const active = [f.category, f.status, f.from, f.to].filter(Boolean).length;
  return (
    <details class="oc-filter-box" open={active > 0}>
      <summary>{active > 0 ? tr(p, `Фільтри (обрано: ${active})`, `Filters (${active} set)`) : t(p, 'Фільтри', 'Filters')}</summary>
      <FilterFields p={p} c={c} categories={categories} f={f} action={action} />
    </details>
  );
}

function FilterFields({ p, c, categories, f, action }: { p: PageCtx; c: Community; categories: Category[]; f: ListFilters; action: string }): JSX.Element {
  return (
    <form method="get" action={action} class="oc-filters" novalidate>
      <FilterSelect name="category" id="f-category" label={tr(p, 'Категорія', 'Category')} all={tr(p, 'Усі категорії', 'All categories')}>
        <CategoryOptions p={p} categories={categories} current={f.category} leavesOnly={false} />
      </FilterSelect>
      <FilterSelect
        name="status"
        id="f-status"
        label={tr(p, 'Статус', 'Status')}
        all={tr(p, 'Усі статуси', 'All statuses')}
        value={f.status}
        options={[
          { value: 'open', label: tr(p, 'Відкриті (ще не вирішені)', 'Open (not yet resolved)') },
          ...STATUSES.filter((s) => s !== 'new').map((s) => ({ value: s, label: STATUS_LABEL[s][p.lang] })),
        ]}
      />
      <div class="field">
        <label for="f-from">{t(p, 'Подано з', 'Filed from')}</label>
        <input id="f-from" name="from" type="date" value={f.from} />
      </div>
      <div class="field">
        <label for="f-to">{t(p, 'по', 'to')}</label>
        <input id="f-to" name="to" type="date" value={f.to} />
      </div>
      <ShowButton ctx={p} />
      <a class="small" href={action.startsWith(base(c)) ? action : base(c)}>
        {t(p, 'Скинути', 'Reset')}
      </a>
    </form>
  );
}

export function AreaSubscribeForm({ p, c, center }: { p: PageCtx; c: Community; center: { lat: number; lng: number } | null }): JSX.Element {
  return (
    <section class="oc-subscribe">
      <h2>{t(p, 'Стежити за районом', 'Follow an area')}</h2>
      <p>
        {t(
          p,
          'Ми надішлемо лист про кожне нове звернення в межах радіуса від точки.',
          'We will e-mail you about each new report within the radius of a point.',
        )}
      </p>
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
        <SubmitButton variant="secondary">{t(p, 'Підписатися', 'Subscribe')}</SubmitButton>
      </form>
    </section>
  );
}
