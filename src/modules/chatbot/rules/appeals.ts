/**
 * «Звернутися до влади» in the chat: a short dialogue — topic, text, name (unless the chat is linked to an
 * account), an optional e-mail, a confirmation — that files an appeal with the appeals module. Anonymous
 * appeals are not considered by the law, so a name is required. Pure: the draft and the input in, the
 * replies and what to do with the draft out. Buttons send `appeal` and `ap:…`.
 */
import { formatKyivDate } from '../../../core/calendar/index.js';
import { pick, searchFold, type Lang, type Text } from '../../../core/i18n/index.js';
import {
  APPEAL_TOPICS,
  appealBodyError,
  appealNameError,
  isAppealTopic,
  isEmail,
  type AppealForChat,
  type AppealTopic,
  type ChatNotice,
} from '../../appeals/index.js';
import type { Button, Incoming, Reply } from '../rules.js';

export const APPEAL_MENU: Text = { uk: 'Звернутися до влади', en: 'Write to the council' };

export type DraftStep = 'topic' | 'text' | 'name' | 'email' | 'confirm';

export interface AppealDraft {
  step: DraftStep;
  topic: AppealTopic | null;
  body: string | null;
  name: string | null;
  email: string | null;
}

/** A draft with everything an appeal needs (the e-mail is optional). */
export type FiledDraft = AppealDraft & { topic: AppealTopic; body: string; name: string };

export type DraftEffect = { kind: 'save'; draft: AppealDraft } | { kind: 'clear' } | { kind: 'file'; draft: FiledDraft };

export interface AppealTurn {
  /** null: not the appeal dialogue's to answer (the main dialogue answers). */
  replies: Reply[] | null;
  effect: DraftEffect | null;
}

const tx = (lang: Lang, uk: string, en: string): string => pick({ uk, en }, lang);
const cancelButton = (lang: Lang): Button => ({ label: tx(lang, '✕ Скасувати', '✕ Cancel'), data: 'ap:cancel' });
const menuButton = (lang: Lang): Button => ({ label: tx(lang, '☰ Меню', '☰ Menu'), data: 'menu' });

function topicReply(lang: Lang, intro: string): Reply {
  return {
    text: intro,
    buttons: [...Object.entries(APPEAL_TOPICS).map(([k, label]) => [{ label: pick(label, lang), data: `ap:t:${k}` }]), [cancelButton(lang)]],
  };
}

function ask(step: DraftStep, draft: AppealDraft, lang: Lang, accountEmail: string | null): Reply {
  switch (step) {
    case 'topic':
      return topicReply(lang, tx(lang, 'Про що звернення? Оберіть тему.', 'What is the appeal about? Choose a topic.'));
    case 'text':
      return {
        text: tx(
          lang,
          'Напишіть текст звернення одним повідомленням: що сталося, де, чого просите.',
          'Write your appeal in one message: what happened, where, what you ask for.',
        ),
        buttons: [[cancelButton(lang)]],
      };
    case 'name':
      return {
        text: tx(
          lang,
          'Напишіть ваше прізвище та імʼя. Анонімні звернення за законом не розглядаються.',
          'Write your surname and first name. By law anonymous appeals are not considered.',
        ),
        buttons: [[cancelButton(lang)]],
      };
    case 'email':
      return {
        text: tx(
          lang,
          'Напишіть e-mail, на який надіслати відповідь, або натисніть «Без e-mail»: відповідь прийде сюди, у чат.',
          'Write the e-mail for the answer, or press “No e-mail”: the answer comes here, to this chat.',
        ),
        buttons: [
          ...(accountEmail ? [[{ label: accountEmail, data: 'ap:account-email' }]] : []),
          [{ label: tx(lang, 'Без e-mail', 'No e-mail'), data: 'ap:no-email' }],
          [cancelButton(lang)],
        ],
      };
    case 'confirm':
      return {
        text: [
          tx(lang, 'Перевірте звернення:', 'Check your appeal:'),
          `${tx(lang, 'Тема', 'Topic')}: ${draft.topic ? pick(APPEAL_TOPICS[draft.topic], lang) : ''}`,
          `${tx(lang, 'Від', 'From')}: ${draft.name ?? ''}`,
          `E-mail: ${draft.email ?? tx(lang, 'немає (відповідь — у чат)', 'none (the answer comes to this chat)')}`,
          '',
          draft.body ?? '',
        ].join('\n'),
        buttons: [[{ label: tx(lang, '✓ Надіслати', '✓ Send'), data: 'ap:send' }], [cancelButton(lang)]],
      };
  }
}

const isAppealText = (text: string) => {
  const f = searchFold(text);
  return f === searchFold(APPEAL_MENU.uk) || f === searchFold(APPEAL_MENU.en);
};

export interface AppealTurnInput {
  input: Incoming;
  draft: AppealDraft | null;
  lang: Lang;
  /** The name of the account the chat is linked to (null: not linked, or the account has no full name). */
  accountName: string | null;
  accountEmail: string | null;
}

