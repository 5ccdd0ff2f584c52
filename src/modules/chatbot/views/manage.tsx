/** The moderator's pages of the chat-bot: connection and tokens, the reference tree, an entry's form, a preview. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { ActionButton, Checkbox, SelectField, SubmitButton, TextArea, TextField, type FormState } from '../../../core/views/forms.js';
import { PostForm, ShowButton } from '../../../core/views/kit.js';
import type { Community } from '../../../core/communities/community.js';
import { plural, type Text } from '../../../core/i18n/index.js';
import type { Button, RefNode, Reply } from '../rules.js';
import { isWithin, LIMITS } from '../forms.js';
import { ReplyPreview } from './parts.js';

export const manageBase = (c: Community) => `/${c.slug}/manage/chatbot`;

export interface BotStatus {
  enabled: boolean;
  telegram: boolean;
  viber: boolean;
}

function childrenOf(nodes: readonly RefNode[], parentId: number | null): RefNode[] {
  return nodes.filter((n) => n.parentId === parentId).sort((a, b) => a.position - b.position || a.id - b.id);
}

function Tree(props: { p: PageCtx; c: Community; nodes: readonly RefNode[]; parentId: number | null }): JSX.Element {
  const { p, c, nodes } = props;
  const level = childrenOf(nodes, props.parentId);
  if (level.length === 0) return '';
  const base = manageBase(c);
  return (
    <ul class="bot-tree">
      {level.map((n, i) => (
        <li>
          <strong safe>{n.title.uk}</strong>
          {n.title.en ? <span class="meta" safe>{` · ${n.title.en}`}</span> : ''}
          <ul class="actions-list">
            <li>
              <a href={`${base}/nodes/${n.id}`}>
                {t(p, 'Змінити', 'Edit')}
                <span class="visually-hidden" safe>{` «${n.title.uk}»`}</span>
              </a>
            </li>
            <li>
              <a href={`${base}/nodes/new?parent=${n.id}`}>{t(p, 'Додати підпункт', 'Add a sub-entry')}</a>
            </li>
            <li>
              <a href={`${base}?preview=${n.id}#preview`}>{t(p, 'Як у боті', 'As in the bot')}</a>
            </li>
            {i > 0 ? (
              <li>
                <ActionButton ctx={p} action={`${base}/nodes/${n.id}/move`} fields={{ direction: 'up' }} label={tr(p, '↑ Вище', '↑ Up')} variant="secondary" />
              </li>
            ) : (
              ''
            )}
            {i < level.length - 1 ? (
              <li>
                <ActionButton
                  ctx={p}
                  action={`${base}/nodes/${n.id}/move`}
                  fields={{ direction: 'down' }}
                  label={tr(p, '↓ Нижче', '↓ Down')}
                  variant="secondary"
                />
              </li>
            ) : (
              ''
            )}
          </ul>
          <Tree p={p} c={c} nodes={nodes} parentId={n.id} />
        </li>
      ))}
    </ul>
  );
}

const CHANNELS = ['telegram', 'viber'] as const;

/** Each channel's name and the hint of its token field. */
const TOKEN_FIELDS: Record<(typeof CHANNELS)[number], { name: string; hint: Text }> = {
  telegram: {
    name: 'Telegram',
    hint: {
      uk: 'Збережений токен ніколи не показується. Залиште поле порожнім, щоб його не змінювати.',
      en: 'A stored token is never shown. Leave the field empty to keep it.',
    },
  },
  viber: {
    name: 'Viber',
    hint: { uk: 'З панелі партнера Viber. Залиште порожнім, щоб не змінювати.', en: 'From the Viber partners’ panel. Leave empty to keep the stored one.' },
  },
};

/** A channel's bot token: a new one (a stored token is never shown) and the box that removes it. */
function TokenFields({ p, form, channel }: { p: PageCtx; form: FormState; channel: (typeof CHANNELS)[number] }): JSX.Element {
  const { name, hint } = TOKEN_FIELDS[channel];
  return (
    <>
      <TextField
        ctx={p}
        form={form}
        name={`${channel}_token`}
        type="password"
        autocomplete="off"
        label={tr(p, `Новий токен ${name}`, `New ${name} token`)}
        hint={hint[p.lang]}
      />
      <Checkbox name={`remove_${channel}`} label={tr(p, `Видалити токен ${name}`, `Remove the ${name} token`)} checked={false} />
    </>
  );
}

