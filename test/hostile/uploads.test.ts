/**
 * Issue #15, item 10 (uploads): nobody makes the server read, hold or decode what they may not send.
 *
 *  - Every upload route, called over real HTTP by a browser that may not use it, with a 20 MB multipart
 *    body streamed slowly: the refusal (401/403/404) arrives while the body is still being sent, after
 *    at most its first megabyte; the server never waits for the rest. (Before the fix every module's
 *    parser read the whole body into memory first, and only then was the request refused.)
 *  - A photo of more pixels than the pipeline decodes (7000 × 7000, which used to be decoded for
 *    seconds) is refused at once with a message that says why.
 *  - Photos beyond the sender's hourly limit get 429 before anything is decoded.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { sql } from 'kysely';
import { createTestApp, type TestApp, type TestBrowser, signedInAs, demo } from '../helpers/test-app.js';
import { PHOTO_LIMITS } from '../../src/core/media/photos.js';
import { postMultipart } from '../helpers/uploads.js';

const MB = 1024 * 1024;
const TOTAL = 20 * MB;
const SENT_BEFORE_WAITING = 1 * MB;

interface Outcome {
  status: number;
  body: string;
  /** Whether the answer came while the body was still unfinished. */
  early: boolean;
  sent: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Sends a 20 MB multipart form: its CSRF field (if any), then one file whose bytes go out in 64 KB
 * chunks. After the first megabyte it waits up to 4 s for an answer; only if none has come does it send
 * the rest (as a browser would), so a server that reads everything first still answers, but late.
 */
async function streamUpload(port: number, path: string, cookie: string, csrf: string | null): Promise<Outcome> {
  const boundary = `----viche${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    (csrf ? `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n` : '') +
      `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="big.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(TOTAL) },
  });
  let answered = false;
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
  });
  response.catch(() => undefined);
  const chunk = Buffer.alloc(64 * 1024, 0x41);
  const send = async (upTo: number): Promise<void> => {
    while (sent < upTo && !answered) {
      const piece = chunk.subarray(0, Math.min(chunk.length, upTo - sent));
      sent += piece.length;
      if (!req.write(piece)) await Promise.race([new Promise((r) => req.once('drain', r)), response, sleep(4000)]);
    }
  };
  let sent = head.length;
  req.write(head);
  await send(SENT_BEFORE_WAITING);
  await Promise.race([response, sleep(4000)]);
  const early = answered;
  if (early) {
    req.destroy();
  } else {
    await send(TOTAL - tail.length);
    req.end(tail);
  }
  const r = await response;
  return { ...r, early, sent };
}

