/** The tool's public statistics page. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { formatNumber } from '../../../core/i18n/index.js';
import { FigureItem } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import { SubNav } from './parts.js';

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
        <FigureItem ctx={p} value={props.total} noun={{ uk: ['звернення', 'звернення', 'звернень'], en: ['report', 'reports'] }} />
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
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'За категоріями', 'By category')}>
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
      <div class="table-wrap" tabindex="0" role="region" aria-label={tr(p, 'За підрозділами', 'By department')}>
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
