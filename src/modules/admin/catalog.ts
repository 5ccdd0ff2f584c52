/**
 * Territorial communities that may apply to join the platform: real Ukrainian communities (names,
 * oblasts and raions as after the 2020 reform, approximate populations). Their КАТОТТГ codes follow the
 * codifier's structure (UA + oblast 2 + raion 2 + community 3 + settlement 3 + district 2 + id 5 digits)
 * but are DEMO values, not checked against the current codifier — as in src/core/demo/communities.ts.
 * The five demo communities of the core are not here: they are connected already.
 */
import type { Text } from '../../core/i18n/index.js';

export interface CatalogCommunity {
  /** КАТОТТГ code of the community (demo value). */
  code: string;
  name: Text;
  oblast: Text;
  raion: Text;
  population: number;
  /** What the national moderator is offered as the address, e.g. "nizhyn" for /nizhyn. */
  suggestedSlug: string;
}

const OBLASTS = {
  '05': { uk: 'Вінницька', en: 'Vinnytsia' },
  '07': { uk: 'Волинська', en: 'Volyn' },
  '12': { uk: 'Дніпропетровська', en: 'Dnipropetrovsk' },
  '14': { uk: 'Донецька', en: 'Donetsk' },
  '18': { uk: 'Житомирська', en: 'Zhytomyr' },
  '21': { uk: 'Закарпатська', en: 'Zakarpattia' },
  '23': { uk: 'Запорізька', en: 'Zaporizhzhia' },
  '26': { uk: 'Івано-Франківська', en: 'Ivano-Frankivsk' },
  '32': { uk: 'Київська', en: 'Kyiv' },
  '35': { uk: 'Кіровоградська', en: 'Kirovohrad' },
  '46': { uk: 'Львівська', en: 'Lviv' },
  '48': { uk: 'Миколаївська', en: 'Mykolaiv' },
  '51': { uk: 'Одеська', en: 'Odesa' },
  '53': { uk: 'Полтавська', en: 'Poltava' },
  '56': { uk: 'Рівненська', en: 'Rivne' },
  '59': { uk: 'Сумська', en: 'Sumy' },
  '61': { uk: 'Тернопільська', en: 'Ternopil' },
  '63': { uk: 'Харківська', en: 'Kharkiv' },
  '68': { uk: 'Хмельницька', en: 'Khmelnytskyi' },
  '71': { uk: 'Черкаська', en: 'Cherkasy' },
  '73': { uk: 'Чернівецька', en: 'Chernivtsi' },
  '74': { uk: 'Чернігівська', en: 'Chernihiv' },
} as const satisfies Record<string, Text>;

type OblastCode = keyof typeof OBLASTS;

/** ['oblast-raion-community-id' digits, name, raion uk, raion en, population, slug] */
type Row = [code: `${OblastCode}-${string}-${string}-${string}`, name: Text, raionUk: string, raionEn: string, population: number, slug: string];

const CITY = (uk: string, en: string): Text => ({ uk: `${uk} міська територіальна громада`, en: `${en} City Territorial Community` });
const SETTLEMENT = (uk: string, en: string): Text => ({ uk: `${uk} селищна територіальна громада`, en: `${en} Settlement Territorial Community` });

