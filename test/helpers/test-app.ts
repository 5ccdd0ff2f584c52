/**
 * A fresh platform per test file: its own database (in-memory PGlite, or a new PostgreSQL database when
 * DATABASE_URL is set, dropped afterwards), our id.gov.ua emulator on a free port, and helpers that
 * drive the app through HTTP exactly as a browser would (cookies, CSRF tokens, redirects).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { testConfig, type Config } from '../../src/core/config.js';
import { openMigratedDatabase } from '../../src/core/bootstrap.js';
import { ManualClock, type Clock } from '../../src/core/clock.js';
import type { CoreContext } from '../../src/core/context.js';
import { seedDemo } from '../../src/core/demo/seed.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/main.js';
import type { EnvelopeIdentity } from '../../src/emulator/envelope.js';
import { modules as allModules } from '../../src/modules/index.js';
import type { ModuleManifest } from '../../src/core/modules/manifest.js';
import { buildApp, createContext } from '../../src/server.js';
import { CookieJar } from './cookie-jar.js';
import { freshPostgresDatabase } from './processes.js';
import { currentTemplate, pgliteTemplateData, postgresTemplate, TEMPLATE_SECRET, type TemplateStart } from './template.js';
import { demoPeople, type DemoPerson } from '../../src/core/demo/people.js';

export interface TestApp {
  app: FastifyInstance;
  ctx: CoreContext;
  clock: ManualClock;
  emulator: RunningEmulator;
  close(): Promise<void>;
  /** A new browser: its own cookies. */
  browser(): TestBrowser;
}

export interface TestAppOptions {
  seed?: boolean;
  /** Run every module's demo data too (the default); false seeds only communities and people, faster. */
  seedModules?: boolean;
  now?: Date;
  config?: Partial<Config>;
  modules?: readonly ModuleManifest[];
  clock?: Clock;
  /** The emulator envelopes user info with this key to clients that send `cert`. */
  emulatorEnvelope?: EnvelopeIdentity;
}

export async function createTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  // What is opened is closed again, last first, also when a later step fails: a listening emulator or a
  // PostgreSQL pool left open would keep the test process alive, and the run would hang instead of failing.
  const opened: (() => Promise<void>)[] = [];
  const closeAll = async () => {
    const errors: unknown[] = [];
    for (const close of opened.splice(0).reverse()) await close().catch((e: unknown) => errors.push(e));
    if (errors.length) throw new AggregateError(errors, 'createTestApp: closing failed');
  };
  try {
    const adminUrl = process.env.DATABASE_URL;
    // The fully seeded template fits the common case: all modules, their demo, the real clock, default config.
    // Other apps of all modules start from the migrated one and seed what they ask for with their own clock;
    // apps of their own modules start from an empty cluster (PGlite's initdb done) and migrate those.
    const seedsAll = opts.seed !== false && (opts.seedModules ?? true) && !opts.now && !opts.modules && !opts.config;
    const templates = currentTemplate();
    const start: TemplateStart = seedsAll ? 'seeded' : opts.modules ? 'empty' : 'migrated';
    const seeded = templates !== null && start === 'seeded';
    const pgdb = adminUrl ? await freshPostgresDatabase(adminUrl, 'test', templates?.kind === 'postgres' ? postgresTemplate(templates, start) : null) : null;
    if (pgdb) opened.push(() => pgdb.drop());
    const emulator = await startEmulator({
      port: 0,
      clients: [{ clientId: 'test-client', clientSecret: 'test-secret' }],
      ...(opts.emulatorEnvelope ? { envelope: opts.emulatorEnvelope } : {}),
    });
    opened.push(() => emulator.close());
    const config = testConfig({
      databaseUrl: pgdb?.url ?? null,
      publicUrl: 'http://viche.test',
      idgovua: { baseUrl: emulator.url, clientId: 'test-client', clientSecret: 'test-secret' },
      ...opts.config,
      ...(seeded ? { secretKey: TEMPLATE_SECRET } : {}),
    });
    const modules = opts.modules ?? allModules;
    const loadDataDir = templates?.kind === 'pglite' ? await pgliteTemplateData(templates, start) : undefined;
    const database = await openMigratedDatabase(config, modules, { inMemory: true, loadDataDir });
    opened.push(() => database.close());
    const clock = new ManualClock(opts.now ?? new Date());
    const ctx = createContext({ config, database, clock, modules });
    if (opts.seed !== false && !seeded) await seedDemo(ctx, { modules: opts.seedModules ?? true });
    const app = await buildApp(ctx);
    opened.push(() => app.close());
    await app.ready();
    return {
      app,
      ctx,
      clock,
      emulator,
      browser: () => new TestBrowser(app, emulator),
      close: closeAll,
    };
  } catch (e) {
    await closeAll().catch(() => undefined);
    throw e;
  }
}

