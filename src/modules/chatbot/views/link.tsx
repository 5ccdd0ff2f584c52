/** The pages of linking a chat to an account: the confirmation, its outcome, and the cabinet's list of linked chats. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, CsrfField, SubmitButton } from '../../../core/views/forms.js';
import { formatKyivDateTime } from '../../../core/calendar/index.js';
import type { Community } from '../../../core/communities/community.js';
import type { LinkedChat } from '../repository/edem.js';
import { CHANNEL_NAMES, type ChatChannel } from '../rules.js';

export function LinkConfirmPage(props: { p: PageCtx; c: Community; action: string; channel: ChatChannel; expiresAt: Date; accountName: string }): JSX.Element {
  const { p, c } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Привʼязати чат до облікового запису', 'Link the chat to your account')}>
      <h1>{t(p, 'Привʼязати чат до облікового запису', 'Link the chat to your account')}</h1>
      <p>
        {t(p, 'Чат із ботом громади', 'A chat with the bot of')} <strong safe>{c.name[p.lang]}</strong> (
        <span safe>{CHANNEL_NAMES[props.channel][p.lang]}</span>) {t(p, 'просить доступу до вашого облікового запису', 'asks for access to your account')}{' '}
        <strong safe>{props.accountName}</strong>.
      </p>
      <p>
        {t(
          p,
          'Після привʼязки в цьому чаті можна буде підписувати петиції, голосувати в громадському бюджеті й повідомляти про проблеми від вашого імені, з тими самими правилами, що й на сайті. Відвʼязати чат можна в боті або в «Моєму кабінеті».',
          'Once linked, this chat can sign petitions, vote in the participatory budget and report problems in your name, under the same rules as the site. You can unlink it in the bot or in “My cabinet”.',
        )}
      </p>
      <p class="hint">
        {t(
          p,
          'Якщо ви не просили бота про привʼязку, просто закрийте цю сторінку. Посилання діє до',
          'If you did not ask the bot to link, just close this page. The link works until',
        )}{' '}
        <span safe>{formatKyivDateTime(props.expiresAt, p.lang)}</span>.
      </p>
      <form method="post" action={props.action} class="stack">
        <CsrfField ctx={p} />
        <SubmitButton>{t(p, 'Привʼязати цей чат до мого облікового запису', 'Link this chat to my account')}</SubmitButton>
      </form>
    </Layout>
  );
}

export function LinkOutcomePage(props: { p: PageCtx; outcome: 'linked' | 'unknown' | 'used' | 'expired' }): JSX.Element {
  const { p } = props;
  const ok = props.outcome === 'linked';
  const title = ok ? tr(p, 'Чат привʼязано', 'The chat is linked') : tr(p, 'Посилання не діє', 'The link does not work');
  const why = {
    linked: tr(p, 'Поверніться до чату: бот уже написав вам, що робити далі.', 'Go back to the chat: the bot has already told you what to do next.'),
    used: tr(p, 'Це посилання вже використано: кожне діє лише раз.', 'This link has already been used: each works only once.'),
    expired: tr(p, 'Час дії посилання минув.', 'The link has expired.'),
    unknown: tr(p, 'Такого посилання немає.', 'There is no such link.'),
  }[props.outcome];
  return (
    <Layout ctx={p} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{why}</p>
      {ok ? (
        <p>
          <a href="/cabinet/chatbot">{t(p, 'Привʼязані чати в кабінеті', 'Linked chats in your cabinet')}</a>
        </p>
      ) : (
        <p>{t(p, 'Попросіть у бота нове: надішліть йому /link.', 'Ask the bot for a new one: send it /link.')}</p>
      )}
    </Layout>
  );
}

export function LinkedChatsPage(props: { p: PageCtx; chats: LinkedChat[]; notice: string | null }): JSX.Element {
  const { p } = props;
  return (
    <Layout ctx={p} title={tr(p, 'Привʼязані чати', 'Linked chats')}>
      <h1>{t(p, 'Привʼязані чати', 'Linked chats')}</h1>
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}
      {props.chats.length === 0 ? (
        <p>{t(p, 'Жоден чат із ботом не привʼязано до вашого облікового запису.', 'No chat with a bot is linked to your account.')}</p>
      ) : (
        <ul class="stack">
          {props.chats.map((x) => (
            <li>
              <span safe>
                {`${x.communityName[p.lang]}, ${CHANNEL_NAMES[x.channel][p.lang]}${x.linkedAt ? ` (${tr(p, 'з', 'since')} ${formatKyivDateTime(x.linkedAt, p.lang)})` : ''}`}
              </span>{' '}
              <ActionButton ctx={p} action={`/cabinet/chatbot/${x.subscriberId}/unlink`} label={tr(p, 'Відвʼязати', 'Unlink')} variant="warning" />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/cabinet">{t(p, '← Мій кабінет', '← My cabinet')}</a>
      </p>
    </Layout>
  );
}
