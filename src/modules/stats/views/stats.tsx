/** The statistics page of the platform or of one community: filters, figures, monthly charts, top communities. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ErrorSummary } from '../../../core/views/forms.js';
import { formatNumber, type Text } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { StatsReport } from '../service.js';
import { BarChart } from './chart.js';
import { monthsBetween, type StatsFilters } from '../rules.js';
import { FigureItem, ShowButton } from '../../../core/views/kit.js';

export function StatsPage({
  p,
  c,
  report,
  filters,
  oblasts,
  errors,
}: {
  p: PageCtx;
  c: Community | null;
  report: StatsReport | null;
  filters: StatsFilters;
  oblasts: Text[];
  errors: Record<string, string>;
}): JSX.Element {
  const action = c ? `/${c.slug}/stats` : '/stats';
  const months = report ? monthsBetween(report.scope.from, report.scope.to) : [];
  return (
    <Layout ctx={p} title={tr(p, 'Статистика', 'Statistics')} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      <h1>{c ? t(p, 'Статистика громади', 'Community statistics') : t(p, 'Статистика платформи', 'Platform statistics')}</h1>
      <form method="get" action={action} class="search-form" novalidate>
        {c ? (
          ''
        ) : (
          <div class={`field${errors.oblast ? ' field-error' : ''}`}>
            <label for="oblast">{t(p, 'Область', 'Oblast')}</label>
            <select id="oblast" name="oblast">
              <option value="">{t(p, 'Усі області', 'All oblasts')}</option>
              {oblasts.map((o) => (
                <option value={o.uk} selected={o.uk === filters.oblast} safe>
                  {tr(p, `${o.uk} область`, `${o.en} Oblast`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div class={`field${errors.from ? ' field-error' : ''}`}>
          <label for="from">{t(p, 'З місяця (РРРР-ММ)', 'From month (YYYY-MM)')}</label>
          <input id="from" name="from" type="text" inputmode="numeric" value={filters.fromMonth} class="input-short" />
        </div>
        <div class={`field${errors.to ? ' field-error' : ''}`}>
          <label for="to">{t(p, 'По місяць (РРРР-ММ)', 'To month (YYYY-MM)')}</label>
          <input id="to" name="to" type="text" inputmode="numeric" value={filters.toMonth} class="input-short" />
        </div>
        <ShowButton ctx={p} />
      </form>
      {report ? (
        <>
          <ul class="stat-figures">
            {c ? (
              ''
            ) : (
              <FigureItem
                ctx={p}
                value={report.communities}
                noun={{ uk: ['підключена громада', 'підключені громади', 'підключених громад'], en: ['connected community', 'connected communities'] }}
              />
            )}
            <FigureItem
              ctx={p}
              value={report.users}
              noun={{ uk: ['користувач платформи', 'користувачі платформи', 'користувачів платформи'], en: ['platform user', 'platform users'] }}
            />
          </ul>
          {report.tools.map((tool) => (
            <section id={`tool-${tool.tool}`}>
              <h2 safe>{tool.name[p.lang]}</h2>
              <ul class="stat-figures">
                {c ? (
                  ''
                ) : (
                  <FigureItem
                    ctx={p}
                    value={tool.connectedCommunities}
                    noun={{ uk: ['громада користується', 'громади користуються', 'громад користуються'], en: ['community uses it', 'communities use it'] }}
                  />
                )}
                <FigureItem ctx={p} value={tool.stats.participants} noun={{ uk: ['учасник', 'учасники', 'учасників'], en: ['participant', 'participants'] }} />
                {tool.stats.figures.map((f) => (
                  <FigureItem ctx={p} value={f.value} label={f.label} />
                ))}
              </ul>
              {tool.stats.monthly.map((s) => (
                <BarChart id={`${tool.tool}-${s.key}`} series={{ label: s.label[p.lang], points: s.points }} lang={p.lang} months={months} />
              ))}
              {!c && tool.top.length ? (
                <div class="table-wrap">
                  <table>
                    <caption>{t(p, 'Найактивніші громади', 'Most active communities')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t(p, 'Громада', 'Community')}</th>
                        <th scope="col" safe>
                          {tool.stats.perCommunityLabel[p.lang]}
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {tool.top.map((x) => (
                        <tr>
                          <td>
                            <a href={`/${x.slug}/stats`} safe>
                              {x.name[p.lang]}
                            </a>
                          </td>
                          <td safe>{formatNumber(x.value, p.lang)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : (
                ''
              )}
            </section>
          ))}
          <p>
            <a href={c ? `/api/v1/communities/${c.slug}/stats` : '/api/v1/stats'}>{t(p, 'Ці дані у форматі JSON', 'This data as JSON')}</a> ·{' '}
            <a href="/open-data">{t(p, 'Відкриті дані', 'Open data')}</a>
          </p>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
