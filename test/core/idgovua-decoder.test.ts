import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEnvelopedUserInfoDecoder, envelopedUserInfoDecoderFromFiles } from '../../src/core/auth/idgovua-decoder.js';
import { IdGovUaError, type IdGovUaErrorCode } from '../../src/core/auth/idgovua-client.js';
import { loadConfig } from '../../src/core/config.js';
import { createUserInfoEnveloper } from '../../src/emulator/envelope.js';
import { splitOriginatorCerts } from '../../src/core/auth/cms-originator.js';

// jkurwa's published test vectors (see test/fixtures/idgovua-envelope/README.md).
const DIR = join(import.meta.dirname, '../fixtures/idgovua-envelope');
const file = (name: string): Buffer => readFileSync(join(DIR, name));

/** The recipient of the published envelope: PBES2 key container 40A0 with its password, and its certificate. */
const recipient = () => ({
  key: file('STORE_A040.dat'),
  password: 'password',
  cert: file('SELF_SIGNED_ENC_40A0.cer'),
  serverCert: file('SELF_SIGNED_ENC_6929.cer'),
});

/** Opening the PBES2 container takes seconds (10 000 rounds of ГОСТ 34.311 in JavaScript): one decoder serves the tests that need a good one. */
const shared = createEnvelopedUserInfoDecoder(recipient());

async function rejectsWith(p: Promise<unknown> | (() => unknown), code: IdGovUaErrorCode, message: RegExp): Promise<void> {
  const run = typeof p === 'function' ? async () => p() : async () => p;
  await assert.rejects(run, (e: unknown) => {
    assert.ok(e instanceof IdGovUaError, String(e));
    assert.equal(e.code, code);
    assert.match(e.message, message);
    return true;
  });
}

test('the published vector: the PBES2 key with its password opens enc_message.p7 to its known plaintext', async () => {
  const decoder = shared;
  const content = await decoder.open(file('enc_message.p7'));
  assert.equal(content.toString('utf8'), '123');
  // Read as a reply it decrypts, but «123» is not the JSON object get-user-info sends.
  await rejectsWith(decoder.decode({ encryptedUserInfo: file('enc_message.p7').toString('base64') }), 'bad_response', /not a JSON object/);
});

test('the decoder sends its own certificate as base64 DER', () => {
  const decoder = shared;
  assert.equal(decoder.cert, file('SELF_SIGNED_ENC_40A0.cer').toString('base64'));
});

test('a wrong or missing password stops the decoder at start-up', async () => {
  await rejectsWith(() => createEnvelopedUserInfoDecoder({ ...recipient(), password: 'wrong' }), 'key_unusable', /IDGOVUA_KEY_PASSWORD/);
  await rejectsWith(() => createEnvelopedUserInfoDecoder({ ...recipient(), password: null }), 'key_unusable', /IDGOVUA_KEY_PASSWORD/);
});

test('a certificate that is not the key’s, or is for signing only, stops the decoder at start-up', async () => {
  await rejectsWith(
    () => createEnvelopedUserInfoDecoder({ ...recipient(), cert: file('SELF_SIGNED_ENC_E54B.cer') }),
    'key_unusable',
    /no private key for the IDGOVUA_CERT_FILE/,
  );
  await rejectsWith(
    () => createEnvelopedUserInfoDecoder({ key: file('PRIV1.cer'), password: null, cert: file('SELF_SIGNED1.cer'), serverCert: null }),
    'key_unusable',
    /not a key-agreement/,
  );
  await rejectsWith(() => createEnvelopedUserInfoDecoder({ ...recipient(), cert: Buffer.from('not a certificate') }), 'key_unusable', /IDGOVUA_CERT_FILE/);
});

test('a corrupted envelope gives a clear error', async () => {
  const decoder = shared;
  const good = file('enc_message.p7');
  const reply = (b: Buffer) => ({ encryptedUserInfo: b.toString('base64') });

  // ГОСТ 28147 CFB has no integrity check: a damaged ciphertext decrypts to noise that is not JSON.
  const content = Buffer.from(good);
  content[content.length - 2]! ^= 0xff;
  await rejectsWith(decoder.decode(reply(content)), 'decrypt_failed', /not JSON/);

  // A damaged recipient identifier no longer names our certificate.
  const recipientId = Buffer.from(good);
  recipientId[200]! ^= 0xff;
  await rejectsWith(decoder.decode(reply(recipientId)), 'decrypt_failed', /not made to our certificate/);

  // A cut envelope is no CMS message at all.
  await rejectsWith(decoder.decode(reply(good.subarray(0, 100))), 'decrypt_failed', /not an enveloped CMS message/);
  await rejectsWith(decoder.decode(reply(Buffer.from('{"lastname":"Шевченко"}'))), 'decrypt_failed', /not an enveloped CMS message/);

  await rejectsWith(decoder.decode({ encryptedUserInfo: 'not base64!' }), 'bad_response', /not base64/);
  await rejectsWith(decoder.decode({ lastname: 'Шевченко', givenname: 'Тарас' }), 'bad_response', /not enveloped/);
});

test('an envelope made to another certificate, or from an unknown sender, is refused with the reason', async () => {
  const other = createEnvelopedUserInfoDecoder({
    key: file('KeyE54B.cer'),
    password: null,
    cert: file('SELF_SIGNED_ENC_E54B.cer'),
    serverCert: file('SELF_SIGNED_ENC_6929.cer'),
  });
  await rejectsWith(other.open(file('enc_message.p7')), 'decrypt_failed', /ENOKEY/);
  const noSender = createEnvelopedUserInfoDecoder({ ...recipient(), serverCert: null });
  await rejectsWith(noSender.open(file('enc_message.p7')), 'decrypt_failed', /IDGOVUA_SERVER_CERT_FILE.*ENOCERT/);
});

