/** The confirmation before a news item goes to the chat-bot's subscribers: what they will get, and to how many. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { CsrfField, SubmitButton } from '../../../core/views/forms.js';
import { plural, type PluralText } from '../../../core/i18n/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { Page } from '../repository.js';

const SUBSCRIBERS: PluralText = { uk: ['підписник', 'підписники', 'підписників'], en: ['subscriber', 'subscribers'] };

export function PushNewsPage(props: {
  p: PageCtx;
  c: Community;
  page: Page;
  message: { text: string; link: string };
  subscribers: number;
  /** Why it cannot be sent, when it cannot. */
  refusal: string | null;
}): JSX.Element {
  const { p, c, page } = props;
  const heading = tr(p, 'Надіслати підписникам чат-бота', 'Send to the chat-bot’s subscribers');
  return (
    <Layout ctx={p} title={heading}>
      <p>
        <a href={`/${c.slug}/manage/site/pages/${page.id}`}>{t(p, '← До новини', '← Back to the news item')}</a>
      </p>
      <h1 safe>{heading}</h1>
      {props.refusal ? (
        <p class="notice warning" role="alert" safe>
          {props.refusal}
        </p>
      ) : (
        <>
          <p safe>
            {tr(
              p,
              `Повідомлення піде одразу всім підписникам бота громади (зараз ${plural(props.subscribers, SUBSCRIBERS, 'uk')}). Скасувати його після надсилання не можна; кожну новину надсилають лише раз.`,
              `The message goes at once to all the community bot’s subscribers (now ${plural(props.subscribers, SUBSCRIBERS, 'en')}). It cannot be recalled once sent; each news item is sent only once.`,
            )}
          </p>
          <section class="cs-preview" aria-labelledby="push-preview">
            <h2 id="push-preview">{t(p, 'Так його побачать у месенджері', 'How it looks in the messenger')}</h2>
            <p style="white-space: pre-line" lang="uk" safe>
              {props.message.text}
            </p>
            <p>
              {t(p, 'Кнопка «Читати на сайті»', 'Button «Читати на сайті» (read on the site)')}:{' '}
              <a href={props.message.link} safe>
                {props.message.link}
              </a>
            </p>
          </section>
          <form method="post" action={`/${c.slug}/manage/site/pages/${page.id}/push`}>
            <CsrfField ctx={p} />
            <SubmitButton>{t(p, 'Надіслати підписникам чат-бота', 'Send to the chat-bot’s subscribers')}</SubmitButton>
          </form>
        </>
      )}
    </Layout>
  );
}
