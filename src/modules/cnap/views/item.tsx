/** A service's information card, and an office's page (address, map, hours, accessibility, its services). */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { MapBox } from '../../../core/maps/map-box.js';
import { MAP_SCRIPTS, MAP_STYLESHEET } from '../../../core/maps/map-assets.js';
import type { Office, Service, Situation } from '../repository.js';
import { ACCESSIBILITY, WEEKDAY_NAMES, type OfficeStatus, type WEEK_ORDER } from '../rules.js';
import { base, BookingNote, HoursTable, loc, OfficeCards, ServiceList, StatusLine, type Localised } from './parts.js';

function Row(props: { label: string; value: Localised }): JSX.Element {
  return props.value.text ? (
    <>
      <dt safe>{props.label}</dt>
      <dd class="cnap-text" lang={props.value.lang} safe>
        {props.value.text}
      </dd>
    </>
  ) : (
    <></>
  );
}

export function ServicePage(props: {
  p: PageCtx;
  c: Community;
  service: Service;
  situation: Situation | undefined;
  offices: { office: Office; status: OfficeStatus }[];
  /** The e-queue's booking page for this service, or null (see BookingNote). */
  booking: string | null;
}): JSX.Element {
  const { p, c, service: s } = props;
  const text = (k: keyof Service['en']) => loc(p, s[k], s.en[k]);
  const name = text('name');
  const docs = text('documents');
  const documents = docs.text.split('\n').filter((d) => d.trim());
  const situation = props.situation ? loc(p, props.situation.name, props.situation.en.name) : null;
  return (
    <Layout ctx={p} title={name.text}>
      <p>
        <a href={base(c)}>{t(p, '← Усі послуги ЦНАП', '← All services')}</a>
      </p>
      <h1 lang={name.lang} safe>
        {name.text}
      </h1>
      {situation ? (
        <p class="meta">
          {t(p, 'Життєва ситуація', 'Life situation')}:{' '}
          <span lang={situation.lang} safe>
            {situation.text}
          </span>
        </p>
      ) : (
        ''
      )}
      <dl class="cnap-card">
        <Row label={tr(p, 'Хто може звернутися', 'Who may apply')} value={text('applicants')} />
        {documents.length ? (
          <>
            <dt>{t(p, 'Документи', 'Documents')}</dt>
            <dd lang={docs.lang}>
              <ul>
                {documents.map((d) => (
                  <li safe>{d}</li>
                ))}
              </ul>
            </dd>
          </>
        ) : (
          ''
        )}
        <dt>{t(p, 'Вартість', 'Cost')}</dt>
        {s.cost ? (
          <dd lang={text('cost').lang} safe>
            {text('cost').text}
          </dd>
        ) : (
          <dd>{t(p, 'Безоплатно', 'Free of charge')}</dd>
        )}
        <Row label={tr(p, 'Як оплатити', 'How to pay')} value={text('payment')} />
        <Row label={tr(p, 'Строк надання', 'Term')} value={text('term')} />
        <Row label={tr(p, 'Результат', 'Result')} value={text('result')} />
        <Row label={tr(p, 'Як отримати результат', 'How the result is received')} value={text('receiving')} />
        <Row label={tr(p, 'Правові підстави', 'Legal basis')} value={text('legalBasis')} />
      </dl>
      {s.onlineUrl ? (
        <p class="notice">
          {t(p, 'Цю послугу можна отримати й онлайн:', 'This service is also available online:')}{' '}
          <a href={s.onlineUrl} rel="noopener" safe>
            {s.onlineUrl.includes('diia.gov.ua') ? tr(p, 'на порталі «Дія»', 'on the Diia portal') : s.onlineUrl}
          </a>
        </p>
      ) : (
        ''
      )}
      <h2>{t(p, 'Де отримати', 'Where to get it')}</h2>
      <OfficeCards p={p} c={c} offices={props.offices} />
      <BookingNote p={p} href={props.booking} />
    </Layout>
  );
}

