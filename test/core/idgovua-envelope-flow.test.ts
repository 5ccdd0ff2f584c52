import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { startEmulator, type RunningEmulator } from '../../src/emulator/main.js';
import { createIdGovUaClient, IdGovUaError, plainUserInfoDecoder } from '../../src/core/auth/idgovua-client.js';
import { createEnvelopedUserInfoDecoder, type EnvelopedUserInfoDecoder } from '../../src/core/auth/idgovua-decoder.js';
import { demoPeople } from '../../src/core/demo/people.js';
import { createTestApp, demoPerson, type TestApp } from '../helpers/test-app.js';

// jkurwa's published test keys (test/fixtures/idgovua-envelope/README.md): 6929 plays id.gov.ua, 40A0 plays Віче.
const DIR = join(import.meta.dirname, '../fixtures/idgovua-envelope');
const fixture = (name: string): string => join(DIR, name);
const serviceIdentity = () => ({ key: readFileSync(fixture('Key6929.cer')), cert: readFileSync(fixture('SELF_SIGNED_ENC_6929.cer')) });
const ourFiles = {
  keyFile: fixture('STORE_A040.dat'),
  keyPassword: 'password',
  certFile: fixture('SELF_SIGNED_ENC_40A0.cer'),
  serverCertFile: fixture('SELF_SIGNED_ENC_6929.cer'),
};

const CLIENT = { clientId: 'viche-envelope-test', clientSecret: 'envelope-test-secret' };
const REDIRECT = 'http://app.test/auth/idgovua/callback';

/** Plays the browser on the emulator's consent form and returns the code it redirects with. */
async function codeFor(emulator: RunningEmulator, authorizeUrl: string, personIndex: number): Promise<string> {
  const fields = new URLSearchParams(new URL(authorizeUrl).search);
  fields.set('person', String(personIndex));
  fields.set('method', 'dig_sign');
  const res = await fetch(new URL('/authorize', emulator.url), { method: 'POST', body: fields, redirect: 'manual' });
  assert.equal(res.status, 302);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
  assert.ok(code);
  return code;
}

describe('the client and the emulator with enveloped user info', () => {
  let emulator: RunningEmulator;
  let decoder: EnvelopedUserInfoDecoder;
  before(async () => {
    emulator = await startEmulator({ port: 0, clients: [CLIENT], people: demoPeople, envelope: serviceIdentity() });
    decoder = createEnvelopedUserInfoDecoder({
      key: readFileSync(ourFiles.keyFile),
      password: ourFiles.keyPassword,
      cert: readFileSync(ourFiles.certFile),
      serverCert: readFileSync(ourFiles.serverCertFile),
    });
  });
  after(async () => emulator.close());

  test('the client sends its certificate and decodes the person from the envelope', async () => {
    const client = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT }, decoder);
    const person = demoPeople[0]!;
    const tokens = await client.exchangeCode(await codeFor(emulator, client.authorizeUrl('s1'), 0));
    const got = await client.fetchPerson(tokens.accessToken, tokens.userId);
    assert.equal(got.lastName, person.lastName);
    assert.equal(got.firstName, person.firstName);
    assert.equal(got.patronymic, person.patronymic);
    assert.equal(got.rnokpp, person.rnokpp);
    assert.equal(got.birthDate, person.birthDate);
    assert.equal(got.authType, 'dig_sign');
  });

  test('the emulator answers a request with `cert` with an envelope only that key opens', async () => {
    const client = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT });
    const person = demoPeople[0]!;
    const tokens = await client.exchangeCode(await codeFor(emulator, client.authorizeUrl('s2'), 0));
    const ask = (cert: string | null) =>
      fetch(new URL('/get-user-info', emulator.url), {
        method: 'POST',
        body: new URLSearchParams({ access_token: tokens.accessToken, user_id: tokens.userId, fields: 'lastname,givenname', ...(cert ? { cert } : {}) }),
      });
    const enveloped = await ask(decoder.cert);
    assert.equal(enveloped.status, 200);
    const body = (await enveloped.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body), ['encryptedUserInfo']);
    assert.ok(!JSON.stringify(body).includes(person.lastName), 'no name in clear');
    assert.deepEqual(await decoder.decode(body), { lastname: person.lastName, givenname: person.firstName });

    // Without `cert` the reply is plain, as before.
    assert.deepEqual(await (await ask(null)).json(), { lastname: person.lastName, givenname: person.firstName });
    // A `cert` that is no certificate is refused.
    const junk = await ask(Buffer.from('not a certificate').toString('base64'));
    assert.equal(junk.status, 400);
    assert.equal(((await junk.json()) as Record<string, unknown>).error, 'invalid_request');
  });

  test('a client whose decoder lacks the sender certificate fails with a clear error', async () => {
    const noSender = createEnvelopedUserInfoDecoder({
      key: readFileSync(ourFiles.keyFile),
      password: ourFiles.keyPassword,
      cert: readFileSync(ourFiles.certFile),
      serverCert: null,
    });
    const client = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT }, noSender);
    const tokens = await client.exchangeCode(await codeFor(emulator, client.authorizeUrl('s3'), 0));
    await assert.rejects(client.fetchPerson(tokens.accessToken, tokens.userId), (e: unknown) => {
      assert.ok(e instanceof IdGovUaError);
      assert.equal(e.code, 'decrypt_failed');
      assert.match(e.message, /IDGOVUA_SERVER_CERT_FILE/);
      return true;
    });
    // The plain decoder sends no `cert`, so the same emulator answers it in plain JSON.
    const plain = createIdGovUaClient({ baseUrl: emulator.url, ...CLIENT, redirectUri: REDIRECT }, plainUserInfoDecoder);
    const t2 = await plain.exchangeCode(await codeFor(emulator, plain.authorizeUrl('s4'), 0));
    assert.equal((await plain.fetchPerson(t2.accessToken, t2.userId)).lastName, demoPeople[0]!.lastName);
  });
});

describe('sign-in through the emulator with enveloped user info (IDGOVUA_KEY_FILE and the rest)', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ seed: false, emulatorEnvelope: serviceIdentity(), config: { idgovuaEnvelope: ourFiles } });
  });
  after(async () => t.close());

  test('a resident signs in and sees the cabinet with their name', async () => {
    const { index, person } = demoPerson((p) => p.lastName === 'Коваленко' && p.firstName === 'Олена');
    const b = t.browser();
    const res = await b.signInAs(index);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/cabinet');
    const cabinet = await b.get('/cabinet');
    assert.equal(cabinet.statusCode, 200);
    assert.match(cabinet.body, /Коваленко Олена Петрівна/);
    assert.match(cabinet.body, /Перевірено через id\.gov\.ua/);
    const dump = await sql<{ t: string }>`select row_to_json(u)::text as t from users u`.execute(t.ctx.db);
    for (const r of dump.rows) assert.ok(!r.t.includes(person.rnokpp));
  });
});