export function demoPerson(pred: (p: DemoPerson) => boolean): { person: DemoPerson; index: number } {
  const index = demoPeople.findIndex(pred);
  if (index < 0) throw new Error('no such demo person');
  return { person: demoPeople[index]!, index };
}

/** The demo people the tests sign in as most often. */
export const demo = {
  /** Коваленко Олена Петрівна, a resident of Lviv. */
  olena: (p: DemoPerson) => p.firstName === 'Олена' && p.lastName === 'Коваленко',
  /** Шевчук Андрій Іванович, a resident of the Lviv community. */
  andrii: (p: DemoPerson) => p.lastName === 'Шевчук',
  national: (p: DemoPerson) => p.roles.some((r) => r.kind === 'national-moderator'),
  /** A moderator of the community: of its `tool`, or of any tool when none is given. */
  moderator: (community: string, tool?: string) => (p: DemoPerson) =>
    p.roles.some((r) => r.kind === 'moderator' && r.community === community && (tool === undefined || r.tool === tool)),
};

/** A new browser, signed in through the id.gov.ua emulator as the first demo person `pick` accepts. */
export async function signedInAs(t: TestApp, pick: (p: DemoPerson) => boolean): Promise<TestBrowser> {
  const b = t.browser();
  await b.signInAs(demoPerson(pick).index);
  return b;
}

/** Drives the app like a browser: keeps cookies, reads CSRF tokens from forms, follows our redirects. */
export class TestBrowser {
  readonly jar = new CookieJar();
  constructor(
    private readonly app: FastifyInstance,
    private readonly emulator: RunningEmulator,
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({ method: 'GET', url, headers: { cookie: this.jar.header() } });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }

  /** Posts a form with this browser's CSRF token (unless `_csrf` is given). */
  async post(url: string, form: Record<string, string | string[]>, opts: { csrf?: boolean } = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    if (opts.csrf !== false && !('_csrf' in form)) body.append('_csrf', await this.csrfToken());
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: { cookie: this.jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    this.jar.store(res.headers['set-cookie']);
    return res;
  }

  /** The token the app puts in its forms for this browser (read from a real page). */
  async csrfToken(): Promise<string> {
    const page = await this.get('/about');
    const m = /<meta name="csrf-token" content="([^"]+)"/.exec(page.body);
    if (!m) throw new Error('no CSRF token on the page');
    return m[1]!;
  }

  /**
   * Signs in through the whole id.gov.ua flow against the emulator: our start route, the emulator's
   * consent form (a demo person), the code back to our callback.
   */
  async signInAs(personIndex: number, returnTo = '/cabinet'): Promise<LightMyRequestResponse> {
    const start = await this.get(`/auth/idgovua/start?return=${encodeURIComponent(returnTo)}`);
    return this.consentAs(start, personIndex);
  }

  /** From an e-mail-level account: «Підтвердити особу через id.gov.ua» as the demo person, linking the two. */
  async linkIdentityAs(personIndex: number): Promise<LightMyRequestResponse> {
    return this.consentAs(await this.post('/auth/idgovua/start', {}), personIndex);
  }

  private async consentAs(start: LightMyRequestResponse, personIndex: number): Promise<LightMyRequestResponse> {
    const authorize = new URL(String(start.headers.location));
    const form = new URLSearchParams(authorize.searchParams);
    form.set('person', String(personIndex));
    form.set('method', 'diia_id');
    const consent = await fetch(new URL('/authorize', this.emulator.url), {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const back = new URL(String(consent.headers.get('location')));
    return this.get(back.pathname + back.search);
  }
}

/**
 * A browser already signed in as a new id.gov.ua-level person (made directly in the database): for
 * tests that need many distinct people at once. Sign-in itself is tested through the emulator.
 */
export async function browserForNewPerson(
  t: TestApp,
  p: { lastName: string; firstName: string; territorialCode: string; birthDate?: string; email?: string },
): Promise<{ browser: TestBrowser; userId: number }> {
  const { upsertVerifiedUser } = await import('../../src/core/users/users-repository.js');
  const { createSession, SESSION_COOKIE } = await import('../../src/core/sessions/sessions.js');
  const userId = await upsertVerifiedUser(
    t.ctx.db,
    {
      identityKey: `test:${randomBytes(12).toString('hex')}`,
      lastName: p.lastName,
      firstName: p.firstName,
      patronymic: '',
      email: p.email ?? null,
      phone: null,
      birthDate: p.birthDate ?? '1980-01-01',
      territorialCode: p.territorialCode,
      authType: 'diia_id',
    },
    t.clock.now(),
  );
  const token = await createSession(t.ctx.db, userId, t.clock.now());
  const browser = t.browser();
  browser.jar.store(`${SESSION_COOKIE}=${token}; Path=/`);
  return { browser, userId };
}
