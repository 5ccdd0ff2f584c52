/** Reporting a problem: the place and kind, possible duplicates nearby, then the details and photos. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, Checkbox, CsrfField, ErrorSummary, FileField, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { plural } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import { RefusalNotice } from '../../../core/views/kit.js';
import type { ParticipationRefusal } from '../../../core/permissions/policy.js';
import { DUPLICATE_RADIUS_M } from '../rules.js';
import type { Category, ReportRow } from '../repository.js';
import { MAX_PHOTOS } from '../photos.js';
import type { LocationForm } from '../forms.js';
import { MapPicker } from '../../../core/maps/map-picker.js';
import { ASSETS, base, CategoryOptions, place, StatusBadge } from './parts.js';

function RefusalBox({
  p,
  c,
  refusal,
  blockReason,
  returnTo,
}: {
  p: PageCtx;
  c: Community;
  refusal: ParticipationRefusal;
  blockReason: string | null;
  returnTo: string;
}): JSX.Element {
  return (
    <RefusalNotice ctx={p} refusal={refusal} blockReason={blockReason} signInReturn={returnTo} signInFor={['signed-out', 'weak-sign-in']}>
      <p>
        <a href={base(c)}>{t(p, 'До списку звернень', 'To the list of reports')}</a>
      </p>
    </RefusalNotice>
  );
}

export function NewReportPage(props: {
  p: PageCtx;
  c: Community;
  categories: Category[];
  form: FormState;
  refusal: ParticipationRefusal | null;
  blockReason: string | null;
  center: { lat: number; lng: number } | null;
  tileUrl: string;
  attribution: string;
}): JSX.Element {
  const { p, c, form } = props;
  const v = form.values;
  const catError = form.errors.category;
  const field = fieldsFor(p, form);
  return (
    <Layout
      ctx={p}
      title={tr(p, 'Повідомити про проблему', 'Report a problem')}
      hasErrors={Object.keys(form.errors).length > 0}
      scripts={[`${ASSETS}/leaflet.js`, `${ASSETS}/maps.js`]}
    >
      <link rel="stylesheet" href={`${ASSETS}/leaflet.css`} />
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="oc-step">{t(p, 'Крок 1 з 2', 'Step 1 of 2')}</p>
      <h1>{t(p, 'Що і де?', 'What and where?')}</h1>
      {props.refusal ? (
        <RefusalBox p={p} c={c} refusal={props.refusal} blockReason={props.blockReason} returnTo={`${base(c)}/new`} />
      ) : (
        <form method="post" action={`${base(c)}/new`} novalidate>
          <CsrfField ctx={p} />
          <div class={`field${catError ? ' field-error' : ''}`}>
            <label for="category">{t(p, 'Категорія проблеми', 'Kind of problem')}</label>
            {catError ? (
              <p class="error-message" id="category-error">
                <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{catError}</span>
              </p>
            ) : (
              ''
            )}
            <select id="category" name="category" aria-describedby={catError ? 'category-error' : undefined} aria-invalid={catError ? 'true' : undefined}>
              <option value="">{t(p, '— оберіть —', '— choose —')}</option>
              <CategoryOptions p={p} categories={props.categories} current={v.category ?? ''} leavesOnly={true} />
            </select>
          </div>
          <fieldset class="oc-location">
            <legend>{t(p, 'Місце', 'Place')}</legend>
            <p class="hint">
              {t(
                p,
                'Вкажіть адресу або орієнтир. Якщо знаєте координати — додайте їх; на мапі можна поставити мітку, а кнопка «Моє місцезнаходження» візьме їх із телефона.',
                'Give an address or a landmark. If you know the coordinates, add them; on the map you can drop a pin, and «My location» takes them from your phone.',
              )}
            </p>
            <field.Text
              name="address"
              label={tr(p, 'Адреса або орієнтир', 'Address or landmark')}
              hint={tr(p, 'Наприклад: вул. Городоцька, 20, біля зупинки', 'For example: 20 Horodotska St, by the bus stop')}
              maxlength={300}
            />
            <MapPicker p={p} form={form} map={{ center: props.center, tileUrl: props.tileUrl, attribution: props.attribution }} />
          </fieldset>
          <SubmitButton>{t(p, 'Далі', 'Continue')}</SubmitButton>
        </form>
      )}
    </Layout>
  );
}

function HiddenLocation({ v }: { v: LocationForm }): JSX.Element {
  return (
    <>
      <input type="hidden" name="category" value={v.category} />
      <input type="hidden" name="address" value={v.address} />
      <input type="hidden" name="lat" value={v.lat} />
      <input type="hidden" name="lng" value={v.lng} />
    </>
  );
}

function changeLink(c: Community, v: LocationForm): string {
  return `${base(c)}/new?${new URLSearchParams({ category: v.category, address: v.address, lat: v.lat, lng: v.lng }).toString()}`;
}

export function DuplicatesPage(props: {
  p: PageCtx;
  c: Community;
  loc: LocationForm;
  category: Category;
  nearby: (ReportRow & { distance: number })[];
}): JSX.Element {
  const { p, c, loc } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Схожі звернення поруч', 'Similar reports nearby')}>
      <h1>{t(p, 'Можливо, про це вже повідомили', 'This may already have been reported')}</h1>
      <p class="lead">
        {t(
          p,
          `Поруч (до ${DUPLICATE_RADIUS_M} м) уже є відкриті звернення в категорії «${props.category.name.uk}». Якщо це та сама проблема, підтримайте наявне звернення — так його вирішать швидше.`,
          `There are open reports in «${props.category.name.en}» nearby (within ${DUPLICATE_RADIUS_M} m). If it is the same problem, support the existing report: it gets fixed sooner that way.`,
        )}
      </p>
      <ul class="cards">
        {props.nearby.map((r) => (
          <li class="card">
            <h2>
              <a href={`${base(c)}/reports/${r.id}`} safe>
                {`№${r.number}. ${r.title}`}
              </a>
            </h2>
            <p class="meta">
              <StatusBadge p={p} s={r.status} />{' '}
              <span safe>{`${place(r, p.lang)} · ${tr(p, 'за', '')} ${Math.round(r.distance)} ${tr(p, 'м від вашої точки', 'm from your point')}`}</span>
            </p>
            <p safe>{r.description.length > 200 ? `${r.description.slice(0, 200)}…` : r.description}</p>
            <ActionButton ctx={p} action={`${base(c)}/reports/${r.id}/support`} label={tr(p, 'Мене це теж стосується', 'This affects me too')} />
          </li>
        ))}
      </ul>
      <h2>{t(p, 'Це інша проблема?', 'A different problem?')}</h2>
      <form method="post" action={`${base(c)}/new`} novalidate>
        <CsrfField ctx={p} />
        <HiddenLocation v={loc} />
        <input type="hidden" name="confirm_new" value="1" />
        <SubmitButton variant="secondary">{t(p, 'Так, повідомити про нову проблему', 'Yes, report a new problem')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function DetailsPage(props: { p: PageCtx; c: Community; loc: LocationForm; category: Category; form: FormState; signedInName: string }): JSX.Element {
  const { p, c, loc, form } = props;
  const photoError = form.errors.photos;
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Опишіть проблему', 'Describe the problem')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p class="oc-step">{t(p, 'Крок 2 з 2', 'Step 2 of 2')}</p>
      <h1>{t(p, 'Опишіть проблему', 'Describe the problem')}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t(p, 'Категорія', 'Category')}</dt>
          <dd safe>{props.category.name[p.lang]}</dd>
        </div>
        <div>
          <dt>{t(p, 'Місце', 'Place')}</dt>
          <dd safe>{[loc.address, loc.lat && loc.lng ? `${loc.lat}, ${loc.lng}` : ''].filter(Boolean).join(' · ')}</dd>
        </div>
        <div>
          <dt>{t(p, 'Термін відповіді', 'Answer term')}</dt>
          <dd safe>{plural(props.category.termDays, { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] }, p.lang)}</dd>
        </div>
      </dl>
      <p>
        <a href={changeLink(c, loc)}>{t(p, 'Змінити категорію або місце', 'Change the category or place')}</a>
      </p>
      <form method="post" action={`${base(c)}/reports`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <HiddenLocation v={loc} />
        <field.Text
          name="title"
          label={tr(p, 'Коротко: що сталося?', 'In short: what is wrong?')}
          hint={tr(p, 'До 150 символів, наприклад «Глибока яма на смузі руху»', 'Up to 150 characters, e.g. «Deep pothole in the lane»')}
          maxlength={150}
        />
        <field.Area
          name="description"
          label={tr(p, 'Подробиці (необовʼязково)', 'Details (optional)')}
          hint={tr(
            p,
            'До 3000 символів. Не пишіть тут свої контакти — їх видно всім.',
            'Up to 3000 characters. Do not put your contacts here: everyone can see this.',
          )}
          rows={5}
          maxlength={3000}
        />
        <FileField
          ctx={p}
          name="photos"
          label={tr(p, `Фото (до ${MAX_PHOTOS}, необовʼязково)`, `Photos (up to ${MAX_PHOTOS}, optional)`)}
          error={photoError}
          accept="image/*"
          multiple
        >
          {t(
            p,
            'JPEG, PNG, WebP або HEIC до 10 МБ кожне. Ми зменшимо їх і приберемо дані про місце зйомки та камеру.',
            'JPEG, PNG, WebP or HEIC, up to 10 MB each. We shrink them and remove the location and camera data.',
          )}
        </FileField>
        <Checkbox
          name="show_name"
          checked={form.values.show_name === 'on'}
          label={tr(p, `Показувати моє імʼя (${props.signedInName}) біля звернення`, `Show my name (${props.signedInName}) with the report`)}
          hint={tr(
            p,
            'Без позначки публіка не бачить, хто подав звернення. Ваші контакти бачать лише модератори й виконавці.',
            'Unticked, the public does not see who filed the report. Only moderators and executors see your contacts.',
          )}
        />
        <SubmitButton>{t(p, 'Надіслати звернення', 'Send the report')}</SubmitButton>
      </form>
    </Layout>
  );
}
