/**
 * Issue #22, point 4 in Viber: a linked Viber chat reports an Open City problem with the location it
 * shares and a picture it sends; the picture is fetched from the media URL Viber gives (an image, within
 * the size limit) and the report keeps the photo, the place and the source `viber`. A media URL that
 * does not serve an image leaves the report without the photo and says so.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { startFakeViber, viberLocation, viberPicture, viberSubscribed, viberText, type FakeViber } from '../../helpers/fake-viber.js';
import { phonePhoto } from '../../helpers/uploads.js';
import { connectFakeViber, enableBot, linkedChat, viberChat } from '../../helpers/linked-chat.js';

const TOKEN = '5c2a3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-7f8091a2b3c4d5e7';
const USER = 'r3pOrTeRx9ZsQ0uP/9QJvg==';

describe('chat-bot: an Open City report from Viber with a picture and a location', () => {
  let t: TestApp;
  let vb: FakeViber;
  let olena: TestBrowser;
  let lvivId: number;

  before(async () => {
    vb = await startFakeViber();
    vb.bots.set(TOKEN, 'Львів Віче');
    t = await createTestApp();
    connectFakeViber(t, vb);
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    await enableBot(t, { viber_token: TOKEN });
    olena = await signedInAs(t, demo.olena);
  });
  after(async () => {
    await t.close();
    await vb.close();
  });

  const chat = viberChat(
    () => t,
    () => vb,
    TOKEN,
    USER,
  );
  const { deliver, press, say } = chat;

  const startReport = async () => {
    const cats = await press('rep');
    const cat = cats.buttons.find((b) => b.data.startsWith('rep-c:'));
    assert.ok(cat, JSON.stringify(cats));
    assert.match((await press(cat.data)).text, /Надішліть місце проблеми/);
  };

  test('the linked chat reports with a shared location and a picture; the report has both and the source «viber»', async () => {
    await deliver(viberSubscribed(USER));
    await linkedChat(t, chat, olena);

    vb.files.set('pothole.jpg', { body: await phonePhoto(), type: 'image/jpeg' });
    await startReport();
    assert.match((await deliver(viberLocation(USER, 50.45, 30.52)))[0]!.text, /поза межами громади/, 'the web’s territory check');
    assert.match((await deliver(viberLocation(USER, 49.8419, 24.0315)))[0]!.text, /надішліть фото/);
    assert.match((await deliver(viberPicture(USER, vb.mediaUrl('pothole.jpg'))))[0]!.text, /Опишіть проблему/);
    const review = await say('Глибока яма на проїжджій частині біля зупинки');
    assert.match(review.text, /Фото: є/);
    const filed = await press('rep-ok');
    assert.match(filed.text, /Звернення № \d+ надіслано/);
    assert.deepEqual(vb.fetched, ['pothole.jpg'], 'the picture was fetched from the media URL');
    const reportId = Number(/open-city\/reports\/(\d+)/.exec(filed.text)![1]);
    const row = await sql<{ lat: number; lng: number; source: string; photos: string; community_id: number }>`
      select r.lat, r.lng, r.source, r.community_id, (select count(*) from oc_photos p where p.report_id = r.id) as photos
      from oc_reports r where r.id = ${reportId}`.execute(t.ctx.db);
    const r = row.rows[0]!;
    assert.equal(Number(r.community_id), lvivId);
    assert.equal(r.source, 'viber');
    assert.equal(Number(r.photos), 1);
    assert.ok(Math.abs(Number(r.lat) - 49.8419) < 1e-4 && Math.abs(Number(r.lng) - 24.0315) < 1e-4, JSON.stringify(r));
  });

  test('a media URL that does not serve an image gives no photo: the chat is told, the report can go without it', async () => {
    vb.files.set('page.html', { body: Buffer.from('<html>not a photo</html>'), type: 'text/html' });
    await startReport();
    await deliver(viberLocation(USER, 49.8419, 24.0315));
    await deliver(viberPicture(USER, vb.mediaUrl('page.html')));
    assert.match((await say('Зламана лавка у сквері біля школи')).text, /Фото: є/);
    const failed = await deliver(viberText(USER, 'btn:rep-ok'));
    assert.match(failed.map((m) => m.text).join('\n'), /Не вдалося отримати фото/);
    const reports = await sql<{ n: string }>`select count(*) as n from oc_reports where source = 'viber'`.execute(t.ctx.db);
    assert.equal(Number(reports.rows[0]!.n), 1, 'nothing filed with a page for a photo');
  });
});
