/**
 * Consultation polls in the chat («Я+Влада» → «Опитування»), the pure part: what a press or a message asks
 * (buttons send `pol`, `pol:<poll>`, `pol-go:<poll>`, `pol-o:<poll>:<option>`, `pol-x:<poll>`,
 * `pol-n:<poll>`, `pol-s:<poll>:<option>:<score>`, `pol-ok:<poll>`), and the replies: the list, a poll's
 * card, one question at a time with buttons, the review. Which answers are valid, who may answer and
 * whether the person already did are the consultations module's to say (service/polls.ts asks it).
 */
import { plural, type Lang } from '../../../core/i18n/index.js';
import { POLL_OTHER, pollFieldName, type PollAnswers, type PollQuestion } from '../../consultations/index.js';
import type { Button, Reply } from '../rules.js';
import { menuButton, tx } from './edem.js';

export type PollStep =
  | { kind: 'list' }
  | { kind: 'card'; id: number }
  | { kind: 'start'; id: number }
  | { kind: 'option'; id: number; option: number }
  | { kind: 'other'; id: number }
  | { kind: 'other-text'; text: string }
  | { kind: 'next'; id: number }
  | { kind: 'score'; id: number; option: number; value: number }
  | { kind: 'send'; id: number };

const num = (s: string | undefined): number | null => (s !== undefined && /^\d{1,9}$/.test(s) && Number(s) > 0 ? Number(s) : null);

/** The poll step a button asks for; null when the button is none of the polls'. */
export function pollStepOf(data: string): PollStep | null {
  if (data === 'pol') return { kind: 'list' };
  const m = /^(pol|pol-go|pol-x|pol-n|pol-ok):(\d{1,9})$/.exec(data);
  const id = num(m?.[2]);
  if (m && id !== null) {
    const kinds = { pol: 'card', 'pol-go': 'start', 'pol-x': 'other', 'pol-n': 'next', 'pol-ok': 'send' } as const;
    return { kind: kinds[m[1] as keyof typeof kinds], id };
  }
  const o = /^pol-o:(\d{1,9}):(\d{1,9})$/.exec(data);
  if (o && num(o[1]) !== null && num(o[2]) !== null) return { kind: 'option', id: Number(o[1]), option: Number(o[2]) };
  const s = /^pol-s:(\d{1,9}):(\d{1,9}):(-?\d{1,4})$/.exec(data);
  if (s && num(s[1]) !== null && num(s[2]) !== null) return { kind: 'score', id: Number(s[1]), option: Number(s[2]), value: Number(s[3]) };
  return null;
}

const short = (s: string, max = 60): string => ([...s].length > max ? `${[...s].slice(0, max - 1).join('')}…` : s);
const edemButton = (lang: Lang): Button => ({ label: tx(lang, '← Я+Влада', '← Me+Council'), data: 'edem' });
const pollsButton = (lang: Lang): Button => ({ label: tx(lang, '← Опитування', '← Polls'), data: 'pol' });
const cancelButton = (lang: Lang): Button => ({ label: tx(lang, '✕ Скасувати', '✕ Cancel'), data: 'cancel' });

export function pollList(items: readonly { id: number; title: string }[], total: number, url: string, lang: Lang): Reply {
  if (items.length === 0) {
    return { text: tx(lang, 'Зараз жодне опитування громади не триває.', 'No poll of the community is open now.'), buttons: [[edemButton(lang)]] };
  }
  const count = plural(total, { uk: ['опитування триває', 'опитування тривають', 'опитувань тривають'], en: ['poll is open', 'polls are open'] }, lang);
  const more = total > items.length ? tx(lang, `\nУсі — на сайті: ${url}`, `\nAll of them on the site: ${url}`) : '';
  return {
    text: tx(lang, `Зараз ${count}. Оберіть опитування.${more}`, `Now ${count}. Choose a poll.${more}`),
    buttons: [...items.map((p) => [{ label: short(p.title), data: `pol:${p.id}` }]), [edemButton(lang)]],
  };
}

