/** A resident's bookings: the list (cancel, move) and one booking with its code, QR code and calendar file. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { ActionButton } from '../../../core/views/forms.js';
import type { Booking } from '../repository.js';
import { kyivTime } from '../rules.js';
import { bookingsBase, queueBase, whenLabel } from './parts.js';

export interface BookingView {
  b: Booking;
  serviceName: string;
  officeName: string;
  officeAddress: string;
  /** Not begun and not cancelled: may be cancelled or moved. */
  live: boolean;
}

function Actions(props: { p: PageCtx; c: Community; v: BookingView }): JSX.Element {
  const { p, c, v } = props;
  if (!v.live) return '';
  return (
    <p class="queue-actions">
      <a class="button secondary" href={`${queueBase(c)}?service=${v.b.serviceId}&office=${v.b.officeId}&move=${v.b.code}`}>
        {t(p, 'Перенести', 'Move')}
      </a>{' '}
      <ActionButton ctx={p} action={`${bookingsBase(c)}/${v.b.code}/cancel`} label={tr(p, 'Скасувати запис', 'Cancel the booking')} variant="warning" />
    </p>
  );
}

function status(p: PageCtx, v: BookingView): string {
  if (v.b.status === 'cancelled') return tr(p, 'скасовано', 'cancelled');
  return v.live ? tr(p, 'чекаємо на вас', 'we expect you') : tr(p, 'минув', 'past');
}

export function BookingsPage(props: { p: PageCtx; c: Community; list: BookingView[]; notice: string | null }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Мої записи до ЦНАП', 'My ЦНАП bookings')}>
      <h1>{t(p, 'Мої записи до ЦНАП', 'My ЦНАП bookings')}</h1>
      {props.notice ? (
        <p class="notice success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p>
        <a class="button" href={queueBase(c)}>
          {t(p, 'Записатися ще', 'Book another visit')}
        </a>
      </p>
      {props.list.length === 0 ? (
        <p>{t(p, 'Записів ще немає.', 'No bookings yet.')}</p>
      ) : (
        <ul class="queue-bookings">
          {props.list.map((v) => (
            <li>
              <h2>
                <a href={`${bookingsBase(c)}/${v.b.code}`} safe>
                  {`${whenLabel(v.b.start, p.lang)} — ${v.serviceName}`}
                </a>
              </h2>
              <p safe>{`${v.officeName}, ${v.b.windowName}. ${tr(p, 'Код', 'Code')} ${v.b.code} · ${status(p, v)}`}</p>
              <Actions p={p} c={c} v={v} />
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function BookingPage(props: { p: PageCtx; c: Community; v: BookingView; qr: { path: string; side: number }; notice: string | null }): JSX.Element {
  const { p, c, v } = props;
  const { b } = v;
  return (
    <Layout ctx={p} title={tr(p, `Запис ${b.code}`, `Booking ${b.code}`)}>
      <h1 safe>{tr(p, `Запис до ЦНАП: код ${b.code}`, `ЦНАП booking: code ${b.code}`)}</h1>
      {props.notice ? (
        <p class="notice success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <dl class="queue-booking">
        <dt>{t(p, 'Послуга', 'Service')}</dt>
        <dd safe>{v.serviceName}</dd>
        <dt>{t(p, 'Коли', 'When')}</dt>
        <dd safe>{`${whenLabel(b.start, p.lang)}–${kyivTime(b.end)} ${tr(p, '(за київським часом)', '(Kyiv time)')}`}</dd>
        <dt>{t(p, 'Де', 'Where')}</dt>
        <dd safe>{`${v.officeName}, ${v.officeAddress}; ${b.windowName}`}</dd>
        <dt>{t(p, 'Стан', 'Status')}</dt>
        <dd safe>{status(p, v)}</dd>
      </dl>
      {b.status === 'booked' ? (
        <>
          <p>
            {t(
              p,
              'Покажіть код або QR-код у ЦНАП. Прийдіть за кілька хвилин до свого часу.',
              'Show the code or the QR code at the centre. Come a few minutes before your time.',
            )}
          </p>
          <svg
            class="queue-qr"
            viewBox={`0 0 ${props.qr.side} ${props.qr.side}`}
            width="200"
            height="200"
            role="img"
            aria-label={tr(p, `QR-код запису ${b.code}`, `QR code of booking ${b.code}`)}
          >
            <rect width={String(props.qr.side)} height={String(props.qr.side)} fill="#ffffff" />
            <path d={props.qr.path} fill="#000000" />
          </svg>
          <p>
            <a href={`${bookingsBase(c)}/${b.code}/calendar.ics`}>{t(p, 'Додати до календаря (.ics)', 'Add to calendar (.ics)')}</a>
          </p>
        </>
      ) : (
        ''
      )}
      <Actions p={p} c={c} v={v} />
      <p>
        <a href={bookingsBase(c)}>{t(p, 'Усі мої записи', 'All my bookings')}</a>
      </p>
    </Layout>
  );
}
