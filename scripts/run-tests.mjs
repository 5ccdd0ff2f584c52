// Runs the test files of one suite with Node's own test runner (TypeScript through tsx).
// unit: everything under test/ except test/e2e; e2e: the browser journeys.
import { readdirSync, statSync } from 'node:fs';
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

const all = walk('test').sort();
const files = (suite === 'e2e' ? all.filter((f) => f.startsWith(join('test', 'e2e'))) : all.filter((f) => !f.startsWith(join('test', 'e2e'))))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error(`no test files for suite "${suite}"`);
  process.exit(1);
}
// Files run in parallel processes, one per file; each makes its own database.
const concurrency = suite === 'e2e' ? '1' : process.env.TEST_CONCURRENCY ?? '2';
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'test' },
});
process.exit(r.status ?? 1);
