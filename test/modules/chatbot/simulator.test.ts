/**
 * /dev/bot: the same dialogue in the browser, without JavaScript (forms and redirects only), in demo mode;
 * outside demo mode the page does not exist.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp } from '../../helpers/test-app.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';

describe('chat-bot simulator in demo mode', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  /** The submit buttons the page offers as the bot's buttons: label → value. */
  const buttonsOf = (html: string): Map<string, string> =>
    new Map([...html.matchAll(/<button type="submit" class="button secondary" name="button" value="([^"]*)">([^<]*)<\/button>/g)].map((m) => [m[2]!, m[1]!]));

  test('start, open the reference, search, and start over', async () => {
    const b = t.browser();
    const first = await b.get('/dev/bot?community=lviv');
    assert.equal(first.statusCode, 200);
    assert.equal(buttonsOf(first.body).get('Почати (/start)'), 'start');

    const started = await b.post('/dev/bot', { community: 'lviv', button: 'start' });
    assert.equal(started.statusCode, 303);
    assert.equal(started.headers.location, '/dev/bot?community=lviv#chat-end');
    const menu = await b.get('/dev/bot?community=lviv');
    assert.match(menu.body, /Ви підписалися на бота громади/);
    assert.equal(buttonsOf(menu.body).get('Довідник'), 'ref');

    await b.post('/dev/bot', { community: 'lviv', button: 'ref' });
    const root = await b.get('/dev/bot?community=lviv');
    const cnap = buttonsOf(root.body).get('ЦНАП');
    assert.ok(cnap);
    await b.post('/dev/bot', { community: 'lviv', button: cnap });
    const entry = await b.get('/dev/bot?community=lviv');
    assert.match(entry.body, /Центр надання адміністративних послуг/);
    assert.match(entry.body, /chat-msg me[^]*ЦНАП/, 'the pressed button is logged by its label');

    await b.post('/dev/bot', { community: 'lviv', text: 'гаряча лінія' });
    const found = await b.get('/dev/bot?community=lviv');
    assert.ok(buttonsOf(found.body).has('Гаряча лінія громади'));

    // Another browser has its own conversation.
    const other = await t.browser().get('/dev/bot?community=lviv');
    assert.doesNotMatch(other.body, /гаряча лінія/);

    await b.post('/dev/bot', { community: 'lviv', reset: '1' });
    const fresh = await b.get('/dev/bot?community=lviv');
    assert.doesNotMatch(fresh.body, /chat-msg/);
    const subscribers = await t.ctx.db
      .withTables<{ chatbot_subscribers: { channel: string } }>()
      .selectFrom('chatbot_subscribers')
      .select('channel')
      .where('channel', '=', 'sim')
      .execute();
    assert.deepEqual(subscribers, [], 'starting over removes the simulated subscription');
  });

  test('«Я+Влада» in the simulator: link this browser’s chat, then report a problem with coordinates typed as text', async () => {
    const b = await signedInAs(t, demo.olena);
    await b.post('/dev/bot', { community: 'lviv', button: 'start' });
    await b.post('/dev/bot', { community: 'lviv', text: '/link' });
    const offer = await b.get('/dev/bot?community=lviv');
    const path = /http:\/\/viche\.test(\/lviv\/chatbot\/link\/[A-Za-z0-9_-]{43})/.exec(offer.body)?.[1];
    assert.ok(path, 'the bot sent a one-time link');
    assert.equal((await b.post(path, {})).statusCode, 200);
    assert.match((await b.get('/dev/bot?community=lviv')).body, /Чат привʼязано до облікового запису/);

    await b.post('/dev/bot', { community: 'lviv', button: 'rep' });
    const cats = buttonsOf((await b.get('/dev/bot?community=lviv')).body);
    const category = [...cats.values()].find((v) => v.startsWith('rep-c:'));
    assert.ok(category);
    await b.post('/dev/bot', { community: 'lviv', button: category });
    await b.post('/dev/bot', { community: 'lviv', text: 'десь тут' });
    assert.match((await b.get('/dev/bot?community=lviv')).body, /Це не схоже на координати/);
    await b.post('/dev/bot', { community: 'lviv', text: '49,8419; 24,0315' });
    await b.post('/dev/bot', { community: 'lviv', button: 'rep-skip' });
    await b.post('/dev/bot', { community: 'lviv', text: 'Не світить ліхтар біля входу до парку' });
    const review = await b.get('/dev/bot?community=lviv');
    assert.match(review.body, /Фото: немає/);
    await b.post('/dev/bot', { community: 'lviv', button: 'rep-ok' });
    assert.match((await b.get('/dev/bot?community=lviv')).body, /Звернення № \d+ надіслано/);
    const filed = await t.ctx.db
      .withTables<{ oc_reports: { id: number; description: string; lat: number | null } }>()
      .selectFrom('oc_reports')
      .select(['lat'])
      .where('description', '=', 'Не світить ліхтар біля входу до парку')
      .execute();
    assert.deepEqual(filed, [{ lat: 49.8419 }]);
  });

  test('a photo from the form’s file input (multipart, as a browser without JavaScript sends it): the report carries it and says it came from the simulator', async () => {
    const b = await signedInAs(t, demo.olena);
    await b.post('/dev/bot', { community: 'lviv', button: 'start' });
    await b.post('/dev/bot', { community: 'lviv', text: '/link' });
    const link = /http:\/\/viche\.test(\/lviv\/chatbot\/link\/[A-Za-z0-9_-]{43})/.exec((await b.get('/dev/bot?community=lviv')).body)?.[1];
    assert.ok(link);
    assert.equal((await b.post(link, {})).statusCode, 200);
    const send = (fields: Record<string, string>, photo?: Buffer) =>
      postMultipart(
        t,
        b,
        '/dev/bot',
        { community: 'lviv', text: '', ...fields },
        photo ? [{ name: 'photo', filename: 'pothole.jpg', type: 'image/jpeg', data: photo }] : [],
      );
    assert.equal((await send({ button: 'rep' })).statusCode, 303, 'a form with an empty file input is a plain message');
    const category = [...buttonsOf((await b.get('/dev/bot?community=lviv')).body).values()].find((v) => v.startsWith('rep-c:'));
    assert.ok(category);
    await send({ button: category });
    await send({ text: '49.8397, 24.0297' });
    const page = await b.get('/dev/bot?community=lviv');
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /<input[^>]*type="file"[^>]*name="photo"|<input[^>]*name="photo"[^>]*type="file"/);
    const sent = await send({}, await phonePhoto({ width: 1200, height: 900 }));
    assert.equal(sent.statusCode, 303, sent.body);
    const asked = (await b.get('/dev/bot?community=lviv')).body;
    assert.match(asked, /🖼/, 'the photo shows in the chat as the person’s message');
    await send({ text: 'Глибока яма на проїжджій частині біля зупинки' });
    assert.match((await b.get('/dev/bot?community=lviv')).body, /Фото: є/);
    await send({ button: 'rep-ok' });
    assert.match((await b.get('/dev/bot?community=lviv')).body, /Звернення № \d+ надіслано/);
    const row = await t.ctx.db
      .withTables<{ oc_reports: { id: number; description: string; source: string } }>()
      .selectFrom('oc_reports')
      .select(['id', 'source'])
      .where('description', '=', 'Глибока яма на проїжджій частині біля зупинки')
      .executeTakeFirstOrThrow();
    assert.equal(row.source, 'chat-simulator');
    const photos = await t.ctx.db
      .withTables<{ oc_photos: { report_id: number } }>()
      .selectFrom('oc_photos')
      .select('report_id')
      .where('report_id', '=', row.id)
      .execute();
    assert.equal(photos.length, 1, 'the photo went with the report');
    await send({ reset: '1' });
    const left = await t.ctx.db.withTables<{ chatbot_sim_photos: { id: number } }>().selectFrom('chatbot_sim_photos').select('id').execute();
    assert.equal(left.length, 0, 'starting over forgets the simulator’s photos');
  });

  test('a post without the form’s CSRF token is refused', async () => {
    const res = await t.browser().post('/dev/bot', { community: 'lviv', text: 'ЦНАП' }, { csrf: false });
    assert.equal(res.statusCode, 403);
  });
});

describe('chat-bot simulator outside demo mode', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seed: false, config: { demo: false } });
  });
  after(async () => {
    await t.close();
  });

  test('/dev/bot does not exist', async () => {
    assert.equal((await t.browser().get('/dev/bot')).statusCode, 404);
    assert.equal((await t.browser().post('/dev/bot', { community: 'lviv', text: 'ЦНАП' })).statusCode, 404);
  });
});
