/**
 * The log's keys from the configuration: the Ed25519 key that signs checkpoints (LOG_SIGNING_KEY) and
 * the HMAC key of pseudonymous tags (LOG_KEY). Either may be left unset: it is then derived from
 * SECRET_KEY with HKDF-SHA256 under its own label, so a demo (whose SECRET_KEY is the fixed demo one)
 * has fixed demo log keys, and a platform keeps its keys as long as it keeps its SECRET_KEY.
 */
import { createPrivateKey, hkdfSync } from 'node:crypto';
import type { Config } from '../config.js';
import { isValidOrigin } from './checkpoint.js';
import { signerFromSeed, type NoteSigner } from './note.js';

const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');

function derive(secretKey: string, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), Buffer.from(label, 'utf8'), 32));
}

/**
 * LOG_SIGNING_KEY → the 32-byte Ed25519 seed. Accepted: the seed in base64 (32 bytes), a PKCS#8 key in
 * base64 DER (`openssl genpkey -algorithm ed25519 -outform DER | base64 -w0`), or the same in PEM.
 */
export function parseSigningKey(value: string): Buffer {
  const v = value.trim();
  if (v.startsWith('-----BEGIN')) return seedOfPkcs8(createPrivateKey({ key: v, format: 'pem' }).export({ format: 'der', type: 'pkcs8' }));
  const raw = Buffer.from(v, 'base64');
  if (raw.length === 32) return raw;
  if (raw.length === 48) return seedOfPkcs8(raw);
  throw new Error('LOG_SIGNING_KEY: expected an Ed25519 key as a base64 32-byte seed, or PKCS#8 in base64 DER or PEM');
}

function seedOfPkcs8(der: Buffer): Buffer {
  if (der.length !== 48 || !der.subarray(0, 16).equals(PKCS8_ED25519)) throw new Error('LOG_SIGNING_KEY: not an Ed25519 PKCS#8 key');
  return Buffer.from(der.subarray(16));
}

export interface LogSettings {
  /** Null: the public host and «/log» (logOrigin). */
  origin: string | null;
  signingSeed: Buffer;
  tagKey: Buffer;
  /** Whether the worker appends acts that predate the log (core/tlog/backfill.ts); LOG_BACKFILL=0 turns it off. */
  backfill: boolean;
}

export function logSettingsFromEnv(env: NodeJS.ProcessEnv, secretKey: string): LogSettings {
  const origin = env.LOG_ORIGIN || null;
  if (origin !== null && !isValidOrigin(origin)) throw new Error('LOG_ORIGIN: a non-empty name without spaces or «+», e.g. viche.example/log');
  return {
    origin,
    signingSeed: env.LOG_SIGNING_KEY ? parseSigningKey(env.LOG_SIGNING_KEY) : derive(secretKey, 'viche transparency log signing key v1'),
    tagKey: env.LOG_KEY ? Buffer.from(env.LOG_KEY, 'utf8') : derive(secretKey, 'viche transparency log tag key v1'),
    backfill: env.LOG_BACKFILL !== '0',
  };
}

/** The log's origin: LOG_ORIGIN, or PUBLIC_URL without its scheme and with «/log» (C2SP tlog-tiles). */
export function logOrigin(config: Pick<Config, 'publicUrl' | 'log'>): string {
  return config.log.origin ?? `${config.publicUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '')}/log`;
}

const signers = new WeakMap<Buffer, Map<string, NoteSigner>>();

/** The checkpoint signer of this configuration; its name is the origin. */
export function logSigner(config: Pick<Config, 'publicUrl' | 'log'>): NoteSigner {
  const origin = logOrigin(config);
  let byOrigin = signers.get(config.log.signingSeed);
  if (!byOrigin) signers.set(config.log.signingSeed, (byOrigin = new Map()));
  let s = byOrigin.get(origin);
  if (!s) byOrigin.set(origin, (s = signerFromSeed(origin, config.log.signingSeed)));
  return s;
}
