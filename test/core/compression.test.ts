/**
 * What goes out compressed: stylesheets, scripts and SVG, as the browser accepts (br before gzip);
 * never HTML pages, whose CSRF tokens sit next to text people typed (BREACH).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('response compression', () => {
  let t: TestApp;
  let css: Buffer;
  before(async () => {
    t = await createTestApp({ seedModules: false });
    css = await readFile(new URL('../../public/app.css', import.meta.url));
  });
  after(async () => t.close());

  const get = (url: string, acceptEncoding?: string) =>
    t.app.inject({ method: 'GET', url, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });

  test('the stylesheet is sent with brotli when the browser takes it, else gzip, else as it is', async () => {
    const br = await get('/static/app.css', 'gzip, deflate, br');
    assert.equal(br.statusCode, 200);
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /accept-encoding/i);
    assert.ok(br.rawPayload.length < css.length / 2, `${br.rawPayload.length} bytes of ${css.length}`);
    assert.deepEqual(brotliDecompressSync(br.rawPayload), css);

    const gz = await get('/static/app.css', 'gzip');
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.rawPayload), css);

    const plain = await get('/static/app.css');
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.deepEqual(plain.rawPayload, css);
  });

  test('HTML pages are never compressed, even when the browser asks', async () => {
    for (const url of ['/', '/lviv', '/auth/sign-in']) {
      const res = await get(url, 'gzip, deflate, br');
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /^text\/html/, url);
      assert.equal(res.headers['content-encoding'], undefined, url);
      assert.match(res.body, /<html lang="uk">/, url);
    }
  });

  test('nor is anything else but stylesheets, scripts and SVG: the API answers as it is', async () => {
    const res = await get('/api/v1/communities', 'gzip, deflate, br');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.ok(res.rawPayload.length > 1024, 'big enough that it would have been compressed');
    assert.equal(res.headers['content-encoding'], undefined);
    assert.doesNotThrow(() => JSON.parse(res.body));
  });
});
