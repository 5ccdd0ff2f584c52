import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildEmulator, escapeHtml } from '../../src/emulator/server.js';
import { demoPeople } from '../../src/core/demo/people.js';
import { makeRnokpp, rnokppBirthDate } from '../../src/core/identity/rnokpp.js';

const CLIENT = { clientId: 'viche-test', clientSecret: 'test-secret' };
const REDIRECT = 'https://app.example/auth/callback';
const STATE = 'st-123';

const authParams = {
  response_type: 'code',
  client_id: CLIENT.clientId,
  auth_type: 'dig_sign,bank_id,diia_id',
  state: STATE,
  redirect_uri: REDIRECT,
};

function form(fields: Record<string, string>): { payload: string; headers: Record<string, string> } {
  return {
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

function setup(clock?: { t: number }) {
  return buildEmulator({
    clients: [CLIENT],
    people: demoPeople,
    ...(clock ? { now: () => new Date(clock.t) } : {}),
  });
}

/** A typed person whose every field is valid; tests break one field at a time. */
function typedPerson(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    ...authParams,
    typed: '1',
    lastName: 'Тестенко',
    firstName: 'Ганна',
    patronymic: 'Ігорівна',
    rnokpp: makeRnokpp('1990-05-17', 4321),
    birthDate: '1990-05-17',
    address: 'Львівська обл., м. Львів, вул. Тестова, буд. 1',
    email: 'hanna@example.com',
    phone: '+380671234567',
    method: 'diia_id',
    ...overrides,
  };
}

async function authorizeDemo(app: ReturnType<typeof setup>, index: number, method = 'bank_id'): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form({ ...authParams, person: String(index), method }) });
  assert.equal(res.statusCode, 302);
  const location = new URL(String(res.headers.location));
  const code = location.searchParams.get('code');
  assert.ok(code);
  return code;
}

async function exchange(app: ReturnType<typeof setup>, code: string, secret = CLIENT.clientSecret) {
  return app.inject({
    method: 'POST',
    url: '/get-access-token',
    ...form({ grant_type: 'authorization_code', client_id: CLIENT.clientId, client_secret: secret, code }),
  });
}

test('the authorize page lists every demo person with the request carried in hidden fields', async () => {
  const app = setup();
  const res = await app.inject({ method: 'GET', url: `/?${new URLSearchParams(authParams).toString()}` });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/html/);
  const html = res.body;
  assert.ok(html.includes('Емулятор id.gov.ua — лише для тестування та демонстрації'));
  for (const p of demoPeople) {
    assert.ok(html.includes(escapeHtml(`${p.lastName} ${p.firstName} ${p.patronymic}`)), `${p.lastName} listed`);
  }
  assert.ok(html.includes(escapeHtml(demoPeople[0]!.note.uk)));
  assert.ok(html.includes('Національний модератор'));
  // One form per person, plus the typed-person form and the refusal form.
  const forms = html.match(/<form /g) ?? [];
  assert.equal(forms.length, demoPeople.length + 2);
  const stateFields = html.match(/<input type="hidden" name="state" value="st-123">/g) ?? [];
  assert.equal(stateFields.length, demoPeople.length + 2);
  assert.ok(html.includes('Відмовитися'));
  for (const id of ['lastName', 'firstName', 'patronymic', 'rnokpp', 'birthDate', 'address', 'email', 'phone', 'method']) {
    assert.ok(html.includes(`<label for="${id}">`), `label for ${id}`);
  }
  // Like the real service, the emulator knows the registered address as text only: no КАТОТТГ field.
  assert.ok(!html.includes('katottg'), 'no КАТОТТГ field');
});

test('the authorize page shows the age computed from the clock', async () => {
  const app = buildEmulator({ clients: [CLIENT], people: [demoPeople[0]!], now: () => new Date('2025-03-13T12:00:00Z') });
  const res = await app.inject({ method: 'GET', url: `/?${new URLSearchParams(authParams).toString()}` });
  // Born 1987-03-14: the day before the birthday she is still 37.
  assert.ok(res.body.includes('37 років'), 'age 37');
});

