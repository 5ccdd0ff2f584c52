import { Layout } from '../../../core/views/layout.js';
import { feedRefs } from '../../../core/feeds/feeds.js';
import { FeedLinks } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { Pagination } from '../../../core/views/pagination.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { Category, ListQuery, ListTab, PetitionRow } from '../repository.js';
import type { PetitionState } from '../rules.js';
import { PetitionCard } from './parts.js';
import { FilterSelect } from '../../../core/views/forms.js';
import { RefusalLine, ShowButton, type Refused } from '../../../core/views/kit.js';
import { FollowBox, type FollowState } from '../../../core/follows/views.js';

export const TABS: { tab: ListTab; label: { uk: string; en: string } }[] = [
  { tab: 'all', label: { uk: 'Усі', en: 'All' } },
  { tab: 'collecting', label: { uk: 'Збір підписів', en: 'Collecting' } },
  { tab: 'consideration', label: { uk: 'На розгляді', en: 'Under consideration' } },
  { tab: 'answered', label: { uk: 'З відповіддю', en: 'Answered' } },
  { tab: 'failed', label: { uk: 'Не набрали підписів', en: 'Not enough signatures' } },
  { tab: 'rejected', label: { uk: 'Відхилені', en: 'Rejected' } },
];

export interface ListPageProps extends Omit<ListQuery, 'communityId'> {
  p: PageCtx;
  c: Community;
  total: number;
  rows: { row: PetitionRow; state: PetitionState }[];
  categories: Category[];
  /** Why the signed-in viewer may not start a petition here (null: they may, or are signed out). */
  startRefusal: Refused | null;
  /** Following the community's petitions by e-mail. */
  follow: FollowState;
}

export function ListPage(props: ListPageProps): JSX.Element {
  const { p, c } = props;
  const params = (over: Record<string, string>) => {
    const u = new URLSearchParams({ tab: props.tab, q: props.q, category: props.categoryId ? String(props.categoryId) : '', sort: props.sort, ...over });
    for (const [k, v] of [...u]) if (!v || (k === 'tab' && v === 'all') || (k === 'sort' && v === 'newest')) u.delete(k);
    const s = u.toString();
    return `/${c.slug}/petitions${s ? `?${s}` : ''}`;
  };
  const feeds = feedRefs(`/${c.slug}/petitions`, { category: props.categoryId });
  return (
    <Layout ctx={p} title={tr(p, 'Місцеві петиції', 'Local petitions')} feeds={feeds}>
      <h1>{t(p, 'Місцеві петиції', 'Local petitions')}</h1>
      <FeedLinks ctx={p} feeds={feeds} />
      <FollowBox p={p} state={props.follow} />
      <p class="lead">
        {t(
          p,
          'Петиція до місцевої ради: якщо за визначений строк вона набере потрібну кількість підписів, рада зобовʼязана її розглянути й оприлюднити відповідь.',
          'A petition to the local council: if it collects enough signatures in time, the council must consider it and publish an answer.',
        )}
      </p>
      {props.startRefusal ? (
        <RefusalLine ctx={p} of={props.startRefusal} lead={tr(p, 'Створити петицію тут ви не можете:', 'You cannot start a petition here:')} />
      ) : (
        <p>
          <a class="button" href={`/${c.slug}/petitions/new`}>
            {t(p, 'Створити петицію', 'Start a petition')}
          </a>
        </p>
      )}
      <nav aria-label={tr(p, 'Статус петицій', 'Petition status')}>
        <ul class="tabs">
          {TABS.map((x) => (
            <li>
              <a href={params({ tab: x.tab, page: '' })} aria-current={x.tab === props.tab ? 'page' : undefined} safe>
                {x.label[p.lang]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="get" action={`/${c.slug}/petitions`} class="search-form" role="search">
        <input type="hidden" name="tab" value={props.tab} />
        <div class="field">
          <label for="q">{t(p, 'Пошук у назві й тексті', 'Search title and text')}</label>
          <input id="q" name="q" type="search" value={props.q} />
        </div>
        <FilterSelect
          name="category"
          label={tr(p, 'Категорія', 'Category')}
          all={tr(p, 'Усі категорії', 'All categories')}
          value={props.categoryId ? String(props.categoryId) : ''}
          options={props.categories.map((cat) => ({ value: String(cat.id), label: cat.name[p.lang] }))}
        />
        <FilterSelect
          name="sort"
          label={tr(p, 'Порядок', 'Sort by')}
          value={props.sort}
          options={[
            { value: 'newest', label: tr(p, 'Спершу нові', 'Newest first') },
            { value: 'signatures', label: tr(p, 'Найбільше підписів', 'Most signed') },
            { value: 'ending', label: tr(p, 'Скоро завершення збору', 'Ending soon') },
          ]}
        />
        <ShowButton ctx={p} />
      </form>
      <p role="status" safe>
        {plural(props.total, { uk: ['петиція', 'петиції', 'петицій'], en: ['petition', 'petitions'] }, p.lang)}
      </p>
      <ul class="cards">
        {props.rows.map(({ row, state }) => (
          <PetitionCard ctx={p} p={row} state={state} slug={c.slug} now={props.now} />
        ))}
      </ul>
      <Pagination ctx={p} page={props.page} total={props.total} perPage={props.perPage} base={params({ page: '' })} />
      <p>
        <a href={`/${c.slug}/petitions.csv`}>{t(p, 'Завантажити список (CSV)', 'Download the list (CSV)')}</a>
      </p>
    </Layout>
  );
}
