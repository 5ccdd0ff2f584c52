/** Letters of the petitions module, in the recipient's language. */
import { composeMail, type MailContent } from '../../core/mail/templates.js';
import type { Lang, Text } from '../../core/i18n/index.js';
import { formatKyivDate } from '../../core/calendar/index.js';

export type PetitionLetter =
  | { kind: 'published'; collectionEndsAt: Date; threshold: number }
  | { kind: 'rejected'; reason: Text; details: string }
  | { kind: 'threshold'; dueAt: Date }
  | { kind: 'answered'; decision: string }
  | { kind: 'failed' }
  | { kind: 'appeal'; on: string }
  | { kind: 'answered-signer'; decision: string };

export function petitionMail(lang: Lang, title: string, url: string, l: PetitionLetter): MailContent {
  const uk = lang === 'uk';
  const link = { label: uk ? 'Відкрити петицію' : 'Open the petition', href: url };
  const q = `«${title}»`;
  switch (l.kind) {
    case 'published':
      return composeMail(uk ? `Петицію опубліковано: ${q}` : `Petition published: ${q}`, [
        uk ? `Вашу петицію ${q} опубліковано. Триває збір підписів.` : `Your petition ${q} is published and collecting signatures.`,
        uk
          ? `Потрібно ${l.threshold} підписів до ${formatKyivDate(l.collectionEndsAt, lang)} включно.`
          : `It needs ${l.threshold} signatures by ${formatKyivDate(l.collectionEndsAt, lang)} inclusive.`,
      ], link);
    case 'rejected':
      return composeMail(uk ? `Петицію відхилено: ${q}` : `Petition rejected: ${q}`, [
        uk ? `Модератор відхилив вашу петицію ${q}.` : `A moderator rejected your petition ${q}.`,
        `${uk ? 'Причина' : 'Reason'}: ${[l.reason[lang], l.details].filter(Boolean).join('. ')}`,
      ], link);
    case 'threshold':
      return composeMail(uk ? `Петиція набрала потрібні підписи: ${q}` : `Petition reached the threshold: ${q}`, [
        uk ? `Петиція ${q} набрала потрібну кількість підписів і передана на розгляд.` : `The petition ${q} has the signatures it needs and is now under consideration.`,
        uk ? `Рада має розглянути її до ${formatKyivDate(l.dueAt, lang)}.` : `The council must consider it by ${formatKyivDate(l.dueAt, lang)}.`,
      ], link);
    case 'answered':
      return composeMail(uk ? `Відповідь на петицію: ${q}` : `Answer to the petition: ${q}`, [
        uk ? `Рада розглянула вашу петицію ${q}. Рішення: ${l.decision}.` : `The council considered your petition ${q}. Decision: ${l.decision}.`,
      ], link);
    case 'answered-signer':
      return composeMail(uk ? `Відповідь на петицію, яку ви підписали: ${q}` : `Answer to a petition you signed: ${q}`, [
        uk ? `Рада розглянула петицію ${q}. Рішення: ${l.decision}.` : `The council considered the petition ${q}. Decision: ${l.decision}.`,
        uk ? 'Відмовитися від таких листів можна в кабінеті (розділ «Сповіщення»).' : 'You can stop such letters in your cabinet (Notifications).',
      ], link);
    case 'failed':
      return composeMail(uk ? `Петиція не набрала підписів: ${q}` : `Petition did not get enough signatures: ${q}`, [
        uk
          ? `Строк збору підписів під петицією ${q} минув, а потрібної кількості не набрано. Її буде розглянуто як звернення громадян.`
          : `The term for the petition ${q} has ended without enough signatures. It will be handled as an individual appeal.`,
      ], link);
    case 'appeal':
      return composeMail(uk ? `Петицію передано як звернення: ${q}` : `Petition passed on as an appeal: ${q}`, [
        uk
          ? `Петицію ${q} ${formatKyivDate(new Date(`${l.on}T12:00:00Z`), lang)} передано на розгляд як звернення громадян відповідно до закону.`
          : `On ${formatKyivDate(new Date(`${l.on}T12:00:00Z`), lang)} the petition ${q} was passed on to be handled as an appeal under the law.`,
      ], link);
  }
}
