/** Management pages of the ЦНАП site: the overview, the forms of a service, an office and a life situation, the import. */
import type { Children } from '@kitajs/html';
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import type { Community } from '../../../core/communities/community.js';
import type { Text } from '../../../core/i18n/index.js';
import {
  ActionButton,
  Checkbox,
  CsrfField,
  ErrorSummary,
  FileField,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  type FormState,
} from '../../../core/views/forms.js';
import type { Office, Service, Situation } from '../repository.js';
import { ACCESSIBILITY, WEEK_ORDER, WEEKDAY_NAMES } from '../rules.js';
import type { RowError } from '../exchange.js';

export const manageBase = (c: Community) => `/${c.slug}/manage/cnap`;

function ArchiveButton(props: { p: PageCtx; c: Community; kind: string; id: number; archived: boolean }): JSX.Element {
  const { p } = props;
  return (
    <ActionButton
      ctx={p}
      action={`${manageBase(props.c)}/${props.kind}/${props.id}/archive`}
      label={props.archived ? tr(p, 'Повернути', 'Restore') : tr(p, 'В архів', 'Archive')}
      fields={{ archived: props.archived ? '0' : '1' }}
      variant="secondary"
    />
  );
}

/** One kind's section of the overview: its heading, the button to add one, and each with its archive button. */
function ManageList(props: {
  p: PageCtx;
  c: Community;
  kind: 'services' | 'offices' | 'situations';
  title: string;
  add: string;
  items: { id: number; name: string; archived: boolean }[];
}): JSX.Element {
  const { p, c } = props;
  return (
    <>
      <h2 safe>{props.title}</h2>
      <p>
        <a class="button" href={`${manageBase(c)}/${props.kind}/new`} safe>
          {props.add}
        </a>
      </p>
      <ul class="cnap-manage-list">
        {props.items.map((x) => (
          <li>
            <a href={`${manageBase(c)}/${props.kind}/${x.id}`} safe>
              {x.name + (x.archived ? ` (${tr(p, 'в архіві', 'archived')})` : '')}
            </a>{' '}
            <ArchiveButton p={p} c={c} kind={props.kind} id={x.id} archived={x.archived} />
          </li>
        ))}
      </ul>
    </>
  );
}