export interface PollCard {
  id: number;
  title: string;
  description: string;
  endsAt: string;
  url: string;
  questions: number;
  /** When the person answered (a date), with the receipt's number. */
  answered: { at: string; receipt: number | null } | null;
  /** Why the person may not answer (the web's words). */
  refusal: string | null;
  linked: boolean;
  /** Every question can be answered with the chat's buttons. */
  fits: boolean;
}

export function pollCard(p: PollCard, lang: Lang): Reply {
  const lines = [p.title];
  if (p.description) lines.push('', short(p.description, 600));
  lines.push('', tx(lang, `Триває до ${p.endsAt}. ${questionCount(p.questions, lang)}.`, `Open until ${p.endsAt}. ${questionCount(p.questions, lang)}.`));
  const back = [pollsButton(lang), edemButton(lang)];
  let action: Button[][] = [];
  if (p.answered) {
    lines.push(
      p.answered.receipt === null
        ? tx(lang, `Ви вже відповіли ${p.answered.at}: відповідь приймається один раз.`, `You answered on ${p.answered.at}: one answer per person.`)
        : tx(
            lang,
            `Ви вже відповіли ${p.answered.at} (квитанція в журналі прозорості № ${p.answered.receipt}): відповідь приймається один раз.`,
            `You answered on ${p.answered.at} (transparency log receipt No. ${p.answered.receipt}): one answer per person.`,
          ),
    );
  } else if (!p.linked) {
    lines.push(tx(lang, 'Щоб відповісти, привʼяжіть чат до свого облікового запису на Віче.', 'To answer, link this chat to your Віче account.'));
    action = [[{ label: tx(lang, 'Привʼязати обліковий запис', 'Link my account'), data: 'link' }]];
  } else if (p.refusal) {
    lines.push(p.refusal);
  } else if (!p.fits) {
    lines.push(
      tx(
        lang,
        'Деякі питання цього опитування (розставити за місцями, розподілити бали) в чаті не відповісти: відповідайте на сайті.',
        'Some questions of this poll (ranking, sharing points) cannot be answered in a chat: answer on the site.',
      ),
    );
  } else {
    action = [[{ label: tx(lang, '✍ Відповісти', '✍ Answer'), data: `pol-go:${p.id}` }]];
  }
  lines.push(`🔗 ${p.url}`);
  return { text: lines.join('\n'), buttons: [...action, back] };
}

const questionCount = (n: number, lang: Lang) => plural(n, { uk: ['питання', 'питання', 'питань'], en: ['question', 'questions'] }, lang);

const many = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** The option of a scoring question to score next: the first without a score; null when all have one. */
export function nextToScore(q: PollQuestion, body: PollAnswers): { id: number; label: string } | null {
  return q.options.find((o) => body[pollFieldName.score(q.id, o.id)] === undefined) ?? null;
}

