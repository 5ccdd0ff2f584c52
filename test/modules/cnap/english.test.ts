/**
 * The English version of the ЦНАП site through HTTP: the demo catalogue and offices read in English, a text
 * without an English version shown in Ukrainian marked lang="uk", English edited in management, and the
 * English columns of CSV export and import (an older file without them still imports and keeps them).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demo, signedInAs, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { postMultipart } from '../../helpers/uploads.js';

/** 10:00 Kyiv on Monday 7 December 2026. */
const MONDAY_10 = new Date('2026-12-07T08:00:00Z');

describe('ЦНАП site in English', () => {
  let t: TestApp;
  let en: TestBrowser;
  let manager: TestBrowser;
  let lvivId: number;
  const idOf = async (table: 'cnap_services' | 'cnap_offices', code: string) =>
    (await sql<{ id: number }>`select id from ${sql.table(table)} where community_id = ${lvivId} and code = ${code}`.execute(t.ctx.db)).rows[0]!.id;

  before(async () => {
    t = await createTestApp();
    t.clock.set(MONDAY_10);
    en = t.browser();
    en.jar.store('viche_lang=en; Path=/');
    manager = await signedInAs(t, demo.moderator('lviv', 'cnap'));
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
  });
  after(() => t.close());

  test('the catalogue lists every demo service, life situation and office by its English name', async () => {
    const body = (await en.get('/lviv/cnap')).body;
    for (const s of [
      'Birth of a child',
      'Land and real estate',
      'Issuing a passport of a citizen of Ukraine as an ID card',
      'State registration of a sole proprietor (ФОП)',
      'Housing subsidy',
      'Administrative Service Centre (ЦНАП) of the City of Lviv',
      '42 Khotkevycha St, Lviv',
      'Open now until 18:00',
    ])
      assert.ok(body.includes(s), s);
    // Every one of Lviv's services has its name in English: none falls back to Ukrainian.
    const names = (await sql<{ n: number }>`select count(*)::int as n from cnap_services where community_id = ${lvivId} and name_en = ''`.execute(t.ctx.db))
      .rows[0]!.n;
    assert.equal(Number(names), 0);
    assert.doesNotMatch(body, /<a href="\/lviv\/cnap\/services\/\d+" lang="uk"/);
  });

  test('a service card reads in English; the legal basis, which has no English version, is Ukrainian marked lang="uk"', async () => {
    const card = (await en.get(`/lviv/cnap/services/${await idOf('cnap_services', 'id-card')}`)).body;
    for (const s of [
      '<h1>Issuing a passport of a citizen of Ukraine as an ID card</h1>',
      'Life situation',
      'Passports and documents',
      'Citizens of Ukraine aged 14 and over',
      'Birth certificate (when applying for the first time) or the passport being replaced',
      'UAH 279 for issuing',
      'Up to 20 working days (express: up to 10 working days)',
      'cards are accepted at the terminal',
      'In person at the centre where the application was filed, after a text message',
    ])
      assert.ok(card.includes(s), s);
    assert.match(card, /<dd class="cnap-text" lang="uk">Закон України «Про Єдиний державний демографічний реєстр/);
    const free = (await en.get(`/lviv/cnap/services/${await idOf('cnap_services', 'birth-registration')}`)).body;
    assert.match(free, /Free of charge/);
    assert.match(free, /Remote workplace of the Administrative Service Centre \(ЦНАП\) in Vynnyky/);
    // The Ukrainian page is unchanged and carries no lang="uk" marks.
    const uk = (await t.browser().get(`/lviv/cnap/services/${await idOf('cnap_services', 'id-card')}`)).body;
    assert.match(uk, /<h1>Оформлення паспорта громадянина України у формі ID-картки<\/h1>/);
    assert.doesNotMatch(uk, /<dd[^>]* lang="uk"/);
  });

  test('an office page reads in English', async () => {
    const body = (await en.get(`/lviv/cnap/offices/${await idOf('cnap_offices', 'centre')}`)).body;
    assert.match(body, /<h1>Administrative Service Centre \(ЦНАП\) of the City of Lviv<\/h1>/);
    assert.match(body, /42 Khotkevycha St, Lviv/);
    assert.match(body, /Entrance from the courtyard; a lift to every floor\./);
  });

  test('management edits the English version; a service without one shows its Ukrainian name marked lang="uk"', async () => {
    const situation = (await sql<{ id: number }>`select id from cnap_situations where community_id = ${lvivId} and code = 'social'`.execute(t.ctx.db)).rows[0]!
      .id;
    const fields = { code: 'veteran-status', name: 'Встановлення статусу ветерана війни', situation_id: String(situation), documents: 'Заява\nПаспорт' };
    assert.equal((await manager.post('/lviv/manage/cnap/services/new', fields)).statusCode, 303);
    const id = await idOf('cnap_services', 'veteran-status');
    let card = (await en.get(`/lviv/cnap/services/${id}`)).body;
    assert.match(card, /<h1 lang="uk">Встановлення статусу ветерана війни<\/h1>/);
    assert.match(card, /<dd lang="uk">\s*<ul>\s*<li>Заява<\/li>/);
    assert.match((await en.get('/lviv/cnap')).body, /lang="uk">Встановлення статусу ветерана війни<\/a>/);

    const tooLong = await manager.post(`/lviv/manage/cnap/services/${id}`, { ...fields, name_en: 'x'.repeat(301) });
    assert.equal(tooLong.statusCode, 400);
    assert.match(tooLong.body, /Не більше 300 символів/);
    const form = (await manager.get(`/lviv/manage/cnap/services/${id}`)).body;
    assert.match(form, /Англійська версія \(необовʼязково\)/);
    assert.match(form, /name="name_en"/);
    assert.match(form, /name="legal_basis_en"/);
    const saved = await manager.post(`/lviv/manage/cnap/services/${id}`, {
      ...fields,
      name_en: 'Granting war veteran status',
      documents_en: 'Application\nPassport',
      applicants_en: 'Veterans & their families <b>',
    });
    assert.equal(saved.statusCode, 303);
    card = (await en.get(`/lviv/cnap/services/${id}`)).body;
    assert.match(card, /<h1>Granting war veteran status<\/h1>/);
    assert.match(card, /<li>Application<\/li>\s*<li>Passport<\/li>/);
    assert.match(card, /Veterans &amp; their families &lt;b>/);
    assert.match((await manager.get(`/lviv/manage/cnap/services/${id}`)).body, /value="Granting war veteran status"/);

    // An office and a life situation take English names too.
    const office = await idOf('cnap_offices', 'sykhiv');
    const officeForm = await manager.get(`/lviv/manage/cnap/offices/${office}`);
    assert.match(officeForm.body, /value="Sykhiv branch of the Administrative Service Centre \(ЦНАП\)"/);
    const social = await manager.post(`/lviv/manage/cnap/situations/${situation}`, {
      code: 'social',
      name: 'Соціальний захист',
      name_en: 'Social protection',
      position: '6',
    });
    assert.equal(social.statusCode, 303);
    assert.match((await en.get('/lviv/cnap')).body, /<h3 id="situation-social">Social protection<\/h3>/);
  });

  test('CSV export has the English columns; an older file without them imports and keeps the English; a file with them changes it', async () => {
    const csv = (await en.get('/lviv/cnap/catalogue.csv')).body;
    const header = csv.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    assert.equal(
      header,
      'code,situation_code,situation,name,applicants,documents,cost,payment,term,result,receiving,legal_basis,online_url,offices,' +
        'situation_en,name_en,applicants_en,documents_en,cost_en,payment_en,term_en,result_en,receiving_en,legal_basis_en',
    );
    assert.match(csv, /Issuing a passport of a citizen of Ukraine as an ID card/);
    const old =
      'code,situation_code,situation,name,applicants,documents,cost,payment,term,result,receiving,legal_basis,online_url,offices\r\n' +
      'housing-subsidy,social,,Призначення житлової субсидії,Особи,Заява,,,10 днів,Рішення,Поштою,Постанова КМУ,,centre\r\n' +
      'boat-licence,water,Водний транспорт,Видача посвідчення судноводія,,,,,,,,,,centre\r\n';
    const r1 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'old.csv', type: 'text/csv', data: Buffer.from(old) },
    ]);
    assert.equal(r1.statusCode, 303, r1.body.slice(0, 500));
    const subsidy = (await en.get(`/lviv/cnap/services/${await idOf('cnap_services', 'housing-subsidy')}`)).body;
    assert.match(subsidy, /<h1>Housing subsidy<\/h1>/);
    // The Ukrainian text changed and its English version stayed.
    assert.match(subsidy, /Declaration of income and property/);
    assert.match(
      (await en.get(`/lviv/cnap/services/${await idOf('cnap_services', 'boat-licence')}`)).body,
      /<h1 lang="uk">Видача посвідчення судноводія<\/h1>/,
    );

    const withEnglish =
      'code,situation_code,situation,situation_en,name,name_en,offices\r\n' +
      'boat-licence,water,,,Видача посвідчення судноводія,Skipper’s licence,centre\r\n' +
      'pier-permit,harbour,Причали,Harbours,Дозвіл на причал,Mooring permit,centre\r\n';
    const r2 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'new.csv', type: 'text/csv', data: Buffer.from(withEnglish) },
    ]);
    assert.equal(r2.statusCode, 400, 'a file without all the Ukrainian columns is refused');
    assert.match(r2.body, /бракує стовпців: applicants/);
    const full = (await en.get('/lviv/cnap/catalogue.csv')).body.replace(/^\uFEFF/, '').split('\r\n')[0]!;
    const row = (cells: Record<string, string>) =>
      full
        .split(',')
        .map((c) => cells[c] ?? '')
        .join(',');
    const file = [
      full,
      row({ code: 'boat-licence', situation_code: 'water', name: 'Видача посвідчення судноводія', name_en: 'Skipper’s licence', offices: 'centre' }),
      row({
        code: 'pier-permit',
        situation_code: 'harbour',
        situation: 'Причали',
        situation_en: 'Harbours',
        name: 'Дозвіл на причал',
        name_en: 'Mooring permit',
      }),
    ].join('\r\n');
    const r3 = await postMultipart(t, manager, '/lviv/manage/cnap/import', {}, [
      { name: 'file', filename: 'en.csv', type: 'text/csv', data: Buffer.from(file) },
    ]);
    assert.equal(r3.statusCode, 303, r3.body.slice(0, 500));
    assert.match((await en.get(`/lviv/cnap/services/${await idOf('cnap_services', 'boat-licence')}`)).body, /<h1>Skipper’s licence<\/h1>/);
    const catalogue = (await en.get('/lviv/cnap')).body;
    assert.match(catalogue, /<h3 id="situation-harbour">Harbours<\/h3>/);
    assert.match(catalogue, /Mooring permit/);
  });
});
