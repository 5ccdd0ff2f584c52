import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator } from '../../src/emulator/main.js';
import { createIdGovUaClient, IdGovUaError } from '../../src/core/auth/idgovua-client.js';
import { demoPeople } from '../../src/core/demo/people.js';

const CLIENT = { clientId: 'viche-client-test', clientSecret: 'client-test-secret' };
const REDIRECT = 'http://app.test/auth/idgovua/callback';

/** Plays the browser: opens the authorize page, submits a demo person, returns the code from the redirect. */
async function signInAs(authorizeUrl: string, personIndex: number, method: string): Promise<{ code: string; state: string | null }> {
  const page = await fetch(authorizeUrl);
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.ok(html.includes(`name="person" value="${personIndex}"`), 'the page offers the person');

  // The form's hidden fields are the authorize URL's query, as a browser would submit them.
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('person', String(personIndex));
  fields.set('method', method);
  const res = await fetch(new URL('authorize', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
  assert.equal(res.status, 302);
  const location = new URL(res.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  const code = location.searchParams.get('code');
  assert.ok(code);
  return { code, state: location.searchParams.get('state') };
}

test('the client drives the full flow against the emulator over HTTP', async (t) => {
  const emulator = await startEmulator({ port: 0, clients: [CLIENT], people: demoPeople });
  t.after(() => emulator.close());
  assert.match(emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.doesNotMatch(emulator.url, /:0$/);

  const client = createIdGovUaClient({ baseUrl: `${emulator.url}/`, ...CLIENT, redirectUri: REDIRECT });
  const url = client.authorizeUrl('state-xyz');
  const parsed = new URL(url);
  assert.equal(parsed.origin, emulator.url);
  assert.equal(parsed.pathname, '/');
  assert.equal(parsed.searchParams.get('response_type'), 'code');
  assert.equal(parsed.searchParams.get('client_id'), CLIENT.clientId);
  assert.equal(parsed.searchParams.get('auth_type'), 'dig_sign,bank_id,diia_id');
  assert.equal(parsed.searchParams.get('state'), 'state-xyz');
  assert.equal(parsed.searchParams.get('redirect_uri'), REDIRECT);

  const person = demoPeople[0]!;
  const { code, state } = await signInAs(url, 0, 'bank_id');
  assert.equal(state, 'state-xyz');

  const tokens = await client.exchangeCode(code);
  // The emulator sends expires_in as a string; the client must hand back a number.
  assert.equal(tokens.expiresIn, 3600);
  assert.ok(tokens.accessToken.length >= 22);
  assert.ok(tokens.userId.length > 0);

  const got = await client.fetchPerson(tokens.accessToken, tokens.userId);
  assert.deepEqual(got, {
    lastName: person.lastName,
    firstName: person.firstName,
    patronymic: person.patronymic,
    rnokpp: person.rnokpp,
    email: person.email,
    phone: person.phone,
    address: person.address,
    birthDate: person.birthDate,
    authType: 'bank_id',
  });

  // A code is single-use.
  await assert.rejects(client.exchangeCode(code), (err: unknown) => {
    assert.ok(err instanceof IdGovUaError);
    assert.equal(err.code, 'token_exchange_failed');
    assert.match(err.message, /invalid_grant/);
    assert.ok(!err.message.includes(code), 'no secret material in the message');
    return true;
  });

  // A token for one user cannot read another user_id.
  await assert.rejects(client.fetchPerson(tokens.accessToken, 'not-the-user'), (err: unknown) => {
    assert.ok(err instanceof IdGovUaError);
    assert.equal(err.code, 'user_info_failed');
    return true;
  });
});

test('the client maps a second person and the method chosen', async (t) => {
  const emulator = await startEmulator({ port: 0, clients: [CLIENT], people: demoPeople });
  t.after(() => emulator.close());
  const client = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT });
  const index = demoPeople.findIndex((p) => p.roles.some((r) => r.kind === 'national-moderator'));
  assert.ok(index >= 0);
  const person = demoPeople[index]!;
  const { code } = await signInAs(client.authorizeUrl('s2'), index, 'diia_id');
  const tokens = await client.exchangeCode(code);
  const got = await client.fetchPerson(tokens.accessToken, tokens.userId);
  assert.equal(got.rnokpp, person.rnokpp);
  assert.equal(got.birthDate, person.birthDate);
  assert.equal(got.address, person.address);
  assert.equal(got.authType, 'diia_id');
});

test('wrong client credentials make the exchange fail with token_exchange_failed', async (t) => {
  const emulator = await startEmulator({ port: 0, clients: [CLIENT], people: demoPeople });
  t.after(() => emulator.close());
  const good = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT });
  const bad = createIdGovUaClient({ baseUrl: emulator.url, clientId: CLIENT.clientId, clientSecret: 'wrong', redirectUri: REDIRECT });
  const { code } = await signInAs(good.authorizeUrl('s3'), 0, 'dig_sign');
  await assert.rejects(bad.exchangeCode(code), (err: unknown) => {
    assert.ok(err instanceof IdGovUaError);
    assert.equal(err.code, 'token_exchange_failed');
    assert.match(err.message, /401/);
    return true;
  });
});

test('an unreachable service is a token_exchange_failed error', async () => {
  const emulator = await startEmulator({ port: 0, clients: [CLIENT], people: demoPeople });
  const url = emulator.url;
  await emulator.close();
  const client = createIdGovUaClient({ baseUrl: url, ...CLIENT, redirectUri: REDIRECT });
  await assert.rejects(client.exchangeCode('whatever'), (err: unknown) => {
    assert.ok(err instanceof IdGovUaError);
    assert.equal(err.code, 'token_exchange_failed');
    return true;
  });
});
