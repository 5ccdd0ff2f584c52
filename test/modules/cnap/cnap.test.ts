/**
 * The ЦНАП site through HTTP: the catalogue and its search by inflected words, a service's card, an
 * office's hours and today's status at fixed times, management with field errors, archive and audit, the
 * import and export (round trip, and a bad file imported not at all), the read function and the demo.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { postMultipart } from '../../helpers/uploads.js';
import { cnapModule, cnapOffices } from '../../../src/modules/cnap/index.js';

/** Kyiv is UTC+2 in December: 10:00 Kyiv on Monday 7 December 2026. */
const MONDAY_10 = new Date('2026-12-07T08:00:00Z');

describe('ЦНАП site', () => {
  let t: TestApp;
  let anon: TestBrowser;
  let manager: TestBrowser;
  let lvivId: number;
  const idOf = async (code: string) =>
    (await sql<{ id: number }>`select id from cnap_services where community_id = ${lvivId} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;
  const officeId = async (code: string) =>
    (await sql<{ id: number }>`select id from cnap_offices where community_id = ${lvivId} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;

  before(async () => {
    t = await createTestApp();
    t.clock.set(MONDAY_10);
    anon = t.browser();
    manager = await signedInAs(t, demo.moderator('lviv', 'cnap'));
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  });
  after(() => t.close());

  test('the catalogue groups at least 30 services by life situation, and lists the offices with their status', async () => {
    const res = await anon.get('/lviv/cnap');
    assert.equal(res.statusCode, 200);
    const links = res.body.match(/href="\/lviv\/cnap\/services\/\d+"/g) ?? [];
    assert.ok(new Set(links).size >= 30, `services: ${new Set(links).size}`);
    for (const s of ['Народження дитини', 'Реєстрація місця проживання', 'Земельні питання', 'Соціальний захист', 'Бізнес', 'Транспорт'])
      assert.match(res.body, new RegExp(s));
    assert.match(res.body, /Зараз відчинено до 18:00/);
  });

  test('search finds services by inflected Ukrainian words', async () => {
    const search = async (q: string) => (await anon.get(`/lviv/cnap?q=${encodeURIComponent(q)}`)).body;
    const passport = await search('паспорта');
    assert.match(passport, /Оформлення паспорта громадянина України у формі ID-картки/);
    assert.match(passport, /Знайдено: \d+ послуг/);
    assert.match(await search('паспортом'), /у формі ID-картки/);
    assert.match(await search('реєстрацією проживання'), /Реєстрація місця проживання особи/);
    assert.match(await search('субсидію'), /Призначення житлової субсидії/);
    assert.match(await search('ФОПа підприємцем'), /фізичної особи — підприємця/);
    const none = await search('космодром');
    assert.match(none, /Нічого не знайдено/);
    assert.equal((await anon.get('/lviv/cnap?q=%26%7C!%3A*')).statusCode, 200);
  });

  test('a service card shows who applies, documents, cost or «безоплатно», term, result, legal basis, online link and offices', async () => {
    const card = (await anon.get(`/lviv/cnap/services/${await idOf('id-card')}`)).body;
    for (const s of [
      'Хто може звернутися',
      'Громадяни України з 14 років',
      'Свідоцтво про народження',
      '279 грн',
      'До 20 робочих днів',
      'постанова КМУ від 25.03.2015 № 302',
    ])
      assert.ok(card.includes(s), s);
    assert.match(card, /Центр надання адміністративних послуг м\. Львова/);
    const free = (await anon.get(`/lviv/cnap/services/${await idOf('birth-registration')}`)).body;
    assert.match(free, /Безоплатно/);
    assert.match(free, /diia\.gov\.ua/);
    assert.match(free, /Віддалене робоче місце ЦНАП у Винниках/);
    assert.equal((await anon.get('/lviv/cnap/services/999999')).statusCode, 404);
    // Another community's service is not Lviv's.
    const other = (await sql<{ id: number }>`select id from cnap_services where community_id <> ${lvivId} limit 1`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal((await anon.get(`/lviv/cnap/services/${other}`)).statusCode, 404);
  });

  test('an office shows address, contacts, weekly hours with breaks, accessibility, a map and today’s status in Kyiv time', async () => {
    const vynnyky = await officeId('vynnyky');
    const page = async () => (await anon.get(`/lviv/cnap/offices/${vynnyky}`)).body;
    let body = await page();
    for (const s of [
      'м. Винники, вул. Галицька, 22',
      '08:00–17:00, перерва 12:00–12:45',
      '08:00–15:45',
      'вихідний',
      'Пандус',
      'oc-report-map',
      'Зараз відчинено до 17:00',
    ])
      assert.ok(body.includes(s), s);
    t.clock.set(new Date('2026-12-07T10:20:00Z')); // 12:20 Kyiv: lunch
    assert.match(await page(), /Перерва до 12:45/);
    t.clock.set(new Date('2026-12-07T15:30:00Z')); // 17:30 Kyiv, Monday
    assert.match(await page(), /Зачинено, відчиниться завтра о 8:00/);
    t.clock.set(new Date('2026-12-11T14:00:00Z')); // 16:00 Kyiv, Friday: closes at 15:45, then the weekend
    body = await page();
    assert.match(body, /Зачинено, відчиниться у понеділок о 8:00/);
    const centre = await officeId('centre');
    assert.match((await anon.get(`/lviv/cnap/offices/${centre}`)).body, /Зачинено, відчиниться завтра о 9:00/); // Saturday morning
    t.clock.set(new Date('2026-12-07T05:30:00Z')); // 07:30 Kyiv
    assert.match((await anon.get(`/lviv/cnap/offices/${centre}`)).body, /Зачинено, відчиниться сьогодні о 9:00/);
    t.clock.set(MONDAY_10);
  });

  test('cnapOffices gives other modules the offices with hours and status', async () => {
    const offices = await cnapOffices(t.ctx, { id: lvivId, slug: 'lviv' });
    assert.ok(offices.length >= 3);
    const v = offices.find((o) => o.name.includes('Винниках'))!;
    assert.equal(v.openNow, true);
    assert.equal(v.status, 'Зараз відчинено до 17:00 (перерва 12:00–12:45)');
    assert.equal(v.hoursLines[0], 'Понеділок: 08:00–17:00, перерва 12:00–12:45');
    assert.equal(v.hoursLines[6], 'Неділя: вихідний');
  });

  test('only the tool’s moderators and the community admin manage; others are refused', async () => {
    assert.equal((await anon.get('/lviv/manage/cnap')).statusCode, 303);
    const olena = await signedInAs(t, demo.olena);
    assert.equal((await olena.get('/lviv/manage/cnap')).statusCode, 403);
    assert.equal((await olena.post('/lviv/manage/cnap/situations/new', { code: 'x', name: 'X' })).statusCode, 403);
    const admin = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'));
    assert.equal((await admin.get('/lviv/manage/cnap')).statusCode, 200);
    const otherModerator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    assert.equal((await otherModerator.get('/lviv/manage/cnap')).statusCode, 403);
    assert.equal((await manager.get('/lviv/manage/cnap')).statusCode, 200);
  });

  test('a service is created after its field errors are shown, edited, archived and restored, each change audited', async () => {
    const situation = (await sql<{ id: number }>`select id from cnap_situations where community_id = ${lvivId} and code = 'social'`.execute(t.ctx.db)).rows[0]!
      .id;
    const bad = await manager.post('/lviv/manage/cnap/services/new', { code: 'Bad Code', name: '', situation_id: '', online_url: 'http://x' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Код: малі латинські літери/);
    assert.match(bad.body, /Оберіть життєву ситуацію/);
    assert.match(bad.body, /https:\/\//);
    assert.match(bad.body, /aria-invalid="true"/);
    const dup = await manager.post('/lviv/manage/cnap/services/new', { code: 'id-card', name: 'X', situation_id: String(situation) });
    assert.match(dup.body, /Цей код уже має інша послуга/);
    const ok = await manager.post('/lviv/manage/cnap/services/new', {
      code: 'veteran-status',
      name: 'Встановлення статусу ветерана війни',
      situation_id: String(situation),
      documents: 'Заява\nПаспорт',
      offices: [String(await officeId('centre'))],
    });
    assert.equal(ok.statusCode, 303);
    const id = await idOf('veteran-status');
    assert.match((await anon.get(`/lviv/cnap?q=${encodeURIComponent('ветеранів')}`)).body, /Встановлення статусу ветерана війни/);
    const edit = await manager.post(`/lviv/manage/cnap/services/${id}`, {
      code: 'veteran-status',
      name: 'Надання статусу учасника бойових дій',
      situation_id: String(situation),
    });
    assert.equal(edit.statusCode, 303);
    assert.match((await anon.get(`/lviv/cnap/services/${id}`)).body, /Надання статусу учасника бойових дій/);
    assert.equal((await manager.post(`/lviv/manage/cnap/services/${id}/archive`, { archived: '1' })).statusCode, 303);
    assert.equal((await anon.get(`/lviv/cnap/services/${id}`)).statusCode, 404);
    assert.equal((await manager.post(`/lviv/manage/cnap/services/${id}/archive`, { archived: '0' })).statusCode, 303);
    assert.equal((await anon.get(`/lviv/cnap/services/${id}`)).statusCode, 200);
    const actions = (
      await sql<{ action: string }>`select action from audit_log where subject_type = 'cnap-service' and subject_id = ${String(id)} order by id`.execute(
        t.ctx.db,
      )
    ).rows.map((r) => r.action);
    assert.deepEqual(actions, ['cnap.service.created', 'cnap.service.changed', 'cnap.service.archived', 'cnap.service.restored']);
  });

  test('an office is edited through its form: hours and breaks checked field by field', async () => {
    const id = await officeId('sykhiv');
    const form = (await manager.get(`/lviv/manage/cnap/offices/${id}`)).body;
    assert.match(form, /value="09:00–20:00"/);
    const bad = await manager.post(`/lviv/manage/cnap/offices/${id}`, {
      code: 'sykhiv',
      kind: 'centre',
      name: 'Сихів',
      address: 'просп. Червоної Калини, 60',
      hours_1: '9 to 5',
      hours_2: '09:00–18:00',
      break_2: '19:00–20:00',
      email: 'nope',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Години у вигляді 08:00–17:00/);
    assert.match(bad.body, /Перерва у вигляді 12:00–12:45/);
    assert.match(bad.body, /Перевірте адресу електронної пошти/);
    const ok = await manager.post(`/lviv/manage/cnap/offices/${id}`, {
      code: 'sykhiv',
      kind: 'centre',
      name: 'Територіальний підрозділ ЦНАП «Сихів»',
      address: 'м. Львів, просп. Червоної Калини, 60',
      hours_1: '08:00-16:00',
      break_1: '12:00-13:00',
      accessibility: ['ramp', 'hearing-loop'],
    });
    assert.equal(ok.statusCode, 303);
    const page = (await anon.get(`/lviv/cnap/offices/${id}`)).body;
    assert.match(page, /08:00–16:00, перерва 12:00–13:00/);
    assert.match(page, /Індукційна петля/);
    assert.match(page, /Зараз відчинено до 16:00/);
  });

  test('export and import: CSV and XLSX round trips keep the catalogue; a file with errors imports nothing and names rows and columns', async () => {
    const csv1 = (await anon.get('/lviv/cnap/catalogue.csv')).body;
    assert.match(csv1, /^\uFEFFcode,situation_code,situation,name/);
    const count = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from cnap_services where community_id = ${lvivId}`.execute(t.ctx.db)).rows[0]!.n);
    const before = await count();
    const r1 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'cnap.csv', type: 'text/csv', data: Buffer.from(csv1) },
    ]);
    assert.equal(r1.statusCode, 303, r1.body.slice(0, 500));
    assert.equal(await count(), before);
    assert.equal((await anon.get('/lviv/cnap/catalogue.csv')).body, csv1);

    const xlsx = (await anon.get('/lviv/cnap/catalogue.xlsx')).rawPayload;
    const r2 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'cnap.xlsx', type: 'application/octet-stream', data: xlsx },
    ]);
    assert.equal(r2.statusCode, 303, r2.body.slice(0, 500));
    assert.equal((await anon.get('/lviv/cnap/catalogue.csv')).body, csv1);

    // A new service and a new life situation arrive; a broken file changes nothing.
    const lines = csv1
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    const added = `${lines[0]}\r\nboat-licence,water,Водний транспорт,Видача посвідчення судноводія,,,,,,,,,https://diia.gov.ua,centre\r\n`;
    const r3 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'new.csv', type: 'text/csv', data: Buffer.from(added) },
    ]);
    assert.equal(r3.statusCode, 303);
    assert.match((await anon.get(`/lviv/cnap?q=${encodeURIComponent('судноводія')}`)).body, /Видача посвідчення судноводія/);
    const broken = `${lines[0]}\r\nok-one,water,,Нова послуга,,,,,,,,,,centre\r\nBAD,,,,,,,,,,,,ftp://x,nowhere\r\n`;
    const r4 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'bad.csv', type: 'text/csv', data: Buffer.from(broken) },
    ]);
    assert.equal(r4.statusCode, 400);
    assert.match(r4.body, /Нічого не імпортовано/);
    assert.match(r4.body, /<td>3<\/td>\s*<td>code<\/td>/);
    assert.match(r4.body, /<td>3<\/td>\s*<td>name<\/td>/);
    assert.match(r4.body, /<td>3<\/td>\s*<td>online_url<\/td>/);
    assert.match(r4.body, /Немає офісу з кодом «nowhere»/);
    assert.equal((await anon.get(`/lviv/cnap?q=${encodeURIComponent('Нова послуга')}`)).body.includes('Нова послуга</a>'), false);
    const notCsv = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'x.txt', type: 'text/plain', data: Buffer.from('x') },
    ]);
    assert.equal(notCsv.statusCode, 400);
    assert.match(notCsv.body, /CSV або XLSX/);
    const audit = (await sql<{ n: number }>`select count(*)::int as n from audit_log where action = 'cnap.catalogue.imported'`.execute(t.ctx.db)).rows[0]!.n;
    assert.equal(Number(audit), 3);
  });

  test('the demo is idempotent and gives the other communities a smaller catalogue', async () => {
    const counts = async () =>
      (
        await sql<{
          slug: string;
          n: number;
        }>`select c.slug, count(s.id)::int as n from communities c left join cnap_services s on s.community_id = c.id group by c.slug order by c.slug`.execute(
          t.ctx.db,
        )
      ).rows;
    const before = await counts();
    await cnapModule.demo!(t.ctx);
    assert.deepEqual(await counts(), before);
    const small = before.find((r) => r.slug === 'pryluky')!;
    assert.ok(small.n >= 5 && small.n < 30, String(small.n));
    assert.match((await anon.get('/pryluky/cnap')).body, /Віддалене робоче місце ЦНАП/);
  });
});
