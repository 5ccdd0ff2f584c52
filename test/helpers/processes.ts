/**
 * Whole app processes for the tests that need them (the browser journeys and the system tests): free
 * ports, a fresh PostgreSQL database per run, and `src/main.ts` started in its own process group so that
 * stopping or killing it reaches the emulator it may have started too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The arguments that run one of our TypeScript programs (`src/main.ts`, a CLI, a fixture): the compiled
 * file when the tests themselves run compiled (scripts/run-tests.mjs compiles the tree), else through tsx.
 */
export function programArgs(file: string): string[] {
  return import.meta.url.endsWith('.js') ? [file.replace(/\.tsx?$/, '.js')] : ['--import', 'tsx', file];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Free ports, found by listening on port 0; all are held until every one is known, so they differ. */
export async function freePorts(count: number): Promise<number[]> {
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

export interface FreshDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new database on the server of `adminUrl`, empty or a copy of `template`. */
export async function freshPostgresDatabase(adminUrl: string, prefix: string, template: string | null = null): Promise<FreshDatabase> {
  const name = `viche_${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(template ? `create database ${name} template ${template}` : `create database ${name}`);
  // A commit does not wait for its WAL to reach the disk (about 4 ms each here): what other connections see
  // is the same, only a crash of the server itself could lose the last commits, and no test crashes it
  // (PGlite runs the other pass without fsync at all).
  await admin.query(`alter database ${name} set synchronous_commit = off`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      // force: a killed instance may have left connections behind.
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Signals the whole process group (the app and anything it started); a group already gone is fine. */
export function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

export interface AppChild {
  child: ChildProcess;
  /** The tail of what the process printed, for failure messages. */
  output(): string;
  /** SIGTERM (graceful: requests in flight finish), SIGKILL to the group if it hangs; then nothing of the group is left. */
  stop(timeoutMs: number): Promise<void>;
}

/** `src/main.ts` (see programArgs) with this environment, in its own process group. */
export function spawnApp(env: NodeJS.ProcessEnv, opts: { keep: number; echo?: string }): AppChild {
  const child = spawn(process.execPath, programArgs('src/main.ts'), { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-opts.keep);
    if (opts.echo) process.stderr.write(text.replace(/^(?=.)/gm, `[${opts.echo}] `));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => output,
    stop: async (timeoutMs) => {
      if (!exited(child)) {
        child.kill('SIGTERM');
        if (!(await waitForExit(child, timeoutMs))) {
          signalGroup(child, 'SIGKILL');
          await waitForExit(child, 5_000);
        }
      }
      signalGroup(child, 'SIGKILL');
    },
  };
}
