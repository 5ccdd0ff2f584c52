/**
 * The eve of a holiday (Labour Code Art. 53) on an office's page, through HTTP: with martial law off in the
 * configuration the office closes an hour earlier and says so; with it on (the default) nothing changes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { cnapModule } from '../../../src/modules/cnap/index.js';

/** Monday 28 December 2026, 10:00 Kyiv (UTC+2); New Year's Day 2027 is a Friday, so Thursday the 31st is its eve. */
const MONDAY = new Date('2026-12-28T08:00:00Z');
const EVE_10 = new Date('2026-12-31T08:00:00Z');
const EVE_1630 = new Date('2026-12-31T14:30:00Z');

async function officePage(t: TestApp, code: string, lang: 'uk' | 'en' = 'uk'): Promise<string> {
  const id = (
    await sql<{ id: number }>`select o.id from cnap_offices o join communities c on c.id = o.community_id
    where c.slug = 'lviv' and o.code = ${code}`.execute(t.ctx.db)
  ).rows[0]!.id;
  const browser = t.browser();
  browser.jar.store(`viche_lang=${lang}; Path=/`);
  const res = await browser.get(`/lviv/cnap/offices/${id}`);
  assert.equal(res.statusCode, 200);
  return res.body;
}

describe('ЦНАП office hours on the eve of a holiday (peacetime calendar)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ modules: [cnapModule], config: { martialLaw: false }, now: MONDAY });
  });
  after(() => t.close());

  test('the week’s shortened day is announced in advance, and on the day the status counts an hour less', async () => {
    t.clock.set(MONDAY);
    assert.match(await officePage(t, 'vynnyky'), /Четвер, 31\.12: скорочений передсвятковий день: до 16:00/);
    t.clock.set(EVE_10);
    let body = await officePage(t, 'vynnyky');
    assert.match(body, /скорочений передсвятковий день: до 16:00/);
    assert.match(body, /Зараз відчинено до 16:00 \(скорочений передсвятковий день; перерва 12:00–12:45\)/);
    // The weekly table still shows the usual hours.
    assert.match(body, /08:00–17:00, перерва 12:00–12:45/);
    // The centre works till 20:00 on Thursdays: till 19:00 on the eve.
    assert.match(await officePage(t, 'centre'), /Зараз відчинено до 19:00/);
    const en = await officePage(t, 'vynnyky', 'en');
    assert.match(en, /Thursday, 31\.12: shortened day before a holiday: until 16:00/);
    t.clock.set(EVE_1630);
    body = await officePage(t, 'vynnyky');
    // Closed at 16:30; Friday is New Year's Day, so it opens on Monday.
    assert.match(body, /Зачинено, відчиниться у понеділок о 8:00/);
  });
});

describe('ЦНАП office hours on the eve of a holiday under martial law', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ modules: [cnapModule], now: EVE_10 });
  });
  after(() => t.close());

  test('holidays are working days, so their eves are not shortened', async () => {
    const body = await officePage(t, 'vynnyky');
    assert.doesNotMatch(body, /скорочений передсвятковий день/);
    assert.match(body, /Зараз відчинено до 17:00 \(перерва 12:00–12:45\)/);
  });
});
