/** A community's own settings, for its local moderators: the profile, and every tool's settings pages. */
import { Layout } from '../../../core/views/layout.js';
import { t, tr, type PageCtx } from '../../../core/views/page-context.js';
import { Checkbox, CsrfField, ErrorSummary, SubmitButton, type FormState, fieldsFor } from '../../../core/views/forms.js';
import type { Community } from '../../../core/communities/community.js';
import { TOOLS, TOOL_IDS, type ToolId } from '../../../core/tools.js';
import type { NavItem } from '../../../core/modules/manifest.js';
import type { Text } from '../../../core/i18n/index.js';
import { FileField, WebsiteField } from './parts.js';

/** The risk the seed names, shown wherever e-mail + phone sign-in can be switched on. */
export const EMAIL_SIGN_IN_WARNING: Text = {
  uk: 'Увага: вхід електронною поштою з телефоном не перевіряє особу. Одна людина може завести кілька скриньок і номерів та накрутити підписи чи голоси — це ризик зловживань. Вмикайте його лише свідомо; кожен інструмент окремо вирішує, чи приймати участь з таким входом.',
  en: 'Warning: e-mail and phone sign-in does not verify identity. One person can use several mailboxes and numbers to inflate signatures or votes: a risk of abuse. Switch it on only deliberately; each tool decides separately whether to accept participation with such sign-in.',
};

export function ProfilePage({ p, c, form, saved }: { p: PageCtx; c: Community; form: FormState; saved: boolean }): JSX.Element {
  const field = fieldsFor(p, form);
  return (
    <Layout ctx={p} title={tr(p, 'Профіль громади', 'Community profile')} hasErrors={Object.keys(form.errors).length > 0}>
      <ErrorSummary ctx={p} errors={form.errors} />
      <p>
        <a href={`/${c.slug}/manage/settings`}>{t(p, '← Налаштування громади', '← Community settings')}</a>
      </p>
      <h1>{t(p, 'Профіль громади', 'Community profile')}</h1>
      {saved ? (
        <p class="notice" role="status">
          {t(p, 'Зміни збережено.', 'Changes saved.')}
        </p>
      ) : (
        ''
      )}
      <form method="post" action={`/${c.slug}/manage/profile`} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={p} />
        <h2>{t(p, 'Назва', 'Name')}</h2>
        <field.Text name="name_uk" label={tr(p, 'Назва українською', 'Name in Ukrainian')} maxlength={200} />
        <field.Text name="name_en" label={tr(p, 'Назва англійською', 'Name in English')} maxlength={200} />

        <h2>{t(p, 'Герб', 'Coat of arms')}</h2>
        {c.coatOfArmsUrl ? (
          <p>
            <img class="coat-preview" src={c.coatOfArmsUrl} alt={tr(p, 'Поточний герб громади', 'Current coat of arms')} width="96" height="96" />
          </p>
        ) : (
          <p class="meta">{t(p, 'Герб ще не завантажено.', 'No coat of arms yet.')}</p>
        )}
        <FileField
          p={p}
          form={form}
          name="coat"
          accept="image/png,image/jpeg,image/svg+xml,.png,.jpg,.jpeg,.svg"
          label={tr(p, 'Новий герб (необовʼязково)', 'New coat of arms (optional)')}
          hint={tr(p, 'PNG, JPEG або SVG, до 500 КБ. Найкраще — квадратне зображення.', 'PNG, JPEG or SVG, up to 500 KB. Square works best.')}
        />
        {c.coatOfArmsUrl ? (
          <Checkbox name="remove_coat" checked={form.values.remove_coat === 'on'} label={tr(p, 'Прибрати герб', 'Remove the coat of arms')} />
        ) : (
          ''
        )}

        <h2>{t(p, 'Контакти ради', 'Council contacts')}</h2>
        <p class="hint">{t(p, 'Показуються на сторінці громади. Усі поля необовʼязкові.', 'Shown on the community page. All optional.')}</p>
        <field.Text name="address" label={tr(p, 'Адреса', 'Address')} autocomplete="street-address" maxlength={300} />
        <field.Text name="email" type="email" label={tr(p, 'Електронна пошта', 'E-mail')} autocomplete="email" maxlength={254} />
        <field.Text name="phone" type="tel" label={tr(p, 'Телефон', 'Phone')} autocomplete="tel" maxlength={30} />
        <WebsiteField p={p} form={form} name="website" label={tr(p, 'Сайт', 'Website')} />

        <field.Radios
          name="sign_in_policy"
          value={c.signInPolicy}
          class="field group"
          describedBy="sign_in_policy-warning"
          legend={tr(p, 'Як мешканці входять, щоб брати участь', 'How residents sign in to take part')}
          options={[
            {
              value: 'idgovua',
              label: tr(
                p,
                'Лише через id.gov.ua (Дія.Підпис, КЕП, BankID) — особу перевірено',
                'Only through id.gov.ua (Diia.Signature, e-signature, BankID): identity verified',
              ),
            },
            {
              value: 'idgovua_or_email',
              id: 'email',
              label: tr(p, 'Через id.gov.ua або електронною поштою з телефоном', 'Through id.gov.ua, or by e-mail with a phone number'),
            },
          ]}
        >
          <p class="notice warning" id="sign_in_policy-warning" safe>
            {EMAIL_SIGN_IN_WARNING[p.lang]}
          </p>
        </field.Radios>
        <SubmitButton>{t(p, 'Зберегти', 'Save')}</SubmitButton>
      </form>
    </Layout>
  );
}