/** One question: its text, what to do, and its buttons (a choice ticked when chosen). */
export function questionReply(pollId: number, q: PollQuestion, index: number, total: number, body: PollAnswers, lang: Lang, error: string | null): Reply {
  const head = [...(error ? [`⚠ ${error}.`, ''] : []), tx(lang, `Питання ${index + 1} з ${total}`, `Question ${index + 1} of ${total}`), q.text, ''];
  const chosen = many(body[pollFieldName.choice(q.id)]);
  const otherText = body[pollFieldName.other(q.id)];
  const other: Button[][] = q.allowOther
    ? [
        [
          {
            label: `${chosen.includes(POLL_OTHER) ? '✓ ' : ''}${tx(lang, 'Інше (написати своє)', 'Other (write your own)')}${chosen.includes(POLL_OTHER) && typeof otherText === 'string' ? `: ${short(otherText, 30)}` : ''}`,
            data: `pol-x:${pollId}`,
          },
        ],
      ]
    : [];
  if (q.type === 'single') {
    return {
      text: [...head, tx(lang, 'Оберіть одну відповідь.', 'Choose one answer.')].join('\n'),
      buttons: [...q.options.map((o) => [{ label: short(o.label), data: `pol-o:${pollId}:${o.id}` }]), ...other, [cancelButton(lang)]],
    };
  }
  if (q.type === 'multiple') {
    const min = Math.max(1, q.minChoices ?? 1);
    const max = Math.min(q.options.length + (q.allowOther ? 1 : 0), q.maxChoices ?? q.options.length + (q.allowOther ? 1 : 0));
    return {
      text: [
        ...head,
        tx(
          lang,
          `Оберіть ${min === max ? min : `від ${min} до ${max}`} (натисніть ще раз, щоб зняти), тоді «Далі».`,
          `Choose ${min === max ? min : `from ${min} to ${max}`} (press again to undo), then “Next”.`,
        ),
      ].join('\n'),
      buttons: [
        ...q.options.map((o) => [{ label: `${chosen.includes(String(o.id)) ? '✓' : '○'} ${short(o.label, 56)}`, data: `pol-o:${pollId}:${o.id}` }]),
        ...other,
        [{ label: tx(lang, 'Далі →', 'Next →'), data: `pol-n:${pollId}` }],
        [cancelButton(lang)],
      ],
    };
  }
  const target = nextToScore(q, body) ?? q.options[0]!;
  const lo = q.scaleMin ?? 1;
  const hi = q.scaleMax ?? 5;
  const values = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  const rows: Button[][] = [];
  for (let i = 0; i < values.length; i += 6) rows.push(values.slice(i, i + 6).map((n) => ({ label: String(n), data: `pol-s:${pollId}:${target.id}:${n}` })));
  return {
    text: [...head, tx(lang, `Оцініть від ${lo} до ${hi}: «${target.label}»`, `Rate from ${lo} to ${hi}: “${target.label}”`)].join('\n'),
    buttons: [...rows, [cancelButton(lang)]],
  };
}

export function otherPrompt(lang: Lang): Reply {
  return {
    text: tx(lang, 'Напишіть свій варіант одним повідомленням (до 300 символів).', 'Write your own answer in one message (up to 300 characters).'),
    buttons: [[cancelButton(lang)]],
  };
}

/** What the person answered, question by question, before sending. */
export function pollReview(pollId: number, title: string, questions: readonly PollQuestion[], body: PollAnswers, lang: Lang): Reply {
  const lines = [tx(lang, `Перевірте відповіді: «${title}»`, `Check your answers: “${title}”`), ''];
  for (const [i, q] of questions.entries()) {
    const label = (id: string) =>
      id === POLL_OTHER
        ? `${tx(lang, 'Інше', 'Other')}: ${String(body[pollFieldName.other(q.id)] ?? '')}`
        : (q.options.find((o) => String(o.id) === id)?.label ?? id);
    const said =
      q.type === 'scoring'
        ? q.options.map((o) => `${o.label} — ${String(body[pollFieldName.score(q.id, o.id)] ?? '')}`).join('; ')
        : many(body[pollFieldName.choice(q.id)]).map(label).join('; ');
    lines.push(`${i + 1}. ${q.text}`, `   → ${said}`);
  }
  lines.push('', tx(lang, 'Відповідь приймається один раз: змінити її потім не можна.', 'One answer per person: it cannot be changed afterwards.'));
  return {
    text: lines.join('\n'),
    buttons: [[{ label: tx(lang, '✓ Надіслати відповідь', '✓ Send the answer'), data: `pol-ok:${pollId}` }], [cancelButton(lang)]],
  };
}

export function pollAnswered(receipt: number | null, lang: Lang): Reply {
  return {
    text:
      receipt === null
        ? tx(lang, 'Дякуємо! Вашу відповідь зараховано.', 'Thank you! Your answer is counted.')
        : tx(
            lang,
            `Дякуємо! Вашу відповідь зараховано. Квитанція в журналі прозорості: № ${receipt}.`,
            `Thank you! Your answer is counted. Transparency log receipt: No. ${receipt}.`,
          ),
    buttons: [[pollsButton(lang), edemButton(lang)]],
  };
}

export function pollStale(pollId: number, lang: Lang): Reply {
  return {
    text: tx(lang, 'Ці відповіді вже не заповнюються. Почніть знову.', 'These answers are no longer being filled in. Start again.'),
    buttons: [[{ label: tx(lang, '← Опитування', '← The poll'), data: `pol:${pollId}` }], [menuButton(lang)]],
  };
}
