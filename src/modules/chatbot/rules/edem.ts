/**
 * «Я+Влада» in the chat, the pure part: what a message or button press asks of the e-DEM tools (linking the
 * chat to an account, petitions, the participatory budget, Open City reports), and the replies built from
 * what the tools answered. The acts themselves go through the tools' own services (service/edem.ts), with
 * the web's checks; nothing here decides who may take part.
 */
import { parseCoordinates } from '../../../core/maps/coordinates.js';
import { pick, plural, type Lang } from '../../../core/i18n/index.js';
import type { Button, Incoming, Reply } from '../rules.js';
import { pollStepOf, type PollStep } from './polls.js';

export type EdemAction =
  | { kind: 'menu' }
  | { kind: 'link' }
  | { kind: 'unlink' }
  | { kind: 'petitions' }
  | { kind: 'petition'; id: number }
  | { kind: 'petition-confirm'; id: number }
  | { kind: 'petition-sign'; id: number }
  | { kind: 'contests' }
  | { kind: 'contest'; id: number }
  | { kind: 'ballot-toggle'; contestId: number; projectId: number }
  | { kind: 'ballot-review'; contestId: number }
  | { kind: 'ballot-cast'; contestId: number }
  | { kind: 'report' }
  | { kind: 'report-category'; id: number }
  | { kind: 'report-location'; lat: number; lng: number }
  | { kind: 'report-bad-location' }
  | { kind: 'report-photo'; fileId: string }
  | { kind: 'report-skip-photo' }
  | { kind: 'report-text'; text: string }
  | { kind: 'report-send' }
  /** A consultation poll (rules/polls.ts). */
  | { kind: 'poll'; step: PollStep }
  | { kind: 'cancel' };

/** What the chat's open draft waits for, so that a plain message goes to it rather than to the search. */
export type Awaiting = 'report-location' | 'report-photo' | 'report-description' | 'poll-other' | null;

export const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);

const id = (s: string | undefined): number | null => (s !== undefined && /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null);

const COMMANDS: Record<string, EdemAction> = {
  edem: { kind: 'menu' },
  link: { kind: 'link' },
  unlink: { kind: 'unlink' },
  petitions: { kind: 'petitions' },
  budget: { kind: 'contests' },
  polls: { kind: 'poll', step: { kind: 'list' } },
  report: { kind: 'report' },
  cancel: { kind: 'cancel' },
};

/** The e-DEM action a message or press asks for; null when it is none (the reference's dialogue goes on). */
export function edemAction(input: Incoming, awaiting: Awaiting): EdemAction | null {
  if (input.kind === 'location') return { kind: 'report-location', lat: input.lat, lng: input.lng };
  if (input.kind === 'photo') return { kind: 'report-photo', fileId: input.fileId };
  if (input.kind === 'text') {
    const text = input.text.trim();
    if (text.startsWith('/')) return COMMANDS[text.slice(1).split(/[\s@]/)[0]!.toLowerCase()] ?? null;
    if (awaiting === 'report-location') {
      // A location typed as «49.84, 24.03» (the simulator and a messenger without location sharing).
      const m = /^(-?\d{1,3}(?:[.,]\d{1,12})?)\s*[;, ]\s*(-?\d{1,3}(?:[.,]\d{1,12})?)$/.exec(text);
      const parsed = m ? parseCoordinates(m[1]!, m[2]!) : null;
      return parsed?.ok && parsed.point ? { kind: 'report-location', ...parsed.point } : { kind: 'report-bad-location' };
    }
    if (awaiting === 'report-description' || awaiting === 'report-photo') return { kind: 'report-text', text };
    if (awaiting === 'poll-other') return { kind: 'poll', step: { kind: 'other-text', text } };
    return null;
  }
  const d = input.data;
  const simple: Record<string, EdemAction> = {
    edem: { kind: 'menu' },
    link: { kind: 'link' },
    unlink: { kind: 'unlink' },
    pet: { kind: 'petitions' },
    bud: { kind: 'contests' },
    rep: { kind: 'report' },
    'rep-skip': { kind: 'report-skip-photo' },
    'rep-ok': { kind: 'report-send' },
    cancel: { kind: 'cancel' },
  };
  if (Object.hasOwn(simple, d)) return simple[d]!;
  const poll = pollStepOf(d);
  if (poll) return { kind: 'poll', step: poll };
  const m = /^(pet|pet-sign|pet-ok|bud|bud-rv|bud-ok|rep-c):(\d{1,9})$/.exec(d);
  const n = id(m?.[2]);
  if (m && n !== null) {
    switch (m[1]) {
      case 'pet':
        return { kind: 'petition', id: n };
      case 'pet-sign':
        return { kind: 'petition-confirm', id: n };
      case 'pet-ok':
        return { kind: 'petition-sign', id: n };
      case 'bud':
        return { kind: 'contest', id: n };
      case 'bud-rv':
        return { kind: 'ballot-review', contestId: n };
      case 'bud-ok':
        return { kind: 'ballot-cast', contestId: n };
      case 'rep-c':
        return { kind: 'report-category', id: n };
    }
  }
  const t = /^bud-t:(\d{1,9}):(\d{1,9})$/.exec(d);
  const contestId = id(t?.[1]);
  const projectId = id(t?.[2]);
  if (contestId !== null && projectId !== null) return { kind: 'ballot-toggle', contestId, projectId };
  return null;
}

