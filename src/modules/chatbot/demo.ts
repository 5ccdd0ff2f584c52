/**
 * Demo data of the chat-bot: a reference for every community that has none (ЦНАП, useful phones, waste
 * collection, the council's reception) and the bot switched on without a messenger token, so /dev/bot
 * and the preview work at once. Addresses and phones are made up (the +380 00 code is no real one);
 * the emergency numbers are the real national ones. Idempotent.
 */
import type { CoreContext } from '../../core/context.js';
import { countNodes, findSettings, insertNode, saveSettings, type NodeFields } from './repository.js';

/** Roughly the centre of each demo city, for the map links. */
const CENTRES: Record<string, [number, number]> = {
  lviv: [49.8419, 24.0315],
  'bila-tserkva': [49.7968, 30.1311],
  kramatorsk: [48.7389, 37.5844],
  pryluky: [50.5931, 32.3875],
  koriukivka: [51.7736, 32.2533],
};

const blank = { body: { uk: '', en: '' }, phone: '', address: '', lat: null, lon: null, hours: '', url: '' };

interface DemoEntry extends Omit<NodeFields, 'parentId'> {
  children?: DemoEntry[];
}

function demoTree(centre: [number, number]): DemoEntry[] {
  const [lat, lon] = centre;
  return [
    {
      ...blank,
      title: { uk: 'ЦНАП', en: 'Service centre (ЦНАП)' },
      body: {
        uk: 'Центр надання адміністративних послуг: паспорти, реєстрація місця проживання, довідки, субсидії. Запис у чергу — на сайті громади.',
        en: 'The administrative service centre: passports, residence registration, certificates, subsidies. Book a visit on the community’s website.',
      },
      children: [
        {
          ...blank,
          title: { uk: 'Головний офіс ЦНАП', en: 'Main office' },
          body: { uk: 'Усі послуги, зокрема паспортні.', en: 'Every service, passports included.' },
          phone: '+380 00 123 45 01',
          address: 'вул. Центральна, 1 (демо-адреса)',
          lat,
          lon,
          hours: 'Пн–Пт 8:00–20:00, Сб 9:00–16:00',
        },
        {
          ...blank,
          title: { uk: 'Віддалене робоче місце', en: 'Remote desk' },
          body: {
            uk: 'Довідки, реєстрація місця проживання, прийом документів на субсидії.',
            en: 'Certificates, residence registration, subsidy applications.',
          },
          phone: '+380 00 123 45 02',
          address: 'вул. Шкільна, 12 (демо-адреса)',
          lat: Math.round((lat + 0.012) * 10_000) / 10_000,
          lon: Math.round((lon - 0.018) * 10_000) / 10_000,
          hours: 'Вт, Чт 9:00–16:00',
        },
      ],
    },
    {
      ...blank,
      title: { uk: 'Корисні телефони', en: 'Useful phones' },
      children: [
        {
          ...blank,
          title: { uk: 'Екстрені служби', en: 'Emergency services' },
          body: {
            uk: '101 — пожежна й рятувальна служба\n102 — поліція\n103 — швидка допомога\n104 — газова служба\n112 — єдиний номер екстрених служб',
            en: '101 fire and rescue\n102 police\n103 ambulance\n104 gas emergency\n112 the single emergency number',
          },
        },
        { ...blank, title: { uk: 'Гаряча лінія громади', en: 'Community hotline' }, phone: '+380 00 123 45 10', hours: 'Щодня 8:00–20:00' },
        {
          ...blank,
          title: { uk: 'Аварійна служба водоканалу', en: 'Water utility emergencies' },
          body: { uk: 'Немає води, прорив труби, відкритий люк.', en: 'No water, a burst pipe, an open manhole.' },
          phone: '+380 00 123 45 11',
          hours: 'Цілодобово',
        },
        { ...blank, title: { uk: 'Диспетчерська тепломережі', en: 'Heating dispatch' }, phone: '+380 00 123 45 12', hours: 'Цілодобово' },
      ],
    },
    {
      ...blank,
      title: { uk: 'Вивіз сміття', en: 'Waste collection' },
      body: {
        uk: 'Змішані відходи вивозять щопонеділка й щочетверга, пластик і скло — щосереди. Великогабаритні відходи — за заявкою на гарячу лінію.',
        en: 'Mixed waste is collected on Mondays and Thursdays, plastic and glass on Wednesdays. Bulky waste on request through the hotline.',
      },
      phone: '+380 00 123 45 20',
    },
    {
      ...blank,
      title: { uk: 'Прийом громадян', en: 'Council reception' },
      body: { uk: 'Особистий прийом голови громади — за попереднім записом.', en: 'The head of the community receives residents by appointment.' },
      address: 'вул. Центральна, 1, каб. 12 (демо-адреса)',
      lat,
      lon,
      hours: 'Перший четвер місяця, 10:00–13:00',
    },
  ];
}

export async function seedChatbot(ctx: CoreContext): Promise<void> {
  const now = ctx.clock.now();
  const communities = await ctx.db.selectFrom('communities').select(['id', 'slug']).execute();
  for (const c of communities) {
    if (!(await findSettings(ctx.db, c.id))) await saveSettings(ctx.db, { communityId: c.id, enabled: true, now });
    if ((await countNodes(ctx.db, c.id)) > 0) continue;
    const insert = async (entries: DemoEntry[], parentId: number | null) => {
      for (const { children, ...fields } of entries) {
        const id = await insertNode(ctx.db, c.id, { ...fields, parentId }, now);
        if (children) await insert(children, id);
      }
    };
    await insert(demoTree(CENTRES[c.slug] ?? [50.4501, 30.5234]), null);
  }
}
