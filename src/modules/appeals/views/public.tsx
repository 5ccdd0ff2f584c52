/** A resident's pages: the form of a new appeal, and one's own appeal with its answer. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { fullName } from '../../../core/users/viewer.js';
import { CHARACTERS_UP_TO, pick, plural } from '../../../core/i18n/index.js';
import { LIMITS, TOPICS } from '../rules.js';
import { nameError } from '../forms.js';
import type { Appeal } from '../repository.js';
import { DeadlineLine, LawNote, StatusTag, topicLabel } from './parts.js';

export function NewAppealPage(props: { p: PageCtx; c: Community; form: FormState }): JSX.Element {
  const { p, c, form } = props;
  const name = p.viewer ? fullName(p.viewer) : '';
  const named = nameError(name, p.lang) === null;
  return (
    <Layout ctx={p} title={tr(p, 'Звернутися до влади', 'Write to the council')} hasErrors={Object.keys(form.errors).length > 0}>
      <h1>{t(p, 'Звернутися до влади', 'Write to the council')}</h1>
      <LawNote p={p} />
      {named ? (
        <p>
          {t(p, 'Звернення від імені: ', 'Appeal in the name of: ')}
          <strong safe>{name}</strong>
        </p>
      ) : (
        ''
      )}
      <p class="hint">
        {t(
          p,
          'Звернення не публікуються: їх бачите ви й відповідальні працівники громади.',
          'Appeals are never published: you and the community’s responsible staff see them.',
        )}
      </p>
      <PostForm ctx={p} action={`/${c.slug}/appeals`} errors={form.errors}>
        {named ? (
          ''
        ) : (
          <TextField
            ctx={p}
            name="author_name"
            autocomplete="name"
            label={tr(p, 'Прізвище та імʼя', 'Surname and first name')}
            form={form}
            maxlength={LIMITS.name}
          />
        )}
        <SelectField
          ctx={p}
          name="topic"
          label={tr(p, 'Тема', 'Topic')}
          form={form}
          options={[
            { value: '', label: tr(p, '— оберіть —', '— choose —') },
            ...Object.entries(TOPICS).map(([value, label]) => ({ value, label: pick(label, p.lang) })),
          ]}
        />
        <TextArea
          ctx={p}
          name="body"
          label={tr(p, 'Текст звернення', 'Your appeal')}
          form={form}
          rows={8}
          maxlength={LIMITS.body}
          hint={tr(p, `До ${plural(LIMITS.body, CHARACTERS_UP_TO, 'uk')}.`, `Up to ${plural(LIMITS.body, CHARACTERS_UP_TO, 'en')}.`)}
        />
        <TextField
          ctx={p}
          name="email"
          type="email"
          autocomplete="email"
          label={tr(p, 'E-mail для відповіді (необовʼязково)', 'E-mail for the answer (optional)')}
          hint={tr(p, 'Відповідь також буде тут і в «Моєму кабінеті».', 'The answer is also shown here and in «My account».')}
          form={form}
        />
        <SubmitButton>{t(p, 'Надіслати звернення', 'Send the appeal')}</SubmitButton>
      </PostForm>
    </Layout>
  );
}

export function AppealPage(props: { p: PageCtx; c: Community; a: Appeal; now: Date; notice: string | null }): JSX.Element {
  const { p, a } = props;
  const title = tr(p, `Звернення №${a.number}`, `Appeal No. ${a.number}`);
  return (
    <Layout ctx={p} title={title}>
      <h1 safe>{title}</h1>
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p>
        <StatusTag p={p} status={a.status} /> <DeadlineLine p={p} a={a} now={props.now} />
      </p>
      <dl>
        <dt>{t(p, 'Тема', 'Topic')}</dt>
        <dd safe>{topicLabel(p, a.topic)}</dd>
        <dt>{t(p, 'Подано', 'Filed')}</dt>
        <dd safe>{formatKyivDateTime(a.receivedAt, p.lang)}</dd>
        {a.extendedAt ? (
          <>
            <dt>{t(p, 'Термін продовжено', 'Term extended')}</dt>
            <dd safe>{a.extensionReason ?? ''}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h2>{t(p, 'Текст звернення', 'The appeal')}</h2>
      <pre safe>{a.body}</pre>
      <h2>{t(p, 'Відповідь', 'Answer')}</h2>
      {a.answer ? <pre safe>{a.answer}</pre> : <p>{t(p, 'Відповіді ще немає.', 'No answer yet.')}</p>}
      <LawNote p={p} />
    </Layout>
  );
}
