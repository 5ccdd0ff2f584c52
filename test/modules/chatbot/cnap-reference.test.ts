/**
 * Issue #22, point 2: the bot's reference shows the community's ЦНАП offices from the ЦНАП site. Under
 * the moderator's «ЦНАП» entry (beside its own sub-entries) comes «ЦНАП: адреси та години роботи»: each
 * active office with its address, a map link where it has coordinates, today's status and the week's
 * hours. Lviv's demo ЦНАП (3 offices) in Telegram, the same entry in Viber; with no active offices the
 * moderator's entries stay exactly as they are.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { startFakeTelegram, type FakeTelegram } from '../../helpers/fake-telegram.js';
import { startFakeViber, viberSubscribed, type FakeViber } from '../../helpers/fake-viber.js';
import { connectFakeViber, enableBot, telegramChat, viberChat } from '../../helpers/linked-chat.js';
import { runDueJobs } from '../../../src/core/jobs/worker.js';

const TG_TOKEN = '7000000009:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw-cnap';
const VB_TOKEN = '6d3b3e2d5c6a7b8c-9d0e1f2a3b4c5d6e-7f8091a2b3c4d5e8';
const CHAT = 626262;
const USER = 'cNaPuSeRx9ZsQ0uP/9QJvg==';
const OFFICES = ['Центр надання адміністративних послуг м. Львова', 'Територіальний підрозділ ЦНАП «Сихів»', 'Віддалене робоче місце ЦНАП у Винниках'];

describe('chat-bot: ЦНАП offices and hours in the reference', () => {
  let t: TestApp;
  let tg: FakeTelegram;
  let vb: FakeViber;
  let lvivId: number;
  let cnapNode: string;

  before(async () => {
    tg = await startFakeTelegram();
    tg.bots.set(TG_TOKEN, 'lviv_cnap_bot');
    vb = await startFakeViber();
    vb.bots.set(VB_TOKEN, 'Львів Віче');
    t = await createTestApp();
    t.ctx.config.telegramApiRoot = tg.url;
    connectFakeViber(t, vb);
    lvivId = (await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow()).id;
    await enableBot(t, { telegram_token: TG_TOKEN, viber_token: VB_TOKEN });
  });
  after(async () => {
    await t.close();
    await tg.close();
    await vb.close();
  });

  const { press } = telegramChat(
    () => t,
    () => tg,
    TG_TOKEN,
    CHAT,
  );
  const { press: viberPress } = viberChat(
    () => t,
    () => vb,
    VB_TOKEN,
    USER,
  );

  let ownEntries: string[] = [];

  test('Telegram: under «ЦНАП» the offices of the ЦНАП site, with address, map link, today’s status and the week', async () => {
    const root = await press('ref');
    const node = root.buttons.find((b) => b.text === 'ЦНАП');
    assert.ok(node, JSON.stringify(root.buttons));
    cnapNode = node.data;
    assert.ok(!root.buttons.some((b) => b.data === 'cnap'), 'not at the top: under the moderator’s «ЦНАП»');
    const entry = await press(cnapNode);
    const cnap = entry.buttons.find((b) => b.data === 'cnap');
    assert.equal(cnap?.text, 'ЦНАП: адреси та години роботи');
    ownEntries = entry.buttons.filter((b) => b.data.startsWith('n:')).map((b) => b.text);
    assert.deepEqual(ownEntries, ['Головний офіс ЦНАП', 'Віддалене робоче місце'], 'the moderator’s own entries stay');

    const list = await press('cnap');
    for (const name of OFFICES) assert.ok(list.text.includes(name), `${name} in ${list.text}`);
    assert.match(list.text, /📍 м\. Львів, вул\. Хоткевича, 42/);
    assert.match(list.text, /🗺 https:\/\/www\.openstreetmap\.org\/\?mlat=49\.8325&mlon=24\.0713/);
    assert.equal((list.text.match(/🕒 /g) ?? []).length, 3, 'today’s status of each office');
    assert.equal((list.text.match(/^Понеділок: /gm) ?? []).length, 3, 'the week’s hours of each office');
    assert.match(list.text, /^Неділя: /m);
    assert.match(list.text, /http:\/\/viche\.test\/lviv\/cnap\/offices\/\d+/);
    assert.deepEqual(
      list.buttons.map((b) => b.data),
      [cnapNode, 'menu'],
      'back to «ЦНАП», and the menu',
    );
  });

  test('Viber shows the same entry and the same offices', async () => {
    assert.equal((await vb.push(VB_TOKEN, viberSubscribed(USER))).status, 200);
    await runDueJobs(t.ctx);
    const entry = await viberPress(cnapNode);
    assert.ok(
      entry.buttons.some((b) => b.data === 'cnap' && b.text === 'ЦНАП: адреси та години роботи'),
      JSON.stringify(entry.buttons),
    );
    const list = await viberPress('cnap');
    for (const name of OFFICES) assert.ok(list.text.includes(name), `${name} in ${list.text}`);
    assert.equal((list.text.match(/^Понеділок: /gm) ?? []).length, 3);
  });

  test('with no active ЦНАП offices the moderator’s reference is as it was', async () => {
    await sql`update cnap_offices set archived = true where community_id = ${lvivId}`.execute(t.ctx.db);
    const entry = await press(cnapNode);
    assert.ok(!entry.buttons.some((b) => b.data === 'cnap'), JSON.stringify(entry.buttons));
    assert.deepEqual(
      entry.buttons.filter((b) => b.data.startsWith('n:')).map((b) => b.text),
      ownEntries,
    );
    assert.match(entry.text, /^ЦНАП/);
    const pressed = await press('cnap');
    assert.ok(!OFFICES.some((name) => pressed.text.includes(name)), 'no offices listed');
  });
});
