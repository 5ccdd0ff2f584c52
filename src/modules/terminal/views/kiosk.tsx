/**
 * The kiosk's screens for a 1080×1920 touch screen: large type, high contrast, targets of 64 px and more,
 * links only within the kiosk. The frame carries what kiosk.js needs (idle time, start, heartbeat) and the
 * «no connection» message it shows; every screen works with a physical keyboard and without JavaScript.
 */
import type { Children } from '@kitajs/html';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import type { FormState } from '../../../core/views/forms.js';
import type { CnapOfficeSummary, CnapServiceSummary } from '../../cnap/index.js';
import type { Terminal } from '../repository.js';
import type { Lang } from '../../../core/i18n/index.js';
import { HEARTBEAT_MS } from '../rules.js';

export interface KioskFrame {
  p: PageCtx;
  c: Community;
  base: string;
  terminal: Terminal;
  idleSeconds: number;
}

function Doc(props: { p: PageCtx; title: string; hasErrors?: boolean; body: Record<string, string>; children: Children }): JSX.Element {
  const { p } = props;
  return (
    <>
      {'<!doctype html>'}
      <html lang={p.lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="csrf-token" content={p.csrfToken} />
          <meta name="robots" content="noindex" />
          <title safe>{`${props.hasErrors ? tr(p, 'Помилка: ', 'Error: ') : ''}${props.title} — ${tr(p, 'Термінал', 'Terminal')}`}</title>
          <link rel="stylesheet" href="/static/kiosk.css" />
          <script src="/static/kiosk.js" defer></script>
        </head>
        <body class="kiosk" {...props.body}>
          {props.children}
        </body>
      </html>
    </>
  );
}

/** The language the switch offers, and its name in itself. */
const OTHER_LANG: Record<Lang, Lang> = { uk: 'en', en: 'uk' };
const LANG_NAMES: Record<Lang, string> = { uk: 'Українська', en: 'English' };

/** Every screen of a paired terminal: the top bar (home, language), the screen, the connection message. */
function Kiosk(props: { f: KioskFrame; title: string; home?: boolean; children: Children }): JSX.Element {
  const { p, c, base } = props.f;
  const other = OTHER_LANG[p.lang];
  return (
    <Doc
      p={p}
      title={props.title}
      body={{
        'data-idle-seconds': String(props.f.idleSeconds),
        'data-start': base,
        'data-heartbeat': `${base}/heartbeat`,
        'data-heartbeat-ms': String(HEARTBEAT_MS),
      }}
    >
      <header class="kiosk-bar">
        <span class="kiosk-community" safe>
          {c.name[p.lang]}
        </span>
        <nav aria-label={tr(p, 'Термінал', 'Terminal')}>
          {props.home ? (
            ''
          ) : (
            <a class="kiosk-button secondary" href={base}>
              {t(p, 'На початок', 'Start')}
            </a>
          )}{' '}
          <a class="kiosk-button secondary" href={`/lang/${other}?return=${encodeURIComponent(p.path.split('?')[0]!)}`} lang={other} safe>
            {LANG_NAMES[other]}
          </a>
        </nav>
      </header>
      <main id="main" class="kiosk-main">
        {props.children}
      </main>
      <div id="kiosk-offline" class="kiosk-offline" role="alert" hidden>
        <p>
          <strong>{t(p, 'Немає звʼязку з сервером.', 'No connection to the server.')}</strong>{' '}
          {t(p, 'Термінал відновить роботу сам, щойно звʼязок повернеться.', 'The terminal will resume by itself once the connection is back.')}
        </p>
      </div>
    </Doc>
  );
}

export function PairPage(props: { p: PageCtx; c: Community; base: string; form: FormState; revoked: boolean }): JSX.Element {
  const { p, form } = props;
  const err = form.errors.device_key;
  return (
    <Doc p={p} title={tr(p, 'Підключення термінала', 'Pairing the terminal')} hasErrors={!!err} body={{}}>
      <main id="main" class="kiosk-main">
        <h1>{t(p, 'Підключення термінала', 'Pairing the terminal')}</h1>
        {props.revoked ? (
          <p class="kiosk-warning" role="alert">
            {t(p, 'Цей термінал відкликано. Потрібен новий ключ пристрою.', 'This terminal has been revoked. A new device key is needed.')}
          </p>
        ) : (
          ''
        )}
        <p>
          {t(
            p,
            'Уведіть ключ пристрою, який показали під час реєстрації термінала в керуванні ЦНАП. Його вводять один раз.',
            'Enter the device key shown when the terminal was registered in the ЦНАП management. It is entered once.',
          )}
        </p>
        <form method="post" action={`${props.base}/pair`} novalidate>
          <input type="hidden" name="_csrf" value={p.csrfToken} />
          <div class={err ? 'kiosk-field has-error' : 'kiosk-field'}>
            <label for="device_key">{t(p, 'Ключ пристрою', 'Device key')}</label>
            {err ? (
              <p id="device_key-error" class="kiosk-error" safe>
                {err}
              </p>
            ) : (
              ''
            )}
            <input
              id="device_key"
              name="device_key"
              type="password"
              autocomplete="off"
              spellcheck="false"
              data-osk
              aria-invalid={err ? 'true' : undefined}
              aria-describedby={err ? 'device_key-error' : undefined}
            />
          </div>
          <button type="submit" class="kiosk-button">
            {t(p, 'Підключити', 'Pair')}
          </button>
        </form>
      </main>
    </Doc>
  );
}

export function KioskStart({ f }: { f: KioskFrame }): JSX.Element {
  const { p, base } = f;
  const tiles: { href: string; uk: string; en: string; hintUk: string; hintEn: string }[] = [
    { href: `${base}/services`, uk: 'Послуги ЦНАП', en: 'ЦНАП services', hintUk: 'Каталог послуг і графік роботи', hintEn: 'The services and office hours' },
    { href: `${base}/ticket`, uk: 'Взяти талон', en: 'Take a ticket', hintUk: 'Електронна черга', hintEn: 'The electronic queue' },
    { href: `${base}/booking`, uk: 'Маю запис', en: 'I have a booking', hintUk: 'Відмітитися за кодом запису', hintEn: 'Check in with the booking code' },
    { href: `${base}/participate`, uk: 'Взяти участь', en: 'Take part', hintUk: 'Громадський бюджет, петиції', hintEn: 'Participatory budget, petitions' },
  ];
  return (
    <Kiosk f={f} title={tr(p, 'Термінал самообслуговування', 'Self-service terminal')} home>
      <h1>{t(p, 'Вітаємо! Що вам потрібно?', 'Welcome! What do you need?')}</h1>
      <ul class="kiosk-tiles">
        {tiles.map((x) => (
          <li>
            <a class="kiosk-tile" href={x.href}>
              <span class="kiosk-tile-title">{t(p, x.uk, x.en)}</span>
              <span class="kiosk-tile-hint">{t(p, x.hintUk, x.hintEn)}</span>
            </a>
          </li>
        ))}
      </ul>
      <p class="kiosk-note">
        {t(
          p,
          'Торкніться кнопки. Через хвилину бездіяльності термінал повертається сюди й усе стирає.',
          'Touch a button. After a minute without a touch the terminal returns here and clears everything.',
        )}
      </p>
    </Kiosk>
  );
}

export function KioskServices(props: { f: KioskFrame; query: string; groups: { situation: string; services: CnapServiceSummary[] }[] }): JSX.Element {
  const { f, query, groups } = props;
  const { p, base } = f;
  const count = groups.reduce((n, g) => n + g.services.length, 0);
  return (
    <Kiosk f={f} title={tr(p, 'Послуги ЦНАП', 'ЦНАП services')}>
      <h1>{t(p, 'Послуги ЦНАП', 'ЦНАП services')}</h1>
      <p>
        <a class="kiosk-button secondary" href={`${base}/offices`}>
          {t(p, 'Графік роботи офісів', 'Office hours')}
        </a>
      </p>
      <form method="get" action={`${base}/services`} role="search" class="kiosk-search">
        <div class="kiosk-field">
          <label for="q">{t(p, 'Пошук послуги', 'Find a service')}</label>
          <input id="q" name="q" type="search" value={query} autocomplete="off" maxlength="100" data-osk />
        </div>
        <button type="submit" class="kiosk-button">
          {t(p, 'Шукати', 'Search')}
        </button>
      </form>
      {query ? <h2 safe>{count ? tr(p, `Знайдено: ${count}`, `Found: ${count}`) : tr(p, 'Нічого не знайдено', 'Nothing found')}</h2> : ''}
      {groups.map((g) => (
        <section aria-label={g.situation || tr(p, 'Знайдені послуги', 'Services found')}>
          {g.situation ? <h2 safe>{g.situation}</h2> : ''}
          <ul class="kiosk-list">
            {g.services.map((s) => (
              <li>
                <a class="kiosk-row" href={`${base}/services/${s.id}`} safe>
                  {s.name}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Kiosk>
  );
}

function Hours({ p, o }: { p: PageCtx; o: CnapOfficeSummary }): JSX.Element {
  return (
    <section class="kiosk-card" aria-label={o.name}>
      <h2 safe>{o.name}</h2>
      <p safe>{o.address}</p>
      <p class={o.openNow ? 'kiosk-open' : 'kiosk-closed'} safe>
        {o.status}
      </p>
      <table>
        <caption>{t(p, 'Графік роботи', 'Opening hours')}</caption>
        <tbody>
          {o.hoursLines.map((line) => {
            const [day, hours] = line.split(': ');
            return (
              <tr>
                <th scope="row" safe>
                  {day}
                </th>
                <td safe>{hours}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

export function KioskService(props: { f: KioskFrame; service: CnapServiceSummary; offices: CnapOfficeSummary[] }): JSX.Element {
  const { f, service: s } = props;
  const { p, base } = f;
  const rows: [string, string][] = [
    [tr(p, 'Хто може звернутися', 'Who may apply'), s.applicants],
    [tr(p, 'Документи', 'Documents'), s.documents],
    [tr(p, 'Вартість', 'Cost'), s.cost || tr(p, 'безоплатно', 'free of charge')],
    [tr(p, 'Строк', 'Term'), s.term],
    [tr(p, 'Результат', 'Result'), s.result],
  ];
  return (
    <Kiosk f={f} title={s.name}>
      <p>
        <a class="kiosk-button secondary" href={`${base}/services`}>
          {t(p, 'Усі послуги', 'All services')}
        </a>
      </p>
      <h1 safe>{s.name}</h1>
      <dl class="kiosk-facts">
        {rows
          .filter(([, v]) => v)
          .map(([k, v]) => (
            <>
              <dt safe>{k}</dt>
              <dd safe>{v}</dd>
            </>
          ))}
      </dl>
      {props.offices.map((o) => (
        <Hours p={p} o={o} />
      ))}
    </Kiosk>
  );
}

export function KioskOffices(props: { f: KioskFrame; offices: CnapOfficeSummary[] }): JSX.Element {
  const { f } = props;
  const { p, base } = f;
  return (
    <Kiosk f={f} title={tr(p, 'Графік роботи', 'Office hours')}>
      <p>
        <a class="kiosk-button secondary" href={`${base}/services`}>
          {t(p, 'Послуги ЦНАП', 'ЦНАП services')}
        </a>
      </p>
      <h1>{t(p, 'Графік роботи', 'Office hours')}</h1>
      {props.offices.length ? props.offices.map((o) => <Hours p={p} o={o} />) : <p>{t(p, 'Офісів ще немає.', 'No offices yet.')}</p>}
    </Kiosk>
  );
}

const COMING = {
  ticket: {
    title: { uk: 'Взяти талон', en: 'Take a ticket' },
    text: {
      uk: 'Електронну чергу ЦНАП ще підключають до термінала. Поки що талон видає адміністратор у залі.',
      en: 'The ЦНАП’s electronic queue is still being connected to the terminal. For now, the hall administrator issues tickets.',
    },
  },
  booking: {
    title: { uk: 'Маю запис', en: 'I have a booking' },
    text: {
      uk: 'Відмітку за кодом запису ще підключають. Підійдіть, будь ласка, до адміністратора в залі з кодом запису.',
      en: 'Checking in by the booking code is still being connected. Please go to the hall administrator with your booking code.',
    },
  },
  participate: {
    title: { uk: 'Взяти участь', en: 'Take part' },
    text: {
      uk: 'Голосування за громадський бюджет і підписання петицій на терміналі (зі входом через id.gov.ua) ще підключають.',
      en: 'Voting in the participatory budget and signing petitions on the terminal (signing in with id.gov.ua) is still being connected.',
    },
  },
} as const;

export function KioskComing(props: { f: KioskFrame; what: keyof typeof COMING }): JSX.Element {
  const { f } = props;
  const x = COMING[props.what];
  return (
    <Kiosk f={f} title={x.title[f.p.lang]}>
      <h1>{x.title[f.p.lang]}</h1>
      <p class="kiosk-coming" role="status">
        <strong>{t(f.p, 'Послугу підключають.', 'This service is being connected.')}</strong> <span>{x.text[f.p.lang]}</span>
      </p>
      <p>
        <a class="kiosk-button" href={f.base}>
          {t(f.p, 'На початок', 'Start')}
        </a>
      </p>
    </Kiosk>
  );
}
