/**
 * Open311 GeoReport v2: every endpoint in XML and JSON, checked against the spec's field lists, and the
 * spec's error format and status codes for bad input.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, demoPerson, type TestApp, type TestBrowser, signedInAs } from '../../helpers/test-app.js';
import { openCityModule } from '../../../src/modules/open-city/manifest.js';
import { postMultipart } from '../../helpers/uploads.js';

/** The spec's field lists (wiki.open311.org/GeoReport_v2). */
const SERVICE_FIELDS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group'];
const DEFINITION_FIELDS = ['service_code', 'attributes'];
const ATTRIBUTE_FIELDS = ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description', 'values'];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
const POST_RESPONSE_FIELDS = ['service_request_id', 'token', 'service_notice', 'account_id'];
/** The spec's discovery fields, and the jurisdictions this endpoint serves after them. */
const DISCOVERY_FIELDS = ['changeset', 'contact', 'key_service', 'endpoints', 'jurisdictions'];
const ENDPOINT_FIELDS = ['specification', 'url', 'changeset', 'type', 'formats'];

interface XEl {
  name: string;
  children: XEl[];
  text: string;
}

/** A tiny parser for the well-formed, attribute-free XML this API writes. */
function parseXml(doc: string): XEl {
  const body = doc.replace(/^<\?xml[^>]*\?>\s*/, '');
  let i = 0;
  const unescape = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  function el(): XEl {
    const open = /^<([a-z_]+)>/.exec(body.slice(i));
    if (!open) throw new Error(`expected an element at ${i}: ${body.slice(i, i + 40)}`);
    i += open[0].length;
    const node: XEl = { name: open[1]!, children: [], text: '' };
    for (;;) {
      if (body.startsWith(`</${node.name}>`, i)) {
        i += node.name.length + 3;
        return node;
      }
      if (body[i] === '<') node.children.push(el());
      else {
        const end = body.indexOf('<', i);
        node.text += unescape(body.slice(i, end));
        i = end;
      }
    }
  }
  const root = el();
  assert.equal(i, body.length, 'one root element and nothing after it');
  return root;
}

