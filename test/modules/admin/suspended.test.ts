/** A suspended community is one thing everywhere (issue #21, point 8): its page, the home page, /stats and /connect agree. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../helpers/test-app.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import { DEMO_SUSPENDED_SLUG } from '../../../src/modules/admin/demo.js';

describe('a suspended community', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => t.close());

  test('is out of the home page count and list, out of /stats rankings, and its page collects nothing', async () => {
    const suspended = (await findCommunityBySlug(t.ctx.db, DEMO_SUSPENDED_SLUG))!;
    assert.equal(suspended.status, 'suspended');
    const connected = (await sql<{ n: number }>`select count(*)::int as n from communities where status = 'connected'`.execute(t.ctx.db)).rows[0]!.n;

    const home = (await t.browser().get('/')).body;
    assert.match(home, new RegExp(`<strong>${connected}</strong> <span>підключен`), 'the home page counts connected communities only');
    assert.ok(!home.includes(`href="/${DEMO_SUSPENDED_SLUG}"`), 'and does not list the suspended one');
    assert.match(home, new RegExp(`<p role="status">${connected} громад`));

    const api = (await t.browser().get('/api/v1/stats?from=2020-01&to=2029-12')).json() as { communities: number; tools: { top: { slug: string }[] }[] };
    assert.equal(api.communities, connected);
    assert.ok(
      api.tools.every((x) => x.top.every((r) => r.slug !== DEMO_SUSPENDED_SLUG)),
      'not ranked in /stats',
    );

    const page = (await t.browser().get(`/${DEMO_SUSPENDED_SLUG}`)).body;
    assert.match(page, /Участь у цій громаді тимчасово призупинено/);
    assert.doesNotMatch(page, /збирає підписи|триває|йде голосування/);

    // /connect does not offer a community already on Віче, connected or suspended: a request would be refused.
    const connect = (await t.browser().get('/connect')).body;
    assert.match(connect, /<option value="UA/, 'the form offers communities');
    assert.ok(!connect.includes(`<option value="${suspended.territorialCodes[0]!}"`), 'the suspended community is not offered');
    assert.doesNotMatch(connect, /Новгород-Сіверська міська/);
  });
});