export const menuButton = (lang: Lang): Button => ({ label: tx(lang, '☰ Меню', '☰ Menu'), data: 'menu' });
const edemButton = (lang: Lang): Button => ({ label: tx(lang, '← Я+Влада', '← Me+Council'), data: 'edem' });
const short = (s: string, max = 60): string => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);

/** The e-DEM menu: the tools, and linking or unlinking the chat. */
export function edemMenu(lang: Lang, linked: boolean): Reply {
  return {
    text: linked
      ? tx(
          lang,
          'Я+Влада: петиції, опитування, громадський бюджет, повідомлення про проблему. Чат привʼязано до вашого облікового запису на Віче.',
          'Me+Council: petitions, polls, the participatory budget, reporting a problem. This chat is linked to your Віче account.',
        )
      : tx(
          lang,
          'Я+Влада: петиції, опитування, громадський бюджет, повідомлення про проблему. Щоб підписувати, голосувати й повідомляти, привʼяжіть чат до свого облікового запису на Віче.',
          'Me+Council: petitions, polls, the participatory budget, reporting a problem. To sign, vote and report, link this chat to your Віче account.',
        ),
    buttons: [
      [{ label: tx(lang, 'Петиції', 'Petitions'), data: 'pet' }],
      [{ label: tx(lang, 'Опитування', 'Polls'), data: 'pol' }],
      [{ label: tx(lang, 'Громадський бюджет', 'Participatory budget'), data: 'bud' }],
      [{ label: tx(lang, 'Повідомити про проблему', 'Report a problem'), data: 'rep' }],
      [
        linked
          ? { label: tx(lang, 'Відвʼязати чат', 'Unlink this chat'), data: 'unlink' }
          : { label: tx(lang, 'Привʼязати обліковий запис', 'Link my account'), data: 'link' },
      ],
      [menuButton(lang)],
    ],
  };
}

export function notSubscribed(lang: Lang): Reply {
  return {
    text: tx(lang, 'Спершу підпишіться на бота: надішліть /start.', 'Subscribe to the bot first: send /start.'),
    buttons: [[{ label: tx(lang, 'Підписатися', 'Subscribe'), data: 'start' }]],
  };
}

export function needsLink(lang: Lang): Reply {
  return {
    text: tx(
      lang,
      'Для цього привʼяжіть чат до свого облікового запису на Віче: бот надішле одноразове посилання, ви відкриєте його, увійдете й підтвердите.',
      'For this, link the chat to your Віче account: the bot sends a one-time link; open it, sign in and confirm.',
    ),
    buttons: [[{ label: tx(lang, 'Привʼязати обліковий запис', 'Link my account'), data: 'link' }], [menuButton(lang)]],
  };
}

export function linkOffer(lang: Lang, url: string, minutes: number): Reply {
  return {
    text: tx(
      lang,
      `Відкрийте це посилання, увійдіть на Віче й натисніть «Привʼязати цей чат до мого облікового запису»:\n${url}\nПосилання діє ${plural(minutes, { uk: ['хвилину', 'хвилини', 'хвилин'], en: ['minute', 'minutes'] }, lang)} і лише один раз. Нікому його не пересилайте.`,
      `Open this link, sign in to Віче and press “Link this chat to my account”:\n${url}\nThe link works for ${plural(minutes, { uk: ['хвилину', 'хвилини', 'хвилин'], en: ['minute', 'minutes'] }, lang)} and only once. Do not forward it to anyone.`,
    ),
    buttons: [[menuButton(lang)]],
  };
}

