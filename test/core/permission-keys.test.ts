/**
 * Permission keys (core/permissions/keys.ts): a state-changing route that names no key, or one nobody
 * declares, stops the app from being built; modules name their keys after themselves; README lists them.
 * (Which key each route of the real app names is checked by the authorization matrix, test/hostile.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance } from 'fastify';
import { declaredPermissions, enforcePermissionKeys } from '../../src/core/permissions/keys.js';
import type { ModuleManifest } from '../../src/core/modules/manifest.js';
import { modules } from '../../src/modules/index.js';

const tool = (permissions: ModuleManifest['permissions']): ModuleManifest => ({ id: 'tool', name: { uk: 'Інструмент', en: 'Tool' }, permissions });

async function build(routes: (app: FastifyInstance) => void): Promise<void> {
  const app = Fastify();
  try {
    enforcePermissionKeys(app, [tool({ 'tool.act': { uk: 'Діяти', en: 'Act' } })]);
    await app.register(async (scope) => routes(scope));
    await app.ready();
  } finally {
    await app.close();
  }
}

describe('permission keys', () => {
  test('a state-changing route must name a declared key; other routes need none', async () => {
    await build((app) => {
      app.get('/page', async () => 'ok');
      app.post('/act', { config: { permission: 'tool.act' } }, async () => 'ok');
      app.post('/sign-out', { config: { permission: 'account.sign-in' } }, async () => 'ok');
    });
    await assert.rejects(
      build((app) => app.post('/act', async () => 'ok')),
      /POST \/act changes state but names no permission/,
    );
    await assert.rejects(
      build((app) => app.delete('/act', { config: { permission: 'tool.other' } }, async () => 'ok')),
      /DELETE \/act names permission «tool\.other», which neither the core nor any module's manifest declares/,
    );
  });

  test('a module names its keys after itself, and no key is declared twice', () => {
    assert.throws(() => declaredPermissions([tool({ 'petitions.sign': { uk: '', en: '' } })]), /module tool declares permission «petitions\.sign»/);
    assert.throws(() => declaredPermissions([tool({ 'tool.act': { uk: '', en: '' } }), tool({ 'tool.act': { uk: '', en: '' } })]), /declared twice/);
    const declared = declaredPermissions(modules);
    assert.equal(declared.get('petitions.sign')?.owner, 'petitions');
    assert.equal(declared.get('moderation.hide')?.owner, 'core');
  });

  test("README's list of permissions is the core's and the manifests'", () => {
    const rows = [...declaredPermissions(modules)].map(([key, d]) => `| \`${key}\` | ${d.owner} | ${d.description.en} |`);
    const expected = ['| key | declared by | who may do what |', '| --- | --- | --- |', ...rows].join('\n');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /<!-- permissions -->\n([\s\S]*?)\n<!-- \/permissions -->/.exec(readme)?.[1];
    assert.equal(section, expected, `README.md's table between <!-- permissions --> and <!-- /permissions --> should read:\n${expected}`);
  });
});
