/**
 * The shared cache of signed-out visitors' pages (core/http/page-cache.ts): served from the cache with
 * the visitor's own CSRF token, never to a signed-in person, fresh after a write, never storing a
 * response that set a cookie; and ETag/304 on the same pages.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../helpers/test-app.js';
import { collectingPetition } from '../helpers/petitions.js';
import { modules as allModules } from '../../src/modules/index.js';
import type { ModuleManifest } from '../../src/core/modules/manifest.js';

const tokenOf = (html: string) => /<meta name="csrf-token" content="([^"]+)"/.exec(html)?.[1];

/** A test-only page that sets a cookie of its own, on a route that opts in to the cache. */
const cookiePage: ModuleManifest = {
  id: 'cookie-page',
  name: { uk: 'Тест', en: 'Test' },
  routes: async (app) => {
    let renders = 0;
    app.get('/cookie-page', { config: { pageCache: true } }, async (_req, reply) => {
      renders++;
      reply.setCookie('viche_flash', 'hello', { path: '/' });
      return reply.type('text/html; charset=utf-8').send(`<p>render ${renders}</p>`);
    });
  },
};

describe('the shared cache of anonymous pages', () => {
  let t: TestApp;
  let petitionId: number;
  let signer: TestBrowser;
  before(async () => {
    t = await createTestApp();
    // Read on each request: the test app's config has the cache off, as every other test file wants.
    t.ctx.config.pageCacheSeconds = 5;
    petitionId = await collectingPetition(t, 'lviv', 'Ліхтарі на Садовій');
    signer = await signedInAs(t, demo.andrii);
  });
  after(async () => t.close());

  const anon = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  test('a second anonymous read of a page comes from the cache, with the reader’s own CSRF token', async () => {
    const first = t.browser();
    const a = await first.get('/lviv/petitions');
    assert.equal(a.statusCode, 200);
    assert.equal(a.headers['x-cache'], 'miss');
    const second = t.browser();
    const b = await second.get('/lviv/petitions');
    assert.equal(b.headers['x-cache'], 'hit');
    const tokenA = tokenOf(a.body);
    const tokenB = tokenOf(b.body);
    assert.ok(tokenA && tokenB && tokenA !== tokenB, 'each browser gets a token of its own');
    assert.equal(b.body, a.body.split(tokenA).join(tokenB), 'the same page otherwise');
    // The new browser got its browser-id cookie on the hit too, and its token works for a form.
    assert.match(String(b.headers['set-cookie']), /viche_browser=/);
    assert.equal(await second.csrfToken(), tokenB);
    // Language is part of the key.
    const en = await anon('/lviv/petitions', { cookie: 'viche_lang=en' });
    assert.equal(en.headers['x-cache'], 'miss');
    assert.match(en.body, /<html lang="en"/);
  });

  test('a signed-in person never gets the anonymous copy, nor another person’s page', async () => {
    await anon('/lviv');
    assert.equal((await anon('/lviv')).headers['x-cache'], 'hit');
    const olena = await signedInAs(t, demo.olena);
    const hers = await olena.get('/lviv');
    assert.equal(hers.headers['x-cache'], undefined, 'not served from, nor stored into, the cache');
    assert.match(hers.body, /Коваленко Олена/);
    const his = await signer.get('/lviv');
    assert.equal(his.headers['x-cache'], undefined);
    assert.match(his.body, /Шевчук Андрій/);
    assert.doesNotMatch(his.body, /Коваленко Олена/);
    const anonymous = await anon('/lviv');
    assert.equal(anonymous.headers['x-cache'], 'hit');
    assert.doesNotMatch(anonymous.body, /Коваленко Олена|Шевчук Андрій/);
    // A stale session cookie is someone too: no shared copy.
    assert.equal((await anon('/lviv', { cookie: 'viche_session=expired' })).headers['x-cache'], undefined);
  });

  test('a signature makes the next anonymous read of the petition fresh', async () => {
    const url = `/lviv/petitions/${petitionId}`;
    const count = (html: string) => Number(/(\d+) з 100 підпис/.exec(html)?.[1]);
    const before = await anon(url);
    assert.equal(count(before.body), 0);
    assert.equal((await anon(url)).headers['x-cache'], 'hit');
    assert.equal((await signer.post(`${url}/sign`, {})).statusCode, 303);
    const fresh = await anon(url);
    assert.equal(fresh.headers['x-cache'], 'miss');
    assert.equal(count(fresh.body), 1);
  });

  test('a moderator’s publication makes the next anonymous read of the list fresh', async () => {
    const other = await collectingPetition(t, 'lviv', 'Велодоріжка на Городоцькій');
    await sql`update petitions set status = 'moderation', published_at = null where id = ${other}`.execute(t.ctx.db);
    const list = await anon('/lviv/petitions');
    assert.doesNotMatch(list.body, />Велодоріжка на Городоцькій<\/a>/);
    assert.equal((await anon('/lviv/petitions')).headers['x-cache'], 'hit');
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    assert.equal((await moderator.post(`/lviv/manage/petitions/${other}/publish`, {})).statusCode, 303);
    const fresh = await anon('/lviv/petitions');
    assert.equal(fresh.headers['x-cache'], 'miss');
    assert.match(fresh.body, />Велодоріжка на Городоцькій<\/a>/);
  });

  test('ETag: If-None-Match gets 304 with no body, from the cache and from a fresh render', async () => {
    const b = t.browser();
    const page = await b.get('/lviv/consultations');
    const etag = String(page.headers.etag);
    assert.match(etag, /^W\/"/);
    assert.equal(page.headers['cache-control'], 'private, no-cache');
    const again = await t.app.inject({ method: 'GET', url: '/lviv/consultations', headers: { cookie: b.jar.header(), 'if-none-match': etag } });
    assert.equal(again.headers['x-cache'], 'hit');
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    // Another browser's copy differs by its token, so its ETag differs.
    const other = await anon('/lviv/consultations', { 'if-none-match': etag });
    assert.equal(other.statusCode, 200);
    // A signed-in person's page has an ETag too, answered from a fresh render.
    const mine = await signer.get('/lviv/consultations');
    const revalidated = await t.app.inject({
      method: 'GET',
      url: '/lviv/consultations',
      headers: { cookie: signer.jar.header(), 'if-none-match': String(mine.headers.etag) },
    });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.body, '');
  });

  test('a feed reader asking for a cached list page is sent on to the feed, and the page still varies on what compression and feeds add', async () => {
    await anon('/lviv/notices');
    const cached = await anon('/lviv/notices', { 'accept-encoding': 'gzip' });
    assert.equal(cached.headers['x-cache'], 'hit');
    const vary = String(cached.headers['vary']);
    for (const v of ['Accept', 'Cookie']) assert.match(vary, new RegExp(`(^|, *)${v}(,|$)`, 'i'), `Vary names ${v}: ${vary}`);
    const reader = await anon('/lviv/notices', { accept: 'application/atom+xml' });
    assert.equal(reader.statusCode, 303, 'not the cached HTML');
    assert.equal(reader.headers.location, '/lviv/notices.atom');
  });
});