/** DER tag-length-value, with the long length form the published vector uses. */
function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...length]), content]);
}

/** The published envelope with the sender's certificate added as originatorInfo [0] { certs [0] { … } } (RFC 5652 §6.1). */
function withOriginatorCert(p7: Buffer, cert: Buffer): Buffer {
  // ContentInfo 30 82 …, OID (11 bytes), [0] a0 82 …, EnvelopedData 30 82 …, version 02 01 02, recipientInfos…
  assert.deepEqual([p7[0], p7[4], p7[15], p7[19], p7[23], p7[26]], [0x30, 0x06, 0xa0, 0x30, 0x02, 0x31]);
  const oid = p7.subarray(4, 15);
  const version = p7.subarray(23, 26);
  const rest = p7.subarray(26);
  return der(0x30, Buffer.concat([oid, der(0xa0, der(0x30, Buffer.concat([version, der(0xa0, der(0xa0, cert)), rest])))]));
}

test('a sender certificate carried in the envelope (originatorInfo) serves instead of IDGOVUA_SERVER_CERT_FILE', async () => {
  const p7 = file('enc_message.p7');
  const sender = file('SELF_SIGNED_ENC_6929.cer');
  const carried = withOriginatorCert(p7, sender);
  const split = splitOriginatorCerts(carried);
  assert.ok(split.envelope.equals(p7), 'the field is cut out byte-exact');
  assert.deepEqual(split.certs, [sender]);
  assert.deepEqual(splitOriginatorCerts(p7), { envelope: p7, certs: [] });
  assert.deepEqual(splitOriginatorCerts(carried.subarray(0, 50)).certs, []);

  const noSender = createEnvelopedUserInfoDecoder({ ...recipient(), serverCert: null });
  await rejectsWith(noSender.open(p7), 'decrypt_failed', /ENOCERT/);
  assert.equal((await noSender.open(carried)).toString('utf8'), '123');
});

test('user info enveloped by the emulator decodes to the same fields, and errors never show them', async () => {
  const enveloper = createUserInfoEnveloper({ key: file('Key6929.cer'), cert: file('SELF_SIGNED_ENC_6929.cer') });
  const decoder = shared;
  assert.ok(decoder.cert);
  const info = { lastname: 'Ґонта', givenname: 'Ївга', middlename: 'Йосипівна', drfocode: '3141592653', email: 'yivha@example.com' };
  const encryptedUserInfo = await enveloper.envelope(JSON.stringify(info), decoder.cert);
  assert.ok(encryptedUserInfo);
  assert.ok(!Buffer.from(encryptedUserInfo, 'base64').includes(Buffer.from('Ґонта')), 'the name is not in the envelope');
  assert.deepEqual(await decoder.decode({ encryptedUserInfo }), info);
  // A bare base64 body is read the same way.
  assert.deepEqual(await decoder.decode(encryptedUserInfo), info);

  // The content is the envelope's last bytes, ГОСТ 28147 CFB without padding: a flipped bit flips the
  // same bit of the plaintext, so «{» turns into «z» and the text is no JSON.
  const damaged = Buffer.from(encryptedUserInfo, 'base64');
  damaged[damaged.length - Buffer.byteLength(JSON.stringify(info))]! ^= 0x01;
  await assert.rejects(decoder.decode({ encryptedUserInfo: damaged.toString('base64') }), (e: unknown) => {
    assert.ok(e instanceof IdGovUaError);
    assert.equal(e.code, 'decrypt_failed');
    for (const v of Object.values(info)) assert.ok(!e.message.includes(v));
    return true;
  });
  assert.equal(await enveloper.envelope('{}', Buffer.from('junk').toString('base64')), null);
});

test('the files come from the IDGOVUA_* settings, which go together', async () => {
  const env = {
    DEMO: '1',
    IDGOVUA_KEY_FILE: join(DIR, 'STORE_A040.dat'),
    IDGOVUA_KEY_PASSWORD: 'password',
    IDGOVUA_CERT_FILE: join(DIR, 'SELF_SIGNED_ENC_40A0.cer'),
    IDGOVUA_SERVER_CERT_FILE: join(DIR, 'SELF_SIGNED_ENC_6929.cer'),
  };
  const files = loadConfig(env).idgovuaEnvelope;
  assert.ok(files);
  const decoder = envelopedUserInfoDecoderFromFiles(files);
  assert.equal(decoder.cert, file('SELF_SIGNED_ENC_40A0.cer').toString('base64'));

  assert.equal(loadConfig({ DEMO: '1' }).idgovuaEnvelope, null);
  assert.throws(() => loadConfig({ DEMO: '1', IDGOVUA_KEY_FILE: env.IDGOVUA_KEY_FILE }), /IDGOVUA_KEY_FILE and IDGOVUA_CERT_FILE go together/);
  assert.throws(() => loadConfig({ DEMO: '1', IDGOVUA_CERT_FILE: env.IDGOVUA_CERT_FILE }), /go together/);
  await rejectsWith(
    () => envelopedUserInfoDecoderFromFiles({ ...files, keyFile: join(DIR, 'missing.dat') }),
    'key_unusable',
    /^IDGOVUA_KEY_FILE could not be read$/,
  );
});
