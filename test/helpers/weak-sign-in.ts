/** Signing in at the weaker level (an e-mail code plus a phone) through the app's own pages, as a browser would. */
import assert from 'node:assert/strict';
import type { TestApp, TestBrowser } from './test-app.js';

export async function signedInByEmail(t: TestApp, email: string, opts: { phone?: string; returnTo?: string } = {}): Promise<TestBrowser> {
  const b = t.browser();
  const res = await b.post('/auth/email', { return: opts.returnTo ?? '/koriukivka', email, phone: opts.phone ?? '+380671234567' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const id = /^\/auth\/email\/verify\?id=(\d+)$/.exec(String(res.headers.location))?.[1];
  assert.ok(id, 'redirected to the code page');
  const mail = await t.ctx.db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('to_address', '=', email.toLowerCase())
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const code = /Ваш код для входу: (\d{6})/.exec(mail.body_text)?.[1];
  assert.ok(code, 'the mail holds a 6-digit code');
  const verified = await b.post('/auth/email/verify', { id, code });
  assert.equal(verified.statusCode, 303, verified.body.slice(0, 300));
  return b;
}
