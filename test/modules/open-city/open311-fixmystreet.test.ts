/**
 * Open311 as FixMyStreet and other clients use it (issue #20): mySociety's servicerequestupdates (the
 * public status history), photos POSTed as multipart `media`, the jurisdictions in discovery, and no
 * cookie on any Open311 or API response.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import sharp from 'sharp';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, demo, type TestApp, type TestBrowser, signedInAs } from '../../helpers/test-app.js';
import { phonePhoto, postMultipart } from '../../helpers/uploads.js';
import { PHOTO_LIMITS } from '../../../src/core/media/photos.js';
import { DEMO_SUSPENDED_SLUG } from '../../../src/modules/admin/demo.js';

/** The fields of one update: mySociety's spec, and external_status_code that FixMyStreet's client reads too. */
const UPDATE_FIELDS = ['update_id', 'service_request_id', 'status', 'external_status_code', 'updated_datetime', 'description', 'media_url'];
const W3C_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

interface Update {
  update_id: string;
  service_request_id: string;
  status: string;
  external_status_code: string;
  updated_datetime: string;
  description: string;
  media_url: string;
}

/** A multipart body as an Open311 client sends it: text fields first, then the files. */
async function multipart(fields: Record<string, string>, files: { name: string; filename: string; type: string; data: Buffer }[] = []) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const f of files) fd.append(f.name, new Blob([new Uint8Array(f.data)], { type: f.type }), f.filename);
  const encoded = new Response(fd);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

