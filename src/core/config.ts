/** Configuration comes from the environment only; this is the one place that reads it. */
import { randomBytes } from 'node:crypto';
import { logSettingsFromEnv, type LogSettings } from './tlog/keys.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  /** DATABASE_POOL_SIZE: connections to a PostgreSQL server (default 10; the bench reports the best on its machine). */
  databasePoolSize: number;
  publicUrl: string;
  secretKey: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** The SMS provider (SMS_URL + SMS_TOKEN); both null: the demo outbox, or no SMS at all outside demo mode. */
  sms: { url: string | null; token: string | null; timeoutMs: number };
  idgovua: { baseUrl: string; clientId: string; clientSecret: string };
  /**
   * The key and certificates for an enveloped get-user-info reply (IDGOVUA_KEY_FILE and the rest);
   * null asks for the reply in plain JSON, as the emulator gives it.
   */
  idgovuaEnvelope: IdGovUaEnvelopeFiles | null;
  emulatorPort: number;
  tileUrl: string;
  tileAttribution: string;
  demo: boolean;
  martialLaw: boolean;
  logLevel: string;
  bodyLimit: number;
  trustProxy: boolean;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  metricsToken: string | null;
  /** PAGE_CACHE_SECONDS: how long signed-out visitors' pages are shared (core/http/page-cache.ts); 0 to 10, 0 is off. */
  pageCacheSeconds: number;
  /** Seconds without a touch before a self-service terminal returns to its start (KIOSK_IDLE_SECONDS, 60; shorter in tests). */
  kioskIdleSeconds: number;
  /** The transparency log: LOG_ORIGIN, LOG_SIGNING_KEY, LOG_KEY (core/tlog/keys.ts). */
  log: LogSettings;
  /** TELEGRAM_API_ROOT: the Telegram Bot API server (the tests point it at a local fake one). */
  telegramApiRoot: string;
  /** TELEGRAM_POLLING=1: the bots fetch their updates (getUpdates) instead of a webhook, for a local run without a public address. */
  telegramPolling: boolean;
  /** VIBER_API_ROOT: Viber's REST bot API (the tests point it at a local fake one). */
  viberApiRoot: string;
  /** PLATFORM_TELEGRAM_TOKEN / PLATFORM_VIBER_TOKEN: one bot for the whole platform, where a person picks their community. */
  platformBot: { telegramToken: string | null; viberToken: string | null };
}

export interface IdGovUaEnvelopeFiles {
  keyFile: string;
  /** Null for an unprotected key. */
  keyPassword: string | null;
  certFile: string;
  /** id.gov.ua's encryption certificate, for envelopes that name their sender without carrying it. */
  serverCertFile: string | null;
}

function idgovuaEnvelope(env: NodeJS.ProcessEnv): IdGovUaEnvelopeFiles | null {
  const keyFile = env.IDGOVUA_KEY_FILE || null;
  const certFile = env.IDGOVUA_CERT_FILE || null;
  if (keyFile === null && certFile === null) return null;
  if (keyFile === null || certFile === null) {
    throw new Error('IDGOVUA_KEY_FILE and IDGOVUA_CERT_FILE go together: set both for enveloped user info, or neither');
  }
  return { keyFile, keyPassword: env.IDGOVUA_KEY_PASSWORD ?? null, certFile, serverCertFile: env.IDGOVUA_SERVER_CERT_FILE || null };
}

