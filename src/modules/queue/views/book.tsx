/**
 * Booking a visit step by step, each step a page of plain links (works without JavaScript): a service,
 * an office, a day, then a form of the free times. Moving a booking walks the same steps with `move`.
 */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { CsrfField, SubmitButton } from '../../../core/views/forms.js';
import type { CnapOfficeSummary, CnapServiceSummary } from '../../cnap/index.js';
import { kyivTime, type Slot } from '../rules.js';
import { bookingsBase, dayLabel, FreeCount, queueBase } from './parts.js';

export interface Step {
  service: CnapServiceSummary | null;
  office: CnapOfficeSummary | null;
  day: string | null;
  /** A booking being moved (its code). */
  move: string | null;
}

function link(c: Community, s: { service?: number; office?: number; day?: string; move?: string | null }): string {
  const q = new URLSearchParams();
  if (s.service) q.set('service', String(s.service));
  if (s.office) q.set('office', String(s.office));
  if (s.day) q.set('day', s.day);
  if (s.move) q.set('move', s.move);
  const qs = q.toString();
  return qs ? `${queueBase(c)}?${qs}` : queueBase(c);
}

function Chosen(props: { p: PageCtx; c: Community; step: Step }): JSX.Element {
  const { p, c, step } = props;
  if (!step.service) return '';
  return (
    <dl class="queue-chosen">
      <dt>{t(p, 'Послуга', 'Service')}</dt>
      <dd>
        <span safe>{step.service.name}</span> · <a href={link(c, { move: step.move })}>{t(p, 'змінити', 'change')}</a>
      </dd>
      {step.office ? (
        <>
          <dt>{t(p, 'Офіс', 'Office')}</dt>
          <dd>
            <span safe>{`${step.office.name}, ${step.office.address}`}</span> ·{' '}
            <a href={link(c, { service: step.service.id, move: step.move })}>{t(p, 'змінити', 'change')}</a>
          </dd>
        </>
      ) : (
        ''
      )}
      {step.office && step.day ? (
        <>
          <dt>{t(p, 'День', 'Day')}</dt>
          <dd>
            <span safe>{dayLabel(step.day, p.lang)}</span> ·{' '}
            <a href={link(c, { service: step.service.id, office: step.office.id, move: step.move })}>{t(p, 'змінити', 'change')}</a>
          </dd>
        </>
      ) : (
        ''
      )}
    </dl>
  );
}

export function BookPage(props: {
  p: PageCtx;
  c: Community;
  step: Step;
  services: CnapServiceSummary[];
  offices: CnapOfficeSummary[];
  days: { day: string; free: number }[];
  slots: Slot[];
  notice: string | null;
}): JSX.Element {
  const { p, c, step } = props;
  const title = step.move ? tr(p, 'Перенести запис', 'Move a booking') : tr(p, 'Електронна черга: запис до ЦНАП', 'E-queue: book a visit to the ЦНАП');
  return (
    <Layout ctx={p} title={title} description={tr(p, 'Запис на прийом до ЦНАП на зручний час.', 'Book a visit to the ЦНАП at a time that suits you.')}>
      <h1 safe>{title}</h1>
      {props.notice ? (
        <p class="notice error" role="alert" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p>
        {t(p, 'Час — київський. ', 'Times are Kyiv time. ')}
        {p.viewer ? <a href={bookingsBase(c)}>{t(p, 'Мої записи', 'My bookings')}</a> : t(p, 'Щоб записатися, треба увійти.', 'Sign in to book.')}
      </p>
      <Chosen p={p} c={c} step={step} />
      {!step.service ? (
        <section aria-labelledby="q-services">
          <h2 id="q-services">{t(p, '1. Оберіть послугу', '1. Choose a service')}</h2>
          {props.services.length ? (
            <ul class="queue-choices">
              {props.services.map((s) => (
                <li>
                  <a href={link(c, { service: s.id, move: step.move })} safe>
                    {s.name}
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t(p, 'Поки що жодна послуга не має запису онлайн.', 'No service can be booked online yet.')}</p>
          )}
        </section>
      ) : !step.office ? (
        <section aria-labelledby="q-offices">
          <h2 id="q-offices">{t(p, '2. Оберіть офіс', '2. Choose an office')}</h2>
          <ul class="queue-choices">
            {props.offices.map((o) => (
              <li>
                <a href={link(c, { service: step.service!.id, office: o.id, move: step.move })} safe>
                  {o.name}
                </a>
                <br />
                <span safe>{o.address}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : !step.day ? (
        <section aria-labelledby="q-days">
          <h2 id="q-days">{t(p, '3. Оберіть день', '3. Choose a day')}</h2>
          <ul class="queue-choices">
            {props.days.map((d) =>
              d.free ? (
                <li>
                  <a href={link(c, { service: step.service!.id, office: step.office!.id, day: d.day, move: step.move })} safe>
                    {dayLabel(d.day, p.lang)}
                  </a>{' '}
                  — <FreeCount p={p} n={d.free} />
                </li>
              ) : (
                <li>
                  <span safe>{dayLabel(d.day, p.lang)}</span> — <FreeCount p={p} n={0} />
                </li>
              ),
            )}
          </ul>
        </section>
      ) : (
        <section aria-labelledby="q-times">
          <h2 id="q-times">{t(p, '4. Оберіть час', '4. Choose a time')}</h2>
          {props.slots.length === 0 ? (
            <p>{t(p, 'Цього дня вільного часу немає. Оберіть інший день.', 'No free time this day. Choose another day.')}</p>
          ) : p.viewer ? (
            <form method="post" action={step.move ? `${bookingsBase(c)}/${step.move}/move` : bookingsBase(c)} class="stack">
              <CsrfField ctx={p} />
              <input type="hidden" name="service_id" value={String(step.service.id)} />
              <input type="hidden" name="office_id" value={String(step.office.id)} />
              <fieldset class="queue-times">
                <legend>{t(p, 'Вільний час', 'Free times')}</legend>
                {props.slots.map((s, i) => (
                  <div class="radio">
                    <input type="radio" id={`start-${i}`} name="start" value={s.start.toISOString()} checked={i === 0} />
                    <label for={`start-${i}`} safe>
                      {`${kyivTime(s.start)}–${kyivTime(s.end)}`}
                    </label>
                  </div>
                ))}
              </fieldset>
              <SubmitButton>{step.move ? t(p, 'Перенести на цей час', 'Move to this time') : t(p, 'Записатися', 'Book')}</SubmitButton>
            </form>
          ) : (
            <>
              <ul class="queue-choices">
                {props.slots.map((s) => (
                  <li safe>{`${kyivTime(s.start)}–${kyivTime(s.end)}`}</li>
                ))}
              </ul>
              <p>
                <a class="button" href={`/auth/sign-in?return=${encodeURIComponent(p.path)}`}>
                  {t(p, 'Увійти, щоб записатися', 'Sign in to book')}
                </a>
              </p>
            </>
          )}
        </section>
      )}
    </Layout>
  );
}