const ROWS: Row[] = [
  ['05-02-003-10349', CITY('Вінницька', 'Vinnytsia'), 'Вінницький', 'Vinnytsia', 370_000, 'vinnytsia'],
  ['07-08-013-61017', CITY('Луцька', 'Lutsk'), 'Луцький', 'Lutsk', 240_000, 'lutsk'],
  ['07-04-007-35262', CITY('Ковельська', 'Kovel'), 'Ковельський', 'Kovel', 70_000, 'kovel'],
  ['12-02-003-15451', CITY('Дніпровська', 'Dnipro'), 'Дніпровський', 'Dnipro', 980_000, 'dnipro'],
  ['14-12-015-44920', CITY('Слов’янська', 'Sloviansk'), 'Краматорський', 'Kramatorsk', 105_000, 'sloviansk'],
  ['18-04-019-80273', CITY('Житомирська', 'Zhytomyr'), 'Житомирський', 'Zhytomyr', 265_000, 'zhytomyr'],
  ['18-02-005-58822', CITY('Бердичівська', 'Berdychiv'), 'Бердичівський', 'Berdychiv', 75_000, 'berdychiv'],
  ['21-12-023-71944', CITY('Ужгородська', 'Uzhhorod'), 'Ужгородський', 'Uzhhorod', 125_000, 'uzhhorod'],
  ['21-04-011-29561', CITY('Мукачівська', 'Mukachevo'), 'Мукачівський', 'Mukachevo', 95_000, 'mukachevo'],
  ['23-06-021-93017', CITY('Запорізька', 'Zaporizhzhia'), 'Запорізький', 'Zaporizhzhia', 710_000, 'zaporizhzhia'],
  ['26-04-009-12405', CITY('Івано-Франківська', 'Ivano-Frankivsk'), 'Івано-Франківський', 'Ivano-Frankivsk', 270_000, 'ivano-frankivsk'],
  ['26-06-013-66130', CITY('Калуська', 'Kalush'), 'Калуський', 'Kalush', 90_000, 'kalush'],
  ['26-08-005-40718', CITY('Коломийська', 'Kolomyia'), 'Коломийський', 'Kolomyia', 80_000, 'kolomyia'],
  ['32-08-003-51290', CITY('Бучанська', 'Bucha'), 'Бучанський', 'Bucha', 70_000, 'bucha'],
  ['32-08-011-22376', CITY('Ірпінська', 'Irpin'), 'Бучанський', 'Bucha', 100_000, 'irpin'],
  ['32-08-005-87613', SETTLEMENT('Гостомельська', 'Hostomel'), 'Бучанський', 'Bucha', 25_000, 'hostomel'],
  ['32-04-001-39058', CITY('Броварська', 'Brovary'), 'Броварський', 'Brovary', 110_000, 'brovary'],
  ['32-04-003-73441', SETTLEMENT('Баришівська', 'Baryshivka'), 'Броварський', 'Brovary', 20_000, 'baryshivka'],
  ['32-06-003-45187', CITY('Бориспільська', 'Boryspil'), 'Бориспільський', 'Boryspil', 70_000, 'boryspil'],
  ['32-12-009-64529', CITY('Фастівська', 'Fastiv'), 'Фастівський', 'Fastiv', 50_000, 'fastiv'],
  ['35-04-017-30882', CITY('Кропивницька', 'Kropyvnytskyi'), 'Кропивницький', 'Kropyvnytskyi', 225_000, 'kropyvnytskyi'],
  ['35-08-011-18294', CITY('Олександрійська', 'Oleksandriia'), 'Олександрійський', 'Oleksandriia', 80_000, 'oleksandriia'],
  ['46-02-007-57316', CITY('Дрогобицька', 'Drohobych'), 'Дрогобицький', 'Drohobych', 115_000, 'drohobych'],
  ['46-12-019-83065', CITY('Стрийська', 'Stryi'), 'Стрийський', 'Stryi', 90_000, 'stryi'],
  ['46-10-015-26747', CITY('Самбірська', 'Sambir'), 'Самбірський', 'Sambir', 40_000, 'sambir'],
  ['48-06-013-97852', CITY('Миколаївська', 'Mykolaiv'), 'Миколаївський', 'Mykolaiv', 470_000, 'mykolaiv'],
  ['51-10-027-78103', CITY('Одеська', 'Odesa'), 'Одеський', 'Odesa', 1_010_000, 'odesa'],
  ['51-06-009-52634', CITY('Ізмаїльська', 'Izmail'), 'Ізмаїльський', 'Izmail', 70_000, 'izmail'],
  ['53-08-017-60528', CITY('Полтавська', 'Poltava'), 'Полтавський', 'Poltava', 285_000, 'poltava'],
  ['53-04-011-34971', CITY('Кременчуцька', 'Kremenchuk'), 'Кременчуцький', 'Kremenchuk', 220_000, 'kremenchuk'],
  ['56-08-019-47390', CITY('Рівненська', 'Rivne'), 'Рівненський', 'Rivne', 250_000, 'rivne'],
  ['56-02-001-20685', CITY('Вараська', 'Varash'), 'Вараський', 'Varash', 45_000, 'varash'],
  ['59-08-013-90146', CITY('Сумська', 'Sumy'), 'Сумський', 'Sumy', 265_000, 'sumy'],
  ['59-04-005-11872', CITY('Конотопська', 'Konotop'), 'Конотопський', 'Konotop', 85_000, 'konotop'],
  ['59-10-015-68213', CITY('Шосткинська', 'Shostka'), 'Шосткинський', 'Shostka', 75_000, 'shostka'],
  ['59-06-017-37594', CITY('Тростянецька', 'Trostianets'), 'Охтирський', 'Okhtyrka', 20_000, 'trostianets'],
  ['61-04-021-55409', CITY('Тернопільська', 'Ternopil'), 'Тернопільський', 'Ternopil', 225_000, 'ternopil'],
  ['63-12-025-85316', CITY('Харківська', 'Kharkiv'), 'Харківський', 'Kharkiv', 1_420_000, 'kharkiv'],
  ['68-04-007-28137', CITY('Кам’янець-Подільська', 'Kamianets-Podilskyi'), 'Кам’янець-Подільський', 'Kamianets-Podilskyi', 100_000, 'kamianets-podilskyi'],
  ['68-08-013-79624', CITY('Славутська', 'Slavuta'), 'Шепетівський', 'Shepetivka', 40_000, 'slavuta'],
  ['68-08-009-16058', CITY('Нетішинська', 'Netishyn'), 'Шепетівський', 'Shepetivka', 37_000, 'netishyn'],
  ['68-10-021-43771', CITY('Хмельницька', 'Khmelnytskyi'), 'Хмельницький', 'Khmelnytskyi', 285_000, 'khmelnytskyi'],
  ['71-08-023-64890', CITY('Черкаська', 'Cherkasy'), 'Черкаський', 'Cherkasy', 275_000, 'cherkasy'],
  ['71-04-019-25103', CITY('Уманська', 'Uman'), 'Уманський', 'Uman', 80_000, 'uman'],
  ['73-06-015-92478', CITY('Чернівецька', 'Chernivtsi'), 'Чернівецький', 'Chernivtsi', 285_000, 'chernivtsi'],
  ['74-10-019-37265', CITY('Чернігівська', 'Chernihiv'), 'Чернігівський', 'Chernihiv', 285_000, 'chernihiv'],
  ['74-06-011-58346', CITY('Ніжинська', 'Nizhyn'), 'Ніжинський', 'Nizhyn', 70_000, 'nizhyn'],
  ['74-08-017-81529', CITY('Новгород-Сіверська', 'Novhorod-Siverskyi'), 'Новгород-Сіверський', 'Novhorod-Siverskyi', 22_000, 'novhorod-siverskyi'],
];

export const CATALOG: readonly CatalogCommunity[] = ROWS.map(([digits, name, raionUk, raionEn, population, slug]) => {
  const [oblast, raion, community, id] = digits.split('-') as [OblastCode, string, string, string];
  return {
    code: `UA${oblast}${raion}${community}00000${id}`,
    name,
    oblast: OBLASTS[oblast],
    raion: { uk: raionUk, en: raionEn },
    population,
    suggestedSlug: slug,
  };
}).sort((a, b) => a.name.uk.localeCompare(b.name.uk, 'uk'));

export function catalogEntry(code: string): CatalogCommunity | undefined {
  return CATALOG.find((c) => c.code === code);
}