const names = (e: XEl) => e.children.map((c) => c.name);
const child = (e: XEl, name: string) => e.children.find((c) => c.name === name)!;

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let executor: TestBrowser;
  let bcModerator: TestBrowser;
  let key = '';
  let bcKey = '';
  let postedId = '';
  let postedToken = '';

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const post = (url: string, form: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const json = <T>(r: LightMyRequestResponse): T => {
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
    return JSON.parse(r.body) as T;
  };
  const xml = (r: LightMyRequestResponse): XEl => {
    assert.equal(r.headers['content-type'], 'text/xml; charset=utf-8');
    assert.ok(r.body.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
    return parseXml(r.body);
  };
  /** The spec's error shape in both formats, with the status code in the body too. */
  const assertError = async (r: LightMyRequestResponse, status: number, message: RegExp, format: 'xml' | 'json') => {
    assert.equal(r.statusCode, status, r.body);
    if (format === 'json') {
      const body = json<{ code: number; description: string }[]>(r);
      assert.equal(body.length, 1);
      assert.deepEqual(Object.keys(body[0]!), ['code', 'description']);
      assert.equal(body[0]!.code, status);
      assert.match(body[0]!.description, message);
    } else {
      const root = xml(r);
      assert.equal(root.name, 'errors');
      assert.deepEqual(names(root), ['error']);
      assert.deepEqual(names(root.children[0]!), ['code', 'description']);
      assert.equal(child(root.children[0]!, 'code').text, String(status));
      assert.match(child(root.children[0]!, 'description').text, message);
    }
  };

  before(async () => {
    t = await createTestApp({ now: new Date('2025-06-02T07:00:00Z'), modules: [openCityModule] });
    const sign = async (pred: Parameters<typeof demoPerson>[0]) => {
      const b = await signedInAs(t, pred);
      return b;
    };
    moderator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'lviv' && r.tool === 'open-city'));
    executor = await sign((p) => p.lastName === 'Федоренко');
    bcModerator = await sign((p) => p.roles.some((r) => r.kind === 'moderator' && r.community === 'bila-tserkva'));
    key = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec((await moderator.post('/lviv/open-city/manage/keys', { name: 'Міський чат-бот' })).body)![1]!;
    bcKey = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec((await bcModerator.post('/bila-tserkva/open-city/manage/keys', { name: 'BC bot' })).body)![1]!;
  });
  after(async () => t.close());

  test('discovery, in XML and JSON', async () => {
    const j = json<Record<string, unknown> & { endpoints: Record<string, unknown>[] }>(await get('/open311/v2/discovery.json'));
    assert.deepEqual(Object.keys(j), DISCOVERY_FIELDS);
    assert.deepEqual(Object.keys(j.endpoints[0]!), ENDPOINT_FIELDS);
    assert.equal(j.endpoints[0]!.specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(j.endpoints[0]!.url, 'http://viche.test/open311/v2');
    assert.deepEqual(j.endpoints[0]!.formats, ['text/xml', 'application/json']);
    const x = xml(await get('/open311/v2/discovery.xml'));
    assert.equal(x.name, 'discovery');
    assert.deepEqual(names(x), DISCOVERY_FIELDS);
    const ep = child(child(x, 'endpoints'), 'endpoint');
    assert.deepEqual(names(ep), ENDPOINT_FIELDS);
    assert.deepEqual(
      child(ep, 'formats').children.map((f) => [f.name, f.text]),
      [
        ['format', 'text/xml'],
        ['format', 'application/json'],
      ],
    );
    assert.equal(child(ep, 'type').text, 'production');
  });

  test('services: the leaf categories of the community, grouped by their parent', async () => {
    const j = json<Record<string, unknown>[]>(await get('/open311/v2/services.json?jurisdiction_id=lviv'));
    assert.equal(j.length, 14);
    for (const s of j) assert.deepEqual(Object.keys(s), SERVICE_FIELDS);
    const pothole = j.find((s) => s.service_code === 'roads-pothole')!;
    assert.deepEqual(pothole, {
      service_code: 'roads-pothole',
      service_name: 'Яма на дорозі',
      description: 'Яма на дорозі / Pothole',
      metadata: true,
      type: 'realtime',
      keywords: 'яма, асфальт, pothole',
      group: 'Дороги',
    });
    assert.equal(j.find((s) => s.service_code === 'waste-dump')!.metadata, false);
    const x = xml(await get('/open311/v2/services.xml?jurisdiction_id=lviv'));
    assert.equal(x.name, 'services');
    assert.equal(x.children.length, 14);
    for (const s of x.children) {
      assert.equal(s.name, 'service');
      assert.deepEqual(names(s), SERVICE_FIELDS);
    }
    assert.equal(child(x.children[0]!, 'metadata').text, 'true');
    assert.equal(child(x.children[0]!, 'group').text, 'Дороги');
  });

  test('services/{code}: the attributes of a category', async () => {
    const j = json<{ service_code: string; attributes: Record<string, unknown>[] }>(await get('/open311/v2/services/roads-pothole.json?jurisdiction_id=lviv'));
    assert.deepEqual(Object.keys(j), DEFINITION_FIELDS);
    assert.equal(j.service_code, 'roads-pothole');
    assert.equal(j.attributes.length, 1);
    assert.deepEqual(Object.keys(j.attributes[0]!), ATTRIBUTE_FIELDS);
    assert.equal(j.attributes[0]!.code, 'size');
    assert.equal(j.attributes[0]!.datatype, 'singlevaluelist');
    assert.deepEqual(
      (j.attributes[0]!.values as { key: string }[]).map((v) => v.key),
      ['small', 'medium', 'large'],
    );
    const x = xml(await get('/open311/v2/services/roads-pothole.xml?jurisdiction_id=lviv'));
    assert.equal(x.name, 'service_definition');
    assert.deepEqual(names(x), DEFINITION_FIELDS);
    const attr = child(child(x, 'attributes'), 'attribute');
    assert.deepEqual(names(attr), ATTRIBUTE_FIELDS);
    assert.deepEqual(
      child(attr, 'values').children.map((v) => [v.name, names(v)]),
      [
        ['value', ['key', 'name']],
        ['value', ['key', 'name']],
        ['value', ['key', 'name']],
      ],
    );
    const plain = json<{ attributes: unknown[] }>(await get('/open311/v2/services/waste-dump.json?jurisdiction_id=lviv'));
    assert.deepEqual(plain.attributes, []);
    assert.deepEqual(names(child(xml(await get('/open311/v2/services/waste-dump.xml?jurisdiction_id=lviv')), 'attributes')), []);

    await assertError(await get('/open311/v2/services/no-such.json?jurisdiction_id=lviv'), 404, /service_code not found: no-such/, 'json');
    await assertError(await get('/open311/v2/services/no-such.xml?jurisdiction_id=lviv'), 404, /service_code not found/, 'xml');
    // A group is not a service: reports are filed under its leaves.
    await assertError(await get('/open311/v2/services/roads.json?jurisdiction_id=lviv'), 404, /service_code not found/, 'json');
  });

  test('jurisdiction_id is required and must be a community with Open City', async () => {
    await assertError(await get('/open311/v2/services.json'), 400, /jurisdiction_id is required/, 'json');
    await assertError(await get('/open311/v2/services.xml'), 400, /jurisdiction_id is required/, 'xml');
    await assertError(await get('/open311/v2/requests.xml?jurisdiction_id=atlantis'), 404, /jurisdiction_id not found: atlantis/, 'xml');
    await assertError(await get('/open311/v2/nothing.json'), 404, /No such resource/, 'json');
    await assertError(await get('/open311/v2/what/ever.xml'), 404, /No such resource/, 'xml');
  });

  test('POST requests: api_key issued by the community moderator, form-encoded, location, attributes', async () => {
    const base = {
      jurisdiction_id: 'lviv',
      service_code: 'roads-pothole',
      lat: '49.8420',
      long: '24.0316',
      description: 'Яма біля Ратуші\nГлибока, машини обʼїжджають',
      'attribute[size]': 'large',
      email: 'bot-user@example.com',
      first_name: 'Марія',
      last_name: 'Бот',
    };
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: '' }), 403, /api_key is required/, 'json');
    await assertError(await post('/open311/v2/requests.xml', { ...base, api_key: 'oc_wrong' }), 403, /api_key is invalid/, 'xml');
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: bcKey }), 403, /api_key is invalid for this jurisdiction_id/, 'json');
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: key, service_code: 'nope' }), 400, /service_code not found: nope/, 'json');
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: key, service_code: '' }), 400, /service_code is required/, 'json');
    await assertError(
      await post('/open311/v2/requests.xml', { ...base, api_key: key, lat: '', long: '' }),
      400,
      /A location is required: lat and long, or address_string/,
      'xml',
    );
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: key, lat: '49.84', long: '' }), 400, /long must be a number/, 'json');
    await assertError(
      await post('/open311/v2/requests.json', { ...base, api_key: key, lat: '49.7968', long: '30.1311' }),
      400,
      /outside this jurisdiction; it is in jurisdiction_id=bila-tserkva/,
      'json',
    );
    await assertError(
      await post('/open311/v2/requests.json', { ...base, api_key: key, 'attribute[size]': 'gigantic' }),
      400,
      /attribute\[size\] has a value not in its list/,
      'json',
    );
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: key, email: 'not-an-email' }), 400, /email is not a valid address/, 'json');
    await assertError(
      await post('/open311/v2/requests.json', { ...base, api_key: key, media_url: 'javascript:alert(1)' }),
      400,
      /media_url must be an http\(s\) URL/,
      'json',
    );
    await assertError(await post('/open311/v2/requests.json', { ...base, api_key: key, jurisdiction_id: '' }), 400, /jurisdiction_id is required/, 'json');
    const asJson = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.json',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...base, api_key: key }),
    });
    await assertError(asJson, 400, /form-encoded/, 'json');
    const broken = await t.app.inject({
      method: 'POST',
      url: '/open311/v2/requests.xml',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    await assertError(broken, 400, /Bad request/, 'xml');

    const ok = await post('/open311/v2/requests.json', { ...base, api_key: key });
    assert.equal(ok.statusCode, 200, ok.body);
    const created = json<Record<string, unknown>[]>(ok);
    assert.equal(created.length, 1);
    assert.deepEqual(Object.keys(created[0]!), POST_RESPONSE_FIELDS);
    postedId = String(created[0]!.service_request_id);
    postedToken = String(created[0]!.token);
    assert.match(postedId, /^\d+$/);
    assert.match(String(created[0]!.service_notice), /Термін відповіді: до 02\.07\.2025/);
    assert.equal(created[0]!.account_id, null);

    const okXml = await post('/open311/v2/requests.xml', {
      api_key: key,
      jurisdiction_id: 'lviv',
      service_code: 'lighting-off',
      address_string: 'вул. Зелена, 12',
      'attribute[pole_number]': 'L-17',
    });
    assert.equal(okXml.statusCode, 200);
    const x = xml(okXml);
    assert.equal(x.name, 'service_requests');
    assert.deepEqual(names(child(x, 'request')), POST_RESPONSE_FIELDS);

    const row = (
      await sql<{ title: string; description: string; attributes: unknown; contact_email: string; reporter_name: string; source: string; status: string }>`
      select title, description, attributes, contact_email, reporter_name, source, status from oc_reports where id = ${Number(postedId)}`.execute(t.ctx.db)
    ).rows[0]!;
    assert.deepEqual(row, {
      title: 'Яма біля Ратуші',
      description: 'Яма біля Ратуші\nГлибока, машини обʼїжджають',
      attributes: { size: 'large' },
      contact_email: 'bot-user@example.com',
      reporter_name: 'Марія Бот',
      source: 'open311',
      status: 'new',
    });
    // The person who wrote to the chat-bot is told by e-mail.
    const mail = await t.ctx.db.selectFrom('mail_outbox').select('subject').where('to_address', '=', 'bot-user@example.com').execute();
    assert.deepEqual(
      mail.map((m) => m.subject),
      [
        `Звернення №${(await sql<{ number: number }>`select number from oc_reports where id = ${postedId}`.execute(t.ctx.db)).rows[0]!.number} отримано: Яма біля Ратуші`,
      ],
    );
    const audit = await t.ctx.db
      .selectFrom('audit_log')
      .select('after')
      .where('subject_id', '=', postedId)
      .where('action', '=', 'open_city.report.created')
      .executeTakeFirstOrThrow();
    assert.equal((audit.after as { partner: string }).partner, 'Міський чат-бот');
  });

  test('tokens/{token}: the id behind a token', async () => {
    const j = json<Record<string, unknown>[]>(await get(`/open311/v2/tokens/${postedToken}.json?jurisdiction_id=lviv`));
    assert.deepEqual(j, [{ service_request_id: postedId, token: postedToken }]);
    const x = xml(await get(`/open311/v2/tokens/${postedToken}.xml?jurisdiction_id=lviv`));
    assert.equal(x.name, 'service_requests');
    assert.deepEqual(names(child(x, 'request')), ['service_request_id', 'token']);
    assert.equal(child(child(x, 'request'), 'service_request_id').text, postedId);
    await assertError(await get('/open311/v2/tokens/nosuchtoken123.json?jurisdiction_id=lviv'), 404, /token not found/, 'json');
    await assertError(await get(`/open311/v2/tokens/${postedToken}.xml?jurisdiction_id=bila-tserkva`), 404, /token not found/, 'xml');
  });

  test('requests/{id}: a report in moderation is shown to its partner only; then to everyone, with our statuses mapped', async () => {
    await assertError(await get(`/open311/v2/requests/${postedId}.json?jurisdiction_id=lviv`), 404, /service_request_id not found/, 'json');
    const mine = json<Record<string, unknown>[]>(await get(`/open311/v2/requests/${postedId}.json?jurisdiction_id=lviv&api_key=${key}`));
    assert.equal(mine.length, 1);
    assert.deepEqual(Object.keys(mine[0]!), REQUEST_FIELDS);
    assert.equal(mine[0]!.status, 'open');
    assert.equal(mine[0]!.status_notes, 'Нове');

    await postMultipart(t, moderator, `/lviv/open-city/reports/${postedId}/status`, { status: 'accepted' });
    const j = json<Record<string, unknown>[]>(await get(`/open311/v2/requests/${postedId}.json?jurisdiction_id=lviv`));
    assert.deepEqual(Object.keys(j[0]!), REQUEST_FIELDS);
    assert.deepEqual(
      { ...j[0]!, requested_datetime: undefined, updated_datetime: undefined },
      {
        service_request_id: postedId,
        status: 'open',
        status_notes: 'Прийнято',
        service_name: 'Яма на дорозі',
        service_code: 'roads-pothole',
        description: 'Яма біля Ратуші\n\nЯма біля Ратуші\nГлибока, машини обʼїжджають',
        agency_responsible: 'Управління дорожнього господарства',
        service_notice: 'Термін відповіді: до 02.07.2025',
        requested_datetime: undefined,
        updated_datetime: undefined,
        expected_datetime: '2025-07-02T20:59:59.999Z',
        address: '',
        address_id: null,
        zipcode: null,
        lat: 49.842,
        long: 24.0316,
        media_url: null,
      },
    );
    assert.equal(j[0]!.requested_datetime, '2025-06-02T07:00:00.000Z');

    await postMultipart(t, executor, `/lviv/open-city/reports/${postedId}/status`, { status: 'resolved', answer: 'Яму залито асфальтом.' });
    const x = xml(await get(`/open311/v2/requests/${postedId}.xml?jurisdiction_id=lviv`));
    assert.equal(x.name, 'service_requests');
    const req = child(x, 'request');
    assert.deepEqual(names(req), REQUEST_FIELDS);
    assert.equal(child(req, 'status').text, 'closed');
    assert.equal(child(req, 'status_notes').text, 'Вирішено: Яму залито асфальтом.');
    assert.equal(child(req, 'lat').text, '49.842');
    assert.equal(child(req, 'long').text, '24.0316');
    assert.equal(child(req, 'zipcode').text, '');

    await assertError(await get('/open311/v2/requests/999999.xml?jurisdiction_id=lviv'), 404, /service_request_id not found: 999999/, 'xml');
    await assertError(await get('/open311/v2/requests/abc.json?jurisdiction_id=lviv'), 404, /service_request_id not found/, 'json');
    await assertError(await get(`/open311/v2/requests/${postedId}.json?jurisdiction_id=bila-tserkva`), 404, /service_request_id not found/, 'json');
    await assertError(await get(`/open311/v2/requests/${postedId}.json?jurisdiction_id=lviv&api_key=oc_wrong`), 403, /api_key is invalid/, 'json');
  });

  test('requests GET: the 90-day default window, filters, and their errors', async () => {
    const lviv = await t.ctx.db.selectFrom('communities').select('id').where('slug', '=', 'lviv').executeTakeFirstOrThrow();
    const now = t.clock.now();
    const count = async (extra: string) =>
      (
        await sql<{ n: number }>`select count(*)::int as n from oc_reports where community_id = ${lviv.id} and status <> 'new' ${sql.raw(extra)}`.execute(
          t.ctx.db,
        )
      ).rows[0]!.n;

    const all = json<Record<string, unknown>[]>(await get('/open311/v2/requests.json?jurisdiction_id=lviv'));
    for (const r of all) assert.deepEqual(Object.keys(r), REQUEST_FIELDS);
    const inWindow = await count(`and created_at >= '${new Date(now.getTime() - 90 * 86_400_000).toISOString()}' and created_at <= '${now.toISOString()}'`);
    assert.equal(all.length, inWindow);
    assert.ok(all.length < (await count('')), 'older demo reports fall outside the default 90 days');
    const times = all.map((r) => String(r.requested_datetime));
    assert.deepEqual(times, [...times].sort().reverse(), 'newest first');
    const x = xml(await get('/open311/v2/requests.xml?jurisdiction_id=lviv'));
    assert.equal(x.children.length, all.length);
    for (const r of x.children) assert.deepEqual(names(r), REQUEST_FIELDS);

    const open = json<{ status: string }[]>(await get('/open311/v2/requests.json?jurisdiction_id=lviv&status=open'));
    const closed = json<{ status: string }[]>(await get('/open311/v2/requests.json?jurisdiction_id=lviv&status=closed'));
    assert.ok(open.length > 0 && closed.length > 0);
    assert.ok(open.every((r) => r.status === 'open'));
    assert.ok(closed.every((r) => r.status === 'closed'));
    assert.equal(open.length + closed.length, all.length);
    assert.equal(json<unknown[]>(await get('/open311/v2/requests.json?jurisdiction_id=lviv&status=open,closed')).length, all.length);

    const potholes = json<{ service_code: string }[]>(await get('/open311/v2/requests.json?jurisdiction_id=lviv&service_code=roads-pothole,waste-dump'));
    assert.ok(potholes.length > 0);
    assert.ok(potholes.every((r) => ['roads-pothole', 'waste-dump'].includes(r.service_code)));

    const closedIds = (closed as unknown as { service_request_id: string }[])
      .map((r) => r.service_request_id)
      .filter((id) => id !== postedId)
      .slice(0, 2);
    const byId = json<{ service_request_id: string }[]>(
      await get(`/open311/v2/requests.json?jurisdiction_id=lviv&service_request_id=${postedId},${closedIds.join(',')},1&status=open`),
    );
    // With ids the other filters are ignored; id 1 is a demo report still in moderation, so it is not public.
    assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [postedId, ...closedIds].sort());

    const start = '2025-05-01T00:00:00+03:00';
    const end = '2025-05-15T00:00:00+03:00';
    const ranged = json<{ requested_datetime: string }[]>(
      await get(`/open311/v2/requests.json?jurisdiction_id=lviv&start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`),
    );
    assert.equal(ranged.length, await count(`and created_at >= '${new Date(start).toISOString()}' and created_at <= '${new Date(end).toISOString()}'`));
    assert.ok(ranged.every((r) => r.requested_datetime >= new Date(start).toISOString() && r.requested_datetime <= new Date(end).toISOString()));

    await assertError(await get('/open311/v2/requests.json?jurisdiction_id=lviv&start_date=yesterday'), 400, /start_date must be a W3C datetime/, 'json');
    await assertError(await get('/open311/v2/requests.xml?jurisdiction_id=lviv&end_date=2025-02-30T99:00'), 400, /end_date must be a W3C datetime/, 'xml');
    await assertError(
      await get('/open311/v2/requests.json?jurisdiction_id=lviv&start_date=2025-01-01T00:00:00Z&end_date=2025-05-01T00:00:00Z'),
      400,
      /at most 90 days/,
      'json',
    );
    await assertError(
      await get('/open311/v2/requests.xml?jurisdiction_id=lviv&start_date=2025-05-01T00:00:00Z&end_date=2025-04-01T00:00:00Z'),
      400,
      /start_date is after end_date/,
      'xml',
    );
    await assertError(await get('/open311/v2/requests.json?jurisdiction_id=lviv&status=pending'), 400, /status must be open, closed/, 'json');
    await assertError(await get('/open311/v2/requests.json?jurisdiction_id=lviv&service_code=unicorns'), 400, /service_code not found: unicorns/, 'json');
    await assertError(await get('/open311/v2/requests.xml?jurisdiction_id=lviv&service_request_id=1;drop'), 400, /comma-separated list of numbers/, 'xml');
  });

  test('revoking a key stops it at once', async () => {
    const page = await moderator.get('/lviv/open-city/manage');
    const id = /manage\/keys\/(\d+)\/revoke/.exec(page.body)![1]!;
    assert.equal((await bcModerator.post(`/lviv/open-city/manage/keys/${id}/revoke`, {})).statusCode, 403);
    assert.equal((await moderator.post(`/lviv/open-city/manage/keys/${id}/revoke`, {})).statusCode, 303);
    await assertError(
      await post('/open311/v2/requests.json', { api_key: key, jurisdiction_id: 'lviv', service_code: 'waste-dump', address_string: 'x' }),
      403,
      /api_key is invalid/,
      'json',
    );
    const audit = await t.ctx.db.selectFrom('audit_log').select('action').where('subject_type', '=', 'open_city_api_key').orderBy('id').execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['open_city.api_key.issued', 'open_city.api_key.issued', 'open_city.api_key.revoked'],
    );
  });
});
