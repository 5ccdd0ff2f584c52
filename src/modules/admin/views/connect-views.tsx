/** The public side of connecting: the request form, and the applicant's private status page. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { CATALOG, type CatalogCommunity } from '../catalog.js';
import { isWithinTerritory } from '../../../core/communities/community.js';
import type { ConnectionRequest, FileMeta } from '../repository.js';
import { FieldError, FileField, RequestSummary, StatusTag, ToolCheckboxes, WebsiteField } from './parts.js';
import { MAX_BUDGET_CATEGORIES, MAX_MODERATORS } from '../rules.js';

function CommunitySelect({ p, form, onPlatform }: { p: PageCtx; form: FormState; onPlatform: readonly string[] }): JSX.Element {
  const error = form.errors.community;
  const current = form.values.community ?? '';
  const byOblast = new Map<string, CatalogCommunity[]>();
  // A community already on Віче, connected or suspended, is not offered: a request for it would be
  // refused, and a suspended one is still on the platform (issue #21, point 8).
  const offered = CATALOG.filter((c) => !onPlatform.some((code) => isWithinTerritory(c.code, [code])));
  for (const c of [...offered].sort((a, b) => a.oblast.uk.localeCompare(b.oblast.uk, 'uk') || a.name.uk.localeCompare(b.name.uk, 'uk'))) {
    const key = tr(p, `${c.oblast.uk} область`, `${c.oblast.en} Oblast`);
    byOblast.set(key, [...(byOblast.get(key) ?? []), c]);
  }
  return (
    <div class={`field${error ? ' field-error' : ''}`}>
      <label for="community">{t(p, 'Територіальна громада', 'Territorial community')}</label>
      <p class="hint" id="community-hint">
        {t(
          p,
          'Оберіть громаду за областю; поруч — її код за Кодифікатором адміністративно-територіальних одиниць (КАТОТТГ).',
          'Choose the community by oblast; next to it is its code in the codifier of administrative-territorial units (КАТОТТГ).',
        )}
      </p>
      <FieldError p={p} name="community" error={error} />
      <select
        id="community"
        name="community"
        aria-describedby={error ? 'community-hint community-error' : 'community-hint'}
        aria-invalid={error ? 'true' : undefined}
      >
        <option value="">{t(p, 'Оберіть громаду', 'Choose the community')}</option>
        {[...byOblast].map(([oblast, list]) => (
          <optgroup label={oblast}>
            {list.map((c) => (
              <option value={c.code} selected={c.code === current} safe>
                {`${c.name[p.lang]} — ${c.code}`}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

function MinAgeSelect({ p, form }: { p: PageCtx; form: FormState }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <field.Select
      name="budget_min_age"
      label={tr(p, 'З якого віку можна голосувати', 'Minimum voting age')}
      options={[
        { value: '', label: tr(p, 'Без обмеження', 'No limit') },
        { value: '14', label: tr(p, 'З 14 років', 'From 14') },
        { value: '16', label: tr(p, 'З 16 років', 'From 16') },
        { value: '18', label: tr(p, 'З 18 років', 'From 18') },
      ]}
    />
  );
}

/** The request form, new or corrected (then files may be left empty to keep the uploaded ones). */
export function RequestForm({
  p,
  form,
  tools,
  action,
  editing,
  onPlatform = [],
}: {
  p: PageCtx;
  form: FormState;
  tools: string[];
  action: string;
  editing: boolean;
  /** Territorial codes of the communities already on the platform, whatever their status. */
  onPlatform?: readonly string[];
}): JSX.Element {
  const keep = editing ? tr(p, ' Залиште поле порожнім, щоб лишити вже завантажений файл.', ' Leave it empty to keep the file already uploaded.') : '';
  const again =
    Object.keys(form.errors).length > 0 ? tr(p, ' Після помилки у формі файл треба вибрати знову.', ' After an error in the form, choose the file again.') : '';
  const field = fieldsFor(p, form);
  return (
    <form method="post" action={action} enctype="multipart/form-data" novalidate>
      <CsrfField ctx={p} />
      <h2>{t(p, '1. Громада', '1. The community')}</h2>
      {editing ? (
        <>
          <input type="hidden" name="community" value={form.values.community ?? ''} />
          <p class="meta">{t(p, 'Громаду в поданій заявці змінити не можна.', 'The community of a submitted request cannot be changed.')}</p>
        </>
      ) : (
        <CommunitySelect p={p} form={form} onPlatform={onPlatform} />
      )}
      <field.Text
        name="council_address"
        label={tr(p, 'Поштова адреса ради (необовʼязково)', 'Postal address of the council (optional)')}
        autocomplete="street-address"
        maxlength={300}
      />
      <WebsiteField p={p} form={form} name="council_website" label={tr(p, 'Сайт ради (необовʼязково)', 'Council website (optional)')} />

      <h2>{t(p, '2. Контактна особа', '2. Contact person')}</h2>
      <p class="hint">
        {t(
          p,
          'Людина від ради, з якою національний модератор узгоджує підключення. Її дані не публікуються.',
          'The council person the national moderator agrees the connection with. Not published.',
        )}
      </p>
      <field.Text name="contact_name" label={tr(p, 'Прізвище, імʼя та по батькові', 'Full name')} autocomplete="name" maxlength={200} />
      <field.Text
        name="contact_position"
        label={tr(p, 'Посада', 'Position')}
        hint={tr(p, 'Наприклад: секретар міської ради', 'For example: secretary of the city council')}
        autocomplete="organization-title"
        maxlength={200}
      />
      <field.Text
        name="contact_email"
        type="email"
        label={tr(p, 'Електронна пошта', 'E-mail')}
        hint={tr(p, 'Сюди надійде посилання на стан заявки.', 'The link to the request status is sent here.')}
        autocomplete="email"
        maxlength={254}
      />
      <field.Text
        name="contact_phone"
        type="tel"
        label={tr(p, 'Телефон', 'Phone')}
        hint={tr(p, 'Наприклад +380 44 123 45 67', 'For example +380 44 123 45 67')}
        autocomplete="tel"
        maxlength={30}
      />

      <h2>{t(p, '3. Інструменти й модератори', '3. Tools and moderators')}</h2>
      <ToolCheckboxes p={p} form={form} checked={tools} />
      <field.Area
        name="moderator_emails"
        rows={3}
        label={tr(p, 'Електронні адреси місцевих модераторів (необовʼязково)', 'E-mails of the local moderators (optional)')}
        hint={tr(
          p,
          `По одній у рядку, до ${MAX_MODERATORS}. Кожен стане модератором усіх обраних інструментів, коли увійде через id.gov.ua з цією поштою. Якщо порожньо — модератором стане контактна особа.`,
          `One per line, up to ${MAX_MODERATORS}. Each becomes a moderator of every chosen tool on signing in through id.gov.ua with this e-mail. If empty, the contact person becomes the moderator.`,
        )}
      />

      <h2>{t(p, '4. Умови з положень громади', '4. Conditions from the regulations')}</h2>
      <p class="hint">
        {t(
          p,
          'Як їх визначає положення громади про місцеві петиції та про громадський бюджет. Заповніть для обраних інструментів.',
          'As your regulations on petitions and on the participatory budget set them. Fill in for the tools you chose.',
        )}
      </p>
      <h3>{t(p, 'Місцеві петиції', 'Local petitions')}</h3>
      <field.Number
        name="petition_threshold"
        label={tr(p, 'Поріг підписів', 'Signature threshold')}
        hint={tr(p, 'Скільки підписів потрібно, щоб рада розглянула петицію.', 'How many signatures oblige the council to consider a petition.')}
      />
      <field.Number
        name="petition_days"
        label={tr(p, 'Строк збору підписів, днів', 'Collection term, days')}
        hint={tr(p, 'Закон: не більше 3 місяців.', 'The law: at most 3 months.')}
      />
      <h3>{t(p, 'Громадський бюджет', 'Participatory budget')}</h3>
      <field.Text
        name="budget_total"
        inputmode="numeric"
        label={tr(p, 'Обсяг бюджету на рік, грн', 'Budget per year, UAH')}
        hint={tr(p, 'Цифрами, наприклад 5 000 000', 'In digits, e.g. 5 000 000')}
      />
      <field.Area
        name="budget_categories"
        rows={4}
        label={tr(p, 'Категорії проєктів, по одній у рядку', 'Project categories, one per line')}
        hint={tr(
          p,
          `Наприклад: Благоустрій, Освіта, Спорт. До ${MAX_BUDGET_CATEGORIES}.`,
          `For example: Public spaces, Education, Sport. Up to ${MAX_BUDGET_CATEGORIES}.`,
        )}
      />
      <field.Number name="budget_max_choices" label={tr(p, 'Скільки проєктів може обрати голосувальник', 'How many projects a voter may choose')} />
      <MinAgeSelect p={p} form={form} />

      <h2>{t(p, '5. Документи', '5. Documents')}</h2>
      <FileField
        p={p}
        form={form}
        name="memorandum"
        accept="application/pdf,.pdf"
        label={tr(p, 'Підписаний меморандум (PDF)', 'Signed memorandum (PDF)')}
        hint={tr(p, 'Скан-копія меморандуму про співпрацю, PDF до 5 МБ.', 'A scan of the signed memorandum, PDF up to 5 MB.') + keep + again}
      />
      <FileField
        p={p}
        form={form}
        name="letter"
        accept="application/pdf,.pdf"
        label={tr(p, 'Лист ради про підключення (PDF)', 'Council letter asking to connect (PDF)')}
        hint={
          tr(
            p,
            'Офіційний лист за підписом голови або секретаря ради, PDF до 5 МБ.',
            'The official letter signed by the head or secretary of the council, PDF up to 5 MB.',
          ) +
          keep +
          again
        }
      />
      <SubmitButton>{editing ? t(p, 'Надіслати виправлену заявку', 'Send the corrected request') : t(p, 'Надіслати заявку', 'Send the request')}</SubmitButton>
    </form>
  );
}

