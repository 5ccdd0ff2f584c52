/** The broadcast pacer on a manual clock: 30 a second per bot, one a second per chat, a 429 pause honoured. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpacedPacer } from '../../../src/modules/chatbot/messengers/pace.js';

function manualPacer() {
  let now = 1_000_000;
  const pacer = new SpacedPacer(
    { perSecond: 30, perChatSeconds: 1 },
    () => now,
    async (ms) => {
      now += ms;
    },
  );
  return { pacer, at: () => now };
}

describe('broadcast pacing', () => {
  test('one bot sends at most 30 messages a second to different chats', async () => {
    const { pacer, at } = manualPacer();
    const start = at();
    const times: number[] = [];
    for (let i = 0; i < 61; i++) {
      await pacer.wait('telegram:1', `chat-${i}`);
      times.push(at() - start);
    }
    // The 31st message goes a second after the first, the 61st two seconds after.
    assert.ok(Math.abs(times[30]! - 1000) < 1e-6, String(times[30]));
    assert.ok(Math.abs(times[60]! - 2000) < 1e-6, String(times[60]));
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! >= times[i - 1]!);
  });

  test('two messages to one chat are a second apart; other bots are not held back', async () => {
    const { pacer, at } = manualPacer();
    const start = at();
    await pacer.wait('telegram:1', 'a');
    await pacer.wait('telegram:1', 'a');
    assert.equal(at() - start, 1000);
    await pacer.wait('telegram:2', 'a');
    assert.equal(at() - start, 1000, 'another community’s bot has its own limits');
  });

  test('a 429 retry_after holds the bot back for that long', async () => {
    const { pacer, at } = manualPacer();
    const start = at();
    pacer.pause('telegram:1', 7);
    await pacer.wait('telegram:1', 'b');
    assert.equal(at() - start, 7000);
  });
});
