/** Following's pure rules: what an event reaches, and the unsubscribe token that cannot be forged. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { reaches, readUnsubscribeToken, unsubscribeToken } from '../../src/core/follows/rules.js';

describe('follow rules', () => {
  const petition12 = { tool: 'petitions', item: '12', itemOnly: false };
  test('a community follow hears every tool; a tool follow its tool; an item follow its item', () => {
    assert.equal(reaches({ tool: '', item: '' }, petition12), true);
    assert.equal(reaches({ tool: 'petitions', item: '' }, petition12), true);
    assert.equal(reaches({ tool: 'budgets', item: '' }, petition12), false);
    assert.equal(reaches({ tool: 'petitions', item: '12' }, petition12), true);
    assert.equal(reaches({ tool: 'petitions', item: '13' }, petition12), false);
    assert.equal(reaches({ tool: 'petitions', item: '12' }, { tool: 'petitions', item: '', itemOnly: false }), false);
  });

  test('an item-only event reaches the item’s followers only', () => {
    const phase = { tool: 'budgets', item: '7', itemOnly: true };
    assert.equal(reaches({ tool: 'budgets', item: '7' }, phase), true);
    assert.equal(reaches({ tool: 'budgets', item: '' }, phase), false);
    assert.equal(reaches({ tool: '', item: '' }, phase), false);
  });

  test('a token names its scope, and only the secret makes one', () => {
    const follow = unsubscribeToken('secret-a', { kind: 'follow', followId: 42 });
    assert.deepEqual(readUnsubscribeToken('secret-a', follow), { kind: 'follow', followId: 42 });
    assert.equal(readUnsubscribeToken('secret-b', follow), null);
    const digest = unsubscribeToken('secret-a', { kind: 'digest', userId: 5, frequency: 'weekly' });
    assert.deepEqual(readUnsubscribeToken('secret-a', digest), { kind: 'digest', userId: 5, frequency: 'weekly' });
    // Another follow's id with this follow's MAC is refused.
    assert.equal(readUnsubscribeToken('secret-a', follow.replace('f42-', 'f43-')), null);
    assert.equal(readUnsubscribeToken('secret-a', 'f42-short'), null);
  });
});
