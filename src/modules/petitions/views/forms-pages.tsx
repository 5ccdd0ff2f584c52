/** Starting a petition (form, preview) and confirming a signature. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import type { Community } from '../../../core/communities/community.js';
import { fullName } from '../../../core/users/viewer.js';
import { publicName, shownName } from '../../../core/users/public-name.js';
import type { Category } from '../repository.js';
import type { PetitionSettings } from '../settings.js';
import { BODY_MAX, TITLE_MAX } from '../rules.js';
import { CHARACTERS_UP_TO, plural, type PluralText } from '../../../core/i18n/index.js';

/** «набере 2 підписи / 5 підписів»: the accusative after a number (for «1» it is «підпис»). */
const SIGNATURES_TO_GET: PluralText = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] };
/** «за 21 день / 3 дні / 60 днів», «до 1 робочого дня / 2 робочих днів». */
const DAYS: PluralText = { uk: ['день', 'дні', 'днів'], en: ['day', 'days'] };
const WORKING_DAYS: PluralText = { uk: ['робочого дня', 'робочих днів', 'робочих днів'], en: ['working day', 'working days'] };

export function NewPetitionPage({
  p,
  c,
  form,
  categories,
  settings,
  preview,
}: {
  p: PageCtx;
  c: Community;
  form: FormState;
  categories: Category[];
  settings: PetitionSettings;
  preview: boolean;
}): JSX.Element {
  const v = p.viewer!;
  const action = `/${c.slug}/petitions/new`;
  const category = categories.find((x) => String(x.id) === form.values.category);
  const field = fieldsFor(p, form);
  return (
    <Layout
      ctx={p}
      title={preview ? tr(p, 'Перевірте петицію', 'Check the petition') : tr(p, 'Нова петиція', 'New petition')}
      hasErrors={Object.keys(form.errors).length > 0}
    >
      <ErrorSummary ctx={p} errors={form.errors} />
      <h1>{preview ? t(p, 'Перевірте петицію перед поданням', 'Check the petition before you submit it') : t(p, 'Нова петиція', 'New petition')}</h1>
      <p safe>
        {tr(
          p,
          `Петицію розгляне рада, якщо за ${plural(settings.collectionDays, DAYS, 'uk')} вона набере ${plural(settings.signatureThreshold, SIGNATURES_TO_GET, 'uk')}. Спершу її перевірить модератор (до ${plural(settings.moderationWorkingDays, WORKING_DAYS, 'uk')}). Після публікації текст змінити не можна.`,
          `The council will consider the petition if it gets ${plural(settings.signatureThreshold, SIGNATURES_TO_GET, 'en')} within ${plural(settings.collectionDays, DAYS, 'en')}. A moderator checks it first (up to ${plural(settings.moderationWorkingDays, WORKING_DAYS, 'en')}). Once published, the text cannot be changed.`,
        )}
      </p>
      {preview ? (
        <>
          <div class="card">
            <h2 safe>{form.values.title ?? ''}</h2>
            <p class="meta" safe>
              {category?.name[p.lang] ?? ''}
            </p>
            <div class="petition-text" safe>
              {form.values.body ?? ''}
            </div>
          </div>
          <h2>{t(p, 'До петиції буде додано', 'Attached to the petition')}</h2>
          <dl class="summary-list">
            <dt>{t(p, 'Автор (публічно)', 'Author (public)')}</dt>
            <dd safe>{fullName(v)}</dd>
            <dt>{t(p, 'Ел. пошта (не публікується)', 'E-mail (not published)')}</dt>
            <dd safe>{form.values.email ?? ''}</dd>
          </dl>
          <p>{t(p, 'Ваш підпис буде першим.', 'Your signature will be the first.')}</p>
          <form method="post" action={action}>
            <CsrfField ctx={p} />
            {['title', 'body', 'category', 'email'].map((k) => (
              <input type="hidden" name={k} value={form.values[k] ?? ''} />
            ))}
            <SubmitButton name="step" value="submit">
              {t(p, 'Подати петицію', 'Submit the petition')}
            </SubmitButton>
            <SubmitButton variant="secondary" name="step" value="edit">
              {t(p, 'Змінити', 'Edit')}
            </SubmitButton>
          </form>
        </>
      ) : (
        <form method="post" action={action} novalidate>
          <CsrfField ctx={p} />
          <field.Text
            name="title"
            label={tr(p, 'Назва петиції', 'Title')}
            hint={tr(p, `До ${plural(TITLE_MAX, CHARACTERS_UP_TO, 'uk')}`, `Up to ${plural(TITLE_MAX, CHARACTERS_UP_TO, 'en')}`)}
            maxlength={TITLE_MAX}
          />
          <field.Area
            name="body"
            rows={10}
            label={tr(p, 'Текст петиції', 'Text')}
            hint={tr(
              p,
              `Що не так і що ви пропонуєте раді зробити. До ${plural(BODY_MAX, CHARACTERS_UP_TO, 'uk')}.`,
              `What is wrong and what you ask the council to do. Up to ${plural(BODY_MAX, CHARACTERS_UP_TO, 'en')}.`,
            )}
          />
          <field.Select
            name="category"
            label={tr(p, 'Категорія', 'Category')}
            options={[
              { value: '', label: tr(p, 'Оберіть категорію', 'Choose a category') },
              ...categories.map((x) => ({ value: String(x.id), label: x.name[p.lang] })),
            ]}
          />
          <field.Text
            name="email"
            type="email"
            autocomplete="email"
            label={tr(p, 'Ваша електронна пошта', 'Your e-mail')}
            hint={tr(
              p,
              'Закон вимагає додати до петиції ПІБ та пошту автора. Пошту не публікують: на неї надходитимуть повідомлення.',
              'The law requires the name and e-mail of the author. The e-mail is not published: notices go there.',
            )}
          />
          <p safe>{`${tr(p, 'Автор', 'Author')}: ${shownName(publicName(v), p.lang)}`}</p>
          <SubmitButton name="step" value="preview">
            {t(p, 'Переглянути', 'Preview')}
          </SubmitButton>
        </form>
      )}
    </Layout>
  );
}

export function SignConfirmPage({ p, c, petitionId, title }: { p: PageCtx; c: Community; petitionId: number; title: string }): JSX.Element {
  const v = p.viewer!;
  return (
    <Layout ctx={p} title={tr(p, 'Підтвердіть підпис', 'Confirm your signature')}>
      <h1>{t(p, 'Підтвердіть підпис', 'Confirm your signature')}</h1>
      <p>
        {t(p, 'Петиція:', 'Petition:')} <strong safe>{title}</strong>
      </p>
      <dl class="summary-list">
        <dt>{t(p, 'Ваше імʼя в публічному списку', 'Your name in the public list')}</dt>
        <dd safe>{shownName(publicName(v), p.lang)}</dd>
      </dl>
      <p class="notice warning">
        {t(
          p,
          'Підпис не можна відкликати. Ваше імʼя, дату й час підписання буде оприлюднено.',
          'A signature cannot be withdrawn. Your name, date and time of signing will be published.',
        )}
      </p>
      <form method="post" action={`/${c.slug}/petitions/${petitionId}/sign`}>
        <CsrfField ctx={p} />
        <SubmitButton>{t(p, 'Підписати петицію', 'Sign the petition')}</SubmitButton>
      </form>
      <p>
        <a href={`/${c.slug}/petitions/${petitionId}`}>{t(p, 'Скасувати', 'Cancel')}</a>
      </p>
    </Layout>
  );
}
