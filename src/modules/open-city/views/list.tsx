/** The public list of reports, with filters. */
import { FollowBox, type FollowState } from '../../../core/follows/views.js';
import { Layout } from '../../../core/views/layout.js';
import { feedRefs } from '../../../core/feeds/feeds.js';
import { FeedLinks } from '../../../core/feeds/links.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ErrorSummary } from '../../../core/views/forms.js';
import { Pagination } from '../../../core/views/pagination.js';
import { formatKyivDate } from '../../../core/calendar/index.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import { isOverdue } from '../rules.js';
import type { Category, ReportRow } from '../repository.js';
import type { ListFilters } from '../forms.js';
import { base, Deadline, FilterForm, FILTERS_SCRIPT, place, StatusBadge, SubNav } from './parts.js';
import { RefusalLine, type Refused } from '../../../core/views/kit.js';

function ReportCard({ p, c, r, now, staff }: { p: PageCtx; c: Community; r: ReportRow; now: Date; staff: boolean }): JSX.Element {
  const overdue = isOverdue(r.status, r.deadlineAt, now);
  return (
    <li class={`card oc-card${staff && overdue ? ' oc-card-overdue' : ''}`}>
      <h3>
        <a href={`${base(c)}/reports/${r.id}`} safe>
          {`№${r.number}. ${r.title}`}
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
            <span safe>
              {plural(
                r.supports,
                { uk: ['людина теж стикалася', 'людини теж стикалися', 'людей теж стикалися'], en: ['person also affected', 'people also affected'] },
                p.lang,
              )}
            </span>
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
  /** Why the signed-in viewer may not report here (null: they may, or are signed out). */
  refusal: Refused | null;
  follow: FollowState;
}): JSX.Element {
  const { p, c } = props;
  const feeds = feedRefs(base(c), { category: props.f.category, status: props.f.status, from: props.f.from, to: props.f.to });
  return (
    <Layout ctx={p} title={tr(p, 'Відкрите місто', 'Open City')} hasErrors={Object.keys(props.errors).length > 0} feeds={feeds} scripts={[FILTERS_SCRIPT]}>
      <ErrorSummary ctx={p} errors={props.errors} />
      <h1>{t(p, 'Відкрите місто', 'Open City')}</h1>
      <FollowBox p={p} state={props.follow} />
      <p class="lead">{t(p, 'Позначайте проблему. Отримуйте результат.', 'Mark a problem. Get it fixed.')}</p>
      <SubNav p={p} c={c} current="list" staff={props.staff} moderator={props.moderator} />
      <RefusalLine ctx={p} of={props.refusal} lead={tr(p, 'Повідомити про проблему тут ви не можете:', 'You cannot report a problem here:')} />
      <p>
        {props.refusal ? (
          ''
        ) : (
          <a class="button" href={`${base(c)}/new`}>
            {t(p, 'Повідомити про проблему', 'Report a problem')}
          </a>
        )}{' '}
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
      <FeedLinks ctx={p} feeds={feeds} />
    </Layout>
  );
}
