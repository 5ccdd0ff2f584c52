/**
 * Demo data: every demo community gets its site with the standard sections (guidance text), and a host
 * name `<slug>.localhost` to try it by; Lviv's is filled with real-shaped content, news and documents.
 */
import type { CoreContext } from '../../core/context.js';
import type { Text } from '../../core/i18n/index.js';
import { findCommunityBySlug } from '../../core/communities/communities-repository.js';
import { findSettings, hostOwner, insertDocument, insertDocumentVersion, insertHost, insertPage, insertVersion } from './repository.js';
import { createSite } from './service.js';
import { searchTerms } from './rules.js';
import type { DocStatus, DocType } from './tables.js';

const LVIV: Partial<Record<string, Text>> = {
  about: {
    uk: 'Львівська міська територіальна громада — одна з найбільших громад України: місто Львів, місто Винники, селище Брюховичі та село Рудно.\n\n## Історія\nЛьвів уперше згадано в Галицько-Волинському літописі 1256 року. Історичний центр міста внесено до списку світової спадщини ЮНЕСКО 1998 року.\n\n## Населені пункти й старостинські округи\n- **Львів** — адміністративний центр громади\n- **Винники** — місто, окремий старостинський округ (вул. Галицька, 2)\n- **Брюховичі** — селище, старостинський округ (вул. Грушевського, 1)\n- **Рудно** — село, старостинський округ (вул. Шевченка, 1)\n\nСтарости приймають мешканців щовівторка з 10:00 до 13:00.',
    en: 'The Lviv city territorial community is one of the largest in Ukraine: the city of Lviv, the town of Vynnyky, the settlement of Briukhovychi and the village of Rudno.\n\n## History\nLviv was first mentioned in the Galician–Volhynian Chronicle in 1256. Its historic centre has been a UNESCO World Heritage Site since 1998.\n\n## Settlements and starosta districts\n- **Lviv**: the administrative centre\n- **Vynnyky**: a town, its own starosta district\n- **Briukhovychi**: a settlement, a starosta district\n- **Rudno**: a village, a starosta district\n\nThe starostas receive residents every Tuesday, 10:00 to 13:00.',
  },
  council: {
    uk: 'Львівська міська рада складається з 64 депутатів, обраних на місцевих виборах 2020 року.\n\n## Постійні комісії\n1. Бюджету та фінансів\n2. Архітектури й містобудування\n3. Гуманітарної політики\n4. Житлово-комунального господарства\n\nПленарні засідання — щомісяця, у четвер, о 10:00 у сесійній залі (пл. Ринок, 1). Порядок денний оприлюднюємо щонайменше за 10 днів.',
    en: 'The Lviv city council has 64 deputies elected in the 2020 local elections.\n\n## Standing committees\n1. Budget and finance\n2. Architecture and urban planning\n3. Humanitarian policy\n4. Housing and utilities\n\nPlenary sessions are held monthly, on a Thursday at 10:00 in the session hall (Rynok Square, 1). The agenda is published at least 10 days ahead.',
  },
  head: {
    uk: 'Міський голова — **Андрій Садовий**.\n\nОсобистий прийом громадян — щопонеділка з 14:00 до 17:00 за попереднім записом за телефоном 1580 або в ЦНАП.',
    en: 'The mayor is **Andrii Sadovyi**.\n\nPersonal reception of citizens: Mondays 14:00–17:00 by appointment on 1580 or at the ЦНАП.',
  },
  executive: {
    uk: '## Департамент фінансової політики\nпл. Ринок, 1, каб. 201 · (032) 297-59-10 · finance@lvivrada.example\n\n## Департамент міської мобільності та вуличної інфраструктури\nвул. Шевченка, 1 · (032) 297-58-44 · mobility@lvivrada.example\n\n## Управління освіти\nвул. Сихівська, 18 · (032) 254-60-20 · osvita@lvivrada.example\n\nГодини роботи: пн–чт 9:00–18:00, пт 9:00–16:45, перерва 13:00–13:45.',
    en: '## Financial policy department\nRynok Square, 1, room 201 · (032) 297-59-10 · finance@lvivrada.example\n\n## Urban mobility and street infrastructure department\nShevchenka St, 1 · (032) 297-58-44 · mobility@lvivrada.example\n\n## Education office\nSykhivska St, 18 · (032) 254-60-20 · osvita@lvivrada.example\n\nHours: Mon–Thu 9:00–18:00, Fri 9:00–16:45, break 13:00–13:45.',
  },
  budget: {
    uk: 'Бюджет громади на 2026 рік затверджено рішенням міської ради (див. розділ «Рішення та нормативні акти»).\n\n- Доходи загального фонду — 12,4 млрд грн\n- Видатки на освіту — 38 %\n- Громадський бюджет — 40 млн грн, результати голосування на сторінці громадського бюджету у Віче\n\nЗвіти про виконання бюджету оприлюднюємо щокварталу.',
    en: 'The community’s 2026 budget was approved by a council decision (see «Decisions and regulations»).\n\n- General fund revenue: UAH 12.4 bn\n- Spending on education: 38%\n- Participatory budget: UAH 40 m, the vote’s results are on Viche’s participatory budget page\n\nReports on the budget’s execution are published quarterly.',
  },
  'public-information': {
    uk: '## Як подати запит\n- поштою: 79008, м. Львів, пл. Ринок, 1\n- електронною поштою: zapyt@lvivrada.example\n- особисто в ЦНАП\n\n## Строк відповіді\nВідповідь надаємо **не пізніше пʼяти робочих днів** з дня отримання запиту (ст. 20 Закону «Про доступ до публічної інформації»). Якщо запит стосується великого обсягу даних, строк може бути продовжено до 20 робочих днів — про це повідомимо протягом пʼяти робочих днів.',
    en: '## How to request information\n- by post: 79008, Lviv, Rynok Square, 1\n- by e-mail: zapyt@lvivrada.example\n- in person at the ЦНАП\n\n## Time to answer\nWe answer **within five working days** of receiving a request (Art. 20 of the Law on Access to Public Information). For a large volume of data the term may be extended to 20 working days; we tell you so within five working days.',
  },
  vacancies: {
    uk: '## Головний спеціаліст відділу звернень громадян\nВимоги: вища освіта, володіння державною мовою. Документи приймаємо до 20 грудня в ЦНАП, вікно 12. Довідки: (032) 297-57-20.',
    en: '## Chief specialist, citizens’ appeals office\nRequirements: higher education, command of the state language. Documents are accepted until 20 December at the ЦНАП, window 12. Enquiries: (032) 297-57-20.',
  },
  procurement: {
    uk: 'Усі закупівлі громади — у системі [Prozorro](https://prozorro.gov.ua). Річний план закупівель на 2026 рік оприлюднено там само.',
    en: 'All the community’s procurement is on [Prozorro](https://prozorro.gov.ua), as is the 2026 annual procurement plan.',
  },
  contacts: {
    uk: 'Львівська міська рада\n79008, м. Львів, пл. Ринок, 1\n\n- Приймальня: (032) 297-57-77\n- Гаряча лінія: 1580\n- Пошта для звернень: zvernennia@lvivrada.example\n\nГодини роботи: пн–чт 9:00–18:00, пт 9:00–16:45.',
    en: 'Lviv City Council\n79008, Lviv, Rynok Square, 1\n\n- Reception: (032) 297-57-77\n- Hotline: 1580\n- E-mail for appeals: zvernennia@lvivrada.example\n\nHours: Mon–Thu 9:00–18:00, Fri 9:00–16:45.',
  },
  accessibility: {
    uk: 'Сайт відповідає WCAG 2.2 рівня AA (ДСТУ EN 301 549): ним можна користуватися з клавіатури, з програмою зчитування екрана й на екрані шириною 320 пікселів.\n\nЯкщо щось недоступне, напишіть на dostupnist@lvivrada.example або зателефонуйте 1580 — відповімо протягом пʼяти робочих днів.',
    en: 'The site meets WCAG 2.2 level AA (DSTU EN 301 549): it works by keyboard, with a screen reader and on a screen 320 pixels wide.\n\nIf something is not accessible, write to dostupnist@lvivrada.example or call 1580: we answer within five working days.',
  },
};

