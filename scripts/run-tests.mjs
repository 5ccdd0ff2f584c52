// Runs the test files of one suite with Node's own test runner (TypeScript through tsx).
// unit: everything under test/ except test/e2e; e2e: the browser journeys.
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const suite = process.argv[2] ?? 'unit';
const only = process.argv.slice(3);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') || p.endsWith('.test.tsx') ? [p] : [];
  });
}

// The longest files (whole processes, fuzzing, the route matrix) start first, so the run does not end
// waiting on one of them alone.
const LONG_FIRST = ['test/system/', 'test/hostile/'];
const rank = (f) => {
  const i = LONG_FIRST.findIndex((d) => f.startsWith(join(...d.split('/'))));
  return i < 0 ? LONG_FIRST.length : i;
};
const all = walk('test').sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
const files = (suite === 'e2e' ? all.filter((f) => f.startsWith(join('test', 'e2e'))) : all.filter((f) => !f.startsWith(join('test', 'e2e')))).filter(
  (f) => only.length === 0 || only.some((o) => f.includes(o)),
);
if (files.length === 0) {
  console.error(`no test files for suite "${suite}"`);
  process.exit(1);
}
// The unit suite makes its template databases first (seeded, migrated, on PGlite also initialised); each
// test file copies one instead of making its own.
let template = null;
if (suite !== 'e2e') {
  const prefix = join(tmpdir(), `viche-test-template-${process.pid}`);
  const made = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-template.ts', 'make', prefix], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (made.status !== 0) {
    console.error('could not make the test template database');
    process.exit(1);
  }
  template = made.stdout.trim();
}
// Files run in parallel processes, one per file; each makes its own database.
// Journeys default to one at a time (each starts a platform and a browser); CI may run two side by side.
const concurrency = suite === 'e2e' ? (process.env.E2E_CONCURRENCY ?? '1') : (process.env.TEST_CONCURRENCY ?? '2');
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test', ...(template ? { VICHE_TEST_TEMPLATE: template } : {}) },
});
if (template) {
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/test-template.ts', 'drop', template], { stdio: 'inherit' });
}
process.exit(r.status ?? 1);
