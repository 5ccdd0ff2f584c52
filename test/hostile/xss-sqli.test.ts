/**
 * Injection through every user text field: a standard list of XSS payloads and SQL-injection-shaped
 * strings go into petitions (title, text), people's names (as id.gov.ua hands them over), consultation
 * comments and suggested topics, budget projects (every text field, the paper author, comments), Open City
 * reports (title, description, address, the moderator's public answer) and Open311 requests (description,
 * address, name). Each is then read back wherever it is shown — lists, pages, moderator pages, CSV, JSON,
 * Open311 XML — and must come back as the same text, escaped, with the page's markup untouched.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { browserForNewPerson } from '../helpers/test-app.js';
import { demoCommunities, demoSettlementCode } from '../../src/core/demo/communities.js';
import { searchTerms } from '../../src/modules/petitions/rules.js';
import { FuzzClient } from './input/client.js';
import { hostileFixtures, resetRateLimits, type Fixtures } from './input/fixtures.js';
import { ALL_PAYLOADS, SQLI_PAYLOADS, XSS_PAYLOADS, asShown, assertCsvText, assertJsonText, assertSafeHtml, assertXmlText } from './input/escaping.js';
import type { FormValue } from './input/nasty.js';

const lviv = demoCommunities.find((c) => c.slug === 'lviv')!;
const P = ALL_PAYLOADS;

describe('XSS payloads and SQL-injection-shaped input in every user text field', () => {
  let f: Fixtures;
  const clients: Record<string, FuzzClient> = {};
  before(
    async () => {
      assert.ok(XSS_PAYLOADS.length >= 30, 'a list of at least 30 XSS payloads');
      f = await hostileFixtures();
      for (const who of ['anon', 'resident', 'budgetModerator', 'openCityModerator', 'petitionsModerator', 'consultationsModerator'] as const)
        clients[who] = await new FuzzClient(f.t, f[who]).init();
    },
    { timeout: 120_000 },
  );
  after(async () => f?.t.close());

  const get = (who: string, url: string) => clients[who]!.send({ method: 'GET', url });
  const post = async (who: string, url: string, form: Record<string, FormValue>) => {
    const res = await clients[who]!.send({ method: 'POST', url, form });
    assert.ok(res.statusCode < 400, `POST ${url}: ${res.statusCode} ${res.body.slice(0, 600)}`);
    return res;
  };
  const idFrom = (res: { headers: Record<string, unknown> }, re: RegExp) => Number(re.exec(String(res.headers.location))?.[1] ?? NaN);
  const count = async (table: string) => (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(f.t.ctx.db)).rows[0]!.n;

  test('the checks catch what they look for: raw markup, handlers, script URLs, foreign tags, inline script', () => {
    const page = (body: string) =>
      ({ statusCode: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body }) as unknown as Parameters<typeof assertSafeHtml>[0];
    const ok = '<!doctype html><html><head><title>Віче</title><script src="/static/app.js" defer></script></head><body>';
    assertSafeHtml(
      page(`${ok}<p>&lt;script>alert(1)&lt;/script></p><input value="<script>alert(1)</script>" name="q"/></body></html>`),
      'escaped text and a harmless attribute',
      ['<script>alert(1)</script>'],
    );
    for (const [bad, why] of [
      ['<p><script>alert(1)</script></p>', 'an inline script'],
      ['<img src=x onerror=alert(1)>', 'a handler'],
      ['<a href="javascript:alert(1)">x</a>', 'a script URL'],
      ['<input value="" onfocus="alert(1)" autofocus="">', 'an attribute breakout'],
      ['<iframe src="/"></iframe>', 'a foreign tag'],
      ['<p>"><b>x</b></p>', 'a raw quote of a payload'],
      ['<p>a <scr<script>ipt></p>', 'half a tag'],
    ] as const) {
      assert.throws(() => assertSafeHtml(page(`${ok}${bad}</body></html>`), why, [], ['"><b>x</b>']), assert.AssertionError, why);
    }
  });

  test('SQL-injection-shaped searches are words like any other: the same results, no error, every table intact', { timeout: 60_000 }, async () => {
    const before = await Promise.all(['users', 'petitions', 'petition_signatures', 'budget_ballots'].map(count));
    const total = async (q: string) => {
      const res = await get('anon', `/api/v1/communities/lviv/petitions?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, `${q}: ${res.body.slice(0, 200)}`);
      return (res.json() as { total: number }).total;
    };
    const all = await total('');
    for (const q of SQLI_PAYLOADS) {
      const n = await total(q);
      assert.equal(n, await total(searchTerms(q).join(' ')), `«${q}» finds what its words find`);
      assert.ok(n < all, `«${q}» does not find every petition`);
      assertSafeHtml(await get('anon', `/lviv/petitions?q=${encodeURIComponent(q)}`), `the petitions list searched for «${q}»`, []);
      assertSafeHtml(await get('anon', `/?q=${encodeURIComponent(q)}`), `the community search for «${q}»`, []);
      assertSafeHtml(await get('anon', `/lviv/consultations?q=${encodeURIComponent(q)}`), `the consultations list searched for «${q}»`, []);
    }
    assert.deepEqual(
      await Promise.all(['users', 'petitions', 'petition_signatures', 'budget_ballots'].map(count)),
      before,
      'nothing was dropped, deleted or added',
    );
  });

  test('petitions: title and text on the lists, the page, the moderator pages, CSV and JSON', { timeout: 240_000 }, async () => {
    const category = (
      await sql<{ id: number }>`select id from petition_categories where community_id = ${f.communityId} order by id limit 1`.execute(f.t.ctx.db)
    ).rows[0]!.id;
    const made: { id: number; title: string; body: string }[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 4 === 0) await resetRateLimits(f.t);
      const title = `${p} — петиція ${i}`;
      const body = `Текст петиції, у якому є ${p} і нічого більше.`;
      const res = await post('resident', '/lviv/petitions/new', { title, body, category: String(category), email: 'author@example.com', step: 'submit' });
      made.push({ id: idFrom(res, /petitions\/(\d+)/), title, body });
    }
    const stored = await sql<{
      id: number;
      title: string;
      body: string;
    }>`select id, title, body from petitions where id in (${sql.join(made.map((m) => m.id))})`.execute(f.t.ctx.db);
    assert.deepEqual(
      new Map(stored.rows.map((r) => [r.id, [r.title, r.body]])),
      new Map(made.map((m) => [m.id, [m.title, m.body]])),
      'stored exactly as typed',
    );

    // In moderation: the author and the moderator see them.
    assertSafeHtml(
      await get('petitionsModerator', '/lviv/manage/petitions'),
      'the moderation queue',
      made.slice(0, 10).map((m) => m.title),
    );
    for (const m of made) {
      assertSafeHtml(await get('petitionsModerator', `/lviv/manage/petitions/${m.id}`), `the moderator page of petition ${m.id}`, [m.title, m.body]);
      await post('petitionsModerator', `/lviv/manage/petitions/${m.id}/publish`, {});
    }
    for (const m of made) {
      assertSafeHtml(await get('anon', `/lviv/petitions/${m.id}`), `petition ${m.id}`, [m.title, m.body]);
      assertJsonText(await get('anon', `/api/v1/petitions/${m.id}`), `the API of petition ${m.id}`, [m.title, m.body]);
    }
    const listed: string[] = [];
    for (let page = 1; page <= Math.ceil((made.length + 10) / 20); page++) {
      const res = await get('anon', `/lviv/petitions?page=${page}`);
      if (res.statusCode === 404) break;
      assertSafeHtml(res, `the petitions list, page ${page}`, []);
      listed.push(res.body);
    }
    for (const m of made)
      assert.ok(
        listed.some((html) => html.includes(asShown(m.title))),
        `listed as text: ${m.title}`,
      );
    assertSafeHtml(await get('anon', '/lviv'), 'the community home', []);
    assertCsvText(
      await get('anon', '/lviv/petitions.csv'),
      'petitions.csv',
      made.map((m) => m.title),
    );
    assertCsvText(
      await get('anon', '/open-data/petitions.csv?community=lviv'),
      'the petitions open data (CSV)',
      made.map((m) => m.title),
    );
    assertJsonText(
      await get('anon', '/open-data/petitions.json?community=lviv'),
      'the petitions open data (JSON)',
      made.map((m) => m.title),
    );
    assertJsonText(
      await get('anon', '/api/v1/communities/lviv/petitions'),
      'the petitions API list',
      made.slice(-20).map((m) => m.title),
    );
  });

  test('names as id.gov.ua hands them over: signatories and comment authors, on pages, CSV and JSON', { timeout: 240_000 }, async () => {
    // A petition of its own, so that every signatory is on its first pages.
    const category = (
      await sql<{ id: number }>`select id from petition_categories where community_id = ${f.communityId} order by id limit 1`.execute(f.t.ctx.db)
    ).rows[0]!.id;
    await resetRateLimits(f.t);
    const created = await post('resident', '/lviv/petitions/new', {
      title: 'Петиція, яку підписують люди з дивними іменами',
      body: 'Текст петиції.',
      category: String(category),
      email: 'author@example.com',
      step: 'submit',
    });
    const petitionId = idFrom(created, /petitions\/(\d+)/);
    await post('petitionsModerator', `/lviv/manage/petitions/${petitionId}/publish`, {});
    const names: string[] = [];
    const bodies: string[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 10 === 0) await resetRateLimits(f.t);
      const { browser, userId } = await browserForNewPerson(f.t, { lastName: p, firstName: 'Тест', territorialCode: demoSettlementCode(lviv) });
      const signed = await browser.post(`/lviv/petitions/${petitionId}/sign`, {});
      assert.equal(signed.statusCode, 303, `${p}: ${signed.body.slice(0, 300)}`);
      const body = `Коментар: ${XSS_PAYLOADS[i % XSS_PAYLOADS.length]}`;
      const commented = await browser.post(`/lviv/consultations/${f.consultationId}/comments`, { body });
      assert.equal(commented.statusCode, 303, `${p}: ${commented.body.slice(0, 300)}`);
      const signer = await sql<{
        signer_name: string;
      }>`select signer_name from petition_signatures where petition_id = ${petitionId} and user_id = ${userId}`.execute(f.t.ctx.db);
      assert.ok(signer.rows[0]!.signer_name.startsWith(p), 'the name is stored as it came');
      names.push(signer.rows[0]!.signer_name);
      bodies.push(body);
    }
    const pages: string[] = [];
    for (let page = 1; page <= 10; page++) {
      const res = await get('anon', `/lviv/petitions/${petitionId}?page=${page}`);
      if (res.statusCode === 404) break;
      assertSafeHtml(res, `the petition's signatories, page ${page}`, []);
      pages.push(res.body);
    }
    for (const n of names)
      assert.ok(
        pages.some((html) => html.includes(asShown(n))),
        `listed as text: ${n}`,
      );
    assertCsvText(await get('anon', `/lviv/petitions/${petitionId}/signatures.csv`), 'signatures.csv', names);
    assertJsonText(await get('anon', `/api/v1/petitions/${petitionId}/signatures`), 'the signatures API', names.slice(-20));
    assertSafeHtml(await get('anon', `/lviv/consultations/${f.consultationId}`), 'the consultation with its comments', [...bodies, ...names]);
    assertSafeHtml(await get('consultationsModerator', `/lviv/consultations/${f.consultationId}`), 'the consultation as its moderator sees it', bodies);
    assertJsonText(await get('anon', `/api/v1/communities/lviv/consultations/${f.consultationId}`), 'the consultation API', [...bodies, ...names]);
    const report = await get('consultationsModerator', `/lviv/consultations/${f.consultationId}/report/comments.csv`);
    if (report.statusCode === 200) assertCsvText(report, 'the comments report (CSV)', bodies);
    else assert.ok([403, 404, 409].includes(report.statusCode), `the report before the end: ${report.statusCode}`);
  });

  test('suggested consultation topics, on the moderator page', { timeout: 120_000 }, async () => {
    const made: string[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 4 === 0) await resetRateLimits(f.t);
      await post('resident', '/lviv/consultations/topics', { title: `${p} — тема ${i}`, body: `Пропоную обговорити ${p}` });
      made.push(`${p} — тема ${i}`, `Пропоную обговорити ${p}`);
    }
    assertSafeHtml(await get('consultationsModerator', '/lviv/consultations/topics'), 'the topics for the moderator', made);
  });

  test('budget projects: every text field, the paper author, comments; pages, moderator pages, open data', { timeout: 240_000 }, async () => {
    const sid = f.submission.id;
    const made: { id: number; fields: string[] }[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 10 === 0) await resetRateLimits(f.t);
      const fields = {
        title: `${p} — проєкт ${i}`,
        problem: `Проблема, у якій є ${p}`,
        solution: `Рішення, у якому є ${p}`,
        location: p.length >= 3 ? p : `${p} місце`,
        beneficiaries: `Мешканці ${p}`,
        item_0: `Стаття ${p}`,
      };
      const res = await post('resident', `/lviv/budgets/${sid}/projects/new`, {
        ...fields,
        categoryId: String(f.submission.categoryId),
        lat: '',
        lng: '',
        qty_0: '1',
        price_0: '100 000',
        contingency: '0',
        email: 'author@example.com',
        phone: '',
        action: 'submit',
      });
      made.push({ id: idFrom(res, /projects\/(\d+)/), fields: Object.values(fields) });
    }
    const paperAuthors: { id: number; name: string }[] = [];
    for (const [i, p] of XSS_PAYLOADS.slice(0, 12).entries()) {
      const res = await post('budgetModerator', `/lviv/manage/budgets/${sid}/paper-project`, {
        title: `Паперовий проєкт ${i}`,
        problem: 'Проблема, яку описано на папері.',
        solution: 'Рішення, яке описано на папері.',
        location: 'вул. Паперова, 1',
        beneficiaries: 'Мешканці',
        item_0: 'Роботи',
        qty_0: '1',
        price_0: '100 000',
        contingency: '0',
        email: '',
        phone: '',
        authorName: p,
        categoryId: String(f.submission.categoryId),
        action: 'submit',
      });
      paperAuthors.push({ id: idFrom(res, /projects\/(\d+)/), name: p });
    }
    assertSafeHtml(
      await get('anon', `/lviv/budgets/${sid}`),
      'the contest page',
      made.map((m) => m.fields[0]!),
    );
    for (const m of made) {
      assertSafeHtml(await get('anon', `/lviv/budgets/${sid}/projects/${m.id}`), `project ${m.id}`, m.fields);
      assertSafeHtml(
        await get('budgetModerator', `/lviv/manage/budgets/${sid}/projects/${m.id}`),
        `the moderator page of project ${m.id}`,
        m.fields.slice(0, 3),
      );
    }
    for (const a of paperAuthors) assertSafeHtml(await get('anon', `/lviv/budgets/${sid}/projects/${a.id}`), `paper project ${a.id}`, [a.name]);
    assertSafeHtml(await get('budgetModerator', `/lviv/manage/budgets/${sid}`), 'the moderator contest page', []);
    assertCsvText(
      await get('anon', '/open-data/budget-projects.csv?community=lviv'),
      'the budget projects open data (CSV)',
      made.map((m) => m.fields[0]!),
    );
    assertJsonText(
      await get('anon', '/open-data/budget-projects.json?community=lviv'),
      'the budget projects open data (JSON)',
      made.map((m) => m.fields[0]!),
    );

    // Comments on a project on the ballot.
    const pid = f.voting.projectIds[0]!;
    const comments: string[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 10 === 0) await resetRateLimits(f.t);
      await post('resident', `/lviv/budgets/${f.voting.id}/projects/${pid}/comments`, { body: p });
      comments.push(p);
    }
    assertSafeHtml(await get('anon', `/lviv/budgets/${f.voting.id}/projects/${pid}`), 'a project with hostile comments', comments);
  });

  test('Open City: reports and the moderator’s answers, Open311 requests with their names; pages, JSON, XML, CSV', { timeout: 240_000 }, async () => {
    const code = f.serviceCodes[0]!;
    const made: { id: number; title: string; description: string; address: string; answer: string }[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 8 === 0) await resetRateLimits(f.t);
      const title = `${p} — звернення ${i}`.slice(0, 150);
      const res = await post('resident', '/lviv/open-city/reports', {
        category: code,
        address: `вул. ${p}`,
        lat: '49.8397',
        lng: '24.0297',
        title,
        description: `Опис: ${p}`,
        show_name: 'on',
      });
      const id = idFrom(res, /reports\/(\d+)/);
      await post('openCityModerator', `/lviv/open-city/reports/${id}/status`, { status: 'accepted', answer: `Відповідь: ${p}` });
      made.push({ id, title, description: `Опис: ${p}`, address: `вул. ${p}`, answer: `Відповідь: ${p}` });
    }
    for (const m of made) {
      assertSafeHtml(await get('anon', `/lviv/open-city/reports/${m.id}`), `report ${m.id}`, [m.title, m.description, m.address, m.answer]);
      assertSafeHtml(await get('openCityModerator', `/lviv/open-city/reports/${m.id}`), `report ${m.id} for its moderator`, [
        m.title,
        m.description,
        m.address,
      ]);
    }
    assertSafeHtml(await get('anon', '/lviv/open-city'), 'the Open City list', []);
    assertSafeHtml(await get('openCityModerator', '/lviv/open-city/work'), 'the moderator work list', []);
    const map = await get('anon', '/lviv/open-city/map.json');
    assert.match(String(map.headers['content-type']), /json/, 'the map data is JSON, never a page');
    JSON.parse(map.body);
    const ids = made.map((m) => m.id).join(',');
    assertJsonText(
      await get('anon', `/open311/v2/requests.json?jurisdiction_id=lviv&service_request_id=${ids}`),
      'Open311 JSON',
      made.map((m) => m.title),
    );
    assertXmlText(
      await get('anon', `/open311/v2/requests.xml?jurisdiction_id=lviv&service_request_id=${ids}`),
      'Open311 XML',
      made.map((m) => m.title),
    );
    assertCsvText(
      await get('anon', '/open-data/open-city-reports.csv?community=lviv'),
      'the Open City open data (CSV)',
      made.map((m) => m.title),
    );

    // Open311: a partner's app sends the words and the name a person typed.
    const posted: { id: number; description: string; name: string; address: string }[] = [];
    for (const [i, p] of P.entries()) {
      if (i % 20 === 0) await resetRateLimits(f.t);
      const res = await f.t.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({
          jurisdiction_id: 'lviv',
          api_key: f.open311Key,
          service_code: code,
          address_string: `пл. ${p}`,
          description: `Від партнера: ${p}`,
          first_name: p,
          last_name: 'Тест',
        }).toString(),
      });
      assert.equal(res.statusCode, 200, res.body);
      posted.push({
        id: Number((res.json() as { service_request_id: string }[])[0]!.service_request_id),
        description: `Від партнера: ${p}`,
        name: `${p} Тест`,
        address: `пл. ${p}`,
      });
    }
    for (const m of posted)
      assertSafeHtml(await get('openCityModerator', `/lviv/open-city/reports/${m.id}`), `Open311 report ${m.id} for its moderator`, [
        m.description,
        m.name,
        m.address,
      ]);
    const partner = await get(
      'anon',
      `/open311/v2/requests.xml?jurisdiction_id=lviv&api_key=${f.open311Key}&service_request_id=${posted.map((m) => m.id).join(',')}`,
    );
    assertXmlText(
      partner,
      'Open311 XML for the partner',
      posted.map((m) => m.address),
    );
    // The author's own cabinet lists what they sent in every tool.
    assertSafeHtml(await get('resident', '/cabinet'), 'the resident’s cabinet', []);
  });
});