export function ManageBotPage(props: {
  p: PageCtx;
  c: Community;
  status: BotStatus;
  settingsForm: FormState;
  notice: string | null;
  nodes: readonly RefNode[];
  preview: { reply: Reply; query: string };
}): JSX.Element {
  const { p, c, status } = props;
  const base = manageBase(c);
  const previewHref = (b: Button): string | null => {
    if (b.data === 'ref') return `${base}#preview`;
    const id = /^n:(\d+)$/.exec(b.data)?.[1];
    return id ? `${base}?preview=${id}#preview` : null;
  };
  return (
    <Layout ctx={p} title={tr(p, 'Чат-бот громади', 'Community chat-bot')} hasErrors={Object.keys(props.settingsForm.errors).length > 0}>
      <h1>{t(p, 'Чат-бот громади', 'Community chat-bot')}</h1>
      {props.notice ? (
        <p class="notice" role="status" safe>
          {props.notice}
        </p>
      ) : (
        ''
      )}

      <h2 id="connect">{t(p, 'Підключення', 'Connection')}</h2>
      <ol>
        <li>
          {t(
            p,
            'У Telegram напишіть @BotFather команду /newbot і скопіюйте токен, який він дасть; для Viber створіть бота на partners.viber.com і скопіюйте його токен.',
            'In Telegram, send /newbot to @BotFather and copy the token it gives; for Viber, create a bot at partners.viber.com and copy its token.',
          )}
        </li>
        <li>
          {t(
            p,
            'Вставте токен нижче й збережіть: Віче перевірить його й під’єднає бота.',
            'Paste the token below and save: Viche checks it and connects the bot.',
          )}
        </li>
        <li>{t(p, 'Заповніть «Довідник» і ввімкніть бота.', 'Fill in the Reference and switch the bot on.')}</li>
      </ol>
      <p role="status">
        {status.telegram ? t(p, 'Telegram: токен збережено.', 'Telegram: a token is stored.') : t(p, 'Telegram: токена немає.', 'Telegram: no token.')}{' '}
        {status.viber ? t(p, 'Viber: токен збережено.', 'Viber: a token is stored.') : t(p, 'Viber: токена немає.', 'Viber: no token.')}{' '}
        {status.enabled ? t(p, 'Бот увімкнено.', 'The bot is on.') : t(p, 'Бот вимкнено.', 'The bot is off.')}
      </p>
      <PostForm ctx={p} action={`${base}/settings`} errors={props.settingsForm.errors}>
        <Checkbox name="enabled" label={tr(p, 'Бот увімкнено', 'The bot is on')} checked={status.enabled} />
        {CHANNELS.map((channel) => (
          <TokenFields p={p} form={props.settingsForm} channel={channel} />
        ))}
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>

      <h2 id="reference">{t(p, 'Довідник', 'Reference')}</h2>
      <p>
        <span safe>{`${tr(p, 'Пунктів у довіднику', 'Entries in the reference')}: ${props.nodes.length}.`}</span>{' '}
        <a href={`${base}/nodes/new`}>{t(p, 'Додати розділ верхнього рівня', 'Add a top-level section')}</a>
      </p>
      <Tree p={p} c={c} nodes={props.nodes} parentId={null} />

      <h2 id="preview">{t(p, 'Як це бачить мешканець', 'What a resident sees')}</h2>
      <form method="get" action={`${base}#preview`} class="search-form">
        <label for="q">{t(p, 'Пошук у боті', 'Search in the bot')}</label>
        <input id="q" name="q" type="search" value={props.preview.query} />
        <ShowButton ctx={p} />
      </form>
      <ReplyPreview reply={props.preview.reply} href={previewHref} />
    </Layout>
  );
}

