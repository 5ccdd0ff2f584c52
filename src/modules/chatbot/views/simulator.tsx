/** /dev/bot: a chat with a community's bot in the browser, through the same dialogue the messengers use (demo mode only). */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, FileField, SubmitButton } from '../../../core/views/forms.js';
import { ShowButton } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import type { SimMessage } from '../repository.js';
import type { Button } from '../rules.js';
import { BotText } from './parts.js';

export function SimulatorPage(props: { p: PageCtx; communities: Community[]; c: Community; log: SimMessage[] }): JSX.Element {
  const { p, c, log } = props;
  const last = log.at(-1);
  const buttons: Button[] = last?.fromBot ? last.buttons.flat() : [];
  const start: Button[] = log.length === 0 ? [{ label: tr(p, 'Почати (/start)', 'Start (/start)'), data: 'start' }] : [];
  return (
    <Layout ctx={p} title={tr(p, 'Симулятор чат-бота', 'Chat-bot simulator')}>
      <h1>{t(p, 'Симулятор чат-бота', 'Chat-bot simulator')}</h1>
      <p>
        {t(
          p,
          'Лише для демонстрації: той самий бот, що в Telegram і Viber, без месенджера. Кнопки бота — кнопки під полем.',
          'Demo only: the same bot as in Telegram and Viber, without a messenger. The bot’s buttons are the buttons under the field.',
        )}
      </p>
      <form method="get" action="/dev/bot" class="search-form">
        <label for="community">{t(p, 'Громада', 'Community')}</label>
        <select id="community" name="community">
          {props.communities.map((x) => (
            <option value={x.slug} selected={x.id === c.id} safe>
              {x.name[p.lang]}
            </option>
          ))}
        </select>
        <ShowButton ctx={p} />
      </form>
      <h2>{t(p, 'Розмова', 'Conversation')}</h2>
      <ol class="chat-log" aria-live="polite">
        {log.map((m) => (
          <li class={m.fromBot ? 'chat-msg bot' : 'chat-msg me'}>
            <span class="visually-hidden">{m.fromBot ? t(p, 'Бот:', 'Bot:') : t(p, 'Ви:', 'You:')}</span>
            <BotText text={m.body} />
          </li>
        ))}
      </ol>
      <form method="post" action="/dev/bot" id="chat-end" class="stack" enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <input type="hidden" name="community" value={c.slug} />
        <div class="field">
          <label for="text">{t(p, 'Повідомлення', 'Message')}</label>
          <input id="text" name="text" type="text" maxlength="4096" autocomplete="off" />
        </div>
        <FileField ctx={p} name="photo" label={tr(p, 'Фото (необовʼязково)', 'Photo (optional)')} accept="image/jpeg,image/png,image/webp">
          {t(p, 'Як фото в месенджері: JPEG, PNG чи WebP, до 10 МБ.', 'Like a photo in a messenger: JPEG, PNG or WebP, up to 10 MB.')}
        </FileField>
        <SubmitButton>{t(p, 'Надіслати', 'Send')}</SubmitButton>
        {[...start, ...buttons].length ? (
          <fieldset class="chat-buttons">
            <legend>{t(p, 'Кнопки бота', 'The bot’s buttons')}</legend>
            {[...start, ...buttons].map((b) => (
              <button type="submit" class="button secondary" name="button" value={b.data} safe>
                {b.label}
              </button>
            ))}
          </fieldset>
        ) : (
          ''
        )}
        <SubmitButton variant="warning" name="reset" value="1">
          {t(p, 'Почати заново', 'Start over')}
        </SubmitButton>
      </form>
    </Layout>
  );
}
