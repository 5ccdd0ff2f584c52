// Runs the test files of one suite with Node's own test runner.
// unit: everything under test/ except test/e2e; e2e: the browser journeys.
//
// The sources are compiled once by esbuild into a mirror of the repository (.build/tests-<pid>/, see
// compileTree) and the test processes run plain JavaScript: loading the platform's code through tsx's
// loader cost each of the ~150 test processes (and each platform a journey starts) about 1.5 s of CPU more
// than loading the same code compiled (issue #19, CI time). TEST_FROM_SOURCE=1 runs the sources through
// tsx as before.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
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
const fromSource = process.env.TEST_FROM_SOURCE === '1';
const root = resolve('.');
const cwd = fromSource ? root : await compileTree(root);
/** How to run one of our TypeScript programs from `cwd`. */
const program = (file) => (fromSource ? ['--import', 'tsx', file] : [file.replace(/\.tsx?$/, '.js')]);

// The unit suite makes its template databases first (seeded, migrated, on PGlite also initialised); each
// test file copies one instead of making its own.
let template = null;
if (suite !== 'e2e') {
  const prefix = join(tmpdir(), `viche-test-template-${process.pid}`);
  const made = spawnSync(process.execPath, [...program('scripts/test-template.ts'), 'make', prefix], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (made.status !== 0) {
    console.error('could not make the test template database');
    process.exit(1);
  }
  template = made.stdout.trim();
}
// The journeys on the embedded database start each platform from a copy of one data folder, migrated and
// seeded with the demo here once (as `npm run seed` does), instead of every journey's platform seeding its
// own (about two thirds of a platform's first start).
let dataTemplate = null;
if (suite === 'e2e' && !process.env.DATABASE_URL) {
  dataTemplate = mkdtempSync(join(tmpdir(), 'viche-e2e-template-'));
  const env = { ...process.env, DATA_DIR: dataTemplate, DEMO: '1', LOG_LEVEL: 'warn' };
  delete env.SECRET_KEY;
  const seeded = spawnSync(process.execPath, [...program('src/cli.ts'), 'seed'], { cwd, env, stdio: ['ignore', 'ignore', 'inherit'] });
  if (seeded.status !== 0) {
    console.error('could not seed the journeys’ data folder');
    process.exit(1);
  }
  process.on('exit', () => rmSync(dataTemplate, { recursive: true, force: true }));
}
// Files run in parallel processes, one per file; each makes its own database.
// Journeys default to one at a time (each starts a platform and a browser); CI may run two side by side.
const concurrency = suite === 'e2e' ? (process.env.E2E_CONCURRENCY ?? '1') : (process.env.TEST_CONCURRENCY ?? '2');
const testArgs = fromSource ? ['--import', 'tsx', ...files] : files.map((f) => f.replace(/\.tsx?$/, '.js'));
const r = spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...testArgs], {
  cwd,
  stdio: 'inherit',
  env: {
    ...process.env,
    NODE_ENV: 'test',
    ...(template ? { VICHE_TEST_TEMPLATE: template } : {}),
    ...(dataTemplate ? { VICHE_E2E_DATA_TEMPLATE: dataTemplate } : {}),
  },
});
if (template) {
  spawnSync(process.execPath, [...program('scripts/test-template.ts'), 'drop', template], { cwd, stdio: 'inherit' });
}
process.exit(r.status ?? 1);

/**
 * Compiles src/, test/ and scripts/ file by file (no bundling) into .build/tests-<pid>/, which mirrors the
 * repository: every other file and folder there is a symbolic link to the original, so a path a test or
 * the app finds from `import.meta.url` or the working folder (README.md, public/, fixtures, map assets)
 * leads to the same file as in the sources. Returns the mirror's path.
 */
async function compileTree(repo) {
  const { build } = await import('esbuild');
  const started = performance.now();
  // One mirror per run (two suites may run side by side), removed when the run ends.
  const out = join(repo, '.build', `tests-${process.pid}`);
  process.on('exit', () => rmSync(out, { recursive: true, force: true }));
  mkdirSync(out, { recursive: true });
  mkdirSync(join(repo, 'test-results'), { recursive: true });
  const COMPILED = new Set(['src', 'test', 'scripts']);
  const SKIPPED = new Set(['.git', '.build', 'dist', 'data']);
  const entryPoints = [];
  const link = (from) => {
    const to = join(out, relative(repo, from));
    mkdirSync(dirname(to), { recursive: true });
    symlinkSync(from, to);
  };
  const mirror = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) mirror(path);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) entryPoints.push(path);
      else link(path);
    }
  };
  for (const entry of readdirSync(repo, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(repo, entry.name);
    if (COMPILED.has(entry.name) && entry.isDirectory()) mirror(path);
    else link(path);
  }
  await build({
    entryPoints,
    outdir: out,
    outbase: repo,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: '@kitajs/html',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  if (!existsSync(join(out, 'test'))) throw new Error('compileTree: nothing compiled');
  console.log(`tests: ${entryPoints.length} files compiled to ${relative(repo, out)}/ in ${Math.round(performance.now() - started)} ms`);
  return out;
}