/** What each tool's settings decide, in a line of plain Ukrainian (English second). */
export const TOOL_SETTINGS_TEXT: Record<ToolId, Text> = {
  petitions: {
    uk: 'Скільки підписів потрібно, скільки днів триває збір, хто може підписувати (лише мешканці, з якого віку), категорії петицій.',
    en: 'How many signatures are needed, how long collection lasts, who may sign (residents only, from what age), petition categories.',
  },
  consultations: {
    uk: 'Хто може відповідати на опитування й коментувати обговорення: лише мешканці чи всі, з якого віку, з яким входом.',
    en: 'Who may answer polls and comment on discussions: residents only or anyone, from what age, with which sign-in.',
  },
  budgets: {
    uk: 'Конкурси громадського бюджету: обсяг, категорії, строки подання й голосування, за скільки проєктів голосує кожен.',
    en: 'Participatory budget contests: size, categories, submission and voting dates, how many projects each person votes for.',
  },
  'school-budget': {
    uk: 'Шкільні конкурси: які школи беруть участь, їхні бюджети та коди для голосування учнів.',
    en: 'School contests: which schools take part, their budgets and the students’ voting codes.',
  },
  'open-city': {
    uk: 'Категорії проблем, які підрозділи їх отримують і в які строки мають відповісти.',
    en: 'Report categories, which departments receive them and the answer deadlines.',
  },
  stats: {
    uk: 'Статистика публічна й налаштувань не має: вона рахує все, що відбувається в інших інструментах.',
    en: 'Statistics are public and have no settings: they count what happens in the other tools.',
  },
};

/** Known settings pages, explained one by one; others fall back to their tool's line. */
const LINK_TEXT: Record<string, Text> = {
  '/manage/petitions': {
    uk: 'Нові петиції: оприлюднити або відхилити з причиною протягом двох робочих днів; внести відповідь ради.',
    en: 'New petitions: publish or reject with a reason within two working days; enter the council’s answer.',
  },
  '/manage/budgets': {
    uk: 'Конкурси: обсяг, категорії, строки подання, розгляду й голосування, за скільки проєктів голосує кожен.',
    en: 'Contests: size, categories, submission, review and voting dates, how many projects each person votes for.',
  },
  '/manage/budgets/channels': {
    uk: 'Ключі терміналів і чат-ботів, через які мешканці голосують поза сайтом.',
    en: 'Keys of the terminals and chat-bots through which residents vote off the website.',
  },
  '/manage/petitions/settings': {
    uk: 'Поріг і строк збору підписів, строки модерації й розгляду, хто може підписувати, категорії.',
    en: 'Signature threshold and term, moderation and consideration deadlines, who may sign, categories.',
  },
};

export interface ToolSection {
  tool: ToolId;
  /** null: no module implements the tool on this platform yet. */
  links: NavItem[] | null;
  mayManage: boolean;
}

export function SettingsPage({ p, c, sections, mayEditProfile }: { p: PageCtx; c: Community; sections: ToolSection[]; mayEditProfile: boolean }): JSX.Element {
  const disabled = TOOL_IDS.filter((id) => !c.enabledTools.includes(id));
  return (
    <Layout ctx={p} title={tr(p, 'Налаштування громади', 'Community settings')}>
      <p>
        <a href={`/${c.slug}/manage`}>{t(p, '← Керування громадою', '← Manage the community')}</a>
      </p>
      <h1>{t(p, 'Налаштування громади', 'Community settings')}</h1>
      <p class="lead">
        {t(
          p,
          'Тут зібрано все, що громада налаштовує сама: профіль і правила кожного увімкненого інструменту.',
          'Everything the community sets itself: its profile and the rules of each tool switched on.',
        )}
      </p>
      <ul class="cards settings-list">
        <li class="card">
          <h2>
            {mayEditProfile ? (
              <a href={`/${c.slug}/manage/profile`}>{t(p, 'Профіль громади', 'Community profile')}</a>
            ) : (
              t(p, 'Профіль громади', 'Community profile')
            )}
          </h2>
          <p>
            {t(
              p,
              'Назва, герб, контакти ради та спосіб входу мешканців (лише id.gov.ua чи також пошта з телефоном).',
              'Name, coat of arms, council contacts and how residents sign in (id.gov.ua only, or also e-mail with phone).',
            )}
          </p>
          {mayEditProfile ? '' : <p class="meta">{t(p, 'Змінює адміністратор громади.', 'Changed by the community administrator.')}</p>}
        </li>
        {sections.map((s) => (
          <li class="card">
            <h2 safe>{TOOLS[s.tool].name[p.lang]}</h2>
            <p safe>{TOOL_SETTINGS_TEXT[s.tool][p.lang]}</p>
            {s.links === null ? (
              <p class="meta">
                {t(
                  p,
                  'Інструмент ще готується на платформі: налаштування зʼявляться, щойно він запрацює.',
                  'The tool is still being prepared: its settings appear once it works.',
                )}
              </p>
            ) : s.links.length === 0 ? (
              // A tool without settings (statistics) says so in its line above; «set by its moderator» would contradict it.
              ''
            ) : !s.mayManage ? (
              <p class="meta">{t(p, 'Налаштовує модератор цього інструменту.', 'Set by the moderator of this tool.')}</p>
            ) : (
              <ul>
                {s.links.map((l) => (
                  <li>
                    <a href={`/${c.slug}${l.path}`} safe>
                      {l.label[p.lang]}
                    </a>
                    {LINK_TEXT[l.path] ? (
                      <span class="meta" safe>
                        {` — ${LINK_TEXT[l.path]![p.lang]}`}
                      </span>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
      {disabled.length > 0 ? (
        <p class="meta" safe>
          {`${tr(p, 'Не увімкнено', 'Not switched on')}: ${disabled.map((id) => TOOLS[id].name[p.lang]).join(', ')}.`}
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}
