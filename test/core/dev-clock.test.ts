/**
 * The demo's clock: /dev/clock moves the platform's time forward by whole days (never back), for signed-in
 * people in demo mode only; a vote then ends by its dates, as nobody may end it early by editing them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { DemoClock } from '../../src/core/clock.js';

describe('the demo clock', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seedModules: false });
  });
  after(async () => t.close());

  test('a signed-in person moves it forward by days; anonymous and bad input are refused; it never goes back', async () => {
    const anonymous = t.browser();
    assert.equal((await anonymous.post('/dev/clock', { days: '1' })).statusCode, 403);
    const before = t.clock.now().getTime();
    const b = t.browser();
    await b.signInAs(0);
    const moved = await b.post('/dev/clock', { days: '2' });
    assert.equal(moved.statusCode, 303);
    assert.equal(t.clock.now().getTime() - before, 2 * 86_400_000);
    for (const days of ['-1', '1.5', 'abc', '367', '']) {
      const r = await b.post('/dev/clock', { days });
      assert.equal(r.statusCode, 303);
      assert.match(String(r.headers.location), /error=days/);
      const page = await b.get(String(r.headers.location));
      assert.match(page.body, /Вкажіть ціле число днів від 0 до 366/);
    }
    assert.equal(t.clock.now().getTime() - before, 2 * 86_400_000, 'bad input moves nothing');
  });

  test('without demo mode there is no /dev/clock', async () => {
    const prod = await createTestApp({ seed: false, config: { demo: false } });
    try {
      assert.equal((await prod.browser().get('/dev/clock')).statusCode, 404);
    } finally {
      await prod.close();
    }
  });

  test('DemoClock only moves forward', () => {
    const c = new DemoClock();
    const a = c.now().getTime();
    c.advance(-86_400_000);
    assert.ok(c.now().getTime() - a < 1000);
    c.advance(3_600_000);
    assert.ok(c.now().getTime() - a >= 3_600_000);
  });
});
