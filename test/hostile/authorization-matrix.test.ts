/**
 * Issue #10, point 5: every state-changing route × every role. Each route of the real app must have an
 * entry in test/hostile/matrix/ (a new route without one fails here, by name), every entry must name a
 * route that exists, and each role must get exactly what its entry says: allowed roles are not refused,
 * the others are refused (401/403, a sign-in redirect for the anonymous, 404 where the object is hidden
 * from them; see support/matrix.ts) and change nothing. Never a 5xx.
 * Issue #16: each route names the permission key it exercises (`config.permission`), a key its module's
 * manifest (or the core's table, core/permissions/keys.ts) declares, and its entry names the same key.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runMatrix, type MatrixRun } from './support/matrix.js';
import { MATRIX } from './matrix/index.js';
import { declaredPermissions } from '../../src/core/permissions/keys.js';
import { modules } from '../../src/modules/index.js';

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

  test('every state-changing route names a permission its module declares, and its entry names the same', () => {
    const declared = declaredPermissions(modules);
    const entries = new Map(MATRIX.flatMap((m) => m.entries.map((e) => [e.route, { module: m.name, permission: e.permission }] as const)));
    const unnamed = run.routes.filter((r) => !r.permission).map((r) => r.key);
    const undeclared = run.routes.filter((r) => r.permission && !declared.has(r.permission)).map((r) => `${r.key}: «${r.permission}»`);
    const differ: string[] = [];
    const foreign: string[] = [];
    for (const r of run.routes) {
      const e = entries.get(r.key);
      if (!e || !r.permission) continue;
      if (e.permission !== r.permission) differ.push(`${r.key}: the route names «${r.permission}», matrix/${e.module}.ts «${e.permission}»`);
      const owner = declared.get(r.permission)?.owner;
      if (owner && owner !== e.module) foreign.push(`${r.key}: «${r.permission}» is declared by ${owner}, not by ${e.module}`);
    }
    assert.deepEqual(unnamed, [], `routes that name no permission — add { config: { permission: '<key>' } }:\n  ${unnamed.join('\n  ')}`);
    assert.deepEqual(undeclared, [], `routes naming a permission nobody declares — add it to the module's manifest:\n  ${undeclared.join('\n  ')}`);
    assert.deepEqual(foreign, [], `routes naming another module's permission:\n  ${foreign.join('\n  ')}`);
    assert.deepEqual(differ, [], `entries whose permission is not the route's:\n  ${differ.join('\n  ')}`);
  });

  for (const m of MATRIX) {
    test(`${m.name}: each role gets exactly what the matrix allows`, (ctx) => {
      const { failures, table } = run.outcomes.get(m.name)!;
      for (const line of table) ctx.diagnostic(line);
      assert.deepEqual(failures, [], `${failures.length} cells differ from the matrix:\n  ${failures.join('\n  ')}`);
    });
  }
});
