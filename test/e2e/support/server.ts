/**
 * The real platform for browser journeys, started as `npm start` would start it: `src/main.ts` in its
 * own process, which migrates, seeds the demo (or finds both done in a copy of the test runner's seeded
 * data folder) and starts the id.gov.ua emulator as a child process. Each run gets free ports, a fresh data directory and, when DATABASE_URL is set, a fresh
 * PostgreSQL database that is dropped afterwards.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePorts, freshPostgresDatabase, sleep, spawnApp } from '../../helpers/processes.js';
import { openDatabase, type Db } from '../../../src/core/db/database.js';

export interface RunningPlatform {
  /** Our site, e.g. http://127.0.0.1:43123 */
  url: string;
  /** The id.gov.ua emulator. */
  emulatorUrl: string;
  /**
   * `read` with a connection of its own to the platform's database, for direct counts. The embedded
   * database (PGlite) serves one process, so there the platform is stopped first: read last.
   */
  readDatabase<T>(read: (db: Db) => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 15_000;

/** Any HTTP answer at all (with its status), or null when nothing listens yet. */
async function httpStatus(url: string): Promise<number | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

export async function startPlatform(): Promise<RunningPlatform> {
  const [port, emulatorPort] = (await freePorts(2)) as [number, number];
  const dataDir = await mkdtemp(join(tmpdir(), 'viche-e2e-'));
  const adminUrl = process.env.DATABASE_URL;
  // The test runner's seeded data folder (scripts/run-tests.mjs), when there is one: the platform then
  // starts on a copy of it and finds its migrations applied and the demo in place.
  const template = process.env.VICHE_E2E_DATA_TEMPLATE;
  if (template && !adminUrl) await cp(template, dataDir, { recursive: true });
  const pgdb = adminUrl ? await freshPostgresDatabase(adminUrl, 'e2e') : null;
  const url = `http://127.0.0.1:${port}`;
  const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;

  const env: NodeJS.ProcessEnv = { ...process.env };
  // Without IDGOVUA_BASE_URL, src/main.ts starts its own emulator on EMULATOR_PORT and uses it.
  delete env.IDGOVUA_BASE_URL;
  delete env.DATABASE_URL;
  delete env.SECRET_KEY;
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    EMULATOR_PORT: String(emulatorPort),
    DATA_DIR: dataDir,
    DEMO: '1',
    PUBLIC_URL: url,
    LOG_LEVEL: 'warn',
    // The journeys make their own acts, logged live; appending the demo's older acts (tens of thousands,
    // tested in test/core/tlog-backfill.test.ts) would only compete with the browser for the two cores.
    LOG_BACKFILL: '0',
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
  });

  // Its own process group, so that stopping can reach the emulator child too if the app hangs; warnings
  // pass through as they come.
  const app = spawnApp(env, { keep: 8_000, echo: 'platform' });
  const child = app.child;

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      await app.stop(STOP_TIMEOUT_MS);
    } finally {
      await pgdb?.drop().catch((e: unknown) => console.error('could not drop the e2e database', e));
      await rm(dataDir, { recursive: true, force: true });
    }
  };

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let appUp = false;
    let emulatorUp = false;
    while (!(appUp && emulatorUp)) {
      if (exited(child)) throw new Error(`the platform exited during start (code ${String(child.exitCode)})`);
      if (Date.now() > deadline) throw new Error(`the platform did not start within ${START_TIMEOUT_MS / 1000} s`);
      appUp ||= (await httpStatus(`${url}/healthz`)) === 200;
      // The emulator answers its bare authorize page with 400 (no parameters): that means it is up.
      emulatorUp ||= (await httpStatus(`${emulatorUrl}/`)) !== null;
      if (!(appUp && emulatorUp)) await sleep(150);
    }
  } catch (e) {
    await stop();
    const why = e instanceof Error ? e.message : String(e);
    throw new Error(`${why}\n--- platform output ---\n${app.output()}`);
  }
  const readDatabase = async <T>(read: (db: Db) => Promise<T>): Promise<T> => {
    if (!pgdb) await app.stop(STOP_TIMEOUT_MS);
    const database = await openDatabase(pgdb ? { databaseUrl: pgdb.url, dataDir: null, poolSize: 1 } : { databaseUrl: null, dataDir });
    try {
      return await read(database.db);
    } finally {
      await database.close();
    }
  };
  return { url, emulatorUrl, readDatabase, stop };
}