const LVIV_NEWS: { slug: string; daysAgo: number; title: Text; body: Text }[] = [
  {
    slug: 'toloka-park',
    daysAgo: 1,
    title: { uk: 'Толока в Стрийському парку в суботу', en: 'A clean-up in Stryiskyi Park on Saturday' },
    body: {
      uk: 'У суботу о 10:00 запрошуємо на толоку в Стрийському парку. Рукавиці й мішки дамо на місці.',
      en: 'Join the clean-up in Stryiskyi Park on Saturday at 10:00. Gloves and bags are provided.',
    },
  },
  {
    slug: 'hromadskyi-biudzhet-2026',
    daysAgo: 4,
    title: { uk: 'Громадський бюджет 2026: приймаємо проєкти', en: 'Participatory budget 2026: projects welcome' },
    body: {
      uk: 'Подати проєкт можна у Віче до кінця місяця. Загальна сума — 40 млн грн.',
      en: 'Submit a project on Viche until the end of the month. The total is UAH 40 m.',
    },
  },
  {
    slug: 'hrafik-pryiomu',
    daysAgo: 9,
    title: { uk: 'Новий графік прийому в старостинських округах', en: 'New reception hours in the starosta districts' },
    body: {
      uk: 'З наступного тижня старости приймають мешканців щовівторка з 10:00 до 13:00.',
      en: 'From next week the starostas receive residents every Tuesday, 10:00–13:00.',
    },
  },
];