describe('Open311 for FixMyStreet: updates, photos, discovery, no cookies', () => {
  let t: TestApp;
  let moderator: TestBrowser;
  let executor: TestBrowser;
  let key = '';
  let reportId = '';

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const postForm = (url: string, form: Record<string, string>) =>
    t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  const postMedia = async (url: string, fields: Record<string, string>, files: Parameters<typeof multipart>[1]) => {
    const { payload, contentType } = await multipart(fields, files);
    return t.app.inject({ method: 'POST', url, headers: { 'content-type': contentType }, payload });
  };
  const updatesOf = async (id: string, query = '') => {
    const res = await get(`/open311/v2/servicerequestupdates.json?jurisdiction_id=lviv${query}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    return (JSON.parse(res.body) as Update[]).filter((u) => u.service_request_id === id);
  };
  const xmlOf = (res: LightMyRequestResponse) => {
    assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
    assert.equal(XMLValidator.validate(res.body), true);
    return new XMLParser({ parseTagValue: false, isArray: (name) => ['request_update', 'jurisdiction', 'endpoint', 'format'].includes(name) }).parse(
      res.body,
    ) as Record<string, unknown>;
  };

  before(async () => {
    t = await createTestApp();
    moderator = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    executor = await signedInAs(t, (p) => p.lastName === 'Федоренко');
    key = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec((await moderator.post('/lviv/open-city/manage/keys', { name: 'FixMyStreet' })).body)![1]!;
    const res = await postForm('/open311/v2/requests.json', {
      api_key: key,
      jurisdiction_id: 'lviv',
      service_code: 'roads-pothole',
      lat: '49.8420',
      long: '24.0316',
      'attribute[size]': 'large',
      description: 'Яма біля Ратуші',
      email: 'fms-user@example.com',
      first_name: 'Приватна',
      last_name: 'Особа',
    });
    assert.equal(res.statusCode, 200, res.body);
    reportId = (JSON.parse(res.body) as { service_request_id: string }[])[0]!.service_request_id;
  });
  after(async () => t.close());

  test('servicerequestupdates: the public status history, mapped to the statuses FixMyStreet knows', async () => {
    assert.deepEqual(await updatesOf(reportId), [], 'nothing while the report waits for moderation');

    const accepted = await postMultipart(t, moderator, `/lviv/open-city/reports/${reportId}/status`, { status: 'accepted' });
    assert.equal(accepted.statusCode, 303, accepted.body.slice(0, 300));
    t.clock.advance(60_000);
    const note = await moderator.post(`/lviv/open-city/reports/${reportId}/note`, { note: 'СЛУЖБОВЕ: телефон заявника 0671234567' });
    assert.ok(note.statusCode < 400, note.body.slice(0, 300));
    t.clock.advance(60_000);
    await postMultipart(t, executor, `/lviv/open-city/reports/${reportId}/status`, { status: 'in_progress' });
    t.clock.advance(3_600_000);
    const resolved = await postMultipart(t, executor, `/lviv/open-city/reports/${reportId}/status`, { status: 'resolved', answer: 'Яму залито асфальтом.' }, [
      { name: 'photos', filename: 'done.jpg', type: 'image/jpeg', data: await phonePhoto({ width: 800, height: 600 }) },
    ]);
    assert.equal(resolved.statusCode, 303, resolved.body.slice(0, 300));

    const updates = await updatesOf(reportId);
    for (const u of updates) assert.deepEqual(Object.keys(u), UPDATE_FIELDS);
    assert.deepEqual(
      updates.map((u) => [u.status, u.external_status_code, u.description]),
      [
        ['open', 'accepted', 'Прийнято'],
        ['in_progress', 'in_progress', 'В роботі'],
        ['fixed', 'resolved', 'Яму залито асфальтом.'],
      ],
    );
    const ids = updates.map((u) => Number(u.update_id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'oldest first, each with its own id',
    );
    assert.equal(new Set(ids).size, 3);
    for (const u of updates) {
      assert.match(u.updated_datetime, W3C_WITH_OFFSET);
      assert.ok(/\+0[23]:00$/.test(u.updated_datetime), 'in Kyiv time, with its offset');
    }
    const photo = (await sql<{ id: number }>`select p.id from oc_photos p join oc_updates u on u.id = p.update_id where u.id = ${ids[2]!}`.execute(t.ctx.db))
      .rows[0]!.id;
    assert.equal(updates[2]!.media_url, `http://viche.test/lviv/open-city/photos/${photo}`);
    assert.equal(updates[0]!.media_url, '');
    const stamp = (await sql<{ created_at: Date }>`select created_at from oc_updates where id = ${ids[2]!}`.execute(t.ctx.db)).rows[0]!.created_at;
    assert.equal(new Date(updates[2]!.updated_datetime).getTime(), Math.floor(stamp.getTime() / 1000) * 1000);

    const all = await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=lviv');
    assert.ok(!all.body.includes('СЛУЖБОВЕ'), 'no internal note');
    assert.ok(!all.body.includes('fms-user@example.com') && !all.body.includes('Приватна'), 'no personal data');

    // The same in XML, with the spec's element names.
    const x = xmlOf(await get('/open311/v2/servicerequestupdates.xml?jurisdiction_id=lviv'));
    const list = (x.service_request_updates as { request_update: Record<string, string>[] }).request_update.filter((u) => u.service_request_id === reportId);
    assert.equal(list.length, 3);
    for (const u of list) assert.deepEqual(Object.keys(u), UPDATE_FIELDS);
    assert.equal(list[2]!.status, 'fixed');
    assert.equal(list[2]!.description, 'Яму залито асфальтом.');
    assert.equal(list[0]!.media_url, '');

    // FixMyStreet asks for a window (the last two hours); the answer holds only what is in it.
    const end = t.clock.now();
    const windowed = await updatesOf(
      reportId,
      `&start_date=${encodeURIComponent(new Date(end.getTime() - 30 * 60_000).toISOString())}&end_date=${encodeURIComponent(end.toISOString())}`,
    );
    assert.deepEqual(
      windowed.map((u) => u.status),
      ['fixed'],
    );
    const plusThree = encodeURIComponent('2020-01-01T00:00:00+02:00');
    assert.deepEqual(await updatesOf(reportId, `&start_date=${plusThree}&end_date=${encodeURIComponent('2020-01-02T00:00:00+02:00')}`), []);
  });

  test('servicerequestupdates: errors in the spec’s format, and hidden reports left out', async () => {
    const missing = await get('/open311/v2/servicerequestupdates.xml');
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /jurisdiction_id is required/);
    const badDate = await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=lviv&start_date=yesterday');
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /start_date must be a W3C datetime/);
    const wide = await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=lviv&start_date=2025-01-01T00:00:00Z&end_date=2025-06-01T00:00:00Z');
    assert.equal(wide.statusCode, 400);
    assert.equal((await get('/open311/v2/servicerequestupdates.json?jurisdiction_id=atlantis')).statusCode, 404);

    assert.equal((await updatesOf(reportId)).length, 3);
    const hide = await moderator.post('/lviv/manage/hide', { type: 'open_city_report', id: reportId, reason: 'Образи' });
    assert.equal(hide.statusCode, 303);
    assert.deepEqual(await updatesOf(reportId), [], 'hidden, as from the requests list');
    assert.deepEqual(await updatesOf(reportId, `&api_key=${key}`), [], 'hidden from the partner too');
    const requests = JSON.parse((await get(`/open311/v2/requests.json?jurisdiction_id=lviv&api_key=${key}`)).body) as { service_request_id: string }[];
    assert.ok(!requests.some((r) => r.service_request_id === reportId));
  });

  test('POST requests with a multipart media file: re-encoded like the web form’s photos, shown as media_url', async () => {
    const base = { api_key: key, jurisdiction_id: 'lviv', service_code: 'waste-dump', address_string: 'пл. Ринок, 1', description: 'Сміття з фото' };
    const jpeg = await phonePhoto();
    const res = await postMedia('/open311/v2/requests.xml', base, [{ name: 'media', filename: 'photo.jpg', type: 'image/jpeg', data: jpeg }]);
    assert.equal(res.statusCode, 200, res.body);
    const created = xmlOf(res) as { service_requests: { request: { service_request_id: string } } };
    const id = created.service_requests.request.service_request_id;
    const photos = (
      await sql<{ id: number; width: number }>`select id, width from oc_photos where report_id = ${Number(id)} and update_id is null`.execute(t.ctx.db)
    ).rows;
    assert.equal(photos.length, 1);
    assert.equal(photos[0]!.width, 1600, 'resized as the web form resizes');

    const accept = await postMultipart(t, moderator, `/lviv/open-city/reports/${id}/status`, { status: 'accepted' });
    assert.equal(accept.statusCode, 303);
    const shown = JSON.parse((await get(`/open311/v2/requests/${id}.json?jurisdiction_id=lviv`)).body) as { media_url: string }[];
    assert.equal(shown[0]!.media_url, `http://viche.test/lviv/open-city/photos/${photos[0]!.id}`);
    const served = await get(`/lviv/open-city/photos/${photos[0]!.id}`);
    assert.equal(served.statusCode, 200);
    const meta = await sharp(served.rawPayload).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.exif, undefined, 'no camera, no GPS position');

    // FixMyStreet sends its photos as photo1, photo2, …
    const fms = await postMedia('/open311/v2/requests.json', base, [
      { name: 'photo1', filename: '1.0.full.jpeg', type: 'image/jpeg', data: await phonePhoto({ width: 640, height: 480 }) },
      { name: 'photo2', filename: '1.1.full.jpeg', type: 'image/jpeg', data: await phonePhoto({ width: 640, height: 480, background: '#203040' }) },
    ]);
    assert.equal(fms.statusCode, 200, fms.body);
    const fmsId = Number((JSON.parse(fms.body) as { service_request_id: string }[])[0]!.service_request_id);
    assert.equal((await sql<{ n: number }>`select count(*)::int as n from oc_photos where report_id = ${fmsId}`.execute(t.ctx.db)).rows[0]!.n, 2);

    // Refusals: not a picture; no key (refused before the file is read); too many photos this hour.
    const notImage = await postMedia('/open311/v2/requests.json', base, [
      { name: 'media', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not a picture') },
    ]);
    assert.equal(notImage.statusCode, 400);
    assert.match(notImage.body, /x\.jpg/);
    const count = async () => (await sql<{ n: number }>`select count(*)::int as n from oc_reports where source = 'open311'`.execute(t.ctx.db)).rows[0]!.n;
    const before = await count();
    const noKey = await postMedia('/open311/v2/requests.json', { ...base, api_key: '' }, [
      { name: 'media', filename: 'p.jpg', type: 'image/jpeg', data: jpeg },
    ]);
    assert.equal(noKey.statusCode, 403);
    assert.match(noKey.body, /api_key is required/);
    const wrongKey = await postMedia('/open311/v2/requests.xml', { ...base, api_key: 'oc_wrong' }, [
      { name: 'media', filename: 'p.jpg', type: 'image/jpeg', data: jpeg },
    ]);
    assert.equal(wrongKey.statusCode, 403);
    const saved = { ...PHOTO_LIMITS.perNetwork };
    PHOTO_LIMITS.perNetwork.max = 0;
    try {
      const limited = await postMedia('/open311/v2/requests.json', base, [{ name: 'media', filename: 'p.jpg', type: 'image/jpeg', data: jpeg }]);
      assert.equal(limited.statusCode, 429, limited.body);
      assert.equal(limited.headers['retry-after'], '60');
    } finally {
      Object.assign(PHOTO_LIMITS.perNetwork, saved);
    }
    assert.equal(await count(), before, 'no report from a refused request');
  });

  test('discovery lists every community with Open City on, each with its endpoint', async () => {
    const j = JSON.parse((await get('/open311/v2/discovery.json')).body) as {
      endpoints: { url: string }[];
      jurisdictions: { jurisdiction_id: string; name: string; name_en: string; url: string; endpoints: Record<string, unknown>[] }[];
    };
    const expected = (
      await sql<{ slug: string }>`select slug from communities where status = 'connected' and enabled_tools::text like '%open-city%' order by name_uk`.execute(
        t.ctx.db,
      )
    ).rows.map((r) => r.slug);
    assert.ok(expected.includes('lviv') && expected.length >= 5);
    assert.deepEqual(
      j.jurisdictions.map((x) => x.jurisdiction_id),
      expected,
    );
    assert.ok(!j.jurisdictions.some((x) => x.jurisdiction_id === DEMO_SUSPENDED_SLUG), 'a suspended community takes no reports');
    const lviv = j.jurisdictions.find((x) => x.jurisdiction_id === 'lviv')!;
    assert.deepEqual(Object.keys(lviv), ['jurisdiction_id', 'name', 'name_en', 'url', 'endpoints']);
    assert.equal(lviv.url, 'http://viche.test/lviv/open-city');
    assert.deepEqual(Object.keys(lviv.endpoints[0]!), ['specification', 'url', 'changeset', 'type', 'formats']);
    // Every listed jurisdiction answers at its endpoint.
    for (const x of j.jurisdictions)
      assert.equal((await get(`/open311/v2/services.json?jurisdiction_id=${x.jurisdiction_id}`)).statusCode, 200, x.jurisdiction_id);

    const x = xmlOf(await get('/open311/v2/discovery.xml')) as {
      discovery: { jurisdictions: { jurisdiction: { jurisdiction_id: string; endpoints: { endpoint: { url: string; formats: { format: string[] } }[] } }[] } };
    };
    const list = x.discovery.jurisdictions.jurisdiction;
    assert.deepEqual(
      list.map((e) => e.jurisdiction_id),
      expected,
    );
    assert.equal(list[0]!.endpoints.endpoint[0]!.url, 'http://viche.test/open311/v2');
    assert.deepEqual(list[0]!.endpoints.endpoint[0]!.formats.format, ['text/xml', 'application/json']);
  });

  test('no Open311 or API response sets a cookie, GET or POST, success or error', async () => {
    const gets = [
      '/open311/v2/discovery.xml',
      '/open311/v2/discovery.json',
      '/open311/v2/services.xml?jurisdiction_id=lviv',
      '/open311/v2/services.json?jurisdiction_id=lviv',
      '/open311/v2/services/roads-pothole.xml?jurisdiction_id=lviv',
      '/open311/v2/services/roads-pothole.json?jurisdiction_id=lviv',
      '/open311/v2/requests.xml?jurisdiction_id=lviv',
      '/open311/v2/requests.json?jurisdiction_id=lviv',
      `/open311/v2/requests/${reportId}.xml?jurisdiction_id=lviv&api_key=${key}`,
      `/open311/v2/requests/${reportId}.json?jurisdiction_id=lviv`,
      '/open311/v2/tokens/nosuchtoken123.json?jurisdiction_id=lviv',
      '/open311/v2/servicerequestupdates.xml?jurisdiction_id=lviv',
      '/open311/v2/servicerequestupdates.json?jurisdiction_id=lviv',
      '/open311/v2/services.json',
      '/open311/v2/nothing.xml',
      '/api/v1/communities',
      '/api/v1/communities/lviv',
      '/api/v1/stats',
    ];
    // A stale session cookie is not cleared there either: the API does not touch a browser's cookies.
    for (const url of gets) {
      for (const cookie of [undefined, 'viche_session=stale-session-token']) {
        const res = await t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
        assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
        assert.equal(res.headers['set-cookie'], undefined, `${url} sets no cookie`);
      }
    }
    const form = { api_key: key, jurisdiction_id: 'lviv', service_code: 'waste-dump', address_string: 'пл. Ринок, 3', description: 'Без cookie' };
    const posts: (() => Promise<LightMyRequestResponse>)[] = [
      () => postForm('/open311/v2/requests.json', form),
      () => postForm('/open311/v2/requests.xml', form),
      () => postForm('/open311/v2/requests.json', { ...form, api_key: 'oc_wrong' }),
      () => postForm('/open311/v2/servicerequestupdates.xml', form),
      async () =>
        postMedia('/open311/v2/requests.json', form, [
          { name: 'media', filename: 'p.jpg', type: 'image/jpeg', data: await phonePhoto({ width: 320, height: 240 }) },
        ]),
      async () => postMedia('/open311/v2/requests.xml', { ...form, api_key: '' }, []),
    ];
    for (const send of posts) {
      const res = await send();
      assert.ok(res.statusCode < 500, `${res.statusCode}: ${res.body}`);
      assert.equal(res.headers['set-cookie'], undefined, `POST ${res.statusCode} sets no cookie`);
    }
    // Pages still set the browser id their forms need.
    assert.ok((await get('/lviv/open-city')).headers['set-cookie']);
  });
});