test('bad authorize parameters give a 400 page naming the problem', async () => {
  const app = setup();
  const cases: [Record<string, string>, string][] = [
    [{ ...authParams, response_type: 'token' }, 'response_type має бути «code»'],
    [{ ...authParams, client_id: 'stranger' }, 'Невідомий client_id «stranger»'],
    [{ ...authParams, state: '' }, 'Відсутній параметр state'],
    [{ ...authParams, redirect_uri: '/relative' }, 'redirect_uri має бути абсолютною адресою'],
    [{ ...authParams, redirect_uri: 'ftp://x.example/cb' }, 'redirect_uri має бути абсолютною адресою'],
  ];
  for (const [params, message] of cases) {
    const res = await app.inject({ method: 'GET', url: `/?${new URLSearchParams(params).toString()}` });
    assert.equal(res.statusCode, 400, message);
    assert.ok(res.body.includes(escapeHtml(message)), message);
  }
  const noParams = await app.inject({ method: 'GET', url: '/' });
  assert.equal(noParams.statusCode, 400);
  assert.ok(noParams.body.includes('Відсутній параметр client_id'));
});

test('a typed person with a bad check digit is refused, with the reason and the typed values kept', async () => {
  const app = setup();
  const good = makeRnokpp('1990-05-17', 4321);
  const bad = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form(typedPerson({ rnokpp: bad, lastName: "О'Коннор <b>" })) });
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.includes('Неправильна контрольна цифра РНОКПП'));
  assert.ok(res.body.includes('<a href="#rnokpp">'), 'summary links to the field');
  assert.ok(res.body.includes('id="rnokpp-error"'));
  assert.ok(res.body.includes(`value="${bad}"`), 'РНОКПП kept');
  assert.ok(res.body.includes('value="О&#39;Коннор &lt;b&gt;"'), 'name kept and escaped');
  assert.ok(!res.body.includes('<b>"'), 'no raw markup');
  assert.ok(res.body.includes('value="Львівська обл., м. Львів, вул. Тестова, буд. 1"'), 'address kept');
  assert.ok(res.body.includes('<option value="diia_id" selected>'), 'method kept');
  assert.equal(res.headers.location, undefined);
});

test('a typed person with a short РНОКПП, no address, a bad e-mail and no name gets a message per field', async () => {
  const app = setup();
  const res = await app.inject({
    method: 'POST',
    url: '/authorize',
    ...form(typedPerson({ rnokpp: '12345', address: ' ', email: 'not-an-email', firstName: '  ' })),
  });
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.includes('РНОКПП має містити 10 цифр'));
  assert.ok(res.body.includes('Вкажіть адресу зареєстрованого місця проживання'));
  assert.ok(res.body.includes('Електронна пошта має бути у форматі'));
  assert.ok(res.body.includes('Вкажіть ім’я'));
  for (const id of ['rnokpp', 'address', 'email', 'firstName']) assert.ok(res.body.includes(`<a href="#${id}">`), id);
  assert.ok(!res.body.includes('<a href="#lastName">'), 'valid field not flagged');
});

test('a typed birth date that does not match the РНОКПП is refused', async () => {
  const app = setup();
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form(typedPerson({ birthDate: '1990-05-18' })) });
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.includes('Дата народження не збігається з датою, закодованою в РНОКПП (1990-05-17)'));
  assert.ok(res.body.includes('<a href="#birthDate">'));
});

test('a future birth date is refused', async () => {
  const app = buildEmulator({ clients: [CLIENT], people: demoPeople, now: () => new Date('2020-01-01T00:00:00Z') });
  const rnokpp = makeRnokpp('2021-06-01', 1111);
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form(typedPerson({ rnokpp, birthDate: '2021-06-01' })) });
  assert.equal(res.statusCode, 400);
  assert.ok(res.body.includes('Дата народження не може бути в майбутньому'));
});

test('a valid typed person is redirected with a code and the state; the code yields that person', async () => {
  const app = setup();
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form(typedPerson()) });
  assert.equal(res.statusCode, 302);
  const location = new URL(String(res.headers.location));
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.equal(location.searchParams.get('state'), STATE);
  const code = location.searchParams.get('code') ?? '';
  assert.match(code, /^[A-Za-z0-9_-]{43}$/, '256-bit base64url code');

  const token = await exchange(app, code);
  assert.equal(token.statusCode, 200);
  const t = token.json<Record<string, string>>();
  const info = await app.inject({ method: 'POST', url: '/get-user-info', ...form({ access_token: t.access_token!, user_id: t.user_id! }) });
  assert.equal(info.statusCode, 200);
  const body = info.json<Record<string, string>>();
  assert.equal(body.lastname, 'Тестенко');
  assert.equal(body.drfocode, makeRnokpp('1990-05-17', 4321));
  assert.equal(body.address, 'Львівська обл., м. Львів, вул. Тестова, буд. 1');
  assert.equal(body.katottg, undefined, 'no КАТОТТГ code: the real service sends none');
  assert.equal(body.auth_type, 'diia_id');
  assert.match(body.unzr ?? '', /^19900517-\d{5}$/);
});