const LVIV_DOCS: { number: string; date: string; type: DocType; status: DocStatus; title: string; body: string }[] = [
  {
    number: '5120',
    date: '2025-12-18',
    type: 'decision',
    status: 'in_force',
    title: 'Про бюджет Львівської міської територіальної громади на 2026 рік',
    body: 'Відповідно до Бюджетного кодексу України міська рада вирішила:\n\n1. Визначити на 2026 рік доходи бюджету громади згідно з додатком 1.\n2. Визначити видатки бюджету громади згідно з додатком 3.\n3. Встановити розмір громадського бюджету — 40 000 000 гривень.',
  },
  {
    number: '5187',
    date: '2026-02-12',
    type: 'decision',
    status: 'in_force',
    title: 'Про внесення змін до рішення про бюджет громади на 2026 рік',
    body: 'Внести зміни до бюджетних призначень на благоустрій дворів і ремонт доріг у Винниках.',
  },
  {
    number: '4890',
    date: '2025-06-26',
    type: 'regulation',
    status: 'in_force',
    title: 'Про встановлення місцевих податків і зборів',
    body: 'Регуляторний акт: ставки податку на нерухоме майно, відмінне від земельної ділянки, і туристичного збору на території громади.',
  },
  {
    number: '312',
    date: '2026-03-03',
    type: 'order',
    status: 'in_force',
    title: 'Про проведення весняної толоки',
    body: 'Провести загальноміську толоку з благоустрою парків і скверів.',
  },
];

export async function seedSite(ctx: CoreContext): Promise<void> {
  const now = ctx.clock.now();
  const communities = await ctx.db.selectFrom('communities').select('slug').execute();
  for (const { slug } of communities) {
    const c = await findCommunityBySlug(ctx.db, slug);
    if (!c || (await findSettings(ctx.db, c.id))) continue;
    const lviv = slug === 'lviv';
    await ctx.db.transaction().execute(async (trx) => {
      await createSite(trx, { community: c, now, actorUserId: null, filled: lviv ? LVIV : undefined });
      const host = `${slug}.localhost`;
      if (/^[a-z0-9-]+$/.test(slug) && (await hostOwner(trx, host)) === null) await insertHost(trx, c.id, host);
      if (!lviv) return;
      for (const n of LVIV_NEWS) {
        const values = { title: n.title, body: n.body, status: 'published' as const, publishedAt: new Date(now.getTime() - n.daysAgo * 86_400_000) };
        const id = await insertPage(trx, { ...values, communityId: c.id, kind: 'news', slug: n.slug, guidance: false, by: null, now });
        await insertVersion(trx, id, values, null, now);
      }
      for (const d of LVIV_DOCS) {
        const values = { ...d, searchTerms: searchTerms(d.number, d.title, d.body), pdfFileId: null };
        await insertDocumentVersion(trx, await insertDocument(trx, c.id, values, null, now), values, null, now);
      }
    });
  }
}
