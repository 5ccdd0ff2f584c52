/** Drives the cabinet's "confirm your e-mail" pages as a person would, reading the code from the outbox. */
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from './test-app.js';

/** Asks for a code to `email`; returns the confirmation's id and the code from the letter. */
export async function requestEmailConfirmation(t: TestApp, b: TestBrowser, email: string): Promise<{ id: string; code: string }> {
  const res = await b.post('/cabinet/email', { email, return: '/cabinet' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const m = /^\/cabinet\/email\/verify\?id=(\d+)&/.exec(String(res.headers.location));
  assert.ok(m, `redirected to the code page, got ${String(res.headers.location)}`);
  const mail = await t.ctx.db.selectFrom('mail_outbox').select('body_text').where('to_address', '=', email).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const code = /підтвердити цю адресу у кабінеті Віче: (\d{6})/.exec(mail.body_text)?.[1];
  assert.ok(code, 'the letter holds a 6-digit code');
  return { id: m[1]!, code };
}

/** The whole confirmation: the code asked for and entered; returns the page that follows. */
export async function confirmEmailAddress(t: TestApp, b: TestBrowser, email: string): Promise<LightMyRequestResponse> {
  const { id, code } = await requestEmailConfirmation(t, b, email);
  const res = await b.post('/cabinet/email/verify', { id, code, return: '/cabinet' });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  assert.match(res.body, /Адресу підтверджено/);
  return res;
}