describe('statistics reports', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    t.ctx.config.pageCacheSeconds = 5;
  });
  after(async () => t.close());

  test('a signed-in reader gets the shared report, and a signature makes the next one fresh', async () => {
    const petition = await collectingPetition(t, 'lviv', 'Ліхтарі на Садовій');
    const olena = await signedInAs(t, demo.olena);
    const before = await olena.get('/lviv/stats');
    assert.equal(before.statusCode, 200);
    assert.equal(before.headers['x-cache'], undefined, 'the page itself is rendered for her');
    assert.equal((await olena.get('/lviv/stats')).body, before.body);
    assert.equal((await olena.post(`/lviv/petitions/${petition}/sign`, {})).statusCode, 303);
    const after = await olena.get('/lviv/stats');
    assert.notEqual(after.body, before.body, 'the figures counted the signature');
  });
});

describe('a response that sets a cookie', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false, modules: [...allModules, cookiePage] });
    t.ctx.config.pageCacheSeconds = 5;
  });
  after(async () => t.close());

  test('is never stored in the cache', async () => {
    const first = await t.app.inject({ method: 'GET', url: '/cookie-page' });
    const second = await t.app.inject({ method: 'GET', url: '/cookie-page' });
    assert.equal(first.body, '<p>render 1</p>');
    assert.equal(second.body, '<p>render 2</p>');
    assert.equal(second.headers['x-cache'], 'miss');
    assert.match(String(second.headers['set-cookie']), /viche_flash=hello/);
  });
});
