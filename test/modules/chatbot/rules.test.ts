/** The dialogue (rules.ts) and the sealing of tokens (core/security/secret-box.ts), without I/O. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { converse, searchNodes, type ChatSettings, type Incoming, type RefNode } from '../../../src/modules/chatbot/rules.js';
import { openSecret, sealSecret } from '../../../src/core/security/secret-box.js';

const node = (id: number, parentId: number | null, title: string, body = '', position = id): RefNode => ({
  id,
  parentId,
  position,
  title: { uk: title, en: '' },
  body: { uk: body, en: '' },
  phone: '',
  address: '',
  lat: null,
  lon: null,
  hours: '',
  url: '',
});

const NODES = [
  node(1, null, 'ЦНАП', 'Адміністративні послуги'),
  node(2, 1, 'Паспорти', 'Закордонний паспорт і ID-картка'),
  node(3, null, 'Вода', 'Водоканал: аварійна служба'),
  node(4, 3, 'Паспорт лічильника', ''),
];

const say = (input: Incoming, settings: ChatSettings | null = { lang: 'uk', topics: ['news'], settlement: null }) =>
  converse({ input, settings, nodes: NODES, communityName: { uk: 'Громада', en: 'Community' }, fallbackLang: 'uk' });

describe('chat-bot dialogue', () => {
  test('/start subscribes only someone not yet subscribed; /stop unsubscribes only a subscriber', () => {
    assert.deepEqual(say({ kind: 'text', text: '/start' }, null).effect, { kind: 'subscribe', lang: 'uk' });
    assert.equal(say({ kind: 'text', text: '/start' }).effect, null);
    assert.deepEqual(say({ kind: 'text', text: '/stop' }).effect, { kind: 'unsubscribe' });
    assert.equal(say({ kind: 'text', text: '/stop' }, null).effect, null);
    assert.deepEqual(say({ kind: 'text', text: '/start@lviv_bot' }, null).effect, { kind: 'subscribe', lang: 'uk' }, 'a command addressed to the bot by name');
  });

  test('an entry shows its children, back to its parent (or the top) and the menu', () => {
    const top = say({ kind: 'button', data: 'n:1' }).replies[0]!;
    assert.deepEqual(top.buttons, [
      [{ label: 'Паспорти', data: 'n:2' }],
      [
        { label: '← Назад', data: 'ref' },
        { label: '☰ Меню', data: 'menu' },
      ],
    ]);
    const child = say({ kind: 'button', data: 'n:2' }).replies[0]!;
    assert.deepEqual(child.buttons.at(-1)![0], { label: '← Назад', data: 'n:1' });
    const gone = say({ kind: 'button', data: 'n:99' }).replies[0]!;
    assert.match(gone.text, /вже немає/);
  });

  test('search needs every word, ranks title matches first, and is case- and apostrophe-blind', () => {
    assert.deepEqual(
      searchNodes(NODES, 'паспорт').map((n) => n.id),
      [2, 4],
    );
    assert.deepEqual(
      searchNodes(NODES, 'ПАСПОРТ лічильника').map((n) => n.id),
      [4],
    );
    assert.deepEqual(
      searchNodes(NODES, 'аварійна').map((n) => n.id),
      [3],
    );
    assert.deepEqual(searchNodes(NODES, '   '), []);
    assert.match(say({ kind: 'text', text: 'п' }).replies[0]!.text, /щонайменше дві літери/);
  });

  test('the menu labels typed as text open their sections (Viber keyboards send text)', () => {
    assert.match(say({ kind: 'text', text: 'довідник' }).replies[0]!.text, /Довідник: оберіть розділ/);
    assert.match(say({ kind: 'text', text: 'Settings' }).replies[0]!.text, /Мова: українська/);
  });

  test('settings: language switches the reply language, topics toggle, unknown topics change nothing', () => {
    const en = say({ kind: 'button', data: 'lang:en' });
    assert.deepEqual(en.effect, { kind: 'settings', settings: { lang: 'en', topics: ['news'], settlement: null } });
    assert.match(en.replies[0]!.text, /Language: English/);
    assert.deepEqual(say({ kind: 'button', data: 'topic:alerts' }).effect, {
      kind: 'settings',
      settings: { lang: 'uk', topics: ['news', 'alerts'], settlement: null },
    });
    assert.deepEqual(say({ kind: 'button', data: 'topic:news' }).effect, { kind: 'settings', settings: { lang: 'uk', topics: [], settlement: null } });
    assert.equal(say({ kind: 'button', data: 'topic:__proto__' }).effect, null);
    assert.equal(say({ kind: 'button', data: 'lang:en' }, null).effect, null, 'not subscribed: nothing to keep');
  });
});

describe('secret box', () => {
  test('opens what it sealed, only for the same purpose and key, and never shows the secret', () => {
    const sealed = sealSecret('k1', 'chatbot:telegram:1', '123:secret-token');
    assert.ok(!sealed.includes('secret-token'));
    assert.notEqual(sealed, sealSecret('k1', 'chatbot:telegram:1', '123:secret-token'), 'a fresh IV each time');
    assert.equal(openSecret('k1', 'chatbot:telegram:1', sealed), '123:secret-token');
    assert.equal(openSecret('k1', 'chatbot:telegram:2', sealed), null, 'bound to its row');
    assert.equal(openSecret('k2', 'chatbot:telegram:1', sealed), null, 'bound to the key');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.equal(openSecret('k1', 'chatbot:telegram:1', tampered), null);
    assert.equal(openSecret('k1', 'chatbot:telegram:1', 'garbage'), null);
  });
});
