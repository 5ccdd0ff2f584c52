/** The open data catalogue and one dataset's page: its fields, and its files for all or one community. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Text } from '../../../core/i18n/index.js';
import type { OpenDataset } from '../../../core/modules/manifest.js';

export function OpenDataPage({ p, datasets, communities }: { p: PageCtx; datasets: OpenDataset[]; communities: { slug: string; name: Text }[] }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Відкриті дані', 'Open data')}>
      <h1>{t(p, 'Відкриті дані', 'Open data')}</h1>
      <p>
        {t(
          p,
          'Усі публічні дані платформи — для журналістів, дослідників і розробників. Адреси файлів сталі; дані оновлюються щохвилини. Персональні дані, крім тих, що закон вимагає оприлюднювати, не включено.',
          'All public data of the platform, for journalists, researchers and developers. File addresses are stable; data is refreshed every minute. No personal data beyond what the law makes public.',
        )}
      </p>
      <p>
        <strong>{t(p, 'Ліцензія:', 'Licence:')}</strong>{' '}
        {t(
          p,
          'Creative Commons Attribution 4.0 (CC BY 4.0): використовуйте вільно, зазначаючи джерело «Віче».',
          'Creative Commons Attribution 4.0 (CC BY 4.0): use freely, crediting «Віче».',
        )}
      </p>
      <ul class="cards">
        {datasets.map((d) => (
          <li class="card">
            <h2>
              <a href={`/open-data/${d.id}`} safe>
                {d.title[p.lang]}
              </a>
            </h2>
            <p safe>{d.description[p.lang]}</p>
            <p>
              <a href={`/open-data/${d.id}.csv`}>CSV</a> · <a href={`/open-data/${d.id}.json`}>JSON</a>
            </p>
          </li>
        ))}
      </ul>
      <p class="meta" safe>{`${tr(p, 'Для однієї громади додайте', 'For one community add')} ?community=${communities[0]?.slug ?? 'lviv'}`}</p>
    </Layout>
  );
}

export function DatasetPage({ p, d, communities }: { p: PageCtx; d: OpenDataset; communities: { slug: string; name: Text }[] }): JSX.Element {
  return (
    <Layout ctx={p} title={d.title[p.lang]}>
      <p>
        <a href="/open-data">{t(p, '← Відкриті дані', '← Open data')}</a>
      </p>
      <h1 safe>{d.title[p.lang]}</h1>
      <p safe>{d.description[p.lang]}</p>
      <h2>{t(p, 'Файли', 'Files')}</h2>
      <ul>
        <li>
          {t(p, 'Уся платформа:', 'The whole platform:')}{' '}
          <a href={`/open-data/${d.id}.csv`} safe>
            {`/open-data/${d.id}.csv`}
          </a>{' '}
          ·{' '}
          <a href={`/open-data/${d.id}.json`} safe>
            {`/open-data/${d.id}.json`}
          </a>
        </li>
        {communities.map((c) => (
          <li>
            <span safe>{c.name[p.lang]}</span>: <a href={`/open-data/${d.id}.csv?community=${c.slug}`}>CSV</a> ·{' '}
            <a href={`/open-data/${d.id}.json?community=${c.slug}`}>JSON</a>
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Словник даних', 'Data dictionary')}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t(p, 'Поле', 'Field')}</th>
              <th scope="col">{t(p, 'Тип', 'Type')}</th>
              <th scope="col">{t(p, 'Значення', 'Meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {d.fields.map((f) => (
              <tr>
                <td>
                  <code safe>{f.name}</code>
                </td>
                <td>{f.type}</td>
                <td safe>{f.meaning[p.lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
