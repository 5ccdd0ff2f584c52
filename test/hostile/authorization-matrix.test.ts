/**
 * Issue #10, point 5: every state-changing route × every role. Each route of the real app must have an
 * entry in test/hostile/matrix/ (a new route without one fails here, by name), every entry must name a
 * route that exists, and each role must get exactly what its entry says: allowed roles are not refused,
 * the others are refused (401/403, a sign-in redirect for the anonymous, 404 where the object is hidden
 * from them; see support/matrix.ts) and change nothing. Never a 5xx.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMatrix, type MatrixRun } from './support/matrix.js';
import { MATRIX } from './matrix/index.js';

describe('authorization matrix', () => {
  let run: MatrixRun;
  before(async () => {
    run = await runMatrix(MATRIX);
  });

  test('every state-changing route has an entry, and every entry names a route of the app', () => {
    const entries = MATRIX.flatMap((m) => m.entries.map((e) => ({ module: m.name, route: e.route })));
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const e of entries) {
      const prev = seen.get(e.route);
      if (prev) duplicates.push(`${e.route} (in ${prev} and ${e.module})`);
      seen.set(e.route, e.module);
    }
    const served = new Set(run.routes.map((r) => r.key));
    const missing = run.routes.filter((r) => !seen.has(r.key)).map((r) => r.key);
    const stale = entries.filter((e) => !served.has(e.route)).map((e) => `${e.route} (matrix/${e.module}.ts)`);
    assert.deepEqual(missing, [], `routes with no entry in test/hostile/matrix/ — add one saying who may use them:\n  ${missing.join('\n  ')}`);
    assert.deepEqual(stale, [], `entries naming a route the app no longer serves — remove or rename them:\n  ${stale.join('\n  ')}`);
    assert.deepEqual(duplicates, [], `routes with more than one entry:\n  ${duplicates.join('\n  ')}`);
  });

  for (const m of MATRIX) {
    test(`${m.name}: each role gets exactly what the matrix allows`, (ctx) => {
      const { failures, table } = run.outcomes.get(m.name)!;
      for (const line of table) ctx.diagnostic(line);
      assert.deepEqual(failures, [], `${failures.length} cells differ from the matrix:\n  ${failures.join('\n  ')}`);
    });
  }
});
