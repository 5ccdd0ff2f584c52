/** The broadcast form: text, optional link button, audience and time (Kyiv), into typed fields or field errors. */
import { field } from '../../../core/http/form-parser.js';
import { kyivParts, parseLocalDate } from '../../../core/calendar/kyiv-time.js';
import { CHARACTERS_UP_TO, pick, pluralWord, type Lang } from '../../../core/i18n/index.js';
import { isTopic, type Settlement } from '../rules.js';
import type { Audience } from '../repository/broadcasts.js';

const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);

/** Telegram: a message up to 4096 characters, a photo's caption up to 1024. */
/** «до 40 символів», «at most 1 character»: the number and the noun in the form the count asks for. */
const upTo = (n: number, lang: Lang): string => `${n} ${pluralWord(n, CHARACTERS_UP_TO, lang)}`;

export const BROADCAST_LIMITS = { text: 4096, caption: 1024, buttonLabel: 40, url: 500 };

export const BROADCAST_FIELDS = ['body', 'button_label', 'button_url', 'audience', 'settlement', 'topic', 'when', 'send_date', 'send_time'] as const;

/** The instant of a Kyiv wall-clock date and time ('YYYY-MM-DD', 'HH:MM'), DST included. */
export function kyivInstant(localDate: string, time: string): Date | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) return null;
  let d: { year: number; month: number; day: number };
  try {
    d = parseLocalDate(localDate);
  } catch {
    return null;
  }
  const wall = Date.UTC(d.year, d.month - 1, d.day, Number(m[1]), Number(m[2]));
  let at = wall - kyivParts(new Date(wall)).offsetMinutes * 60_000;
  at = wall - kyivParts(new Date(at)).offsetMinutes * 60_000;
  return new Date(at);
}

export interface ParsedBroadcast {
  values: Record<string, string>;
  errors: Record<string, string>;
  fields: { body: string; button: { label: string; url: string } | null; audience: Audience; sendAt: Date } | null;
}

export function parseBroadcastForm(body: unknown, o: { lang: Lang; now: Date; settlements: readonly Settlement[]; hasPhoto: boolean }): ParsedBroadcast {
  const { lang } = o;
  const values: Record<string, string> = {};
  for (const name of BROADCAST_FIELDS) values[name] = field(body, name);
  values.body = values.body!.replace(/\r\n/g, '\n').trim();
  const errors: Record<string, string> = {};
  const max = o.hasPhoto ? BROADCAST_LIMITS.caption : BROADCAST_LIMITS.text;
  if (!values.body) errors.body = tx(lang, 'Напишіть текст повідомлення', 'Write the message');
  else if ([...values.body].length > max)
    errors.body = o.hasPhoto
      ? tx(lang, `З фото — не більше ${upTo(max, 'uk')} (так обмежує Telegram)`, `With a photo, at most ${upTo(max, 'en')} (Telegram’s limit)`)
      : tx(lang, `Не більше ${upTo(max, 'uk')}`, `At most ${upTo(max, 'en')}`);

  let button: { label: string; url: string } | null = null;
  const label = values.button_label!;
  const url = values.button_url!;
  if (label || url) {
    let ok = false;
    try {
      ok = url.length <= BROADCAST_LIMITS.url && ['http:', 'https:'].includes(new URL(url).protocol);
    } catch {
      ok = false;
    }
    if (!ok) errors.button_url = tx(lang, 'Посилання кнопки має починатися з https:// або http://', 'The button’s link must start with https:// or http://');
    if (!label) errors.button_label = tx(lang, 'Напишіть напис на кнопці або приберіть посилання', 'Write the button’s label or remove the link');
    else if ([...label].length > BROADCAST_LIMITS.buttonLabel)
      errors.button_label = tx(lang, `Не більше ${upTo(BROADCAST_LIMITS.buttonLabel, 'uk')}`, `At most ${upTo(BROADCAST_LIMITS.buttonLabel, 'en')}`);
    button = { label, url };
  }

  let audience: Audience | null = null;
  if (values.audience === 'all') audience = { kind: 'all' };
  else if (values.audience === 'settlement') {
    if (o.settlements.some((x) => x.code === values.settlement)) audience = { kind: 'settlement', code: values.settlement! };
    else errors.settlement = tx(lang, 'Оберіть населений пункт із переліку', 'Choose a settlement from the list');
  } else if (values.audience === 'topic') {
    if (isTopic(values.topic!)) audience = { kind: 'topic', topic: values.topic! };
    else errors.topic = tx(lang, 'Оберіть тему з переліку', 'Choose a topic from the list');
  } else errors.audience = tx(lang, 'Оберіть, кому надіслати', 'Choose who receives it');

  let sendAt: Date | null = null;
  if (values.when === 'now') sendAt = o.now;
  else if (values.when === 'later') {
    sendAt = kyivInstant(values.send_date!, values.send_time!);
    if (!sendAt) errors.send_date = tx(lang, 'Вкажіть дату (рррр-мм-дд) і час (гг:хх) за Києвом', 'Give the date (yyyy-mm-dd) and time (hh:mm), Kyiv time');
    else if (sendAt.getTime() <= o.now.getTime()) errors.send_date = tx(lang, 'Цей час уже минув', 'This time has passed');
    else if (sendAt.getTime() > o.now.getTime() + 366 * 86_400_000) errors.send_date = tx(lang, 'Не пізніше ніж за рік', 'At most a year ahead');
  } else errors.when = tx(lang, 'Оберіть: надіслати зараз чи пізніше', 'Choose: send now or later');

  if (Object.keys(errors).length || !audience || !sendAt) return { values, errors, fields: null };
  return { values, errors, fields: { body: values.body!, button, audience, sendAt } };
}
