/** The moderator's broadcasts page: the form (with a preview), and every broadcast with its delivery counts. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { FileField, Radios, SelectField, SubmitButton, TextArea, TextField, ActionButton, type FormState } from '../../../core/views/forms.js';
import { PostForm } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import { formatKyivDateTime } from '../../../core/calendar/kyiv-time.js';
import { CHARACTERS_UP_TO, formatNumber, pick, plural, pluralWord } from '../../../core/i18n/index.js';
import { TOPICS, type Settlement } from '../rules.js';
import type { Audience, BroadcastRow } from '../repository/broadcasts.js';
import { BROADCAST_LIMITS } from '../forms/broadcasts.js';
import { BotText } from './parts.js';
import { manageBase } from './manage.js';

export const broadcastsBase = (c: Community) => `${manageBase(c)}/broadcasts`;

export interface BroadcastPreview {
  text: string;
  button: { label: string; url: string } | null;
  photo: boolean;
  audience: string;
  recipients: number;
  sendAt: Date;
}

function audienceText(p: PageCtx, a: Audience, settlements: readonly Settlement[]): string {
  if (a.kind === 'all') return tr(p, 'усі підписники', 'every subscriber');
  if (a.kind === 'topic') return `${tr(p, 'тема', 'topic')} «${TOPICS[a.topic] ? pick(TOPICS[a.topic]!, p.lang) : a.topic}»`;
  return `${tr(p, 'населений пункт', 'settlement')} ${settlements.find((x) => x.code === a.code)?.name ?? a.code}`;
}

export { audienceText };

const STATES: Record<BroadcastRow['state'], { uk: string; en: string }> = {
  scheduled: { uk: 'заплановано', en: 'scheduled' },
  sending: { uk: 'надсилається', en: 'sending' },
  done: { uk: 'надіслано', en: 'sent' },
  cancelled: { uk: 'скасовано', en: 'cancelled' },
};

export function BroadcastsPage(props: {
  p: PageCtx;
  c: Community;
  form: FormState;
  preview: BroadcastPreview | null;
  notice: string | null;
  settlements: readonly Settlement[];
  subscribers: number;
  broadcasts: readonly BroadcastRow[];
}): JSX.Element {
  const { p, c, form } = props;
  const base = broadcastsBase(c);
  const n = (x: number) => formatNumber(x, p.lang);
  return (
    <Layout ctx={p} title={tr(p, 'Розсилки чат-бота', 'Chat-bot broadcasts')} hasErrors={Object.keys(form.errors).length > 0}>
      <p>
        <a href={manageBase(c)}>{t(p, '← До чат-бота', '← Back to the chat-bot')}</a>
      </p>
      <h1>{t(p, 'Розсилки чат-бота', 'Chat-bot broadcasts')}</h1>
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      <p safe>
        {tr(p, 'Зараз підписано', 'Subscribed now')}: {plural(props.subscribers, { uk: ['людина', 'людини', 'людей'], en: ['person', 'people'] }, p.lang)}.
      </p>

      {props.preview ? (
        <section id="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t(p, 'Попередній перегляд', 'Preview')}</h2>
          <div class="chat-msg bot">
            {props.preview.photo ? <p>{t(p, '🖼 Фото', '🖼 Photo')}</p> : ''}
            <BotText text={props.preview.text} />
            {props.preview.button ? (
              <ul class="chat-buttons">
                <li>
                  <a href={props.preview.button.url} rel="noopener noreferrer" safe>
                    {props.preview.button.label}
                  </a>
                </li>
              </ul>
            ) : (
              ''
            )}
          </div>
          <p safe>
            {`${tr(p, 'Отримають', 'Recipients')}: ${props.preview.audience} — ${plural(props.preview.recipients, { uk: ['людина', 'людини', 'людей'], en: ['person', 'people'] }, p.lang)} ${tr(p, 'зараз', 'now')}; ${tr(p, 'час', 'time')}: ${formatKyivDateTime(props.preview.sendAt, p.lang)} ${tr(p, '(за Києвом)', '(Kyiv time)')}.`}
          </p>
          {props.preview.photo ? (
            <p>
              {t(
                p,
                'Фото не зберігається між переглядом і надсиланням: оберіть його ще раз.',
                'The photo is not kept between preview and sending: choose it again.',
              )}
            </p>
          ) : (
            ''
          )}
        </section>
      ) : (
        ''
      )}

      <h2 id="new">{t(p, 'Нова розсилка', 'New broadcast')}</h2>
      <PostForm ctx={p} action={base} errors={form.errors} enctype="multipart/form-data">
        <TextArea
          ctx={p}
          form={form}
          name="body"
          label={tr(p, 'Текст повідомлення', 'Message')}
          hint={tr(
            p,
            `До ${n(BROADCAST_LIMITS.text)} ${pluralWord(BROADCAST_LIMITS.text, CHARACTERS_UP_TO, 'uk')}; із фото — до ${n(BROADCAST_LIMITS.caption)} (так обмежує Telegram).`,
            `Up to ${n(BROADCAST_LIMITS.text)} ${pluralWord(BROADCAST_LIMITS.text, CHARACTERS_UP_TO, 'en')}; with a photo, up to ${n(BROADCAST_LIMITS.caption)} (Telegram’s limit).`,
          )}
          maxlength={BROADCAST_LIMITS.text}
        />
        <FileField ctx={p} name="photo" label={tr(p, 'Фото (необов’язково)', 'Photo (optional)')} accept="image/*" error={form.errors.photo}>
          {t(p, 'JPEG, PNG, HEIC чи WebP до 10 МБ.', 'JPEG, PNG, HEIC or WebP, up to 10 MB.')}
        </FileField>
        <TextField
          ctx={p}
          form={form}
          name="button_label"
          label={tr(p, 'Напис на кнопці-посиланні (необов’язково)', 'Link button label (optional)')}
          maxlength={BROADCAST_LIMITS.buttonLabel}
        />
        <TextField ctx={p} form={form} name="button_url" type="url" label={tr(p, 'Посилання кнопки', 'Button link')} />
        <Radios
          ctx={p}
          form={form}
          name="audience"
          legend={tr(p, 'Кому', 'Who receives it')}
          value="all"
          options={[
            { value: 'all', label: tr(p, 'Усім підписникам', 'Every subscriber') },
            ...(props.settlements.length ? [{ value: 'settlement', label: tr(p, 'Мешканцям населеного пункту', 'Residents of a settlement') }] : []),
            { value: 'topic', label: tr(p, 'Підписникам теми', 'Subscribers of a topic') },
          ]}
        />
        {props.settlements.length ? (
          <SelectField
            ctx={p}
            form={form}
            name="settlement"
            label={tr(p, 'Населений пункт (староста округ)', 'Settlement (starosta district)')}
            hint={tr(p, 'Мешканці обирають його в налаштуваннях бота.', 'Residents choose it in the bot’s settings.')}
            options={[{ value: '', label: '—' }, ...props.settlements.map((x) => ({ value: x.code, label: x.name }))]}
          />
        ) : (
          ''
        )}
        <SelectField
          ctx={p}
          form={form}
          name="topic"
          label={tr(p, 'Тема', 'Topic')}
          options={[{ value: '', label: '—' }, ...Object.entries(TOPICS).map(([k, v]) => ({ value: k, label: pick(v, p.lang) }))]}
        />
        <Radios
          ctx={p}
          form={form}
          name="when"
          legend={tr(p, 'Коли', 'When')}
          value="now"
          options={[
            { value: 'now', label: tr(p, 'Надіслати зараз', 'Send now') },
            { value: 'later', label: tr(p, 'Запланувати', 'Schedule') },
          ]}
        />
        <TextField ctx={p} form={form} name="send_date" type="date" width="short" label={tr(p, 'Дата (за Києвом)', 'Date (Kyiv)')} />
        <TextField ctx={p} form={form} name="send_time" width="short" label={tr(p, 'Час (за Києвом), гг:хх', 'Time (Kyiv), hh:mm')} />
        <SubmitButton variant="secondary" name="action" value="preview">
          {t(p, 'Переглянути', 'Preview')}
        </SubmitButton>
        <SubmitButton name="action" value="send">
          {t(p, 'Надіслати чи запланувати', 'Send or schedule')}
        </SubmitButton>
      </PostForm>

      <h2 id="sent">{t(p, 'Розсилки', 'Broadcasts')}</h2>
      {props.broadcasts.length === 0 ? (
        <p>{t(p, 'Розсилок ще не було.', 'No broadcasts yet.')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t(p, 'Розсилки й доставка', 'Broadcasts and delivery')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(p, 'Повідомлення', 'Message')}</th>
                <th scope="col">{t(p, 'Кому', 'Audience')}</th>
                <th scope="col">{t(p, 'Час (Київ)', 'Time (Kyiv)')}</th>
                <th scope="col">{t(p, 'Стан', 'State')}</th>
                <th scope="col">{t(p, 'Доставлено', 'Delivered')}</th>
                <th scope="col">{t(p, 'Не вдалося', 'Failed')}</th>
                <th scope="col">{t(p, 'Заблокували бота', 'Blocked the bot')}</th>
                <th scope="col">{t(p, 'У черзі', 'Queued')}</th>
              </tr>
            </thead>
            <tbody>
              {props.broadcasts.map((b) => (
                <tr id={`broadcast-${b.id}`}>
                  <td safe>{b.body.length > 80 ? `${b.body.slice(0, 79)}…` : b.body}</td>
                  <td safe>{audienceText(p, b.audience, props.settlements)}</td>
                  <td safe>{formatKyivDateTime(b.sendAt, p.lang)}</td>
                  <td>
                    <span safe>{pick(STATES[b.state], p.lang)}</span>
                    {b.state === 'scheduled' ? (
                      <ActionButton ctx={p} action={`${base}/${b.id}/cancel`} label={tr(p, 'Скасувати', 'Cancel')} variant="warning" />
                    ) : (
                      ''
                    )}
                  </td>
                  <td safe>{n(b.counts.sent)}</td>
                  <td safe>{n(b.counts.failed + b.counts.skipped)}</td>
                  <td safe>{n(b.counts.blocked)}</td>
                  <td safe>{n(b.counts.queued)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}