export function linkedNotice(lang: Lang, name: string): Reply {
  return {
    text: tx(
      lang,
      `Чат привʼязано до облікового запису «${name}». Тепер тут можна підписувати петиції, голосувати й повідомляти про проблеми.`,
      `This chat is linked to the account “${name}”. You can now sign petitions, vote and report problems here.`,
    ),
    buttons: [[{ label: tx(lang, 'Я+Влада', 'Me+Council'), data: 'edem' }]],
  };
}

export function unlinkedNotice(lang: Lang): Reply {
  return {
    text: tx(
      lang,
      'Чат відвʼязано від облікового запису. Підписка на розсилки лишилася; /stop — відписатися зовсім.',
      'The chat is unlinked from the account. The broadcasts stay; /stop unsubscribes entirely.',
    ),
    buttons: [[menuButton(lang)]],
  };
}

export const notLinkedNow = (lang: Lang): Reply => ({
  text: tx(lang, 'Чат і так не привʼязано до облікового запису.', 'This chat is not linked to an account.'),
  buttons: [[menuButton(lang)]],
});

/** A refusal of a tool, in its own words (the same text its web page gives), with a way back. */
export function refusal(text: string, lang: Lang, back: Button | null = null): Reply {
  return { text, buttons: [[...(back ? [back] : []), edemButton(lang)]] };
}

export interface PetitionItem {
  id: number;
  number: number;
  title: string;
  signatures: number;
  threshold: number;
  endsAt: string | null;
  url: string;
  collecting: boolean;
}

const SIGNATURES = { uk: ['підпис', 'підписи', 'підписів'], en: ['signature', 'signatures'] } as const;

export function petitionList(items: readonly PetitionItem[], total: number, url: string, lang: Lang): Reply {
  if (items.length === 0) {
    return { text: tx(lang, 'Зараз жодна петиція не збирає підписи.', 'No petition is collecting signatures now.'), buttons: [[edemButton(lang)]] };
  }
  const count = plural(
    total,
    { uk: ['петиція збирає', 'петиції збирають', 'петицій збирають'], en: ['petition is collecting', 'petitions are collecting'] },
    lang,
  );
  const more = total > items.length ? tx(lang, `\nУсі — на сайті: ${url}`, `\nAll of them on the site: ${url}`) : '';
  return {
    text: tx(lang, `Підписи зараз: ${count}. Оберіть петицію.${more}`, `Signatures now: ${count}. Choose a petition.${more}`),
    buttons: [...items.map((p) => [{ label: short(`№ ${p.number}. ${p.title}`), data: `pet:${p.id}` }]), [edemButton(lang)]],
  };
}

export function petitionCard(p: PetitionItem, mine: string | null, lang: Lang): Reply {
  const lines = [
    tx(lang, `Петиція № ${p.number}`, `Petition No. ${p.number}`),
    p.title,
    '',
    tx(
      lang,
      `${plural(p.signatures, { uk: [...SIGNATURES.uk], en: [...SIGNATURES.en] }, lang)} з ${p.threshold} потрібних.`,
      `${plural(p.signatures, { uk: [...SIGNATURES.uk], en: [...SIGNATURES.en] }, lang)} of ${p.threshold} needed.`,
    ),
  ];
  if (p.endsAt && p.collecting) lines.push(tx(lang, `Збір триває до ${p.endsAt}.`, `Collecting until ${p.endsAt}.`));
  if (mine) lines.push(tx(lang, `Ви підписали її ${mine}.`, `You signed it on ${mine}.`));
  lines.push(`🔗 ${p.url}`);
  const sign = p.collecting && !mine ? [[{ label: tx(lang, '✍ Підписати', '✍ Sign'), data: `pet-sign:${p.id}` }]] : [];
  return { text: lines.join('\n'), buttons: [...sign, [{ label: tx(lang, '← Петиції', '← Petitions'), data: 'pet' }, edemButton(lang)]] };
}

/** The confirmation step before a signature: whose signature, under what. */
export function petitionConfirm(p: PetitionItem, signerName: string, lang: Lang): Reply {
  return {
    text: tx(
      lang,
      `Підписати петицію № ${p.number} «${p.title}» від імені ${signerName}? Підпис не можна відкликати, а ваше імʼя буде в списку підписантів.`,
      `Sign petition No. ${p.number} “${p.title}” as ${signerName}? A signature cannot be withdrawn, and your name will be in the list of signatories.`,
    ),
    buttons: [[{ label: tx(lang, 'Так, підписати', 'Yes, sign'), data: `pet-ok:${p.id}` }], [{ label: tx(lang, 'Скасувати', 'Cancel'), data: `pet:${p.id}` }]],
  };
}

