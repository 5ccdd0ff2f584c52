/**
 * The bot's dialogue, independent of the messenger: one incoming message or button press, the person's
 * settings and the community's reference tree in; the replies (text and rows of buttons) and what to
 * change out. Telegram, Viber and the /dev/bot simulator all call this same function, so what a
 * moderator previews is what residents get. No I/O here.
 */
import { pick, plural, searchFold, type Lang, type Text } from '../../core/i18n/index.js';
import { APPEAL_MENU } from './rules/appeals.js';
import { cnapReply, CNAP_PRESS, withCnapButton, type CnapOfficeInfo } from './rules/cnap.js';
import { edemAction, type Awaiting, type EdemAction } from './rules/edem.js';

/** `…-platform`: through the platform's one bot, where the person picked the community. */
export type ChatChannel = 'telegram' | 'viber' | 'sim' | 'telegram-platform' | 'viber-platform';

/** How a channel is named to people (the cabinet's list of linked chats, the link confirmation page). */
export const CHANNEL_NAMES: Record<ChatChannel, Text> = {
  telegram: { uk: 'Telegram', en: 'Telegram' },
  viber: { uk: 'Viber', en: 'Viber' },
  'telegram-platform': { uk: 'Telegram (бот платформи)', en: 'Telegram (the platform bot)' },
  'viber-platform': { uk: 'Viber (бот платформи)', en: 'Viber (the platform bot)' },
  sim: { uk: 'симулятор /dev/bot', en: 'the /dev/bot simulator' },
};

export interface Button {
  label: string;
  /** What the press sends back: `menu`, `ref`, `n:<node id>`, `search`, `settings`, `start`, `lang:<uk|en>`, `topic:<key>`, `places`, `place:<КАТОТТГ code or ->`, `appeal`, `ap:…` (rules/appeals.ts), `cnap` (rules/cnap.ts). */
  data: string;
}

export interface Reply {
  text: string;
  buttons: Button[][];
}

export interface RefNode {
  id: number;
  parentId: number | null;
  position: number;
  title: Text;
  body: Text;
  phone: string;
  address: string;
  lat: number | null;
  lon: number | null;
  hours: string;
  url: string;
}

/** An entry's texts as its form and its table name them. */
export const nodeTexts = (n: Pick<RefNode, 'title' | 'body'>) => ({ title_uk: n.title.uk, title_en: n.title.en, body_uk: n.body.uk, body_en: n.body.en });

/** An entry's contacts, place and link: the same names in the form, the table and the audit. */
export const nodeDetails = (n: Pick<RefNode, 'phone' | 'address' | 'lat' | 'lon' | 'hours' | 'url'>) => ({
  phone: n.phone,
  address: n.address,
  lat: n.lat,
  lon: n.lon,
  hours: n.hours,
  url: n.url,
});

export interface ChatSettings {
  lang: Lang;
  topics: readonly string[];
  /** The settlement (КАТОТТГ code) the person chose, for broadcasts to it; null: none chosen. */
  settlement: string | null;
}

/** A settlement of the community the person may choose in the settings. */
export interface Settlement {
  code: string;
  name: string;
}

export type Incoming =
  | { kind: 'text'; text: string }
  | { kind: 'button'; data: string }
  /** A shared location (Telegram's location message). */
  | { kind: 'location'; lat: number; lng: number }
  /** A photo, by the messenger's file id (downloaded only when the report is sent). */
  | { kind: 'photo'; fileId: string };

export type Effect =
  | { kind: 'subscribe'; lang: Lang }
  | { kind: 'unsubscribe' }
  | { kind: 'settings'; settings: ChatSettings }
  /** An e-DEM act or look-up (rules/edem.ts): service/edem.ts runs it through the tool's service and replies. */
  | { kind: 'edem'; action: EdemAction };

export interface Turn {
  replies: Reply[];
  effect: Effect | null;
}