export function ConnectPage({ p, form, tools, onPlatform }: { p: PageCtx; form: FormState; tools: string[]; onPlatform: readonly string[] }): JSX.Element {
  return (
    <Layout ctx={p} title={tr(p, 'Підключити громаду', 'Connect a community')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{t(p, 'Підключити громаду', 'Connect a community')}</h1>
      <p class="lead">{t(p, 'Віче безкоштовне для територіальних громад. Щоб підключитися:', 'Viche is free for territorial communities. To join:')}</p>
      <ol class="steps">
        <li>
          {t(
            p,
            'Рада підписує меморандум про співпрацю й готує лист про підключення.',
            'The council signs the memorandum and writes a letter asking to connect.',
          )}
        </li>
        <li>
          {t(
            p,
            'Ви заповнюєте цю форму: інструменти, умови з положень громади, документи.',
            'You fill in this form: tools, conditions from your regulations, documents.',
          )}
        </li>
        <li>
          {t(p, 'Національний модератор перевіряє заявку; за потреби просить виправити.', 'The national moderator checks the request and may ask for changes.')}
        </li>
        <li>
          {t(
            p,
            'Громаду підключають, а модератори отримують лист з інструкціями.',
            'The community is connected, and the moderators get a letter with instructions.',
          )}
        </li>
      </ol>
      <RequestForm p={p} form={form} tools={tools} action="/connect" editing={false} onPlatform={onPlatform} />
    </Layout>
  );
}

export function StatusPage({
  p,
  r,
  files,
  token,
  justSent,
  form,
  communitySlug,
  editing,
  tools,
}: {
  p: PageCtx;
  r: ConnectionRequest;
  files: FileMeta[];
  token: string;
  justSent: boolean;
  form: FormState | null;
  communitySlug: string | null;
  editing: boolean;
  tools: string[];
}): JSX.Element {
  const name = tr(p, r.name_uk, r.name_en);
  const base = `/connect/status/${token}`;
  const hasErrors = !!form && Object.keys(form.errors).length > 0;
  return (
    <Layout ctx={p} title={tr(p, 'Стан заявки на підключення', 'Connection request status')} hasErrors={hasErrors}>
      {form ? <ErrorSummary ctx={p} errors={form.errors} /> : ''}
      {justSent ? (
        <div class="notice" role="status">
          <h2>{t(p, 'Заявку надіслано', 'The request has been sent')}</h2>
          <p>
            {t(
              p,
              'Збережіть адресу цієї сторінки: за нею видно стан заявки, а якщо національний модератор попросить зміни, тут її можна буде виправити. Те саме посилання ми надіслали на пошту контактної особи.',
              'Keep the address of this page: it shows the state of the request, and if the national moderator asks for changes you can correct it here. We sent the same link to the contact e-mail.',
            )}
          </p>
        </div>
      ) : (
        ''
      )}
      <h1 safe>{name}</h1>
      <p>
        {t(p, 'Стан заявки:', 'Request status:')} <StatusTag p={p} status={r.status} />
      </p>
      <p class="meta" safe>
        {`${tr(p, 'Подано', 'Submitted')} ${formatKyivDateTime(r.submitted_at, p.lang)} · ${tr(p, 'оновлено', 'updated')} ${formatKyivDateTime(r.updated_at, p.lang)}`}
      </p>
      {r.status === 'new' ? <p>{t(p, 'Заявка в черзі національного модератора.', 'The request is in the national moderator’s queue.')}</p> : ''}
      {r.status === 'changes_requested' ? (
        <div class="notice warning">
          <h2>{t(p, 'Що потрібно виправити', 'What to change')}</h2>
          <p class="pre-line" safe>
            {r.status_message ?? ''}
          </p>
          {editing ? (
            ''
          ) : (
            <a class="button" href={`${base}/edit`}>
              {t(p, 'Виправити заявку', 'Correct the request')}
            </a>
          )}
        </div>
      ) : (
        ''
      )}
      {r.status === 'declined' ? (
        <div class="notice warning">
          <h2>{t(p, 'Причина відмови', 'Reason')}</h2>
          <p class="pre-line" safe>
            {r.status_message ?? ''}
          </p>
          <p>
            <a href="/connect">{t(p, 'Подати нову заявку', 'Send a new request')}</a>
          </p>
        </div>
      ) : (
        ''
      )}
      {r.status === 'accepted' && communitySlug ? (
        <div class="notice">
          <p>
            {t(
              p,
              'Громаду підключено! Інструкції для модераторів надіслано на пошту контактної особи.',
              'The community is connected! Instructions for the moderators were sent to the contact e-mail.',
            )}
          </p>
          <p>
            <a href={`/${communitySlug}`}>{t(p, 'Сторінка громади на Віче', 'The community on Viche')}</a>
          </p>
        </div>
      ) : (
        ''
      )}
      <p>
        <a href="/connect">{t(p, 'Підключити іншу громаду', 'Connect another community')}</a>
      </p>
      {editing && form ? (
        <>
          <h2>{t(p, 'Виправлення заявки', 'Correcting the request')}</h2>
          <RequestForm p={p} form={form} tools={tools} action={`${base}/edit`} editing={true} />
        </>
      ) : (
        <RequestSummary p={p} r={r} files={files} showContacts={true} />
      )}
    </Layout>
  );
}