test('the code is appended with & when redirect_uri already has a query', async () => {
  const app = setup();
  const redirect = 'https://app.example/cb?lang=en';
  const res = await app.inject({
    method: 'POST',
    url: '/authorize',
    ...form({ ...authParams, redirect_uri: redirect, person: '0', method: 'dig_sign' }),
  });
  assert.equal(res.statusCode, 302);
  const location = String(res.headers.location);
  assert.ok(location.startsWith(`${redirect}&code=`), location);
  assert.ok(location.endsWith(`&state=${STATE}`), location);
});

test('a code is exchanged once; the second use fails even though the first succeeded', async () => {
  const app = setup();
  const code = await authorizeDemo(app, 0);
  const first = await exchange(app, code);
  assert.equal(first.statusCode, 200);
  const body = first.json<Record<string, unknown>>();
  assert.equal(body.token_type, 'bearer');
  assert.equal(body.expires_in, '3600');
  assert.equal(typeof body.access_token, 'string');
  assert.equal(typeof body.refresh_token, 'string');
  assert.equal(typeof body.user_id, 'string');
  assert.notEqual(body.access_token, body.refresh_token);

  const second = await exchange(app, code);
  assert.equal(second.statusCode, 400);
  assert.equal(second.json<Record<string, unknown>>().error, 'invalid_grant');
});

test('an unknown code and an expired code are invalid_grant', async () => {
  const clock = { t: Date.parse('2025-01-01T10:00:00Z') };
  const app = setup(clock);
  const unknown = await exchange(app, 'no-such-code');
  assert.equal(unknown.statusCode, 400);
  assert.equal(unknown.json<Record<string, unknown>>().error, 'invalid_grant');

  const code = await authorizeDemo(app, 1);
  clock.t += 5 * 60 * 1000 + 1;
  const expired = await exchange(app, code);
  assert.equal(expired.statusCode, 400);
  assert.equal(expired.json<Record<string, unknown>>().error, 'invalid_grant');
});

test('a wrong client secret is invalid_client (401) and does not burn the code', async () => {
  const app = setup();
  const code = await authorizeDemo(app, 0);
  const wrong = await exchange(app, code, 'guess');
  assert.equal(wrong.statusCode, 401);
  assert.equal(wrong.json<Record<string, unknown>>().error, 'invalid_client');
  const right = await exchange(app, code);
  assert.equal(right.statusCode, 200);
});

test('the token endpoint also accepts JSON and query-string parameters', async () => {
  const app = setup();
  const jsonCode = await authorizeDemo(app, 0);
  const viaJson = await app.inject({
    method: 'POST',
    url: '/get-access-token',
    payload: { grant_type: 'authorization_code', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: jsonCode },
  });
  assert.equal(viaJson.statusCode, 200);
  assert.equal(typeof viaJson.json<Record<string, unknown>>().access_token, 'string');

  const queryCode = await authorizeDemo(app, 0);
  const q = new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code: queryCode });
  const viaQuery = await app.inject({ method: 'POST', url: `/get-access-token?${q.toString()}` });
  assert.equal(viaQuery.statusCode, 200);
  assert.equal(typeof viaQuery.json<Record<string, unknown>>().user_id, 'string');
});

