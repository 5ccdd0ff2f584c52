/**
 * The log's formats: C2SP tlog-tiles paths and bundles, C2SP signed notes (the specification's example,
 * and Go's golang.org/x/mod/sumdb/note test key and signature), tlog-checkpoint bodies, the log's keys
 * from the environment, and pseudonymous tags.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeEntryBundle, encodeEntryBundle, formatTileIndex, formatTilePath, parseTilePath, tileExists, tilesForSize } from '../../src/core/tlog/tiles.js';
import { MalformedNoteError, openNote, parseNote, parseVerifierKey, signerFromSeed, signNote } from '../../src/core/tlog/note.js';
import { formatCheckpoint, openCheckpoint, parseCheckpoint, signCheckpoint } from '../../src/core/tlog/checkpoint.js';
import { logOrigin, logSettingsFromEnv, logSigner, parseSigningKey } from '../../src/core/tlog/keys.js';
import { logTag } from '../../src/core/tlog/tag.js';
import { EMPTY_ROOT } from '../../src/core/tlog/merkle.js';
import { loadConfig } from '../../src/core/config.js';

describe('tlog-tiles paths', () => {
  test('indices in 3-digit groups, all but the last with «x»; partial tiles with .p/<W>', () => {
    assert.equal(formatTileIndex(0), '000');
    assert.equal(formatTileIndex(999), '999');
    assert.equal(formatTileIndex(1000), 'x001/000');
    assert.equal(formatTileIndex(1234067), 'x001/x234/067');
    assert.equal(formatTilePath({ kind: 'hashes', level: 0, index: 1234067, width: 256 }), 'tile/0/x001/x234/067');
    assert.equal(formatTilePath({ kind: 'hashes', level: 2, index: 5, width: 17 }), 'tile/2/005.p/17');
    assert.equal(formatTilePath({ kind: 'entries', level: 0, index: 1000, width: 1 }), 'tile/entries/x001/000.p/1');
    for (const t of [
      { kind: 'hashes', level: 0, index: 1234067, width: 256 },
      { kind: 'hashes', level: 63, index: 0, width: 255 },
      { kind: 'entries', level: 0, index: 999999, width: 3 },
    ] as const) {
      assert.deepEqual(parseTilePath(formatTilePath(t)), t);
    }
  });

  test('anything else is refused', () => {
    for (const bad of [
      'tile/0/1',
      'tile/0/0001',
      'tile/00/000',
      'tile/64/000',
      'tile/0/001/234',
      'tile/0/x000/001',
      'tile/0/000.p/0',
      'tile/0/000.p/256',
      'tile/0/000.p/05',
      'tile/0/000.p',
      'tile/entries',
      'tile/x/000',
      'tiles/0/000',
      'tile/0/000/',
      'tile/-1/000',
    ]) {
      assert.equal(parseTilePath(bad), null, bad);
    }
  });

  test('which tiles a tree has (the specification’s example of 70 000 entries)', () => {
    const widths = (level: number) => tilesForSize(70_000, level).map((t) => t.width);
    assert.equal(widths(0).length, 274);
    assert.equal(widths(0).at(-1), 112);
    assert.deepEqual(widths(1), [256, 17]);
    assert.deepEqual(widths(2), [1]);
    assert.deepEqual(widths(3), []);
    assert.deepEqual(
      tilesForSize(256, 1).map((t) => t.width),
      [1],
    );
    assert.ok(tileExists({ kind: 'hashes', level: 0, index: 273, width: 112 }, 70_000));
    assert.ok(tileExists({ kind: 'hashes', level: 0, index: 273, width: 5 }, 70_000), 'a narrower partial tile is a prefix');
    assert.ok(!tileExists({ kind: 'hashes', level: 0, index: 273, width: 113 }, 70_000));
    assert.ok(!tileExists({ kind: 'hashes', level: 0, index: 273, width: 256 }, 70_000));
    assert.ok(!tileExists({ kind: 'entries', level: 0, index: 0, width: 1 }, 0));
  });

  test('entry bundles: uint16 big-endian lengths', () => {
    const bundle = encodeEntryBundle([Buffer.from('ab'), Buffer.alloc(0), Buffer.alloc(300, 1)]);
    assert.equal(bundle.subarray(0, 4).toString('hex'), '00026162');
    assert.equal(bundle.subarray(4, 8).toString('hex'), '0000012c');
    assert.deepEqual(
      decodeEntryBundle(bundle).map((e) => e.length),
      [2, 0, 300],
    );
    assert.throws(() => decodeEntryBundle(bundle.subarray(0, bundle.length - 1)), /truncated/);
    assert.throws(() => encodeEntryBundle([Buffer.alloc(65536)]), /does not fit/);
  });
});

// The key and signature of Go's golang.org/x/mod/sumdb/note tests (note_test.go), and C2SP's example.
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);
const PETER_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

describe('signed notes', () => {
  test('signing reproduces Go’s note package byte for byte; its verifier key is ours', () => {
    const signer = signerFromSeed('PeterNeumann', PETER_SEED);
    assert.equal(signer.verifierKey, PETER_VKEY);
    assert.equal(signNote(PETER_TEXT, signer), `${PETER_TEXT}\n${PETER_SIG}`);
  });

  test('the C2SP specification’s example verifies', () => {
    const v = parseVerifierKey('example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k');
    const note =
      'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';
    assert.deepEqual(openNote(note, [v]), { text: 'This is an example message.\n', verifiedBy: ['example.com/foo'] });
  });

  test('unknown keys are ignored, a known key must verify, one must be known', () => {
    const peter = parseVerifierKey(PETER_VKEY);
    const enoch = parseVerifierKey('EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop');
    assert.deepEqual(openNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]).verifiedBy, ['PeterNeumann']);
    assert.deepEqual(openNote(`${PETER_TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter, enoch]).verifiedBy, ['PeterNeumann', 'EnochRoot']);
    assert.throws(() => openNote(`${PETER_TEXT}\n${ENOCH_SIG}`, [peter]), /no signature by a known key/);
    // Same name, other key ID: not the known key, so ignored.
    assert.throws(() => openNote(`${PETER_TEXT}\n${PETER_SIG.replace('x08g', 'xxxx')}`, [peter]), /no signature by a known key/);
    // A known key whose signature fails rejects the note.
    const bad = PETER_SIG.slice(0, 60) + 'ABCD' + PETER_SIG.slice(60);
    assert.throws(() => openNote(`${PETER_TEXT}\n${bad}`, [peter]), /invalid signature for key PeterNeumann\+c74f20a3/);
    assert.throws(() => openNote(`${PETER_TEXT.replace('problem', 'Problem')}\n${PETER_SIG}`, [peter]), /invalid signature/);
  });

  test('malformed notes are refused', () => {
    for (const bad of [
      PETER_TEXT,
      `${PETER_TEXT}\n`,
      `${PETER_TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\u0001${PETER_TEXT}\n${PETER_SIG}`,
      `${PETER_TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      `${PETER_TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${PETER_TEXT}\n${PETER_SIG.repeat(101)}`,
    ]) {
      assert.throws(() => parseNote(bad), MalformedNoteError, JSON.stringify(bad));
    }
    assert.throws(() => parseNote(Buffer.concat([Buffer.from([0xff]), Buffer.from(`${PETER_TEXT}\n${PETER_SIG}`)])), MalformedNoteError);
  });

  test('verifier keys: a mangled one is refused', () => {
    assert.throws(() => parseVerifierKey(PETER_VKEY.replace('c74f20a3', 'c74f20a4')), /does not match/);
    assert.throws(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'), /not an Ed25519/);
    assert.throws(() => parseVerifierKey(PETER_VKEY.slice(0, -1)), /./);
    assert.throws(() => parseVerifierKey(`Peter Neumann+c74f20a3+${PETER_VKEY.split('+')[2]}`), /name/);
  });
});

describe('checkpoints', () => {
  test('origin, size and base64 root, then extension lines; signed by a key named as the origin', () => {
    const text = formatCheckpoint({ origin: 'viche.example/log', size: 3, root: EMPTY_ROOT });
    assert.equal(text, 'viche.example/log\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n');
    assert.deepEqual(parseCheckpoint(`${text}ext one\n`), { origin: 'viche.example/log', size: 3, root: EMPTY_ROOT, extensions: ['ext one'] });
    for (const bad of [
      'a\n3\n',
      'a\n03\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
      'a\n3\n47DEQpj8\n',
      '\n3\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n',
      text.slice(0, -1),
      `${text}\n`,
    ]) {
      assert.throws(() => parseCheckpoint(bad), /./, JSON.stringify(bad));
    }
    const signer = signerFromSeed('viche.example/log', PETER_SEED);
    const note = signCheckpoint(signer, 3, EMPTY_ROOT);
    const v = parseVerifierKey(signer.verifierKey);
    assert.equal(openCheckpoint(note, v).size, 3);
    assert.throws(() => openCheckpoint(note, v, 'other.example/log'), /not of «other.example\/log»/);
    assert.throws(() => openCheckpoint(note.replace('\n3\n', '\n4\n'), v), /invalid signature/);
  });
});

describe('the log’s keys', () => {
  test('LOG_SIGNING_KEY as a base64 seed, PKCS#8 DER or PEM; unset, derived from SECRET_KEY', () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    const seed = der.subarray(16);
    assert.deepEqual(parseSigningKey(seed.toString('base64')), seed);
    assert.deepEqual(parseSigningKey(der.toString('base64')), seed);
    assert.deepEqual(parseSigningKey(String(privateKey.export({ format: 'pem', type: 'pkcs8' }))), seed);
    assert.throws(() => parseSigningKey('c2hvcnQ='), /LOG_SIGNING_KEY/);
    const a = logSettingsFromEnv({}, 'secret-a');
    assert.deepEqual(a.signingSeed, logSettingsFromEnv({}, 'secret-a').signingSeed, 'stable');
    assert.notDeepEqual(a.signingSeed, logSettingsFromEnv({}, 'secret-b').signingSeed);
    assert.notDeepEqual(a.signingSeed, a.tagKey, 'one label each');
    assert.deepEqual(logSettingsFromEnv({ LOG_SIGNING_KEY: seed.toString('base64') }, 'x').signingSeed, seed);
    assert.throws(() => logSettingsFromEnv({ LOG_ORIGIN: 'has space' }, 'x'), /LOG_ORIGIN/);
  });

  test('the origin is the public host and «/log», unless LOG_ORIGIN says otherwise; the demo key is fixed', () => {
    assert.equal(logOrigin(loadConfig({ PUBLIC_URL: 'https://viche.example.org/' })), 'viche.example.org/log');
    assert.equal(logOrigin(loadConfig({ PORT: '3000' })), 'localhost:3000/log');
    assert.equal(logOrigin(loadConfig({ LOG_ORIGIN: 'log.viche.example' })), 'log.viche.example');
    assert.equal(logSigner(loadConfig({})).verifierKey, logSigner(loadConfig({ DEMO: '1' })).verifierKey, 'the demo key');
    assert.notEqual(logSigner(loadConfig({})).verifierKey, logSigner(loadConfig({ DEMO: '0', SECRET_KEY: 'k'.repeat(32) })).verifierKey);
  });

  test("README publishes the demo's verifier key", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    assert.ok(readme.includes(`\`${logSigner(loadConfig({})).verifierKey}\``), 'the key in the «Transparency log» section');
  });

  test('tags: one per person and subject, unlinkable across subjects and keys', () => {
    const key = Buffer.from('log key');
    const t = logTag(key, 'identity-1', 'petition:1');
    assert.match(t, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(logTag(key, 'identity-1', 'petition:1'), t);
    assert.notEqual(logTag(key, 'identity-1', 'petition:2'), t);
    assert.notEqual(logTag(key, 'identity-2', 'petition:1'), t);
    assert.notEqual(logTag(Buffer.from('other key'), 'identity-1', 'petition:1'), t);
    // The separator: («a», «b:c») and («a\0b», «c») could otherwise be one message.
    assert.throws(() => logTag(key, 'a\u0000b', 'c'), /NUL/);
  });
});
