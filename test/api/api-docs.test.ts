/**
 * The interactive reference at /api/docs: Scalar, served from our own origin, with its own
 * Content-Security-Policy; every other page keeps the site's policy.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('the interactive API reference', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t?.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });

  test('/api/docs answers with Scalar loaded from our origin, its one inline script allowed by hash', async () => {
    const bare = await get('/api/docs');
    assert.equal(bare.statusCode, 301, 'the page loads its script by a relative path, so the address ends in a slash');
    assert.equal(bare.headers.location, '/api/docs/');
    const page = await get('/api/docs/');
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    const sources = scripts.map((m) => /\bsrc="([^"]+)"/.exec(m[1]!)?.[1]).filter((s) => s !== undefined);
    assert.deepEqual(sources, ['js/scalar.js'], 'the bundled script, no CDN');
    assert.doesNotMatch(page.body, /https?:\/\//, 'nothing is loaded from another origin');
    const inline = scripts.filter((m) => !/\bsrc=/.test(m[1]!)).map((m) => m[2]!);
    assert.equal(inline.length, 1);
    assert.match(inline[0]!, /Scalar\.createApiReference\('#app', \{[\s\S]*"url": "\/api\/docs\/openapi\.json"/);
    const hash = createHash('sha256').update(inline[0]!).digest('base64');
    const csp = String(page.headers['content-security-policy']);
    const directives = new Map(csp.split(/;\s*/).map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('script-src'), ["'self'", `'sha256-${hash}'`]);
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('connect-src'), ["'self'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.doesNotMatch(csp, /unsafe-eval/);

    const js = await get('/api/docs/js/scalar.js');
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /^application\/javascript/);
    assert.ok(js.body.length > 100_000);
    assert.equal(js.headers['cache-control'], 'public, max-age=86400');
    const doc = await get('/api/docs/openapi.json');
    assert.equal(doc.statusCode, 200);
    assert.match((doc.json() as { openapi: string }).openapi, /^3\.0\./);
  });

  test('every other page keeps the site’s policy, unchanged', async () => {
    const site = [
      "default-src 'self'",
      "base-uri 'self'",
      "font-src 'self' https: data:",
      `form-action 'self' ${t.emulator.url}`,
      "frame-ancestors 'none'",
      "img-src 'self' data: https://tile.openstreetmap.org",
      "object-src 'none'",
      "script-src 'self'",
      "script-src-attr 'none'",
      "style-src 'self'",
    ].join(';');
    for (const url of ['/', '/api', '/api/docs/openapi.json', '/api/v1/communities', '/lviv', '/api/docs-not', '/static/app.css']) {
      const res = await get(url);
      assert.equal(res.headers['content-security-policy'], site, url);
    }
  });
});
