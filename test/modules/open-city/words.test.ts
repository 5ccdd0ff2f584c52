/** Open City speaks to residents with «ви», without gender, and names places in words (issue #21, point 6). */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, demoPerson, type TestApp, type TestBrowser } from '../../helpers/test-app.js';
import { openCityModule } from '../../../src/modules/open-city/manifest.js';
import { postMultipart } from '../../helpers/uploads.js';
import { reportIdFrom } from './helpers.js';

/** Forms of «ти» and gendered first-person verbs that a page to residents must not use. */
const TY_FORMS =
  /(?<!\p{L})(ти|тобі|тебе|твій|твоя|твоє|твої|твого|твоєї|твоїх|можеш|маєш|хочеш|позначай|отримуй|опиши|вкажи|додай|обери|стикався|стикалася|бачив|бачила)(?!\p{L})/iu;
const text = (html: string) =>
  html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');

describe('Open City words', () => {
  let t: TestApp;
  let olena: TestBrowser;
  before(async () => {
    t = await createTestApp({ now: new Date('2025-06-02T07:00:00Z'), modules: [openCityModule] });
    olena = t.browser();
    await olena.signInAs(demoPerson((p) => p.firstName === 'Олена' && p.lastName === 'Коваленко').index);
  });
  after(async () => t.close());

  test('every page a resident sees says «ви» and «Мене це теж стосується», never «ти» or a gendered «стикався»', async () => {
    const report = (
      await sql<{ id: number }>`select r.id from oc_reports r join communities c on c.id = r.community_id
      where c.slug = 'lviv' and r.status = 'in_progress' order by r.id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const pages = ['/lviv/open-city', '/lviv/open-city/map', '/lviv/open-city/new', '/lviv/open-city/stats', `/lviv/open-city/reports/${report.id}`];
    for (const url of pages) {
      const res = await olena.get(url);
      assert.equal(res.statusCode, 200, url);
      assert.doesNotMatch(text(res.body), TY_FORMS, url);
    }
    assert.match((await olena.get(`/lviv/open-city/reports/${report.id}`)).body, /Мене це теж стосується/);
    assert.match((await olena.get('/lviv/open-city')).body, /Позначайте проблему\. Отримуйте результат\./);
  });

  test('a report closed before its term does not say the term «was» a future date', async () => {
    const early = (
      await sql<{ id: number }>`select r.id from oc_reports r join communities c on c.id = r.community_id
      where c.slug = 'lviv' and r.status = 'resolved' and r.deadline_at > ${t.clock.now()} order by r.id limit 1`.execute(t.ctx.db)
    ).rows[0];
    assert.ok(early, 'the demo has a report resolved before its term');
    const page = await olena.get(`/lviv/open-city/reports/${early.id}`);
    assert.doesNotMatch(page.body, /Термін відповіді був до/);
    assert.match(page.body, /Термін відповіді: до/);
    const late = (
      await sql<{ id: number }>`select r.id from oc_reports r join communities c on c.id = r.community_id
      where c.slug = 'lviv' and r.status = 'resolved' and r.deadline_at < ${t.clock.now()} order by r.id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    assert.match((await olena.get(`/lviv/open-city/reports/${late.id}`)).body, /Термін відповіді був до/);
  });

  test('a report filed by a pin alone shows the nearest known street address, not raw coordinates', async () => {
    // A point on вул. Пекарська, where the demo has reports with addresses.
    const pin = { lat: 49.8361, lng: 24.0391 };
    const res = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'waste-dump',
      address: '',
      lat: String(pin.lat),
      lng: String(pin.lng),
      title: 'Сміття біля паркану',
    });
    assert.equal(res.statusCode, 303);
    const id = reportIdFrom(res.headers.location);
    const page = await olena.get(`/lviv/open-city/reports/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<dd>(вул\.|просп\.) [^<]+, \d+ \(≈\d+ м від позначки\)<\/dd>/);
    assert.doesNotMatch(page.body, /49\.8361\d*, 24\.0391/);
    // Far from any known address the place is still given, as coordinates.
    const far = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'waste-dump',
      address: '',
      lat: '49.889',
      lng: '23.921',
      title: 'Сміття на узліссі',
    });
    const farPage = await olena.get(`/lviv/open-city/reports/${reportIdFrom(far.headers.location)}`);
    assert.match(farPage.body, /49\.88900, 23\.92100/);
  });
});

describe('Open City filters on a phone', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ now: new Date('2025-06-02T07:00:00Z'), modules: [openCityModule] });
  });
  after(async () => t.close());

  test('the list and the map fold their filters under «Фільтри», open when one is set', async () => {
    for (const url of ['/lviv/open-city', '/lviv/open-city/map']) {
      const plain = (await t.browser().get(url)).body;
      assert.match(plain, /<details class="oc-filter-box"><summary>Фільтри<\/summary><form method="get"[^>]*class="oc-filters"/, url);
      assert.match(plain, /<script src="\/static\/filters\.js"/, 'wide screens open them');
      const set = (await t.browser().get(`${url}?status=resolved`)).body;
      assert.match(set, /<details class="oc-filter-box" open><summary>Фільтри \(обрано: 1\)<\/summary>/, url);
    }
    assert.equal((await t.browser().get('/static/filters.js')).statusCode, 200);
  });
});