/** The topics of broadcasts a person may choose. */
export const TOPICS: Record<string, Text> = {
  news: { uk: 'Новини громади', en: 'Community news' },
  alerts: { uk: 'Термінові оголошення', en: 'Urgent notices' },
  petitions: { uk: 'Петиції', en: 'Petitions' },
  consultations: { uk: 'Консультації й опитування', en: 'Consultations and polls' },
  budget: { uk: 'Громадський бюджет', en: 'Participatory budget' },
  'open-city': { uk: 'Відкрите місто', en: 'Open City' },
  outages: { uk: 'Відключення світла, води, газу', en: 'Power, water and gas outages' },
  roads: { uk: 'Дороги й транспорт', en: 'Roads and transport' },
  events: { uk: 'Події громади', en: 'Community events' },
  shelters: { uk: 'Укриття й тривоги', en: 'Shelters and air-raid alerts' },
};

export function isTopic(key: string): boolean {
  return Object.hasOwn(TOPICS, key);
}

/** Telegram cuts a message at 4096 characters; Viber at 7000. */
const MAX_TEXT = 4000;
const MAX_RESULTS = 8;

const MENU: Record<'ref' | 'edem' | 'search' | 'settings', Text> = {
  ref: { uk: 'Довідник', en: 'Reference' },
  edem: { uk: 'Я+Влада', en: 'Me+Council' },
  search: { uk: 'Пошук', en: 'Search' },
  settings: { uk: 'Налаштування', en: 'Settings' },
};

const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);

/** A node's title (or body) in the person's language; Ukrainian where the English one is not given. */
function inLang(text: Text, lang: Lang): string {
  return pick(text, lang) || text.uk;
}

export function mainMenuButtons(lang: Lang): Button[][] {
  const rows = (['ref', 'edem', 'search', 'settings'] as const).map((k) => [{ label: pick(MENU[k], lang), data: k }]);
  // «Звернутися до влади»: its dialogue is rules/appeals.ts.
  return [...rows.slice(0, 2), [{ label: pick(APPEAL_MENU, lang), data: 'appeal' }], ...rows.slice(2)];
}

function menuButton(lang: Lang): Button {
  return { label: tx(lang, '☰ Меню', '☰ Menu'), data: 'menu' };
}

function childrenOf(nodes: readonly RefNode[], parentId: number | null): RefNode[] {
  return nodes.filter((n) => n.parentId === parentId).sort((a, b) => a.position - b.position || a.id - b.id);
}

function nodeButtons(nodes: readonly RefNode[], lang: Lang): Button[][] {
  return nodes.map((n) => [{ label: inLang(n.title, lang), data: `n:${n.id}` }]);
}

