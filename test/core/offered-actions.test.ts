/**
 * Offer only what a person can do (issue #21): where the policy refuses a signed-in person, the page
 * says why in place of the button, instead of a button that leads to a refusal page; signed-out visitors
 * still get the button (it leads to sign-in). And «Увійти» pressed on the sign-in page keeps where the
 * person was going.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, demo, signedInAs, type TestApp } from '../helpers/test-app.js';

const NOT_RESIDENT = 'Брати участь можуть лише мешканці цієї громади';
const TOO_YOUNG = 'Ви ще не досягли віку';

/** The address of the first link on the page whose path matches. */
function firstLink(html: string, path: RegExp): string {
  const found = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((h) => path.test(h));
  assert.ok(found, `no link matching ${path}`);
  return found;
}

describe('buttons only for what a person can do', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('a Lviv resident on Kramatorsk’s petitions reads why instead of «Створити петицію»', async () => {
    const olena = await signedInAs(t, demo.olena);
    const res = await olena.get('/kramatorsk/petitions');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(NOT_RESIDENT), 'the reason is shown');
    assert.ok(!res.body.includes('href="/kramatorsk/petitions/new"'), 'no link to a form that would refuse her');
    assert.equal((await olena.get('/kramatorsk/petitions/new')).statusCode, 403, 'the form itself still refuses');
    // At home she is offered it.
    assert.ok((await olena.get('/lviv/petitions')).body.includes('href="/lviv/petitions/new"'));
  });

  test('a signed-out visitor still sees «Створити петицію», which leads to sign-in', async () => {
    const res = await t.browser().get('/kramatorsk/petitions');
    assert.ok(res.body.includes('href="/kramatorsk/petitions/new"'));
    assert.ok(!res.body.includes(NOT_RESIDENT));
  });

  test('a 15-year-old on a voting contest reads the age reason and gets no «Голосувати»', async () => {
    const anonymous = t.browser();
    const contest = firstLink((await anonymous.get('/lviv/budgets')).body, /^\/lviv\/budgets\/\d+$/);
    const open = (await anonymous.get(contest)).body;
    assert.ok(open.includes(`href="${contest}/vote"`), 'the contest is voting: a visitor is offered the vote');
    const sofiia = await signedInAs(t, (p) => p.firstName === 'Софія');
    const res = await sofiia.get(contest);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(TOO_YOUNG), 'the age reason is shown');
    assert.ok(!res.body.includes(`href="${contest}/vote"`), 'no vote button');
    // A resident of age is offered it.
    assert.ok((await (await signedInAs(t, demo.olena)).get(contest)).body.includes(`href="${contest}/vote"`));
  });

  test('«Увійти» on the sign-in page keeps the original return', async () => {
    const res = await t.browser().get(`/auth/sign-in?return=${encodeURIComponent('/lviv/petitions?tab=collecting')}`);
    assert.equal(res.statusCode, 200);
    const header = /<nav class="account"[\s\S]*?<\/nav>/.exec(res.body)?.[0] ?? '';
    assert.ok(header.includes(`href="/auth/sign-in?return=${encodeURIComponent('/lviv/petitions?tab=collecting')}"`), header);
    // Elsewhere the link returns to the page itself.
    const page = await t.browser().get('/lviv/petitions');
    assert.ok(page.body.includes(`href="/auth/sign-in?return=${encodeURIComponent('/lviv/petitions')}"`));
  });
});