export function OfficePage(props: {
  p: PageCtx;
  c: Community;
  office: Office;
  status: OfficeStatus;
  /** The shortened eves of holidays this week (Labour Code Art. 53), today first. */
  shortDays: { date: string; weekday: string; close: string }[];
  services: Service[];
  tileUrl: string;
  attribution: string;
  booking: string | null;
}): JSX.Element {
  const { p, c, office: o } = props;
  const hasMap = o.lat !== null && o.lng !== null;
  const name = loc(p, o.name, o.en.name);
  const address = loc(p, o.address, o.en.address);
  const notes = loc(p, o.notes, o.en.notes);
  return (
    <Layout ctx={p} title={name.text} scripts={hasMap ? MAP_SCRIPTS : []}>
      {hasMap ? <link rel="stylesheet" href={MAP_STYLESHEET} /> : ''}
      <p>
        <a href={base(c)}>{t(p, '← Усі послуги ЦНАП', '← All services')}</a>
      </p>
      <h1 lang={name.lang} safe>
        {name.text}
      </h1>
      <p class="meta">{o.kind === 'remote' ? t(p, 'Віддалене робоче місце', 'Remote workplace') : t(p, 'Офіс ЦНАП', 'ЦНАП office')}</p>
      <StatusLine p={p} status={props.status} />
      <dl class="cnap-card">
        <dt>{t(p, 'Адреса', 'Address')}</dt>
        <dd lang={address.lang} safe>
          {address.text}
        </dd>
        {o.phone ? (
          <>
            <dt>{t(p, 'Телефон', 'Phone')}</dt>
            <dd>
              <a href={`tel:${o.phone.replace(/[^+\d]/g, '')}`} safe>
                {o.phone}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
        {o.email ? (
          <>
            <dt>{t(p, 'Електронна пошта', 'E-mail')}</dt>
            <dd>
              <a href={`mailto:${o.email}`} safe>
                {o.email}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <HoursTable p={p} hours={o.hours} caption={tr(p, 'Графік роботи', 'Opening hours')} />
      {props.shortDays.length ? (
        <ul class="notice cnap-short-days">
          {props.shortDays.map((d) => (
            <li safe>
              {`${WEEKDAY_NAMES[d.weekday as (typeof WEEK_ORDER)[number]][p.lang]}, ${d.date.slice(8, 10)}.${d.date.slice(5, 7)}: ${tr(
                p,
                `скорочений передсвятковий день: до ${d.close}`,
                `shortened day before a holiday: until ${d.close}`,
              )}`}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
      <p class="hint">
        {t(
          p,
          'У святкові та неробочі дні за державним календарем офіс зачинено, а напередодні їх працює на годину менше (крім періоду воєнного стану); статус вище це враховує.',
          'The office is closed on public holidays and days off of the state calendar and closes an hour earlier the day before them (except under martial law); the status above takes this into account.',
        )}
      </p>
      {notes.text ? (
        <p lang={notes.lang} safe>
          {notes.text}
        </p>
      ) : (
        ''
      )}
      <h2>{t(p, 'Доступність приміщення', 'Accessibility of the premises')}</h2>
      {o.accessibility.length ? (
        <ul>
          {o.accessibility.map((a) => (
            <li safe>{ACCESSIBILITY[a]?.[p.lang] ?? a}</li>
          ))}
        </ul>
      ) : (
        <p>
          {t(p, 'Відомостей про облаштування для людей з інвалідністю ще немає: уточніть телефоном.', 'No accessibility details yet: please ask by phone.')}
        </p>
      )}
      {hasMap ? (
        <p id="oc-tile-note" class="notice warning" role="status" hidden>
          {t(p, 'Не вдалося завантажити підкладку мапи: адресу офісу вказано вище.', 'The map tiles could not be loaded: the office address is given above.')}
        </p>
      ) : (
        ''
      )}
      {hasMap ? (
        <MapBox
          id="oc-report-map"
          class="oc-map cnap-map"
          label={tr(p, `Мапа: ${o.name}`, `Map: ${name.text}`)}
          map={{ center: { lat: o.lat!, lng: o.lng! }, tileUrl: props.tileUrl, attribution: props.attribution }}
        />
      ) : (
        ''
      )}
      {hasMap ? (
        <p>
          <a href={`https://www.openstreetmap.org/?mlat=${o.lat}&mlon=${o.lng}#map=17/${o.lat}/${o.lng}`} rel="noopener">
            {t(p, 'Відкрити на OpenStreetMap', 'Open on OpenStreetMap')}
          </a>
        </p>
      ) : (
        ''
      )}
      <BookingNote p={p} href={props.booking} />
      <h2>{t(p, 'Послуги в цьому офісі', 'Services at this office')}</h2>
      <ServiceList p={p} c={c} services={props.services} />
    </Layout>
  );
}