/** One turn of the appeal dialogue, or `replies: null` when the input is not for it. */
export function appealTurn(d: AppealTurnInput): AppealTurn {
  const { lang, draft } = d;
  const press = d.input.kind === 'button' ? d.input.data : null;
  const text = d.input.kind === 'text' ? d.input.text.trim() : '';
  const command = text.startsWith('/') ? text.slice(1).split(/[\s@]/)[0]!.toLowerCase() : null;
  const reply = (r: Reply, effect: DraftEffect | null = null): AppealTurn => ({ replies: [r], effect });

  if (press === 'appeal' || command === 'appeal' || (command === null && press === null && isAppealText(text))) {
    const fresh: AppealDraft = { step: 'topic', topic: null, body: null, name: null, email: null };
    return {
      replies: [
        {
          text: tx(
            lang,
            'Звернення до ради громади. За законом «Про звернення громадян» відповідь надійде протягом місяця (що не потребує вивчення — до 15 днів). Звернення бачать лише відповідальні працівники.',
            'An appeal to the community council. Under the law on citizens’ appeals the answer comes within a month (what needs no study, within 15 days). Only the responsible staff see it.',
          ),
          buttons: [],
        },
        ask('topic', fresh, lang, d.accountEmail),
      ],
      effect: { kind: 'save', draft: fresh },
    };
  }
  if (press === 'ap:cancel' || (draft && command === 'cancel')) {
    return reply(
      { text: tx(lang, 'Звернення скасовано, нічого не надіслано.', 'The appeal is cancelled; nothing was sent.'), buttons: [[menuButton(lang)]] },
      draft ? { kind: 'clear' } : null,
    );
  }
  if (press?.startsWith('ap:') && !draft) {
    return reply({
      text: tx(lang, 'Це звернення вже не заповнюється. Почніть знову.', 'This appeal is no longer being written. Start again.'),
      buttons: [[{ label: pick(APPEAL_MENU, lang), data: 'appeal' }], [menuButton(lang)]],
    });
  }
  if (!draft) return { replies: null, effect: null };
  // Any other command or button leaves the dialogue: the draft goes, the main dialogue answers.
  if (command !== null || (press !== null && !press.startsWith('ap:'))) return { replies: null, effect: { kind: 'clear' } };

  const next = (changes: Partial<AppealDraft>): AppealTurn => {
    const nd: AppealDraft = { ...draft, ...changes };
    return reply(ask(nd.step, nd, lang, d.accountEmail), { kind: 'save', draft: nd });
  };
  const again = (error: string): AppealTurn => {
    const r = ask(draft.step, draft, lang, d.accountEmail);
    return reply({ text: `${error}\n\n${r.text}`, buttons: r.buttons });
  };

  switch (draft.step) {
    case 'topic': {
      const topic = press?.startsWith('ap:t:') ? press.slice(5) : null;
      if (!isAppealTopic(topic)) return again(tx(lang, 'Оберіть тему кнопкою нижче.', 'Choose a topic with a button below.'));
      return next({ step: 'text', topic });
    }
    case 'text': {
      if (press !== null) return again(tx(lang, 'Напишіть текст звернення.', 'Write the text of the appeal.'));
      const error = appealBodyError(text, lang);
      if (error) return again(`${error}.`);
      return d.accountName ? next({ step: 'email', body: text, name: d.accountName }) : next({ step: 'name', body: text });
    }
    case 'name': {
      const error = press === null ? appealNameError(text, lang) : tx(lang, 'Напишіть прізвище та імʼя.', 'Write your surname and first name.');
      if (error) return again(`${error}.`);
      return next({ step: 'email', name: text.replace(/\s+/g, ' ') });
    }
    case 'email': {
      if (press === 'ap:no-email') return next({ step: 'confirm', email: null });
      if (press === 'ap:account-email' && d.accountEmail) return next({ step: 'confirm', email: d.accountEmail });
      if (press === null && isEmail(text)) return next({ step: 'confirm', email: text });
      return again(tx(lang, 'Адреса e-mail має бути як name@example.com.', 'The e-mail address must look like name@example.com.'));
    }
    case 'confirm': {
      if (press === 'ap:send' && draft.topic && draft.body && draft.name) {
        return { replies: [], effect: { kind: 'file', draft: { ...draft, topic: draft.topic, body: draft.body, name: draft.name } } };
      }
      return again(tx(lang, 'Натисніть «Надіслати» або «Скасувати».', 'Press “Send” or “Cancel”.'));
    }
  }
}

/** The reply once the appeal is filed: its number and the law's deadline. */
export function appealFiledReply(lang: Lang, number: number, dueAt: Date): Reply {
  return {
    text: tx(
      lang,
      `Звернення №${number} прийнято. Відповідь надійде сюди (і на e-mail, якщо ви його вказали) не пізніше ${formatKyivDate(dueAt, lang)}.`,
      `Appeal No. ${number} is received. The answer comes here (and by e-mail if you gave one) by ${formatKyivDate(dueAt, lang)}.`,
    ),
    buttons: [[menuButton(lang)]],
  };
}

export function appealRefusedReply(lang: Lang): Reply {
  return { text: tx(lang, 'Забагато звернень за добу. Спробуйте завтра.', 'Too many appeals in a day. Try tomorrow.'), buttons: [[menuButton(lang)]] };
}

/** Telegram cuts a message at 4096 characters: a long answer goes in several. */
const MAX_TEXT = 4000;

/** What the chat is told when its appeal is answered or its term extended, in messages short enough to send. */
export function appealNoticeTexts(a: AppealForChat, notice: ChatNotice): string[] {
  const text = noticeText(a, notice);
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += MAX_TEXT) parts.push(text.slice(i, i + MAX_TEXT));
  return parts;
}

function noticeText(a: AppealForChat, notice: ChatNotice): string {
  const lang = a.lang;
  if (notice === 'extended') {
    return tx(
      lang,
      `Розгляд вашого звернення №${a.number} продовжено до ${formatKyivDate(a.dueAt, lang)}.\nПричина: ${a.extensionReason ?? ''}`,
      `The consideration of your appeal No. ${a.number} is extended to ${formatKyivDate(a.dueAt, lang)}.\nReason: ${a.extensionReason ?? ''}`,
    );
  }
  return tx(lang, `Відповідь на ваше звернення №${a.number}:\n\n${a.answer ?? ''}`, `The answer to your appeal No. ${a.number}:\n\n${a.answer ?? ''}`);
}
