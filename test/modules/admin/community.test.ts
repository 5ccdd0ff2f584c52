/**
 * A community after it is connected: the national moderator suspends and reconnects it (a resident
 * cannot sign a petition meanwhile); its administrator (a role the national moderator grants, not a tool
 * moderator) changes the profile (name, coat of arms, contacts, sign-in policy with its warning), audited
 * field by field and announced on the community's page; its local moderators see every tool's settings.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import { DEMO_SUSPENDED_SLUG, DEMO_SUSPENSION_REASON } from '../../../src/modules/admin/demo.js';
import { postMultipart } from './support.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const SVG = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#005bbb"/></svg>',
);
const EVIL_SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');

const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>));

describe('a connected community: suspension, profile and settings', () => {
  let t: TestApp;
  let national: TestBrowser;
  let resident: TestBrowser;
  let lvivModerator: TestBrowser;
  let prylukyModerator: TestBrowser;
  let communityAdmin: TestBrowser;
  let petitionId = 0;

  before(async () => {
    t = await createTestApp();
    national = await signedInAs(t, demo.national);
    resident = await signedInAs(t, demo.olena);
    lvivModerator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    communityAdmin = await signedInAs(t, (p) => p.roles.some((r) => r.kind === 'community-admin' && r.community === 'lviv'));
    prylukyModerator = await signedInAs(t, demo.moderator('pryluky'));
    const list = await t.browser().get('/lviv/petitions');
    const m = /href="\/lviv\/petitions\/(\d+)"[^>]*>Облаштувати безпечний пішохідний перехід біля школи № 5/.exec(list.body);
    assert.ok(m, 'the demo petition collecting signatures');
    petitionId = Number(m[1]);
  });
  after(async () => t.close());

  test('demo: a suspended sixth community with its reason, and a pending request in the queue', async () => {
    const c = (await findCommunityBySlug(t.ctx.db, DEMO_SUSPENDED_SLUG))!;
    assert.equal(c.status, 'suspended');
    assert.equal(c.name.uk, 'Новгород-Сіверська міська територіальна громада');
    const home = await t.browser().get(`/${DEMO_SUSPENDED_SLUG}`);
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Участь у цій громаді тимчасово призупинено/);
    const communities = await national.get('/manage/communities');
    assert.equal(communities.statusCode, 200);
    assert.ok(communities.body.includes(DEMO_SUSPENSION_REASON));
    assert.ok(communities.body.includes(`action="/manage/communities/${DEMO_SUSPENDED_SLUG}/reconnect"`));
    const found = await national.get(`/manage/communities?q=${encodeURIComponent('новгород')}`);
    assert.ok(found.body.includes(`id="community-${DEMO_SUSPENDED_SLUG}"`));
    assert.ok(!found.body.includes('id="community-lviv"'));
    const queue = await national.get('/manage/connections');
    assert.match(queue.body, /Нова \(1\)/);
    assert.match(queue.body, /Ніжинська міська територіальна громада/);
    const files = (
      await sql<{
        kind: string;
        data: Uint8Array;
      }>`select f.kind, f.data from connection_request_files f join connection_requests r on r.id = f.request_id where r.name_uk like 'Ніжинська%' order by f.kind`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.deepEqual(
      files.map((f) => f.kind),
      ['letter', 'memorandum'],
    );
    for (const f of files) {
      const text = Buffer.from(f.data).toString('latin1');
      assert.ok(text.startsWith('%PDF-1.4') && text.trimEnd().endsWith('%%EOF'));
      const xref = Number(/startxref\n(\d+)/.exec(text)![1]);
      assert.ok(text.slice(xref).startsWith('xref'), 'the cross-reference offset is right');
    }
    const cabinet = await national.get('/cabinet');
    assert.match(cabinet.body, /Заявки на підключення/);
    assert.match(cabinet.body, /1 нова/);
  });

  test('suspending needs a reason; a resident then cannot sign; reconnecting restores it', async () => {
    const noReason = await national.post('/manage/communities/lviv/suspend', { 'reason-lviv': '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /href="#reason-lviv">Вкажіть причину призупинення/);
    assert.equal((await national.post('/manage/communities/nowhere/suspend', { 'reason-nowhere': 'x' })).statusCode, 404);

    const suspended = await national.post('/manage/communities/lviv/suspend', { 'reason-lviv': 'Перевірка скарг на накрутку підписів.' });
    assert.equal(suspended.statusCode, 303);
    assert.equal((await findCommunityBySlug(t.ctx.db, 'lviv'))!.status, 'suspended');
    assert.equal((await national.post('/manage/communities/lviv/suspend', { 'reason-lviv': 'ще раз' })).statusCode, 409);
    const sign = await resident.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.equal(sign.statusCode, 403);
    assert.match(sign.body, /Участь у цій громаді тимчасово призупинено/);
    const home = await t.browser().get('/lviv');
    assert.match(home.body, /Участь у цій громаді тимчасово призупинено/);
    assert.ok(!(await t.browser().get('/')).body.includes('<option value="lviv"'), 'gone from the switcher');
    assert.ok((await national.get('/manage/communities')).body.includes('Перевірка скарг на накрутку підписів.'));

    const reconnected = await national.post('/manage/communities/lviv/reconnect', { 'reason-lviv': 'Перевірку завершено.' });
    assert.equal(reconnected.statusCode, 303);
    assert.equal((await findCommunityBySlug(t.ctx.db, 'lviv'))!.status, 'connected');
    const signed = await resident.post(`/lviv/petitions/${petitionId}/sign`, {});
    assert.equal(signed.statusCode, 303);
    assert.equal(signed.headers.location, `/lviv/petitions/${petitionId}`);

    const audit = (
      await sql<{ action: string; before: unknown; after: unknown; actor_user_id: number }>`
      select action, before, after, actor_user_id from audit_log where subject_type = 'community' and action in ('community.suspended', 'community.reconnected')
      and community_id = (select id from communities where slug = 'lviv') order by id`.execute(t.ctx.db)
    ).rows;
    assert.deepEqual(
      audit.map((a) => a.action),
      ['community.suspended', 'community.reconnected'],
    );
    assert.deepEqual(parse(audit[0]!.before), { status: 'connected' });
    assert.deepEqual(parse(audit[0]!.after), { status: 'suspended', reason: 'Перевірка скарг на накрутку підписів.' });
    assert.deepEqual(parse(audit[1]!.after), { status: 'connected', reason: 'Перевірку завершено.' });
  });

  test('the profile: only this community’s administrator, not a tool moderator; the e-mail sign-in warning is next to the choice', async () => {
    assert.equal((await lvivModerator.get('/lviv/manage/profile')).statusCode, 403, 'a budgets moderator does not change the community’s rules');
    const asToolModerator = await postMultipart(t, lvivModerator, '/lviv/manage/profile', { name_uk: 'x', name_en: 'x', sign_in_policy: 'idgovua_or_email' });
    assert.equal(asToolModerator.statusCode, 403);
    assert.equal((await findCommunityBySlug(t.ctx.db, 'lviv'))!.signInPolicy, 'idgovua');
    assert.doesNotMatch((await lvivModerator.get('/lviv/manage')).body, /href="\/lviv\/manage\/profile"/);
    assert.match((await lvivModerator.get('/lviv/manage/settings')).body, /Змінює адміністратор громади/);
    assert.match((await communityAdmin.get('/lviv')).body, /href="\/lviv\/manage">Керування/, 'the administrator finds the way to the profile');
    assert.equal((await t.browser().get('/lviv/manage/profile')).statusCode, 303);
    assert.equal((await resident.get('/lviv/manage/profile')).statusCode, 403);
    assert.equal((await prylukyModerator.get('/lviv/manage/profile')).statusCode, 403);
    assert.equal((await postMultipart(t, prylukyModerator, '/lviv/manage/profile', { name_uk: 'x', name_en: 'x', sign_in_policy: 'idgovua' })).statusCode, 403);
    assert.equal((await prylukyModerator.get('/lviv/manage/settings')).statusCode, 403);
    const page = await communityAdmin.get('/lviv/manage/profile');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="name_uk" type="text" value="Львівська міська територіальна громада"/);
    assert.match(page.body, /id="sign_in_policy" name="sign_in_policy" value="idgovua" checked/);
    assert.match(page.body, /fieldset[^>]*aria-describedby="sign_in_policy-warning"/);
    assert.match(page.body, /вхід електронною поштою з телефоном не перевіряє особу[^<]*ризик зловживань/);
    const manage = await communityAdmin.get('/lviv/manage');
    assert.match(manage.body, /href="\/lviv\/manage\/profile">Профіль громади/);
  });

  test('bad input to the profile is explained; a coat of arms, contacts and the policy are saved and audited', async () => {
    const bad = await postMultipart(
      t,
      communityAdmin,
      '/lviv/manage/profile',
      { name_uk: '', name_en: 'Lviv', email: 'nope', phone: '12', website: 'rada', sign_in_policy: 'anyone' },
      { coat: { name: 'coat.gif', type: 'image/gif', data: Buffer.from('GIF89a....') } },
    );
    assert.equal(bad.statusCode, 400);
    for (const [f, msg] of [
      ['name_uk', 'Вкажіть назву громади українською'],
      ['email', 'Вкажіть пошту у форматі name@example.com'],
      ['phone', 'Телефон — від 10 до 15 цифр'],
      ['website', 'Вкажіть адресу сайту повністю'],
      ['sign_in_policy', 'Оберіть, як мешканці входять'],
      ['coat', 'Герб має бути у форматі PNG, JPEG або SVG'],
    ]) {
      assert.ok(bad.body.includes(`href="#${f}">${msg}`), `${f}: ${msg}`);
    }
    const base = { name_uk: 'Львівська міська територіальна громада', name_en: 'Lviv City Territorial Community', sign_in_policy: 'idgovua' };
    const evil = await postMultipart(t, communityAdmin, '/lviv/manage/profile', base, { coat: { name: 'c.svg', type: 'image/svg+xml', data: EVIL_SVG } });
    assert.equal(evil.statusCode, 400);
    assert.match(evil.body, /SVG містить скрипти чи зовнішні посилання/);
    const huge = Buffer.concat([PNG, Buffer.alloc(600 * 1024)]);
    const tooBig = await postMultipart(t, communityAdmin, '/lviv/manage/profile', base, { coat: { name: 'c.png', type: 'image/png', data: huge } });
    assert.equal(tooBig.statusCode, 400);
    assert.match(tooBig.body, /Файл завеликий: герб має бути не більше 500 КБ/);

    const ok = await postMultipart(
      t,
      communityAdmin,
      '/lviv/manage/profile',
      {
        ...base,
        address: 'пл. Ринок, 1, м. Львів',
        email: 'Rada@Lviv.example',
        phone: '+380 32 297 57 57',
        website: 'https://city-adm.lviv.ua',
        sign_in_policy: 'idgovua_or_email',
      },
      { coat: { name: 'coat.png', type: 'image/png', data: PNG } },
    );
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 400));
    assert.equal(ok.headers.location, '/lviv/manage/profile?saved=1');
    const c = (await findCommunityBySlug(t.ctx.db, 'lviv'))!;
    assert.equal(c.signInPolicy, 'idgovua_or_email');
    assert.deepEqual(c.contacts, {
      address: 'пл. Ринок, 1, м. Львів',
      email: 'rada@lviv.example',
      phone: '+380 32 297 57 57',
      website: 'https://city-adm.lviv.ua',
    });
    assert.equal(c.coatOfArmsUrl, '/lviv/coat-of-arms?v=1');
    const coat = await t.browser().get('/lviv/coat-of-arms?v=1');
    assert.equal(coat.statusCode, 200);
    assert.equal(coat.headers['content-type'], 'image/png');
    assert.ok(coat.rawPayload.equals(PNG));
    assert.match(String(coat.headers['content-security-policy']), /sandbox/);
    const home = await t.browser().get('/lviv');
    assert.ok(home.body.includes('src="/lviv/coat-of-arms?v=1"'));
    assert.match(home.body, /rada@lviv\.example/);
    assert.match(home.body, /\d{2}\.\d{2}\.\d{4}: Громада дозволила вхід з e-mail і телефоном/, 'the change of the sign-in policy is announced with its date');

    // An SVG replaces it (a new version); then the coat is removed.
    assert.equal(
      (await postMultipart(t, communityAdmin, '/lviv/manage/profile', base, { coat: { name: 'c.svg', type: 'image/svg+xml', data: SVG } })).statusCode,
      303,
    );
    assert.equal((await findCommunityBySlug(t.ctx.db, 'lviv'))!.coatOfArmsUrl, '/lviv/coat-of-arms?v=2');
    assert.equal((await t.browser().get('/lviv/coat-of-arms?v=2')).headers['content-type'], 'image/svg+xml');
    assert.equal((await postMultipart(t, communityAdmin, '/lviv/manage/profile', { ...base, remove_coat: 'on' }, { coat: null })).statusCode, 303);
    assert.equal((await findCommunityBySlug(t.ctx.db, 'lviv'))!.coatOfArmsUrl, null);
    assert.equal((await t.browser().get('/lviv/coat-of-arms')).statusCode, 404);
    assert.equal((await t.browser().get('/pryluky/coat-of-arms')).statusCode, 404);

    const audit = (
      await sql<{ before: unknown; after: unknown }>`select before, after from audit_log where action = 'community.profile-changed' order by id`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.equal(audit.length, 3);
    assert.equal(parse(audit[0]!.before).signInPolicy, 'idgovua');
    assert.equal(parse(audit[0]!.after).signInPolicy, 'idgovua_or_email');
    assert.deepEqual(parse(audit[0]!.after).coatOfArms, { type: 'image/png', bytes: PNG.length });
    assert.equal(parse(audit[2]!.after).coatOfArmsUrl, null);
    // Field by field: only what changed, with its real before and after.
    assert.deepEqual(parse(audit[2]!.before), { coatOfArmsUrl: '/lviv/coat-of-arms?v=2' });
    assert.deepEqual(parse(audit[2]!.after), { coatOfArmsUrl: null });
    assert.equal(parse(audit[0]!.before).nameUk, undefined, 'the unchanged name is not in the entry');
    assert.equal(parse(audit[0]!.after).email, 'rada@lviv.example');
    const policy = (
      await sql<{ before: unknown; after: unknown }>`select before, after from audit_log where action = 'community.sign-in-policy-changed' order by id`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.deepEqual(
      policy.map((x) => parse(x.after).signInPolicy),
      ['idgovua_or_email', 'idgovua'],
    );
    assert.match((await t.browser().get('/lviv')).body, /Громада заборонила вхід з e-mail і телефоном/);
  });

  test('the national moderator grants and revokes the community administrator role; audited', async () => {
    const petitionsModerator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    const page = await national.get('/manage/communities/lviv/admins');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Гончаренко Віра Олексіївна/);
    assert.doesNotMatch(page.body, /@demo\.viche\.example/, 'names, not e-mail addresses');
    assert.equal((await lvivModerator.get('/manage/communities/lviv/admins')).statusCode, 403);
    const who = (await sql<{ id: number }>`select id from users where last_name = 'Савчук'`.execute(t.ctx.db)).rows[0]!.id;
    assert.equal(
      (await communityAdmin.post('/manage/communities/lviv/admins', { user_id: String(who) })).statusCode,
      403,
      'an administrator does not appoint others',
    );
    assert.equal((await petitionsModerator.get('/lviv/manage/profile')).statusCode, 403);
    assert.equal((await national.post('/manage/communities/lviv/admins', { user_id: String(who) })).statusCode, 303);
    assert.equal((await petitionsModerator.get('/lviv/manage/profile')).statusCode, 200);
    const stranger = (await sql<{ id: number }>`select id from users where last_name = 'Бондар'`.execute(t.ctx.db)).rows[0]?.id ?? 999999;
    assert.equal(
      (await national.post('/manage/communities/lviv/admins', { user_id: String(stranger) })).statusCode,
      400,
      'only someone with a role in this community',
    );
    assert.equal((await national.post(`/manage/communities/lviv/admins/${who}/revoke`, {})).statusCode, 303);
    assert.equal((await petitionsModerator.get('/lviv/manage/profile')).statusCode, 403);
    const audit = (
      await sql<{ action: string; subject_id: string }>`select action, subject_id from audit_log where action like 'community.admin-%' order by id`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.deepEqual(audit, [
      { action: 'community.admin-granted', subject_id: String(who) },
      { action: 'community.admin-revoked', subject_id: String(who) },
    ]);
  });

  test('the settings page lists each enabled tool’s settings with a plain explanation', async () => {
    const page = await lvivModerator.get('/lviv/manage/settings');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Налаштування громади<\/h1>/);
    assert.match(page.body, /Громадський бюджет<\/h2><p>Конкурси громадського бюджету: обсяг, категорії/);
    assert.match(page.body, /Місцеві петиції<\/h2><p>Скільки підписів потрібно/);
    // A budgets moderator does not manage petitions: told who does instead of a link.
    assert.match(page.body, /Налаштовує модератор цього інструменту/);
    assert.ok(!page.body.includes('href="/lviv/manage/petitions/settings"'));
    const all = await national.get('/lviv/manage/settings');
    assert.ok(all.body.includes('href="/lviv/manage/petitions/settings">Налаштування петицій</a>'));
    // Statistics have no settings: the page says so once and never that «its moderator» sets them.
    for (const body of [page.body, all.body]) {
      const stats = /<h2>Статистика<\/h2>(.*?)<\/li>/s.exec(body)![1]!;
      assert.match(stats, /налаштувань не має/);
      assert.doesNotMatch(stats, /Налаштовує модератор|Окремих сторінок/);
    }
  });

  test('the national moderator finds «Керування платформою»; /manage is their page, others are shown their own work', async () => {
    const home = await national.get('/lviv');
    assert.ok(home.body.includes('<a href="/manage">Керування платформою</a>'));
    assert.ok(!(await resident.get('/lviv')).body.includes('href="/manage"'));
    assert.ok(!(await lvivModerator.get('/lviv')).body.includes('href="/manage"'));
    const page = await national.get('/manage');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Керування платформою<\/h1>/);
    for (const href of ['/manage/connections', '/manage/communities', '/manage/audit', '/manage/petitions/overdue', '/lviv/manage']) {
      assert.ok(page.body.includes(`href="${href}"`), href);
      assert.equal((await national.get(href)).statusCode, 200, href);
    }
    const moderator = await lvivModerator.get('/manage');
    assert.equal(moderator.statusCode, 200);
    assert.match(moderator.body, /Керування платформою — справа національного модератора/);
    assert.ok(moderator.body.includes('href="/lviv/manage"'));
    assert.ok(!moderator.body.includes('href="/manage/connections"'));
    const nobody = await resident.get('/manage');
    assert.equal(nobody.statusCode, 403);
    assert.match(nobody.body, /У вас немає ролі модератора/);
    const anon = await t.browser().get('/manage');
    assert.equal(anon.statusCode, 303, 'signed out: to the sign-in');
    assert.match(String(anon.headers.location), /^\/auth\/sign-in/);
  });

  test('Open City’s links on «Керування» lead to the queue and to the sections of its settings', async () => {
    const oc = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    const manage = await oc.get('/lviv/manage');
    assert.ok(manage.body.includes('href="/lviv/open-city/work">Відкрите місто: черга звернень</a>'));
    const settings = await oc.get('/lviv/open-city/manage');
    for (const [path, id] of [
      ['/lviv/open-city/manage#categories', 'categories'],
      ['/lviv/open-city/manage#keys', 'keys'],
      ['/lviv/open-city/manage#territory', 'territory'],
    ] as const) {
      assert.ok(manage.body.includes(`href="${path}"`), path);
      assert.ok(settings.body.includes(`id="${id}"`), id);
    }
    assert.equal((await oc.get('/lviv/open-city/work')).statusCode, 200);
  });
});
