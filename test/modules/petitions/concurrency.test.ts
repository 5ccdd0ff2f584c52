import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { setPetitionRules } from '../../helpers/petitions.js';
import { browserForNewPerson, createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { demoCommunities, demoSettlementCode } from '../../../src/core/demo/communities.js';

const bc = demoCommunities.find((c) => c.slug === 'bila-tserkva')!;

describe('one person, one signature — under concurrency', () => {
  let t: TestApp;
  let moderator: TestBrowser;

  before(async () => {
    t = await createTestApp({ seedModules: false });
    moderator = await signedInAs(t, demo.moderator('bila-tserkva'));
    await setPetitionRules(moderator, 'bila-tserkva', { residents_only: 'on' });
  });
  after(async () => t.close());

  async function newPetition(title: string): Promise<number> {
    const author = await signedInAs(t, (p) => p.lastName === 'Бондар');
    const form = await author.get('/bila-tserkva/petitions/new');
    const category = /<option value="(\d+)"[^>]*>Інше<\/option>/.exec(form.body)![1]!;
    const r = await author.post('/bila-tserkva/petitions/new', { title, body: 'Текст петиції.', category, email: 'iryna@example.com', step: 'submit' });
    const id = Number(/petitions\/(\d+)/.exec(String(r.headers.location))![1]);
    assert.equal((await moderator.post(`/bila-tserkva/manage/petitions/${id}/publish`, {})).statusCode, 303);
    return id;
  }

  async function counts(id: number): Promise<{ shown: number; rows: number; status: string }> {
    const r = await sql<{ shown: number; rows: number; status: string }>`
      select (select coalesce(sum(counted), 0)::int from petition_signature_slots where petition_id = petitions.id) as shown, status,
        (select count(*)::int from petition_signatures where petition_id = ${id} and invalidated_at is null) as rows
      from petitions where id = ${id}`.execute(t.ctx.db);
    return r.rows[0]!;
  }

  test('the same person signing 10 times at once gets one signature', async () => {
    const id = await newPetition('Одночасні підписи однієї людини');
    const { browser } = await browserForNewPerson(t, { lastName: 'Паралельний', firstName: 'Іван', territorialCode: demoSettlementCode(bc) });
    await browser.csrfToken();
    const results = await Promise.all(Array.from({ length: 10 }, () => browser.post(`/bila-tserkva/petitions/${id}/sign`, {})));
    assert.ok(
      results.every((r) => r.statusCode === 303),
      results.map((r) => r.statusCode).join(','),
    );
    assert.deepEqual(await counts(id), { shown: 2, rows: 2, status: 'collecting' }, 'the author and one signer');
  });

  test('20 people racing for the last 9 places: exactly the threshold, one transition, counts equal rows', async () => {
    const id = await newPetition('Гонка за поріг');
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browserForNewPerson(t, { lastName: `Мешканець${i}`, firstName: 'Тест', territorialCode: demoSettlementCode(bc) })),
    );
    for (const p of people) await p.browser.csrfToken();
    // Each person tries twice, all at once.
    const results = await Promise.all(
      people.flatMap((p) => [p.browser.post(`/bila-tserkva/petitions/${id}/sign`, {}), p.browser.post(`/bila-tserkva/petitions/${id}/sign`, {})]),
    );
    const statuses = results.map((r) => r.statusCode);
    assert.ok(
      statuses.every((s) => s === 303 || s === 409),
      statuses.join(','),
    );
    const c = await counts(id);
    assert.deepEqual(c, { shown: 10, rows: 10, status: 'consideration' });
    const transitions = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where subject_id = ${String(id)} and action = 'petition.threshold-reached'`.execute(t.ctx.db);
    assert.equal(transitions.rows[0]!.n, 1);
    const mails = await sql<{
      n: number;
    }>`select count(*)::int as n from mail_outbox where subject like 'Петиція набрала потрібні підписи: «Гонка за поріг»'`.execute(t.ctx.db);
    assert.equal(mails.rows[0]!.n, 1);
  });

  test('far from the threshold, 20 people at once add to several counter slots: the sum equals the rows', async () => {
    // A threshold beyond the server's connection limit (the margin of the shared path): nobody queues.
    const s = await moderator.post('/bila-tserkva/manage/petitions/settings', {
      threshold: '5000',
      collection_days: '30',
      moderation_days: '2',
      consideration_days: '10',
      residents_only: 'on',
      categories: 'Інше',
    });
    assert.equal(s.statusCode, 303);
    const id = await newPetition('Багато підписів далеко від порогу');
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => browserForNewPerson(t, { lastName: `Далекий${i}`, firstName: 'Тест', territorialCode: demoSettlementCode(bc) })),
    );
    for (const p of people) await p.browser.csrfToken();
    const results = await Promise.all(people.map((p) => p.browser.post(`/bila-tserkva/petitions/${id}/sign`, {})));
    assert.ok(
      results.every((r) => r.statusCode === 303),
      results.map((r) => r.statusCode).join(','),
    );
    assert.deepEqual(await counts(id), { shown: 21, rows: 21, status: 'collecting' });
    const slots = await sql<{ n: number }>`select count(*)::int as n from petition_signature_slots where petition_id = ${id}`.execute(t.ctx.db);
    assert.ok(slots.rows[0]!.n > 1, `the count is spread over ${slots.rows[0]!.n} slots`);
  });

  test('the database itself refuses a second signature, whatever the code does', async () => {
    const id = await newPetition('Перевірка обмеження бази даних');
    const row = await sql<{
      community_id: number;
      person_key: string;
    }>`select community_id, person_key from petition_signatures where petition_id = ${id} limit 1`.execute(t.ctx.db);
    const { community_id, person_key } = row.rows[0]!;
    await assert.rejects(
      sql`insert into petition_signatures (community_id, petition_id, person_key, signer_name, signed_at) values (${community_id}, ${id}, ${person_key}, 'Дубль', now())`.execute(
        t.ctx.db,
      ),
      /duplicate key|unique/i,
    );
  });
});