/** An OpenStreetMap link to the point (opens the map app on most phones). */
export function mapLink(lat: number, lon: number): string {
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** What one reference entry says: its text, then phone, address with a map link, hours and link. */
export function nodeText(n: RefNode, lang: Lang): string {
  const lines = [inLang(n.title, lang)];
  const body = inLang(n.body, lang);
  if (body) lines.push('', body);
  const details: string[] = [];
  if (n.phone) details.push(`☎ ${n.phone}`);
  if (n.address) details.push(`📍 ${n.address}`);
  if (n.lat !== null && n.lon !== null) details.push(`🗺 ${mapLink(n.lat, n.lon)}`);
  if (n.hours) details.push(`🕒 ${n.hours}`);
  if (n.url) details.push(`🔗 ${n.url}`);
  if (details.length) lines.push('', ...details);
  const text = lines.join('\n');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text;
}

export function mainMenu(lang: Lang, communityName: Text): Reply {
  return {
    text: tx(
      lang,
      `Чат-бот: ${communityName.uk}. Оберіть розділ або просто напишіть, що шукаєте.`,
      `Chat-bot: ${communityName.en}. Choose a section or just type what you are looking for.`,
    ),
    buttons: mainMenuButtons(lang),
  };
}

/** The top of the reference: its first-level entries. */
export function referenceRoot(nodes: readonly RefNode[], lang: Lang): Reply {
  const top = childrenOf(nodes, null);
  if (top.length === 0) return { text: tx(lang, 'Довідник поки порожній.', 'The reference is empty for now.'), buttons: [[menuButton(lang)]] };
  return { text: tx(lang, 'Довідник: оберіть розділ.', 'Reference: choose a section.'), buttons: [...nodeButtons(top, lang), [menuButton(lang)]] };
}

/** One entry: its text, its sub-entries as buttons, back (to its parent, or the top) and the menu. */
export function referenceNode(nodes: readonly RefNode[], n: RefNode, lang: Lang): Reply {
  const back: Button = { label: tx(lang, '← Назад', '← Back'), data: n.parentId === null ? 'ref' : `n:${n.parentId}` };
  return { text: nodeText(n, lang), buttons: [...nodeButtons(childrenOf(nodes, n.id), lang), [back, menuButton(lang)]] };
}

/** The words of a query, folded for comparison; each must occur in an entry's title or text. */
function words(s: string): string[] {
  return searchFold(s).split(/\s+/).filter(Boolean);
}

/** Entries whose title or text (in either language) holds every word of the query; title matches first. */
export function searchNodes(nodes: readonly RefNode[], query: string): RefNode[] {
  const ws = words(query);
  if (ws.length === 0) return [];
  const scored: { n: RefNode; score: number }[] = [];
  for (const n of nodes) {
    const title = searchFold(`${n.title.uk} ${n.title.en}`);
    const all = searchFold(`${title} ${n.body.uk} ${n.body.en} ${n.address} ${n.phone}`);
    if (!ws.every((w) => all.includes(w))) continue;
    scored.push({ n, score: ws.filter((w) => title.includes(w)).length });
  }
  return scored.sort((a, b) => b.score - a.score || a.n.position - b.n.position || a.n.id - b.n.id).map((s) => s.n);
}

export function searchReply(nodes: readonly RefNode[], query: string, lang: Lang): Reply {
  const q = query.trim();
  if ([...q].length < 2) {
    return { text: tx(lang, 'Напишіть щонайменше дві літери.', 'Type at least two letters.'), buttons: [[menuButton(lang)]] };
  }
  const found = searchNodes(nodes, q);
  if (found.length === 0) {
    return {
      text: tx(
        lang,
        `За запитом «${q}» нічого не знайдено. Спробуйте інше слово або відкрийте «Довідник».`,
        `Nothing found for “${q}”. Try another word or open the Reference.`,
      ),
      buttons: mainMenuButtons(lang),
    };
  }
  const shown = found.slice(0, MAX_RESULTS);
  const count = plural(found.length, { uk: ['запис', 'записи', 'записів'], en: ['entry', 'entries'] }, lang);
  return {
    text: tx(lang, `Знайдено ${count} за запитом «${q}»:`, `Found ${count} for “${q}”:`),
    buttons: [...nodeButtons(shown, lang), [menuButton(lang)]],
  };
}

/** The settlements to choose from (at most this many buttons: Telegram's keyboard allows 100). */
const MAX_SETTLEMENTS = 90;

export function settlementsReply(settings: ChatSettings, settlements: readonly Settlement[], lang: Lang): Reply {
  const back: Button = { label: tx(lang, '← Налаштування', '← Settings'), data: 'settings' };
  return {
    text: tx(lang, 'Оберіть свій населений пункт: розсилки для нього прийдуть вам.', 'Choose your settlement: broadcasts to it will reach you.'),
    buttons: [
      ...settlements.slice(0, MAX_SETTLEMENTS).map((x) => [{ label: `${settings.settlement === x.code ? '✓' : '○'} ${x.name}`, data: `place:${x.code}` }]),
      [{ label: `${settings.settlement === null ? '✓' : '○'} ${tx(lang, 'Не вказувати', 'None')}`, data: 'place:-' }],
      [back],
    ],
  };
}

export function settingsReply(settings: ChatSettings | null, lang: Lang, settlements: readonly Settlement[] = []): Reply {
  if (!settings) {
    return {
      text: tx(
        lang,
        'Щоб обрати мову й теми розсилок, підпишіться на бота: натисніть «Підписатися» або надішліть /start.',
        'To choose the language and the topics of broadcasts, subscribe to the bot: press “Subscribe” or send /start.',
      ),
      buttons: [[{ label: tx(lang, 'Підписатися', 'Subscribe'), data: 'start' }], [menuButton(lang)]],
    };
  }
  const chosen = Object.keys(TOPICS).filter((k) => settings.topics.includes(k));
  const topicsLine = chosen.length ? chosen.map((k) => pick(TOPICS[k]!, lang)).join(', ') : tx(lang, 'жодної', 'none');
  return {
    text: [
      tx(lang, `Мова: українська.`, `Language: English.`),
      tx(lang, `Теми розсилок: ${topicsLine}.`, `Broadcast topics: ${topicsLine}.`),
      ...(settlements.length
        ? [
            tx(
              lang,
              `Населений пункт: ${settlements.find((x) => x.code === settings.settlement)?.name ?? 'не вказано'}.`,
              `Settlement: ${settlements.find((x) => x.code === settings.settlement)?.name ?? 'none'}.`,
            ),
          ]
        : []),
      tx(
        lang,
        'Натисніть тему, щоб увімкнути чи вимкнути її. /stop — відписатися й видалити ваші дані.',
        'Press a topic to turn it on or off. /stop unsubscribes and deletes your data.',
      ),
    ].join('\n'),
    buttons: [
      [
        { label: `${lang === 'uk' ? '✓ ' : ''}Українська`, data: 'lang:uk' },
        { label: `${lang === 'en' ? '✓ ' : ''}English`, data: 'lang:en' },
      ],
      ...Object.entries(TOPICS).map(([k, label]) => [{ label: `${settings.topics.includes(k) ? '✓' : '○'} ${pick(label, lang)}`, data: `topic:${k}` }]),
      ...(settlements.length ? [[{ label: tx(lang, '📍 Населений пункт', '📍 Settlement'), data: 'places' }]] : []),
      [menuButton(lang)],
    ],
  };
}

/** The main menu's labels typed as text (a Viber keyboard sends them so, and people type them). */
function menuKeyOfText(text: string): 'ref' | 'edem' | 'search' | 'settings' | null {
  const folded = searchFold(text);
  for (const k of ['ref', 'edem', 'search', 'settings'] as const) {
    if (folded === searchFold(MENU[k].uk) || folded === searchFold(MENU[k].en)) return k;
  }
  return null;
}

export interface DialogueInput {
  input: Incoming;
  /** The person's settings; null when not subscribed (never started, or stopped). */
  settings: ChatSettings | null;
  nodes: readonly RefNode[];
  communityName: Text;
  /** The language of someone not subscribed (the messenger's language where it tells it). */
  fallbackLang: Lang;
  /** What the chat's open e-DEM draft waits for (a location, a photo, a description), if any. */
  awaiting?: Awaiting;
  /** The community's ЦНАП offices (rules/cnap.ts); none: the reference is the moderator's entries only. */
  cnap?: readonly CnapOfficeInfo[];
  /** The community's settlements (КАТОТТГ), for the settings; none: the choice is not offered. */
  settlements?: readonly Settlement[];
}

/** One turn of the dialogue. */
export function converse(d: DialogueInput): Turn {
  const lang = d.settings?.lang ?? d.fallbackLang;
  const places = d.settlements ?? [];
  const only = (reply: Reply, effect: Effect | null = null): Turn => ({ replies: [reply], effect });
  const press = d.input.kind === 'button' ? d.input.data : null;
  const text = d.input.kind === 'text' ? d.input.text.trim() : '';
  const command = text.startsWith('/') ? text.slice(1).split(/[\s@]/)[0]!.toLowerCase() : null;

  if (command === 'start' || press === 'start') {
    const welcome = tx(
      lang,
      'Ви підписалися на бота громади. Тут довідник служб і телефонів, пошук і розсилки на обрані теми. /stop — відписатися й видалити ваші дані.',
      'You have subscribed to the community bot: a reference of services and phones, search, and broadcasts on the topics you choose. /stop unsubscribes and deletes your data.',
    );
    return { replies: [{ text: welcome, buttons: [] }, mainMenu(lang, d.communityName)], effect: d.settings ? null : { kind: 'subscribe', lang } };
  }
  if (command === 'stop') {
    return only(
      {
        text: tx(
          lang,
          'Ви відписалися: ваш ідентифікатор чату видалено, розсилок більше не буде. Щоб повернутися, надішліть /start.',
          'You have unsubscribed: your chat id is deleted and no more broadcasts will come. To come back, send /start.',
        ),
        buttons: [],
      },
      d.settings ? { kind: 'unsubscribe' } : null,
    );
  }
  if (command === 'menu' || command === 'help' || press === 'menu') return only(mainMenu(lang, d.communityName));
  if (command === 'settings') return only(settingsReply(d.settings, lang, places));
  const edem = edemAction(d.input, d.awaiting ?? null) ?? (menuKeyOfText(text) === 'edem' ? ({ kind: 'menu' } as const) : null);
  if (edem) return { replies: [], effect: { kind: 'edem', action: edem } };
  if (command !== null) {
    return only({
      text: tx(
        lang,
        'Такої команди немає. Команди: /start, /menu, /settings, /stop, /edem, /link, /appeal.',
        'No such command. Commands: /start, /menu, /settings, /stop, /edem, /link, /appeal.',
      ),
      buttons: mainMenuButtons(lang),
    });
  }

  const key = press ?? menuKeyOfText(text);
  const cnap = d.cnap ?? [];
  if (key === 'ref') return only(withCnapButton(referenceRoot(d.nodes, lang), null, d.nodes, cnap.length > 0, lang));
  if (press === CNAP_PRESS && cnap.length > 0) return only(cnapReply(cnap, d.nodes, lang));
  if (key === 'search')
    return only({
      text: tx(lang, 'Напишіть, що шукаєте: наприклад, «ЦНАП» або «вода».', 'Type what you are looking for, e.g. “ЦНАП” or “water”.'),
      buttons: [[menuButton(lang)]],
    });
  if (key === 'settings') return only(settingsReply(d.settings, lang, places));

  if (press !== null) {
    const nodeId = /^n:(\d{1,9})$/.exec(press)?.[1];
    if (nodeId !== undefined) {
      const n = d.nodes.find((x) => x.id === Number(nodeId));
      if (n) return only(withCnapButton(referenceNode(d.nodes, n, lang), n.id, d.nodes, cnap.length > 0, lang));
      return only({
        text: tx(lang, 'Цього запису в довіднику вже немає.', 'This entry is no longer in the reference.'),
        buttons: [[{ label: pick(MENU.ref, lang), data: 'ref' }], [menuButton(lang)]],
      });
    }
    const newLang = /^lang:(uk|en)$/.exec(press)?.[1] as Lang | undefined;
    const topic = /^topic:(.+)$/.exec(press)?.[1];
    const place = /^place:(.+)$/.exec(press)?.[1];
    if (d.settings && newLang) {
      const settings = { ...d.settings, lang: newLang };
      return only(settingsReply(settings, newLang, places), { kind: 'settings', settings });
    }
    if (d.settings && topic !== undefined && isTopic(topic)) {
      const topics = d.settings.topics.includes(topic) ? d.settings.topics.filter((x) => x !== topic) : [...d.settings.topics, topic];
      const settings = { ...d.settings, topics };
      return only(settingsReply(settings, lang, places), { kind: 'settings', settings });
    }
    if (d.settings && press === 'places' && places.length) return only(settlementsReply(d.settings, places, lang));
    if (d.settings && place !== undefined && (place === '-' || places.some((x) => x.code === place))) {
      const settings = { ...d.settings, settlement: place === '-' ? null : place };
      return only(settingsReply(settings, lang, places), { kind: 'settings', settings });
    }
    if (newLang || topic !== undefined || place !== undefined || press === 'places') return only(settingsReply(d.settings, lang, places));
    return only(mainMenu(lang, d.communityName));
  }
  return only(searchReply(d.nodes, text, lang));
}
