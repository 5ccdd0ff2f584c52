/**
 * Rules frozen once people take part: a poll's questions, options and eligibility, an act's text and
 * sections. A frozen act changes only by a new version linked to the old one; the audit log replays the rules.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { addDaysToLocalDate, kyivDateOf } from '../../../src/core/calendar/index.js';
import { auditValue, replayFields } from '../../../src/core/audit/field-changes.js';
import { findItem, listQuestions, listSections } from '../../../src/modules/consultations/repository.js';
import { auditFieldsOf } from '../../../src/modules/consultations/rules/model.js';
import { editItem, FrozenRules } from '../../../src/modules/consultations/service/manage.js';

const ACT = '# Стаття 1. Мета\nПравила визначають порядок.\n\n# Стаття 2. Сфера\nДіють у всій громаді.\n';

describe('consultations: rules frozen once people take part, every change audited field by field', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let olena: TestBrowser;
  let today: string;
  let lviv = 0;
  let moderatorId = 0;
  let pollId = 0;
  let actId = 0;
  let nextId = 0;

  const itemForm = (o: Record<string, string> = {}) => ({
    title: 'Опитування про сквер',
    description: 'Опис',
    category: 'urban',
    starts: today,
    ends: addDaysToLocalDate(today, 10),
    results: 'during',
    allow_email: 'on',
    residents_only: 'on',
    ...o,
  });
  const row = async (id: number) => (await sql<Record<string, unknown>>`select * from consultation_items where id = ${id}`.execute(t.ctx.db)).rows[0]!;
  const currentFields = async (id: number) => {
    const item = (await findItem(t.ctx.db, lviv, id))!;
    return auditFieldsOf(item, {
      questions: item.kind === 'poll' ? await listQuestions(t.ctx.db, id) : undefined,
      sections: item.kind === 'act' ? await listSections(t.ctx.db, id) : undefined,
    });
  };
  const replayed = async (id: number, keys: string[]) => {
    const r = await sql<{ after: unknown }>`select after from audit_log where subject_type = 'consultation' and subject_id = ${String(id)} order by id`.execute(
      t.ctx.db,
    );
    const state = replayFields(r.rows.map((x) => ({ after: typeof x.after === 'string' ? (JSON.parse(x.after) as unknown) : x.after })));
    return Object.fromEntries(keys.map((k) => [k, state[k]]));
  };
  const assertReplays = async (id: number) => {
    const now = await currentFields(id);
    assert.deepEqual(await replayed(id, Object.keys(now)), auditValue(now));
  };

  before(async () => {
    t = await createTestApp();
    today = kyivDateOf(t.clock.now());
    moderator = t.browser();
    const mod = demoPerson((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'consultations'));
    await moderator.signInAs(mod.index);
    olena = await signedInAs(t, demo.olena);
    lviv = (await sql<{ id: number }>`select id from communities where slug = 'lviv'`.execute(t.ctx.db)).rows[0]!.id;
    moderatorId = (
      await sql<{ id: number }>`select id from users where last_name = ${mod.person.lastName} and first_name = ${mod.person.firstName} limit 1`.execute(
        t.ctx.db,
      )
    ).rows[0]!.id;
  });
  after(async () => t.close());

  test('after the first answer a poll’s questions, options and eligibility cannot change, by any route', async () => {
    const created = await moderator.post('/lviv/consultations', { kind: 'poll', ...itemForm() });
    pollId = Number(/consultations\/(\d+)\/edit/.exec(String(created.headers.location))![1]);
    assert.equal(
      (await moderator.post(`/lviv/consultations/${pollId}/questions`, { type: 'single', text: 'Що посадити?', options: 'Липи\nКлени' })).statusCode,
      303,
    );
    assert.equal(
      (await moderator.post(`/lviv/consultations/${pollId}/edit`, itemForm({ title: 'Опитування про сквер на Зеленій', min_age: '16' }))).statusCode,
      303,
    );
    await assertReplays(pollId);
    assert.equal((await moderator.post(`/lviv/consultations/${pollId}/publish`, {})).statusCode, 303);
    const [q] = await listQuestions(t.ctx.db, pollId);
    assert.equal((await olena.post(`/lviv/consultations/${pollId}/poll/submit`, { [`q${q!.id}`]: String(q!.options[0]!.id) })).statusCode, 303);

    const before = await row(pollId);
    const edit = await moderator.post(`/lviv/consultations/${pollId}/edit`, itemForm({ residents_only: '', allow_email: '', min_age: '' }));
    assert.equal(edit.statusCode, 409);
    assert.equal((await moderator.post(`/lviv/consultations/${pollId}/questions`, { type: 'single', text: 'Ще питання', options: 'Так\nНі' })).statusCode, 409);
    assert.equal((await moderator.post(`/lviv/consultations/${pollId}/questions/${q!.id}/delete`, {})).statusCode, 409);
    assert.deepEqual(await row(pollId), before, 'the row is unchanged');
    assert.deepEqual(await listQuestions(t.ctx.db, pollId), [q], 'the question and its options are unchanged');
    // The use case itself refuses, whatever route (present or future) calls it.
    await assert.rejects(
      editItem(t.ctx, {
        communityId: lviv,
        itemId: pollId,
        actorId: moderatorId,
        fields: {
          title: 'x',
          description: '',
          category: 'urban',
          startsAt: new Date(),
          endsAt: new Date(Date.now() + 86_400_000),
          resultsVisibility: 'during',
          allowEmail: true,
          emailCounts: true,
          residentsOnly: false,
          minAge: null,
        },
      }),
      (e: unknown) => e instanceof FrozenRules && e.reason === 'participation',
    );
    assert.deepEqual(await row(pollId), before);
  });

  test('the audit log alone replays a poll’s rules: every field, every question and option', async () => {
    await assertReplays(pollId);
    const edits = await sql<{
      before: unknown;
      after: unknown;
    }>`select before, after from audit_log where action = 'consultation.updated' and subject_id = ${String(pollId)}`.execute(t.ctx.db);
    assert.equal(edits.rows.length, 1);
    const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
    assert.deepEqual(parse(edits.rows[0]!.before), { title: 'Опитування про сквер', minAge: null });
    assert.deepEqual(parse(edits.rows[0]!.after), { title: 'Опитування про сквер на Зеленій', minAge: 16 });
  });

  test('after the first comment or stance an act’s text and sections cannot change; «Нова редакція» links a new discussion to it', async () => {
    const created = await moderator.post('/lviv/consultations', { kind: 'act', ...itemForm({ title: 'Правила благоустрою' }) });
    actId = Number(/consultations\/(\d+)\/edit/.exec(String(created.headers.location))![1]);
    assert.equal((await moderator.post(`/lviv/consultations/${actId}/act`, { act_text: ACT })).statusCode, 200);
    const sections = await listSections(t.ctx.db, actId);
    assert.equal(sections.length, 2);
    assert.equal((await moderator.post(`/lviv/consultations/${actId}/publish`, {})).statusCode, 303);
    assert.equal((await olena.post(`/lviv/consultations/${actId}/stance`, { scope: String(sections[0]!.id), stance: 'support' })).statusCode, 303);

    const before = await row(actId);
    assert.equal((await moderator.post(`/lviv/consultations/${actId}/act`, { act_text: '# Стаття 1. Інше\nІнший текст.\n' })).statusCode, 409);
    assert.equal(
      (await moderator.post(`/lviv/consultations/${actId}/sections/${sections[0]!.id}`, { heading: 'Стаття 1. Інша мета', body: 'Змінено.' })).statusCode,
      409,
    );
    assert.deepEqual(await row(actId), before);
    assert.deepEqual(await listSections(t.ctx.db, actId), sections);
    await assertReplays(actId);

    const page = await moderator.get(`/lviv/consultations/${actId}`);
    assert.match(page.body, /\/new-version/);
    const v2 = await moderator.post(`/lviv/consultations/${actId}/new-version`, {});
    assert.equal(v2.statusCode, 303);
    nextId = Number(/consultations\/(\d+)\/edit/.exec(String(v2.headers.location))![1]);
    assert.notEqual(nextId, actId);
    const again = await moderator.post(`/lviv/consultations/${actId}/new-version`, {});
    assert.equal(String(again.headers.location), String(v2.headers.location), 'one new version per act');
    const next = await row(nextId);
    assert.equal(next.previous_id, actId);
    assert.equal(next.act_text, before.act_text);
    assert.equal(next.published_at, null, 'the new version is a draft');
    assert.deepEqual(
      (await listSections(t.ctx.db, nextId)).map((s) => [s.heading, s.body]),
      sections.map((s) => [s.heading, s.body]),
    );
    await assertReplays(nextId);

    // The new draft is editable; its page links back; the old page links forward for the moderator only until it is published.
    assert.equal(
      (await moderator.post(`/lviv/consultations/${nextId}/act`, { act_text: `${ACT}\n# Стаття 3. Набрання чинності\nЗ дня оприлюднення.\n` })).statusCode,
      200,
    );
    await assertReplays(nextId);
    assert.match((await moderator.get(`/lviv/consultations/${nextId}/edit`)).body, new RegExp(`href="/lviv/consultations/${actId}"[^>]*>Попередня редакція`));
    assert.match((await moderator.get(`/lviv/consultations/${actId}`)).body, /Нова редакція \(чернетка\)/);
    assert.doesNotMatch((await t.browser().get(`/lviv/consultations/${actId}`)).body, /Нова редакція/);
    assert.equal((await moderator.post(`/lviv/consultations/${nextId}/publish`, {})).statusCode, 303);
    assert.match((await t.browser().get(`/lviv/consultations/${actId}`)).body, new RegExp(`href="/lviv/consultations/${nextId}"[^>]*>Нова редакція`));
    assert.match((await t.browser().get(`/lviv/consultations/${nextId}`)).body, new RegExp(`href="/lviv/consultations/${actId}"[^>]*>Попередня редакція`));
  });

  test('whether e-mail-level answers count is set with the other rules, audited, and frozen with them', async () => {
    const created = await moderator.post('/lviv/consultations', { kind: 'poll', ...itemForm({ title: 'Опитування про ліхтарі', email_not_counted: 'on' }) });
    const id = Number(/consultations\/(\d+)\/edit/.exec(String(created.headers.location))![1]);
    assert.equal((await row(id)).email_counts, false);
    assert.match((await moderator.get(`/lviv/consultations/${id}/edit`)).body, /name="email_not_counted"[^>]*checked/);
    assert.equal((await moderator.post(`/lviv/consultations/${id}/edit`, itemForm({ title: 'Опитування про ліхтарі' }))).statusCode, 303);
    assert.equal((await row(id)).email_counts, true, 'unticked: they count');
    assert.equal(
      (await moderator.post(`/lviv/consultations/${id}/edit`, itemForm({ title: 'Опитування про ліхтарі', email_not_counted: 'on' }))).statusCode,
      303,
    );
    await assertReplays(id);
    assert.equal(
      (await moderator.post(`/lviv/consultations/${id}/questions`, { type: 'single', text: 'Де світла бракує?', options: 'Парк\nВулиця' })).statusCode,
      303,
    );
    assert.equal((await moderator.post(`/lviv/consultations/${id}/publish`, {})).statusCode, 303);
    const [q] = await listQuestions(t.ctx.db, id);
    assert.equal((await olena.post(`/lviv/consultations/${id}/poll/submit`, { [`q${q!.id}`]: String(q!.options[0]!.id) })).statusCode, 303);

    const before = await row(id);
    assert.equal((await moderator.post(`/lviv/consultations/${id}/edit`, itemForm({ title: 'Опитування про ліхтарі' }))).statusCode, 409);
    assert.deepEqual(await row(id), before);
    assert.equal(before.email_counts, false);
    const fields = { ...(await findItem(t.ctx.db, lviv, id))!, emailCounts: true };
    await assert.rejects(
      editItem(t.ctx, { communityId: lviv, itemId: id, actorId: moderatorId, fields }),
      (e: unknown) => e instanceof FrozenRules && e.reason === 'participation',
    );
    assert.deepEqual(await row(id), before);
    assert.match((await t.browser().get(`/lviv/consultations/${id}`)).body, /подані зі входом поштою й телефоном, до результатів не зараховуються/);
  });
});