export function ManagePage(props: {
  p: PageCtx;
  c: Community;
  situations: Situation[];
  services: Service[];
  offices: Office[];
  notice: string | null;
}): JSX.Element {
  const { p, c } = props;
  const b = manageBase(c);
  return (
    <Layout ctx={p} title={tr(p, 'Керування сайтом ЦНАП', 'Managing the ЦНАП site')}>
      <h1>{t(p, 'Керування сайтом ЦНАП', 'Managing the ЦНАП site')}</h1>
      {props.notice ? (
        <p class="notice success" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p>
        <a href={`/${c.slug}/cnap`}>{t(p, 'Публічний сайт ЦНАП', 'The public ЦНАП site')}</a> ·{' '}
        <a href={`${b}/import`}>{t(p, 'Імпорт каталогу', 'Import the catalogue')}</a> · {t(p, 'Експорт:', 'Export:')}{' '}
        <a href={`/${c.slug}/cnap/catalogue.csv`}>CSV</a>, <a href={`/${c.slug}/cnap/catalogue.xlsx`}>XLSX</a>
      </p>
      <ManageList p={p} c={c} kind="services" title={tr(p, 'Послуги', 'Services')} add={tr(p, 'Додати послугу', 'Add a service')} items={props.services} />
      <ManageList
        p={p}
        c={c}
        kind="offices"
        title={tr(p, 'Офіси та віддалені робочі місця', 'Offices and remote workplaces')}
        add={tr(p, 'Додати офіс', 'Add an office')}
        items={props.offices}
      />
      <ManageList
        p={p}
        c={c}
        kind="situations"
        title={tr(p, 'Життєві ситуації', 'Life situations')}
        add={tr(p, 'Додати життєву ситуацію', 'Add a life situation')}
        items={props.situations}
      />
    </Layout>
  );
}

/** A text field of a form: a one-line input (with `maxlength`) or a text area (with `rows`). */
interface TextSpec {
  name: string;
  label: Text;
  hint?: Text;
  maxlength?: number;
  rows?: number;
}

const SERVICE_FIELDS: TextSpec[] = [
  { name: 'name', label: { uk: 'Назва послуги', en: 'Name of the service' }, maxlength: 300 },
  { name: 'applicants', label: { uk: 'Хто може звернутися', en: 'Who may apply' }, rows: 3 },
  { name: 'documents', label: { uk: 'Документи', en: 'Documents' }, hint: { uk: 'Кожен документ з нового рядка', en: 'One document per line' }, rows: 6 },
  { name: 'cost', label: { uk: 'Вартість', en: 'Cost' }, hint: { uk: 'Порожньо — безоплатно', en: 'Empty: free of charge' }, maxlength: 500 },
  { name: 'payment', label: { uk: 'Як оплатити (реквізити)', en: 'How to pay (payment details)' }, rows: 3 },
  { name: 'term', label: { uk: 'Строк надання', en: 'Term' }, maxlength: 300 },
  { name: 'result', label: { uk: 'Результат', en: 'Result' }, rows: 3 },
  { name: 'receiving', label: { uk: 'Як отримати результат', en: 'How the result is received' }, rows: 3 },
  { name: 'legal_basis', label: { uk: 'Правові підстави', en: 'Legal basis' }, rows: 3 },
];

const OFFICE_FIELDS: TextSpec[] = [
  { name: 'name', label: { uk: 'Назва', en: 'Name' }, maxlength: 200 },
  { name: 'address', label: { uk: 'Адреса', en: 'Address' }, maxlength: 300 },
  { name: 'notes', label: { uk: 'Примітки', en: 'Notes' }, rows: 2 },
];

const SITUATION_FIELDS: TextSpec[] = [{ name: 'name', label: { uk: 'Назва', en: 'Name' }, maxlength: 120 }];

function Texts(props: { p: PageCtx; form: FormState; specs: TextSpec[]; suffix?: '_en' }): JSX.Element {
  const { p, form } = props;
  const suffix = props.suffix ?? '';
  return (
    <>
      {props.specs.map((f) => {
        const label = suffix ? tr(p, `${f.label.uk} англійською`, `${f.label.en} in English`) : f.label[p.lang];
        const hint = f.hint && !suffix ? f.hint[p.lang] : undefined;
        return f.rows ? (
          <TextArea ctx={p} form={form} name={f.name + suffix} label={label} hint={hint} rows={f.rows} />
        ) : (
          <TextField ctx={p} form={form} name={f.name + suffix} label={label} hint={hint} maxlength={f.maxlength} />
        );
      })}
    </>
  );
}

/** The English versions of the texts, folded away unless one is filled in (as the site's pages do). */
function EnglishTexts(props: { p: PageCtx; form: FormState; specs: TextSpec[] }): JSX.Element {
  const { p, form } = props;
  return (
    <details open={props.specs.some((f) => form.values[`${f.name}_en`])}>
      <summary>{t(p, 'Англійська версія (необовʼязково)', 'English version (optional)')}</summary>
      <p class="hint">
        {t(
          p,
          'Її бачать відвідувачі англійської версії сайту; порожнє поле вони бачать українською.',
          'Visitors of the English version see it; where a field is empty they see the Ukrainian text.',
        )}
      </p>
      <Texts p={p} form={form} specs={props.specs} suffix="_en" />
    </details>
  );
}

function CodeField(props: { p: PageCtx; form: FormState }): JSX.Element {
  const { p } = props;
  return (
    <TextField
      ctx={p}
      form={props.form}
      name="code"
      label={tr(p, 'Код', 'Code')}
      hint={tr(
        p,
        'Для імпорту й експорту: малі латинські літери, цифри й дефіс, напр. id-card',
        'For import and export: lower-case Latin letters, digits and hyphens, e.g. id-card',
      )}
      maxlength={40}
      width="short"
    />
  );
}

/**
 * The page of a form that creates (id null) or edits a service, an office or a life situation: the first of
 * its texts (the name) and its code first, then the form's own fields, then the English versions of its texts.
 */
function EditForm(props: {
  p: PageCtx;
  c: Community;
  kind: 'services' | 'offices' | 'situations';
  id: number | null;
  form: FormState;
  title: string;
  specs: TextSpec[];
  children: Children;
}): JSX.Element {
  const { p, c, form } = props;
  return (
    <Layout ctx={p} title={props.title} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={manageBase(c)}>{t(p, '← До керування', '← Back to management')}</a>
      </p>
      <h1 safe>{props.title}</h1>
      <form method="post" action={`${manageBase(c)}/${props.kind}/${props.id ?? 'new'}`} novalidate>
        <CsrfField ctx={p} />
        <Texts p={p} form={form} specs={props.specs.slice(0, 1)} />
        <CodeField p={p} form={form} />
        {props.children}
        <EnglishTexts p={p} form={form} specs={props.specs} />
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function ServiceFormPage(props: {
  p: PageCtx;
  c: Community;
  id: number | null;
  form: FormState;
  situations: Situation[];
  offices: Office[];
  selectedOffices: number[];
}): JSX.Element {
  const { p, form } = props;
  return (
    <EditForm
      p={p}
      c={props.c}
      kind="services"
      id={props.id}
      form={form}
      title={props.id === null ? tr(p, 'Нова послуга', 'New service') : tr(p, 'Редагування послуги', 'Editing a service')}
      specs={SERVICE_FIELDS}
    >
      <SelectField
        ctx={p}
        form={form}
        name="situation_id"
        label={tr(p, 'Життєва ситуація', 'Life situation')}
        options={[{ value: '', label: tr(p, '— оберіть —', '— choose —') }, ...props.situations.map((s) => ({ value: String(s.id), label: s.name }))]}
      />
      <Texts p={p} form={form} specs={SERVICE_FIELDS.slice(1)} />
      <TextField
        ctx={p}
        form={form}
        name="online_url"
        label={tr(p, 'Посилання на онлайн-послугу', 'Link to the online service')}
        hint={tr(p, 'Напр. https://diia.gov.ua/services/…', 'E.g. https://diia.gov.ua/services/…')}
        type="url"
      />
      <fieldset>
        <legend>{t(p, 'Де надається', 'Where it is provided')}</legend>
        {props.offices.map((o) => (
          <Checkbox name="offices" value={String(o.id)} label={o.name} checked={props.selectedOffices.includes(o.id)} />
        ))}
      </fieldset>
    </EditForm>
  );
}

export function OfficeFormPage(props: { p: PageCtx; c: Community; id: number | null; form: FormState; accessibility: string[] }): JSX.Element {
  const { p, form } = props;
  return (
    <EditForm
      p={p}
      c={props.c}
      kind="offices"
      id={props.id}
      form={form}
      title={props.id === null ? tr(p, 'Новий офіс', 'New office') : tr(p, 'Редагування офісу', 'Editing an office')}
      specs={OFFICE_FIELDS}
    >
      <SelectField
        ctx={p}
        form={form}
        name="kind"
        label={tr(p, 'Вид', 'Kind')}
        options={[
          { value: 'centre', label: tr(p, 'Офіс ЦНАП', 'ЦНАП office') },
          { value: 'remote', label: tr(p, 'Віддалене робоче місце (старостат)', 'Remote workplace (starosta district)') },
        ]}
      />
      <Texts p={p} form={form} specs={OFFICE_FIELDS.slice(1, 2)} />
      <TextField
        ctx={p}
        form={form}
        name="lat"
        label={tr(p, 'Широта', 'Latitude')}
        hint={tr(p, 'Для мапи, напр. 49.8325', 'For the map, e.g. 49.8325')}
        width="short"
        maxlength={20}
      />
      <TextField
        ctx={p}
        form={form}
        name="lng"
        label={tr(p, 'Довгота', 'Longitude')}
        hint={tr(p, 'Напр. 24.0713', 'E.g. 24.0713')}
        width="short"
        maxlength={20}
      />
      <TextField ctx={p} form={form} name="phone" label={tr(p, 'Телефон', 'Phone')} type="tel" maxlength={20} />
      <TextField ctx={p} form={form} name="email" label={tr(p, 'Електронна пошта', 'E-mail')} type="email" maxlength={200} />
      <fieldset>
        <legend>{t(p, 'Графік роботи', 'Opening hours')}</legend>
        <p class="hint">
          {t(
            p,
            'Години у вигляді 08:00–17:00; порожньо — вихідний. Перерва — так само, у межах годин.',
            'Hours as 08:00–17:00; empty for a day off. A break likewise, within the hours.',
          )}
        </p>
        {WEEK_ORDER.map((d) => (
          <div class="cnap-day">
            <TextField ctx={p} form={form} name={`hours_${d}`} label={WEEKDAY_NAMES[d][p.lang]} width="short" maxlength={20} />
            <TextField
              ctx={p}
              form={form}
              name={`break_${d}`}
              label={tr(p, `Перерва (${WEEKDAY_NAMES[d].uk.toLowerCase()})`, `Break (${WEEKDAY_NAMES[d].en})`)}
              width="short"
              maxlength={20}
            />
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t(p, 'Доступність приміщення', 'Accessibility of the premises')}</legend>
        {Object.entries(ACCESSIBILITY).map(([key, label]) => (
          <Checkbox name="accessibility" value={key} label={label[p.lang]} checked={props.accessibility.includes(key)} />
        ))}
      </fieldset>
      <Texts p={p} form={form} specs={OFFICE_FIELDS.slice(2)} />
    </EditForm>
  );
}

export function SituationFormPage(props: { p: PageCtx; c: Community; id: number | null; form: FormState }): JSX.Element {
  const { p, form } = props;
  const title = props.id === null ? tr(p, 'Нова життєва ситуація', 'New life situation') : tr(p, 'Редагування життєвої ситуації', 'Editing a life situation');
  return (
    <EditForm p={p} c={props.c} kind="situations" id={props.id} form={form} title={title} specs={SITUATION_FIELDS}>
      <TextField ctx={p} form={form} name="position" label={tr(p, 'Порядок у списку', 'Order in the list')} width="short" inputmode="numeric" maxlength={4} />
    </EditForm>
  );
}

export function ImportPage(props: { p: PageCtx; c: Community; fileError: string | null; rows: RowError[] }): JSX.Element {
  const { p, c } = props;
  const errors: Record<string, string> = props.fileError ? { file: props.fileError } : {};
  return (
    <Layout ctx={p} title={tr(p, 'Імпорт каталогу послуг', 'Importing the catalogue')} hasErrors={!!props.fileError || props.rows.length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      <p>
        <a href={manageBase(c)}>{t(p, '← До керування', '← Back to management')}</a>
      </p>
      <h1>{t(p, 'Імпорт каталогу послуг', 'Importing the catalogue')}</h1>
      <p>
        {t(
          p,
          'Файл CSV або XLSX у форматі експорту (перший рядок — назви стовпців). Послугу з наявним кодом буде змінено, з новим — додано. Якщо хоч один рядок має помилку, нічого не імпортується.',
          'A CSV or XLSX file in the export format (the first row names the columns). A service with a known code is changed, one with a new code added. If any row has an error, nothing is imported.',
        )}{' '}
        <a href={`/${c.slug}/cnap/catalogue.csv`}>{t(p, 'Поточний каталог як зразок (CSV)', 'The current catalogue as a sample (CSV)')}</a>
      </p>
      {props.rows.length ? (
        <div class="error-summary" role="alert" tabindex="-1">
          <h2>{t(p, 'Нічого не імпортовано: виправте помилки у файлі', 'Nothing was imported: fix the errors in the file')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Рядок', 'Line')}</th>
                <th scope="col">{t(p, 'Стовпець', 'Column')}</th>
                <th scope="col">{t(p, 'Помилка', 'Error')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td safe>{String(r.line)}</td>
                  <td safe>{r.column}</td>
                  <td safe>{r.text[p.lang]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={`${manageBase(c)}/import`} enctype="multipart/form-data">
        <CsrfField ctx={p} />
        <FileField ctx={p} name="file" label={tr(p, 'Файл каталогу', 'Catalogue file')} accept=".csv,.xlsx" error={props.fileError ?? undefined}>
          {t(p, 'CSV (UTF-8) або XLSX, до 2 МБ', 'CSV (UTF-8) or XLSX, up to 2 MB')}
        </FileField>
        <SubmitButton>{t(p, 'Імпортувати', 'Import')}</SubmitButton>
      </form>
    </Layout>
  );
}
