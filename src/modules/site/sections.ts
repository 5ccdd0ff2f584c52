/**
 * The sections a local self-government site is expected to have, each with guidance text the editor
 * replaces: what to put there and which law asks for it. Created for every community on connection.
 */
import type { Text } from '../../core/i18n/index.js';

export interface Section {
  slug: string;
  title: Text;
  guidance: Text;
}

const EDIT = {
  uk: '\n\n_Це підказка для редактора: замініть її текстом громади в «Керування → Сайт громади»._',
  en: '\n\n_This is guidance for the editor: replace it with the community’s text in «Manage → Community website»._',
};

function section(slug: string, title: Text, uk: string, en: string): Section {
  return { slug, title, guidance: { uk: uk + EDIT.uk, en: en + EDIT.en } };
}

export const SECTIONS: readonly Section[] = [
  section(
    'about',
    { uk: 'Про громаду', en: 'About the community' },
    '## Історія\nКоротко розкажіть історію громади: коли засновано населені пункти, відомі події й люди.\n\n## Населені пункти й старостинські округи\n- Перелічіть населені пункти громади\n- Для кожного старостинського округу: старосту, адресу й години прийому\n\n## Карта\nДодайте посилання на карту меж громади.',
    '## History\nTell the history of the community briefly: when its settlements were founded, notable events and people.\n\n## Settlements and starosta districts\n- List the community’s settlements\n- For each starosta district: the starosta, address and office hours\n\n## Map\nAdd a link to a map of the community’s boundaries.',
  ),
  section(
    'council',
    { uk: 'Рада і депутати', en: 'Council and deputies' },
    'Укажіть склад ради: депутатів за округами й фракціями, постійні комісії, графік пленарних засідань і прийому громадян депутатами. Порядок денний сесії оприлюднюйте щонайменше за 10 днів (ст. 46 Закону «Про місцеве самоврядування в Україні»).',
    'List the council: deputies by district and faction, standing committees, the schedule of plenary sessions and of the deputies’ office hours. Publish a session’s agenda at least 10 days ahead (Art. 46 of the Law on Local Self-Government).',
  ),
  section(
    'head',
    { uk: 'Голова громади', en: 'Head of the community' },
    'Імʼя голови, коротка біографія, дні й години особистого прийому громадян, як записатися на прийом. Посилання на щорічний звіт голови.',
    'The head’s name, a short biography, the days and hours of personal reception of citizens, and how to book it. A link to the head’s annual report.',
  ),
  section(
    'executive',
    { uk: 'Виконавчий комітет і структура', en: 'Executive committee and departments' },
    'Склад виконавчого комітету. Для кожного управління чи відділу: назва, керівник, адреса, телефон, електронна пошта, години роботи.',
    'The executive committee’s members. For each department: its name, head, address, phone, e-mail and working hours.',
  ),
  section(
    'budget',
    { uk: 'Бюджет', en: 'Budget' },
    'Рішення про бюджет на поточний рік, звіти про виконання (щоквартально), паспорти бюджетних програм. Результати громадського бюджету — на сторінці громадського бюджету Віче.',
    'The decision on this year’s budget, quarterly reports on its execution, budget programme passports. The participatory budget’s results are on Viche’s participatory budget page.',
  ),
  section(
    'public-information',
    { uk: 'Публічна інформація', en: 'Public information' },
    '## Як подати запит\nЗапит на інформацію можна подати письмово, поштою, електронною поштою або усно. Укажіть, куди надсилати запити, і хто відповідальний за них.\n\n## Строк відповіді\nЗа Законом «Про доступ до публічної інформації» відповідь надають **не пізніше пʼяти робочих днів** з дня отримання запиту (ст. 20); строк можна продовжити до 20 робочих днів, якщо запит стосується великого обсягу даних.\n\n## Набори даних\nДодайте посилання на відкриті дані громади.',
    '## How to request information\nA request may be made in writing, by post, by e-mail or orally. Say where to send requests and who answers them.\n\n## Time to answer\nUnder the Law on Access to Public Information the answer is given **within five working days** of receiving the request (Art. 20); the term may be extended to 20 working days for a large volume of data.\n\n## Datasets\nAdd links to the community’s open data.',
  ),
  section(
    'vacancies',
    { uk: 'Вакансії', en: 'Vacancies' },
    'Оголошення про конкурси на заміщення посад в органах місцевого самоврядування: посада, вимоги, перелік документів, строк подання, контакти. Якщо вакансій немає — так і напишіть.',
    'Announcements of competitions for posts in local self-government: the post, requirements, documents, deadline, contacts. If there are none, say so.',
  ),
  section(
    'procurement',
    { uk: 'Закупівлі', en: 'Procurement' },
    'Посилання на закупівлі громади в Prozorro (https://prozorro.gov.ua) за кодом ЄДРПОУ ради й виконавчих органів, річний план закупівель.',
    'Links to the community’s tenders on Prozorro (https://prozorro.gov.ua) by the council’s and its bodies’ EDRPOU codes, and the annual procurement plan.',
  ),
  section(
    'contacts',
    { uk: 'Контакти', en: 'Contacts' },
    'Адреса ради, телефон приймальні, електронна пошта для звернень, години роботи, гаряча лінія. Контакти ЦНАП — на сторінці ЦНАП.',
    'The council’s address, reception phone, e-mail for appeals, working hours, hotline. The ЦНАП’s contacts are on its page.',
  ),
  section(
    'accessibility',
    { uk: 'Заява про доступність', en: 'Accessibility statement' },
    'Сайт зроблено відповідно до WCAG 2.2 рівня AA (ДСТУ EN 301 549). Укажіть, що ще не доступно, і як повідомити про проблему з доступністю (адреса, телефон), а також строк відповіді.',
    'The site is built to WCAG 2.2 level AA (DSTU EN 301 549). Say what is not yet accessible and how to report an accessibility problem (address, phone), and when you answer.',
  ),
];

/** The default menu: the sections, then news, documents and the ЦНАП catalogue (its own module). */
export function defaultMenu(slug: string): { label: Text; target: string }[] {
  const pages = SECTIONS.map((s) => ({ label: s.title, target: `p/${s.slug}` }));
  return [
    pages[0]!,
    { label: { uk: 'Новини та оголошення', en: 'News and announcements' }, target: 'news' },
    ...pages.slice(1, 4),
    { label: { uk: 'Рішення та нормативні акти', en: 'Decisions and regulations' }, target: 'documents' },
    ...pages.slice(4),
    { label: { uk: 'ЦНАП: адміністративні послуги', en: 'Administrative services (ЦНАП)' }, target: `/${slug}/cnap` },
  ];
}
