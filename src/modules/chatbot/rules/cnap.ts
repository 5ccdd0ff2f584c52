/**
 * «ЦНАП: адреси та години роботи» in the bot's reference (issue #22, point 2): the community's ЦНАП
 * offices as the ЦНАП site keeps them (address, today's status, weekly hours, a map link), shown under
 * the moderator's own «ЦНАП» entry (or «Послуги», else the reference's top). No I/O here: the offices
 * come in, read by service.ts through the cnap module. Without offices nothing is added.
 */
import { pick, searchFold, type Lang } from '../../../core/i18n/index.js';
import type { Button, RefNode, Reply } from '../rules.js';

/** One office as the bot shows it (cnap's `CnapOfficeSummary`, with its page as a full URL). */
export interface CnapOfficeInfo {
  name: string;
  address: string;
  phone: string;
  lat: number | null;
  lng: number | null;
  status: string;
  hoursLines: readonly string[];
  url: string;
}

/** The button's data. */
export const CNAP_PRESS = 'cnap';

const TITLE = { uk: 'ЦНАП: адреси та години роботи', en: 'ЦНАП: addresses and opening hours' };
const MAX_TEXT = 4000;

/** The entry it goes under: the first whose title names the ЦНАП, else a top «Послуги»; null: the reference's top. */
export function cnapHost(nodes: readonly RefNode[]): number | null {
  const named = (n: RefNode, word: string) => searchFold(`${n.title.uk} ${n.title.en}`).includes(searchFold(word));
  const sorted = [...nodes].sort((a, b) => (a.parentId === null ? 0 : 1) - (b.parentId === null ? 0 : 1) || a.position - b.position || a.id - b.id);
  return sorted.find((n) => named(n, 'ЦНАП'))?.id ?? sorted.find((n) => n.parentId === null && named(n, 'Послуги'))?.id ?? null;
}

/** The reference's top or an entry, with the ЦНАП button added where it belongs (above «Назад» and «Меню»). */
export function withCnapButton(reply: Reply, at: number | null, nodes: readonly RefNode[], hasOffices: boolean, lang: Lang): Reply {
  if (!hasOffices || cnapHost(nodes) !== at) return reply;
  const row: Button[] = [{ label: pick(TITLE, lang), data: CNAP_PRESS }];
  const text =
    at === null && !nodes.some((n) => n.parentId === null) ? pick({ uk: 'Довідник: оберіть розділ.', en: 'Reference: choose a section.' }, lang) : reply.text;
  return { text, buttons: [...reply.buttons.slice(0, -1), row, ...reply.buttons.slice(-1)] };
}

/** The offices: each with its address and map link, phone, today's status, the week's hours and its page. */
export function cnapReply(offices: readonly CnapOfficeInfo[], nodes: readonly RefNode[], lang: Lang): Reply {
  const host = cnapHost(nodes);
  const blocks = offices.map((o) =>
    [
      `🏛 ${o.name}`,
      ...(o.address ? [`📍 ${o.address}`] : []),
      ...(o.lat !== null && o.lng !== null ? [`🗺 https://www.openstreetmap.org/?mlat=${o.lat}&mlon=${o.lng}#map=17/${o.lat}/${o.lng}`] : []),
      ...(o.phone ? [`☎ ${o.phone}`] : []),
      `🕒 ${o.status}`,
      ...o.hoursLines,
      `🔗 ${o.url}`,
    ].join('\n'),
  );
  const all = [pick(TITLE, lang), ...blocks].join('\n\n');
  const text = all.length > MAX_TEXT ? `${all.slice(0, MAX_TEXT - 1)}…` : all;
  const back: Button = { label: pick({ uk: '← Назад', en: '← Back' }, lang), data: host === null ? 'ref' : `n:${host}` };
  return { text, buttons: [[back, { label: pick({ uk: '☰ Меню', en: '☰ Menu' }, lang), data: 'menu' }]] };
}
