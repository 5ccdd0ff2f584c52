/**
 * Demo people: the persons the id.gov.ua emulator offers, and the demo accounts the seed gives roles.
 * Their РНОКПП are generated from the birth date with a valid check digit, as a real one would be.
 */
import { makeRnokpp } from '../identity/rnokpp.js';
import { demoCommunities } from './communities.js';
import { TOOLS as TOOL_INFO } from '../tools.js';

export type DemoRole =
  | { kind: 'national-moderator' }
  | { kind: 'moderator'; community: string; tool: string }
  | { kind: 'school-moderator'; community: string; school: string }
  | { kind: 'executor'; community: string; department: string }
  | { kind: 'community-admin'; community: string }
  | { kind: 'editor'; community: string };

export interface DemoPerson {
  lastName: string;
  firstName: string;
  patronymic: string;
  birthDate: string;
  rnokpp: string;
  /** The registered address as id.gov.ua returns it: text only. */
  address: string;
  /** The settlement code that address resolves to in the sample codifier (checked by a test). */
  territorialCode: string;
  email: string;
  phone: string;
  /** What the tester is meant to try with this person. */
  note: { uk: string; en: string };
  roles: DemoRole[];
}

const MODERATED_TOOLS = ['petitions', 'consultations', 'budgets', 'school-budget', 'open-city'] as const;
/** Moderated tools beyond the six (a module's own, e.g. the ЦНАП site): a demo moderator of each community has them too. */
const MODULE_TOOLS = ['cnap'] as const;

function community(slug: string) {
  const c = demoCommunities.find((x) => x.slug === slug);
  if (!c) throw new Error(`no demo community ${slug}`);
  return c;
}

let serial = 1200;
function person(p: Omit<DemoPerson, 'rnokpp'>): DemoPerson {
  serial += 7;
  return { ...p, rnokpp: makeRnokpp(p.birthDate, serial) };
}

const lviv = community('lviv');
/** Винники, a city of the Lviv community, in the sample codifier. */
const VYNNYKY = 'UA46060250020081921';

