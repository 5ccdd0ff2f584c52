/**
 * Failures leave evidence: a journey that fails, wrapped in recordOnFailure or not, saves a screenshot
 * and the HTML of its pages into test-results/e2e/<test name>/ (the folder README names, kept by CI).
 * The failing journey runs in a child test process, so this file itself stays green.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { programArgs } from '../helpers/processes.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MARK = `evidence-${process.pid}`;
const dirOf = (name: string) => join(ROOT, 'test-results', 'e2e', name);

after(async () => {
  await rm(dirOf(`${MARK}-unwrapped`), { recursive: true, force: true });
  await rm(dirOf(`${MARK}-wrapped`), { recursive: true, force: true });
});

test('a failing journey leaves a screenshot and the page HTML in test-results/e2e/', { timeout: 120_000 }, async () => {
  // Run as a program of its own, not as a child of this runner (which would skip it).
  const env: NodeJS.ProcessEnv = { ...process.env, EVIDENCE_MARK: MARK };
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(process.execPath, ['--test-reporter=tap', ...programArgs('test/e2e/fixtures/failing-journey.ts')], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 110_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  assert.notEqual(run.status, 0, `the fixture must fail:\n${output}`);
  assert.match(output, /not ok \d+ - evidence-\d+ unwrapped/);
  assert.match(output, /not ok \d+ - evidence-\d+ wrapped/);

  const isPng = (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));

  // Not wrapped: the page the test had open (its context closed in `finally`) is saved after the test.
  const unwrapped = dirOf(`${MARK}-unwrapped`);
  assert.deepEqual((await readdir(unwrapped)).sort(), ['failure-page-1.html', 'failure-page-1.png'], output);
  assert.ok(isPng(await readFile(join(unwrapped, 'failure-page-1.png'))));
  assert.match(await readFile(join(unwrapped, 'failure-page-1.html'), 'utf8'), new RegExp(`${MARK}: unwrapped page`));

  // Wrapped: the failing page as failure.*, and the other person's page, still open, beside it.
  const wrapped = dirOf(`${MARK}-wrapped`);
  const files = (await readdir(wrapped)).sort();
  assert.deepEqual(files, ['failure-page-2.html', 'failure-page-2.png', 'failure.html', 'failure.png'], output);
  assert.ok(isPng(await readFile(join(wrapped, 'failure.png'))));
  assert.match(await readFile(join(wrapped, 'failure.html'), 'utf8'), new RegExp(`${MARK}: wrapped page`));
  assert.match(await readFile(join(wrapped, 'failure-page-2.html'), 'utf8'), new RegExp(`${MARK}: the other person's page`));
});
