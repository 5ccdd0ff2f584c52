/**
 * Connecting a community through HTTP: the public form (errors, PDFs, refusals), the private status
 * link, asking for changes and resubmitting, accepting (the community, its tools, petition settings,
 * the invitation, a local moderator who signs in and sees the settings), declining, authorization and
 * the audit log.
 */
import { kyivDateOf } from '../../../src/core/calendar/index.js';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../../helpers/test-app.js';
import { CATALOG } from '../../../src/modules/admin/catalog.js';
import { minimalPdf } from '../../../src/modules/admin/demo.js';
import { loadSettings } from '../../../src/modules/petitions/repository.js';
import { findCommunityBySlug } from '../../../src/core/communities/communities-repository.js';
import { mailsTo, postMultipart, signInTyped, type UploadFile } from './support.js';
import { confirmEmailAddress } from '../../helpers/email-confirmation.js';

const entry = (name: string) => CATALOG.find((c) => c.name.uk === name)!;
const BUCHA = entry('Бучанська міська територіальна громада');
const IRPIN = entry('Ірпінська міська територіальна громада');
const NIZHYN = entry('Ніжинська міська територіальна громада');
const NOVHOROD = entry('Новгород-Сіверська міська територіальна громада');

const memorandum: UploadFile = { name: 'memorandum.pdf', type: 'application/pdf', data: minimalPdf(['Memorandum', 'Bucha']) };
const letter: UploadFile = { name: 'letter.pdf', type: 'application/pdf', data: minimalPdf(['Letter', 'Bucha']) };

const CONTACT = 'secretary@bucha-rada.example';
const SECOND_MODERATOR = 'petitions.moderator@bucha-rada.example';

function validForm(code: string, over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    community: code,
    contact_name: 'Шаповал Тетяна Миколаївна',
    contact_position: 'секретар міської ради',
    contact_email: CONTACT,
    contact_phone: '+380 4597 4 12 34',
    council_address: 'вул. Енергетиків, 12, м. Буча, 08292',
    council_website: 'https://bucha-rada.example',
    moderator_emails: `${CONTACT}\n${SECOND_MODERATOR}`,
    tools: ['petitions', 'budgets', 'stats'],
    petition_threshold: '150',
    petition_days: '60',
    budget_total: '2 500 000',
    budget_categories: 'Благоустрій\nОсвіта\nСпорт',
    budget_max_choices: '3',
    budget_min_age: '16',
    ...over,
  };
}

