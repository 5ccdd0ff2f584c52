import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, signedInAs } from '../helpers/test-app.js';
import { seedDemo } from '../../src/core/demo/seed.js';

describe('cabinet, account deletion and demo data', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('the cabinet shows activity from the modules and saves notification settings', async () => {
    const b = await signedInAs(t, (p) => p.lastName === 'Бондар');
    assert.equal((await b.post('/bila-tserkva/notices', { body: 'Шукаю волонтерів для толоки' })).statusCode, 303);
    const cabinet = await b.get('/cabinet');
    assert.match(cabinet.body, /Мої оголошення/);
    assert.match(cabinet.body, /Шукаю волонтерів для толоки/);
    assert.match(cabinet.body, /name="notify_email" value="on" checked/);
    assert.equal((await b.post('/cabinet/notifications', {})).statusCode, 303);
    assert.doesNotMatch((await b.get('/cabinet')).body, /name="notify_email" value="on" checked/);
  });

  test('a 15-year-old and a non-resident see their age and community honestly', async () => {
    const teen = await signedInAs(t, (p) => p.birthDate.startsWith('2011'));
    const page = (await teen.get('/cabinet')).body;
    assert.match(page, /<dt>Вік<\/dt><dd>\d+<\/dd>/);
    const age = Number(/<dt>Вік<\/dt><dd>(\d+)<\/dd>/.exec(page)![1]);
    assert.ok(age >= 15 && age <= 16, `age ${age}`);
    const odesa = await signedInAs(t, (p) => p.lastName === 'Литвин');
    assert.match((await odesa.get('/cabinet')).body, /Не на платформі або невідомо/);
  });

  test('deleting the account explains what stays, needs confirmation, and removes personal data', async () => {
    const b = await signedInAs(t, (p) => p.lastName === 'Мельник');
    await b.post('/kramatorsk/notices', { body: 'Оголошення перед видаленням' });
    const page = await b.get('/cabinet/delete');
    assert.match(page.body, /Що залишиться за законом/);
    assert.match(page.body, /Тексти ваших оголошень — без вашого імені/);
    const unconfirmed = await b.post('/cabinet/delete', {});
    assert.equal(unconfirmed.statusCode, 400);
    const done = await b.post('/cabinet/delete', { confirm: 'on' });
    assert.equal(done.statusCode, 303);
    const row = await sql<{ email: string | null; last_name: string; identity_key: string | null; birth_date: string | null; deleted_at: Date | null }>`
      select email, last_name, identity_key, birth_date, deleted_at from users where id = (
        select actor_user_id from audit_log where action = 'account.deleted')`.execute(t.ctx.db);
    assert.equal(row.rows.length, 1);
    assert.deepEqual(
      { ...row.rows[0], deleted_at: row.rows[0]!.deleted_at !== null },
      { email: null, last_name: '', identity_key: null, birth_date: null, deleted_at: true },
    );
    const notices = (await t.browser().get('/kramatorsk/notices')).body;
    assert.match(notices, /Оголошення перед видаленням/);
    assert.match(notices, /Видалений обліковий запис/);
    assert.doesNotMatch(notices, /Мельник/);
    assert.equal((await b.get('/cabinet')).statusCode, 303, 'the session has ended');
  });

  test('seeding again duplicates nothing', async () => {
    const count = async () =>
      (
        await sql<{ c: number; g: number; n: number }>`select (select count(*)::int from communities) as c,
        (select count(*)::int from role_grants_pending) + (select count(*)::int from role_assignments) as g,
        (select count(*)::int from notices) as n`.execute(t.ctx.db)
      ).rows[0]!;
    await seedDemo(t.ctx);
    const before = await count();
    await seedDemo(t.ctx);
    await seedDemo(t.ctx);
    assert.deepEqual(await count(), before);
    assert.ok(before.c >= 5, 'the five core demo communities (modules may add more)');
    assert.ok(before.n >= 5, 'module demo data (notices) was seeded');
  });
});
