/** Administration of the e-queue: the overview, a window's form, a service's visit length, the days off. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import { ActionButton, Checkbox, SelectField, SubmitButton, TextField, type FormState } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import type { CnapOfficeSummary, CnapServiceSummary } from '../../cnap/index.js';
import type { QueueService, QueueWindow } from '../repository.js';
import { dayLabel, manageBase, queueBase } from './parts.js';

function Notice(props: { text: string | null }): JSX.Element {
  return props.text ? (
    <p class="notice success" role="status" safe>
      {props.text}
    </p>
  ) : (
    ''
  );
}

export function ManagePage(props: {
  p: PageCtx;
  c: Community;
  offices: CnapOfficeSummary[];
  services: CnapServiceSummary[];
  windows: QueueWindow[];
  settings: QueueService[];
  daysOff: { officeId: number; day: string }[];
  notice: string | null;
  dayForm: FormState;
}): JSX.Element {
  const { p, c } = props;
  const b = manageBase(c);
  const name = (id: number) => props.services.find((s) => s.id === id)?.name ?? '';
  return (
    <Layout ctx={p} title={tr(p, 'Керування електронною чергою', 'Managing the e-queue')} hasErrors={Object.keys(props.dayForm.errors).length > 0}>
      <h1>{t(p, 'Керування електронною чергою', 'Managing the e-queue')}</h1>
      <Notice text={props.notice} />
      <p>
        <a href={queueBase(c)}>{t(p, 'Запис для мешканців', 'Booking for residents')}</a> ·{' '}
        <a href={`/${c.slug}/manage/cnap`}>{t(p, 'Сайт ЦНАП', 'ЦНАП site')}</a>
      </p>
      <p>
        {t(
          p,
          'Години роботи й перерви кожного офісу беруться з сайту ЦНАП, святкові дні — з календаря. Тут — вікна, послуги, тривалість прийому та додаткові вихідні.',
          'Each office’s hours and breaks come from the ЦНАП site, holidays from the calendar. Here: windows, services, visit length and extra days off.',
        )}
      </p>
      <h2>{t(p, 'Послуги з попереднім записом', 'Services with booking')}</h2>
      <ul class="queue-manage-list">
        {props.services.map((s) => {
          const set = props.settings.find((x) => x.serviceId === s.id);
          return (
            <li>
              <a href={`${b}/services/${s.id}`} safe>
                {s.name}
              </a>{' '}
              <span safe>
                {set
                  ? tr(p, `— ${set.visitMinutes} хв, до ${set.weeklyLimit} на тиждень`, `— ${set.visitMinutes} min, up to ${set.weeklyLimit} a week`)
                  : tr(p, '— без запису', '— not bookable')}
              </span>
            </li>
          );
        })}
      </ul>
      {props.offices.map((o) => {
        const windows = props.windows.filter((w) => w.officeId === o.id);
        const off = props.daysOff.filter((d) => d.officeId === o.id);
        return (
          <section aria-labelledby={`office-${o.id}`}>
            <h2 id={`office-${o.id}`} safe>
              {o.name}
            </h2>
            <p safe>{o.hoursLines.join('; ')}</p>
            <h3>{t(p, 'Вікна', 'Windows')}</h3>
            {windows.length ? (
              <ul>
                {windows.map((w) => (
                  <li>
                    <a href={`${b}/windows/${w.id}`} safe>
                      {w.name}
                    </a>{' '}
                    <span safe>
                      {`— ${w.online ? tr(p, 'запис онлайн', 'online booking') : tr(p, 'лише жива черга', 'walk-ins only')}${w.active ? '' : tr(p, ', не працює', ', closed')}: ${w.serviceIds.map(name).filter(Boolean).join(', ') || tr(p, 'жодної послуги', 'no services')}`}
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p>{t(p, 'Вікон ще немає.', 'No windows yet.')}</p>
            )}
            <p>
              <a class="button secondary" href={`${b}/windows/new?office=${o.id}`}>
                {t(p, 'Додати вікно', 'Add a window')}
              </a>
            </p>
            <h3>{t(p, 'Додаткові вихідні', 'Extra days off')}</h3>
            {off.length ? (
              <ul>
                {off.map((d) => (
                  <li>
                    <span safe>{dayLabel(d.day, p.lang)}</span>{' '}
                    <ActionButton
                      ctx={p}
                      action={`${b}/offices/${o.id}/days-off`}
                      label={tr(p, 'Прибрати', 'Remove')}
                      fields={{ day: d.day, off: '0' }}
                      variant="secondary"
                    />
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            <PostForm ctx={p} action={`${b}/offices/${o.id}/days-off`} errors={props.dayForm.values.office === String(o.id) ? props.dayForm.errors : {}}>
              <input type="hidden" name="off" value="1" />
              <TextField
                ctx={p}
                name="day"
                type="date"
                label={tr(p, 'Вихідний день (немає запису)', 'Day off (no booking)')}
                form={props.dayForm.values.office === String(o.id) ? props.dayForm : { values: {}, errors: {} }}
                width="short"
              />
              <SubmitButton variant="secondary">{t(p, 'Додати вихідний', 'Add a day off')}</SubmitButton>
            </PostForm>
          </section>
        );
      })}
    </Layout>
  );
}

export function WindowFormPage(props: {
  p: PageCtx;
  c: Community;
  id: number | null;
  form: FormState;
  offices: CnapOfficeSummary[];
  services: CnapServiceSummary[];
  selected: number[];
}): JSX.Element {
  const { p, c, form } = props;
  const title = props.id ? tr(p, 'Вікно', 'Window') : tr(p, 'Нове вікно', 'New window');
  return (
    <Layout ctx={p} title={title} hasErrors={Object.keys(form.errors).length > 0}>
      <h1 safe>{title}</h1>
      <PostForm ctx={p} action={`${manageBase(c)}/windows/${props.id ?? 'new'}`} errors={form.errors}>
        <TextField ctx={p} name="name" label={tr(p, 'Назва', 'Name')} hint={tr(p, 'Наприклад, «Вікно 3»', 'E.g. «Window 3»')} form={form} maxlength={60} />
        <SelectField
          ctx={p}
          name="office_id"
          label={tr(p, 'Офіс', 'Office')}
          form={form}
          options={props.offices.map((o) => ({ value: String(o.id), label: o.name }))}
        />
        <Checkbox
          name="online"
          label={tr(p, 'Приймає записи онлайн', 'Takes online bookings')}
          hint={tr(p, 'Вимкніть, щоб вікно обслуговувало лише живу чергу.', 'Turn off to keep the window for walk-ins only.')}
          checked={form.values.online === 'on'}
        />
        <Checkbox name="active" label={tr(p, 'Працює', 'Open')} checked={form.values.active === 'on'} />
        <fieldset>
          <legend>{t(p, 'Послуги, які надає вікно', 'Services the window gives')}</legend>
          {props.services.map((s) => (
            <div class="checkbox">
              <input type="checkbox" id={`service-${s.id}`} name="service_ids" value={String(s.id)} checked={props.selected.includes(s.id)} />
              <label for={`service-${s.id}`} safe>
                {s.name}
              </label>
            </div>
          ))}
        </fieldset>
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>
      <p>
        <a href={manageBase(c)}>{t(p, 'Назад', 'Back')}</a>
      </p>
    </Layout>
  );
}

export function ServiceFormPage(props: { p: PageCtx; c: Community; service: CnapServiceSummary; form: FormState }): JSX.Element {
  const { p, c, form } = props;
  return (
    <Layout ctx={p} title={props.service.name} hasErrors={Object.keys(form.errors).length > 0}>
      <h1 safe>{props.service.name}</h1>
      <PostForm ctx={p} action={`${manageBase(c)}/services/${props.service.id}`} errors={form.errors}>
        <Checkbox name="enabled" label={tr(p, 'Запис онлайн на цю послугу', 'Online booking for this service')} checked={form.values.enabled === 'on'} />
        <TextField
          ctx={p}
          name="visit_minutes"
          type="number"
          inputmode="numeric"
          label={tr(p, 'Тривалість прийому, хвилин', 'Visit length, minutes')}
          form={form}
          width="short"
        />
        <TextField
          ctx={p}
          name="weekly_limit"
          type="number"
          inputmode="numeric"
          label={tr(p, 'Записів на одну особу на тиждень', 'Bookings per person per week')}
          form={form}
          width="short"
        />
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>
      <p>
        <a href={manageBase(c)}>{t(p, 'Назад', 'Back')}</a>
      </p>
    </Layout>
  );
}
