/**
 * The registered address (text, as id.gov.ua returns it) → the settlement's КАТОТТГ code, against the
 * shipped sample codifier: every oblast, Kyiv and Sevastopol, villages of one name in several raions and
 * oblasts, renamed cities and raions, markers in every spelling, and garbage.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCodifierFile, type CodifierUnit } from '../../src/core/katottg/codifier-file.js';
import { SAMPLE_CODIFIER } from '../../src/core/katottg/codifier-import.js';
import { addressNames, parseAddress, resolveAddress } from '../../src/core/katottg/address.js';
import { demoPeople } from '../../src/core/demo/people.js';
import { demoCommunities } from '../../src/core/demo/communities.js';

const C = {
  simferopol: 'UA01160330010074014',
  kerch: 'UA01100210010057785',
  vinnytsia: 'UA05020030010098827',
  lutsk: 'UA07080170010067810',
  dnipro: 'UA12020010010037010',
  kamianske: 'UA12040150010056523',
  kryvyiRih: 'UA12060170010065850',
  bakhmut: 'UA14020010010038520',
  kramatorsk: 'UA14120090010096979',
  yasnohirka: 'UA14120090030056994',
  sloviansk: 'UA14120150010015012',
  mariupol: 'UA14140050010029262',
  pokrovsk: 'UA14160110010041373',
  zhytomyr: 'UA18040190010057814',
  uzhhorod: 'UA21100190010064304',
  zaporizhzhia: 'UA23060070010069526',
  ivanoFrankivsk: 'UA26040130010030117',
  bilaTserkva: 'UA32020010010061042',
  hlushky: 'UA32020010030051746',
  terezyne: 'UA32020010190042427',
  bucha: 'UA32080030010094497',
  kropyvnytskyi: 'UA35040210010019355',
  luhansk: 'UA44060010010012753',
  sievierodonetsk: 'UA44120110010072887',
  lysychansk: 'UA44120050010021900',
  lviv: 'UA46060250010015970',
  vynnyky: 'UA46060250020081921',
  briukhovychi: 'UA46060250030050018',
  rudne: 'UA46060250040026465',
  lysynychi: 'UA46060250050010811',
  riasneRuske: 'UA46060250060035651',
  sokilnyky: 'UA46060370010076311',
  zhovkva: 'UA46060230010007589',
  sheptytskyi: 'UA46120130010077789',
  mykolaiv: 'UA48060150010035747',
  odesa: 'UA51100270010076757',
  kremenchuk: 'UA53020110010031694',
  horishniPlavni: 'UA53020030010085833',
  poltava: 'UA53080370010073240',
  varash: 'UA56020010010079541',
  rivne: 'UA56060230010066614',
  sumy: 'UA59080270010036634',
  ternopil: 'UA61040430010006562',
  kharkiv: 'UA63120270010096107',
  kherson: 'UA65100150010064384',
  khmelnytskyi: 'UA68040430010095547',
  cherkasy: 'UA71080490010015879',
  chernivtsi: 'UA73060610010008107',
  novoselytsiaCity: 'UA73060370010068569',
  koriukivka: 'UA74040070010006814',
  pryluky: 'UA74080130010013902',
  chernihiv: 'UA74100390010054825',
  kyiv: 'UA80000000000093317',
  sevastopol: 'UA85000000000065278',
  // Михайлівка: a village in Vinnytsia, Kirovohrad (two, in one raion), Mykolaiv and Poltava oblasts; a селище in Zaporizhzhia.
  mykhVinnytsia: 'UA05060110170059720',
  mykhKaterynivka: 'UA35040090130095272',
  mykhPervozvanivka: 'UA35040170290030750',
  mykhMykolaiv: 'UA48040110270078369',
  mykhPoltava: 'UA53060210430081561',
  mykhZaporizhzhia: 'UA23020110010039496',
  // Новоселиця: villages in Vinnytsia, Zhytomyr, Ivano-Frankivsk, Khmelnytskyi oblasts; a city in Chernivtsi oblast.
  novVinnytsia: 'UA05100130210026225',
  novZhytomyr: 'UA18040370450013965',
  novIvanoFrankivsk: 'UA26060250190012591',
  novKhmelnytskyi: 'UA68040370610032858',
  // Олександрівка: two villages in Chernihiv oblast, in two raions.
  oleksKoriukivka: 'UA74040070090002434',
  oleksChernihiv: 'UA74100250150066028',
} as const;

type Expected = string | { ambiguous: string[] } | { none: string };
const amb = (...codes: string[]) => ({ ambiguous: codes });
const none = (reason: string) => ({ none: reason });

const TABLE: [string, Expected][] = [
  // Every oblast's centre, as id.gov.ua writes it and in other common spellings.
  ['УКРАЇНА, 95000, Автономна Республіка Крим, м. Сімферополь, вул. Пушкіна, буд. 1', C.simferopol],
  ['АР Крим, м. Керч, вул. Леніна, 5', C.kerch],
  ['Вінницька обл., м. Вінниця, вул. Соборна, буд. 59, кв. 3', C.vinnytsia],
  ['ВІННИЦЬКА ОБЛАСТЬ, МІСТО ВІННИЦЯ, ВУЛИЦЯ СОБОРНА, БУДИНОК 59', C.vinnytsia],
  ['Волинська обл., м. Луцьк, просп. Волі, буд. 4', C.lutsk],
  ['Дніпропетровська обл., м. Дніпро, просп. Дмитра Яворницького, буд. 75', C.dnipro],
  ['Дніпропетровська обл., м. Кривий Ріг, вул. Соборності, 32', C.kryvyiRih],
  ['Донецька обл., м. Краматорськ, вул. Центральна, буд. 11', C.kramatorsk],
  ['Донецька обл., м. Маріуполь, просп. Миру, 70', C.mariupol],
  ['Житомирська обл., м. Житомир, майдан Корольова, 4/2', C.zhytomyr],
  ['Закарпатська обл., м. Ужгород, пл. Поштова, 3', C.uzhhorod],
  ['Запорізька обл., м. Запоріжжя, просп. Соборний, буд. 206', C.zaporizhzhia],
  ['Івано-Франківська обл., м. Івано-Франківськ, вул. Грушевського, 21', C.ivanoFrankivsk],
  ['Київська обл., м. Біла Церква, вул. Ярослава Мудрого, буд. 15', C.bilaTserkva],
  ['Київська обл., Бучанський р-н, м. Буча, вул. Енергетиків, 12', C.bucha],
  ['Кіровоградська обл., м. Кропивницький, вул. Велика Перспективна, 41', C.kropyvnytskyi],
  ['Луганська обл., м. Сєвєродонецьк, вул. Донецька, 25', C.sievierodonetsk],
  ['Луганська обл., м. Луганськ, вул. Радянська, 5', C.luhansk],
  ['Львівська обл., м. Львів, вул. Зелена, буд. 12, кв. 5', C.lviv],
  ['Миколаївська обл., м. Миколаїв, вул. Адміральська, 20', C.mykolaiv],
  ['Одеська обл., м. Одеса, вул. Дерибасівська, буд. 7', C.odesa],
  ['Полтавська обл., м. Полтава, вул. Соборності, 36', C.poltava],
  ['Полтавська обл., Кременчуцький р-н, м. Кременчук, вул. Соборна, 14', C.kremenchuk],
  ['Рівненська обл., м. Рівне, вул. Соборна, 12а', C.rivne],
  ['Сумська обл., м. Суми, майдан Незалежності, 2', C.sumy],
  ['Тернопільська обл., м. Тернопіль, вул. Листопадова, 5', C.ternopil],
  ['Харківська обл., м. Харків, пл. Свободи, буд. 7', C.kharkiv],
  ['Херсонська обл., м. Херсон, вул. Ушакова, 37', C.kherson],
  ['Хмельницька обл., м. Хмельницький, вул. Героїв Майдану, 3', C.khmelnytskyi],
  ['Черкаська обл., м. Черкаси, бул. Шевченка, 307', C.cherkasy],
  ['Чернівецька обл., м. Чернівці, Центральна пл., 1', C.chernivtsi],
  ['Чернігівська обл., м. Чернігів, вул. Магістратська, 7', C.chernihiv],
  ['Чернігівська обл., м. Прилуки, вул. Незалежності, буд. 82', C.pryluky],
  ['Чернігівська обл., Корюківський р-н, м. Корюківка, вул. Шевченка, 60', C.koriukivka],
  // Kyiv and Sevastopol: no oblast; a district of the city is not a raion.
  ['м. Київ, вул. Хрещатик, буд. 36', C.kyiv],
  ['УКРАЇНА, 01001, м. Київ, Шевченківський р-н, вул. Хрещатик, буд. 36, кв. 1', C.kyiv],
  ['Україна, 01001, місто Київ, Печерський район, вулиця Лаврська, будинок 9', C.kyiv],
  ['Київ, Хрещатик 36', C.kyiv],
  ['м.Київ, просп.Перемоги,10', C.kyiv],
  ['М. КИЇВ, ВУЛ. ВЕЛИКА ВАСИЛЬКІВСЬКА, БУД. 100', C.kyiv],
  ['м. Севастополь, вул. Велика Морська, 5', C.sevastopol],
  ['Україна, 99011, м. Севастополь, Гагарінський р-н, просп. Гагаріна, 12', C.sevastopol],
  // Postcodes, «Україна», case, no raion, whitespace.
  ['79008, Львівська обл., м. Львів, пл. Ринок, 1', C.lviv],
  ['УКРАЇНА, 79008, ЛЬВІВСЬКА ОБЛ., М. ЛЬВІВ, ВУЛ. ГОРОДОЦЬКА, БУД. 20', C.lviv],
  ['україна, львівська обл., м. львів, вул. шкільна, 4', C.lviv],
  ['  Львівська   обл. ,  м.  Львів ,  вул. Зелена , 12 ', C.lviv],
  ['Львівська обл., Львівський р-н, м. Львів, вул. Зелена, 12', C.lviv],
  ['Львівська обл., м. Львів, Галицький р-н, вул. Театральна, 10', C.lviv],
  ['Україна, Львівська область, місто Львів, вулиця Зелена, будинок 12, квартира 5', C.lviv],
  ['Львівська обл., м Львів, Зелена вул., 12', C.lviv],
  ['обл. Львівська, м. Львів, вул. Зелена, 12', C.lviv],
  ['Львів, вул. Зелена, 12', C.lviv],
  ['79008 Львів, вул. Зелена, 12', C.lviv],
  // The Lviv community's other settlements, every settlement marker.
  ['Львівська обл., Львівський р-н, м. Винники, вул. Галицька, буд. 3', C.vynnyky],
  ['Львівська обл., смт Брюховичі, вул. Незалежності, 8', C.briukhovychi],
  ['Львівська обл., смт. Брюховичі, вул. Незалежності, 8', C.briukhovychi],
  ['Львівська обл., селище Брюховичі, вул. Незалежності, 8', C.briukhovychi],
  ['Львівська обл., с-ще Рудне, вул. Галицька, 2', C.rudne],
  ['Львівська обл., сел. Рудне, вул. Галицька, 2', C.rudne],
  ['Львівська обл., селище міського типу Рудне, вул. Галицька, 2', C.rudne],
  ['Львівська обл., с. Лисиничі, вул. Сковороди, 1', C.lysynychi],
  ['Львівська обл., село Лисиничі', C.lysynychi],
  ['Львівська обл., с.Рясне-Руське, вул. Лісна, 3', C.riasneRuske],
  ['Львівська обл., с. Рясне - Руське', C.riasneRuske],
  ['Львівська обл., Львівський р-н, Львівська міська територіальна громада, с. Лисиничі', C.lysynychi],
  ['Київська обл., Білоцерківський р-н, с. Глушки, вул. Шевченка, 1', C.hlushky],
  ['Київська обл., с-ще Терезине, вул. Миру, 3', C.terezyne],
  ['Донецька обл., Краматорський р-н, смт Ясногірка, вул. Шкільна, 2', C.yasnohirka],
  // Apostrophes in every form.
  ['Дніпропетровська обл., м. Камʼянське, просп. Свободи, 2', C.kamianske],
  ["Дніпропетровська обл., м. Кам'янське, просп. Свободи, 2", C.kamianske],
  ['Дніпропетровська обл., м. Кам’янське, просп. Свободи, 2', C.kamianske],
  ['Дніпропетровська обл., м. Кам`янське, просп. Свободи, 2', C.kamianske],
  ['Донецька обл., м. Словʼянськ, вул. Шевченка, 1', C.sloviansk],
  ["Донецька обл., м. Слов'янськ, вул. Шевченка, 1", C.sloviansk],
  // Renamed cities: the former name, as old papers still have it.
  ['Дніпропетровська обл., м. Дніпропетровськ, просп. Карла Маркса, 75', C.dnipro],
  ['Дніпропетровська обл., м. Дніпродзержинськ, вул. Леніна, 5', C.kamianske],
  ['Кіровоградська обл., м. Кіровоград, вул. Леніна, 41', C.kropyvnytskyi],
  ['Донецька обл., м. Артемівськ, вул. Свободи, 1', C.bakhmut],
  ['Донецька обл., Бахмутський р-н, м. Бахмут, вул. Миру, 1', C.bakhmut],
  ['Донецька обл., м. Красноармійськ, вул. Шмідта, 2', C.pokrovsk],
  ['Полтавська обл., м. Комсомольськ, вул. Миру, 24', C.horishniPlavni],
  ['Рівненська обл., м. Кузнецовськ, мкр. Перемоги, 6', C.varash],
  ['Львівська обл., м. Червоноград, вул. Шевченка, 19', C.sheptytskyi],
  ['Львівська обл., Шептицький р-н, м. Шептицький, вул. Шевченка, 19', C.sheptytskyi],
  ['Луганська обл., м. Лисичанськ, вул. Гетьманська, 2', C.lysychansk],
  // Pre-2020 raions, found through the raion's former names.
  ['Львівська обл., Пустомитівський р-н, с. Сокільники, вул. Львівська, 10', C.sokilnyky],
  ['Львівська обл., Жовківський р-н, м. Жовква, пл. Вічева, 1', C.zhovkva],
  ['Львівська обл., Червоноградський р-н, м. Червоноград', C.sheptytskyi],
  ['Кіровоградська обл., Кіровоградський р-н, м. Кропивницький', C.kropyvnytskyi],
  ['Житомирська обл., Черняхівський р-н, с. Новоселиця', C.novZhytomyr],
  // Same-name villages: the oblast, the raion (new or old) or the community tells them apart.
  ['Вінницька обл., Гайсинський р-н, с. Михайлівка, вул. Садова, 3', C.mykhVinnytsia],
  ['Вінницька обл., Теплицький р-н, с. Михайлівка', C.mykhVinnytsia],
  ['Миколаївська обл., с. Михайлівка, вул. Миру, 1', C.mykhMykolaiv],
  ['Миколаївська обл., Вознесенський р-н, с. Михайлівка', C.mykhMykolaiv],
  ['Полтавська обл., Лубенський р-н, с. Михайлівка', C.mykhPoltava],
  ['Полтавська обл., Хорольський район, село Михайлівка', C.mykhPoltava],
  ['Запорізька обл., смт Михайлівка, вул. Центральна, 5', C.mykhZaporizhzhia],
  ['Запорізька обл., Василівський р-н, селище Михайлівка', C.mykhZaporizhzhia],
  ['Кіровоградська обл., Кропивницький р-н, с. Михайлівка', amb(C.mykhKaterynivka, C.mykhPervozvanivka)],
  ['Кіровоградська обл., с. Михайлівка', amb(C.mykhKaterynivka, C.mykhPervozvanivka)],
  ['Кіровоградська обл., Кропивницький р-н, Катеринівська сільська громада, с. Михайлівка', C.mykhKaterynivka],
  ['Кіровоградська обл., Первозванівська ТГ, с. Михайлівка', C.mykhPervozvanivka],
  ['с. Михайлівка, вул. Шевченка, 1', amb(C.mykhVinnytsia, C.mykhKaterynivka, C.mykhPervozvanivka, C.mykhMykolaiv, C.mykhPoltava)],
  ['Михайлівка', amb(C.mykhVinnytsia, C.mykhKaterynivka, C.mykhPervozvanivka, C.mykhMykolaiv, C.mykhPoltava, C.mykhZaporizhzhia)],
  ['смт Михайлівка', C.mykhZaporizhzhia],
  ['Вінницька обл., с. Новоселиця', C.novVinnytsia],
  ['Житомирська обл., Житомирський р-н, с. Новоселиця, вул. Лісова, 2', C.novZhytomyr],
  ['Івано-Франківська обл., Коломийський р-н, с. Новоселиця', C.novIvanoFrankivsk],
  ['Хмельницька обл., Хмельницький р-н, с. Новоселиця', C.novKhmelnytskyi],
  ['Чернівецька обл., м. Новоселиця, вул. Центральна, 1', C.novoselytsiaCity],
  ['Чернівецька обл., Новоселицький р-н, м. Новоселиця', C.novoselytsiaCity],
  ['с. Новоселиця', amb(C.novVinnytsia, C.novZhytomyr, C.novIvanoFrankivsk, C.novKhmelnytskyi)],
  ['Новоселиця, вул. Шевченка, 4', amb(C.novVinnytsia, C.novZhytomyr, C.novIvanoFrankivsk, C.novKhmelnytskyi, C.novoselytsiaCity)],
  ['Чернігівська обл., с. Олександрівка', amb(C.oleksKoriukivka, C.oleksChernihiv)],
  ['Чернігівська обл., Корюківський р-н, с. Олександрівка', C.oleksKoriukivka],
  ['Чернігівська обл., Чернігівський р-н, с. Олександрівка', C.oleksChernihiv],
  // Nothing to find: garbage, no settlement, an unknown oblast, a settlement elsewhere than the address says.
  ['', none('empty')],
  ['   ', none('empty')],
  ['вул. Зелена, буд. 12, кв. 5', none('no-settlement')],
  ['УКРАЇНА, 79008', none('no-settlement')],
  ['Львівська обл.', none('no-settlement')],
  ['12345', none('no-settlement')],
  ['asdf qwerty', none('unknown-settlement')],
  ['Львівська обл., м. Гондор, вул. Зелена, 1', none('unknown-settlement')],
  ['Москва, ул. Тверская, 1', none('unknown-settlement')],
  ['Мордорська обл., м. Львів', none('unknown-oblast')],
  ['Одеська обл., м. Львів, вул. Зелена, 12', none('not-in-oblast')],
  ['Вінницька обл., м. Київ', none('not-in-oblast')],
  ['Львівська обл., Шептицький р-н, с. Лисиничі', none('not-in-raion')],
  ['Миколаївська обл., Миколаївський р-н, с. Михайлівка', none('not-in-raion')],
];

describe('address → КАТОТТГ', () => {
  let units: CodifierUnit[];
  before(async () => {
    units = await parseCodifierFile(readFileSync(SAMPLE_CODIFIER), SAMPLE_CODIFIER);
  });

  test(`a table of ${TABLE.length} addresses`, () => {
    assert.ok(TABLE.length >= 100);
    const failures: string[] = [];
    for (const [address, expected] of TABLE) {
      const got = resolveAddress(address, units);
      const want =
        typeof expected === 'string'
          ? { kind: 'match', code: expected }
          : 'ambiguous' in expected
            ? { kind: 'ambiguous', codes: [...expected.ambiguous].sort() }
            : { kind: 'none', reason: expected.none };
      const have =
        got.kind === 'ambiguous'
          ? { kind: 'ambiguous', codes: got.candidates.map((c) => c.code).sort() }
          : got.kind === 'match'
            ? got
            : { kind: 'none', reason: got.reason };
      if (JSON.stringify(have) !== JSON.stringify(want)) failures.push(`«${address}»: got ${JSON.stringify(have)}, want ${JSON.stringify(want)}`);
    }
    assert.deepEqual(failures, []);
  });

  test('the candidates of an ambiguous address are labelled with their community, raion and oblast', () => {
    const r = resolveAddress('Кіровоградська обл., с. Михайлівка', units);
    assert.equal(r.kind, 'ambiguous');
    assert.deepEqual(r.kind === 'ambiguous' ? r.candidates : [], [
      { code: C.mykhKaterynivka, label: 'с. Михайлівка, Катеринівська громада, Кропивницький р-н, Кіровоградська обл.' },
      { code: C.mykhPervozvanivka, label: 'с. Михайлівка, Первозванівська громада, Кропивницький р-н, Кіровоградська обл.' },
    ]);
  });

  test('only the parts that can name a place are read', () => {
    const p = parseAddress('УКРАЇНА, 79008, Львівська обл., Львівський р-н, Львівська міська ТГ, м. Львів, вул. Зелена, буд. 12, кв. 5');
    assert.deepEqual(p, {
      oblast: 'львівська',
      crimea: false,
      raion: 'львівський',
      hromada: 'львівська',
      settlement: { name: 'львів', kinds: ['К', 'М'] },
      bare: [],
    });
    assert.deepEqual(addressNames(p), ['львів', 'львівський', 'львівська']);
  });

  test('every demo person’s address lands in the community it did before the codifier', () => {
    for (const person of demoPeople) {
      const r = resolveAddress(person.address, units);
      assert.deepEqual(r, { kind: 'match', code: person.territorialCode }, person.address);
    }
    // The demo communities' codes are real communities of the codifier.
    for (const c of demoCommunities) {
      assert.ok(
        units.some((u) => u.code === c.territorialCode && u.level === 3),
        c.slug,
      );
      assert.equal(c.centre.code.slice(0, 9), c.territorialCode.slice(0, 9), `${c.slug}: its centre is inside it`);
    }
  });
});