/** The sections an entry may go under: every entry but itself and those under it, indented by depth. */
function parentOptions(p: PageCtx, nodes: readonly RefNode[], self: RefNode | null): { value: string; label: string }[] {
  const out = [{ value: '', label: tr(p, '— верхній рівень —', '— top level —') }];
  const walk = (parentId: number | null, depth: number) => {
    for (const n of childrenOf(nodes, parentId)) {
      if (self && isWithin(nodes, n.id, self.id)) continue;
      out.push({ value: String(n.id), label: `${'· '.repeat(depth)}${n.title.uk}` });
      walk(n.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function NodeFormPage(props: { p: PageCtx; c: Community; nodes: readonly RefNode[]; node: RefNode | null; form: FormState }): JSX.Element {
  const { p, c, node, form } = props;
  const base = manageBase(c);
  const title = node ? tr(p, 'Пункт довідника', 'Reference entry') : tr(p, 'Новий пункт довідника', 'New reference entry');
  const under = node ? props.nodes.filter((n) => n.id !== node.id && isWithin(props.nodes, n.id, node.id)).length : 0;
  return (
    <Layout ctx={p} title={title} hasErrors={Object.keys(form.errors).length > 0}>
      <p>
        <a href={`${base}#reference`}>{t(p, '← До довідника', '← Back to the reference')}</a>
      </p>
      <h1 safe>{title}</h1>
      <PostForm ctx={p} action={node ? `${base}/nodes/${node.id}` : `${base}/nodes`} errors={form.errors}>
        <SelectField ctx={p} form={form} name="parent" label={tr(p, 'Розділ', 'Section')} options={parentOptions(p, props.nodes, node)} />
        <TextField ctx={p} form={form} name="title_uk" label={tr(p, 'Назва (кнопка в боті)', 'Title (the button in the bot)')} maxlength={LIMITS.title} />
        <TextField
          ctx={p}
          form={form}
          name="title_en"
          label={tr(p, 'Назва англійською (необов’язково)', 'Title in English (optional)')}
          maxlength={LIMITS.title}
        />
        <TextArea ctx={p} form={form} name="body_uk" label={tr(p, 'Текст', 'Text')} maxlength={LIMITS.body} />
        <TextArea ctx={p} form={form} name="body_en" label={tr(p, 'Текст англійською (необов’язково)', 'Text in English (optional)')} maxlength={LIMITS.body} />
        <TextField ctx={p} form={form} name="phone" type="tel" label={tr(p, 'Телефон', 'Phone')} autocomplete="off" />
        <TextField ctx={p} form={form} name="address" label={tr(p, 'Адреса', 'Address')} maxlength={LIMITS.address} />
        <TextField
          ctx={p}
          form={form}
          name="lat"
          inputmode="text"
          width="short"
          label={tr(p, 'Широта (для посилання на мапу)', 'Latitude (for the map link)')}
          hint={tr(p, 'Наприклад, 49.8397', 'E.g. 49.8397')}
        />
        <TextField
          ctx={p}
          form={form}
          name="lon"
          inputmode="text"
          width="short"
          label={tr(p, 'Довгота', 'Longitude')}
          hint={tr(p, 'Наприклад, 24.0297', 'E.g. 24.0297')}
        />
        <TextField ctx={p} form={form} name="hours" label={tr(p, 'Години роботи', 'Opening hours')} maxlength={LIMITS.hours} />
        <TextField ctx={p} form={form} name="url" type="url" label={tr(p, 'Посилання', 'Link')} />
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </PostForm>
      {node ? (
        <>
          <h2>{t(p, 'Видалити пункт', 'Delete the entry')}</h2>
          <p safe>
            {under
              ? tr(
                  p,
                  `Разом із ним буде видалено ${plural(under, { uk: ['підпункт', 'підпункти', 'підпунктів'], en: ['sub-entry', 'sub-entries'] }, p.lang)}.`,
                  `${plural(under, { uk: ['підпункт', 'підпункти', 'підпунктів'], en: ['sub-entry', 'sub-entries'] }, p.lang)} will be deleted with it.`,
                )
              : tr(p, 'Підпунктів у нього немає.', 'It has no sub-entries.')}
          </p>
          <ActionButton ctx={p} action={`${base}/nodes/${node.id}/delete`} label={tr(p, 'Видалити', 'Delete')} variant="warning" />
        </>
      ) : (
        ''
      )}
    </Layout>
  );
}
