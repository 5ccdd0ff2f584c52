/** Mail texts in Ukrainian and English; every message is plain text with an escaped HTML twin. */
import { escapeHtml } from '@kitajs/html';
import type { Lang } from '../i18n/index.js';

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  /** The one-click unsubscribe address (RFC 8058) of a letter about what the person follows. */
  listUnsubscribe?: string;
}

/** Builds a message from paragraphs; a paragraph may end with a link. */
export function composeMail(subject: string, paragraphs: string[], link?: { label: string; href: string }): MailContent {
  const text = [...paragraphs, ...(link ? [`${link.label}: ${link.href}`] : []), '', '— Віче'].join('\n\n');
  const html =
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    (link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : '') +
    '<p>— Віче</p>';
  return { subject, text, html };
}

export function signInCodeMail(lang: Lang, code: string): MailContent {
  return lang === 'uk'
    ? composeMail(`Код для входу у Віче: ${code}`, [
        `Ваш код для входу: ${code}`,
        'Код дійсний 10 хвилин. Якщо ви не намагалися увійти, просто проігноруйте цей лист.',
      ])
    : composeMail(`Your Viche sign-in code: ${code}`, [
        `Your sign-in code: ${code}`,
        'The code is valid for 10 minutes. If you did not try to sign in, ignore this message.',
      ]);
}

export function emailConfirmationMail(lang: Lang, code: string): MailContent {
  return lang === 'uk'
    ? composeMail(`Код підтвердження адреси у Віче: ${code}`, [
        `Ваш код, щоб підтвердити цю адресу у кабінеті Віче: ${code}`,
        'Код дійсний 10 хвилин. Якщо ви не підтверджували адресу, просто проігноруйте цей лист.',
      ])
    : composeMail(`Your Viche address confirmation code: ${code}`, [
        `Your code to confirm this address in your Viche cabinet: ${code}`,
        'The code is valid for 10 minutes. If you did not ask to confirm an address, ignore this message.',
      ]);
}

export function blockedMail(lang: Lang, communityName: string, reason: string): MailContent {
  return lang === 'uk'
    ? composeMail(`Обмеження участі: ${communityName}`, [
        `Модератор громади «${communityName}» обмежив вашу участь (дописи, підписи, голосування).`,
        `Причина: ${reason}`,
      ])
    : composeMail(`Participation restricted: ${communityName}`, [
        `A moderator of ${communityName} has restricted your participation (posts, signatures, votes).`,
        `Reason: ${reason}`,
      ]);
}
