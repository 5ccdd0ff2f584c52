/** The letters an appeal's author gets: its receipt, an extension of its term, and the answer. */
import { formatKyivDate } from '../../../core/calendar/index.js';
import { pick, type Lang } from '../../../core/i18n/index.js';
import { composeMail, type MailContent } from '../../../core/mail/templates.js';
import type { Community } from '../../../core/communities/community.js';
import { TOPICS, isTopic } from '../rules.js';

const topicOf = (topic: string, lang: Lang) => (isTopic(topic) ? pick(TOPICS[topic], lang) : topic);
const tx = (lang: Lang, uk: string, en: string) => pick({ uk, en }, lang);

export interface LetterAppeal {
  number: number;
  topic: string;
  lang: Lang;
  dueAt: Date;
}

export function receiptMail(c: Community, a: LetterAppeal, link: string): MailContent {
  const l = a.lang;
  return composeMail(
    tx(l, `Звернення №${a.number} до громади ${c.name.uk} отримано`, `Appeal No. ${a.number} to ${c.name.en} received`),
    [
      tx(l, `Ваше звернення №${a.number} («${topicOf(a.topic, l)}») отримано.`, `Your appeal No. ${a.number} (“${topicOf(a.topic, l)}”) has been received.`),
      tx(
        l,
        `За законом «Про звернення громадян» відповідь надійде не пізніше ${formatKyivDate(a.dueAt, l)}; що не потребує додаткового вивчення — протягом 15 днів.`,
        `Under the law on citizens’ appeals the answer comes by ${formatKyivDate(a.dueAt, l)}; what needs no extra study, within 15 days.`,
      ),
    ],
    { label: tx(l, 'Ваше звернення', 'Your appeal'), href: link },
  );
}

export function extensionMail(c: Community, a: LetterAppeal, reason: string, link: string): MailContent {
  const l = a.lang;
  return composeMail(
    tx(l, `Звернення №${a.number}: термін розгляду продовжено`, `Appeal No. ${a.number}: the term is extended`),
    [
      tx(
        l,
        `Громада ${c.name.uk} продовжила розгляд вашого звернення №${a.number} до ${formatKyivDate(a.dueAt, l)}.`,
        `${c.name.en} has extended the consideration of your appeal No. ${a.number} to ${formatKyivDate(a.dueAt, l)}.`,
      ),
      tx(l, `Причина: ${reason}`, `Reason: ${reason}`),
    ],
    { label: tx(l, 'Ваше звернення', 'Your appeal'), href: link },
  );
}

export function answerMail(c: Community, a: LetterAppeal, answer: string, link: string): MailContent {
  const l = a.lang;
  return composeMail(
    tx(l, `Відповідь на звернення №${a.number}`, `Answer to appeal No. ${a.number}`),
    [tx(l, `Громада ${c.name.uk} відповіла на ваше звернення №${a.number}:`, `${c.name.en} has answered your appeal No. ${a.number}:`), answer],
    { label: tx(l, 'Ваше звернення', 'Your appeal'), href: link },
  );
}