export const demoPeople: readonly DemoPerson[] = [
  person({
    lastName: 'Коваленко',
    firstName: 'Олена',
    patronymic: 'Петрівна',
    birthDate: '1987-03-14',
    address: 'Львівська обл., м. Львів, вул. Зелена, буд. 12, кв. 5',
    territorialCode: lviv.centre.code,
    email: 'olena.kovalenko@demo.viche.example',
    phone: '+380671112233',
    note: { uk: 'Мешканка Львова', en: 'Resident of Lviv' },
    roles: [],
  }),
  person({
    lastName: 'Шевчук',
    firstName: 'Андрій',
    patronymic: 'Іванович',
    birthDate: '1962-11-02',
    address: 'Львівська обл., Львівський р-н, м. Винники, вул. Галицька, буд. 3',
    territorialCode: VYNNYKY,
    email: 'andrii.shevchuk@demo.viche.example',
    phone: '+380501234567',
    note: { uk: 'Мешканець Львівської громади (Винники)', en: 'Resident of the Lviv community (Vynnyky)' },
    roles: [],
  }),
  ...demoCommunities
    .filter((c) => c.slug !== 'lviv')
    .map((c, i) =>
      person({
        lastName: ['Бондар', 'Мельник', 'Ткаченко', 'Кравчук'][i] ?? 'Гончар',
        firstName: ['Ірина', 'Василь', 'Наталія', 'Богдан'][i] ?? 'Оксана',
        patronymic: ['Олегівна', 'Миколайович', 'Сергіївна', 'Романович'][i] ?? 'Ігорівна',
        birthDate: ['1979-07-21', '1990-01-09', '1955-05-30', '2001-12-12'][i] ?? '1980-01-01',
        address: `${c.centre.address}, вул. Центральна, буд. ${10 + i}`,
        territorialCode: c.centre.code,
        email: `resident.${c.slug}@demo.viche.example`,
        phone: `+38067000${String(100 + i)}0`,
        note: { uk: `Мешканець громади «${c.name.uk}»`, en: `Resident of ${c.name.en}` },
        roles: [],
      }),
    ),
  person({
    lastName: 'Литвин',
    firstName: 'Максим',
    patronymic: 'Олександрович',
    birthDate: '1993-09-05',
    address: 'УКРАЇНА, 65026, Одеська обл., м. Одеса, вул. Дерибасівська, буд. 7',
    territorialCode: 'UA51100270010076757',
    email: 'maksym.lytvyn@demo.viche.example',
    phone: '+380931234500',
    note: { uk: 'Мешканець Одеси: не мешканець жодної демо-громади', en: 'Lives in Odesa: resident of no demo community' },
    roles: [],
  }),
  person({
    lastName: 'Коваленко',
    firstName: 'Софія',
    patronymic: 'Андріївна',
    birthDate: '2011-06-01',
    address: 'Львівська обл., м. Львів, вул. Зелена, буд. 12, кв. 5',
    territorialCode: lviv.centre.code,
    email: 'sofiia.kovalenko@demo.viche.example',
    phone: '+380671112299',
    note: { uk: 'Учениця, 15 років: для перевірки вікових обмежень', en: 'Student, aged 15: to try age limits' },
    roles: [],
  }),
  person({
    lastName: 'Гнатюк',
    firstName: 'Тарас',
    patronymic: 'Богданович',
    birthDate: '1975-02-17',
    address: 'м. Київ, вул. Хрещатик, буд. 36',
    territorialCode: 'UA80000000000093317',
    email: 'national.moderator@demo.viche.example',
    phone: '+380441230000',
    note: { uk: 'Національний модератор', en: 'National moderator' },
    roles: [{ kind: 'national-moderator' }],
  }),
  ...MODERATED_TOOLS.map((tool, i) =>
    person({
      lastName: ['Савчук', 'Поліщук', 'Марченко', 'Лисенко', 'Руденко'][i]!,
      firstName: ['Галина', 'Юрій', 'Оксана', 'Людмила', 'Степан'][i]!,
      patronymic: ['Василівна', 'Петрович', 'Іванівна', 'Михайлівна', 'Андрійович'][i]!,
      birthDate: ['1970-04-04', '1984-08-18', '1991-10-10', '1968-12-01', '1982-06-06'][i]!,
      address: 'Львівська обл., м. Львів, пл. Ринок, буд. 1',
      territorialCode: lviv.centre.code,
      email: `moderator.${tool}.lviv@demo.viche.example`,
      phone: `+38032297570${i}`,
      note: { uk: `Модератор інструменту «${TOOL_INFO[tool].name.uk}» у Львові`, en: `Moderator of «${TOOL_INFO[tool].name.en}» in Lviv` },
      roles: [{ kind: 'moderator', community: 'lviv', tool }],
    }),
  ),
  person({
    lastName: 'Дмитренко',
    firstName: 'Марія',
    patronymic: 'Сергіївна',
    birthDate: '1986-09-01',
    address: 'Львівська обл., м. Львів, вул. Шкільна, буд. 4',
    territorialCode: lviv.centre.code,
    email: 'school.moderator.lviv@demo.viche.example',
    phone: '+380322970099',
    note: { uk: 'Шкільна модераторка (Ліцей № 1, Львів)', en: 'School moderator (Lyceum No. 1, Lviv)' },
    roles: [{ kind: 'school-moderator', community: 'lviv', school: 'lyceum-1' }],
  }),
  person({
    lastName: 'Федоренко',
    firstName: 'Ігор',
    patronymic: 'Васильович',
    birthDate: '1977-03-03',
    address: 'УКРАЇНА, 79007, Львівська обл., м. Львів, вул. Городоцька, буд. 20, кв. 14',
    territorialCode: lviv.centre.code,
    email: 'executor.roads.lviv@demo.viche.example',
    phone: '+380322970088',
    note: { uk: 'Виконавець: управління доріг (Львів)', en: 'Executor: roads department (Lviv)' },
    roles: [{ kind: 'executor', community: 'lviv', department: 'roads' }],
  }),
  ...demoCommunities
    .filter((c) => c.slug !== 'lviv')
    .map((c, i) =>
      person({
        lastName: 'Модератор',
        firstName: ['Ольга', 'Петро', 'Вікторія', 'Роман'][i] ?? 'Анна',
        patronymic: 'Демо',
        birthDate: ['1980-02-02', '1981-03-03', '1982-04-04', '1983-05-05'][i] ?? '1984-06-06',
        address: `${c.centre.address}, ${c.contacts.address.split(',').slice(0, 2).join(',')}`,
        territorialCode: c.centre.code,
        email: `moderator.${c.slug}@demo.viche.example`,
        phone: `+38050000${String(200 + i)}0`,
        note: { uk: `Модератор усіх інструментів: ${c.name.uk}`, en: `Moderator of every tool: ${c.name.en}` },
        roles: [...MODERATED_TOOLS, ...MODULE_TOOLS].map((tool) => ({ kind: 'moderator' as const, community: c.slug, tool })),
      }),
    ),
  // Last in the list, so every earlier person keeps their РНОКПП.
  person({
    lastName: 'Гончаренко',
    firstName: 'Віра',
    patronymic: 'Олексіївна',
    birthDate: '1978-05-19',
    address: 'Львівська обл., м. Львів, пл. Ринок, буд. 1',
    territorialCode: lviv.centre.code,
    email: 'community.admin.lviv@demo.viche.example',
    phone: '+380322970077',
    note: {
      uk: 'Адміністраторка громади Львова: профіль громади й спосіб входу',
      en: 'Community administrator of Lviv: the community profile and sign-in policy',
    },
    roles: [{ kind: 'community-admin', community: 'lviv' }],
  }),
  person({
    lastName: 'Кравець',
    firstName: 'Надія',
    patronymic: 'Романівна',
    birthDate: '1985-11-23',
    address: 'Львівська обл., м. Львів, вул. Хоткевича, буд. 42',
    territorialCode: lviv.centre.code,
    email: 'moderator.cnap.lviv@demo.viche.example',
    phone: '+380322541599',
    note: { uk: 'Веде сайт ЦНАП Львова: каталог послуг, офіси, імпорт', en: 'Keeps Lviv’s ЦНАП site: the services catalogue, offices, import' },
    roles: [{ kind: 'moderator', community: 'lviv', tool: 'cnap' }],
  }),
  // After the administrator, so that every earlier person keeps their РНОКПП.
  person({
    lastName: 'Мельник',
    firstName: 'Софія',
    patronymic: 'Андріївна',
    birthDate: '1994-09-02',
    address: 'Львівська обл., м. Львів, вул. Городоцька, буд. 21, кв. 3',
    territorialCode: lviv.centre.code,
    email: 'site.editor.lviv@demo.viche.example',
    phone: '+380322970078',
    note: {
      uk: 'Редакторка сайту громади Львова: сторінки, новини, документи, меню',
      en: 'Editor of the Lviv community website: pages, news, documents, the menu',
    },
    roles: [{ kind: 'editor', community: 'lviv' }],
  }),
];
