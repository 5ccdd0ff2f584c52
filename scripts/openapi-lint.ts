// `npm run lint`'s check of the API description: builds the app on an in-memory embedded database (no
// listening, no network), writes the OpenAPI document that /api/docs/openapi.json serves to a temporary
// file and lints it with Redocly's recommended ruleset. `--out FILE` also keeps the document there.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testConfig } from '../src/core/config.js';
import { openMigratedDatabase } from '../src/core/bootstrap.js';
import { modules } from '../src/modules/index.js';
import { buildApp, createContext } from '../src/server.js';

// A public address of the kind a deployment has (Redocly warns about localhost servers).
const config = testConfig({ databaseUrl: null, publicUrl: 'https://viche.test' });
const database = await openMigratedDatabase(config, modules, { inMemory: true });
const app = await buildApp(createContext({ config, database, modules }));
let document: string;
try {
  await app.ready();
  document = JSON.stringify(app.swagger(), null, 2) + '\n';
} finally {
  await app.close();
  await database.close();
}

const dir = mkdtempSync(join(tmpdir(), 'viche-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, document);
const outAt = process.argv.indexOf('--out');
if (outAt >= 0 && process.argv[outAt + 1]) writeFileSync(process.argv[outAt + 1]!, document);

const redocly = fileURLToPath(new URL('../node_modules/@redocly/cli/bin/cli.js', import.meta.url));
const lint = spawnSync(process.execPath, [redocly, 'lint', '--extends=recommended', '--format=stylish', file], {
  stdio: 'inherit',
  // No telemetry and no update check: the lint runs offline and in CI.
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
});
rmSync(dir, { recursive: true, force: true });
process.exit(lint.status ?? 1);
