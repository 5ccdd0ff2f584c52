/** Small view parts of this module: file fields, checkbox groups, status tags, request summary. */
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { StatusBadge } from '../../../core/views/kit.js';
import { FileField as CoreFileField, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { escapeHtml } from '@kitajs/html';
import { TOOLS, TOOL_IDS, isToolId } from '../../../core/tools.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import { formatNumber, type Text } from '../../../core/i18n/index.js';
import type { ConnectionRequest, FileMeta, RequestStatus } from '../repository.js';
import { moderatorEmailsOf } from '../rules.js';

export const STATUS_LABELS: Record<RequestStatus, Text> = {
  new: { uk: 'Нова', en: 'New' },
  changes_requested: { uk: 'Потребує змін', en: 'Changes requested' },
  accepted: { uk: 'Прийнята', en: 'Accepted' },
  declined: { uk: 'Відхилена', en: 'Declined' },
};

export const FILE_LABELS: Record<FileMeta['kind'], Text> = {
  memorandum: { uk: 'Підписаний меморандум', en: 'Signed memorandum' },
  letter: { uk: 'Лист ради', en: 'Council letter' },
};

export function StatusTag({ p, status }: { p: PageCtx; status: RequestStatus }): JSX.Element {
  return <StatusBadge ctx={p} cls={`tag tag-request-${status}`} label={STATUS_LABELS[status]} />;
}

export function FieldError({ p, name, error }: { p: PageCtx; name: string; error: string | undefined }): JSX.Element {
  if (!error) return '';
  return (
    <p class="error-message" id={`${name}-error`}>
      <span class="visually-hidden">{t(p, 'Помилка:', 'Error:')}</span> <span safe>{error}</span>
    </p>
  );
}

export function FileField(props: { p: PageCtx; form: FormState; name: string; label: string; hint: string; accept: string }): JSX.Element {
  return (
    <CoreFileField ctx={props.p} name={props.name} label={props.label} error={props.form.errors[props.name]} accept={props.accept} class="file-input">
      {escapeHtml(props.hint)}
    </CoreFileField>
  );
}

/** The council's website: an address with its example (the request form and the community's settings name the field each their own way). */
export function WebsiteField({ p, form, name, label }: { p: PageCtx; form: FormState; name: string; label: string }): JSX.Element {
  const field = fieldsFor(p, form);
  return <field.Text name={name} type="url" label={label} hint={tr(p, 'Наприклад https://rada.gov.ua', 'For example https://rada.gov.ua')} maxlength={300} />;
}

/** The six tools as checkboxes; the first box carries the group's id, where the error summary links. */
export function ToolCheckboxes({ p, form, checked }: { p: PageCtx; form: FormState; checked: string[] }): JSX.Element {
  const error = form.errors.tools;
  return (
    <fieldset class={`field group${error ? ' field-error' : ''}`} aria-describedby={error ? 'tools-error' : undefined}>
      <legend>{t(p, 'Які інструменти увімкнути', 'Which tools to switch on')}</legend>
      <FieldError p={p} name="tools" error={error} />
      {TOOL_IDS.map((id, i) => {
        const inputId = i === 0 ? 'tools' : `tools-${id}`;
        return (
          <div class="checkbox">
            <input type="checkbox" id={inputId} name="tools" value={id} checked={checked.includes(id)} aria-describedby={`${inputId}-hint`} />
            <label for={inputId} safe>
              {TOOLS[id].name[p.lang]}
            </label>
            <p class="hint" id={`${inputId}-hint`} safe>
              {TOOLS[id].summary[p.lang]}
            </p>
          </div>
        );
      })}
    </fieldset>
  );
}

export function formatBytes(n: number, lang: 'uk' | 'en'): string {
  if (n < 1024) return `${formatNumber(n, lang)} ${tr({ lang }, 'Б', 'B')}`;
  if (n < 1024 * 1024) return `${formatNumber(Math.round(n / 1024), lang)} ${tr({ lang }, 'КБ', 'KB')}`;
  return `${formatNumber(Math.round((n / 1024 / 1024) * 10) / 10, lang)} ${tr({ lang }, 'МБ', 'MB')}`;
}

/**
 * Everything the request says. `fileHref` gives a download link per file (the national moderator
 * only); without it the files are listed by name.
 */
export function RequestSummary({
  p,
  r,
  files,
  fileHref,
  showContacts,
}: {
  p: PageCtx;
  r: ConnectionRequest;
  files: FileMeta[];
  fileHref?: (kind: FileMeta['kind']) => string;
  showContacts: boolean;
}): JSX.Element {
  const tools = r.tools.filter(isToolId);
  const none = tr(p, '—', '—');
  return (
    <>
      <h2>{t(p, 'Громада', 'Community')}</h2>
      <dl class="summary-list">
        <dt>{t(p, 'Назва', 'Name')}</dt>
        <dd safe>{tr(p, r.name_uk, r.name_en)}</dd>
        <dt>{t(p, 'Область, район', 'Oblast, raion')}</dt>
        <dd safe>{tr(p, `${r.oblast_uk} область, ${r.raion_uk} район`, `${r.oblast_en} Oblast, ${r.raion_en} Raion`)}</dd>
        <dt>{t(p, 'Код КАТОТТГ', 'КАТОТТГ code')}</dt>
        <dd safe>{r.territorial_code}</dd>
        <dt>{t(p, 'Населення', 'Population')}</dt>
        <dd safe>{formatNumber(r.population, p.lang)}</dd>
        <dt>{t(p, 'Адреса ради', 'Council address')}</dt>
        <dd safe>{r.council_address || none}</dd>
        <dt>{t(p, 'Сайт ради', 'Council website')}</dt>
        <dd safe>{r.council_website || none}</dd>
      </dl>
      {showContacts ? (
        <>
          <h2>{t(p, 'Контактна особа', 'Contact person')}</h2>
          <dl class="summary-list">
            <dt>{t(p, 'ПІБ', 'Name')}</dt>
            <dd safe>{r.contact_name}</dd>
            <dt>{t(p, 'Посада', 'Position')}</dt>
            <dd safe>{r.contact_position}</dd>
            <dt>{t(p, 'Електронна пошта', 'E-mail')}</dt>
            <dd safe>{r.contact_email}</dd>
            <dt>{t(p, 'Телефон', 'Phone')}</dt>
            <dd safe>{r.contact_phone}</dd>
            <dt>{t(p, 'Місцеві модератори', 'Local moderators')}</dt>
            <dd safe>{moderatorEmailsOf(r).join(', ')}</dd>
          </dl>
        </>
      ) : (
        ''
      )}
      <h2>{t(p, 'Інструменти', 'Tools')}</h2>
      <ul>
        {tools.map((id) => (
          <li safe>{TOOLS[id].name[p.lang]}</li>
        ))}
      </ul>
      <h2>{t(p, 'Умови з положень громади', 'Conditions from the regulations')}</h2>
      <dl class="summary-list">
        <dt>{t(p, 'Поріг підписів під петицією', 'Petition signature threshold')}</dt>
        <dd safe>{r.petition_threshold === null ? none : formatNumber(r.petition_threshold, p.lang)}</dd>
        <dt>{t(p, 'Строк збору підписів', 'Collection term')}</dt>
        <dd safe>{r.petition_days === null ? none : `${r.petition_days} ${tr(p, 'дн.', 'days')}`}</dd>
        <dt>{t(p, 'Обсяг громадського бюджету', 'Participatory budget size')}</dt>
        <dd safe>{r.budget_total === null ? none : `${formatNumber(r.budget_total, p.lang)} ${tr(p, 'грн', 'UAH')}`}</dd>
        <dt>{t(p, 'Категорії проєктів', 'Project categories')}</dt>
        <dd safe>{r.budget_categories.length ? r.budget_categories.join('; ') : none}</dd>
        <dt>{t(p, 'Скільки проєктів обирає голосувальник', 'Projects a voter may choose')}</dt>
        <dd safe>{r.budget_max_choices === null ? none : String(r.budget_max_choices)}</dd>
        <dt>{t(p, 'Мінімальний вік голосувальника', 'Minimum voting age')}</dt>
        <dd safe>{r.budget_total === null ? none : r.budget_min_age === null ? tr(p, 'без обмеження', 'no limit') : String(r.budget_min_age)}</dd>
      </dl>
      <h2>{t(p, 'Документи', 'Documents')}</h2>
      <ul>
        {files.map((f) => (
          <li>
            {fileHref ? (
              <a href={fileHref(f.kind)} safe>
                {`${FILE_LABELS[f.kind][p.lang]} (PDF, ${formatBytes(f.size, p.lang)})`}
              </a>
            ) : (
              <span safe>{`${FILE_LABELS[f.kind][p.lang]}: ${f.fileName} (PDF, ${formatBytes(f.size, p.lang)})`}</span>
            )}{' '}
            <span class="meta" safe>
              {`${tr(p, 'завантажено', 'uploaded')} ${formatKyivDateTime(f.uploadedAt, p.lang)}`}
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
