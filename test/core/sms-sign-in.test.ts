/**
 * The weaker sign-in's SMS step (issue #17, point 3): after the e-mail's code, a code by SMS to the phone;
 * the session only after both. Codes hashed, 10 minutes, 5 tries; limits per number, per network and
 * per day; the demo outbox at /dev/sms; the HTTP provider adapter against a local fake provider.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../src/core/config.js';
import { createSmsSender, SmsError } from '../../src/core/sms/sender.js';
import { phoneKey } from '../../src/core/identity/phone.js';
import { createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { completeSmsStep, phoneStepOf, requestEmailCode, smsCodeFor } from '../helpers/weak-sign-in.js';
import { startFakeSmsProvider, type FakeSmsProvider } from '../helpers/fake-sms-provider.js';

const SESSION = 'viche_session';
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/** E-mail code asked for and typed right: the answer is the redirect to the SMS step (or a refusal). */
async function pastEmail(t: TestApp, b: TestBrowser, email: string, phone: string, returnTo = '/koriukivka'): Promise<LightMyRequestResponse> {
  const { id, code } = await requestEmailCode(t, b, email, phone, returnTo);
  return b.post('/auth/email/verify', { id, code });
}

describe('the SMS step of the weaker sign-in', { concurrency: 1 }, () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('a right e-mail code leads to the SMS step, not to a session; the code is sent and kept only hashed', async () => {
    const b = t.browser();
    const res = await pastEmail(t, b, 'sms.step@example.com', '(067) 555-12-34');
    assert.equal(res.statusCode, 303);
    assert.match(String(res.headers.location), /^\/auth\/phone\/verify\?id=\d+$/);
    assert.equal(b.jar.get(SESSION), undefined, 'no session after the e-mail alone');

    const step = await phoneStepOf(t, res);
    assert.equal(step.phone, '+380675551234');
    const code = await smsCodeFor(t, '+380675551234');
    const row = await t.ctx.db.selectFrom('phone_codes').selectAll().where('id', '=', Number(step.id)).executeTakeFirstOrThrow();
    assert.match(row.code_hash, /^[0-9a-f]{64}$/);
    assert.ok(!Object.values(row).some((v) => String(v).includes(code)), 'the code is nowhere in clear');

    const page = await b.get(String(res.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Введіть код із SMS<\/h1>/);
    assert.ok(page.body.includes('Крок 2 з 2: телефон'));
    assert.ok(page.body.includes('+380 67 *** ** 34'), 'the number, masked, to spot a typo');
    assert.match(page.body, /<label for="code">Код із SMS<\/label>/);
    assert.match(page.body, /<input id="code" name="code"[^>]*autocomplete="one-time-code"/);
    assert.ok(page.body.includes('href="/auth/email?return=%2Fkoriukivka"'), 'a wrong number: start again');
    assert.ok(!page.body.includes('<script'), 'no script needed');

    // Typed with spaces, as people do: signed in, back where they came from.
    const done = await b.post('/auth/phone/verify', { id: step.id, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/koriukivka');
    assert.ok(b.jar.get(SESSION));
    const user = await t.ctx.db.selectFrom('users').selectAll().where('email', '=', 'sms.step@example.com').executeTakeFirstOrThrow();
    assert.equal(user.phone, '+380675551234');
    assert.equal(user.phone_key, phoneKey(t.ctx.config.secretKey, '+380675551234'));
    assert.ok(user.phone_verified_at);

    b.jar.delete(SESSION);
    const reuse = await b.post('/auth/phone/verify', { id: step.id, code });
    assert.equal(reuse.statusCode, 400);
    assert.ok(reuse.body.includes('Цей код уже використано'));
    assert.equal(b.jar.get(SESSION), undefined);
  });

  test('a wrong SMS code: 400 with the tries left and the field flagged; not six digits spends no try', async () => {
    const b = t.browser();
    const step = await phoneStepOf(t, await pastEmail(t, b, 'sms.wrong@example.com', '+380675551235'));
    const code = await smsCodeFor(t, '+380675551235');
    const res = await b.post('/auth/phone/verify', { id: step.id, code: wrong(code) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<title>Помилка: /);
    assert.ok(res.body.includes('<a href="#code">Код неправильний. Залишилося спроб: 4</a>'));
    assert.match(res.body, /<input id="code"[^>]*aria-invalid="true"/);
    const short = await b.post('/auth/phone/verify', { id: step.id, code: '12a' });
    assert.equal(short.statusCode, 400);
    assert.ok(short.body.includes('Введіть 6 цифр із SMS'));
    const row = await t.ctx.db.selectFrom('phone_codes').select('attempts').where('id', '=', Number(step.id)).executeTakeFirstOrThrow();
    assert.equal(row.attempts, 1);
    assert.equal(b.jar.get(SESSION), undefined);
    assert.equal((await b.post('/auth/phone/verify', { id: step.id, code })).statusCode, 303);
  });

  test('five wrong tries spend the code; an expired one and another browser’s are refused', async () => {
    const b = t.browser();
    const step = await phoneStepOf(t, await pastEmail(t, b, 'sms.five@example.com', '+380675551236'));
    const code = await smsCodeFor(t, '+380675551236');
    for (let left = 4; left >= 0; left--) {
      const r = await b.post('/auth/phone/verify', { id: step.id, code: wrong(code) });
      assert.ok(r.body.includes(`Залишилося спроб: ${left}`), `${left} left`);
    }
    const right = await b.post('/auth/phone/verify', { id: step.id, code });
    assert.equal(right.statusCode, 400);
    assert.ok(right.body.includes('Вичерпано 5 спроб. Почніть вхід знову.'));
    assert.equal(b.jar.get(SESSION), undefined);

    const mine = t.browser();
    const late = await phoneStepOf(t, await pastEmail(t, mine, 'sms.late@example.com', '+380675551237'));
    const lateCode = await smsCodeFor(t, '+380675551237');
    const thief = t.browser();
    const stolen = await thief.post('/auth/phone/verify', { id: late.id, code: lateCode });
    assert.equal(stolen.statusCode, 400);
    assert.ok(stolen.body.includes('не ваш'));
    assert.equal(thief.jar.get(SESSION), undefined);
    t.clock.advance(11 * 60_000);
    const expired = await mine.post('/auth/phone/verify', { id: late.id, code: lateCode });
    assert.equal(expired.statusCode, 400);
    assert.ok(expired.body.includes('Час дії коду (10 хвилин) минув'));
    assert.equal(mine.jar.get(SESSION), undefined);
  });

  test('in English: the page and the SMS', async () => {
    const b = t.browser();
    await b.get('/lang/en?return=/');
    const res = await pastEmail(t, b, 'sms.english@example.com', '+380675551238');
    const page = await b.get(String(res.headers.location));
    assert.match(page.body, /<h1>Enter the code from the SMS<\/h1>/);
    assert.ok(page.body.includes('Step 2 of 2: phone'));
    const sms = await t.ctx.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', '+380675551238').executeTakeFirstOrThrow();
    assert.match(sms.body, /^Viche: your sign-in code is \d{6}\./);
  });

  test('limits: 5 codes an hour and 10 a day per number; the e-mail code refused meanwhile stays usable', async () => {
    const phone = '+380675550001';
    const b = t.browser();
    for (let i = 0; i < 5; i++) assert.equal((await pastEmail(t, b, `per.phone.${i}@example.com`, phone)).statusCode, 303, `code ${i + 1}`);
    const { id, code } = await requestEmailCode(t, b, 'per.phone.5@example.com', phone, '/koriukivka');
    const sixth = await b.post('/auth/email/verify', { id, code });
    assert.equal(sixth.statusCode, 429);
    assert.match(sixth.body, /Забагато спроб входу\. Спробуйте знову через \d+ хв/);
    const row = await t.ctx.db.selectFrom('email_codes').select('used_at').where('id', '=', Number(id)).executeTakeFirstOrThrow();
    assert.equal(row.used_at, null, 'the e-mail code is not spent by a refusal');
    assert.equal((await t.ctx.db.selectFrom('sms_outbox').select('id').where('to_phone', '=', phone).execute()).length, 5);

    t.clock.advance(61 * 60_000);
    // An hour later the number gets five more (its e-mail codes asked anew), and then no more that day.
    for (let i = 0; i < 5; i++) assert.equal((await pastEmail(t, b, `per.phone.day.${i}@example.com`, phone)).statusCode, 303, `code ${i + 6}`);
    t.clock.advance(61 * 60_000);
    assert.equal((await pastEmail(t, b, 'per.phone.day.last@example.com', phone)).statusCode, 429);
    assert.equal((await t.ctx.db.selectFrom('sms_outbox').select('id').where('to_phone', '=', phone).execute()).length, 10);
  });

  test('limits: 30 codes an hour per network, whatever the numbers', async () => {
    const ip = '198.51.100.7';
    const inject = async (b: TestBrowser, url: string, form: Record<string, string>) => {
      const csrf = await b.csrfToken();
      const res = await t.app.inject({
        method: 'POST',
        url,
        remoteAddress: ip,
        headers: { cookie: b.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      });
      b.jar.store(res.headers['set-cookie']);
      return res;
    };
    const attempt = async (n: number) => {
      const b = t.browser();
      const email = `net.${n}@example.com`;
      const asked = await inject(b, '/auth/email', { return: '/koriukivka', email, phone: `+38063${String(n).padStart(7, '0')}` });
      assert.equal(asked.statusCode, 303, `e-mail code ${n}`);
      const id = /id=(\d+)$/.exec(String(asked.headers.location))![1]!;
      const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
      return inject(b, '/auth/email/verify', { id, code: /Ваш код для входу: (\d{6})/.exec(mail.body_text)![1]! });
    };
    for (let n = 0; n < 30; n++) assert.equal((await attempt(n)).statusCode, 303, `SMS ${n + 1}`);
    // The e-mail step allows 60 per 10 minutes per network; the SMS step stops at 30 an hour.
    t.clock.advance(11 * 60_000);
    assert.equal((await attempt(30)).statusCode, 429);
  });

  test('ten wrong SMS codes a day per number: then even a right one is refused, and no new one is sent', async () => {
    const phone = '+380675550002';
    const ask = async (n: number) => {
      const b = t.browser();
      const step = await phoneStepOf(t, await pastEmail(t, b, `guess.sms.${n}@example.com`, phone));
      return { b, id: step.id, code: await smsCodeFor(t, phone) };
    };
    const first = await ask(0);
    for (let i = 0; i < 5; i++) assert.equal((await first.b.post('/auth/phone/verify', { id: first.id, code: wrong(first.code) })).statusCode, 400);
    const second = await ask(1);
    const third = await ask(2);
    for (let i = 0; i < 5; i++) assert.equal((await second.b.post('/auth/phone/verify', { id: second.id, code: wrong(second.code) })).statusCode, 400);
    const refused = await third.b.post('/auth/phone/verify', { id: third.id, code: third.code });
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /Забагато неправильних кодів для цього номера\. Спробуйте знову через \d+ год/);
    assert.equal(third.b.jar.get(SESSION), undefined);
    const fourth = await pastEmail(t, t.browser(), 'guess.sms.3@example.com', phone);
    assert.equal(fourth.statusCode, 429);
    assert.equal((await t.ctx.db.selectFrom('sms_outbox').select('id').where('to_phone', '=', phone).execute()).length, 3);
  });

  test('/dev/sms shows the demo outbox, filtered by number in any spelling', async () => {
    const page = await t.browser().get('/dev/sms?to=067 555 12 38');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('Локальні SMS'));
    assert.ok(page.body.includes('Провайдера SMS не налаштовано'));
    assert.match(page.body, /<label for="to">Номер телефону<\/label>/);
    assert.ok(page.body.includes('+380675551238'));
    assert.ok(!page.body.includes('+380675551234'), 'other numbers are filtered out');
  });
});

describe('SMS through an HTTP provider (SMS_URL, SMS_TOKEN)', { concurrency: 1 }, () => {
  let t: TestApp;
  let provider: FakeSmsProvider;
  before(async () => {
    provider = await startFakeSmsProvider();
    t = await createTestApp({ seedModules: false, config: { sms: { url: provider.url, token: provider.token, timeoutMs: 500 } } });
  });
  after(async () => {
    await t.close();
    await provider.close();
  });

  test('the code goes to the provider as POST {to, text} with the bearer token, and signs in', async () => {
    const b = t.browser();
    const res = await pastEmail(t, b, 'provider@example.com', '+380 50 765 43 21');
    assert.equal(provider.received.length, 1);
    const [sent] = provider.received;
    assert.equal(sent!.to, '+380507654321');
    assert.equal(sent!.authorization, `Bearer ${provider.token}`);
    const code = /(\d{6})/.exec(sent!.text)![1]!;
    assert.equal((await t.ctx.db.selectFrom('sms_outbox').select('id').execute()).length, 0, 'nothing in the demo outbox');
    const done = await completeSmsStep(t, b, res, code);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/koriukivka');
    assert.ok(b.jar.get(SESSION));
    assert.match((await t.browser().get('/dev/sms')).body, /Провайдера SMS налаштовано/);
  });

  test('a provider that refuses or does not answer: 503, asked to try later, no session', async () => {
    for (const mode of [500, 'hang'] as const) {
      provider.mode = mode;
      const b = t.browser();
      const res = await pastEmail(t, b, `refused.${mode}@example.com`, '+380507654322');
      assert.equal(res.statusCode, 503, String(mode));
      assert.ok(res.body.includes('Не вдалося надіслати SMS з кодом'));
      assert.equal(b.jar.get(SESSION), undefined);
    }
    provider.mode = 'ok';
  });

  test('the adapter’s errors name neither the number nor the text', async () => {
    provider.mode = 403;
    const sender = createSmsSender(t.ctx.db, { url: provider.url, token: 'wrong', timeoutMs: 500 }, false);
    assert.equal(sender.kind, 'http');
    await assert.rejects(sender.send('+380501112233', 'secret text 424242'), (e: unknown) => {
      assert.ok(e instanceof SmsError);
      assert.ok(!e.message.includes('380501112233') && !e.message.includes('424242'), e.message);
      assert.match(e.message, /401/);
      return true;
    });
    const unreachable = createSmsSender(t.ctx.db, { url: 'http://127.0.0.1:9/send', token: 't', timeoutMs: 500 }, false);
    await assert.rejects(unreachable.send('+380501112233', 'secret text 424242'), (e: unknown) => e instanceof SmsError && !e.message.includes('424242'));
    provider.mode = 'ok';
  });
});

describe('SMS configuration', () => {
  test('SMS_URL and SMS_TOKEN come together', () => {
    assert.deepEqual(loadConfig({}).sms, { url: null, token: null, timeoutMs: 10_000 });
    assert.deepEqual(loadConfig({ SMS_URL: 'https://sms.example/send', SMS_TOKEN: 'tok', SMS_TIMEOUT_MS: '3000' }).sms, {
      url: 'https://sms.example/send',
      token: 'tok',
      timeoutMs: 3000,
    });
    assert.throws(() => loadConfig({ SMS_URL: 'https://sms.example/send' }), /SMS_URL and SMS_TOKEN/);
    assert.throws(() => loadConfig({ SMS_TOKEN: 'tok' }), /SMS_URL and SMS_TOKEN/);
  });

  test('outside demo mode without a provider: no weaker sign-in is offered, and no /dev/sms', async () => {
    const t = await createTestApp({ seedModules: false, config: { demo: false } });
    try {
      const b = t.browser();
      assert.ok(!(await b.get('/auth/sign-in?return=/koriukivka')).body.includes('/auth/email?'));
      assert.equal((await b.get('/auth/email?return=/koriukivka')).statusCode, 403);
      assert.equal((await b.get('/dev/sms')).statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