test('user info returns the demo person; the fields filter works; a bad token or user_id is 401', async () => {
  const app = setup();
  const person = demoPeople[1]!;
  const code = await authorizeDemo(app, 1, 'dig_sign');
  const t = (await exchange(app, code)).json<Record<string, string>>();

  const all = await app.inject({ method: 'POST', url: '/get-user-info', ...form({ access_token: t.access_token!, user_id: t.user_id! }) });
  assert.equal(all.statusCode, 200);
  const info = all.json<Record<string, string>>();
  assert.equal(info.lastname, person.lastName);
  assert.equal(info.givenname, person.firstName);
  assert.equal(info.middlename, person.patronymic);
  assert.equal(info.drfocode, person.rnokpp);
  assert.equal(info.email, person.email);
  assert.equal(info.phone, person.phone);
  assert.equal(info.address, person.address);
  assert.equal(info.katottg, undefined, 'no КАТОТТГ code: the real service sends none');
  assert.equal(info.auth_type, 'dig_sign');
  assert.match(info.unzr ?? '', new RegExp(`^${person.birthDate.replaceAll('-', '')}-\\d{5}$`));
  assert.equal(rnokppBirthDate(info.drfocode ?? ''), person.birthDate);

  const some = await app.inject({
    method: 'POST',
    url: '/get-user-info',
    ...form({ access_token: t.access_token!, user_id: t.user_id!, fields: 'givenname, drfocode,unknown' }),
  });
  assert.equal(some.statusCode, 200);
  assert.deepEqual(some.json(), { givenname: person.firstName, drfocode: person.rnokpp });

  const badToken = await app.inject({ method: 'POST', url: '/get-user-info', ...form({ access_token: 'nope', user_id: t.user_id! }) });
  assert.equal(badToken.statusCode, 401);
  assert.equal(badToken.json<Record<string, unknown>>().error, 'invalid_token');
  const badUser = await app.inject({ method: 'POST', url: '/get-user-info', ...form({ access_token: t.access_token!, user_id: 'someone-else' }) });
  assert.equal(badUser.statusCode, 401);
  assert.equal(badUser.json<Record<string, unknown>>().error, 'invalid_token');
});

test('an access token expires after tokenTtlS', async () => {
  const clock = { t: Date.parse('2025-01-01T10:00:00Z') };
  const app = buildEmulator({ clients: [CLIENT], people: demoPeople, now: () => new Date(clock.t), tokenTtlS: 60 });
  const code = await authorizeDemo(app, 0);
  const t = (await exchange(app, code)).json<Record<string, string>>();
  assert.equal(t.expires_in, '60');
  const params = form({ access_token: t.access_token!, user_id: t.user_id! });
  assert.equal((await app.inject({ method: 'POST', url: '/get-user-info', ...params })).statusCode, 200);
  clock.t += 60_000;
  assert.equal((await app.inject({ method: 'POST', url: '/get-user-info', ...params })).statusCode, 401);
});

test('a refresh token gives a new access token once', async () => {
  const app = setup();
  const code = await authorizeDemo(app, 2);
  const first = (await exchange(app, code)).json<Record<string, string>>();
  const refresh = () =>
    app.inject({
      method: 'POST',
      url: '/get-access-token',
      ...form({ grant_type: 'refresh_token', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, refresh_token: first.refresh_token! }),
    });
  const res = await refresh();
  assert.equal(res.statusCode, 200);
  const next = res.json<Record<string, string>>();
  assert.notEqual(next.access_token, first.access_token);
  const info = await app.inject({
    method: 'POST',
    url: '/get-user-info',
    ...form({ access_token: next.access_token!, user_id: next.user_id!, fields: 'drfocode' }),
  });
  assert.deepEqual(info.json(), { drfocode: demoPeople[2]!.rnokpp });
  assert.equal((await refresh()).statusCode, 400);
});

test('refusing consent redirects with error=access_denied and the state', async () => {
  const app = setup();
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form({ ...authParams, deny: '1' }) });
  assert.equal(res.statusCode, 302);
  const location = new URL(String(res.headers.location));
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.equal(location.searchParams.get('error'), 'access_denied');
  assert.ok((location.searchParams.get('error_description') ?? '').length > 0);
  assert.equal(location.searchParams.get('state'), STATE);
  assert.equal(location.searchParams.get('code'), null);
});

test('POST /authorize re-checks the request parameters', async () => {
  const app = setup();
  const res = await app.inject({ method: 'POST', url: '/authorize', ...form({ ...authParams, client_id: 'stranger', person: '0', method: 'bank_id' }) });
  assert.equal(res.statusCode, 400);
  assert.equal(res.headers.location, undefined);
  assert.ok(res.body.includes('Невідомий client_id'));
  const noPerson = await app.inject({ method: 'POST', url: '/authorize', ...form({ ...authParams, person: '999', method: 'bank_id' }) });
  assert.equal(noPerson.statusCode, 400);
});
