/**
 * The weaker sign-in, driven as a browser does it: the e-mail and phone form, the code from the mail in the
 * outbox, then the code from the SMS in the demo SMS outbox (or from a fake provider, see fake-sms-provider.ts).
 */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from './test-app.js';

/** The newest code sent by SMS to `phone` (+380…) in the demo outbox. */
export async function smsCodeFor(t: TestApp, phone: string): Promise<string> {
  const sms = await t.ctx.db.selectFrom('sms_outbox').selectAll().where('to_phone', '=', phone).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const code = /(\d{6})/.exec(sms.body)?.[1];
  assert.ok(code, 'the SMS holds a 6-digit code');
  return code;
}

/** The phone code's id and number that a right e-mail code led to (its redirect to the SMS step). */
export async function phoneStepOf(t: TestApp, emailVerified: LightMyRequestResponse): Promise<{ id: string; phone: string }> {
  assert.equal(emailVerified.statusCode, 303, `the e-mail code was right: ${emailVerified.body.slice(0, 300)}`);
  const m = /^\/auth\/phone\/verify\?id=(\d+)$/.exec(String(emailVerified.headers.location));
  assert.ok(m, `redirected to the SMS step, got ${String(emailVerified.headers.location)}`);
  const row = await t.ctx.db.selectFrom('phone_codes').select('phone').where('id', '=', Number(m[1])).executeTakeFirstOrThrow();
  return { id: m[1]!, phone: row.phone };
}

/**
 * After a right e-mail code (`emailVerified`, the answer to POST /auth/email/verify): the SMS step with the
 * code the phone got, as the person types it. Returns the answer to it: 303 to the return path, signed in.
 * `code` overrides the code read from the outbox (a fake provider's, say).
 */
export async function completeSmsStep(t: TestApp, b: TestBrowser, emailVerified: LightMyRequestResponse, code?: string): Promise<LightMyRequestResponse> {
  const step = await phoneStepOf(t, emailVerified);
  return b.post('/auth/phone/verify', { id: step.id, code: code ?? (await smsCodeFor(t, step.phone)) });
}

/** Asks for the e-mail code; returns its id and the code from the mail in the outbox. */
export async function requestEmailCode(
  t: TestApp,
  b: TestBrowser,
  email: string,
  phone: string,
  returnTo: string,
): Promise<{ res: LightMyRequestResponse; id: string; code: string }> {
  const res = await b.post('/auth/email', { return: returnTo, email, phone });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const id = /^\/auth\/email\/verify\?id=(\d+)$/.exec(String(res.headers.location))?.[1];
  assert.ok(id, `redirected to the code page, got ${String(res.headers.location)}`);
  const mail = await t.ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email.toLowerCase())
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /(?:Ваш код для входу|Your sign-in code): (\d{6})/.exec(mail.body_text)?.[1];
  assert.ok(code, 'the mail holds a 6-digit code');
  return { res, id, code };
}

/** The whole weaker sign-in: both codes right. Returns the last answer (303 to `returnTo`, signed in). */
export async function signInWithEmail(t: TestApp, b: TestBrowser, o: { email: string; phone: string; returnTo: string }): Promise<LightMyRequestResponse> {
  const { id, code } = await requestEmailCode(t, b, o.email, o.phone, o.returnTo);
  return completeSmsStep(t, b, await b.post('/auth/email/verify', { id, code }));
}

/** A new browser signed in at the weaker level (both codes right), on the way to `returnTo`. */
export async function signedInByEmail(t: TestApp, email: string, opts: { phone?: string; returnTo?: string } = {}): Promise<TestBrowser> {
  const b = t.browser();
  const res = await signInWithEmail(t, b, { email, phone: opts.phone ?? '+380671234567', returnTo: opts.returnTo ?? '/koriukivka' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  return b;
}
