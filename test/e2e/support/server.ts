/**
 * The real platform for browser journeys, started as `npm start` would start it: `src/main.ts` in its
 * own process (through tsx), which migrates, seeds the demo and starts the id.gov.ua emulator as a
 * child process. Each run gets free ports, a fresh data directory and, when DATABASE_URL is set, a fresh
 * PostgreSQL database that is dropped afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export interface RunningPlatform {
  /** Our site, e.g. http://127.0.0.1:43123 */
  url: string;
  /** The id.gov.ua emulator. */
  emulatorUrl: string;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 240_000;
const STOP_TIMEOUT_MS = 15_000;

/** Free ports, found by listening on port 0; all are held open until every one is known, so they differ. */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      return new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
        const s = createServer();
        s.once('error', reject);
        s.listen(0, '127.0.0.1', () => resolve(s));
      });
    }),
  );
  const ports = servers.map((s) => {
    const a = s.address();
    if (a === null || typeof a !== 'object') throw new Error('no port');
    return a.port;
  });
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  return ports;
}

async function freshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `viche_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Signals the whole process group (the app and the emulator it started); a group already gone is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

export async function startPlatform(): Promise<RunningPlatform> {
  const [port, emulatorPort] = (await freePorts(2)) as [number, number];
  const dataDir = await mkdtemp(join(tmpdir(), 'viche-e2e-'));
  const adminUrl = process.env.DATABASE_URL;
  const pgdb = adminUrl ? await freshPostgresDatabase(adminUrl) : null;
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
    ...(pgdb ? { DATABASE_URL: pgdb.url } : {}),
  });

  // Its own process group, so that stopping can reach the emulator child too if the app hangs.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Keep the tail of the output for error messages; pass warnings through as they come.
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8_000);
    process.stderr.write(text.replace(/^(?=.)/gm, '[platform] '));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    try {
      if (!exited(child)) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
          signalGroup(child, 'SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      // The app kills the emulator on SIGTERM; make sure nothing of the group outlives the run.
      signalGroup(child, 'SIGTERM');
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
    throw new Error(`${why}\n--- platform output ---\n${output}`);
  }
  return { url, emulatorUrl, stop };
}
