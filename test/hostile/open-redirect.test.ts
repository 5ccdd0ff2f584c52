/**
 * Issue #15, item 9: a `return` address (sign-in, the language switch) is followed only when it is a path
 * of this site. Every known open-redirect trick, through every route that takes `return`, ends in a
 * redirect that stays on our origin (one `/`, then neither `/` nor `\`, and no control characters or
 * spaces a browser would strip or a header could not carry) or in a 4xx page: never off-site, never 500.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { completeSmsStep } from '../helpers/weak-sign-in.js';

/** Query-string text exactly as an attacker would put it in a link (already percent-encoded). */
const RAW = [
  '//evil.example',
  '///evil.example',
  '////evil.example',
  '/%2F%2Fevil.example',
  '%2F%2Fevil.example',
  '/%5Cevil.example',
  '%5C%5Cevil.example',
  '/%5C/evil.example',
  '/%09/evil.example/',
  '/%0B/evil.example',
  '/%0A/evil.example',
  '/%0D/evil.example',
  '%09//evil.example',
  '/%0D%0ALocation:%20http://evil.example',
  '/%0D%0ASet-Cookie:%20x=1',
  '/%00//evil.example',
  '/%7F',
  '/%C2%85//evil.example',
  'https://evil.example',
  'https:evil.example',
  'http:/evil.example',
  '//evil.example@viche.test',
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '/.//evil.example',
  '/./%5Cevil.example',
  '/lviv/..//evil.example',
  '/lviv/%2E%2E//evil.example',
  '/%2e%2e//evil.example',
  '/%20/evil.example',
  '/%E3%80%82evil.example',
  '/%EF%BF%BF',
  '/auth/email/verify',
];

/** The same ideas as the values the app decodes (sent percent-encoded, so every byte arrives as is). */
const DECODED = [
  '//evil.example',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/\\t/evil',
  '/\x0b/evil.example',
  '/\r\n/evil.example',
  '/\r\nLocation: http://evil.example',
  '/ /evil.example',
  '/\u2028//evil.example',
  '/\u00a0//evil.example',
  '/.//evil.example',
  '/.\\\\evil.example',
  'https://evil.example',
  'javascript:alert(1)',
];

function isSafeLocation(loc: string): boolean {
  // One slash, then something that is neither a slash nor a backslash; printable ASCII only.
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(loc) && loc !== '/') return false;
  // And a browser resolving it (which strips tabs and newlines and reads \ as /) stays here.
  return new URL(loc, 'https://viche.test').origin === 'https://viche.test';
}

function assertSafe(what: string, res: LightMyRequestResponse): void {
  assert.ok(res.statusCode < 500, `${what}: ${res.statusCode}`);
  if (res.statusCode >= 300 && res.statusCode < 400) {
    const loc = String(res.headers.location);
    assert.ok(isSafeLocation(loc), `${what}: redirected to ${JSON.stringify(loc)}`);
  } else {
    assert.ok(res.statusCode >= 200 && res.statusCode < 500, `${what}: ${res.statusCode}`);
  }
}

/** Every `return=` value in the page's links and hidden fields, decoded, must itself be safe. */
function assertLinksSafe(what: string, body: string): void {
  for (const m of body.matchAll(/[?&](?:amp;)?return=([^"&]*)/g)) {
    const v = decodeURIComponent(m[1]!);
    assert.ok(isSafeLocation(v), `${what}: link carries return=${JSON.stringify(v)}`);
  }
  for (const m of body.matchAll(/name="return" value="([^"]*)"/g)) {
    assert.ok(isSafeLocation(m[1]!.replace(/&amp;/g, '&')), `${what}: hidden field carries ${JSON.stringify(m[1])}`);
  }
}

const ALL_QUERIES = [...RAW, ...DECODED.map(encodeURIComponent)];

describe('return addresses: no open redirect, no 500', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('the language switch', async () => {
    const b = t.browser();
    for (const q of ALL_QUERIES) assertSafe(`/lang/uk?return=${q}`, await b.get(`/lang/uk?return=${q}`));
  });

  test('the sign-in page and the e-mail form carry only safe return addresses', async () => {
    const b = t.browser();
    for (const q of ALL_QUERIES) {
      for (const url of [`/auth/sign-in?return=${q}`, `/auth/email?return=${q}`]) {
        const res = await b.get(url);
        assertSafe(url, res);
        assertLinksSafe(url, res.body);
      }
    }
  });

  test('signing in with id.gov.ua comes back to a safe address', async () => {
    for (const q of ALL_QUERIES) {
      const b = t.browser();
      const start = await b.get(`/auth/idgovua/start?return=${q}`);
      assert.equal(start.statusCode, 303, `start ${q}: ${start.statusCode}`);
      const authorize = new URL(String(start.headers.location));
      const form = new URLSearchParams(authorize.searchParams);
      form.set('person', '0');
      form.set('method', 'diia_id');
      const consent = await fetch(new URL('/authorize', t.emulator.url), { method: 'POST', body: form, redirect: 'manual' });
      const back = new URL(String(consent.headers.get('location')));
      const done = await b.get(back.pathname + back.search);
      assert.equal(done.statusCode, 303, `callback ${q}: ${done.statusCode}`);
      assertSafe(`id.gov.ua sign-in with return=${q}`, done);
    }
  });

  test('signing in with an e-mail code comes back to a safe address', async () => {
    // Koriukivka allows e-mail sign-in, so these pass the community check and reach the final redirect.
    const returns = [
      '/koriukivka/\x0b',
      '/koriukivka/\t/evil.example',
      '/koriukivka/\r\nSet-Cookie: x=1',
      '/koriukivka/..//evil.example',
      '/koriukivka?q=пошук',
      ...DECODED,
    ];
    let n = 0;
    for (const r of returns) {
      const b: TestBrowser = t.browser();
      const email = `redirect${n++}@example.com`;
      // A number of its own for each: one number may ask for only a few SMS codes an hour.
      const res = await b.post('/auth/email', { return: r, email, phone: `+38067${String(n).padStart(7, '0')}` });
      assertSafe(`POST /auth/email return=${JSON.stringify(r)}`, res);
      if (res.statusCode !== 303) continue;
      const id = /id=(\d+)/.exec(String(res.headers.location))![1]!;
      const mail = await t.ctx.db.selectFrom('mail_outbox').selectAll().where('to_address', '=', email).executeTakeFirstOrThrow();
      const code = /(\d{6})/.exec(mail.body_text)![1]!;
      const done = await completeSmsStep(t, b, await b.post('/auth/email/verify', { id, code }));
      assert.equal(done.statusCode, 303, `verify ${JSON.stringify(r)}: ${done.statusCode}`);
      assertSafe(`e-mail sign-in with return=${JSON.stringify(r)}`, done);
    }
  });

  test('ordinary return paths still work, Cyrillic queries and fragments included', async () => {
    const b = t.browser();
    const cases: [string, string][] = [
      ['/lviv', '/lviv'],
      ['/lviv/petitions?state=active&page=2', '/lviv/petitions?state=active&page=2'],
      ['/lviv/petitions?q=пошук#list', '/lviv/petitions?q=%D0%BF%D0%BE%D1%88%D1%83%D0%BA#list'],
      ['/', '/'],
    ];
    for (const [given, expected] of cases) {
      const res = await b.get(`/lang/uk?return=${encodeURIComponent(given)}`);
      assert.equal(res.statusCode, 303, given);
      assert.equal(res.headers.location, expected, given);
    }
  });
});
