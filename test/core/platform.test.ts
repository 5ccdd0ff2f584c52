import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { demoCommunities } from '../../src/core/demo/communities.js';

describe('platform pages, API and operations', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('the home page shows the six tools, figures and every demo community', async () => {
    const res = await t.browser().get('/');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/html/);
    assert.match(res.body, /<html lang="uk">/);
    for (const tool of [
      'Місцеві петиції',
      'Консультації з громадськістю',
      'Громадський бюджет',
      'Шкільний громадський бюджет',
      'Відкрите місто',
      'Статистика',
    ]) {
      assert.ok(res.body.includes(tool), tool);
    }
    assert.match(res.body, /<strong>5<\/strong> <span>підключених громад<\/span>/);
    for (const c of demoCommunities) assert.ok(res.body.includes(`href="/${c.slug}"`), c.slug);
    assert.match(res.body, /5 громад</);
  });

  test('community search is case-insensitive in Ukrainian and filters by oblast', async () => {
    const b = t.browser();
    const byName = await b.get(`/?q=${encodeURIComponent('ЛЬВІВ')}`);
    assert.match(byName.body, /1 громада знайдена/);
    assert.ok(byName.body.includes('href="/lviv"'));
    assert.ok(!byName.body.includes('href="/pryluky"'));
    const byOblast = await b.get(`/?oblast=${encodeURIComponent('Чернігівська')}`);
    assert.match(byOblast.body, /2 громади знайдено/);
    assert.ok(byOblast.body.includes('href="/pryluky"') && byOblast.body.includes('href="/koriukivka"'));
    const none = await b.get(`/?q=${encodeURIComponent('Атлантида')}`);
    assert.match(none.body, /0 громад знайдено/);
  });

  test('a community home lists its tools and contacts', async () => {
    const res = await t.browser().get('/koriukivka');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Корюківська міська територіальна громада<\/h1>/);
    assert.match(res.body, /Чернігівська область/);
    assert.match(res.body, /20\s000 мешканців/);
    assert.match(res.body, /Інструменти громади/);
    assert.match(res.body, /href="\/koriukivka\/notices"/);
  });

  test('an unknown community or page gives the 404 page with the community search, never a 500', async () => {
    const b = t.browser();
    for (const url of ['/atlantis', '/lviv/no-such-tool', '/UPPER', '/lviv/manage/complaints/x/dismiss', '/%00', '/' + 'a'.repeat(300)]) {
      const res = await b.get(url);
      // 414 is the router's answer to an over-long path segment: a clear 4xx, not a crash.
      assert.ok([404, 303, 414].includes(res.statusCode), `${url}: ${res.statusCode}`);
      if (res.statusCode === 404) {
        assert.match(res.body, /Сторінку не знайдено|Такої громади/);
        assert.match(res.body, /Знайдіть свою громаду/);
      }
    }
  });

  test('bodies over the limit get 413', async () => {
    const b = t.browser();
    const res = await b.post('/auth/email', { email: 'x'.repeat(2_000_000) });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /Завеликий запит/);
  });

  test('a form without a valid CSRF token is refused', async () => {
    const b = t.browser();
    const none = await b.post('/auth/sign-out', {}, { csrf: false });
    assert.equal(none.statusCode, 403);
    assert.match(none.body, /Форма застаріла/);
    const foreign = await b.post('/auth/sign-out', { _csrf: await t.browser().csrfToken() });
    assert.equal(foreign.statusCode, 403);
  });

  test('switching language sets a cookie and renders English, and back', async () => {
    const b = t.browser();
    const sw = await b.get('/lang/en?return=%2Flviv');
    assert.equal(sw.statusCode, 303);
    assert.equal(sw.headers.location, '/lviv');
    const en = await b.get('/lviv');
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /Lviv City Territorial Community/);
    assert.match(en.body, /Community tools/);
    const evil = await b.get('/lang/uk?return=https%3A%2F%2Fevil.example');
    assert.equal(evil.headers.location, '/');
    assert.match((await b.get('/')).body, /<html lang="uk">/);
  });

  test('security headers: a CSP with no inline script, no framing', async () => {
    const res = await t.browser().get('/');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc=)[^>]*>/);
  });

  test('GET /api/v1/communities and one community, with JSON errors', async () => {
    const b = t.browser();
    const list = await b.get('/api/v1/communities');
    assert.equal(list.statusCode, 200);
    const body = list.json() as {
      total: number;
      items: { slug: string; name: { uk: string }; enabledTools: string[]; population: number; oblast: { uk: string } }[];
    };
    assert.equal(body.total, 5);
    const lviv = body.items.find((c) => c.slug === 'lviv');
    assert.equal(lviv?.name.uk, 'Львівська міська територіальна громада');
    assert.equal(lviv?.oblast.uk, 'Львівська');
    assert.equal(lviv?.population, 760000);
    assert.deepEqual(lviv?.enabledTools, ['petitions', 'consultations', 'budgets', 'school-budget', 'open-city', 'stats']);
    const missing = await b.get('/api/v1/communities/atlantis');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys((missing.json() as { error: object }).error).sort(), ['code', 'message']);
    const unknown = await b.get('/api/v1/nothing');
    assert.equal(unknown.statusCode, 404);
    assert.equal((unknown.json() as { error: { code: string } }).error.code, 'not_found');
  });

  test('the OpenAPI document describes the API and the API page lists it', async () => {
    const doc = (await t.browser().get('/api/docs/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/v1/communities']);
    assert.ok(doc.paths['/api/v1/communities/{slug}']);
    const page = await t.browser().get('/api');
    assert.match(page.body, /\/api\/v1\/communities/);
    assert.match(page.body, /href="\/api\/docs\/openapi.json"/);
    assert.match(page.body, /href="\/api\/docs\/"/);
  });

  test('healthz checks the database; metrics are Prometheus text', async () => {
    const h = await t.browser().get('/healthz');
    assert.equal(h.statusCode, 200);
    assert.equal((h.json() as { status: string }).status, 'ok');
    await t.browser().get('/');
    const m = await t.browser().get('/metrics');
    assert.match(m.body, /viche_http_requests_total\{route="\/",method="GET",status="200"\}/);
    assert.match(m.body, /process_cpu_user_seconds_total/);
  });

  test('about and accessibility pages exist in both languages', async () => {
    const b = t.browser();
    assert.match((await b.get('/accessibility')).body, /WCAG 2\.2/);
    assert.match((await b.get('/about')).body, /Про платформу/);
  });
});
