/**
 * Issue #15, item 12: text that XML 1.0, CSV readers or PDF cannot carry is cleaned where requests are
 * read, for every module at once (urlencoded, multipart and JSON bodies): the C0 control characters except
 * tab and newline (CR LF and a lone CR become LF), DEL, the C1 controls, U+FFFE, U+FFFF and lone
 * surrogates never reach the database. And the Open311 XML, which partners' clients (FixMyStreet's among
 * them) parse strictly, stays well-formed even for text stored before this cleaning.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../helpers/test-app.js';
import { postMultipart } from '../helpers/uploads.js';
import { cleanText } from '../../src/core/http/form-parser.js';
import type { ModuleManifest } from '../../src/core/modules/manifest.js';

/** Every character the cleaning must remove. */
const C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).filter((ch) => ch !== '\t' && ch !== '\n' && ch !== '\r');
const C1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i));
const BAD = [...C0, '\x7f', ...C1, '\ufffe', '\uffff'];
const NASTY = `Яма${BAD.join('')} глибока`;
/** What must be stored (and what must never be). */
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Is every character of the document an XML 1.0 Char, character references included? */
function xmlCharProblem(doc: string): string | null {
  const isChar = (cp: number) =>
    cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  for (let i = 0; i < doc.length;) {
    const cp = doc.codePointAt(i)!;
    // A lone surrogate's code point is its own value (0xD800–0xDFFF): not a Char.
    if (!isChar(cp)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} at ${i}`;
    i += cp > 0xffff ? 2 : 1;
  }
  for (const m of doc.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const cp = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    if (!isChar(cp)) return `reference ${m[0]}`;
  }
  return null;
}

/** A strict enough check of the attribute-free XML Open311 writes: Chars, tags nested, entities known. */
function assertWellFormed(doc: string): void {
  assert.equal(xmlCharProblem(doc), null, 'every character is an XML 1.0 Char');
  const body = doc.replace(/^<\?xml version="1\.0" encoding="utf-8"\?>\n/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)>|<|&(?!(?:lt|gt|amp|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g)) {
    assert.ok(m[2], `a stray "${m[0]}" at ${m.index}`);
    if (m[1]) assert.equal(stack.pop(), m[2], `closing </${m[2]}> matches`);
    else {
      if (stack.length === 0) roots++;
      stack.push(m[2]!);
    }
  }
  assert.deepEqual(stack, [], 'every element closed');
  assert.equal(roots, 1, 'one root element');
}

describe('control characters and non-characters are cleaned at the boundary', () => {
  let t: TestApp;
  let olena: TestBrowser;
  let moderator: TestBrowser;
  let key = '';

  before(async () => {
    t = await createTestApp();
    olena = await signedInAs(t, demo.olena);
    moderator = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    key = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec((await moderator.post('/lviv/open-city/manage/keys', { name: 'Бот' })).body)![1]!;
  });
  after(async () => t.close());

  const stored = async (id: number) =>
    (
      await sql<{ title: string; description: string; address: string; reporter_name: string }>`
      select title, description, address, reporter_name from oc_reports where id = ${id}`.execute(t.ctx.db)
    ).rows[0]!;

  /** A waste-dump report in Lviv through Open311 POST (urlencoded), as a partner's bot sends it. */
  const postReport = (fields: Record<string, string>) =>
    t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ api_key: key, jurisdiction_id: 'lviv', service_code: 'waste-dump', ...fields }).toString(),
    });

  test('the cleaning rule itself', () => {
    assert.equal(cleanText(`a\tb\r\nc\rd\ne`), 'a\tb\nc\nd\ne');
    assert.equal(cleanText(NASTY), 'Яма глибока');
    assert.equal(cleanText('x\ud800y\udc00z'), 'xyz', 'lone surrogates go');
    assert.equal(cleanText('😀 \u00a0ʼ«»€\ufffd\ufeff'), '😀 \u00a0ʼ«»€\ufffd\ufeff', 'everything printable stays, pairs and BOM too');
  });

  test('a report through the web form (multipart) is stored clean', async () => {
    const res = await postMultipart(t, olena, '/lviv/open-city/reports', {
      category: 'roads-pothole',
      address: `вул. Зелена,${BAD.join('')} 1`,
      lat: '',
      lng: '',
      title: NASTY,
      description: `Перший рядок\r\nДругий\tрядок${BAD.join('')}\rТретій`,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const id = Number(/reports\/(\d+)/.exec(String(res.headers.location))![1]);
    const row = await stored(id);
    for (const [k, v] of Object.entries(row)) assert.doesNotMatch(v, FORBIDDEN, k);
    assert.equal(row.title, 'Яма глибока');
    assert.equal(row.description, 'Перший рядок\nДругий\tрядок\nТретій');
    assert.equal(row.address, 'вул. Зелена, 1');
  });

  test('a report through the web form (urlencoded step 1) keeps the address clean', async () => {
    const res = await olena.post('/lviv/open-city/new', { category: 'roads-pothole', address: `вул.\x0bЗелена\x00, 3`, lat: '', lng: '' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('value="вул.Зелена, 3"'), 'the address carried to step 2 is clean');
    assert.ok(!res.body.includes('\x0b'));
  });

  test('a report through Open311 POST is stored clean, and requests.xml stays well-formed', async () => {
    const res = await postReport({
      address_string: `пл. Ринок,${BAD.join('')} 1`,
      description: `${NASTY}\r\nДеталі${BAD.join('')}`,
      first_name: `Марія${BAD.join('')}`,
      last_name: 'Бот',
    });
    assert.equal(res.statusCode, 200, res.body);
    const id = Number((JSON.parse(res.body) as { service_request_id: string }[])[0]!.service_request_id);
    const row = await stored(id);
    for (const [k, v] of Object.entries(row)) assert.doesNotMatch(v, FORBIDDEN, k);
    assert.equal(row.title, 'Яма глибока');
    assert.equal(row.description, 'Яма глибока\nДеталі');
    assert.equal(row.reporter_name, 'Марія Бот');

    const xml = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.xml?jurisdiction_id=lviv&api_key=${key}` });
    assert.equal(xml.statusCode, 200);
    assertWellFormed(xml.body);
    assert.ok(xml.body.includes('Яма глибока'));
  });

  test('text stored before the cleaning does not break the XML either', async () => {
    const res = await postReport({
      address_string: 'пл. Ринок, 2',
      description: 'Старе звернення',
    });
    const id = Number((JSON.parse(res.body) as { service_request_id: string }[])[0]!.service_request_id);
    // As an older version would have stored it.
    await sql`update oc_reports set title = ${'Старе\x0bзвернення\x1b\x7f\x85\ufffe'}, address = ${'пл.\x01 Ринок'} where id = ${id}`.execute(t.ctx.db);
    const xml = await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml?jurisdiction_id=lviv&api_key=${key}` });
    assert.equal(xml.statusCode, 200);
    assertWellFormed(xml.body);
    assert.ok(xml.body.includes('<address>пл. Ринок</address>'), xml.body);
    const list = await t.app.inject({ method: 'GET', url: `/open311/v2/requests.xml?jurisdiction_id=lviv&api_key=${key}` });
    assertWellFormed(list.body);
  });

  test('requests.xml, servicerequestupdates.xml and discovery.xml parse strictly whatever a resident typed', async () => {
    // Every C0 control, the non-characters, lone surrogates, and what XML itself reserves.
    const ALL_C0 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)).join('');
    const HOSTILE = `${ALL_C0}\ufffe\uffff\ud800\udc00\udbff]]>&<&amp;<![CDATA[x]]>`;
    const res = await postReport({
      address_string: `вул. ${HOSTILE} 5`,
      description: `Ворожий опис ${HOSTILE}\nДругий рядок ${HOSTILE}`,
    });
    assert.equal(res.statusCode, 200, res.body);
    const id = Number((JSON.parse(res.body) as { service_request_id: string }[])[0]!.service_request_id);
    // The public answer of the status change carries the same text, through the staff's multipart form.
    const accepted = await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'accepted' });
    assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
    const rejected = await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'rejected', answer: `Відповідь ${HOSTILE}` });
    assert.equal(rejected.statusCode, 303, rejected.body.slice(0, 300));
    // And as an older version could have stored it, past the cleaning (PostgreSQL's text takes all but NUL).
    const raw = `${ALL_C0.slice(1)}\ufffe\uffff]]>&<`;
    await sql`update oc_updates set body = body || ${raw} where report_id = ${id} and kind = 'status'`.execute(t.ctx.db);
    await sql`update oc_reports set address = address || ${raw}, description = description || ${raw} where id = ${id}`.execute(t.ctx.db);
    await sql`update communities set name_uk = name_uk || ${raw} where slug = 'lviv'`.execute(t.ctx.db);

    const docs = [
      `/open311/v2/requests.xml?jurisdiction_id=lviv&service_request_id=${id}`,
      `/open311/v2/requests.xml?jurisdiction_id=lviv&api_key=${key}`,
      `/open311/v2/requests/${id}.xml?jurisdiction_id=lviv`,
      '/open311/v2/servicerequestupdates.xml?jurisdiction_id=lviv',
      `/open311/v2/servicerequestupdates.xml?jurisdiction_id=lviv&api_key=${key}`,
      '/open311/v2/discovery.xml',
    ];
    const parser = new XMLParser({ parseTagValue: false });
    for (const url of docs) {
      const xml = await t.app.inject({ method: 'GET', url });
      assert.equal(xml.statusCode, 200, url);
      assert.equal(XMLValidator.validate(xml.body), true, url);
      assertWellFormed(xml.body);
      assert.ok(!xml.body.includes(']]>'), `${url}: "]]>" never appears as such`);
      assert.ok(xml.body.includes('Ворожий') || url.includes('discovery') || url.includes('servicerequestupdates'), url);
    }
    // What the reader gets back is the text, the reserved characters intact and the impossible ones gone.
    const one = parser.parse((await t.app.inject({ method: 'GET', url: `/open311/v2/requests/${id}.xml?jurisdiction_id=lviv` })).body) as {
      service_requests: { request: { address: string; description: string } };
    };
    assert.ok(one.service_requests.request.address.includes(']]>&<&amp;<![CDATA[x]]>'), one.service_requests.request.address);
    assert.doesNotMatch(one.service_requests.request.description, FORBIDDEN);
    const updates = parser.parse((await t.app.inject({ method: 'GET', url: '/open311/v2/servicerequestupdates.xml?jurisdiction_id=lviv' })).body) as {
      service_request_updates: { request_update: { service_request_id: string; description: string }[] | { service_request_id: string; description: string } };
    };
    const mine = [updates.service_request_updates.request_update].flat().filter((u) => u.service_request_id === String(id));
    assert.equal(mine.length, 2);
    assert.ok(mine[1]!.description.startsWith('Відповідь '));
    assert.ok(mine[1]!.description.includes(']]>&<'));
    for (const u of mine) assert.doesNotMatch(u.description, FORBIDDEN);
  });

  test('JSON and urlencoded bodies of any module are cleaned before its handler runs', async () => {
    // A module of its own that echoes what its handler receives: the cleaning belongs to the core.
    const echo: ModuleManifest = {
      id: 'echo',
      name: { uk: 'Відлуння', en: 'Echo' },
      permissions: { 'echo.post': { uk: 'Надіслати тіло й отримати його назад', en: 'Send a body and get it back' } },
      routes: (app) => {
        app.post('/echo', { config: { csrf: false, permission: 'echo.post' } }, async (req) => ({ body: req.body as unknown }));
      },
    };
    const probe = await createTestApp({ seed: false, modules: [echo] });
    try {
      const res = await probe.app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ text: `a\u000bb\ud800c\r\nd`, nested: [{ x: `\uffff${NASTY}` }], n: 5, ok: true, none: null }),
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(JSON.parse(res.body), { body: { text: 'abc\nd', nested: [{ x: 'Яма глибока' }], n: 5, ok: true, none: null } });
      const form = await probe.app.inject({
        method: 'POST',
        url: '/echo',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ [`k\x0bey`]: NASTY, many: 'a\x01' }).toString() + '&many=b%7F',
      });
      assert.deepEqual(JSON.parse(form.body), { body: { key: 'Яма глибока', many: ['a', 'b'] } });
    } finally {
      await probe.close();
    }
  });
});
