/**
 * Demo communities: real Ukrainian territorial communities with real names and oblasts, approximate
 * populations. Their КАТОТТГ codes are the communities' codes in the codifier; `centre` is the city the
 * community is named after, as the sample codifier (samples/katottg-sample.csv) has it.
 */
export interface DemoCommunity {
  slug: string;
  name: { uk: string; en: string };
  oblast: { uk: string; en: string };
  raion: { uk: string; en: string };
  territorialCode: string;
  /** The community's centre: its settlement code and the start of an address there, as id.gov.ua writes it. */
  centre: { code: string; address: string };
  population: number;
  contacts: { address: string; email: string; phone: string; website: string };
}

export const demoCommunities: readonly DemoCommunity[] = [
  {
    slug: 'lviv',
    name: { uk: 'Львівська міська територіальна громада', en: 'Lviv City Territorial Community' },
    oblast: { uk: 'Львівська', en: 'Lviv' },
    raion: { uk: 'Львівський', en: 'Lviv' },
    territorialCode: 'UA46060250000025047',
    centre: { code: 'UA46060250010015970', address: 'Львівська обл., м. Львів' },
    population: 760_000,
    contacts: { address: 'пл. Ринок, 1, м. Львів, 79008', email: 'demo-lviv@viche.example', phone: '+380 32 297 57 57', website: 'https://city-adm.lviv.ua' },
  },
  {
    slug: 'bila-tserkva',
    name: { uk: 'Білоцерківська міська територіальна громада', en: 'Bila Tserkva City Territorial Community' },
    oblast: { uk: 'Київська', en: 'Kyiv' },
    raion: { uk: 'Білоцерківський', en: 'Bila Tserkva' },
    territorialCode: 'UA32020010000034957',
    centre: { code: 'UA32020010010061042', address: 'Київська обл., Білоцерківський р-н, м. Біла Церква' },
    population: 210_000,
    contacts: {
      address: 'вул. Ярослава Мудрого, 15, м. Біла Церква, 09117',
      email: 'demo-bc@viche.example',
      phone: '+380 4563 5 26 29',
      website: 'https://bc-rada.gov.ua',
    },
  },
  {
    slug: 'kramatorsk',
    name: { uk: 'Краматорська міська територіальна громада', en: 'Kramatorsk City Territorial Community' },
    oblast: { uk: 'Донецька', en: 'Donetsk' },
    raion: { uk: 'Краматорський', en: 'Kramatorsk' },
    territorialCode: 'UA14120090000036226',
    centre: { code: 'UA14120090010096979', address: 'Донецька обл., Краматорський р-н, м. Краматорськ' },
    population: 150_000,
    contacts: {
      address: 'пл. Миру, 2, м. Краматорськ, 84313',
      email: 'demo-kramatorsk@viche.example',
      phone: '+380 626 48 39 71',
      website: 'https://krm.gov.ua',
    },
  },
  {
    slug: 'pryluky',
    name: { uk: 'Прилуцька міська територіальна громада', en: 'Pryluky City Territorial Community' },
    oblast: { uk: 'Чернігівська', en: 'Chernihiv' },
    raion: { uk: 'Прилуцький', en: 'Pryluky' },
    territorialCode: 'UA74080130000052405',
    centre: { code: 'UA74080130010013902', address: 'Чернігівська обл., Прилуцький р-н, м. Прилуки' },
    population: 55_000,
    contacts: {
      address: 'вул. Незалежності, 82, м. Прилуки, 17500',
      email: 'demo-pryluky@viche.example',
      phone: '+380 4637 3 06 50',
      website: 'https://pryluky.in.ua',
    },
  },
  {
    slug: 'koriukivka',
    name: { uk: 'Корюківська міська територіальна громада', en: 'Koriukivka City Territorial Community' },
    oblast: { uk: 'Чернігівська', en: 'Chernihiv' },
    raion: { uk: 'Корюківський', en: 'Koriukivka' },
    territorialCode: 'UA74040070000064583',
    centre: { code: 'UA74040070010006814', address: 'Чернігівська обл., Корюківський р-н, м. Корюківка' },
    population: 20_000,
    contacts: {
      address: 'вул. Шевченка, 60, м. Корюківка, 15300',
      email: 'demo-koriukivka@viche.example',
      phone: '+380 4657 2 13 74',
      website: 'https://koryukivka-rada.gov.ua',
    },
  },
];

/**
 * A settlement-level code inside the community (same oblast, raion and community digits): for tests
 * that need residents without going through an address.
 */
export function demoSettlementCode(c: DemoCommunity, n = 1): string {
  return c.territorialCode.slice(0, 9) + String(n).padStart(3, '0') + '0' + c.territorialCode.slice(13);
}
