/**
 * Editing the community website: the editor (a role per community) edits a section with a preview that
 * needs no script, saves drafts, publishes, schedules news, restores an old version, orders and hides
 * menu items, adds a document with its PDF and an image; the administrator sets colours (contrast kept)
 * and host names. Every change is audited; residents and other communities' people are refused.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import type { DemoPerson } from '../../../src/core/demo/people.js';

const lvivEditor = (p: DemoPerson) => p.roles.some((r) => r.kind === 'editor' && r.community === 'lviv');
const lvivAdmin = (p: DemoPerson) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv');

describe('community website: editing', () => {
  let t: TestApp;
  let editor: TestBrowser;
  before(async () => {
    t = await createTestApp();
    editor = await signedInAs(t, lvivEditor);
  });
  after(async () => {
    await t.close();
  });

  const pageId = async (slug: string) => {
    const r = await t.ctx.db
      .selectFrom('site_pages' as never)
      .select('id' as never)
      .where('slug' as never, '=', slug as never)
      .where(
        'community_id' as never,
        '=',
        (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id as never,
      )
      .executeTakeFirstOrThrow();
    return (r as { id: number }).id;
  };
  const audits = async (action: string) => (await t.ctx.db.selectFrom('audit_log').select('id').where('action', '=', action).execute()).length;

  test('the editor previews without saving, saves a draft, then publishes; the history restores an old version', async () => {
    const id = await pageId('contacts');
    const url = `/lviv/manage/site/pages/${id}`;
    const form = await editor.get(url);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /name="body_uk"/);

    const body = 'Нова адреса приймальні: **пл. Ринок, 1**, каб. 101.\n\n- Телефон: 1580\n\n<script>alert(1)</script>';
    const preview = await editor.post(url, { title_uk: 'Контакти ради', body_uk: body, action: 'preview' });
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /Попередній перегляд/);
    assert.match(preview.body, /<strong>пл\. Ринок, 1<\/strong>/);
    assert.match(preview.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(preview.body, /<script>alert/);
    assert.doesNotMatch((await t.browser().get('/lviv/site/p/contacts')).body, /каб\. 101/, 'a preview saves nothing');

    const draft = await editor.post(url, { title_uk: 'Контакти ради', body_uk: body, action: 'draft' });
    assert.equal(draft.statusCode, 303);
    const stillOld = await t.browser().get('/lviv/site/p/contacts');
    assert.equal(stillOld.statusCode, 200);
    assert.doesNotMatch(stillOld.body, /каб\. 101/, 'a draft is not public: the site keeps the published text');
    const again = await editor.get(url);
    assert.match(again.body, /Це ваша чернетка/);
    assert.match(again.body, /каб\. 101/, 'the editor goes on with the draft');
    assert.equal(await audits('site.draft-saved'), 1);

    const audited = await audits('site.page-saved');
    const published = await editor.post(url, { title_uk: 'Контакти ради', body_uk: body, action: 'publish' });
    assert.equal(published.statusCode, 303);
    assert.equal(await audits('site.page-saved'), audited + 1);
    const page = await t.browser().get('/lviv/site/p/contacts');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /каб\. 101/);
    assert.match(page.body, /<h1 lang="uk">Контакти ради<\/h1>/);

    const history = await editor.get(`${url}/history`);
    const versions = [...history.body.matchAll(/name="version" value="(\d+)"/g)].map((m) => m[1]!);
    assert.ok(versions.length >= 2, 'the demo version and the draft can be restored');
    const oldest = versions[versions.length - 1]!;
    assert.equal((await editor.post(`${url}/restore`, { version: oldest })).statusCode, 303);
    const restored = await t.browser().get('/lviv/site/p/contacts');
    assert.doesNotMatch(restored.body, /каб\. 101/);
    assert.match(restored.body, /Приймальня: \(032\) 297-57-77/);
    assert.equal(await audits('site.page-restored'), 1);
  });

  test('a published subheading reaches the reader on the host name: «## » is the h2 under the page’s h1, not a stale page', async () => {
    const onHost = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { host: 'lviv.localhost', ...headers } });
    const before = await onHost('/p/vacancies');
    assert.equal(before.statusCode, 200);
    const etag = String(before.headers.etag);
    const url = `/lviv/manage/site/pages/${await pageId('vacancies')}`;
    const body = '## Спеціаліст відділу культури\nДокументи приймаємо до **30 грудня**.\n\n### Вимоги\n- вища освіта';
    assert.equal((await editor.post(url, { title_uk: 'Вакансії', body_uk: body, action: 'publish' })).statusCode, 303);
    for (const res of [
      await onHost('/p/vacancies'),
      await onHost('/p/vacancies', { 'if-none-match': etag }),
      await t.browser().get('/lviv/site/p/vacancies'),
    ]) {
      assert.equal(res.statusCode, 200, 'the page changed: the old ETag gets the new page, not a 304');
      assert.match(res.body, /<h2>Спеціаліст відділу культури<\/h2>/);
      assert.match(res.body, /<h3>Вимоги<\/h3>/);
      assert.doesNotMatch(res.body, /Головний спеціаліст відділу звернень/);
      // No heading level is skipped (h1, then h2, …): «## » under the title is h2.
      const levels = [...res.body.matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]));
      levels.forEach((l, i) => i === 0 || assert.ok(l <= levels[i - 1]! + 1, `h${levels[i - 1]} then h${l}`));
    }
  });

  test('the live preview: the posted text as the site renders it (escaped), saving nothing; CSRF and editors only', async () => {
    const res = await editor.post('/lviv/manage/site/preview', { body: '## Спеціаліст\n**30 грудня** <img src=x onerror=alert(1)>' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.body, '<h2>Спеціаліст</h2>\n<p><strong>30 грудня</strong> &lt;img src=x onerror=alert(1)&gt;</p>');
    const form = await editor.get(`/lviv/manage/site/pages/${await pageId('budget')}`);
    assert.match(form.body, /data-live-preview="\/lviv\/manage\/site\/preview"/);
    assert.match(form.body, /<script src="\/static\/site-editor\.js" defer>/);
    assert.match(form.body, /name="action" value="preview"/, 'the no-script preview button stays');
    assert.equal((await editor.post('/lviv/manage/site/preview', { body: 'x', _csrf: 'forged' })).statusCode, 403);
    assert.equal((await editor.post('/lviv/manage/site/preview', { body: 'x'.repeat(60_001) })).statusCode, 400);
    const resident = await signedInAs(t, demo.olena);
    assert.equal((await resident.post('/lviv/manage/site/preview', { body: 'x' })).statusCode, 403);
    const script = await t.browser().get('/static/site-editor.js');
    assert.equal(script.statusCode, 200);
  });

  test('news: published at once appears on the site and in RSS; a scheduled one waits for its time', async () => {
    const now = await editor.post('/lviv/manage/site/news', {
      title_uk: 'Відкрито нову бібліотеку',
      body_uk: 'Бібліотека на Сихові працює щодня.',
      slug: 'biblioteka',
      action: 'publish',
    });
    assert.equal(now.statusCode, 303);
    assert.match((await t.browser().get('/lviv/site/news')).body, /Відкрито нову бібліотеку/);
    assert.match((await t.browser().get('/lviv/site/news.rss')).body, /Відкрито нову бібліотеку/);
    const dup = await editor.post('/lviv/manage/site/news', { title_uk: 'Ще раз', body_uk: '', slug: 'biblioteka', action: 'publish' });
    assert.equal(dup.statusCode, 400);

    const later = new Date(t.clock.now().getTime() + 2 * 86_400_000);
    const date = later.toISOString().slice(0, 10);
    const scheduled = await editor.post('/lviv/manage/site/news', {
      title_uk: 'Сесія ради в четвер',
      body_uk: 'Порядок денний додано.',
      slug: 'sesiia',
      publish_date: date,
      publish_time: '12:00',
      action: 'publish',
    });
    assert.equal(scheduled.statusCode, 303);
    assert.doesNotMatch((await t.browser().get('/lviv/site/news')).body, /Сесія ради в четвер/);
    assert.equal((await t.browser().get('/lviv/site/news/sesiia')).statusCode, 404);
    t.clock.set(new Date(later.getTime() + 86_400_000));
    assert.match((await t.browser().get('/lviv/site/news')).body, /Сесія ради в четвер/);
    assert.match((await t.browser().get('/lviv/site/news.rss')).body, /Сесія ради в четвер/);
  });

  test('the menu editor orders and hides items', async () => {
    const page = await editor.get('/lviv/manage/site/menu');
    const ids = [...page.body.matchAll(/name="position_(\d+)"/g)].map((m) => m[1]!);
    assert.ok(ids.length >= 12);
    const form: Record<string, string | string[]> = {};
    ids.forEach((id, i) => (form[`position_${id}`] = String(100 - i)));
    form.visible = ids.slice(1);
    assert.equal((await editor.post('/lviv/manage/site/menu', form)).statusCode, 303);
    const home = (await t.browser().get('/lviv/site')).body;
    const menu = /<nav class="cs-menu"[^]*?<\/nav>/.exec(home)![0];
    assert.doesNotMatch(menu, /Про громаду/, 'the first item is hidden');
    assert.ok(menu.indexOf('ЦНАП') < menu.indexOf('Новини та оголошення'), 'the order is reversed');
  });

  test('a document with its PDF, found by an inflected word; a file that is not a PDF is refused', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const fields = {
      number: '5301',
      date: '2026-04-16',
      type: 'decision',
      status: 'in_force',
      title: 'Про затвердження програми благоустрою дворів',
      body: 'Затвердити програму благоустрою на 2026–2028 роки.',
    };
    const bad = await postMultipart(t, editor, '/lviv/manage/site/documents', fields, [
      { name: 'pdf', filename: 'x.pdf', type: 'application/pdf', data: Buffer.from('<html>not a pdf</html>') },
    ]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Це не PDF-файл/);
    const ok = await postMultipart(t, editor, '/lviv/manage/site/documents', fields, [
      { name: 'pdf', filename: 'rishennia.pdf', type: 'application/pdf', data: pdf },
    ]);
    assert.equal(ok.statusCode, 303);
    const docPage = await t.browser().get(String(ok.headers.location));
    const file = /href="(\/lviv\/site\/files\/\d+)"/.exec(docPage.body)?.[1];
    assert.ok(file);
    const got = await t.browser().get(file);
    assert.equal(got.headers['content-type'], 'application/pdf');
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    const found = await t.browser().get(`/lviv/site/documents?q=${encodeURIComponent('благоустрою двору')}`);
    assert.match(found.body, /Про затвердження програми благоустрою дворів/);
    assert.ok((await audits('site.document-added')) >= 1);
  });

  test('an image is resized and stripped on upload, then usable in a page', async () => {
    const res = await postMultipart(t, editor, '/lviv/manage/site/images', {}, [
      { name: 'image', filename: 'park.jpg', type: 'image/jpeg', data: await phonePhoto() },
    ]);
    assert.equal(res.statusCode, 303);
    const manage = await editor.get('/lviv/manage/site');
    const src = /!\[park\.jpg\]\((\/lviv\/site\/files\/\d+)\)/.exec(manage.body)?.[1];
    assert.ok(src);
    const img = await t.browser().get(src);
    const meta = await sharp(img.rawPayload).metadata();
    assert.ok(meta.width! <= 1600);
    assert.equal(meta.exif, undefined);
    const notImage = await postMultipart(t, editor, '/lviv/manage/site/images', {}, [
      { name: 'image', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not an image') },
    ]);
    assert.equal(notImage.statusCode, 400);
  });

  test('colours and host names: the administrator only; any colour keeps AA text', async () => {
    assert.equal((await editor.post('/lviv/manage/site/settings', { primary_color: '#ffff00', accent_color: '#000000', english: 'yes' })).statusCode, 403);
    const admin = await signedInAs(t, lvivAdmin);
    assert.equal((await admin.post('/lviv/manage/site/settings', { primary_color: '#ffff00', accent_color: '#000080', english: 'yes' })).statusCode, 303);
    const css = (await t.browser().get('/lviv/site/theme.css')).body;
    assert.match(css, /--site-on-primary:#000000/, 'black text on yellow');
    const link = /--site-link:(#[0-9a-f]{6})/.exec(css)![1]!;
    const { contrastRatio } = await import('../../../src/modules/site/rules.js');
    assert.ok(contrastRatio(link, '#ffffff') >= 4.5, `link ${link} on white`);
    assert.equal((await admin.post('/lviv/manage/site/settings', { primary_color: 'red', accent_color: '#000080' })).statusCode, 400);

    assert.equal((await editor.post('/lviv/manage/site/hosts', { host: 'gromada.example' })).statusCode, 403);
    assert.equal((await admin.post('/lviv/manage/site/hosts', { host: 'https://Lviv-Gromada.example/' })).statusCode, 303);
    const onHost = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'lviv-gromada.example' } });
    assert.match(onHost.body, /<h1>Львівська/);
    assert.equal((await admin.post('/lviv/manage/site/hosts', { host: 'lviv-gromada.example' })).statusCode, 400, 'taken');
    assert.equal((await admin.post('/lviv/manage/site/hosts', { host: 'viche.test' })).statusCode, 400, 'the platform’s own host');
    assert.equal((await admin.post('/lviv/manage/site/hosts/remove', { host: 'lviv-gromada.example' })).statusCode, 303);
    const gone = await t.app.inject({ method: 'GET', url: '/', headers: { host: 'lviv-gromada.example' } });
    assert.doesNotMatch(gone.body, /Толока в Стрийському парку/);
    assert.equal(await audits('site.host-added'), 1);
    assert.equal(await audits('site.host-removed'), 1);
  });

  test('residents and other communities’ moderators may not edit; Lviv’s moderators may', async () => {
    const resident = await signedInAs(t, demo.olena);
    assert.equal((await resident.get('/lviv/manage/site')).statusCode, 403);
    assert.equal((await resident.post('/lviv/manage/site/news', { title_uk: 'x', body_uk: 'y', action: 'publish' })).statusCode, 403);
    const elsewhere = await signedInAs(t, demo.moderator('bila-tserkva'));
    assert.equal((await elsewhere.get('/lviv/manage/site')).statusCode, 403);
    assert.equal((await editor.get('/bila-tserkva/manage/site')).statusCode, 403, 'an editor of Lviv only');
    const moderator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    assert.equal((await moderator.get('/lviv/manage/site')).statusCode, 200);
  });
});
