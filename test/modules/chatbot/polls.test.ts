/**
 * Issue 22, point 4: answering consultation polls in the chat (Telegram, against the local fake Bot API).
 * A chat linked to an account lists the community's open polls and answers one question by question —
 * one choice, several choices, «Інше» typed as a message, a scale — through the consultations module's own
 * use-case: the response, its audit entry and its transparency-log receipt are the web's, and the web then
 * refuses a second answer and shows the chat's one. A person the poll's rules leave out is refused with the
 * reason; a poll with a question a chat cannot offer (ranking) sends to its web page.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { enableBot, linkedChat, telegramChat, type ChatMessage } from '../../helpers/linked-chat.js';
import { insertItem, insertQuestion, setItem } from '../../../src/modules/consultations/repository.js';
import { listQuestions } from '../../../src/modules/consultations/repository/polls.js';
import type { QuestionDraft } from '../../../src/modules/consultations/rules/poll.js';
import { addDaysToLocalDate, endOfKyivDay, kyivDateOf, startOfKyivDay } from '../../../src/core/calendar/index.js';

const TOKEN = '7000000021:AAHpollsPollsPollsPollsPollsPolls-demo';
const CHAT = 626262;

type SentMessage = ChatMessage;

const question = (q: Partial<QuestionDraft> & Pick<QuestionDraft, 'type' | 'text' | 'options'>): QuestionDraft => ({
  minChoices: null,
  maxChoices: null,
  rankTop: null,
  scaleMin: null,
  scaleMax: null,
  pointsTotal: null,
  allowOther: false,
  ...q,
});

describe('chat-bot: consultation polls in Telegram', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let olena: TestBrowser;
  let lvivId: number;
  let pollId = 0;
  let agedPollId = 0;
  let rankingPollId = 0;

  const addPoll = async (title: string, questions: QuestionDraft[], rules: { minAge: number | null } = { minAge: null }): Promise<number> => {
    const now = t.ctx.clock.now();
    const today = kyivDateOf(now);
    const id = await insertItem(
      t.ctx.db,
      lvivId,
      {
        kind: 'poll',
        title,
        description: 'Опитування для перевірки чат-бота.',
        category: 'urban',
        startsAt: startOfKyivDay(addDaysToLocalDate(today, -1)),
        endsAt: endOfKyivDay(addDaysToLocalDate(today, 10)),
        resultsVisibility: 'during',
        allowEmail: false,
        emailCounts: true,
        residentsOnly: false,
        minAge: rules.minAge,
      },
      null,
      now,
    );
    for (const q of questions) await insertQuestion(t.ctx.db, lvivId, id, q);
    await setItem(t.ctx.db, id, { published_at: new Date(now.getTime() - 86_400_000) }, now);
    return id;
  };

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TOKEN, 'lviv_polls_bot');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    await enableBot(t, { telegram_token: TOKEN });
    olena = await signedInAs(t, demo.olena);
    pollId = await addPoll('Чат: облаштування скверу', [
      question({ type: 'single', text: 'Чи потрібен сквер?', options: ['Так', 'Ні'], allowOther: true }),
      question({ type: 'multiple', text: 'Що в ньому має бути?', options: ['Лавки', 'Ліхтарі', 'Дитячий майданчик'], maxChoices: 2 }),
      question({ type: 'scoring', text: 'Наскільки важливо?', options: ['Тінь', 'Тиша'], scaleMin: 1, scaleMax: 5 }),
    ]);
    agedPollId = await addPoll('Чат: опитування для найстарших', [question({ type: 'single', text: 'Так чи ні?', options: ['Так', 'Ні'] })], { minAge: 120 });
    rankingPollId = await addPoll('Чат: черговість ремонтів', [question({ type: 'ranking', text: 'Розставте вулиці', options: ['Зелена', 'Личаківська'] })]);
  });
  after(async () => {
    await t.close();
    await tg.close();
  });

  const chat = telegramChat(
    () => t,
    () => tg,
    TOKEN,
    CHAT,
  );
  const { press, say } = chat;
  const buttonOf = (m: SentMessage, label: RegExp) => {
    const b = m.buttons.find((x) => label.test(x.text));
    assert.ok(b, `no button ${label} in ${JSON.stringify(m.buttons)}`);
    return b.data;
  };

  test('not linked: the polls are listed, and answering asks to link the chat', async () => {
    await say('/start');
    const menu = await press('edem');
    const list = await press(buttonOf(menu, /^Опитування$/));
    assert.match(list.text, /Оберіть опитування/);
    const card = await press(buttonOf(list, /облаштування скверу/));
    assert.match(card.text, /3 питання/);
    assert.match(card.text, /привʼяжіть чат/);
    assert.ok(!card.buttons.some((b) => b.data.startsWith('pol-go:')));
    assert.match((await press(`pol-go:${pollId}`)).text, /привʼяжіть чат/);
  });

  test('linked: answered question by question in the chat, then the web refuses a second answer and shows this one', async () => {
    await linkedChat(t, chat, olena);

    const card = await press(`pol:${pollId}`);
    const q1 = await press(buttonOf(card, /Відповісти/));
    assert.match(q1.text, /Питання 1 з 3\nЧи потрібен сквер\?/);
    // «Інше»: the next message is the person's own answer.
    assert.match((await press(buttonOf(q1, /Інше/))).text, /Напишіть свій варіант/);
    const q2 = await say('Так, але менший');
    assert.match(q2.text, /Питання 2 з 3/);

    // Several choices: toggled, checked by the poll's own rule (at most 2) when going on.
    let m = await press(buttonOf(q2, /Лавки/));
    m = await press(buttonOf(m, /Ліхтарі/));
    m = await press(buttonOf(m, /Дитячий майданчик/));
    assert.ok(m.buttons.filter((b) => b.text.startsWith('✓')).length === 3);
    m = await press(buttonOf(m, /Далі/));
    assert.match(m.text, /Оберіть не більше 2 \(зараз 3\)/);
    m = await press(buttonOf(m, /Дитячий майданчик/));
    const q3 = await press(buttonOf(m, /Далі/));
    assert.match(q3.text, /Питання 3 з 3/);
    assert.match(q3.text, /«Тінь»/);
    const second = await press(buttonOf(q3, /^4$/));
    assert.match(second.text, /«Тиша»/);
    const review = await press(buttonOf(second, /^2$/));
    assert.match(review.text, /Інше: Так, але менший/);
    assert.match(review.text, /Лавки; Ліхтарі/);
    assert.match(review.text, /Тінь — 4; Тиша — 2/);

    const done = await press(buttonOf(review, /Надіслати/));
    assert.match(done.text, /Вашу відповідь зараховано\. Квитанція в журналі прозорості: № \d+/);

    const rows = await sql<{ answers: unknown; user_id: number }>`select answers, user_id from consultation_responses where item_id = ${pollId}`.execute(
      t.ctx.db,
    );
    assert.equal(rows.rows.length, 1);
    const [q] = await listQuestions(t.ctx.db, pollId);
    const stored = (typeof rows.rows[0]!.answers === 'string' ? JSON.parse(rows.rows[0]!.answers) : rows.rows[0]!.answers) as Record<string, unknown>;
    assert.deepEqual(stored[String(q!.id)], { type: 'single', optionId: null, other: 'Так, але менший' });
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'consultation.poll.answered' and subject_id = ${String(pollId)}`.execute(t.ctx.db);
    assert.equal(audit.rows[0]!.n, 1);

    // The web: its page shows the chat's answer, and a submit is refused (one answer per person).
    const page = await olena.get(`/lviv/consultations/${pollId}`);
    assert.match(page.body, /Ваша відповідь зарахована/);
    assert.ok(page.body.includes('Так, але менший'));
    const [, second2, third] = await listQuestions(t.ctx.db, pollId);
    const web = await olena.post(`/lviv/consultations/${pollId}/poll/submit`, {
      [`q${q!.id}`]: String(q!.options[1]!.id),
      [`q${second2!.id}`]: String(second2!.options[0]!.id),
      ...Object.fromEntries(third!.options.map((o) => [`q${third!.id}-score-${o.id}`, '3'])),
    });
    assert.equal(web.statusCode, 409, web.body);
    assert.match(web.body, /Ви вже відповіли на це опитування/);
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from consultation_responses where item_id = ${pollId}`.execute(t.ctx.db)).rows[0]!.n, 1);

    // And the chat says so too, and offers no second answer.
    const again = await press(`pol:${pollId}`);
    assert.match(again.text, /Ви вже відповіли/);
    assert.ok(!again.buttons.some((b) => b.data.startsWith('pol-go:')));
    assert.match((await press(`pol-go:${pollId}`)).text, /Ви вже відповіли/);
  });

  test('the poll’s rules: someone too young is refused with the reason; a ranking is answered on the site', async () => {
    const aged = await press(`pol:${agedPollId}`);
    assert.match(aged.text, /Ви ще не досягли віку, з якого можна брати участь/);
    assert.ok(!aged.buttons.some((b) => b.data.startsWith('pol-go:')));
    assert.match((await press(`pol-go:${agedPollId}`)).text, /не досягли віку/);
    assert.equal(
      (await sql<{ n: number }>`select count(*)::int as n from consultation_responses where item_id = ${agedPollId}`.execute(t.ctx.db)).rows[0]!.n,
      0,
    );

    const ranking = await press(`pol:${rankingPollId}`);
    assert.match(ranking.text, /відповідайте на сайті/);
    assert.ok(ranking.text.includes(`/lviv/consultations/${rankingPollId}`));
    assert.ok(!ranking.buttons.some((b) => b.data.startsWith('pol-go:')));
  });
});