function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined || v === '') return dflt;
  return !['0', 'false', 'no', 'off'].includes(v.toLowerCase());
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  const secretKey = env.SECRET_KEY ?? '';
  // Demo mode (demo people, the emulator, /dev/mail with everyone's sign-in codes) is on by default only
  // on a fresh checkout: a machine with NODE_ENV=production or a real SECRET_KEY must ask for it (DEMO=1),
  // so forgetting DEMO=0 exposes nothing.
  const demo = bool(env.DEMO, env.NODE_ENV !== 'production' && !secretKey);
  const emulatorPort = Number(env.EMULATOR_PORT ?? 3001);
  if (!secretKey && !demo) {
    throw new Error('SECRET_KEY must be set when DEMO=0 (the default with NODE_ENV=production): it keys identity hashes, sessions and CSRF tokens');
  }
  const databasePoolSize = Number(env.DATABASE_POOL_SIZE || 10);
  if (!Number.isInteger(databasePoolSize) || databasePoolSize < 1 || databasePoolSize > 500)
    throw new Error(`DATABASE_POOL_SIZE is a whole number of connections from 1 to 500, not «${env.DATABASE_POOL_SIZE}»`);
  const pageCacheSeconds = Number(env.PAGE_CACHE_SECONDS || 5);
  if (!(pageCacheSeconds >= 0 && pageCacheSeconds <= 10)) throw new Error(`PAGE_CACHE_SECONDS is 0 (off) to 10 seconds, not «${env.PAGE_CACHE_SECONDS}»`);
  const smsUrl = env.SMS_URL || null;
  const smsToken = env.SMS_TOKEN || null;
  if ((smsUrl === null) !== (smsToken === null))
    throw new Error('SMS_URL and SMS_TOKEN are set together (the provider address and its bearer token), or neither');
  // The demo key is fixed so that demo identities stay stable across restarts; never use it in production.
  const effectiveSecret = secretKey || 'viche-demo-secret-key-do-not-use-in-production';
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    dataDir: env.DATA_DIR ?? './data',
    databaseUrl: env.DATABASE_URL || null,
    databasePoolSize,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    secretKey: effectiveSecret,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM ?? 'Віче <noreply@viche.example>',
    sms: { url: smsUrl, token: smsToken, timeoutMs: Number(env.SMS_TIMEOUT_MS ?? 10_000) },
    idgovua: {
      baseUrl: (env.IDGOVUA_BASE_URL ?? `http://127.0.0.1:${emulatorPort}`).replace(/\/$/, ''),
      clientId: env.IDGOVUA_CLIENT_ID ?? 'viche-demo',
      clientSecret: env.IDGOVUA_CLIENT_SECRET ?? 'viche-demo-secret',
    },
    idgovuaEnvelope: idgovuaEnvelope(env),
    emulatorPort,
    tileUrl: env.TILE_URL ?? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
    tileAttribution: env.TILE_ATTRIBUTION ?? '© OpenStreetMap contributors',
    demo,
    martialLaw: bool(env.MARTIAL_LAW, true),
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: Number(env.BODY_LIMIT ?? 1_048_576),
    trustProxy: bool(env.TRUST_PROXY, false),
    metricsToken: env.METRICS_TOKEN || null,
    pageCacheSeconds,
    kioskIdleSeconds: Number(env.KIOSK_IDLE_SECONDS || 60),
    // Unset log keys are derived from SECRET_KEY: on a demo, from the fixed demo key above.
    log: logSettingsFromEnv(env, effectiveSecret),
    telegramApiRoot: (env.TELEGRAM_API_ROOT || 'https://api.telegram.org').replace(/\/$/, ''),
    telegramPolling: bool(env.TELEGRAM_POLLING, false),
    viberApiRoot: (env.VIBER_API_ROOT || 'https://chatapi.viber.com/pa').replace(/\/$/, ''),
    platformBot: { telegramToken: env.PLATFORM_TELEGRAM_TOKEN || null, viberToken: env.PLATFORM_VIBER_TOKEN || null },
  };
}

/**
 * A config for tests: random secret, no demo emulator unless asked. The page cache is off: many tests
 * change rows directly and read the page at once; the cache's own tests turn it on.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({ DEMO: '1', LOG_LEVEL: 'silent' }), secretKey: randomBytes(16).toString('hex'), pageCacheSeconds: 0, ...overrides };
}