export function petitionSigned(p: PetitionItem, receipt: number, lang: Lang): Reply {
  return {
    text: tx(
      lang,
      `Дякуємо: ваш підпис під петицією № ${p.number} додано. Квитанція в журналі прозорості: № ${receipt}.`,
      `Thank you: your signature under petition No. ${p.number} is added. Transparency log receipt: No. ${receipt}.`,
    ),
    buttons: [[{ label: tx(lang, '← Петиції', '← Petitions'), data: 'pet' }, edemButton(lang)]],
  };
}

export interface ContestItem {
  id: number;
  title: string;
}

export function contestList(items: readonly ContestItem[], lang: Lang): Reply {
  if (items.length === 0) {
    return { text: tx(lang, 'Зараз голосування громадського бюджету не триває.', 'No participatory budget vote is open now.'), buttons: [[edemButton(lang)]] };
  }
  return {
    text: tx(lang, 'Голосування триває. Оберіть конкурс.', 'Voting is open. Choose a contest.'),
    buttons: [...items.map((c) => [{ label: short(c.title), data: `bud:${c.id}` }]), [edemButton(lang)]],
  };
}

export interface BallotLine {
  id: number;
  code: string | null;
  title: string;
  category: string;
}

/** The ballot: the admitted projects, the chosen ones ticked; a press toggles one. */
export function ballotCard(contest: ContestItem, lines: readonly BallotLine[], chosen: readonly number[], rule: string, lang: Lang): Reply {
  const picked = plural(chosen.length, { uk: ['проєкт', 'проєкти', 'проєктів'], en: ['project', 'projects'] }, lang);
  return {
    text: [
      contest.title,
      rule,
      tx(
        lang,
        `Обрано: ${picked}. Натисніть проєкт, щоб обрати чи зняти вибір, потім «Перевірити бюлетень».`,
        `Chosen: ${picked}. Press a project to choose it or undo, then “Review the ballot”.`,
      ),
    ].join('\n'),
    buttons: [
      ...lines.map((l) => [
        { label: short(`${chosen.includes(l.id) ? '☑' : '☐'} ${l.code ? `${l.code} ` : ''}${l.title}`), data: `bud-t:${contest.id}:${l.id}` },
      ]),
      [{ label: tx(lang, 'Перевірити бюлетень', 'Review the ballot'), data: `bud-rv:${contest.id}` }],
      [edemButton(lang)],
    ],
  };
}

export function ballotReview(contest: ContestItem, chosen: readonly BallotLine[], voterName: string, lang: Lang): Reply {
  return {
    text: [
      tx(lang, `Ваш бюлетень («${contest.title}»), голосує ${voterName}:`, `Your ballot (“${contest.title}”), voter ${voterName}:`),
      ...chosen.map((l) => `• ${l.code ? `${l.code} ` : ''}${l.title} (${l.category})`),
      tx(
        lang,
        'Голос не можна змінити: один бюлетень на людину в усіх каналах (сайт, термінал, чат-бот, папір).',
        'A vote cannot be changed: one ballot per person across all channels (web, terminal, chat-bot, paper).',
      ),
    ].join('\n'),
    buttons: [
      [{ label: tx(lang, 'Так, проголосувати', 'Yes, cast my ballot'), data: `bud-ok:${contest.id}` }],
      [{ label: tx(lang, '← Змінити вибір', '← Change the choice'), data: `bud:${contest.id}` }],
    ],
  };
}

export function ballotProblems(contestId: number, problems: readonly string[], lang: Lang): Reply {
  return {
    text: [tx(lang, 'Бюлетень ще не можна подати:', 'The ballot cannot be cast yet:'), ...problems.map((p) => `• ${p}`)].join('\n'),
    buttons: [[{ label: tx(lang, '← Змінити вибір', '← Change the choice'), data: `bud:${contestId}` }], [edemButton(lang)]],
  };
}

export function ballotAccepted(receipt: string, lang: Lang): Reply {
  return {
    text: tx(
      lang,
      `Ваш голос враховано. Номер бюлетеня: ${receipt}. Збережіть його, щоб перевірити свій голос.`,
      `Your vote is counted. Ballot number: ${receipt}. Keep it to check your vote.`,
    ),
    buttons: [[edemButton(lang)]],
  };
}

const CHANNEL_NAMES: Record<string, { uk: string; en: string }> = {
  web: { uk: 'на сайті', en: 'on the web' },
  terminal: { uk: 'у терміналі', en: 'at a terminal' },
  chatbot: { uk: 'у чат-боті', en: 'in the chat-bot' },
  paper: { uk: 'на папері', en: 'on paper' },
  code: { uk: 'за кодом', en: 'with a code' },
};

