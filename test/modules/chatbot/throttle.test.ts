/** The messengers' throttle (messengers/throttle.ts) on a given clock: no timers, every figure exact. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { botKey, sharedPacer, Throttle, TELEGRAM_LIMITS, throttleFor, type RateLimits } from '../../../src/modules/chatbot/messengers/throttle.js';

/** A clock the test moves; `sleep` moves it by what was asked and records it. */
function fakeClock(start = 1_000_000) {
  const slept: number[] = [];
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: async (ms: number) => {
      slept.push(ms);
      clock.t += ms;
    },
    slept,
  };
  return clock;
}

describe('chat-bot: throttle', () => {
  test('one chat: a burst of 5 goes at once, then one message a second', () => {
    const th = new Throttle(TELEGRAM_LIMITS);
    const now = 10_000;
    const delays = Array.from({ length: 8 }, () => th.reserve('chat-1', now));
    assert.deepEqual(delays, [0, 0, 0, 0, 0, 1000, 2000, 3000]);
  });

  test('another chat is not held up by a busy one’s burst', () => {
    const th = new Throttle(TELEGRAM_LIMITS);
    const now = 0;
    for (let i = 0; i < 5; i++) assert.equal(th.reserve('busy', now), 0);
    assert.equal(th.reserve('other', now), 0, 'another chat goes at once');
    assert.equal(th.reserve('busy', now), 1000, 'the busy chat waits a second');
    // Sends are made one after another (each waits its turn), so a booking a second ahead holds the bot
    // as well: the throttle errs on the safe side and never lets more than its limits through.
    const after = th.reserve('third', now);
    assert.ok(after > 0 && after <= 1000, String(after));
  });

  test('a steady broadcast of 90 chats takes at least two seconds at 30 a second', () => {
    const th = new Throttle(TELEGRAM_LIMITS);
    let last = 0;
    for (let i = 0; i < 90; i++) last = th.reserve(`chat-${i}`, 0);
    // The first 30 go at once (the burst), the other 60 one interval apart.
    assert.ok(Math.abs(last - 60 * (1000 / 30)) < 1e-6, String(last));
    // No second can hold more than the burst plus one a 33⅓ ms.
    const th2 = new Throttle(TELEGRAM_LIMITS);
    const sendTimes = Array.from({ length: 300 }, (_, i) => th2.reserve(`x${i}`, 0));
    for (let start = 0; start <= 9000; start += 250) {
      const inWindow = sendTimes.filter((s) => s >= start && s < start + 1000).length;
      assert.ok(inWindow <= 60, `window at ${start}: ${inWindow}`);
    }
    assert.ok(sendTimes.filter((s) => s >= 5000 && s < 6000).length <= 30, 'after the burst, at most 30 in any second');
  });

  test('time passing refills the buckets', () => {
    const limits: RateLimits = { perBot: { perSecond: 10, burst: 2 }, perChat: { perSecond: 1, burst: 1 } };
    const th = new Throttle(limits);
    assert.equal(th.reserve('a', 0), 0);
    assert.equal(th.reserve('a', 0), 1000);
    assert.equal(th.reserve('a', 5000), 0, 'idle long enough: at once again');
    assert.equal(th.reserve('b', 5000), 0);
    assert.equal(th.reserve('c', 5000), 100, 'the bot’s burst of 2 is used: 100 ms apart');
  });

  test('wait() sleeps exactly the booked delay on the given clock', async () => {
    const clock = fakeClock();
    const th = new Throttle({ perBot: { perSecond: 30, burst: 30 }, perChat: { perSecond: 1, burst: 2 } }, clock);
    const start = clock.t;
    for (let i = 0; i < 4; i++) await th.wait('chat');
    assert.deepEqual(clock.slept, [1000, 1000]);
    assert.equal(clock.t - start, 2000);
  });

  test('chats idle for a minute are forgotten', () => {
    const th = new Throttle(TELEGRAM_LIMITS);
    for (let i = 0; i < 100; i++) th.reserve(`chat-${i}`, 0);
    assert.equal(th.trackedChats, 100);
    th.reserve('fresh', 120_000);
    assert.equal(th.trackedChats, 1);
  });

  test('a 429 holds the whole bot back for what it asked, then the limits go on', () => {
    const th = new Throttle(TELEGRAM_LIMITS);
    th.pause(7, 0);
    assert.equal(th.reserve('b', 0), 7000, 'a chat never written to waits as well');
    assert.equal(th.reserve('c', 0), 7000 + 1000 / 30, 'the next one a 30th of a second later');
    assert.equal(th.reserve('d', 10_000), 0, 'after the pause: at once');
  });

  test('one pacer: broadcasts (by bot key) and replies (by token) of one bot draw on the same throttle', () => {
    const token = '123:shared-budget-token';
    const key = botKey('telegram', token);
    assert.doesNotMatch(key, /shared-budget/, 'the key never carries the token');
    sharedPacer.pause(key, 60);
    const delay = throttleFor('telegram', token).reserve('someone', Date.now());
    assert.ok(delay > 59_000 && delay <= 60_000, String(delay));
    assert.equal(throttleFor('viber', token).reserve('someone', Date.now()), 0, 'the Viber bot of the same token is another bot');
  });
});
