import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { completeSmsStep } from '../helpers/weak-sign-in.js';

const SESSION = 'viche_session';

/** Asks for a code as a browser would; returns the code's id and the code from the mail in the outbox. */
async function requestCode(t: TestApp, b: TestBrowser, email: string, opts: { phone?: string; returnTo?: string } = {}) {
  const res = await b.post('/auth/email', { return: opts.returnTo ?? '/koriukivka', email, phone: opts.phone ?? '+380671234567' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const m = /^\/auth\/email\/verify\?id=(\d+)$/.exec(String(res.headers.location));
  assert.ok(m, `redirected to the code page, got ${String(res.headers.location)}`);
  const mail = await t.ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email.toLowerCase())
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /Ваш код для входу: (\d{6})/.exec(mail.body_text)?.[1];
  assert.ok(code, 'the mail holds a 6-digit code');
  return { id: m[1]!, code };
}

function otherCode(code: string): string {
  return String((Number(code) + 1) % 1_000_000).padStart(6, '0');
}

async function codeRow(t: TestApp, id: string) {
  return t.ctx.db.selectFrom('email_codes').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
}

describe('sign-in with an e-mail code and a phone number', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('is not offered where the community accepts only id.gov.ua', async () => {
    const b = t.browser();
    const lvivSignIn = await b.get('/auth/sign-in?return=/lviv');
    assert.ok(!lvivSignIn.body.includes('/auth/email?'), 'no e-mail option for Lviv');
    const koriukivkaSignIn = await b.get('/auth/sign-in?return=/koriukivka');
    assert.ok(koriukivkaSignIn.body.includes('href="/auth/email?return=%2Fkoriukivka"'), 'offered in Koriukivka');

    const res = await b.get('/auth/email?return=/lviv');
    assert.equal(res.statusCode, 403);
    assert.ok(res.body.includes('Вхід через пошту недоступний'));
    assert.ok(res.body.includes('Ця громада приймає лише вхід через id.gov.ua.'));
    // Nor without a community at all.
    assert.equal((await b.get('/auth/email')).statusCode, 403);

    // Posting the form directly is refused too, and sends nothing.
    const before = await sql<{ n: number }>`select count(*)::int as n from email_codes`.execute(t.ctx.db);
    const post = await b.post('/auth/email', { return: '/lviv', email: 'lviv.resident@example.com', phone: '+380671234567' });
    assert.equal(post.statusCode, 403);
    const afterCount = await sql<{ n: number }>`select count(*)::int as n from email_codes`.execute(t.ctx.db);
    assert.equal(afterCount.rows[0]!.n, before.rows[0]!.n);
    const mails = await t.ctx.db.selectFrom('mail_outbox').select('id').where('to_address', '=', 'lviv.resident@example.com').execute();
    assert.equal(mails.length, 0);
  });

  test('a bad e-mail and a bad phone: 400, an error summary linking to the fields, the typed values kept', async () => {
    const b = t.browser();
    const form = await b.get('/auth/email?return=/koriukivka');
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes('Це слабший рівень входу'));

    const res = await b.post('/auth/email', { return: '/koriukivka', email: 'olena@', phone: '12345' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Помилка: Вхід з кодом на пошту/);
    assert.match(res.body, /class="error-summary"/);
    assert.ok(res.body.includes('<a href="#email">Введіть пошту у форматі name@example.com</a>'));
    assert.ok(res.body.includes('<a href="#phone">Введіть український номер: +380 і 9 цифр</a>'));
    assert.match(res.body, /<input[^>]*id="email"[^>]*value="olena@"/);
    assert.match(res.body, /<input[^>]*id="phone"[^>]*value="12345"/);
    assert.match(res.body, /<input[^>]*id="email"[^>]*aria-invalid="true"/);
    assert.ok(res.body.includes('name="return" value="/koriukivka"'), 'the return path survives the error');
    assert.equal(b.jar.get(SESSION), undefined);

    const empty = await b.post('/auth/email', { return: '/koriukivka', email: '', phone: '' });
    assert.equal(empty.statusCode, 400);
    assert.ok(empty.body.includes('<a href="#email">Введіть електронну пошту</a>'));
    assert.ok(empty.body.includes('<a href="#phone">Введіть номер телефону</a>'));

    // One field right, one wrong: only the wrong one is flagged, the right one kept.
    const half = await b.post('/auth/email', { return: '/koriukivka', email: 'olena@example.com', phone: '+1 555 123 4567' });
    assert.equal(half.statusCode, 400);
    assert.ok(!half.body.includes('href="#email"'));
    assert.ok(half.body.includes('<a href="#phone">'));
    assert.match(half.body, /<input[^>]*id="email"[^>]*value="olena@example.com"/);
    assert.match(half.body, /<input[^>]*id="phone"[^>]*value="\+1 555 123 4567"/);

    const codes = await sql<{ n: number }>`select count(*)::int as n from email_codes where email like 'olena@%'`.execute(t.ctx.db);
    assert.equal(codes.rows[0]!.n, 0, 'no code is made for a bad form');
  });

  test('a wrong code is refused with the tries left, and the typed code kept', async () => {
    const b = t.browser();
    const { id, code } = await requestCode(t, b, 'wrong.code@example.com');
    const res = await b.post('/auth/email/verify', { id, code: otherCode(code) });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('Код неправильний. Залишилося спроб: 4'));
    assert.match(res.body, /<title>Помилка: /);
    assert.ok(res.body.includes(`value="${otherCode(code)}"`));
    assert.equal(b.jar.get(SESSION), undefined);
    assert.equal((await codeRow(t, id)).attempts, 1);

    // Not six digits: asked again, without spending a try.
    const short = await b.post('/auth/email/verify', { id, code: '12a' });
    assert.equal(short.statusCode, 400);
    assert.ok(short.body.includes('Введіть 6 цифр із листа'));
    assert.equal((await codeRow(t, id)).attempts, 1);

    // The right code still works after a wrong one.
    const ok = await b.post('/auth/email/verify', { id, code });
    assert.equal(ok.statusCode, 303);
  });

  test('after 5 wrong tries even the right code is refused', async () => {
    const b = t.browser();
    const { id, code } = await requestCode(t, b, 'five.tries@example.com');
    for (let left = 4; left >= 0; left--) {
      const res = await b.post('/auth/email/verify', { id, code: otherCode(code) });
      assert.equal(res.statusCode, 400);
      assert.ok(res.body.includes(`Залишилося спроб: ${left}`), `${left} tries left`);
    }
    const right = await b.post('/auth/email/verify', { id, code });
    assert.equal(right.statusCode, 400);
    assert.ok(right.body.includes('Вичерпано 5 спроб. Запросіть новий код.'));
    assert.equal(b.jar.get(SESSION), undefined);
    const row = await codeRow(t, id);
    assert.equal(row.attempts, 5);
    assert.equal(row.used_at, null);
  });

  test('an expired code is refused with a clear page and no session', async () => {
    const b = t.browser();
    const { id, code } = await requestCode(t, b, 'too.late@example.com');
    t.clock.advance(11 * 60_000);
    const res = await b.post('/auth/email/verify', { id, code });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('Код недійсний'));
    assert.ok(res.body.includes('Час дії коду (10 хвилин) минув. Запросіть новий.'));
    assert.ok(res.body.includes('href="/auth/sign-in"'));
    assert.doesNotMatch(String(res.headers['set-cookie'] ?? ''), /viche_session=[^;]/);
    assert.equal(b.jar.get(SESSION), undefined);
    assert.equal((await codeRow(t, id)).used_at, null);
  });

  test('a code is usable once', async () => {
    const b = t.browser();
    const { id, code } = await requestCode(t, b, 'once.only@example.com');
    const first = await completeSmsStep(t, b, await b.post('/auth/email/verify', { id, code }));
    assert.equal(first.statusCode, 303);
    assert.ok(b.jar.get(SESSION));
    b.jar.delete(SESSION);
    const second = await b.post('/auth/email/verify', { id, code });
    assert.equal(second.statusCode, 400);
    assert.ok(second.body.includes('Цей код уже використано'));
    assert.equal(b.jar.get(SESSION), undefined);
  });

  test('a code from another browser is refused (and stays usable by its own browser)', async () => {
    const mine = t.browser();
    const { id, code } = await requestCode(t, mine, 'stolen.code@example.com');
    const thief = t.browser();
    const res = await thief.post('/auth/email/verify', { id, code });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('не ваш'));
    assert.equal(thief.jar.get(SESSION), undefined);
    assert.equal((await codeRow(t, id)).attempts, 0, 'another browser cannot even spend tries');
    const ok = await mine.post('/auth/email/verify', { id, code });
    assert.equal(ok.statusCode, 303);
  });

  test('success: 303 to the return path with a session; the phone is stored as +380…, the e-mail in lower case', async () => {
    const b = t.browser();
    const { id, code } = await requestCode(t, b, 'Petro.Pryluky@Example.COM', { phone: '(067) 765-43-21', returnTo: '/pryluky' });
    const stored = await codeRow(t, id);
    assert.equal(stored.email, 'petro.pryluky@example.com');
    assert.equal(stored.phone, '+380677654321');
    assert.equal(stored.return_to, '/pryluky');

    const res = await completeSmsStep(t, b, await b.post('/auth/email/verify', { id, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` }));
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/pryluky');
    assert.match(String(res.headers['set-cookie']), /viche_session=[^;]+;.*HttpOnly/i);
    assert.ok((await codeRow(t, id)).used_at);

    const user = await t.ctx.db.selectFrom('users').selectAll().where('email', '=', 'petro.pryluky@example.com').executeTakeFirstOrThrow();
    assert.equal(user.phone, '+380677654321');
    assert.equal(user.verification_level, 'email');
    assert.equal(user.identity_key, null);

    const cabinet = await b.get('/cabinet');
    assert.equal(cabinet.statusCode, 200);
    assert.ok(cabinet.body.includes('Ел. пошта й телефон (слабший рівень)'));
    assert.ok(cabinet.body.includes('+380677654321'));

    // Other spellings of Ukrainian numbers come out the same.
    for (const [typed, want] of [
      ['380 67 111 22 33', '+380671112233'],
      ['0671112234', '+380671112234'],
      ['+380 (67) 111-22-35', '+380671112235'],
    ] as const) {
      const r = await requestCode(t, t.browser(), `phone.${want.slice(-4)}@example.com`, { phone: typed });
      assert.equal((await codeRow(t, r.id)).phone, want, typed);
    }

    // Signing in again with the same e-mail keeps one account.
    const b2 = t.browser();
    const again = await requestCode(t, b2, 'petro.pryluky@example.com', { returnTo: '/pryluky' });
    assert.equal((await completeSmsStep(t, b2, await b2.post('/auth/email/verify', { id: again.id, code: again.code }))).statusCode, 303);
    const accounts = await sql<{ n: number }>`select count(*)::int as n from users where lower(email) = 'petro.pryluky@example.com'`.execute(t.ctx.db);
    assert.equal(accounts.rows[0]!.n, 1);
  });
});
