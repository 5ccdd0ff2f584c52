/**
 * The OpenAPI document and the API agree: every documented GET operation is called on the demo platform
 * (path parameters from the demo data, keys where an operation needs one) and its real status and body
 * are checked against the documented responses with ajv; then again with path parameters that name
 * nothing, so the error answers are checked too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { createTestApp, signedInAs, demo, type TestApp } from '../helpers/test-app.js';
import { sequenceLog } from '../helpers/tlog.js';

interface MediaType {
  schema?: object;
}
interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
}
interface OpenApiDocument {
  info: { license?: { name: string }; contact?: object };
  components: { securitySchemes: Record<string, { type: string; name?: string; in?: string; scheme?: string }> };
  paths: Record<string, Record<string, Operation>>;
}

describe('the OpenAPI document and the API agree', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let channelKey: string;
  let open311Key: string;
  // OpenAPI 3.0 schemas as @fastify/swagger emits them: `nullable` (which ajv knows), `example` and other
  // annotations (which strict mode would refuse).
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const validators = new Map<object, ValidateFunction>();
  const validatorOf = (schema: object) => validators.get(schema) ?? validators.set(schema, ajv.compile(schema)).get(schema)!;

  before(async () => {
    t = await createTestApp();
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/openapi.json' });
    assert.equal(res.statusCode, 200);
    doc = res.json() as OpenApiDocument;
    // The demo's channels have no usable key: the budget moderator of Lviv issues one, as a real one would.
    const moderator = await signedInAs(t, demo.moderator('lviv', 'budgets'));
    const created = await moderator.post('/lviv/manage/budgets/channels', { name: 'Перевірка OpenAPI', kind: 'terminal' });
    assert.equal(created.statusCode, 201);
    channelKey = /<code class="budget-key">(vbc_[^<]+)<\/code>/.exec(created.body)![1]!;
    // Nor does an Open311 partner have a key yet: the Open City moderator of Lviv issues one.
    const openCity = await signedInAs(t, demo.moderator('lviv', 'open-city'));
    const issued = await openCity.post('/lviv/open-city/manage/keys', { name: 'Перевірка OpenAPI' });
    open311Key = /<code>(oc_[A-Za-z0-9_-]+)<\/code>/.exec(issued.body)![1]!;
    // The demo's acts wait for the sequencer; its run puts them in the log, so tiles and proofs exist.
    await sequenceLog(t);
  });
  after(async () => t?.close());

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

  const getJson = async (url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.inject({ method: 'GET', url, headers });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json() as { items: { id: number }[] };
  };

  /** Real values for every path parameter and some query parameters, taken from the demo data: one call per set. */
  async function demoValues(): Promise<Record<string, Record<string, string>[]>> {
    const petitions = await getJson('/api/v1/communities/lviv/petitions');
    const consultations = await getJson('/api/v1/communities/lviv/consultations');
    const contests = await getJson('/api/v1/channels/contests', { authorization: `Bearer ${channelKey}` });
    const size = Number((await t.app.inject({ method: 'GET', url: '/log/checkpoint' })).body.split('\n')[1]);
    assert.deepEqual(
      [petitions.items.length > 0, consultations.items.length > 0, contests.items.length > 0, size > 1],
      [true, true, true, true],
      'the demo has petitions, consultations, contests and log entries',
    );
    const receipt = await t.ctx.db.selectFrom('tlog_entries').select('pending_id').orderBy('idx').limit(1).executeTakeFirstOrThrow();
    const services = (await t.app.inject({ method: 'GET', url: '/open311/v2/services.json?jurisdiction_id=lviv' })).json() as { service_code: string }[];
    // A report the public sees (not one awaiting moderation), with the token its creator got.
    const report = (
      await sql<{ id: number; token: string }>`
        select r.id, r.token from oc_reports r join communities c on c.id = r.community_id
        where c.slug = 'lviv' and r.status <> 'new' order by r.id limit 1`.execute(t.ctx.db)
    ).rows[0]!;
    const lviv = { jurisdiction_id: 'lviv' };
    const one = (values: Record<string, string>) => [values];
    const byPath: Record<string, Record<string, string>[]> = {
      '/open311/v2/{file}': [
        { file: 'discovery.json' },
        { file: 'discovery.xml' },
        { file: 'services.json', ...lviv },
        { file: 'requests.json', ...lviv },
        { file: 'requests.xml', ...lviv },
      ],
      '/open311/v2/services/{file}': services.slice(0, 3).map((x) => ({ file: `${x.service_code}.json`, ...lviv })),
      '/open311/v2/requests/{file}': [
        { file: `${report.id}.json`, ...lviv },
        { file: `${report.id}.xml`, ...lviv },
      ],
      '/open311/v2/tokens/{file}': one({ file: `${report.token}.json`, ...lviv }),
      '/api/v1/petitions/{id}': one({ id: String(petitions.items[0]!.id) }),
      '/api/v1/petitions/{id}/signatures': one({ id: String(petitions.items[0]!.id) }),
      '/api/v1/communities/{slug}/consultations/{id}': one({ slug: 'lviv', id: String(consultations.items[0]!.id) }),
      '/api/v1/communities/{slug}/consultations/{id}/results': one({ slug: 'lviv', id: String(consultations.items[0]!.id) }),
      '/api/v1/channels/contests/{id}': one({ id: String(contests.items[0]!.id) }),
      '/api/v1/budget-contests/{id}/counts': one({ id: String(contests.items[0]!.id) }),
      '/api/v1/receipts/{n}': one({ n: String(receipt.pending_id) }),
      // The first tile of the tree's leaves, partial while the log has fewer than 256 entries.
      '/log/tile/{path}': one({ path: size >= 256 ? '0/000' : `0/000.p/${size}` }),
      '/log/proof/inclusion': one({ index: '0', size: String(size) }),
      '/log/proof/consistency': one({ from: '1', to: String(size) }),
    };
    return byPath;
  }

  /** Values that name nothing: the error answers must be documented too. */
  const missingValues: Record<string, string> = { slug: 'no-such-community', id: '2147483000', n: '999999999999', path: 'x/y', file: 'nothing.json' };

  function urlOf(path: string, op: Operation, values: Record<string, string>): string {
    const url = path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      const v = values[name] ?? (name === 'slug' ? 'lviv' : undefined);
      assert.ok(v !== undefined, `${path}: no demo value for the path parameter ${name}`);
      return name === 'path' ? v : encodeURIComponent(v);
    });
    for (const p of op.parameters ?? [])
      if (p.in === 'query' && p.required) assert.ok(values[p.name] !== undefined, `${path}: no demo value for the query parameter ${p.name}`);
    const query = (op.parameters ?? []).filter((p) => p.in === 'query' && values[p.name] !== undefined);
    return query.length ? `${url}?${new URLSearchParams(query.map((p) => [p.name, values[p.name]!])).toString()}` : url;
  }

  /** An operation that reads an Open311 api_key (from the query, for GETs) if one is given. */
  const takesOpen311Key = (op: Operation) => (op.security ?? []).some((s) => 'open311ApiKey' in s);

  /** The headers of the credentials an operation asks for; null when it needs a signed-in person. */
  function credentials(op: Operation): Record<string, string> | null {
    const sets = op.security ?? [];
    if (sets.length === 0 || sets.some((s) => Object.keys(s).length === 0)) return {};
    if (sets.some((s) => 'channelKey' in s)) return { authorization: `Bearer ${channelKey}` };
    return null;
  }

  /** Problems of one real response against the documented ones (none: an empty list). */
  function mismatches(label: string, op: Operation, res: LightMyRequestResponse): string[] {
    const documented = op.responses[String(res.statusCode)] ?? op.responses[`${String(res.statusCode)[0]}XX`];
    if (!documented) return [`${label}: status ${res.statusCode} is not documented (${Object.keys(op.responses).join(', ')}): ${res.body.slice(0, 200)}`];
    const content = documented.content ?? {};
    if (Object.keys(content).length === 0) return res.body === '' ? [] : [`${label}: ${res.statusCode} is documented without a body, but one came`];
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const media = content[type];
    if (!media) return [`${label}: ${res.statusCode} came as ${type}, documented as ${Object.keys(content).join(', ')}`];
    if (type !== 'application/json' || !media.schema) return [];
    const validate = validatorOf(media.schema);
    if (validate(JSON.parse(res.body))) return [];
    return [`${label}: the ${res.statusCode} body does not match its schema: ${ajv.errorsText(validate.errors, { separator: '; ' }).slice(0, 600)}`];
  }

  test('the document declares its licence, contact and security schemes, and every operation an operationId and a 2xx', () => {
    assert.equal(doc.info.license?.name, 'AGPL-3.0-or-later');
    assert.ok(doc.info.contact);
    assert.deepEqual([doc.components.securitySchemes.channelKey?.type, doc.components.securitySchemes.channelKey?.scheme], ['http', 'bearer']);
    assert.equal(doc.components.securitySchemes.open311ApiKey?.name, 'api_key');
    assert.deepEqual([doc.components.securitySchemes.session?.in, doc.components.securitySchemes.session?.name], ['cookie', 'viche_session']);
    const ids = operations().map(({ op }) => op.operationId);
    assert.ok(ids.every((id) => typeof id === 'string' && id.length > 0));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    for (const { path, method, op } of operations()) {
      assert.ok(Array.isArray(op.security), `${method} ${path} states its security`);
      assert.ok(
        Object.keys(op.responses).some((s) => s.startsWith('2')),
        `${method} ${path} documents a 2xx`,
      );
    }
  });

  test('every documented GET answers with a documented status and a body its schema accepts', async () => {
    const values = await demoValues();
    const problems: string[] = [];
    const skipped: string[] = [];
    let called = 0;
    for (const { path, method, op } of operations()) {
      if (method !== 'GET') continue;
      const headers = credentials(op);
      if (headers === null) {
        skipped.push(`${method} ${path}`);
        continue;
      }
      for (const set of values[path] ?? [{}]) {
        // Once as anyone, and with the partner's key where the operation reads one.
        for (const key of takesOpen311Key(op) ? [null, open311Key] : [null]) {
          const plain = urlOf(path, op, set);
          const url = key ? `${plain}${plain.includes('?') ? '&' : '?'}api_key=${key}` : plain;
          const res = await t.app.inject({ method: 'GET', url, headers });
          called++;
          problems.push(...mismatches(`GET ${url}`, op, res));
          if (!String(res.statusCode).startsWith('2') && !path.endsWith('/results'))
            problems.push(`GET ${url}: the demo data should give a 2xx here, not ${res.statusCode}`);
        }
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(skipped, [], 'only operations for a signed-in person may be skipped, and there are none yet');
    assert.ok(called >= 35, `made ${called} calls`);
  });

  test('the error answers of GETs (path parameters that name nothing, no key) are documented', async () => {
    const demoByPath = await demoValues();
    const problems: string[] = [];
    for (const { path, method, op } of operations()) {
      if (method !== 'GET') continue;
      const headers = credentials(op);
      if (headers === null) continue;
      const values = demoByPath[path]?.[0] ?? {};
      if (path.includes('{')) {
        const url = urlOf(path, op, { ...values, ...Object.fromEntries(Object.keys(missingValues).map((k) => [k, missingValues[k]!])) });
        const res = await t.app.inject({ method: 'GET', url, headers });
        problems.push(...mismatches(`GET ${url}`, op, res));
        if (res.statusCode < 400) problems.push(`GET ${url}: answered ${res.statusCode} for nothing`);
      }
      if (takesOpen311Key(op)) {
        const plain = urlOf(path, op, values);
        const url = `${plain}${plain.includes('?') ? '&' : '?'}api_key=oc_wrong`;
        problems.push(...mismatches(`GET ${url}`, op, await t.app.inject({ method: 'GET', url })));
      }
      if (Object.keys(headers).length) {
        const url = urlOf(path, op, values);
        const res = await t.app.inject({ method: 'GET', url });
        problems.push(...mismatches(`GET ${url} without a key`, op, res));
        if (res.statusCode !== 401) problems.push(`GET ${url} without a key: answered ${res.statusCode}`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
