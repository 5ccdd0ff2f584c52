/** Topics from residents: the form to suggest one, the moderator's queue. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { shownName } from '../../../core/users/public-name.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { Topic } from '../repository.js';
import { KINDS, KIND_LABEL } from '../rules/model.js';
import { base, hasErrors } from './parts.js';

export function TopicFormPage({ p, c, form, sent }: { p: PageCtx; c: Community; form: FormState; sent?: boolean }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Запропонувати тему', 'Suggest a topic')} hasErrors={hasErrors(form)}>
      <ErrorSummary ctx={p} errors={form.errors} />
      {sent ? (
        <div class="notice" role="status">
          {t(p, 'Дякуємо! Пропозицію надіслано модераторові.', 'Thank you! Your suggestion was sent to the moderator.')}
        </div>
      ) : (
        ''
      )}
      <h1>{t(p, 'Запропонувати тему для консультації', 'Suggest a topic for consultation')}</h1>
      <p>
        {t(
          p,
          'Модератор розгляне пропозицію: прийме її (і підготує консультацію) або відхилить із поясненням. Ви отримаєте лист.',
          'A moderator will review it: accept it (and prepare a consultation) or decline with a reason. You will get a letter.',
        )}
      </p>
      <form method="post" action={`${base(c)}/topics`} novalidate>
        <CsrfField ctx={p} />
        <field.Text name="title" label={tr(p, 'Тема', 'Topic')} maxlength={200} />
        <field.Area
          name="body"
          label={tr(p, 'Що варто обговорити й чому', 'What to discuss and why')}
          rows={6}
          hint={tr(p, 'До 4000 символів.', 'Up to 4000 characters.')}
        />
        <SubmitButton>{t(p, 'Надіслати пропозицію', 'Send the suggestion')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function TopicQueuePage({ p, c, topics, errors }: { p: PageCtx; c: Community; topics: Topic[]; errors: Record<string, string> }): JSX.Element {
  const pending = topics.filter((x) => x.status === 'pending');
  const decided = topics.filter((x) => x.status !== 'pending');
  return (
    <Layout ctx={p} title={tr(p, 'Теми від мешканців', 'Topics from residents')} hasErrors={Object.keys(errors).length > 0}>
      <ErrorSummary ctx={p} errors={errors} />
      <h1>{t(p, 'Теми від мешканців', 'Topics from residents')}</h1>
      {pending.length === 0 ? <p>{t(p, 'Нових пропозицій немає.', 'No new suggestions.')}</p> : ''}
      <ul class="queue">
        {pending.map((x) => (
          <li class="card" id={`topic-${x.id}`}>
            <h2 safe>{x.title}</h2>
            <p class="meta" safe>
              {`${shownName(x.authorName, p.lang) || tr(p, 'Видалений обліковий запис', 'Deleted account')} · ${formatKyivDateTime(x.createdAt, p.lang)}`}
            </p>
            <div class="prose" safe>
              {x.body}
            </div>
            <form method="post" action={`${base(c)}/topics/${x.id}/accept`} class="stack">
              <CsrfField ctx={p} />
              <label for={`kind-${x.id}`}>{t(p, 'Прийняти як', 'Accept as')}</label>
              <select id={`kind-${x.id}`} name="kind">
                {KINDS.map((k) => (
                  <option value={k} safe>
                    {KIND_LABEL[k][p.lang]}
                  </option>
                ))}
              </select>
              <SubmitButton>{t(p, 'Прийняти й створити чернетку', 'Accept and create a draft')}</SubmitButton>
            </form>
            <form method="post" action={`${base(c)}/topics/${x.id}/decline`} class="stack" novalidate>
              <CsrfField ctx={p} />
              <label for={`decline-reason-${x.id}`}>{t(p, 'Відхилити: причина (отримає автор)', 'Decline: reason (sent to the author)')}</label>
              {errors[`decline-reason-${x.id}`] ? (
                <p class="error-message" safe>
                  {errors[`decline-reason-${x.id}`]!}
                </p>
              ) : (
                ''
              )}
              <input id={`decline-reason-${x.id}`} name="reason" type="text" maxlength="1000" />
              <SubmitButton variant="warning">{t(p, 'Відхилити', 'Decline')}</SubmitButton>
            </form>
          </li>
        ))}
      </ul>
      {decided.length ? (
        <>
          <h2>{t(p, 'Розглянуті', 'Decided')}</h2>
          <ul>
            {decided.map((x) => (
              <li
                safe
              >{`${x.title} — ${x.status === 'accepted' ? tr(p, 'прийнято', 'accepted') : `${tr(p, 'відхилено', 'declined')}: ${x.decisionReason ?? ''}`}`}</li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
