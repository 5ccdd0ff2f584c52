/**
 * Roles promised to an e-mail address go only to whoever proves the address with a code: never merely
 * because id.gov.ua reports that address for them (anyone can type any address into their id.gov.ua profile).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForNewPerson, createTestApp, type TestApp } from '../helpers/test-app.js';
import { requestEmailConfirmation } from '../helpers/email-confirmation.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';

const INVITED = 'new.moderator@koriukivka-rada.example';
const koriukivka = demoCommunities.find((c) => c.slug === 'koriukivka')!;

describe('claiming a role invited by e-mail', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
    const community = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'koriukivka').executeTakeFirstOrThrow();
    // What the national moderator's acceptance of a connection request writes for each named moderator.
    await t.ctx.db
      .insertInto('role_grants_pending')
      .values({ email: INVITED, role: 'community_admin', community_id: community.id, tool: null, scope: null })
      .execute();
  });
  after(async () => t.close());

  const person = (lastName: string, email: string) =>
    browserForNewPerson(t, { lastName, firstName: 'Тест', territorialCode: demoSettlementCode(koriukivka), email });

  test('id.gov.ua reporting the invited address gives no role; the cabinet offers the confirmation', async () => {
    const { browser } = await person('Самозванець', INVITED);
    assert.equal((await browser.get('/koriukivka/manage/settings')).statusCode, 403);
    const cabinet = await browser.get('/cabinet');
    assert.match(cabinet.body, /на вас чекає запрошення до ролі/);
    assert.match(cabinet.body, /href="\/cabinet\/email"/);
    const form = await browser.get('/cabinet/email');
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(`value="${INVITED}"`), 'the form offers the address id.gov.ua reported');
  });

  test('a code cannot be guessed: five wrong tries, then even the right code is refused', async () => {
    const { browser } = await person('Вгадувач', INVITED);
    const { id, code } = await requestEmailConfirmation(t, browser, INVITED);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let left = 4; left >= 0; left--) {
      const res = await browser.post('/cabinet/email/verify', { id, code: wrong });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, new RegExp(`Код неправильний. Залишилося спроб: ${left}`));
    }
    const right = await browser.post('/cabinet/email/verify', { id, code });
    assert.equal(right.statusCode, 400);
    assert.match(right.body, /Вичерпано 5 спроб/);
    assert.equal((await browser.get('/koriukivka/manage/settings')).statusCode, 403);
  });

  test('a code is good only for the account that asked for it, and only for 10 minutes', async () => {
    const owner = await person('Власниця', INVITED);
    const other = await person('Інший', 'other@example.com');
    const { id, code } = await requestEmailConfirmation(t, owner.browser, INVITED);
    const stolen = await other.browser.post('/cabinet/email/verify', { id, code });
    assert.equal(stolen.statusCode, 400);
    assert.match(stolen.body, /Цей код не ваш або не існує/);
    assert.equal((await other.browser.get('/koriukivka/manage/settings')).statusCode, 403);

    t.clock.advance(10 * 60_000 + 1000);
    const late = await owner.browser.post('/cabinet/email/verify', { id, code });
    assert.equal(late.statusCode, 400);
    assert.match(late.body, /Час дії коду \(10 хвилин\) минув/);
  });

  test('the person who reads the letter gets the role, once, with an audit entry that names no address', async () => {
    const { browser, userId } = await person('Справжня', 'typed-in-id-gov-ua@example.com');
    assert.doesNotMatch((await browser.get('/cabinet')).body, /на вас чекає запрошення до ролі/, 'nothing waits for the reported address');
    const { id, code } = await requestEmailConfirmation(t, browser, INVITED);
    const done = await browser.post('/cabinet/email/verify', { id, code, return: '/koriukivka/manage/settings' });
    assert.equal(done.statusCode, 200);
    assert.match(done.body, /Адреса new\.moderator@koriukivka-rada\.example ваша\. Ви отримали 1 роль, до яких вас запросили/);
    assert.match(done.body, /href="\/koriukivka\/manage\/settings"/);
    assert.equal((await browser.get('/koriukivka/manage/settings')).statusCode, 200);
    const audit = await t.ctx.db.selectFrom('audit_log').selectAll().where('action', '=', 'role.claimed-by-confirmed-email').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_user_id, userId);
    assert.doesNotMatch(JSON.stringify(audit[0]), /@/, 'no address in the audit log');
    const again = await browser.post('/cabinet/email/verify', { id, code });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /Цей код уже використано/);
    // The grant is spent: a later confirmation of the address by someone else hands over nothing.
    const late = await person('Пізній', 'late@example.com');
    const second = await requestEmailConfirmation(t, late.browser, INVITED);
    const res = await late.browser.post('/cabinet/email/verify', { id: second.id, code: second.code });
    assert.match(res.body, /Запрошень за нею немає/);
    assert.equal((await late.browser.get('/koriukivka/manage/settings')).statusCode, 403);
  });

  test('bad input gets a clear error; codes per account are limited; guests are sent to sign in', async () => {
    const { browser } = await person('Поспішний', 'hasty@example.com');
    const bad = await browser.post('/cabinet/email', { email: 'не адреса' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Введіть пошту у форматі name@example.com/);
    const letters = await browser.post('/cabinet/email/verify', { id: '1', code: 'abc' });
    assert.equal(letters.statusCode, 400);
    assert.match(letters.body, /Введіть 6 цифр із листа/);
    for (let i = 0; i < 5; i++) assert.equal((await browser.post('/cabinet/email', { email: 'hasty@example.com' })).statusCode, 303);
    const sixth = await browser.post('/cabinet/email', { email: 'hasty@example.com' });
    assert.equal(sixth.statusCode, 429);
    assert.match(sixth.body, /Забагато кодів/);
    const guest = await t.browser().get('/cabinet/email');
    assert.equal(guest.statusCode, 303);
    assert.match(String(guest.headers.location), /^\/auth\/sign-in\?return=/);
  });
});
