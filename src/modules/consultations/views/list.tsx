/** The list of consultations, polls and draft acts, with its filters. */
import { Layout } from '../../../core/views/layout.js';
import { feedRefs } from '../../../core/feeds/feeds.js';
import { FeedLinks } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { Pagination } from '../../../core/views/pagination.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { ListedItem } from '../repository.js';
import { CATEGORIES, KINDS, KIND_LABEL, PUBLIC_STATES, STATE_LABEL, categoryLabel, type State } from '../rules/model.js';
import { base, itemUrl, StateBadge } from './parts.js';
import { FilterSelect, SubmitButton } from '../../../core/views/forms.js';
import { FollowBox, type FollowState } from '../../../core/follows/views.js';

export interface ListFilterView {
  kind: string;
  state: string;
  category: string;
  q: string;
  page: number;
}

export function ListPage(props: {
  p: PageCtx;
  c: Community;
  items: (ListedItem & { state: State })[];
  total: number;
  perPage: number;
  filter: ListFilterView;
  moderator: boolean;
  pendingTopics: number;
  follow: FollowState;
}): JSX.Element {
  const { p, c, filter } = props;
  const qs = new URLSearchParams({ kind: filter.kind, state: filter.state, category: filter.category, q: filter.q });
  for (const [k, v] of [...qs]) if (!v) qs.delete(k);
  const listBase = `${base(c)}${qs.size ? `?${qs}` : ''}`;
  const feeds = feedRefs(base(c), { kind: filter.kind, category: filter.category });
  return (
    <Layout ctx={p} title={tr(p, 'Консультації з громадськістю', 'Public consultations')} feeds={feeds}>
      <h1>{t(p, 'Консультації з громадськістю', 'Public consultations')}</h1>
      <FeedLinks ctx={p} feeds={feeds} />
      <FollowBox p={p} state={props.follow} />
      <p class="lead">
        {t(
          p,
          'Громада питає — мешканці відповідають: консультації, опитування й обговорення проєктів нормативних актів.',
          'The council asks, residents answer: consultations, polls and discussions of draft acts.',
        )}
      </p>
      <p class="actions">
        <a class="button secondary" href={`${base(c)}/topics/new`}>
          {t(p, 'Запропонувати тему', 'Suggest a topic')}
        </a>
        {props.moderator ? (
          <>
            {' '}
            <a class="button" href={`${base(c)}/new`}>
              {t(p, 'Створити', 'Create')}
            </a>{' '}
            <a class="button secondary" href={`${base(c)}/topics`}>
              {t(p, `Теми від мешканців (${props.pendingTopics})`, `Topics from residents (${props.pendingTopics})`)}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <form method="get" action={base(c)} role="search" class="search-form" novalidate>
        <div class="field">
          <label for="q">{t(p, 'Пошук', 'Search')}</label>
          <input id="q" name="q" type="search" value={filter.q} />
        </div>
        <FilterSelect
          name="kind"
          label={tr(p, 'Вид', 'Kind')}
          all={tr(p, 'Усі види', 'All kinds')}
          value={filter.kind}
          options={KINDS.map((k) => ({ value: k, label: KIND_LABEL[k][p.lang] }))}
        />
        <FilterSelect
          name="state"
          label={tr(p, 'Стан', 'State')}
          all={tr(p, 'Усі', 'All')}
          value={filter.state}
          options={[...PUBLIC_STATES, ...(props.moderator ? (['draft'] as const) : [])].map((s) => ({ value: s, label: STATE_LABEL[s][p.lang] }))}
        />
        <FilterSelect
          name="category"
          label={tr(p, 'Категорія', 'Category')}
          all={tr(p, 'Усі категорії', 'All categories')}
          value={filter.category}
          options={CATEGORIES.map((x) => ({ value: x.value, label: x[p.lang] }))}
        />
        <SubmitButton>{t(p, 'Показати', 'Show')}</SubmitButton>
      </form>
      <p role="status" safe>
        {plural(props.total, { uk: ['запис', 'записи', 'записів'], en: ['item', 'items'] }, p.lang)}
      </p>
      <ul class="consultation-list">
        {props.items.map((i) => (
          <li class="card consultation-card">
            <p class="meta">
              <span class={`kind kind-${i.kind}`} safe>
                {KIND_LABEL[i.kind][p.lang]}
              </span>{' '}
              · <span safe>{formatKyivDate(i.startsAt, p.lang)}</span> · <StateBadge p={p} state={i.state} />
            </p>
            <h2 class="card-title">
              <a href={itemUrl(c, i.id)} safe>
                {i.title}
              </a>
            </h2>
            <p class="meta">
              <span safe>
                {i.kind === 'poll'
                  ? plural(i.participation, { uk: ['голос', 'голоси', 'голосів'], en: ['vote', 'votes'] }, p.lang)
                  : plural(i.participation, { uk: ['коментар', 'коментарі', 'коментарів'], en: ['comment', 'comments'] }, p.lang)}
              </span>{' '}
              · <span safe>{categoryLabel(i.category, p.lang)}</span>
            </p>
          </li>
        ))}
      </ul>
      {props.items.length === 0 ? <p>{t(p, 'Нічого не знайдено.', 'Nothing found.')}</p> : ''}
      <Pagination ctx={p} page={filter.page} total={props.total} perPage={props.perPage} base={listBase} />
    </Layout>
  );
}

// ---------- one item ----------
