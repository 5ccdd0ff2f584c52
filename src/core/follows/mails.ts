/**
 * The letters of following: one event at once, or a digest of several. Each says why it came and ends with
 * the one-click unsubscribe link (the same address its `List-Unsubscribe` header carries). The events'
 * titles are in Ukrainian, as the modules' feeds give them.
 */
import type { Lang } from '../i18n/index.js';
import { plural, type PluralText } from '../i18n/index.js';
import { composeMail, type MailContent } from '../mail/templates.js';

export interface LetterEvent {
  title: string;
  /** Absolute address of the item's page. */
  url: string;
}

function footer(lang: Lang, why: string, unsubscribeUrl: string, cabinetUrl: string): string[] {
  return lang === 'uk'
    ? [why, `Відписатися одним натиском: ${unsubscribeUrl}`, `Усе, за чим ви стежите, і як часто надходять листи: ${cabinetUrl}`]
    : [why, `Unsubscribe in one click: ${unsubscribeUrl}`, `Everything you follow, and how often letters come: ${cabinetUrl}`];
}

export function instantMail(lang: Lang, a: { event: LetterEvent; followed: string; unsubscribeUrl: string; cabinetUrl: string }): MailContent {
  const why = lang === 'uk' ? `Ви отримали цей лист, бо стежите за: ${a.followed}.` : `You received this letter because you follow: ${a.followed}.`;
  const mail = composeMail(
    lang === 'uk' ? `Віче: ${a.event.title}` : `Viche: ${a.event.title}`,
    [a.event.title, ...footer(lang, why, a.unsubscribeUrl, a.cabinetUrl)],
    { label: lang === 'uk' ? 'Відкрити' : 'Open', href: a.event.url },
  );
  return { ...mail, listUnsubscribe: a.unsubscribeUrl };
}

const NEWS: PluralText = { uk: ['новина', 'новини', 'новин'], en: ['update', 'updates'] };

export function digestMail(lang: Lang, a: { frequency: 'daily' | 'weekly'; events: LetterEvent[]; unsubscribeUrl: string; cabinetUrl: string }): MailContent {
  const count = plural(a.events.length, NEWS, lang);
  const subject =
    lang === 'uk'
      ? `Віче: ${a.frequency === 'daily' ? 'за день' : 'за тиждень'} — ${count}`
      : `Viche: your ${a.frequency === 'daily' ? 'daily' : 'weekly'} digest — ${count}`;
  const why =
    lang === 'uk'
      ? `Ви отримали цю підбірку, бо обрали листи ${a.frequency === 'daily' ? 'раз на день' : 'раз на тиждень'} про те, за чим стежите.`
      : `You received this digest because you chose ${a.frequency === 'daily' ? 'daily' : 'weekly'} letters about what you follow.`;
  return {
    ...composeMail(subject, [...a.events.map((e) => `${e.title}\n${e.url}`), ...footer(lang, why, a.unsubscribeUrl, a.cabinetUrl)]),
    listUnsubscribe: a.unsubscribeUrl,
  };
}
