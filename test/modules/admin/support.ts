/** Helpers of the admin module's tests: multipart forms as a browser sends them, typed sign-in, mail. */
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp, TestBrowser } from '../../helpers/test-app.js';
import { makeRnokpp } from '../../../src/core/identity/rnokpp.js';

export interface UploadFile {
  name: string;
  type: string;
  data: Buffer;
}

/** Posts multipart/form-data with this browser's cookies and CSRF token; a field may repeat. */
export async function postMultipart(
  t: TestApp,
  browser: TestBrowser,
  url: string,
  fields: Record<string, string | string[]>,
  files: Record<string, UploadFile | null> = {},
): Promise<LightMyRequestResponse> {
  const boundary = `----viche${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  const all: Record<string, string | string[]> = { _csrf: await browser.csrfToken(), ...fields };
  for (const [k, v] of Object.entries(all)) {
    for (const x of Array.isArray(v) ? v : [v]) {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${x}\r\n`, 'utf8'));
    }
  }
  for (const [k, f] of Object.entries(files)) {
    // An empty file input: the browser still sends the part, with no name and no bytes.
    const head = f
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename=""\r\nContent-Type: application/octet-stream\r\n\r\n`;
    chunks.push(Buffer.from(head, 'utf8'), f ? f.data : Buffer.alloc(0), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const res = await t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: browser.jar.header(), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat(chunks),
  });
  browser.jar.store(res.headers['set-cookie']);
  return res;
}

/**
 * Signs in through the emulator as a person typed on its page (not a demo person): the way a newly
 * invited moderator, unknown to the demo, signs in.
 */
export async function signInTyped(
  t: TestApp,
  browser: TestBrowser,
  person: { lastName: string; firstName: string; patronymic: string; birthDate: string; serial: number; address: string; email: string },
  returnTo = '/cabinet',
): Promise<LightMyRequestResponse> {
  const start = await browser.get(`/auth/idgovua/start?return=${encodeURIComponent(returnTo)}`);
  const authorize = new URL(String(start.headers.location));
  const form = new URLSearchParams(authorize.searchParams);
  form.set('typed', '1');
  form.set('lastName', person.lastName);
  form.set('firstName', person.firstName);
  form.set('patronymic', person.patronymic);
  form.set('rnokpp', makeRnokpp(person.birthDate, person.serial));
  form.set('birthDate', person.birthDate);
  form.set('address', person.address);
  form.set('email', person.email);
  form.set('phone', '+380671234567');
  form.set('method', 'diia_id');
  const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
  if (consent.status !== 302) throw new Error(`emulator refused the typed person: ${consent.status} ${await consent.text()}`);
  const back = new URL(String(consent.headers.get('location')));
  return browser.get(back.pathname + back.search);
}

export async function mailsTo(t: TestApp, to: string): Promise<{ subject: string; text: string }[]> {
  const rows = await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', to).orderBy('id').execute();
  return rows.map((r) => ({ subject: r.subject, text: r.body_text }));
}