describe('uploads: checked before they are read, limited before they are decoded', () => {
  let t: TestApp;
  let port = 0;
  let olena: TestBrowser;
  const ids = { contest: 0, project: 0, consultation: 0, petition: 0, report: 0, schoolContest: 0, schoolProject: 0 };

  before(async () => {
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = (t.app.server.address() as AddressInfo).port;
    olena = await signedInAs(t, demo.olena);
    const one = async (q: ReturnType<typeof sql<{ id: number }>>) => (await q.execute(t.ctx.db)).rows[0]?.id ?? 0;
    const lviv = sql`(select id from communities where slug = 'lviv')`;
    ids.contest = await one(sql<{ id: number }>`select id from budget_contests where community_id = ${lviv} and owner = 'community' order by id limit 1`);
    ids.project = await one(sql<{ id: number }>`select p.id from budget_projects p where p.contest_id = ${ids.contest} order by id limit 1`);
    ids.schoolContest = await one(
      sql<{ id: number }>`select id from budget_contests where community_id = ${lviv} and owner <> 'community' order by id limit 1`,
    );
    ids.schoolProject = await one(sql<{ id: number }>`select p.id from budget_projects p where p.contest_id = ${ids.schoolContest} order by id limit 1`);
    ids.consultation = await one(sql<{ id: number }>`select id from consultation_items where community_id = ${lviv} order by id limit 1`);
    ids.petition = await one(sql<{ id: number }>`select id from petitions where community_id = ${lviv} order by id limit 1`);
    ids.report = await one(sql<{ id: number }>`select id from oc_reports where community_id = ${lviv} order by id limit 1`);
    for (const [k, v] of Object.entries(ids)) assert.ok(v > 0, `the demo has a ${k}`);
  });
  after(async () => t.close());

  test('a 20 MB form to every upload route from someone who may not use it is refused before it is read', async () => {
    const anonymous = t.browser();
    const token = await anonymous.csrfToken();
    const school = `/lviv/manage/school-budget/schools/lyceum-1/contests/${ids.schoolContest}`;
    const routes: { path: string; by: TestBrowser; csrf: string | null }[] = [
      { path: `/lviv/budgets/${ids.contest}/projects/new`, by: anonymous, csrf: token },
      { path: `/lviv/budgets/${ids.contest}/projects/${ids.project}/edit`, by: anonymous, csrf: token },
      { path: `/lviv/manage/budgets/${ids.contest}/paper-project`, by: olena, csrf: await olena.csrfToken() },
      { path: `/lviv/manage/budgets/${ids.contest}/imports`, by: olena, csrf: await olena.csrfToken() },
      { path: `/lviv/manage/budgets/${ids.contest}/implementation/${ids.project}`, by: anonymous, csrf: token },
      { path: '/lviv/manage/budgets/pabulib', by: olena, csrf: await olena.csrfToken() },
      { path: `${school}/projects/new`, by: olena, csrf: await olena.csrfToken() },
      { path: `${school}/projects/${ids.schoolProject}/edit`, by: anonymous, csrf: token },
      { path: '/lviv/open-city/reports', by: anonymous, csrf: token },
      { path: `/lviv/open-city/reports/${ids.report}/status`, by: olena, csrf: await olena.csrfToken() },
      { path: `/lviv/consultations/${ids.consultation}/files`, by: olena, csrf: await olena.csrfToken() },
      { path: `/lviv/consultations/${ids.consultation}/act`, by: anonymous, csrf: token },
      { path: `/lviv/manage/petitions/${ids.petition}/answer`, by: olena, csrf: await olena.csrfToken() },
      { path: '/lviv/manage/profile', by: anonymous, csrf: token },
      // Anyone may ask to connect a community, but not from another site's page: no token, no reading.
      { path: '/connect', by: anonymous, csrf: null },
      { path: '/connect/status/nosuchtoken0000000000000000000000/edit', by: anonymous, csrf: token },
      // A partner's app has no CSRF token: its api_key comes among the text fields before the files, or it is refused.
      { path: '/open311/v2/requests.json?jurisdiction_id=lviv', by: anonymous, csrf: null },
    ];
    const late: string[] = [];
    for (const r of routes) {
      const out = await streamUpload(port, r.path, r.by.jar.header(), r.csrf);
      assert.ok([401, 403, 404].includes(out.status), `${r.path}: ${out.status} ${out.body.slice(0, 200)}`);
      if (!out.early || out.sent > SENT_BEFORE_WAITING + 64 * 1024)
        late.push(`${r.path}: answered ${out.early ? 'early' : 'only after the whole body'}, ${Math.round(out.sent / 1024)} KB sent`);
    }
    assert.deepEqual(late, []);
  });

  test('a photo of more pixels than the pipeline decodes is refused at once, and says why', async () => {
    const png = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    const loc = { category: 'roads-pothole', address: 'вул. Пасічна, 170', lat: '49.889', lng: '23.921', title: 'Яма' };
    const started = Date.now();
    const res = await postMultipart(t, olena, '/lviv/open-city/reports', loc, [{ name: 'photos', filename: 'huge.png', type: 'image/png', data: png }]);
    const took = Date.now() - started;
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Фото «huge.png» має забагато пікселів: не більше 40 мегапікселів/);
    assert.ok(took < 1500, `refused in ${took} ms, without decoding`);
  });

  test('photos beyond the hourly limit get 429 before they are decoded', async () => {
    const loc = { category: 'roads-pothole', address: 'вул. Пасічна, 170', lat: '49.889', lng: '23.921', title: '' };
    const notAPhoto = { name: 'photos', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not a picture at all') };
    await sql`delete from rate_limits where key like 'photos:%'`.execute(t.ctx.db);
    const saved = PHOTO_LIMITS.perPerson.max;
    PHOTO_LIMITS.perPerson.max = 2;
    try {
      for (let i = 0; i < 2; i++) {
        const res = await postMultipart(t, olena, '/lviv/open-city/reports', loc, [notAPhoto]);
        assert.equal(res.statusCode, 400);
        assert.match(res.body, /не є зображенням/, 'decoded (and refused) while within the limit');
      }
      const limited = await postMultipart(t, olena, '/lviv/open-city/reports', loc, [notAPhoto]);
      assert.equal(limited.statusCode, 429);
      assert.match(limited.body, /Забагато фото за годину\. Спробуйте знову через \d+ хв/);
      assert.doesNotMatch(limited.body, /не є зображенням/, 'nothing was decoded');
      const noPhotos = await postMultipart(t, olena, '/lviv/open-city/reports', loc);
      assert.equal(noPhotos.statusCode, 400, 'a form without photos is not limited by them');
    } finally {
      PHOTO_LIMITS.perPerson.max = saved;
    }
  });
});
