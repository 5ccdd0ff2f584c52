/** The staff's pages: the queue with deadlines and overdue marks, and one appeal with its author, to take, extend and answer. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, SubmitButton, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import { formatKyivDate, formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import { pick, plural, type PluralText, type Text } from '../../../core/i18n/index.js';
import { deadlineState, isOpen, LIMITS, MAX_TERM_DAYS, type Channel, type Terms } from '../rules.js';
import type { Appeal, QueueRow } from '../repository.js';
import { DeadlineLine, LawNote, StatusTag, topicLabel } from './parts.js';

const DAYS_UP_TO: PluralText = { uk: ['дня', 'днів', 'днів'], en: ['day', 'days'] };

export const manageBase = (c: Community) => `/${c.slug}/manage/appeals`;

const CHANNEL_LABEL: Record<Channel, Text> = {
  web: { uk: 'Вебсайт', en: 'Website' },
  telegram: { uk: 'Чат-бот у Telegram', en: 'Chat-bot in Telegram' },
  viber: { uk: 'Чат-бот у Viber', en: 'Chat-bot in Viber' },
  sim: { uk: 'Симулятор чат-бота', en: 'Chat-bot simulator' },
};

export function QueuePage(props: { p: PageCtx; c: Community; rows: QueueRow[]; show: 'open' | 'answered'; now: Date }): JSX.Element {
  const { p, c, rows, now } = props;
  const base = manageBase(c);
  const overdue = rows.filter((r) => deadlineState(r, now) === 'overdue').length;
  return (
    <Layout ctx={p} title={tr(p, 'Звернення громадян', 'Citizens’ appeals')}>
      <h1>{t(p, 'Звернення громадян', 'Citizens’ appeals')}</h1>
      <p>
        {props.show === 'open' ? (
          <>
            <strong>{t(p, 'Нерозглянуті', 'Open')}</strong> · <a href={`${base}?show=answered`}>{t(p, 'З відповіддю', 'Answered')}</a>
          </>
        ) : (
          <>
            <a href={base}>{t(p, 'Нерозглянуті', 'Open')}</a> · <strong>{t(p, 'З відповіддю', 'Answered')}</strong>
          </>
        )}
      </p>
      {props.show === 'open' && overdue > 0 ? (
        <p class="notice warning" safe>
          {tr(
            p,
            `Прострочено: ${plural(overdue, { uk: ['звернення', 'звернення', 'звернень'], en: ['appeal', 'appeals'] }, p.lang)}.`,
            `Overdue: ${plural(overdue, { uk: ['звернення', 'звернення', 'звернень'], en: ['appeal', 'appeals'] }, p.lang)}.`,
          )}
        </p>
      ) : (
        ''
      )}
      {rows.length === 0 ? (
        <p>{t(p, 'Звернень немає.', 'No appeals.')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t(p, 'Черга звернень', 'Queue of appeals')}</caption>
            <thead>
              <tr>
                <th scope="col">№</th>
                <th scope="col">{t(p, 'Тема', 'Topic')}</th>
                <th scope="col">{t(p, 'Стан', 'State')}</th>
                <th scope="col">{t(p, 'Термін', 'Term')}</th>
                <th scope="col">{t(p, 'Відповідальний', 'Assignee')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr class={deadlineState(r, now) === 'overdue' ? 'oc-row-overdue' : undefined}>
                  <td>
                    <a href={`${base}/${r.id}`} safe>{`№${r.number}`}</a>
                  </td>
                  <td safe>{topicLabel(p, r.topic)}</td>
                  <td>
                    <StatusTag p={p} status={r.status} />
                  </td>
                  <td>
                    <DeadlineLine p={p} a={r} now={now} />
                    {r.extended ? <span class="meta">{t(p, ' (продовжено)', ' (extended)')}</span> : ''}
                  </td>
                  <td safe>{r.assigneeName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LawNote p={p} />
    </Layout>
  );
}

export function ManageAppealPage(props: {
  p: PageCtx;
  c: Community;
  a: Appeal;
  terms: Terms;
  assigneeName: string | null;
  now: Date;
  answerForm: FormState;
  extendForm: FormState;
  notice: string | null;
}): JSX.Element {
  const { p, c, a, terms } = props;
  const base = `${manageBase(c)}/${a.id}`;
  const title = tr(p, `Звернення №${a.number}`, `Appeal No. ${a.number}`);
  const errors = { ...props.answerForm.errors, ...props.extendForm.errors };
  return (
    <Layout ctx={p} title={title} hasErrors={Object.keys(errors).length > 0}>
      <p>
        <a href={manageBase(c)}>{t(p, '← Черга звернень', '← Queue of appeals')}</a>
      </p>
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
        <dt>{t(p, 'Автор', 'Author')}</dt>
        <dd safe>{a.authorName}</dd>
        <dt>{t(p, 'E-mail для відповіді', 'E-mail for the answer')}</dt>
        <dd safe>{a.email ?? '—'}</dd>
        <dt>{t(p, 'Канал', 'Channel')}</dt>
        <dd safe>{pick(CHANNEL_LABEL[a.channel], p.lang)}</dd>
        <dt>{t(p, 'Тема', 'Topic')}</dt>
        <dd safe>{topicLabel(p, a.topic)}</dd>
        <dt>{t(p, 'Отримано', 'Received')}</dt>
        <dd safe>{formatKyivDateTime(a.receivedAt, p.lang)}</dd>
        <dt>{t(p, 'Терміни', 'Terms')}</dt>
        <dd safe>
          {tr(
            p,
            `без додаткового вивчення — до ${formatKyivDate(terms.short, p.lang)}; місяць — до ${formatKyivDate(terms.month, p.lang)}; найдовше з продовженням — до ${formatKyivDate(terms.max, p.lang)}`,
            `without extra study: by ${formatKyivDate(terms.short, p.lang)}; one month: by ${formatKyivDate(terms.month, p.lang)}; the longest with an extension: by ${formatKyivDate(terms.max, p.lang)}`,
          )}
        </dd>
        <dt>{t(p, 'Відповідальний', 'Assignee')}</dt>
        <dd safe>{props.assigneeName ?? '—'}</dd>
        {a.extendedAt ? (
          <>
            <dt>{t(p, 'Причина продовження', 'Reason of the extension')}</dt>
            <dd safe>{a.extensionReason ?? ''}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <h2>{t(p, 'Текст звернення', 'The appeal')}</h2>
      <pre safe>{a.body}</pre>
      {isOpen(a.status) ? (
        <>
          {a.assigneeUserId !== p.viewer?.id ? (
            <ActionButton ctx={p} action={`${base}/assign`} label={tr(p, 'Взяти в роботу', 'Take it')} variant="secondary" />
          ) : (
            ''
          )}
          <h2 id="answer">{t(p, 'Відповідь', 'Answer')}</h2>
          <PostForm ctx={p} action={`${base}/answer`} errors={props.answerForm.errors}>
            <TextArea
              ctx={p}
              name="answer"
              label={tr(p, 'Відповідь по суті', 'The answer')}
              hint={tr(
                p,
                'Автор отримає її листом і, якщо писав з чат-бота, у чаті. Відповідь остаточна.',
                'The author gets it by e-mail and, when they wrote from the chat-bot, in the chat. The answer is final.',
              )}
              form={props.answerForm}
              rows={8}
              maxlength={LIMITS.answer}
            />
            <SubmitButton>{t(p, 'Надіслати відповідь', 'Send the answer')}</SubmitButton>
          </PostForm>
          <h2 id="extend">{t(p, 'Продовжити термін', 'Extend the term')}</h2>
          <PostForm ctx={p} action={`${base}/extend`} errors={props.extendForm.errors}>
            <TextField
              ctx={p}
              name="days"
              inputmode="numeric"
              width="short"
              label={tr(p, 'Загальний термін, днів від дня отримання', 'The whole term, days from receipt')}
              hint={tr(p, `Не більше ${plural(MAX_TERM_DAYS, DAYS_UP_TO, 'uk')}.`, `At most ${plural(MAX_TERM_DAYS, DAYS_UP_TO, 'en')}.`)}
              form={props.extendForm}
            />
            <TextArea
              ctx={p}
              name="reason"
              label={tr(p, 'Причина (автор її отримає)', 'Reason (the author is told)')}
              form={props.extendForm}
              rows={3}
              maxlength={LIMITS.reason}
            />
            <SubmitButton variant="secondary">{t(p, 'Продовжити', 'Extend')}</SubmitButton>
          </PostForm>
        </>
      ) : (
        <>
          <h2>{t(p, 'Відповідь', 'Answer')}</h2>
          <pre safe>{a.answer ?? ''}</pre>
        </>
      )}
    </Layout>
  );
}