export function ballotDuplicate(channel: string, at: string, lang: Lang): Reply {
  const where = CHANNEL_NAMES[channel] ? pick(CHANNEL_NAMES[channel], lang) : channel;
  return {
    text: tx(
      lang,
      `Ви вже проголосували в цьому конкурсі (${where}, ${at}): один бюлетень на людину, другий не враховано.`,
      `You have already voted in this contest (${where}, ${at}): one ballot per person, the second is not counted.`,
    ),
    buttons: [[edemButton(lang)]],
  };
}

export interface CategoryItem {
  id: number;
  name: string;
}

export function reportCategories(items: readonly CategoryItem[], lang: Lang): Reply {
  return {
    text: tx(lang, 'Про що повідомити? Оберіть категорію.', 'What is the problem about? Choose a category.'),
    buttons: [...items.map((c) => [{ label: short(c.name), data: `rep-c:${c.id}` }]), [{ label: tx(lang, 'Скасувати', 'Cancel'), data: 'cancel' }]],
  };
}

export function askLocation(lang: Lang): Reply {
  return {
    text: tx(
      lang,
      'Надішліть місце проблеми: у Telegram — 📎 → «Геопозиція»; або напишіть координати, наприклад «49.8419, 24.0315».',
      'Send where the problem is: in Telegram, 📎 → “Location”; or type the coordinates, e.g. “49.8419, 24.0315”.',
    ),
    buttons: [[{ label: tx(lang, 'Скасувати', 'Cancel'), data: 'cancel' }]],
  };
}

export function askPhoto(lang: Lang): Reply {
  return {
    text: tx(lang, 'Тепер надішліть фото проблеми (одне) або пропустіть цей крок.', 'Now send a photo of the problem (one), or skip this step.'),
    buttons: [[{ label: tx(lang, 'Без фото', 'No photo'), data: 'rep-skip' }], [{ label: tx(lang, 'Скасувати', 'Cancel'), data: 'cancel' }]],
  };
}

export function askDescription(lang: Lang): Reply {
  return {
    text: tx(
      lang,
      'Опишіть проблему одним повідомленням: що сталося і де саме (від 10 до 2000 знаків).',
      'Describe the problem in one message: what is wrong and exactly where (10 to 2000 characters).',
    ),
    buttons: [[{ label: tx(lang, 'Скасувати', 'Cancel'), data: 'cancel' }]],
  };
}

export function reportReview(d: { category: string; lat: number; lng: number; photo: boolean; description: string }, lang: Lang): Reply {
  return {
    text: [
      tx(lang, 'Перевірте звернення:', 'Check the report:'),
      tx(lang, `Категорія: ${d.category}`, `Category: ${d.category}`),
      tx(lang, `Місце: ${d.lat}, ${d.lng}`, `Place: ${d.lat}, ${d.lng}`),
      tx(lang, `Фото: ${d.photo ? 'є' : 'немає'}`, `Photo: ${d.photo ? 'yes' : 'none'}`),
      '',
      d.description,
    ].join('\n'),
    buttons: [[{ label: tx(lang, 'Надіслати', 'Send'), data: 'rep-ok' }], [{ label: tx(lang, 'Скасувати', 'Cancel'), data: 'cancel' }]],
  };
}

export function reportFiled(number: number, url: string, due: string, lang: Lang): Reply {
  return {
    text: tx(
      lang,
      `Звернення № ${number} надіслано. Термін відповіді — до ${due}. Про кожну зміну статусу бот напише сюди.\n🔗 ${url}`,
      `Report No. ${number} is sent. Answer due by ${due}. The bot will tell you here about every change of its status.\n🔗 ${url}`,
    ),
    buttons: [[edemButton(lang)]],
  };
}

export const cancelled = (lang: Lang): Reply => ({ text: tx(lang, 'Скасовано.', 'Cancelled.'), buttons: [[edemButton(lang), menuButton(lang)]] });

export function problem(text: string, lang: Lang, again: Reply | null = null): Reply {
  return again ? { text: `${text}\n\n${again.text}`, buttons: again.buttons } : { text, buttons: [[edemButton(lang)]] };
}

/** A notification of a followed item's new state: the event's title and its page. */
export function eventNotice(title: string, url: string, lang: Lang): Reply {
  return { text: `🔔 ${title}\n🔗 ${url}`, buttons: [[edemButton(lang)]] };
}
