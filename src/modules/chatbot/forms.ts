/** Parsing of the chat-bot's forms: a reference entry and the bot's settings, into typed values or field errors. */
import { field } from '../../core/http/form-parser.js';
import { parseCoordinates } from '../../core/maps/coordinates.js';
import { routeId } from '../../core/http/route-helpers.js';
import { CHARACTERS_UP_TO, pick, pluralWord, type Lang } from '../../core/i18n/index.js';
import type { NodeFields } from './repository.js';
import { nodeDetails, nodeTexts, type RefNode } from './rules.js';

const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);

export const NODE_FIELDS = ['parent', 'title_uk', 'title_en', 'body_uk', 'body_en', 'phone', 'address', 'lat', 'lon', 'hours', 'url'] as const;

export const LIMITS = { title: 60, body: 2000, phone: 40, address: 200, hours: 200, url: 500 };

/** The entry's fields as typed (to show again with the errors) and, when valid, the parsed entry. */
export function parseNodeForm(
  body: unknown,
  nodes: readonly RefNode[],
  self: RefNode | null,
  lang: Lang,
): { values: Record<string, string>; errors: Record<string, string>; fields: NodeFields | null } {
  const values: Record<string, string> = {};
  for (const name of NODE_FIELDS) values[name] = field(body, name);
  const errors: Record<string, string> = {};
  const tooLong = (name: string, max: number) => {
    if ([...values[name]!].length > max)
      errors[name] = tx(lang, `Не більше ${max} ${pluralWord(max, CHARACTERS_UP_TO, 'uk')}`, `At most ${max} ${pluralWord(max, CHARACTERS_UP_TO, 'en')}`);
  };
  if (!values.title_uk) errors.title_uk = tx(lang, 'Напишіть назву пункту', 'Write the entry’s title');
  tooLong('title_uk', LIMITS.title);
  tooLong('title_en', LIMITS.title);
  tooLong('body_uk', LIMITS.body);
  tooLong('body_en', LIMITS.body);
  tooLong('address', LIMITS.address);
  tooLong('hours', LIMITS.hours);
  if (values.phone && !/^[+0-9][0-9 ()-]{1,38}$/.test(values.phone!)) {
    errors.phone = tx(
      lang,
      'Телефон: цифри, пробіли, дужки, дефіси, на початку може бути «+»',
      'Phone: digits, spaces, brackets, hyphens, optionally a leading “+”',
    );
  }
  if (values.url) {
    let ok = false;
    try {
      ok = ['http:', 'https:'].includes(new URL(values.url).protocol);
    } catch {
      ok = false;
    }
    if (!ok || values.url.length > LIMITS.url)
      errors.url = tx(lang, 'Посилання має починатися з https:// або http://', 'The link must start with https:// or http://');
  }
  // The shared parser (core/maps): both or neither, in range, a decimal comma accepted.
  const coords = parseCoordinates(values.lat!, values.lon!);
  if (!coords.ok) {
    const name = coords.field === 'lat' ? 'lat' : 'lon';
    errors[name] =
      values.lat === '' || values.lon === ''
        ? tx(lang, 'Вкажіть обидві координати або жодної', 'Give both coordinates or neither')
        : name === 'lat'
          ? tx(lang, 'Широта — число від −90 до 90, наприклад 49.8397', 'Latitude is a number from −90 to 90, e.g. 49.8397')
          : tx(lang, 'Довгота — число від −180 до 180, наприклад 24.0297', 'Longitude is a number from −180 to 180, e.g. 24.0297');
  }
  const lat = coords.ok ? (coords.point?.lat ?? null) : null;
  const lon = coords.ok ? (coords.point?.lng ?? null) : null;
  let parentId: number | null = null;
  if (values.parent) {
    parentId = routeId(values.parent!);
    const parent = parentId === null ? undefined : nodes.find((n) => n.id === parentId);
    if (!parent || (self && isWithin(nodes, parent.id, self.id))) {
      errors.parent = tx(
        lang,
        'Оберіть розділ із переліку (не сам пункт і не його підпункти)',
        'Choose a section from the list (not the entry itself nor one under it)',
      );
    }
  }
  if (Object.keys(errors).length) return { values, errors, fields: null };
  return {
    values,
    errors,
    fields: {
      parentId,
      title: { uk: values.title_uk!, en: values.title_en! },
      body: { uk: values.body_uk!, en: values.body_en! },
      phone: values.phone!,
      address: values.address!,
      lat,
      lon,
      hours: values.hours!,
      url: values.url!,
    },
  };
}

/** Is `id` the entry `ancestor` or somewhere under it? */
export function isWithin(nodes: readonly RefNode[], id: number, ancestor: number): boolean {
  const parentOf = new Map(nodes.map((n) => [n.id, n.parentId]));
  for (let cur: number | null | undefined = id, steps = 0; cur != null && steps <= nodes.length; cur = parentOf.get(cur), steps++) {
    if (cur === ancestor) return true;
  }
  return false;
}

/** The form's values of an existing entry. */
export function nodeValues(n: RefNode): Record<string, string> {
  return {
    parent: n.parentId === null ? '' : String(n.parentId),
    ...nodeTexts(n),
    ...nodeDetails(n),
    lat: n.lat === null ? '' : String(n.lat),
    lon: n.lon === null ? '' : String(n.lon),
  };
}

/**
 * The settings form. A token field left empty keeps the stored token (the page never shows it), a ticked
 * «remove» box removes it.
 */
export function parseSettingsForm(
  body: unknown,
  lang: Lang,
): { enabled: boolean; telegramToken: string | null | undefined; viberToken: string | null | undefined; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const telegram = field(body, 'telegram_token').replace(/\s+/g, '');
  const viber = field(body, 'viber_token').replace(/\s+/g, '');
  if (telegram && !/^\d{5,15}:[A-Za-z0-9_-]{30,60}$/.test(telegram)) {
    errors.telegram_token = tx(lang, 'Токен від @BotFather має вигляд 123456789:AA…', 'A token from @BotFather looks like 123456789:AA…');
  }
  if (viber && !/^[A-Za-z0-9-]{20,80}$/.test(viber))
    errors.viber_token = tx(lang, 'Токен Viber — це латинські літери, цифри й дефіси', 'A Viber token is Latin letters, digits and hyphens');
  const token = (value: string, remove: boolean) => (value ? value : remove ? null : undefined);
  return {
    enabled: field(body, 'enabled') === 'on',
    telegramToken: token(telegram, field(body, 'remove_telegram') === 'on'),
    viberToken: token(viber, field(body, 'remove_viber') === 'on'),
    errors,
  };
}
