/**
 * The app as in production (compiled, DEMO=0, its own process), the memory it holds, and HTTP runs
 * against it with autocannon: keep-alive connections, each request built afresh so every one can come
 * from a different signed-in person.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = a !== null && typeof a === 'object' ? a.port : 0;
      s.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export function runCommand(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${String(code)}`))));
  });
}

export interface AppProcess {
  pid: number;
  url: string;
  output(): string;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts `node dist/main.js` with exactly the given environment (plus PATH), and waits for /healthz. */
export async function startApp(opts: {
  root: string;
  port: number;
  env: Record<string, string>;
  entry?: string;
  timeoutSeconds?: number;
}): Promise<AppProcess> {
  const url = `http://127.0.0.1:${opts.port}`;
  const child = spawn(process.execPath, [opts.entry ?? 'dist/main.js'], {
    cwd: opts.root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', PORT: String(opts.port), HOST: '127.0.0.1', PUBLIC_URL: url, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (b: Buffer) => {
    out = (out + b.toString('utf8')).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = async () => {
    if (exited(child)) return;
    child.kill('SIGTERM');
    if (!(await waitExit(child, 15_000))) {
      child.kill('SIGKILL');
      await waitExit(child, 5_000);
    }
  };
  const timeoutSeconds = opts.timeoutSeconds ?? 120;
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    if (exited(child)) throw new Error(`the app exited during start (code ${String(child.exitCode)}):\n${out}`);
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the app did not answer /healthz within ${timeoutSeconds} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { pid: child.pid!, url, output: () => out, stop };
}

/** Resident memory of a process in MiB: now (VmRSS) and its peak so far (VmHWM). */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    // No /proc (macOS): ps gives the current RSS only.
    const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return { rss: kb / 1024, hwm: kb / 1024 };
  }
}

const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * CPU seconds a process has used (user + system). Per request this stays meaningful on a machine
 * busy with other work, where latencies and throughput mostly measure the queue for the cores.
 */
export function cpuSecondsOf(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Waits until the app answers /healthz quickly again: requests cut off at the end of a run finish first. */
export async function drain(url: string, maxSeconds = 60): Promise<void> {
  const deadline = Date.now() + maxSeconds * 1000;
  let fast = 0;
  while (fast < 2 && Date.now() < deadline) {
    const t0 = performance.now();
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) });
      await res.arrayBuffer();
      fast = performance.now() - t0 < 50 ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Samples a process's RSS while a run lasts: the peak of that run alone, not of the whole life. */
export function sampleRss(pid: number, everyMs = 200): () => number {
  let peak = memoryOf(pid).rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rss);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return Math.max(peak, memoryOf(pid).rss);
  };
}

export interface HttpRun {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** Headers and body of the next request; null when there is nobody left to send it. */
  next: () => { headers: Record<string, string>; body?: string } | null;
  /** Status codes that count as success (a form post answers 303). */
  expected: number[];
  connections: number;
  /** Bounded by time, or by a number of requests (for pages slow enough that time would not bound them). */
  bound: { seconds: number } | { requests: number };
  timeoutSeconds: number;
}

export interface HttpResult {
  name: string;
  connections: number;
  seconds: number;
  requests: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
  peakRssMiB: number;
  /** Sent but not answered when the run stopped (in flight, or stuck behind slower requests). */
  unanswered: number;
  /** CPU time of the app process per answered request. */
  cpuMsPerRequest: number;
  /** The machine's 1-minute load average when the run started: how much else wanted the cores. */
  loadAverage: number;
}

export async function runHttp(appUrl: string, pid: number, r: HttpRun): Promise<HttpResult> {
  const loadAverage = loadavg()[0] ?? 0;
  const cpu0 = cpuSecondsOf(pid);
  const stopSampling = sampleRss(pid);
  const result = await autocannon({
    url: appUrl,
    connections: r.connections,
    ...('seconds' in r.bound ? { duration: r.bound.seconds } : { amount: r.bound.requests }),
    timeout: r.timeoutSeconds,
    requests: [
      {
        method: r.method,
        path: r.path,
        // With nobody left the request goes out signed out and fails: an exhausted pool shows as errors.
        setupRequest: (req) => {
          const n = r.next();
          if (!n) return req;
          return { ...req, headers: { ...req.headers, ...n.headers }, ...(n.body !== undefined ? { body: n.body } : {}) };
        },
      },
    ],
  });
  const peak = stopSampling();
  const cpu = cpuSecondsOf(pid) - cpu0;
  const statusCodes: Record<string, number> = {};
  let answered = 0;
  let unexpected = 0;
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) {
    const n = s.count ?? 0;
    statusCodes[code] = n;
    answered += n;
    if (!r.expected.includes(Number(code))) unexpected += n;
  }
  return {
    name: r.name,
    connections: r.connections,
    seconds: result.duration,
    requests: answered,
    throughput: answered / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: unexpected + result.errors,
    statusCodes: {
      ...statusCodes,
      ...(result.errors ? { 'connection errors': result.errors } : {}),
      ...(result.timeouts ? { timeouts: result.timeouts } : {}),
    },
    peakRssMiB: peak,
    unanswered: Math.max(0, result.requests.sent - answered - result.errors),
    cpuMsPerRequest: answered ? (cpu * 1000) / answered : 0,
    loadAverage,
  };
}

/**
 * One request at a time, a few times (the first is cold): what a single visitor waits for. Stops early
 * once `budgetSeconds` are spent, for pages that take many seconds each.
 */
export async function timeAlone(url: string, headers: Record<string, string>, times: number, budgetSeconds = 30): Promise<{ ms: number[]; status: number }> {
  const ms: number[] = [];
  let status = 0;
  const start = performance.now();
  for (let i = 0; i < times && performance.now() - start < budgetSeconds * 1000; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
    ms.push(performance.now() - t0);
    status = res.status;
  }
  return { ms, status };
}
