import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser, signedInAs } from '../../helpers/test-app.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { consultationsModule } from '../../../src/modules/consultations/manifest.js';
import { demoCommunities } from '../../../src/core/demo/communities.js';
import { logEntries, sequenceLog } from '../../helpers/tlog.js';
import { logTag } from '../../../src/core/tlog/tag.js';

interface ApiQuestion {
  id: number;
  type: string;
  options: { id: number; label: string }[];
}

describe('consultations through HTTP', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let otherToolModerator: TestBrowser;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let maksym: TestBrowser;
  let sofiia: TestBrowser;
  let today: string;
  let pollId: number;
  let questions: ApiQuestion[];
  let consultationId: number;
  let actId: number;

  const count = async (table: string, where: string, value: number): Promise<number> => {
    const r = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${sql.ref(where)} = ${value}`.execute(t.ctx.db);
    return r.rows[0]!.n;
  };

  const create = async (kind: string, title: string, extra: Record<string, string> = {}): Promise<number> => {
    const r = await moderator.post('/lviv/consultations', {
      kind,
      title,
      description: `Опис: ${title}`,
      category: 'urban',
      starts: today,
      ends: addDaysToLocalDate(today, 10),
      results: 'during',
      allow_email: 'on',
      ...extra,
    });
    assert.equal(r.statusCode, 303, r.body.slice(0, 300));
    const m = /\/lviv\/consultations\/(\d+)\/edit$/.exec(String(r.headers.location));
    assert.ok(m, String(r.headers.location));
    return Number(m[1]);
  };

  const multipart = async (
    b: TestBrowser,
    url: string,
    fields: Record<string, string>,
    file: { name: string; filename: string; type: string; data: Buffer },
  ) => {
    const boundary = '----viche-test-boundary';
    const parts: Buffer[] = [];
    for (const [k, v] of Object.entries({ _csrf: await b.csrfToken(), ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    }
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`),
      file.data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return t.app.inject({
      method: 'POST',
      url,
      headers: { cookie: b.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat(parts),
    });
  };

  before(async () => {
    t = await createTestApp();
    today = kyivDateOf(t.clock.now());
    const sign = async (pred: Parameters<typeof demoPerson>[0]) => {
      const b = await signedInAs(t, pred);
      return b;
    };
    moderator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'consultations'));
    otherToolModerator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'petitions'));
    olena = await sign((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко');
    andrii = await sign((p) => p.lastName === 'Шевчук');
    maksym = await sign((p) => p.lastName === 'Литвин');
    sofiia = await sign((p) => p.firstName === 'Софія');
  });
  after(async () => t.close());

  test('the one list: kind, start date, state, count and category on each card; filters and search; drafts only for moderators', async () => {
    const page = await t.browser().get('/lviv/consultations');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Скажіть, що ви про це думаєте/);
    assert.match(page.body, /Які страви у бізнес-ланчі ви любите найбільше\?/);
    assert.match(page.body, /Проєкт Концепції Е-дем/);
    for (const word of [
      'Консультація',
      'Опитування',
      'Обговорення НПА',
      'Триває',
      'Час вийшов',
      'Заплановано',
      'голосів',
      'коментарів',
      'Благоустрій і містобудування',
    ]) {
      assert.ok(page.body.includes(word), word);
    }
    assert.doesNotMatch(page.body, /Чернетка: концепція вуличного освітлення/);
    assert.match((await moderator.get('/lviv/consultations')).body, /Чернетка: концепція вуличного освітлення/);

    const polls = await t.browser().get('/lviv/consultations?kind=poll');
    assert.match(polls.body, /бізнес-ланчі/);
    assert.doesNotMatch(polls.body, /Проєкт Концепції Е-дем/);
    assert.match(polls.body, /3 записи/);
    const ended = await t.browser().get('/lviv/consultations?state=ended');
    assert.match(ended.body, /Платне паркування/);
    assert.doesNotMatch(ended.body, /Скажіть, що ви про це думаєте/);
    const scheduled = await t.browser().get('/lviv/consultations?state=scheduled&kind=act');
    assert.match(scheduled.body, /Правила утримання зелених насаджень/);
    assert.match(scheduled.body, /1 запис/);
    const digital = await t.browser().get('/lviv/consultations?category=digital');
    assert.match(digital.body, /Проєкт Концепції Е-дем/);
    assert.match(digital.body, /1 запис/);
    const search = await t.browser().get(`/lviv/consultations?q=${encodeURIComponent('ЛАНЧІ')}`);
    assert.match(search.body, /бізнес-ланчі/);
    assert.match(search.body, /1 запис/);
    // Junk in the query is ignored, never a 500.
    assert.equal((await t.browser().get('/lviv/consultations?state=draft&kind=zzz&page=-4&q=%25_%5C')).statusCode, 200);
    assert.doesNotMatch((await t.browser().get('/lviv/consultations?state=draft')).body, /Чернетка: концепція/);
    const draftId = /consultations\/(\d+)"[^>]*>Чернетка: концепція/.exec((await moderator.get('/lviv/consultations')).body)![1];
    assert.equal((await t.browser().get(`/lviv/consultations/${draftId}`)).statusCode, 404);
    assert.match((await moderator.get(`/lviv/consultations/${draftId}`)).body, /Попередній перегляд чернетки/);
  });

  test('only the consultations moderator of the community drafts and publishes', async () => {
    assert.equal((await olena.get('/lviv/consultations/new')).statusCode, 403);
    assert.equal((await otherToolModerator.get('/lviv/consultations/new')).statusCode, 403);
    assert.equal((await olena.post('/lviv/consultations', { kind: 'poll', title: 'x' })).statusCode, 403);
    assert.equal((await t.browser().get('/lviv/consultations/new')).statusCode, 303);
    const bad = await moderator.post('/lviv/consultations', {
      kind: 'poll',
      title: 'Назва лишається',
      category: 'nope',
      starts: today,
      ends: addDaysToLocalDate(today, -1),
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<title>Помилка: /);
    assert.match(bad.body, /href="#category">Оберіть категорію/);
    assert.match(bad.body, /Завершення не може бути раніше за початок/);
    assert.match(bad.body, /value="Назва лишається"/);
  });

  test('a poll of all four question types: set-up with validation, preview, publish', async () => {
    pollId = await create('poll', 'Опитування про парк');
    const url = `/lviv/consultations/${pollId}`;
    const noQuestions = await moderator.post(`${url}/publish`, {});
    assert.equal(noQuestions.statusCode, 400);
    assert.match(noQuestions.body, /Додайте хоча б одне питання/);
    const badQ = await moderator.post(`${url}/questions`, { type: 'multiple', text: 'Що додати?', options: 'Лавки\nЛавки', maxChoices: '9' });
    assert.equal(badQ.statusCode, 400);
    assert.match(badQ.body, /Варіанти не мають повторюватися/);
    for (const q of [
      { type: 'single', text: 'Як часто ви буваєте в парку?', options: 'Щодня\nЩотижня\nРідко', allowOther: 'on' },
      { type: 'multiple', text: 'Що додати?', options: 'Лавки\nЛіхтарі\nФонтан\nВелодоріжку', minChoices: '2', maxChoices: '3', allowOther: 'on' },
      { type: 'ranking', text: 'Що важливіше?', options: 'Тінь\nТиша\nЧистота' },
      { type: 'scoring', text: 'Розподіліть 10 балів', options: 'Дитячий майданчик\nСпортмайданчик', pointsTotal: '10' },
      { type: 'scoring', text: 'Оцініть стан', options: 'Алеї\nГазони', scaleMin: '1', scaleMax: '5' },
    ] as Record<string, string>[]) {
      const r = await moderator.post(`${url}/questions`, q);
      assert.equal(r.statusCode, 303, r.body.slice(0, 500));
    }
    const preview = await moderator.get(url);
    assert.match(preview.body, /Попередній перегляд чернетки/);
    assert.match(preview.body, /Оберіть від 2 до 3/);
    assert.equal((await otherToolModerator.post(`${url}/publish`, {})).statusCode, 403);
    assert.equal((await moderator.post(`${url}/publish`, {})).statusCode, 303);
    assert.equal((await moderator.get(`${url}/edit`)).statusCode, 409);
    const detail = JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${pollId}`)).body) as { questions: ApiQuestion[]; state: string };
    assert.equal(detail.state, 'active');
    questions = detail.questions;
    assert.deepEqual(
      questions.map((q) => q.type),
      ['single', 'multiple', 'ranking', 'scoring', 'scoring'],
    );
  });

  const goodAnswer = (): Record<string, string | string[]> => {
    const [single, multiple, ranking, points, scale] = questions as [ApiQuestion, ApiQuestion, ApiQuestion, ApiQuestion, ApiQuestion];
    return {
      [`q${single.id}`]: 'other',
      [`q${single.id}-other`]: 'Раз на місяць',
      [`q${multiple.id}`]: [String(multiple.options[0]!.id), String(multiple.options[2]!.id)],
      [`q${ranking.id}-rank-${ranking.options[0]!.id}`]: '2',
      [`q${ranking.id}-rank-${ranking.options[1]!.id}`]: '1',
      [`q${ranking.id}-rank-${ranking.options[2]!.id}`]: '3',
      [`q${points.id}-score-${points.options[0]!.id}`]: '7',
      [`q${points.id}-score-${points.options[1]!.id}`]: '3',
      [`q${scale.id}-score-${scale.options[0]!.id}`]: '4',
      [`q${scale.id}-score-${scale.options[1]!.id}`]: '2',
    };
  };

  test('bad poll answers are explained next to each question, and nothing is saved', async () => {
    const [, multiple, ranking, points, scale] = questions as [ApiQuestion, ApiQuestion, ApiQuestion, ApiQuestion, ApiQuestion];
    const bad = {
      ...goodAnswer(),
      [`q${multiple.id}`]: [String(multiple.options[0]!.id), String(multiple.options[1]!.id), String(multiple.options[2]!.id), String(multiple.options[3]!.id)],
      [`q${ranking.id}-rank-${ranking.options[0]!.id}`]: '1',
      [`q${points.id}-score-${points.options[0]!.id}`]: '8',
      [`q${scale.id}-score-${scale.options[0]!.id}`]: '9',
    };
    const r = await olena.post(`/lviv/consultations/${pollId}/poll/review`, bad);
    assert.equal(r.statusCode, 400);
    assert.match(r.body, /Оберіть не більше 3 \(зараз 4\)/);
    assert.match(r.body, /Місце 1 віддано кільком варіантам/);
    assert.match(r.body, /Розподіліть рівно 10 балів \(зараз 11\)/);
    assert.match(r.body, /Оцінка має бути від 1 до 5/);
    assert.match(r.body, new RegExp(`href="#q${multiple.id}-${multiple.options[0]!.id}"`));
    const few = await olena.post(`/lviv/consultations/${pollId}/poll/review`, { ...goodAnswer(), [`q${multiple.id}`]: String(multiple.options[0]!.id) });
    assert.match(few.body, /Оберіть щонайменше 2 \(зараз 1\)/);
    // Typed values are kept.
    assert.match(few.body, /value="Раз на місяць"/);
    // A forged final submit is checked in full too.
    assert.equal((await olena.post(`/lviv/consultations/${pollId}/poll/submit`, bad)).statusCode, 400);
    assert.equal(await count('consultation_responses', 'item_id', pollId), 0);
  });

  test('a review page before the answer is final; one response per person', async () => {
    const url = `/lviv/consultations/${pollId}`;
    const review = await olena.post(`${url}/poll/review`, goodAnswer());
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /Перевірте свої відповіді/);
    assert.match(review.body, /Інше: Раз на місяць/);
    assert.match(review.body, /1\. Тиша/);
    assert.match(review.body, /Дитячий майданчик: 7/);
    assert.equal(await count('consultation_responses', 'item_id', pollId), 0, 'nothing is saved by the review page');
    const change = await olena.post(`${url}/poll/change`, goodAnswer());
    assert.match(change.body, /value="Раз на місяць"/);
    const hidden = [...review.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].filter((m) => m[1] !== '_csrf');
    const body: Record<string, string[]> = {};
    for (const [, k, v] of hidden.slice(0, hidden.length / 2)) (body[k!] ??= []).push(v!);
    const done = await olena.post(`${url}/poll/submit`, body);
    assert.equal(done.statusCode, 303);
    const after = await olena.get(String(done.headers.location));
    assert.match(after.body, /Дякуємо! Вашу відповідь зараховано/);
    assert.match(after.body, /Ваша відповідь зарахована/);
    assert.doesNotMatch(after.body, /Переглянути відповіді/);
    const again = await olena.post(`${url}/poll/submit`, goodAnswer());
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /Ви вже відповіли на це опитування/);
    assert.equal(await count('consultation_responses', 'item_id', pollId), 1);
  });

  test('one response per person under concurrency: parallel submits, the database keeps one', async () => {
    const url = `/lviv/consultations/${pollId}/poll/submit`;
    const token = await andrii.csrfToken();
    const results = await Promise.all(Array.from({ length: 8 }, () => andrii.post(url, { ...goodAnswer(), _csrf: token })));
    const codes = results.map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [303, 409, 409, 409, 409, 409, 409, 409]);
    assert.equal(await count('consultation_responses', 'item_id', pollId), 2);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'consultation.poll.answered' and subject_id = ${String(pollId)}`.execute(t.ctx.db);
    assert.equal(audit.rows[0]!.n, 2);
  });

  test('results: counts, percentages, Borda points, totals and averages; SVG charts with a table beside', async () => {
    const page = await t.browser().get(`/lviv/consultations/${pollId}`);
    assert.match(page.body, /<svg class="chart"[^>]*aria-hidden="true"/);
    assert.match(page.body, /<caption>Таблиця: 1\. Як часто ви буваєте в парку\?<\/caption>/);
    assert.match(page.body, /2 учасники відповіли/);
    const api = JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${pollId}/results`)).body) as {
      respondents: number;
      questions: {
        measure: string;
        options: { label: string; count: number; percent: number; points?: number; total?: number; average?: number }[];
        otherTexts: string[];
      }[];
    };
    assert.equal(api.respondents, 2);
    const [single, multiple, ranking, points, scale] = api.questions as [
      (typeof api.questions)[0],
      (typeof api.questions)[0],
      (typeof api.questions)[0],
      (typeof api.questions)[0],
      (typeof api.questions)[0],
    ];
    assert.deepEqual(
      single.options.find((o) => o.label === 'Інше'),
      { optionId: null, label: 'Інше', count: 2, percent: 100 },
    );
    assert.deepEqual(single.otherTexts, ['Раз на місяць', 'Раз на місяць']);
    assert.deepEqual(
      multiple.options.map((o) => [o.label, o.count]),
      [
        ['Лавки', 2],
        ['Ліхтарі', 0],
        ['Фонтан', 2],
        ['Велодоріжку', 0],
        ['Інше', 0],
      ],
    );
    assert.equal(ranking.measure, 'borda');
    assert.deepEqual(
      ranking.options.map((o) => [o.label, o.points, o.count]),
      [
        ['Тиша', 6, 2],
        ['Тінь', 4, 0],
        ['Чистота', 2, 0],
      ],
    );
    assert.equal(points.measure, 'total');
    assert.deepEqual(
      points.options.map((o) => [o.label, o.total]),
      [
        ['Дитячий майданчик', 14],
        ['Спортмайданчик', 6],
      ],
    );
    assert.equal(scale.measure, 'average');
    assert.deepEqual(
      scale.options.map((o) => [o.label, o.average]),
      [
        ['Алеї', 4],
        ['Газони', 2],
      ],
    );
    // The table holds the same figures as the chart.
    assert.match(page.body, /<th scope="row">Тиша<\/th><td>6<\/td><td>2<\/td>/);
  });

  test('who may take part: residents only and a minimum age, set per item', async () => {
    const id = await create('poll', 'Лише для мешканців 16+', { residents_only: 'on', min_age: '16' });
    await moderator.post(`/lviv/consultations/${id}/questions`, { type: 'single', text: 'Так чи ні?', options: 'Так\nНі' });
    await moderator.post(`/lviv/consultations/${id}/publish`, {});
    const q = (JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${id}`)).body) as { questions: ApiQuestion[] }).questions[0]!;
    const answer = { [`q${q.id}`]: String(q.options[0]!.id) };
    const outsider = await maksym.post(`/lviv/consultations/${id}/poll/review`, answer);
    assert.equal(outsider.statusCode, 403);
    assert.match(outsider.body, /Брати участь можуть лише мешканці цієї громади/);
    assert.match((await maksym.get(`/lviv/consultations/${id}`)).body, /лише мешканці цієї громади/);
    const young = await sofiia.post(`/lviv/consultations/${id}/poll/submit`, answer);
    assert.equal(young.statusCode, 403);
    assert.match(young.body, /не досягли віку/);
    assert.equal((await t.browser().post(`/lviv/consultations/${id}/poll/submit`, answer)).statusCode, 401);
    assert.equal((await olena.post(`/lviv/consultations/${id}/poll/submit`, answer)).statusCode, 303);
  });

  test('results only after the end when the item says so', async () => {
    const id = await create('poll', 'Приховані результати', { results: 'after' });
    await moderator.post(`/lviv/consultations/${id}/questions`, { type: 'single', text: 'Так чи ні?', options: 'Так\nНі' });
    await moderator.post(`/lviv/consultations/${id}/publish`, {});
    const page = await t.browser().get(`/lviv/consultations/${id}`);
    assert.match(page.body, /Результати буде оприлюднено після завершення опитування/);
    assert.doesNotMatch(page.body, /<svg class="chart"/);
    assert.equal((await t.browser().get(`/api/v1/communities/lviv/consultations/${id}/results`)).statusCode, 403);
    assert.match((await moderator.get(`/lviv/consultations/${id}`)).body, /<svg class="chart"/);
  });

  test('a consultation: comments up to 2000 characters, replies one level deep, one support per person', async () => {
    consultationId = await create('consultation', 'Куди поставити нові лавки?');
    const url = `/lviv/consultations/${consultationId}`;
    assert.equal((await moderator.post(`${url}/publish`, {})).statusCode, 303);
    const long = await olena.post(`${url}/comments`, { body: 'ж'.repeat(2001) });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /Не більше 2000 символів \(зараз 2001\)/);
    assert.ok(long.body.includes('ж'.repeat(2001)), 'what was typed is kept');
    assert.match(long.body, /href="#comment-body"/);
    const first = await olena.post(`${url}/comments`, { body: 'Біля школи <b>№ 5</b>' });
    assert.equal(first.statusCode, 303);
    const commentId = Number(/comment-(\d+)/.exec(String(first.headers.location))![1]);
    const reply = await andrii.post(`${url}/comments`, { body: 'Згоден, і біля зупинки', parent_id: String(commentId) });
    assert.equal(reply.statusCode, 303);
    const replyId = Number(/comment-(\d+)/.exec(String(reply.headers.location))![1]);
    const deep = await olena.post(`${url}/comments`, { body: 'Третій рівень', parent_id: String(replyId) });
    assert.equal(deep.statusCode, 400);
    assert.match(deep.body, /лише на коментар, а не на відповідь/);
    assert.equal((await olena.post(`${url}/comments/${commentId}/support`, {})).statusCode, 400, 'not one’s own comment');
    assert.equal((await andrii.post(`${url}/comments/${commentId}/support`, {})).statusCode, 303);
    assert.equal((await andrii.post(`${url}/comments/${commentId}/support`, {})).statusCode, 303);
    assert.equal(await count('consultation_supports', 'comment_id', commentId), 1);
    const page = await t.browser().get(url);
    assert.ok(page.body.includes('Біля школи &lt;b>№ 5&lt;/b>'));
    assert.match(page.body, /1 підтримка/);
    assert.match(page.body, /<ul class="replies">[\s\S]*Згоден, і біля зупинки/);
    assert.match((await andrii.get(url)).body, /Ви підтримали/);
  });

  test('complaints: the moderator hides a comment, the public sees the note; a blocked user cannot take part', async () => {
    const url = `/lviv/consultations/${consultationId}`;
    const bad = await andrii.post(`${url}/comments`, { body: 'Образливий текст' });
    const badId = Number(/comment-(\d+)/.exec(String(bad.headers.location))![1]);
    assert.equal((await olena.get(`/complaints/new?type=consultation-comment&id=${badId}`)).statusCode, 200);
    assert.match((await olena.post('/complaints', { type: 'consultation-comment', id: String(badId), reason: 'insult' })).body, /Скаргу надіслано/);
    const queue = await moderator.get('/lviv/manage/complaints');
    assert.match(queue.body, /Образливий текст/);
    assert.equal((await moderator.post('/lviv/manage/hide', { type: 'consultation-comment', id: String(badId), reason: 'Образи' })).statusCode, 303);
    const page = await t.browser().get(url);
    assert.match(page.body, /Коментар приховано модератором/);
    assert.doesNotMatch(page.body, /Образливий текст/);
    assert.match((await moderator.get(url)).body, /class="comment-body hidden-text">Образливий текст/);
    const replyToHidden = await olena.post(`${url}/comments`, { body: 'Відповідь', parent_id: String(badId) });
    assert.equal(replyToHidden.statusCode, 409);
    assert.equal((await olena.post(`${url}/comments/${badId}/support`, {})).statusCode, 409);
    const andriiId = (await t.ctx.db
      .selectFrom('consultation_comments' as never)
      .select('author_user_id' as never)
      .where('id' as never, '=', badId as never)
      .executeTakeFirstOrThrow()) as { author_user_id: number };
    assert.equal((await moderator.post('/lviv/manage/blocks', { user_id: String(andriiId.author_user_id), reason: 'Образи в коментарях' })).statusCode, 303);
    const blocked = await andrii.post(`${url}/comments`, { body: 'Ще раз' });
    assert.equal(blocked.statusCode, 403);
    assert.match(blocked.body, /Образи в коментарях/);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where subject_type = 'consultation-comment' and subject_id = ${String(badId)} order by id`.execute(t.ctx.db);
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['consultation.comment.created', 'complaint.filed', 'content.hidden'],
    );
    await moderator.post(`/lviv/manage/blocks/${andriiId.author_user_id}/unblock`, {});
  });

  test('a draft act: no headings is reported; headings split it; sections can be adjusted; materials attach', async () => {
    actId = await create('act', 'Проєкт правил благоустрою');
    const url = `/lviv/consultations/${actId}`;
    const plain = await moderator.post(`${url}/act`, { act_text: 'Просто текст без заголовків.\nЩе рядок.' });
    assert.equal(plain.statusCode, 200);
    assert.match(plain.body, /Заголовків не знайдено/);
    assert.match(plain.body, /Розділів: 1\./);
    const empty = await moderator.post(`${url}/act`, { act_text: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Вставте текст проєкту/);
    const text =
      'Преамбула рішення.\nРозділ I. Загальні положення\nСтаття 1. Мета\nЗробити місто чистим.\nСтаття 2. Терміни\nТерміни такі.\nРозділ II. Прикінцеві\nНабирає чинності.';
    const split = await moderator.post(`${url}/act`, { act_text: text });
    assert.match(split.body, /Розділено за розділами, главами й статтями/);
    assert.match(split.body, /Розділів: 4\./);
    const sectionId = Number(/action="\/lviv\/consultations\/\d+\/sections\/(\d+)"/.exec(split.body)![1]);
    assert.equal((await moderator.post(`${url}/sections/${sectionId}`, { heading: 'Преамбула (уточнено)', body: 'Преамбула рішення ради.' })).statusCode, 303);
    const pdf = await multipart(
      moderator,
      `${url}/files`,
      {},
      { name: 'file', filename: 'схема.pdf', type: 'application/pdf', data: Buffer.from('%PDF-1.4\n%test\n') },
    );
    assert.equal(pdf.statusCode, 303, pdf.body.slice(0, 300));
    const exe = await multipart(
      moderator,
      `${url}/files`,
      {},
      { name: 'file', filename: 'virus.pdf', type: 'application/pdf', data: Buffer.from('MZ this is not a pdf') },
    );
    assert.equal(exe.statusCode, 400);
    assert.match(exe.body, /Підтримуються лише PDF, PNG, JPEG і WebP/);
    assert.equal((await moderator.post(`${url}/publish`, {})).statusCode, 303);
    const page = await t.browser().get(url);
    assert.match(page.body, /Преамбула \(уточнено\)/);
    assert.match(page.body, /Стаття 1\. Мета/);
    const fileUrl = /href="(\/lviv\/consultations\/\d+\/files\/\d+)">схема\.pdf/.exec(page.body)![1]!;
    const file = await t.browser().get(fileUrl);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.equal(file.body, '%PDF-1.4\n%test\n');
  });

  test('residents comment on a section and take a stance per section and on the whole act, changeable until the end', async () => {
    const url = `/lviv/consultations/${actId}`;
    const api = JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${actId}`)).body) as { sections: { id: number; heading: string }[] };
    const art1 = api.sections.find((s) => s.heading === 'Стаття 1. Мета')!;
    const c = await olena.post(`${url}/comments`, { body: 'Додати вимогу про урни кожні 50 м', section_id: String(art1.id) });
    assert.equal(c.statusCode, 303);
    assert.equal((await olena.post(`${url}/comments`, { body: 'x', section_id: '999999' })).statusCode, 404);
    assert.equal((await olena.post(`${url}/stance`, { scope: String(art1.id), stance: 'oppose' })).statusCode, 303);
    assert.equal((await olena.post(`${url}/stance`, { scope: String(art1.id), stance: 'support' })).statusCode, 303);
    assert.equal((await olena.post(`${url}/stance`, { scope: '0', stance: 'support' })).statusCode, 303);
    assert.equal((await andrii.post(`${url}/stance`, { scope: String(art1.id), stance: 'oppose' })).statusCode, 303);
    assert.equal((await olena.post(`${url}/stance`, { scope: '0', stance: 'maybe' })).statusCode, 400);
    const results = JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${actId}/results`)).body) as {
      respondents: number;
      sections: { sectionId: number; support: number; oppose: number; comments: number }[];
    };
    assert.equal(results.respondents, 2);
    assert.deepEqual(
      results.sections.find((s) => s.sectionId === art1.id),
      { sectionId: art1.id, heading: 'Стаття 1. Мета', support: 1, oppose: 1, levels: { idgovua: 2, email: 0 }, comments: 1 },
    );
    const whole = { sectionId: 0, heading: 'Документ загалом', support: 1, oppose: 0, levels: { idgovua: 1, email: 0 }, comments: 0 };
    assert.deepEqual(results.sections[0], whole);
    const page = await olena.get(url);
    assert.match(page.body, /Ваша позиція: підтримую/);
    assert.match(page.body, /Додати вимогу про урни/);
  });

  test('close early with a reason; afterwards votes, comments and stances are refused; the outcome and a revision are published', async () => {
    const url = `/lviv/consultations/${actId}`;
    const noReason = await moderator.post(`${url}/close`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.equal((await olena.post(`${url}/close`, { reason: 'x' })).statusCode, 403);
    const endsAt = (await sql<{ ends_at: Date }>`select ends_at from consultation_items where id = ${actId}`.execute(t.ctx.db)).rows[0]!.ends_at;
    assert.equal((await moderator.post(`${url}/close`, { reason: 'Рада змінила порядок денний' })).statusCode, 303);
    // People had taken a stance: the early end is a rules-changed entry of the act, by the council, with the reason.
    await sequenceLog(t);
    const closed = (await logEntries(t)).filter((e) => e.act.subject === `act:${actId}` && e.act.kind === 'rules-changed');
    assert.deepEqual(
      closed.map((e) => [e.act.details.field, e.act.details.old, e.act.details.new, e.act.details.reason, e.act.tag]),
      [
        [
          'endsAt',
          new Date(endsAt).toISOString(),
          t.clock.now().toISOString(),
          'Рада змінила порядок денний',
          logTag(t.ctx.config.log.tagKey, 'council:lviv', `act:${actId}`),
        ],
      ],
    );
    const page = await t.browser().get(url);
    assert.match(page.body, /Завершено достроково/);
    assert.match(page.body, /Причина: Рада змінила порядок денний/);
    assert.match(page.body, /Час вийшов/);
    const late = await olena.post(`${url}/comments`, { body: 'Запізно' });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /Час участі вийшов/);
    assert.equal((await olena.post(`${url}/stance`, { scope: '0', stance: 'oppose' })).statusCode, 409);
    const proposal = /id="comment-(\d+)"/.exec(page.body)![1]!;
    const missingReason = await moderator.post(`${url}/outcome`, { summary: 'Враховано', [`decision-${proposal}`]: 'rejected' });
    assert.equal(missingReason.statusCode, 400);
    assert.match(missingReason.body, /Поясніть, чому пропозицію не враховано повністю/);
    assert.equal(
      (
        await moderator.post(`${url}/outcome`, {
          summary: 'Пропозиції розглянуто',
          [`decision-${proposal}`]: 'accepted',
          [`reason-${proposal}`]: 'Додано до статті 1',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await moderator.post(`${url}/revision`, {
          revised_text: 'Стаття 1. Мета\nЗробити місто чистим; урни кожні 50 м.',
          notes: 'Додано вимогу про урни на пропозицію мешканки.',
        })
      ).statusCode,
      303,
    );
    const done = await t.browser().get(url);
    assert.match(done.body, /Пропозиції розглянуто/);
    assert.match(done.body, /<strong>Враховано<\/strong>/);
    assert.match(done.body, /Додано до статті 1/);
    assert.match(done.body, /Доопрацьована редакція/);
    assert.match(done.body, /урни кожні 50 м\./);
    // The poll, too, refuses answers after its end.
    const answer = goodAnswer();
    t.clock.advance(11 * 86_400_000);
    try {
      const latePoll = await maksym.post(`/lviv/consultations/${pollId}/poll/submit`, answer);
      assert.equal(latePoll.statusCode, 409);
      assert.match(latePoll.body, /Час участі вийшов/);
    } finally {
      t.clock.advance(-11 * 86_400_000);
    }
  });

  test('reports: the moderator any time, the public after the end; print page, CSV and XLSX with authors as shown publicly', async () => {
    const cUrl = `/lviv/consultations/${consultationId}`;
    assert.equal((await t.browser().get(`${cUrl}/report`)).statusCode, 403);
    assert.equal((await olena.get(`${cUrl}/report.xlsx`)).statusCode, 403);
    const report = await moderator.get(`${cUrl}/report`);
    assert.equal(report.statusCode, 200);
    assert.match(report.body, /Коментарі, CSV/);
    const csv = await moderator.get(`${cUrl}/report/comments.csv`);
    assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
    assert.ok(csv.body.startsWith('\uFEFF№,Розділ'));
    assert.match(csv.body, /Коваленко Олена Петрівна/);
    assert.match(csv.body, /Коментар приховано модератором/);
    assert.doesNotMatch(csv.body, /Образливий текст/);
    const xlsx = await moderator.get(`${cUrl}/report.xlsx`);
    assert.equal(xlsx.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    assert.deepEqual(
      wb.worksheets.map((w) => w.name),
      ['Про звіт', 'Результати', 'Коментарі'],
    );
    assert.equal(wb.getWorksheet('Про звіт')!.getCell('B1').value, 'Куди поставити нові лавки?');
    assert.equal(wb.getWorksheet('Коментарі')!.getCell('F2').value, 'Біля школи <b>№ 5</b>');
    const actReport = await t.browser().get(`/lviv/consultations/${actId}/report`);
    assert.equal(actReport.statusCode, 200, 'public after the (early) end');
    const results = await t.browser().get(`/lviv/consultations/${actId}/report/results.csv`);
    assert.match(results.body, /Стаття 1\. Мета,1,1,1/);
  });

  test('topics from residents: suggest, the moderator accepts (a draft) or declines with a reason; the author is told', async () => {
    const form = await olena.get('/lviv/consultations/topics/new');
    assert.equal(form.statusCode, 200);
    const bad = await olena.post('/lviv/consultations/topics', { title: '', body: 'я'.repeat(4001) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Напишіть тему/);
    assert.match(bad.body, /Не більше 4000 символів/);
    assert.match(
      (await olena.post('/lviv/consultations/topics', { title: 'Велодоріжка на Стрийській', body: 'Потрібна безпечна велодоріжка.' })).body,
      /Пропозицію надіслано/,
    );
    assert.match((await olena.post('/lviv/consultations/topics', { title: 'Скейт-парк', body: 'Для підлітків.' })).body, /Пропозицію надіслано/);
    assert.equal((await olena.get('/lviv/consultations/topics')).statusCode, 403);
    const queue = await moderator.get('/lviv/consultations/topics');
    assert.match(queue.body, /Велодоріжка на Стрийській/);
    const ids = [...queue.body.matchAll(/id="topic-(\d+)"/g)].map((m) => m[1]!);
    const accept = await moderator.post(`/lviv/consultations/topics/${ids[0]}/accept`, { kind: 'consultation' });
    assert.equal(accept.statusCode, 303);
    const edit = await moderator.get(String(accept.headers.location));
    assert.match(edit.body, /value="Велодоріжка на Стрийській"/);
    assert.equal((await moderator.post(`/lviv/consultations/topics/${ids[0]}/accept`, { kind: 'poll' })).statusCode, 409);
    const noReason = await moderator.post(`/lviv/consultations/topics/${ids[1]}/decline`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Вкажіть причину відхилення/);
    assert.equal((await moderator.post(`/lviv/consultations/topics/${ids[1]}/decline`, { reason: 'Уже є в плані на наступний рік' })).statusCode, 303);
    const mail = await sql<{
      subject: string;
      body_text: string;
    }>`select subject, body_text from mail_outbox where to_address = 'olena.kovalenko@demo.viche.example' order by id`.execute(t.ctx.db);
    assert.deepEqual(
      mail.rows.map((m) => m.subject),
      ['Вашу тему прийнято: Велодоріжка на Стрийській', 'Вашу тему відхилено: Скейт-парк'],
    );
    assert.match(mail.rows[1]!.body_text, /Причина: Уже є в плані на наступний рік/);
    assert.match((await olena.get('/cabinet')).body, /Скейт-парк/);
  });

  test('the open API lists every kind, in the OpenAPI document under its tag', async () => {
    const list = JSON.parse((await t.browser().get('/api/v1/communities/lviv/consultations?kind=act&state=active')).body) as {
      items: { title: string; kind: string; state: string }[];
    };
    assert.ok(list.items.some((i) => i.title === 'Проєкт Концепції Е-дем'));
    assert.ok(list.items.every((i) => i.kind === 'act' && i.state === 'active'));
    assert.equal((await t.browser().get('/api/v1/communities/lviv/consultations?kind=zzz')).statusCode, 400);
    assert.equal((await t.browser().get('/api/v1/communities/lviv/consultations/abc')).statusCode, 400);
    assert.equal((await t.browser().get('/api/v1/communities/nowhere/consultations')).statusCode, 404);
    const doc = JSON.parse((await t.browser().get('/api/docs/openapi.json')).body) as { paths: Record<string, { get?: { tags?: string[] } }> };
    for (const path of [
      '/api/v1/communities/{slug}/consultations',
      '/api/v1/communities/{slug}/consultations/{id}',
      '/api/v1/communities/{slug}/consultations/{id}/results',
    ]) {
      assert.deepEqual(doc.paths[path]?.get?.tags, ['consultations'], path);
    }
  });

  test('statistics per community and platform-wide; the demo has every kind in every state in every community', async () => {
    const stats = await consultationsModule.statistics!(t.ctx, { communityId: null });
    const lviv = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const local = await consultationsModule.statistics!(t.ctx, { communityId: lviv.id });
    const v = (s: typeof stats, k: string) => s.find((x) => x.key === k)!.value;
    const acts = await sql<{ n: number }>`select count(*)::int as n from consultation_items where kind = 'act' and published_at is not null`.execute(t.ctx.db);
    assert.equal(v(stats, 'consultations.acts'), acts.rows[0]!.n);
    assert.ok(acts.rows[0]!.n >= 3 * 5 + 1);
    assert.equal(v(local, 'consultations.acts'), 4);
    assert.ok(v(local, 'consultations.participants') > 0);
    const comments = await sql<{ n: number }>`select count(*)::int as n from consultation_comments where community_id = ${lviv.id}`.execute(t.ctx.db);
    assert.equal(v(local, 'consultations.comments'), comments.rows[0]!.n);
    assert.match((await t.browser().get('/')).body, /Опитувань проведено:/);
    const now = t.clock.now();
    // The core's demo communities (another module's demo may connect more communities later).
    for (const c of demoCommunities) {
      for (const kind of ['consultation', 'poll', 'act']) {
        for (const state of ['active', 'ended', 'scheduled']) {
          const r = JSON.parse((await t.browser().get(`/api/v1/communities/${c.slug}/consultations?kind=${kind}&state=${state}`)).body) as { total: number };
          assert.ok(r.total >= 1, `${c.slug} ${kind} ${state}`);
        }
      }
    }
    void now;
    const concept = await t.browser().get('/lviv/consultations?q=' + encodeURIComponent('Концепції Е-дем'));
    const id = /consultations\/(\d+)"/.exec(concept.body)![1];
    const detail = JSON.parse((await t.browser().get(`/api/v1/communities/lviv/consultations/${id}`)).body) as {
      comments: { sectionId: number | null }[];
      sections: unknown[];
    };
    assert.ok(detail.comments.filter((x) => x.sectionId !== null).length >= 24, 'dozens of comments on its sections');
    assert.equal(detail.sections.length, 7);
  });

  test('participation is not shown by person: stances, poll answers and comment supports are audited without who', async () => {
    const rows = (
      await sql<{ action: string; actor_user_id: number | null }>`
      select action, actor_user_id from audit_log
      where action in ('consultation.stance.set', 'consultation.poll.answered', 'consultation.comment.supported') order by id`.execute(t.ctx.db)
    ).rows;
    for (const a of ['consultation.stance.set', 'consultation.poll.answered', 'consultation.comment.supported'])
      assert.ok(
        rows.some((r) => r.action === a),
        a,
      );
    assert.deepEqual(
      rows.filter((r) => r.actor_user_id !== null),
      [],
      'no entry names the person',
    );
    const page = await moderator.get('/lviv/manage/audit');
    assert.equal(page.statusCode, 200);
    const named = [...page.body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .map((m) => m[1]!)
      .filter((r) => /consultation\.(stance\.set|poll\.answered|comment\.supported)/.test(r) && /Коваленко|Шевчук/.test(r));
    assert.deepEqual(named, []);
  });
});
