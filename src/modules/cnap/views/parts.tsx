/** Pieces the ЦНАП pages share: the office's status line, its weekly hours, the section navigation. */
import { t, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { dayText, statusText, WEEK_ORDER, WEEKDAY_NAMES, type OfficeStatus, type WeekHours } from '../rules.js';
import type { Office, Service } from '../repository.js';

export const base = (c: Community) => `/${c.slug}/cnap`;

/** A text to show and, when it is the Ukrainian one on an English page, `lang: 'uk'` for the element that holds it. */
export interface Localised {
  text: string;
  lang?: 'uk';
}

/**
 * A text in the reader's language: the English version on the English pages when there is one; otherwise the
 * Ukrainian text, marked `lang="uk"` on an English page so that screen readers pronounce it as Ukrainian.
 */
export function loc(p: PageCtx, uk: string, en: string | undefined): Localised {
  if (p.lang === 'uk') return { text: uk };
  if (en) return { text: en };
  return { text: uk, lang: 'uk' };
}

/** Services as a list of links to their cards. */
export function ServiceList(props: { p: PageCtx; c: Community; services: Service[] }): JSX.Element {
  return (
    <ul class="cnap-services">
      {props.services.map((s) => {
        const name = loc(props.p, s.name, s.en.name);
        return (
          <li>
            <a href={`${base(props.c)}/services/${s.id}`} lang={name.lang} safe>
              {name.text}
            </a>
          </li>
        );
      })}
    </ul>
  );
}

/** The offices as cards: name (a link to its page), address and today's status. */
export function OfficeCards(props: { p: PageCtx; c: Community; offices: { office: Office; status: OfficeStatus }[] }): JSX.Element {
  const { p } = props;
  return (
    <ul class="cnap-offices">
      {props.offices.map(({ office, status }) => {
        const name = loc(p, office.name, office.en.name);
        const address = loc(p, office.address, office.en.address);
        return (
          <li class="card">
            <a href={`${base(props.c)}/offices/${office.id}`} lang={name.lang} safe>
              {name.text}
            </a>
            <p lang={address.lang} safe>
              {address.text}
            </p>
            <StatusLine p={p} status={status} />
          </li>
        );
      })}
    </ul>
  );
}

export function StatusLine(props: { p: PageCtx; status: OfficeStatus }): JSX.Element {
  return (
    <p class={`cnap-status ${props.status.open ? 'cnap-open' : 'cnap-closed'}`}>
      <strong safe>{statusText(props.status, props.p.lang)}</strong>
    </p>
  );
}

export function HoursTable(props: { p: PageCtx; hours: WeekHours; caption: string }): JSX.Element {
  const { p } = props;
  return (
    <table class="cnap-hours">
      <caption safe>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{t(p, 'День', 'Day')}</th>
          <th scope="col">{t(p, 'Години прийому', 'Opening hours')}</th>
        </tr>
      </thead>
      <tbody>
        {WEEK_ORDER.map((d) => (
          <tr>
            <th scope="row" safe>
              {WEEKDAY_NAMES[d][p.lang]}
            </th>
            <td safe>{dayText(props.hours[d], p.lang)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A link to book the visit in the e-queue when it can be booked online; otherwise, come in person. */
export function BookingNote(props: { p: PageCtx; href: string | null }): JSX.Element {
  if (props.href)
    return (
      <p>
        <a class="button" href={props.href}>
          {t(props.p, 'Записатися на прийом онлайн', 'Book a visit online')}
        </a>
      </p>
    );
  return (
    <p class="hint">
      {t(
        props.p,
        'Онлайн-запису сюди немає: приходьте в години прийому, адміністратор прийме вас у порядку живої черги.',
        'There is no online booking here: come during opening hours, an administrator will see you in the order of arrival.',
      )}
    </p>
  );
}

export function SearchForm(props: { p: PageCtx; c: Community; query: string }): JSX.Element {
  const { p } = props;
  return (
    <form method="get" action={base(props.c)} role="search" class="cnap-search">
      <label for="q">{t(p, 'Пошук послуги', 'Find a service')}</label>
      <p class="hint" id="q-hint">
        {t(p, 'Наприклад: паспорт, реєстрація місця проживання, субсидія', 'For example: паспорт, реєстрація місця проживання, субсидія')}
      </p>
      <input id="q" name="q" type="search" value={props.query} maxlength="200" aria-describedby="q-hint" />
      <button type="submit" class="button">
        {t(p, 'Шукати', 'Search')}
      </button>
    </form>
  );
}
