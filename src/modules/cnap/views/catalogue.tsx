/** The catalogue: a search, the services grouped by life situation, and the offices with today's status. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';
import type { Office, Service, Situation } from '../repository.js';
import type { OfficeStatus } from '../rules.js';
import { base, loc, OfficeCards, SearchForm, ServiceList } from './parts.js';

const SERVICES: PluralText = { uk: ['послуга', 'послуги', 'послуг'], en: ['service', 'services'] };

export function CataloguePage(props: {
  p: PageCtx;
  c: Community;
  situations: Situation[];
  services: Service[];
  offices: { office: Office; status: OfficeStatus }[];
  query: string;
  found: Service[] | null;
  manager: boolean;
}): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, `ЦНАП — ${c.name.uk}`, `Administrative service centre — ${c.name.en}`)}>
      <h1>{t(p, 'Центр надання адміністративних послуг', 'Administrative service centre (ЦНАП)')}</h1>
      <p class="lead">
        {t(
          p,
          'Довідник послуг: які документи взяти, скільки це коштує, скільки чекати і куди прийти.',
          'A guide to the services: which documents to bring, what it costs, how long it takes and where to go.',
        )}
      </p>
      {props.manager ? (
        <p>
          <a href={`/${c.slug}/manage/cnap`}>{t(p, 'Керувати каталогом', 'Manage the catalogue')}</a>
        </p>
      ) : (
        ''
      )}
      <SearchForm p={p} c={c} query={props.query} />
      {props.found !== null ? (
        <section aria-labelledby="found-heading">
          <h2 id="found-heading" safe>
            {props.found.length
              ? tr(p, `Знайдено: ${plural(props.found.length, SERVICES, 'uk')}`, `Found: ${plural(props.found.length, SERVICES, 'en')}`)
              : tr(p, 'Нічого не знайдено', 'Nothing found')}
          </h2>
          {props.found.length ? (
            <ServiceList p={p} c={c} services={props.found} />
          ) : (
            <p>
              {t(p, 'Спробуйте інше слово або перегляньте послуги за життєвими ситуаціями нижче.', 'Try another word or browse the life situations below.')}
            </p>
          )}
        </section>
      ) : (
        ''
      )}
      <h2>{t(p, 'Послуги за життєвими ситуаціями', 'Services by life situation')}</h2>
      {props.situations.map((s) => {
        const list = props.services.filter((x) => x.situationId === s.id);
        const name = loc(p, s.name, s.en.name);
        return list.length ? (
          <section aria-labelledby={`situation-${s.code}`} class="cnap-situation">
            <h3 id={`situation-${s.code}`} lang={name.lang} safe>
              {name.text}
            </h3>
            <ServiceList p={p} c={c} services={list} />
          </section>
        ) : (
          ''
        );
      })}
      <h2>{t(p, 'Де нас знайти', 'Where to find us')}</h2>
      <OfficeCards p={p} c={c} offices={props.offices} />
      <p>
        {t(p, 'Каталог відкритими даними:', 'The catalogue as open data:')} <a href={`${base(c)}/catalogue.csv`}>CSV</a>,{' '}
        <a href={`${base(c)}/catalogue.xlsx`}>XLSX</a>
      </p>
    </Layout>
  );
}
