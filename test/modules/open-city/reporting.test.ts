/**
 * Open City through HTTP, as browsers without JavaScript use it: the public list, reporting with errors
 * explained, photos, duplicates and support, moderation, the executors' workspace, deadlines, the
 * reporter closing the loop, the four-week question, subscriptions, statistics and the audit log.
 */
import { pluralWord } from '../../../src/core/i18n/index.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { runTicks } from '../../../src/core/jobs/worker.js';
import { openCityModule } from '../../../src/modules/open-city/manifest.js';
import { postMultipart } from '../../helpers/uploads.js';
import { phonePhoto, reportIdFrom } from './helpers.js';

const DAY = 86_400_000;
const OLENA = 'olena.kovalenko@demo.viche.example';
const ANDRII = 'andrii.shevchuk@demo.viche.example';
// A spot on the edge of Lviv where the demo puts no reports.
const SPOT = { lat: 49.889, lng: 23.921 };

describe('Open City through HTTP', () => {
  let t: TestApp;
  let olena: TestBrowser;
  let andrii: TestBrowser;
  let moderator: TestBrowser;
  let executor: TestBrowser;
  let otherModerator: TestBrowser;
  let anon: TestBrowser;
  let reportA: number;
  const people: [TestBrowser, number][] = [];
  /** Sessions last 14 days: after moving the clock further, everyone signs in again. */
  const advance = async (ms: number) => {
    t.clock.advance(ms);
    for (const [b, index] of people) await b.signInAs(index);
  };
  let reportB: number;

  const mails = async (to: string) =>
    (await t.ctx.db.selectFrom('mail_outbox').select(['subject', 'body_text']).where('to_address', '=', to).orderBy('id').execute()).map(
      (m) => `${m.subject}\n${m.body_text}`,
    );
  /** The «№» people see: the report's number within its community (the id stays in the URL). */
  const numberOf = async (id: number) => (await sql<{ number: number }>`select number from oc_reports where id = ${id}`.execute(t.ctx.db)).rows[0]!.number;
  const row = async (id: number) =>
    (
      await sql<{
        status: string;
        department: string;
        category: string;
        resolved_at: Date | null;
        confirmed_at: Date | null;
        lat: number | null;
        status_note: string;
      }>`
      select r.status, d.key as department, c.code as category, r.resolved_at, r.confirmed_at, r.lat, r.status_note
      from oc_reports r join oc_departments d on d.id = r.department_id join oc_categories c on c.id = r.category_id where r.id = ${id}`.execute(t.ctx.db)
    ).rows[0]!;

  before(async () => {
    // Only this module: its tests stay fast and independent of other tools' demo data.
    t = await createTestApp({ now: new Date('2025-06-02T07:00:00Z'), modules: [openCityModule] });
    const sign = async (pred: Parameters<typeof demoPerson>[0]) => {
      const b = t.browser();
      const index = demoPerson(pred).index;
      await b.signInAs(index);
      people.push([b, index]);
      return b;
    };
    olena = await sign((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко');
    andrii = await sign((p) => p.lastName === 'Шевчук');
    moderator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'open-city'));
    executor = await sign((p) => p.lastName === 'Федоренко');
    otherModerator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'bila-tserkva'));
    anon = t.browser();
  });
  after(async () => t.close());

  test('the public list is the main view: demo reports, filters by category, status and period', async () => {
    const all = await anon.get('/lviv/open-city');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /<h1>Відкрите місто<\/h1>/);
    // 100 demo reports, of which 7 still wait for moderation and are not public.
    assert.match(all.body, /93 звернення знайдено/);
    assert.doesNotMatch(all.body, /oc-status-new/);
    const resolved = await anon.get('/lviv/open-city?status=resolved');
    assert.match(resolved.body, /36 звернень знайдено/);
    assert.equal((resolved.body.match(/class="oc-status oc-status-resolved"/g) ?? []).length, 20, 'a page holds 20');
    const roads = await anon.get('/lviv/open-city?category=roads');
    const roadCount = Number(/(\d+) звернен\S* знайдено/.exec(roads.body)![1]);
    const [dbRoads] = (
      await sql<{ n: number }>`select count(*)::int as n from oc_reports r join oc_categories c on c.id = r.category_id
      join communities cm on cm.id = r.community_id where cm.slug = 'lviv' and c.code like 'roads%' and r.status <> 'new'`.execute(t.ctx.db)
    ).rows;
    assert.equal(roadCount, dbRoads!.n);
    assert.ok(roadCount > 0);
    const future = await anon.get('/lviv/open-city?from=2030-01-01');
    assert.match(future.body, /0 звернень знайдено/);
    const bad = await anon.get('/lviv/open-city?from=2025-13-45');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Дата «з» має бути у форматі РРРР-ММ-ДД/);
    const map = await anon.get('/lviv/open-city/map?status=open');
    assert.equal(map.statusCode, 200);
    assert.match(map.body, /data-src="\/lviv\/open-city\/map.json\?status=open"/);
    assert.match(map.body, /id="oc-tile-note"[^>]*hidden/);
    assert.match(map.body, /<noscript>/);
    const geo = JSON.parse((await anon.get('/lviv/open-city/map.json?status=open')).body) as { features: { properties: { status: string } }[] };
    assert.equal(geo.features.length, 14 + 22);
    assert.ok(geo.features.every((f) => ['accepted', 'in_progress'].includes(f.properties.status)));
    assert.equal((await anon.get('/assets/maps/leaflet.js')).statusCode, 200);
    assert.equal((await anon.get('/assets/maps/MarkerCluster.css')).statusCode, 200);
    assert.equal((await anon.get('/assets/maps/..%2F..%2Fpackage.json')).statusCode, 404);
  });

  test('signed-out visitors are asked to sign in instead of a failing form', async () => {
    const page = await anon.get('/lviv/open-city/new');
    assert.match(page.body, /Щоб узяти участь, увійдіть/);
    assert.doesNotMatch(page.body, /name="category"/);
    assert.equal((await anon.post('/lviv/open-city/new', { category: 'roads-pothole', address: 'x' })).statusCode, 401);
  });

  test('bad input on the form: clear messages next to the fields, typed values kept', async () => {
    const empty = await olena.post('/lviv/open-city/new', { category: '', address: '', lat: '', lng: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Помилка: /);
    assert.match(empty.body, /href="#category">Оберіть категорію проблеми/);
    assert.match(empty.body, /href="#address">Вкажіть адресу або орієнтир, поставте мітку на мапі чи введіть координати/);

    const group = await olena.post('/lviv/open-city/new', { category: 'roads', address: 'вул. Зелена, 1', lat: '', lng: '' });
    assert.match(group.body, /Такої категорії в цій громаді немає/);
    assert.ok(group.body.includes('value="вул. Зелена, 1"'), 'the address is kept');

    // A category that exists only in another community.
    const bc = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'bila-tserkva').executeTakeFirstOrThrow();
    await sql`insert into oc_categories (community_id, code, name_uk, name_en, department_id, term_days)
      select ${bc.id}, 'bc-fountains', 'Фонтани', 'Fountains', id, 30 from oc_departments where community_id = ${bc.id} and key = 'greenery'`.execute(t.ctx.db);
    const foreign = await olena.post('/lviv/open-city/new', { category: 'bc-fountains', address: 'вул. Зелена, 1', lat: '', lng: '' });
    assert.equal(foreign.statusCode, 400);
    assert.match(foreign.body, /Такої категорії в цій громаді немає/);

    const inBc = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: '49.7968', lng: '30.1311' });
    assert.equal(inBc.statusCode, 400);
    assert.match(
      inBc.body,
      /Ця точка поза межами громади «Львівська міська територіальна громада». Вона в громаді «Білоцерківська міська територіальна громада» — повідомте там: \/bila-tserkva\/open-city\/new/,
    );
    const kyiv = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: '50.45', lng: '30.52' });
    assert.match(kyiv.body, /не належить жодній громаді на платформі/);

    const badLat = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: 'north', lng: '24.0' });
    assert.match(badLat.body, /href="#lat">Широта — число від -90 до 90/);
    const onlyLat = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: '49.84', lng: '' });
    assert.match(onlyLat.body, /href="#lng">Довгота — число/);
    assert.ok(onlyLat.body.includes('value="49.84"'));

    // Step 2 checks step 1 again (hidden fields can be tampered with).
    const tampered = await postMultipart(t, olena, '/lviv/open-city/reports', { category: 'roads-pothole', address: '', lat: '', lng: '', title: 'x' });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Вкажіть адресу або орієнтир/);
  });

  test('a resident reports by pin with a photo: EXIF and GPS are stripped, the report waits for moderation', async () => {
    const loc = { category: 'roads-pothole', address: 'вул. Пасічна, 170', lat: String(SPOT.lat), lng: String(SPOT.lng) };
    const step1 = await olena.post('/lviv/open-city/new', loc);
    assert.equal(step1.statusCode, 200);
    assert.match(step1.body, /Крок 2 з 2/);
    assert.match(step1.body, /enctype="multipart\/form-data"/);
    assert.match(step1.body, /Яма на дорозі/);

    const noTitle = await postMultipart(t, olena, '/lviv/open-city/reports', { ...loc, title: '', description: 'Опис' });
    assert.equal(noTitle.statusCode, 400);
    assert.match(noTitle.body, /href="#title">Напишіть коротко, що сталося/);
    assert.ok(noTitle.body.includes('>Опис</textarea>'));

    const notImage = await postMultipart(t, olena, '/lviv/open-city/reports', { ...loc, title: 'Яма' }, [
      { name: 'photos', filename: 'doc.pdf', type: 'image/jpeg', data: Buffer.from('%PDF-1.4') },
    ]);
    assert.equal(notImage.statusCode, 400);
    assert.match(notImage.body, /Файл «doc.pdf» не є зображенням/);
    const photo = await phonePhoto();
    const tooMany = await postMultipart(
      t,
      olena,
      '/lviv/open-city/reports',
      { ...loc, title: 'Яма' },
      Array.from({ length: 6 }, (_, i) => ({ name: 'photos', filename: `p${i}.jpg`, type: 'image/jpeg', data: photo })),
    );
    assert.match(tooMany.body, /Не більше 5 фото \(додано 6\)/);
    const huge = await postMultipart(t, olena, '/lviv/open-city/reports', { ...loc, title: 'Яма' }, [
      { name: 'photos', filename: 'big.jpg', type: 'image/jpeg', data: Buffer.alloc(10 * 1024 * 1024 + 10, 1) },
    ]);
    assert.equal(huge.statusCode, 400);
    assert.match(huge.body, /Фото «big.jpg» завелике: не більше 10 МБ/);

    const ok = await postMultipart(
      t,
      olena,
      '/lviv/open-city/reports',
      { ...loc, title: 'Глибока яма <b>тут</b>', description: 'Біля зупинки', show_name: 'on' },
      [
        { name: 'photos', filename: 'pothole.jpg', type: 'image/jpeg', data: photo },
        { name: 'photos', filename: '', type: 'application/octet-stream', data: Buffer.alloc(0) },
      ],
    );
    assert.equal(ok.statusCode, 303);
    reportA = reportIdFrom(ok.headers.location);
    const page = await olena.get(String(ok.headers.location));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Звернення надіслано/);
    assert.ok(page.body.includes('Глибока яма &lt;b>тут&lt;/b>'));
    assert.match(page.body, /oc-status-new/);
    // 30 days from 2 June 2025 → 2 July 2025 (Wednesday).
    assert.match(page.body, /Термін відповіді: до 02\.07\.2025/);
    assert.match(page.body, /Коваленко Олена Петрівна/, 'she chose to show her name');
    const photoId = Number(/photos\/(\d+)\/thumb/.exec(page.body)![1]);

    const full = await olena.get(`/lviv/open-city/photos/${photoId}`);
    assert.equal(full.statusCode, 200);
    assert.equal(full.headers['content-type'], 'image/jpeg');
    const meta = await sharp(full.rawPayload).metadata();
    assert.equal(meta.exif, undefined);
    assert.equal(full.rawPayload.includes(Buffer.from('SecretPhone')), false);
    assert.deepEqual([meta.width, meta.height], [1600, 1200]);
    assert.equal((await olena.get(`/lviv/open-city/photos/${photoId}/thumb`)).statusCode, 200);
    assert.equal(
      (await sql<{ n: number }>`select count(*)::int as n from oc_photos where report_id = ${reportA}`.execute(t.ctx.db)).rows[0]!.n,
      1,
      'the empty file input adds no photo',
    );

    // Not public until a moderator accepts it.
    assert.equal((await anon.get(`/lviv/open-city/reports/${reportA}`)).statusCode, 404);
    assert.equal((await anon.get(`/lviv/open-city/photos/${photoId}`)).statusCode, 404);
    assert.doesNotMatch((await anon.get('/lviv/open-city')).body, new RegExp(`reports/${reportA}"`));
    assert.equal((await moderator.get(`/lviv/open-city/reports/${reportA}`)).statusCode, 200);
    // The reporter is told it arrived, with the deadline.
    const olenaMail = await mails(OLENA);
    assert.equal(olenaMail.length, 1);
    assert.match(olenaMail[0]!, new RegExp(`Звернення №${await numberOf(reportA)} отримано`));
    assert.match(olenaMail[0]!, /Термін відповіді — до 02\.07\.2025/);
  });

  test('an address alone is enough (no map, no coordinates); the public sees no name unless chosen', async () => {
    const step1 = await andrii.post('/lviv/open-city/new', { category: 'lighting-off', address: 'вул. Галицька, 3, Винники', lat: '', lng: '' });
    assert.equal(step1.statusCode, 200);
    assert.match(step1.body, /Не світить ліхтар/);
    assert.match(step1.body, /15 днів/);
    const ok = await postMultipart(t, andrii, '/lviv/open-city/reports', {
      category: 'lighting-off',
      address: 'вул. Галицька, 3, Винники',
      lat: '',
      lng: '',
      title: 'Темно на вулиці',
    });
    assert.equal(ok.statusCode, 303);
    reportB = reportIdFrom(ok.headers.location);
    assert.equal((await row(reportB)).lat, null);
  });

  test('the moderator accepts and routes; only staff of this community can change a status', async () => {
    const work = await moderator.get('/lviv/open-city/work');
    assert.equal(work.statusCode, 200);
    assert.match(work.body, new RegExp(`reports/${reportA}"`));
    assert.match(work.body, /Нові звернення чекають на вашу перевірку/);
    const panel = await moderator.get(`/lviv/open-city/reports/${reportA}`);
    assert.match(panel.body, /Дії модератора/);
    assert.match(panel.body, /Контакти автора/);
    assert.match(panel.body, /olena\.kovalenko@demo\.viche\.example/);

    // A report in moderation does not exist for anyone but its reporter and the moderators.
    assert.equal((await postMultipart(t, andrii, `/lviv/open-city/reports/${reportA}/status`, { status: 'accepted' })).statusCode, 404);
    assert.equal((await postMultipart(t, otherModerator, `/lviv/open-city/reports/${reportA}/status`, { status: 'accepted' })).statusCode, 404);
    // The executor sees nothing of a report still in moderation.
    assert.equal((await executor.get(`/lviv/open-city/reports/${reportA}`)).statusCode, 404);

    const badCat = await postMultipart(t, moderator, `/lviv/open-city/reports/${reportA}/status`, { status: 'accepted', category: 'nope' });
    assert.equal(badCat.statusCode, 400);
    const acc = await postMultipart(t, moderator, `/lviv/open-city/reports/${reportA}/status`, { status: 'accepted', category: 'roads-pothole', answer: '' });
    assert.equal(acc.statusCode, 303);
    assert.deepEqual([(await row(reportA)).status, (await row(reportA)).department], ['accepted', 'roads']);
    // The moderator corrects B's category while accepting: it goes to the lighting department's sibling.
    const accB = await postMultipart(t, moderator, `/lviv/open-city/reports/${reportB}/status`, { status: 'accepted', category: 'lighting-damaged' });
    assert.equal(accB.statusCode, 303);
    assert.deepEqual([(await row(reportB)).category, (await row(reportB)).department], ['lighting-damaged', 'lighting']);
    assert.equal((await anon.get(`/lviv/open-city/reports/${reportA}`)).statusCode, 200);
    assert.equal((await postMultipart(t, andrii, `/lviv/open-city/reports/${reportA}/status`, { status: 'in_progress' })).statusCode, 403);
    assert.equal((await postMultipart(t, otherModerator, `/lviv/open-city/reports/${reportA}/status`, { status: 'in_progress' })).statusCode, 403);
    assert.match((await mails(OLENA)).at(-1)!, /Статус звернення «Глибока яма <b>тут<\/b>» змінено: Прийнято/);
  });

  test('duplicates within 150 m are offered; «Мене це теж стосується» adds support, once', async () => {
    const near = await andrii.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: String(SPOT.lat + 0.001), lng: String(SPOT.lng) });
    assert.equal(near.statusCode, 200);
    assert.match(near.body, /Можливо, про це вже повідомили/);
    assert.match(near.body, new RegExp(`reports/${reportA}/support`));
    assert.match(near.body, /за 111 м від вашої точки/);
    assert.match(near.body, /Мене це теж стосується/);
    assert.match(near.body, /name="confirm_new" value="1"/);

    const far = await andrii.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: String(SPOT.lat + 0.0015), lng: String(SPOT.lng) });
    assert.match(far.body, /Крок 2 з 2/, '167 m away: no suggestion');
    const otherCategory = await andrii.post('/lviv/open-city/new', { category: 'waste-dump', address: '', lat: String(SPOT.lat), lng: String(SPOT.lng) });
    assert.match(otherCategory.body, /Крок 2 з 2/, 'another category: no suggestion');
    const insist = await andrii.post('/lviv/open-city/new', {
      category: 'roads-pothole',
      address: '',
      lat: String(SPOT.lat + 0.001),
      lng: String(SPOT.lng),
      confirm_new: '1',
    });
    assert.match(insist.body, /Крок 2 з 2/);

    const first = await andrii.post(`/lviv/open-city/reports/${reportA}/support`, {});
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /Дякуємо: ваш голос додано/);
    assert.match(first.body, /Ви підтримали це звернення/);
    const again = await andrii.post(`/lviv/open-city/reports/${reportA}/support`, {});
    assert.match(again.body, /Ви вже підтримали це звернення/);
    const n = await sql<{ n: number }>`select count(*)::int as n from oc_supports where report_id = ${reportA}`.execute(t.ctx.db);
    assert.equal(n.rows[0]!.n, 1);
    assert.match((await anon.get(`/lviv/open-city/reports/${reportA}`)).body, /1 людина/);
    // The database itself refuses a second support by the same person.
    const u = await t.ctx.db.selectFrom('users').select('id').where('email', '=', ANDRII).executeTakeFirstOrThrow();
    await assert.rejects(
      sql`insert into oc_supports (report_id, community_id, user_id) select ${reportA}, community_id, ${u.id} from oc_reports where id = ${reportA}`.execute(
        t.ctx.db,
      ),
    );
  });

  test('subscriptions: to a report and to an area; unsubscribe by the link in the letter', async () => {
    const sub = await andrii.post(`/lviv/open-city/reports/${reportA}/subscribe`, {});
    assert.match(sub.body, /Готово: листи про зміни надходитимуть на andrii\.shevchuk@demo\.viche\.example/);
    assert.match((await andrii.post(`/lviv/open-city/reports/${reportA}/subscribe`, {})).body, /Ви вже стежите/);
    const area = await andrii.post('/lviv/open-city/subscriptions/area', { lat: '49.8300', lng: '24.0100', radius: '500' });
    assert.match(area.body, /Готово: листи про нові звернення в районі/);
    const badArea = await andrii.post('/lviv/open-city/subscriptions/area', { lat: 'x', lng: '24', radius: '500' });
    assert.equal(badArea.statusCode, 400);
    const list = await andrii.get('/lviv/open-city/subscriptions');
    // The list names the report by its number in the community and links by its id.
    assert.match(list.body, new RegExp(`href="/lviv/open-city/reports/${reportA}">Звернення №${await numberOf(reportA)}<`));
    assert.match(list.body, /Район: 49\.83000, 24\.01000 · 500 м/);
    assert.equal((await anon.post('/lviv/open-city/subscriptions/area', { lat: '49.83', lng: '24.01', radius: '500' })).statusCode, 401);

    // A new report in that area, once public, is mailed to the area's subscriber.
    const loc = { category: 'waste-bins', address: 'вул. Шевченка, 5', lat: '49.8310', lng: '24.0110' };
    const created = await postMultipart(t, olena, '/lviv/open-city/reports', { ...loc, title: 'Баки переповнені' });
    const id = reportIdFrom(created.headers.location);
    const before = (await mails(ANDRII)).length;
    await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'accepted' });
    const got = (await mails(ANDRII)).slice(before);
    assert.equal(got.length, 1);
    assert.match(got[0]!, /Нове звернення поруч: Баки переповнені/);
    const token = /open-city\/unsubscribe\/([A-Za-z0-9_-]+)/.exec(got[0]!)![1]!;
    const confirmPage = await anon.get(`/lviv/open-city/unsubscribe/${token}`);
    assert.match(confirmPage.body, /Район · andrii\.shevchuk@demo\.viche\.example/);
    const done = await anon.post(`/lviv/open-city/unsubscribe/${token}`, {});
    assert.match(done.body, /Готово: листів за цією підпискою більше не буде/);
    assert.match((await anon.get(`/lviv/open-city/unsubscribe/${token}`)).body, /Такої підписки немає/);
  });

  test('the executor works the queue by deadline; overdue ones stand out; notes stay internal', async () => {
    const work = await executor.get('/lviv/open-city/work');
    assert.equal(work.statusCode, 200);
    assert.match(work.body, /Управління дорожнього господарства/);
    assert.match(work.body, new RegExp(`reports/${reportA}"`));
    assert.doesNotMatch(work.body, new RegExp(`reports/${reportB}"`), 'lighting is not theirs');
    // Ordered by deadline: the dates in the first column never go down.
    const dates = [...work.body.matchAll(/<td><span>(\d\d)\.(\d\d)\.(\d{4})<\/span>/g)].map((m) => `${m[3]}${m[2]}${m[1]}`);
    assert.ok(dates.length > 3);
    assert.deepEqual(dates, [...dates].sort());
    assert.match(work.body, /oc-row-overdue/, 'demo reports past their deadline are highlighted');
    assert.equal((await andrii.get('/lviv/open-city/work')).statusCode, 403);
    assert.equal((await executor.get('/lviv/open-city/work?department=lighting')).statusCode, 200);
    assert.doesNotMatch(
      (await executor.get('/lviv/open-city/work?department=lighting')).body,
      new RegExp(`reports/${reportB}"`),
      'cannot peek at another department',
    );

    const page = await executor.get(`/lviv/open-city/reports/${reportA}`);
    assert.match(page.body, /Дії виконавця/);
    // The executor's form offers only what an executor may set: no duplicate, no rejection, no category.
    const staffForm = /<form[^>]*\/status"[^>]*>(.*?)<\/form>/s.exec(page.body)![1]!;
    assert.ok(!staffForm.includes('name="duplicate_of"'));
    assert.ok(!staffForm.includes('name="category"'));
    assert.ok(!staffForm.includes('value="rejected"') && !staffForm.includes('value="duplicate"'));
    assert.ok(staffForm.includes('name="forwarded_to"') && staffForm.includes('value="not_competent"'));
    assert.match(staffForm, /Обовʼязкова для «Вирішено», «Не вирішено»: що зроблено/);
    assert.doesNotMatch(staffForm, /Відхилено/);
    const modForm = /<form[^>]*\/status"[^>]*>(.*?)<\/form>/s.exec((await moderator.get(`/lviv/open-city/reports/${reportA}`)).body)![1]!;
    assert.ok(modForm.includes('name="duplicate_of"') && modForm.includes('value="rejected"'), 'the moderator still has them');
    // And the server refuses them whatever is posted.
    const wrong = await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, { status: 'rejected', answer: 'ні' });
    assert.equal(wrong.statusCode, 409, 'an executor cannot reject');
    const dup = await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, {
      status: 'duplicate',
      duplicate_of: String(await numberOf(reportB)),
    });
    assert.equal(dup.statusCode, 409, 'an executor cannot mark a duplicate');
    assert.equal((await row(reportA)).status, 'accepted');
    assert.equal((await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, { status: 'in_progress' })).statusCode, 303);
    assert.equal(
      (await postMultipart(t, executor, `/lviv/open-city/reports/${reportB}/status`, { status: 'in_progress' })).statusCode,
      403,
      'another department',
    );

    assert.equal((await executor.post(`/lviv/open-city/reports/${reportA}/note`, { note: '' })).statusCode, 400);
    assert.equal((await executor.post(`/lviv/open-city/reports/${reportA}/note`, { note: 'Бригада №3, асфальт замовлено' })).statusCode, 303);
    assert.match((await moderator.get(`/lviv/open-city/reports/${reportA}`)).body, /Бригада №3, асфальт замовлено/);
    assert.doesNotMatch((await anon.get(`/lviv/open-city/reports/${reportA}`)).body, /Бригада №3/);
    assert.doesNotMatch((await olena.get(`/lviv/open-city/reports/${reportA}`)).body, /Бригада №3/);

    // A month later it is overdue for staff.
    await advance(31 * DAY);
    const late = await executor.get('/lviv/open-city/work');
    assert.match(
      late.body,
      new RegExp(
        `<tr class="oc-row-overdue"><td><span>02\\.07\\.2025</span><strong class="oc-overdue"> прострочено</strong></td><td><a href="/lviv/open-city/reports/${reportA}"`,
      ),
    );
    assert.match((await executor.get(`/lviv/open-city/reports/${reportA}`)).body, /Прострочено: термін був до 02\.07\.2025/);
  });

  test('after four weeks unresolved the reporter is asked whether it is fixed (tick)', async () => {
    await runTicks(t.ctx);
    const askedNumber = await numberOf(reportB);
    const asked = (await mails(ANDRII)).filter((m) => m.includes(`Чи усунуто проблему? Звернення №${askedNumber}`));
    assert.equal(asked.length, 1);
    await runTicks(t.ctx);
    assert.equal((await mails(ANDRII)).filter((m) => m.includes(`Звернення №${askedNumber}`) && m.startsWith('Чи усунуто')).length, 1, 'asked once');
    const page = await andrii.get(`/lviv/open-city/reports/${reportB}`);
    assert.match(page.body, /Чи усунуто проблему\?/);
    assert.equal((await olena.post(`/lviv/open-city/reports/${reportB}/question`, { fixed: 'yes' })).statusCode, 403, 'only the reporter answers');
    assert.equal((await andrii.post(`/lviv/open-city/reports/${reportB}/question`, { fixed: 'maybe' })).statusCode, 400);
    assert.equal((await andrii.post(`/lviv/open-city/reports/${reportB}/question`, { fixed: 'yes' })).statusCode, 303);
    const b = await row(reportB);
    assert.equal(b.status, 'resolved');
    assert.ok(b.confirmed_at);
  });

  test('the executor resolves with an answer and a photo; the reporter and subscribers hear of it', async () => {
    const noAnswer = await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, { status: 'resolved', answer: '' });
    assert.equal(noAnswer.statusCode, 400);
    assert.match(noAnswer.body, /напишіть публічну відповідь/);
    const photo = await phonePhoto();
    const ok = await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, { status: 'resolved', answer: 'Виконано ямковий ремонт.' }, [
      { name: 'photos', filename: 'after.jpg', type: 'image/jpeg', data: photo },
    ]);
    assert.equal(ok.statusCode, 303);
    const page = await anon.get(`/lviv/open-city/reports/${reportA}`);
    assert.match(page.body, /oc-status-resolved/);
    assert.match(page.body, /Виконано ямковий ремонт\./);
    assert.match(page.body, /alt="Фото до відповіді 1"/);
    const answerPhoto = Number(/photos\/(\d+)\/thumb" alt="Фото до відповіді 1"/.exec(page.body)![1]);
    assert.equal((await sharp((await anon.get(`/lviv/open-city/photos/${answerPhoto}`)).rawPayload).metadata()).exif, undefined);
    assert.match((await mails(OLENA)).at(-1)!, /Вирішено[\s\S]*Будь ласка, підтвердьте протягом 14 днів/);
    const toAndrii = (await mails(ANDRII)).at(-1)!;
    assert.match(toAndrii, /Статус звернення «Глибока яма <b>тут<\/b>» змінено: Вирішено/);
    assert.match(toAndrii, /Відписатися: http:\/\/viche\.test\/lviv\/open-city\/unsubscribe\//);
  });

  test('the reporter confirms within 14 days, or reopens; later the window is closed', async () => {
    const page = await olena.get(`/lviv/open-city/reports/${reportA}`);
    assert.match(page.body, /Проблему справді усунуто\?/);
    assert.doesNotMatch((await andrii.get(`/lviv/open-city/reports/${reportA}`)).body, /Проблему справді усунуто\?/);
    assert.equal((await andrii.post(`/lviv/open-city/reports/${reportA}/confirm`, {})).statusCode, 403);
    const noComment = await olena.post(`/lviv/open-city/reports/${reportA}/reopen`, { comment: '' });
    assert.equal(noComment.statusCode, 400);
    assert.match(noComment.body, /Напишіть, що не так/);
    assert.equal((await olena.post(`/lviv/open-city/reports/${reportA}/reopen`, { comment: 'Яма знову відкрилася після дощу' })).statusCode, 303);
    assert.equal((await row(reportA)).status, 'in_progress');
    assert.match((await mails(ANDRII)).at(-1)!, /Автор повідомив, що проблему не усунуто: Яма знову відкрилася після дощу/);
    await postMultipart(t, executor, `/lviv/open-city/reports/${reportA}/status`, { status: 'resolved', answer: 'Переробили з гарантією.' });
    assert.equal((await olena.post(`/lviv/open-city/reports/${reportA}/confirm`, {})).statusCode, 303);
    const a = await row(reportA);
    assert.equal(a.status, 'resolved');
    assert.ok(a.confirmed_at);
    assert.equal((await olena.post(`/lviv/open-city/reports/${reportA}/confirm`, {})).statusCode, 409, 'once');

    // Another report, resolved and left for 15 days: too late to reopen.
    const created = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'greenery-bench',
      address: 'Стрийський парк',
      lat: '',
      lng: '',
      title: 'Зламана лавка',
    });
    const id = reportIdFrom(created.headers.location);
    await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'accepted' });
    await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'resolved', answer: 'Лавку замінено.' });
    await advance(15 * DAY);
    assert.doesNotMatch((await olena.get(`/lviv/open-city/reports/${id}`)).body, /Проблему справді усунуто\?/);
    assert.equal((await olena.post(`/lviv/open-city/reports/${id}/reopen`, { comment: 'ні' })).statusCode, 409);
  });

  test('statuses that close a report carry their reason: duplicate links, not-competent says where', async () => {
    const created = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'roads-pothole',
      address: 'вул. Пасічна, 172',
      lat: '',
      lng: '',
      title: 'Ще одна яма',
    });
    const id = reportIdFrom(created.headers.location);
    const noMain = await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'duplicate', duplicate_of: '999999' });
    assert.match(noMain.body, /Вкажіть номер наявного публічного звернення цієї громади/);
    assert.equal(
      (await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'duplicate', duplicate_of: String(await numberOf(reportA)) }))
        .statusCode,
      303,
    );
    const page = await anon.get(`/lviv/open-city/reports/${id}`);
    assert.match(page.body, /oc-status-duplicate/);
    assert.match(page.body, new RegExp(`href="/lviv/open-city/reports/${reportA}">Основне звернення: №${await numberOf(reportA)}`));

    const c2 = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'water-leak',
      address: 'вул. Личаківська, 1',
      lat: '',
      lng: '',
      title: 'Тече з теплотраси',
    });
    const id2 = reportIdFrom(c2.headers.location);
    const noWhere = await postMultipart(t, moderator, `/lviv/open-city/reports/${id2}/status`, { status: 'not_competent' });
    assert.match(noWhere.body, /Вкажіть, куди передано звернення/);
    await postMultipart(t, moderator, `/lviv/open-city/reports/${id2}/status`, { status: 'not_competent', forwarded_to: 'ЛКП «Львівтеплоенерго»' });
    assert.match((await anon.get(`/lviv/open-city/reports/${id2}`)).body, /→ ЛКП «Львівтеплоенерго»/);
  });

  test('reassigning to another department is recorded; the former executor loses the controls', async () => {
    const created = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'roads-sidewalk',
      address: 'вул. Зелена, 12',
      lat: '',
      lng: '',
      title: 'Провалля на тротуарі',
    });
    const id = reportIdFrom(created.headers.location);
    await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'accepted' });
    const noReason = await executor.post(`/lviv/open-city/reports/${id}/reassign`, { department: 'water', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /Вкажіть причину передачі/);
    assert.equal((await executor.post(`/lviv/open-city/reports/${id}/reassign`, { department: 'nowhere', reason: 'x' })).statusCode, 400);
    assert.equal(
      (await executor.post(`/lviv/open-city/reports/${id}/reassign`, { department: 'water', reason: 'Провалля через прорив труби' })).statusCode,
      303,
    );
    assert.equal((await row(id)).department, 'water');
    const page = await anon.get(`/lviv/open-city/reports/${id}`);
    assert.match(page.body, /Передано іншому підрозділу: Управління дорожнього господарства → Водоканал/);
    assert.doesNotMatch((await executor.get(`/lviv/open-city/reports/${id}`)).body, /Дії виконавця/);
    assert.equal((await postMultipart(t, executor, `/lviv/open-city/reports/${id}/status`, { status: 'in_progress' })).statusCode, 403);
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'before', 'after'])
      .where('subject_type', '=', 'open_city_report')
      .where('subject_id', '=', String(id))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['open_city.report.created', 'open_city.report.status', 'open_city.report.reassigned'],
    );
    assert.deepEqual(audit[2]!.before, { department: 'roads' });
    assert.deepEqual(audit[2]!.after, { department: 'water', reason: 'Провалля через прорив труби' });
  });

  test('every state change of a report is in the audit log', async () => {
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('subject_type', '=', 'open_city_report')
      .where('subject_id', '=', String(reportA))
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'open_city.report.created',
        'open_city.report.status',
        'open_city.report.supported',
        'open_city.subscribed',
        'open_city.report.status',
        'open_city.report.note',
        'open_city.report.question_sent',
        'open_city.report.status',
        'open_city.report.reopened',
        'open_city.report.status',
        'open_city.report.confirmed',
      ],
    );
    assert.ok(
      audit.every((a) => (a.action === 'open_city.report.question_sent' ? a.actor_user_id === null : a.actor_user_id !== null)),
      String(audit.length),
    );
  });

  test('moderator settings: routing and terms per category, territory, Open311 keys', async () => {
    assert.equal((await executor.get('/lviv/open-city/manage')).statusCode, 403);
    assert.equal((await otherModerator.get('/lviv/open-city/manage')).statusCode, 403);
    const page = await moderator.get('/lviv/open-city/manage');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<code>roads-pothole<\/code>/);
    const cat = (
      await sql<{
        id: number;
      }>`select oc.id from oc_categories oc join communities c on c.id = oc.community_id where c.slug = 'lviv' and oc.code = 'greenery-bench'`.execute(t.ctx.db)
    ).rows[0]!;
    const badTerm = await moderator.post(`/lviv/open-city/manage/categories/${cat.id}`, { department: 'greenery', term: '20' });
    assert.equal(badTerm.statusCode, 400);
    assert.match(badTerm.body, /термін 15, 30 або 45 днів/);
    const saved = await moderator.post(`/lviv/open-city/manage/categories/${cat.id}`, { department: 'roads', term: '15' });
    assert.match(saved.body, /Збережено: Лавки, урни, МАФи/);
    const step = await olena.post('/lviv/open-city/new', { category: 'greenery-bench', address: 'пл. Ринок', lat: '', lng: '' });
    assert.match(step.body, /15 днів/);

    const badTerritory = await moderator.post('/lviv/open-city/manage/territory', { territory: '49.8, 24.0\nnonsense' });
    assert.equal(badTerritory.statusCode, 400);
    assert.ok(badTerritory.body.includes('nonsense'));
    const small = await moderator.post('/lviv/open-city/manage/territory', { territory: '49.80, 23.95\n49.80, 24.10\n49.88, 24.10\n49.88, 23.95' });
    assert.match(small.body, /Територію збережено/);
    const outside = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: '', lat: String(SPOT.lat), lng: String(SPOT.lng) });
    assert.match(outside.body, /Ця точка поза межами громади «Львівська міська територіальна громада»/);
    await moderator.post('/lviv/open-city/manage/territory', { territory: '49.77, 23.90\n49.77, 24.17\n49.91, 24.17\n49.91, 23.90' });

    const noName = await moderator.post('/lviv/open-city/manage/keys', { name: '' });
    assert.equal(noName.statusCode, 400);
    const issued = await moderator.post('/lviv/open-city/manage/keys', { name: 'Чат-бот міста' });
    const key = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec(issued.body)![1]!;
    assert.ok(key.length > 20);
    const stored = await sql<{ key_hash: string }>`select key_hash from oc_api_keys where name = 'Чат-бот міста'`.execute(t.ctx.db);
    assert.notEqual(stored.rows[0]!.key_hash, key, 'only a hash is stored');
    assert.doesNotMatch((await moderator.get('/lviv/open-city/manage')).body, new RegExp(key), 'shown once');
  });

  test('statistics: reports, share resolved, median days by category and department, overdue', async () => {
    const lviv = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const stats = await openCityModule.statistics!(t.ctx, { communityId: lviv.id });
    const byKey = Object.fromEntries(stats.map((s) => [s.key, s.value]));
    const counts = (
      await sql<{ total: number; resolved: number; overdue: number }>`
      select count(*)::int as total, count(*) filter (where status = 'resolved')::int as resolved,
        count(*) filter (where status in ('accepted', 'in_progress') and deadline_at < ${t.clock.now()})::int as overdue
      from oc_reports where community_id = ${lviv.id} and status <> 'new'`.execute(t.ctx.db)
    ).rows[0]!;
    assert.equal(byKey['open-city.reports'], counts.total);
    assert.equal(byKey['open-city.resolved-percent'], Math.round((counts.resolved / counts.total) * 100));
    assert.equal(byKey['open-city.overdue'], counts.overdue);
    assert.ok(counts.overdue > 0);
    assert.ok(byKey['open-city.median-days']! > 0);
    const page = await anon.get('/lviv/open-city/stats');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /За категоріями/);
    assert.match(page.body, /За підрозділами/);
    assert.match(page.body, /<td>Управління дорожнього господарства<\/td>/);
    assert.ok(
      page.body.includes(
        `<strong>${counts.total}</strong> <span>${pluralWord(counts.total, { uk: ['звернення', 'звернення', 'звернень'], en: ['report', 'reports'] }, 'uk')}</span>`,
      ),
    );
    const home = await anon.get('/');
    assert.match(home.body, /Звернень до Відкритого міста:/);
  });

  test('unknown ids and communities never give a 500', async () => {
    for (const url of [
      '/lviv/open-city/reports/abc',
      '/lviv/open-city/reports/99999999999',
      '/lviv/open-city/photos/-1',
      '/nowhere/open-city',
      '/lviv/open-city/unsubscribe/zzz',
    ]) {
      const r = await anon.get(url);
      assert.ok(r.statusCode === 404 || r.statusCode === 200, `${url}: ${r.statusCode}`);
    }
    const r = await olena.post('/lviv/open-city/reports/abc/support', {});
    assert.equal(r.statusCode, 404);
    const wrongCsrf = await olena.post(`/lviv/open-city/reports/${reportA}/support`, { _csrf: 'forged' });
    assert.equal(wrongCsrf.statusCode, 403);
    const mpWrongCsrf = await postMultipart(t, olena, '/lviv/open-city/reports', { _csrf: 'forged', category: 'roads-pothole', address: 'x', title: 'x' });
    assert.equal(mpWrongCsrf.statusCode, 403);
  });
});
