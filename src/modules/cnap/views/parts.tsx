/** Pieces the ЦНАП pages share: the office's status line, its weekly hours, the section navigation. */
import { t, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { dayText, statusText, WEEK_ORDER, WEEKDAY_NAMES, type OfficeStatus, type WeekHours } from '../rules.js';

export const base = (c: Community) => `/${c.slug}/cnap`;

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

/** The e-queue of the next stage fills this in; until then people are told to come in person. */
export function BookingNote(props: { p: PageCtx }): JSX.Element {
  return (
    <p class="hint">
      {t(
        props.p,
        'Попередній запис онлайн ще не підключено: приходьте в години прийому, адміністратор прийме вас у порядку живої черги.',
        'Online booking is not connected yet: come during opening hours, an administrator will see you in the order of arrival.',
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
