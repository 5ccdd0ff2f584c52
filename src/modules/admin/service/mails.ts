/** Letters of the connection process, in the language the applicant used. */
import { composeMail, type MailContent } from '../../../core/mail/templates.js';
import type { Lang } from '../../../core/i18n/index.js';

export function receivedMail(lang: Lang, community: string, statusUrl: string): MailContent {
  return lang === 'uk'
    ? composeMail(
        `Заявку на підключення отримано: ${community}`,
        [
          `Дякуємо! Заявку громади «${community}» на підключення до Віче отримано.`,
          'Національний модератор перевірить меморандум, лист ради та умови з положень громади. Якщо щось треба виправити, ви отримаєте лист, а виправити заявку можна буде за посиланням нижче.',
          'Збережіть цей лист: посилання особисте, за ним видно стан заявки.',
        ],
        { label: 'Стан заявки', href: statusUrl },
      )
    : composeMail(
        `Connection request received: ${community}`,
        [
          `Thank you! The request of ${community} to join Viche has been received.`,
          'The national moderator will check the memorandum, the council letter and the conditions of your regulations. If anything needs changing you will get a letter, and you can correct the request at the link below.',
          'Keep this letter: the link is personal and shows the state of the request.',
        ],
        { label: 'Request status', href: statusUrl },
      );
}

export function changesRequestedMail(lang: Lang, community: string, message: string, statusUrl: string): MailContent {
  return lang === 'uk'
    ? composeMail(
        `Заявку потрібно доповнити: ${community}`,
        [`Національний модератор просить виправити заявку громади «${community}»:`, message, 'Відкрийте заявку за посиланням, виправте й надішліть її знову.'],
        { label: 'Виправити заявку', href: statusUrl },
      )
    : composeMail(
        `The request needs changes: ${community}`,
        [`The national moderator asks you to correct the request of ${community}:`, message, 'Open the request at the link, correct it and send it again.'],
        { label: 'Correct the request', href: statusUrl },
      );
}

export function declinedMail(lang: Lang, community: string, reason: string, statusUrl: string): MailContent {
  return lang === 'uk'
    ? composeMail(
        `Заявку відхилено: ${community}`,
        [
          `На жаль, заявку громади «${community}» на підключення до Віче відхилено.`,
          `Причина: ${reason}`,
          'Ви можете подати нову заявку, коли усунете причину.',
        ],
        { label: 'Стан заявки', href: statusUrl },
      )
    : composeMail(
        `Request declined: ${community}`,
        [
          `Unfortunately the request of ${community} to join Viche has been declined.`,
          `Reason: ${reason}`,
          'You may send a new request once the reason is resolved.',
        ],
        { label: 'Request status', href: statusUrl },
      );
}

/** To the contact person: the community is on the platform, and what to do first. */
export function acceptedMail(
  lang: Lang,
  o: { community: string; communityUrl: string; signInUrl: string; moderators: string[]; tools: string[] },
): MailContent {
  return lang === 'uk'
    ? composeMail(
        `Громаду підключено до Віче: ${o.community}`,
        [
          `Вітаємо! Громаду «${o.community}» підключено до платформи Віче. Увімкнено інструменти: ${o.tools.join(', ')}.`,
          `Місцевими модераторами призначено: ${o.moderators.join(', ')}.`,
          'Що робити далі:',
          '1. Кожен модератор входить через id.gov.ua (Дія.Підпис, КЕП або BankID) і підтверджує в кабінеті кодом із листа електронну пошту, вказану в заявці: лише тоді він отримує права модератора.',
          '2. У розділі «Керування» → «Профіль громади» додайте герб і контакти ради, перевірте спосіб входу мешканців.',
          '3. На сторінці «Налаштування громади» перевірте правила кожного інструменту: поріг і строк петицій ми вже внесли з вашої заявки.',
          '4. Розкажіть мешканцям про платформу: розмістіть посилання на сайті ради.',
        ],
        { label: 'Сторінка громади', href: o.communityUrl },
      )
    : composeMail(
        `Your community is on Viche: ${o.community}`,
        [
          `Congratulations! ${o.community} is now connected to Viche. Tools switched on: ${o.tools.join(', ')}.`,
          `Local moderators: ${o.moderators.join(', ')}.`,
          'What to do next:',
          '1. Each moderator signs in through id.gov.ua (Diia.Signature, a qualified e-signature or BankID) and confirms in the cabinet, with a code from a letter, the e-mail given in the request: only then are moderator rights given.',
          '2. Under «Manage» → «Community profile» add the coat of arms and the council contacts, and check how residents sign in.',
          '3. On «Community settings» check the rules of each tool: the petition threshold and term are already taken from your request.',
          '4. Tell residents about the platform: link to it from the council website.',
        ],
        { label: 'The community page', href: o.communityUrl },
      );
}

/** To each local moderator other than the contact person. */
export function moderatorInvitationMail(lang: Lang, o: { community: string; signInUrl: string }): MailContent {
  return lang === 'uk'
    ? composeMail(
        `Вас призначено модератором громади «${o.community}» у Віче`,
        [
          `Громаду «${o.community}» підключено до платформи Віче, і вас призначено її місцевим модератором.`,
          'Увійдіть через id.gov.ua і підтвердьте цю електронну пошту кодом, який ми надішлемо на неї: тоді ви отримаєте права модератора. Після цього відкрийте «Керування» на сторінці громади.',
        ],
        { label: 'Увійти', href: o.signInUrl },
      )
    : composeMail(
        `You are a moderator of ${o.community} on Viche`,
        [
          `${o.community} is now connected to Viche, and you are one of its local moderators.`,
          'Sign in through id.gov.ua and confirm this e-mail with the code we will send to it: moderator rights are then yours. Then open «Manage» on the community page.',
        ],
        { label: 'Sign in', href: o.signInUrl },
      );
}