describe('connecting a community', () => {
  let t: TestApp;
  let national: TestBrowser;
  let resident: TestBrowser;
  let lvivModerator: TestBrowser;
  let applicant: TestBrowser;
  let token = '';
  let requestId = 0;

  before(async () => {
    t = await createTestApp();
    national = await signedInAs(t, demo.national);
    resident = await signedInAs(t, demo.olena);
    lvivModerator = await signedInAs(t, demo.moderator('lviv', 'petitions'));
    applicant = t.browser();
  });
  after(async () => t.close());

  test('the form lists real communities with their КАТОТТГ codes and the six tools', async () => {
    const page = await applicant.get('/connect');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>Підключити громаду<\/h1>/);
    assert.ok(page.body.includes(`<option value="${BUCHA.code}">Бучанська міська територіальна громада — ${BUCHA.code}</option>`));
    assert.match(page.body, /<optgroup label="Київська область">/);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    for (const tool of ['petitions', 'consultations', 'budgets', 'school-budget', 'open-city', 'stats']) assert.ok(page.body.includes(`value="${tool}"`), tool);
    assert.ok(CATALOG.length >= 40);
  });

  test('a missing field, a wrong value or a non-PDF is explained next to the field; typed values stay', async () => {
    const empty = await postMultipart(t, applicant, '/connect', { contact_name: 'Шаповал Тетяна' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /<title>Помилка: /);
    for (const [field, msg] of [
      ['community', 'Оберіть громаду зі списку'],
      ['contact_position', 'Вкажіть посаду контактної особи'],
      ['contact_email', 'Вкажіть електронну пошту контактної особи'],
      ['contact_phone', 'Вкажіть телефон контактної особи'],
      ['tools', 'Оберіть хоча б один інструмент'],
      ['memorandum', 'Завантажте підписаний меморандум у форматі PDF'],
      ['letter', 'Завантажте лист ради у форматі PDF'],
    ]) {
      assert.ok(empty.body.includes(`href="#${field}">${msg}`), `${field}: ${msg}`);
    }
    assert.ok(empty.body.includes('value="Шаповал Тетяна"'), 'the typed name is kept');

    const wrong = await postMultipart(
      t,
      applicant,
      '/connect',
      validForm(BUCHA.code, { contact_email: 'not-an-email', petition_threshold: '', budget_total: 'багато', tools: ['petitions', 'budgets'] }),
      { memorandum: { name: 'm.pdf', type: 'application/pdf', data: Buffer.from('GIF89a not a pdf') }, letter },
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#contact_email">Вкажіть пошту у форматі name@example.com/);
    assert.match(wrong.body, /href="#petition_threshold">Поріг підписів — ціле число/);
    assert.match(wrong.body, /href="#budget_total">Обсяг бюджету — сума в гривнях/);
    assert.match(wrong.body, /href="#memorandum">Файл має бути у форматі PDF/);
    assert.doesNotMatch(wrong.body, /href="#letter"/);
    assert.match(wrong.body, /id="tools" name="tools" value="petitions" checked/);
    assert.match(wrong.body, /id="tools-consultations" name="tools" value="consultations" aria/);
    assert.match(wrong.body, /<option value="16" selected>/);

    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024 + 10, 0x20)]);
    const tooLarge = await postMultipart(t, applicant, '/connect', validForm(BUCHA.code), {
      memorandum,
      letter: { name: 'l.pdf', type: 'application/pdf', data: big },
    });
    assert.equal(tooLarge.statusCode, 400);
    assert.match(tooLarge.body, /href="#letter">Файл завеликий: PDF має бути не більше 5 МБ/);
    assert.equal(
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from connection_requests where territorial_code = ${BUCHA.code}`.execute(t.ctx.db)).rows[0]!.n,
      ),
      0,
    );
  });

  test('a community already connected, or with an open request, is refused with a clear message', async () => {
    const connected = await postMultipart(t, applicant, '/connect', validForm(NOVHOROD.code), { memorandum, letter });
    assert.equal(connected.statusCode, 409);
    assert.match(connected.body, /Громада «Новгород-Сіверська міська територіальна громада» вже підключена до Віче/);
    const open = await postMultipart(t, applicant, '/connect', validForm(NIZHYN.code), { memorandum, letter });
    assert.equal(open.statusCode, 409);
    assert.match(open.body, /Для громади «Ніжинська міська територіальна громада» заявку вже подано, вона на розгляді/);
  });

  test('a valid request: a private status link (stored hashed), the PDFs in the database, a letter', async () => {
    const res = await postMultipart(t, applicant, '/connect', validForm(BUCHA.code), { memorandum, letter });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const m = /^\/connect\/status\/([A-Za-z0-9_-]{40,})\?sent=1$/.exec(String(res.headers.location));
    assert.ok(m, String(res.headers.location));
    token = m[1]!;
    const status = await applicant.get(String(res.headers.location));
    assert.equal(status.statusCode, 200);
    assert.equal(status.headers['cache-control'], 'no-store');
    assert.match(status.body, /Заявку надіслано/);
    assert.match(status.body, /tag-request-new">Нова</);
    assert.match(status.body, /2\s500\s000 грн/);

    const row = (
      await sql<{
        id: number;
        status_token_hash: string;
        contact_phone: string;
        tools: string[];
        budget_total: number;
      }>`select * from connection_requests where territorial_code = ${BUCHA.code}`.execute(t.ctx.db)
    ).rows[0]!;
    requestId = row.id;
    assert.equal(row.status_token_hash, createHash('sha256').update(token).digest('hex'));
    const dump = JSON.stringify((await sql`select * from connection_requests where id = ${requestId}`.execute(t.ctx.db)).rows);
    assert.ok(!dump.includes(token), 'the token itself is nowhere in the row');
    assert.equal(row.contact_phone, '+380459741234');
    assert.deepEqual(row.tools, ['petitions', 'budgets', 'stats']);
    assert.equal(Number(row.budget_total), 2_500_000);
    const files = (
      await sql<{ kind: string; data: Uint8Array }>`select kind, data from connection_request_files where request_id = ${requestId} order by kind`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.deepEqual(
      files.map((f) => f.kind),
      ['letter', 'memorandum'],
    );
    assert.ok(Buffer.from(files[1]!.data).equals(memorandum.data));

    const mail = await mailsTo(t, CONTACT);
    assert.equal(mail.length, 1);
    assert.equal(mail[0]!.subject, 'Заявку на підключення отримано: Бучанська міська територіальна громада');
    assert.ok(mail[0]!.text.includes(`http://viche.test/connect/status/${token}`));

    assert.equal((await applicant.get(`/connect/status/${token.slice(0, -2)}xx`)).statusCode, 404);
    assert.equal((await applicant.get('/connect/status/short')).statusCode, 404);
    assert.equal((await applicant.get(`/connect/status/${token}/edit`)).statusCode, 303, 'nothing to edit while new');
  });

  test('only the national moderator reaches the queue, the request, its PDFs and its acts', async () => {
    assert.equal((await t.browser().get('/manage/connections')).statusCode, 303);
    assert.equal((await resident.get('/manage/connections')).statusCode, 403);
    assert.equal((await lvivModerator.get('/manage/connections')).statusCode, 403);
    assert.equal((await lvivModerator.get(`/manage/connections/${requestId}`)).statusCode, 403);
    assert.equal((await lvivModerator.get(`/manage/connections/${requestId}/files/memorandum`)).statusCode, 403);
    assert.equal((await applicant.get(`/manage/connections/${requestId}/files/memorandum`)).statusCode, 303);
    assert.equal((await resident.post(`/manage/connections/${requestId}/accept`, { slug: 'bucha' })).statusCode, 403);
    assert.equal((await lvivModerator.post(`/manage/connections/${requestId}/decline`, { reason: 'x' })).statusCode, 403);
    assert.equal((await lvivModerator.post(`/manage/connections/${requestId}/request-changes`, { message: 'x' })).statusCode, 403);
    assert.equal((await lvivModerator.get('/manage/communities')).statusCode, 403);
    assert.equal((await lvivModerator.post('/manage/communities/lviv/suspend', { 'reason-lviv': 'x' })).statusCode, 403);
    // The applicant's page never links the files.
    assert.doesNotMatch((await applicant.get(`/connect/status/${token}`)).body, /\/files\//);

    const queue = await national.get('/manage/connections');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Нова \(2\)/);
    assert.ok(queue.body.includes(`href="/manage/connections/${requestId}">Бучанська міська територіальна громада</a>`));
    assert.match(queue.body, /Ніжинська міська територіальна громада/, 'the demo request waits too');
    const page = await national.get(`/manage/connections/${requestId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(`href="/manage/connections/${requestId}/files/memorandum"`));
    assert.match(page.body, /Шаповал Тетяна Миколаївна/);
    assert.match(page.body, /value="bucha"/, 'the address is suggested');
    const pdf = await national.get(`/manage/connections/${requestId}/files/letter`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="request-\d+-letter.pdf"$/);
    assert.ok(pdf.rawPayload.equals(letter.data));
    assert.equal((await national.get(`/manage/connections/${requestId}/files/passport`)).statusCode, 404);
    assert.equal((await national.get('/manage/connections/999999')).statusCode, 404);
    assert.equal((await national.get('/manage/connections/abc')).statusCode, 404);
  });

  test('asking for changes: the applicant sees the message, corrects the request and sends it again', async () => {
    const empty = await national.post(`/manage/connections/${requestId}/request-changes`, { message: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#message">Напишіть, що потрібно виправити/);
    const ok = await national.post(`/manage/connections/${requestId}/request-changes`, {
      message: 'Поріг у вашому положенні — 120 підписів, а строк — 45 днів. Виправте, будь ласка.',
    });
    assert.equal(ok.statusCode, 303);
    const mail = await mailsTo(t, CONTACT);
    assert.equal(mail.length, 2);
    assert.equal(mail[1]!.subject, 'Заявку потрібно доповнити: Бучанська міська територіальна громада');
    assert.ok(mail[1]!.text.includes(`/connect/status/${token}`), 'the same private link');
    assert.equal((await national.post(`/manage/connections/${requestId}/accept`, { slug: 'bucha' })).statusCode, 409, 'not while changes are awaited');

    const status = await applicant.get(`/connect/status/${token}`);
    assert.match(status.body, /tag-request-changes_requested">Потребує змін</);
    assert.match(status.body, /Поріг у вашому положенні — 120 підписів/);
    assert.ok(status.body.includes(`href="/connect/status/${token}/edit"`));
    const edit = await applicant.get(`/connect/status/${token}/edit`);
    assert.equal(edit.statusCode, 200);
    assert.match(edit.body, /name="petition_threshold" type="text" value="150"/);
    assert.match(edit.body, /Громаду в поданій заявці змінити не можна/);

    const bad = await postMultipart(t, applicant, `/connect/status/${token}/edit`, validForm(BUCHA.code, { petition_days: '400' }), {
      memorandum: null,
      letter: null,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#petition_days">Строк збору — від 1 до 92 днів/);
    // The community cannot be swapped through the form.
    const fixed = await postMultipart(
      t,
      applicant,
      `/connect/status/${token}/edit`,
      validForm(IRPIN.code, { petition_threshold: '120', petition_days: '45' }),
      { memorandum: null, letter: { name: 'letter2.pdf', type: 'application/pdf', data: minimalPdf(['Letter v2']) } },
    );
    assert.equal(fixed.statusCode, 303, fixed.body.slice(0, 400));
    const row = (
      await sql<{
        status: string;
        petition_threshold: number;
        petition_days: number;
        territorial_code: string;
      }>`select * from connection_requests where id = ${requestId}`.execute(t.ctx.db)
    ).rows[0]!;
    assert.deepEqual({ ...row }, { ...row, status: 'new', petition_threshold: 120, petition_days: 45, territorial_code: BUCHA.code });
    const files = (
      await sql<{ kind: string; data: Uint8Array }>`select kind, data from connection_request_files where request_id = ${requestId} order by kind`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.ok(Buffer.from(files[0]!.data).equals(minimalPdf(['Letter v2'])), 'the letter replaced');
    assert.ok(Buffer.from(files[1]!.data).equals(memorandum.data), 'the memorandum kept');
    assert.equal(
      (await postMultipart(t, applicant, `/connect/status/${token}/edit`, validForm(BUCHA.code), {})).statusCode,
      409,
      'no second correction while new',
    );
  });

  test('accepting: the address is checked, then the community is created with its tools, settings and moderators', async () => {
    for (const [slug, status, msg] of [
      ['connect', 400, 'Адресу «connect» зарезервовано для сторінок платформи'],
      ['stats', 400, 'Адресу «stats» зарезервовано'],
      ['Буча', 400, 'Адреса — лише малі латинські літери, цифри й дефіс'],
      ['bucha-', 400, 'Дефіс не може стояти на початку, в кінці чи двічі поспіль'],
      ['', 400, 'Вкажіть адресу громади на платформі'],
      ['lviv', 409, 'Адресу «lviv» вже має інша громада'],
    ] as const) {
      const res = await national.post(`/manage/connections/${requestId}/accept`, { slug });
      assert.equal(res.statusCode, status, slug);
      assert.ok(res.body.includes(`href="#slug">${msg}`), `${slug}: ${msg}`);
    }
    assert.equal(await findCommunityBySlug(t.ctx.db, 'bucha'), null);

    const ok = await national.post(`/manage/connections/${requestId}/accept`, { slug: 'bucha' });
    assert.equal(ok.statusCode, 303);
    const c = (await findCommunityBySlug(t.ctx.db, 'bucha'))!;
    assert.equal(c.name.uk, 'Бучанська міська територіальна громада');
    assert.deepEqual(c.enabledTools, ['petitions', 'budgets', 'stats']);
    assert.deepEqual(c.territorialCodes, [BUCHA.code]);
    assert.equal(c.signInPolicy, 'idgovua');
    assert.equal(c.status, 'connected');
    const site = await t.browser().get('/bucha/site/p/public-information');
    assert.equal(site.statusCode, 200, 'the community’s website is created on connection');
    assert.match(site.body, /Це підказка для редактора/);
    assert.deepEqual(c.contacts, { address: 'вул. Енергетиків, 12, м. Буча, 08292', website: 'https://bucha-rada.example' });
    const settings = await loadSettings(t.ctx.db, c);
    assert.equal(settings.saved, true);
    assert.equal(settings.signatureThreshold, 120);
    assert.equal(settings.collectionDays, 45);
    // The budget conditions became a draft of the first contest, unpublished until the moderator checks it.
    const contests = (
      await sql<{
        id: number;
        title: string;
        total_budget: string;
        max_per_category: number;
        min_age: number;
        published: boolean;
        residents_only: boolean;
      }>`select id, title, total_budget, max_per_category, min_age, published, residents_only from budget_contests where community_id = ${c.id}`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.equal(contests.length, 1);
    assert.deepEqual(
      { ...contests[0], id: 0, total_budget: Number(contests[0]!.total_budget) },
      {
        id: 0,
        title: `Громадський бюджет ${Number(kyivDateOf(t.clock.now()).slice(0, 4)) + 1}`,
        total_budget: 250_000_000,
        max_per_category: 3,
        min_age: 16,
        published: false,
        residents_only: true,
      },
    );
    const cats = (
      await sql<{
        code: string;
        name: string;
        budget: string;
      }>`select code, name, budget from budget_categories where contest_id = ${contests[0]!.id} order by position`.execute(t.ctx.db)
    ).rows;
    assert.deepEqual(
      cats.map((k) => `${k.code} ${k.name}`),
      ['A Благоустрій', 'B Освіта', 'C Спорт'],
    );
    assert.equal(
      cats.reduce((sum, k) => sum + Number(k.budget), 0),
      250_000_000,
      'the categories add up to the total, to the kopiyka',
    );
    assert.deepEqual(
      cats.map((k) => Number(k.budget)),
      [83_333_334, 83_333_333, 83_333_333],
    );
    assert.doesNotMatch((await t.browser().get('/bucha/budgets')).body, /Громадський бюджет 20\d\d/, 'a draft is not public');
    const grants = (
      await sql<{
        email: string;
        tool: string;
      }>`select email, tool from role_grants_pending where community_id = ${c.id} and role = 'moderator' order by email, tool`.execute(t.ctx.db)
    ).rows;
    assert.deepEqual(
      grants.map((g) => `${g.email}:${g.tool}`),
      [`${SECOND_MODERATOR}:budgets`, `${SECOND_MODERATOR}:petitions`, `${CONTACT}:budgets`, `${CONTACT}:petitions`],
    );
    // The council's people named in the request also administer the community (its profile, its sign-in).
    const admins = (
      await sql<{ email: string }>`select email from role_grants_pending where community_id = ${c.id} and role = 'community_admin' order by email`.execute(
        t.ctx.db,
      )
    ).rows;
    assert.deepEqual(
      admins.map((g) => g.email),
      [SECOND_MODERATOR, CONTACT],
    );

    const invitation = (await mailsTo(t, CONTACT)).at(-1)!;
    assert.equal(invitation.subject, 'Громаду підключено до Віче: Бучанська міська територіальна громада');
    assert.match(invitation.text, /Увімкнено інструменти: Місцеві петиції, Громадський бюджет, Статистика/);
    assert.match(invitation.text, /входить через id\.gov\.ua/);
    assert.ok(invitation.text.includes('http://viche.test/bucha'));
    const second = await mailsTo(t, SECOND_MODERATOR);
    assert.equal(second.length, 1);
    assert.equal(second[0]!.subject, 'Вас призначено модератором громади «Бучанська міська територіальна громада» у Віче');

    const status = await applicant.get(`/connect/status/${token}`);
    assert.match(status.body, /tag-request-accepted">Прийнята</);
    assert.ok(status.body.includes('href="/bucha"'));
    const home = await t.browser().get('/bucha');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /<h1>Бучанська міська територіальна громада<\/h1>/);
    assert.ok(home.body.includes('<option value="bucha" selected>Бучанська міська територіальна громада</option>'), 'in the switcher at once');
    assert.equal((await national.post(`/manage/connections/${requestId}/accept`, { slug: 'bucha-2' })).statusCode, 409, 'accepted once');

    const again = await postMultipart(t, t.browser(), '/connect', validForm(BUCHA.code), { memorandum, letter });
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /вже підключена до Віче/);
  });

  test('the invited moderator signs in through id.gov.ua, confirms that e-mail with a code and sees the community’s settings', async () => {
    const moderator = t.browser();
    const signedIn = await signInTyped(
      t,
      moderator,
      {
        lastName: 'Шаповал',
        firstName: 'Тетяна',
        patronymic: 'Миколаївна',
        birthDate: '1978-05-20',
        serial: 4242,
        address: 'Київська обл., Бучанський р-н, м. Буча, вул. Вокзальна, буд. 1',
        email: 'Secretary@Bucha-Rada.example',
      },
      '/bucha',
    );
    assert.equal(signedIn.statusCode, 303);
    // id.gov.ua reporting the invited address is not enough: whoever typed it there would get the role.
    assert.equal((await moderator.get('/bucha/manage')).statusCode, 403, 'no role before the address is confirmed');
    const cabinet = await moderator.get('/cabinet');
    assert.match(cabinet.body, /на вас чекає запрошення до ролі/);
    const confirmed = await confirmEmailAddress(t, moderator, CONTACT);
    assert.match(confirmed.body, /Ви отримали 3 ролі, до яких вас запросили/);
    assert.doesNotMatch((await moderator.get('/cabinet')).body, /на вас чекає запрошення до ролі/);
    const manage = await moderator.get('/bucha/manage');
    assert.equal(manage.statusCode, 200);
    assert.match(manage.body, /Модерація петицій/);
    assert.match(manage.body, /href="\/bucha\/manage\/settings">Налаштування громади/);
    const settings = await moderator.get('/bucha/manage/settings');
    assert.equal(settings.statusCode, 200);
    assert.match(settings.body, /<h1>Налаштування громади<\/h1>/);
    assert.ok(settings.body.includes('href="/bucha/manage/petitions/settings">Налаштування петицій</a>'));
    assert.match(settings.body, /Поріг і строк збору підписів, строки модерації й розгляду/);
    assert.match(settings.body, /href="\/bucha\/manage\/profile">Профіль громади/);
    assert.match(settings.body, /Не увімкнено: Консультації з громадськістю/);
    const petitionSettings = await moderator.get('/bucha/manage/petitions/settings');
    assert.equal(petitionSettings.statusCode, 200);
    assert.match(petitionSettings.body, /name="threshold" type="text" value="120"/);
    assert.equal((await moderator.get('/lviv/manage')).statusCode, 403, 'a moderator of Bucha only');
    const claimed = (
      await sql<{ n: number }>`select count(*)::int as n from role_grants_pending where lower(email) = ${CONTACT} and claimed_at is not null`.execute(t.ctx.db)
    ).rows[0]!;
    assert.equal(claimed.n, 3, 'two tools and the community administrator');
  });

  test('declining with a reason; a new request for that community is then possible', async () => {
    const res = await postMultipart(t, t.browser(), '/connect', validForm(IRPIN.code, { contact_email: 'irpin@rada.example', tools: ['open-city'] }), {
      memorandum,
      letter,
    });
    assert.equal(res.statusCode, 303);
    const irpinToken = /status\/([^?]+)/.exec(String(res.headers.location))![1]!;
    const id = (await sql<{ id: number }>`select id from connection_requests where territorial_code = ${IRPIN.code}`.execute(t.ctx.db)).rows[0]!.id;
    const empty = await national.post(`/manage/connections/${id}/decline`, { reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#reason">Вкажіть причину відмови/);
    assert.equal((await national.post(`/manage/connections/${id}/decline`, { reason: 'Лист ради не підписано головою.' })).statusCode, 303);
    const mail = await mailsTo(t, 'irpin@rada.example');
    assert.equal(mail.at(-1)!.subject, 'Заявку відхилено: Ірпінська міська територіальна громада');
    assert.match(mail.at(-1)!.text, /Причина: Лист ради не підписано головою\./);
    const status = await t.browser().get(`/connect/status/${irpinToken}`);
    assert.match(status.body, /tag-request-declined">Відхилена</);
    assert.match(status.body, /Лист ради не підписано головою\./);
    assert.equal((await national.post(`/manage/connections/${id}/decline`, { reason: 'ще раз' })).statusCode, 409);
    const declined = await national.get('/manage/connections?status=declined');
    assert.match(declined.body, /Ірпінська міська територіальна громада/);
    const fresh = await postMultipart(t, t.browser(), '/connect', validForm(IRPIN.code, { contact_email: 'irpin@rada.example', tools: ['open-city'] }), {
      memorandum,
      letter,
    });
    assert.equal(fresh.statusCode, 303);
  });

  test('every act is in the audit log with the state before and after', async () => {
    const rows = (
      await sql<{ action: string; actor_user_id: number | null; before: unknown; after: unknown }>`
      select action, actor_user_id, before, after from audit_log
      where (subject_type = 'connection_request' and subject_id = ${String(requestId)}) or action = 'community.created' order by id`.execute(t.ctx.db)
    ).rows;
    assert.deepEqual(
      rows.map((r) => r.action),
      ['connection.submitted', 'connection.changes-requested', 'connection.resubmitted', 'connection.accepted', 'community.created'],
    );
    const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as Record<string, unknown>) : (v as Record<string, unknown>));
    assert.equal(rows[0]!.actor_user_id, null);
    assert.deepEqual(parse(rows[1]!.before), { status: 'new' });
    assert.equal(parse(rows[1]!.after).status, 'changes_requested');
    assert.equal(parse(rows[3]!.after).slug, 'bucha');
    const created = parse(rows[4]!.after);
    assert.deepEqual(created.tools, ['petitions', 'budgets', 'stats']);
    assert.deepEqual(created.petitionSettings, { signatureThreshold: 120, collectionDays: 45 });
    assert.equal(rows[4]!.before, null);
    const log = await national.get('/manage/audit');
    assert.match(log.body, /community\.created/);
  });
});
