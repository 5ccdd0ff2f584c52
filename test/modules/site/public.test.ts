/**
 * The community website's public side: the demo sites, the same pages on a community's own host name,
 * the sections every site is created with, documents found by inflected Ukrainian words, RSS, sitemap,
 * Open Graph, the cache policy, and page weight.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, signedInAs, demo, type TestApp } from '../../helpers/test-app.js';

describe('community website: public pages', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  const onHost = (host: string, url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { host, ...headers } });

  test('Lviv’s site at /lviv/site has its name, coat of arms, the standard sections and filled content', async () => {
    const res = await t.browser().get('/lviv/site');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<h1>Львівська/);
    assert.match(res.body, /<img src="[^"]+"/, 'the coat of arms');
    for (const label of [
      'Про громаду',
      'Рада і депутати',
      'Голова громади',
      'Бюджет',
      'Публічна інформація',
      'Вакансії',
      'Закупівлі',
      'Контакти',
      'Заява про доступність',
      'Рішення та нормативні акти',
      'Новини та оголошення',
    ]) {
      assert.ok(res.body.includes(label), label);
    }
    assert.match(res.body, /href="\/lviv\/cnap"/, 'the ЦНАП catalogue is in the menu');
    assert.match(res.body, /Толока в Стрийському парку/);
    const about = await t.browser().get('/lviv/site/p/about');
    assert.match(about.body, /Галицько-Волинському літописі/);
    assert.doesNotMatch(about.body, /Це підказка для редактора/, 'Lviv’s sections are filled, not guidance');
  });

  test('another demo community’s site has every section with guidance text', async () => {
    const res = await t.browser().get('/bila-tserkva/site/p/public-information');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /Це підказка для редактора/);
    assert.match(res.body, /пʼяти робочих днів/);
    assert.match(res.body, /має отримати відповідь не пізніше/, 'the five-working-day term as a date');
  });

  test('on its own host name / is the site home, site paths are short, and platform paths still work', async () => {
    const home = await onHost('lviv.localhost', '/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<h1>Львівська/);
    assert.match(home.body, /href="\/news\/toloka-park"/, 'links on the host have no /lviv/site prefix');
    assert.match(home.body, /<link rel="canonical" href="http:\/\/lviv\.localhost\/"/);
    const page = await onHost('lviv.localhost:3000', '/p/contacts');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /пл\. Ринок, 1/);
    const platform = await onHost('lviv.localhost', '/lviv/petitions');
    assert.equal(platform.statusCode, 200, 'the platform’s other paths work on the host');
    const css = await onHost('lviv.localhost', '/static/site.css');
    assert.equal(css.statusCode, 200);
    const unknown = await onHost('nobody.localhost', '/');
    assert.doesNotMatch(unknown.body, /Толока в Стрийському парку/, 'an unknown host is the platform');
  });

  test('documents are found by inflected Ukrainian forms', async () => {
    const b = t.browser();
    const search = async (q: string) => (await b.get(`/lviv/site/documents?q=${encodeURIComponent(q)}`)).body;
    assert.match(await search('бюджету'), /Про бюджет Львівської міської територіальної громади/);
    assert.match(await search('бюджетом'), /Про внесення змін до рішення про бюджет/);
    assert.match(await search('податками'), /Про встановлення місцевих податків і зборів/);
    assert.match(await search('толоку'), /Про проведення весняної толоки/);
    const none = await search('космодром');
    assert.match(none, /Знайдено: 0 документів/);
    assert.doesNotMatch(none, /Про бюджет Львівської/);
    const typed = await b.get('/lviv/site/documents?type=regulation');
    assert.match(typed.body, /місцевих податків/);
    assert.doesNotMatch(typed.body, /весняної толоки/);
  });

  test('a document page shows its number, date, type and status', async () => {
    const list = await t.browser().get('/lviv/site/documents?q=%D1%82%D0%BE%D0%BB%D0%BE%D0%BA%D0%B0');
    const id = /href="\/lviv\/site\/documents\/(\d+)"/.exec(list.body)?.[1];
    assert.ok(id);
    const doc = await t.browser().get(`/lviv/site/documents/${id}`);
    assert.equal(doc.statusCode, 200);
    assert.match(doc.body, /Розпорядження голови/);
    assert.match(doc.body, /<dd>312<\/dd>/);
    assert.match(doc.body, /<dd>2026-03-03<\/dd>/);
    assert.match(doc.body, /<dd>Чинний<\/dd>/);
  });

  test('RSS of news, sitemap.xml and Open Graph, on the platform path and on the host', async () => {
    const rss = await t.browser().get('/lviv/site/news.rss');
    assert.equal(rss.statusCode, 200);
    assert.match(String(rss.headers['content-type']), /application\/rss\+xml/);
    assert.match(rss.body, /Толока в Стрийському парку/);
    assert.match(rss.body, /http:\/\/viche\.test\/lviv\/site\/news\/toloka-park/);
    const hostRss = await onHost('lviv.localhost', '/news.rss');
    assert.match(hostRss.body, /http:\/\/lviv\.localhost\/news\/toloka-park/);

    const map = await onHost('lviv.localhost', '/sitemap.xml');
    assert.equal(map.statusCode, 200);
    assert.match(map.body, /<loc>http:\/\/lviv\.localhost\/p\/about<\/loc>/);
    assert.match(map.body, /<loc>http:\/\/lviv\.localhost\/news\/toloka-park<\/loc>/);
    assert.match(map.body, /<loc>http:\/\/lviv\.localhost\/documents\/\d+<\/loc>/);

    const item = await t.browser().get('/lviv/site/news/toloka-park');
    assert.match(item.body, /<meta property="og:type" content="article"/);
    assert.match(item.body, /<meta property="og:title" content="Толока в Стрийському парку в суботу"/);
    assert.match(item.body, /<meta property="og:image" content="http:\/\/viche\.test\/[^"]+"/);
  });

  test('public pages: ETag and 304, shared cache only for signed-out readers, and under 100 KB', async () => {
    const first = await t.browser().get('/lviv/site');
    const etag = String(first.headers.etag);
    assert.match(etag, /^W\/"/);
    assert.equal(first.headers['cache-control'], 'public, max-age=60');
    assert.doesNotMatch(first.body, /csrf-token/, 'a shared page holds no one’s CSRF token');
    const again = await t.app.inject({ method: 'GET', url: '/lviv/site', headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    for (const url of ['/lviv/site', '/lviv/site/p/about', '/lviv/site/news', '/lviv/site/documents']) {
      const r = await t.browser().get(url);
      assert.ok(Buffer.byteLength(r.body) < 100 * 1024, `${url}: ${Buffer.byteLength(r.body)} bytes`);
    }
    const editor = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'editor' && r.community === 'lviv'));
    const mine = await editor.get('/lviv/site');
    assert.equal(mine.headers['cache-control'], 'private, no-cache');
    assert.match(mine.body, /Редагувати сайт/);
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    assert.equal((await moderator.get('/lviv/site/p/about')).headers['cache-control'], 'private, no-cache');
  });

  test('the theme stylesheet keeps AA contrast', async () => {
    const css = await t.browser().get('/lviv/site/theme.css');
    assert.equal(css.statusCode, 200);
    assert.match(css.body, /--site-primary:#1d4f91/);
    assert.match(css.body, /--site-on-primary:#ffffff/);
  });

  test('English version: the page’s English text when the reader chose English', async () => {
    const b = t.browser();
    await b.get('/lang/en?return=/lviv/site/p/about');
    const about = await b.get('/lviv/site/p/about');
    assert.match(about.body, /<h1 lang="en">About the community<\/h1>/);
    assert.match(about.body, /Galician–Volhynian Chronicle/);
  });
});
