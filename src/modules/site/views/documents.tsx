/** The editor's document pages: the form (a new document or an edited one) and a document's history. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, ErrorSummary, FileField, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { DocumentVersion, SiteDocument } from '../repository.js';
import { DOC_STATUSES, DOC_TYPES } from '../forms.js';
import { DOC_STATUS_LABELS, DOC_TYPE_LABELS, Markdown } from './parts.js';

/** The document's form: new when `doc` is null; an edited one keeps its PDF unless another is chosen. */
export function DocumentForm(props: { p: PageCtx; c: Community; doc: SiteDocument | null; form: FormState; saved?: boolean }): JSX.Element {
  const { p, c, doc, form } = props;
  const base = `/${c.slug}/manage/site/documents`;
  const heading = doc ? tr(p, `Редагування документа № ${doc.number}`, `Editing document No. ${doc.number}`) : tr(p, 'Новий документ', 'New document');
  return (
    <Layout ctx={p} title={heading} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={`/${c.slug}/manage/site`}>{t(p, '← Сайт громади', '← Community website')}</a>
      </p>
      <h1 safe>{heading}</h1>
      {doc && props.saved ? (
        <p class="notice" role="status">
          {t(p, 'Збережено.', 'Saved.')} <a href={`/${c.slug}/site/documents/${doc.id}`}>{t(p, 'Переглянути на сайті', 'View on the site')}</a>
        </p>
      ) : (
        ''
      )}
      {doc ? (
        <p>
          <a href={`${base}/${doc.id}/history`}>{t(p, 'Історія змін документа', 'The document’s history')}</a>
        </p>
      ) : (
        ''
      )}
      <form method="post" action={doc ? `${base}/${doc.id}` : base} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <TextField ctx={p} form={form} name="number" label={tr(p, 'Номер', 'Number')} width="short" maxlength={40} />
        <TextField ctx={p} form={form} name="date" type="date" label={tr(p, 'Дата', 'Date')} width="short" />
        <SelectField
          ctx={p}
          form={form}
          name="type"
          label={tr(p, 'Вид', 'Kind')}
          options={DOC_TYPES.map((v) => ({ value: v, label: DOC_TYPE_LABELS[v][p.lang] }))}
        />
        <SelectField
          ctx={p}
          form={form}
          name="status"
          label={tr(p, 'Стан', 'Status')}
          options={DOC_STATUSES.map((v) => ({ value: v, label: DOC_STATUS_LABELS[v][p.lang] }))}
        />
        <TextField ctx={p} form={form} name="title" label={tr(p, 'Назва', 'Title')} maxlength={300} />
        <TextArea ctx={p} form={form} name="body" label={tr(p, 'Повний текст', 'Full text')} rows={12} />
        <FileField
          ctx={p}
          name="pdf"
          label={
            doc?.pdfFileId
              ? tr(p, 'Новий PDF документа (до 10 МБ; без нього лишається нинішній)', 'A new PDF (up to 10 MB; without it the current one stays)')
              : tr(p, 'PDF документа (до 10 МБ, необовʼязково)', 'The document’s PDF (up to 10 MB, optional)')
          }
          accept="application/pdf"
          error={form.errors.pdf}
        />
        <SubmitButton>{doc ? t(p, 'Зберегти документ', 'Save the document') : t(p, 'Опублікувати документ', 'Publish the document')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function DocumentHistoryPage(props: { p: PageCtx; c: Community; doc: SiteDocument; versions: DocumentVersion[] }): JSX.Element {
  const { p, c, doc } = props;
  const heading = tr(p, `Історія документа № ${doc.number}`, `History of document No. ${doc.number}`);
  return (
    <Layout ctx={p} title={heading}>
      <p>
        <a href={`/${c.slug}/manage/site/documents/${doc.id}`}>{t(p, '← До редагування', '← Back to editing')}</a>
      </p>
      <h1 safe>{heading}</h1>
      <ol class="cs-history">
        {props.versions.map((v, i) => (
          <li>
            <p safe>
              {`${formatKyivDateTime(v.savedAt, p.lang)} · ${v.savedBy ?? tr(p, 'система', 'system')} · № ${v.number} · ${v.date} · ${DOC_STATUS_LABELS[v.status][p.lang]}`}
            </p>
            <details>
              <summary safe>{v.title}</summary>
              <Markdown src={v.body} />
            </details>
            {i === 0 ? (
              <p class="meta">{t(p, 'Поточна версія', 'Current version')}</p>
            ) : (
              <ActionButton
                ctx={p}
                action={`/${c.slug}/manage/site/documents/${doc.id}/restore`}
                fields={{ version: String(v.id) }}
                label={tr(p, 'Відновити цю версію', 'Restore this version')}
                variant="secondary"
              />
            )}
          </li>
        ))}
      </ol>
    </Layout>
  );
}
