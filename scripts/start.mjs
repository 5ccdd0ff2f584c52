/**
 * `npm start` (issue #19: the first page in < 10 s on a fresh clone, < 3 s on a restart):
 *
 * - builds dist/ with esbuild only when a source is newer than the last build (or dist/ is missing);
 * - on a first start with the embedded database (no DATABASE_URL, no data folder yet), creates the
 *   database cluster (PGlite's initdb, seconds of one core) in a child process at the same time as the
 *   build and the loading of the app's code, on the other core; it is made in a sibling folder and
 *   renamed into place when complete, so a start that is cut off never leaves half a cluster behind;
 * - then runs dist/main.js in this process (migrations, the demo seed, the server).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = new URL('..', import.meta.url).pathname;
/** Written by scripts/build.mjs, dated when that build began. */
const stamp = join(root, 'dist', '.built');

/** The newest modification time among the sources and the build's own inputs. */
function newestSource(dir = join(root, 'src')) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function run(args) {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`node ${args.join(' ')} exited with ${code}`))));
  });
}

/** A new cluster for the embedded database, made beside the data folder and moved into place. */
function initEmbeddedDatabase() {
  if (process.env.DATABASE_URL) return null;
  // As the app reads it (src/core/config.ts): relative to the working folder.
  const dataDir = resolve(process.env.DATA_DIR ?? './data');
  if (existsSync(join(dataDir, 'PG_VERSION'))) return null;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) return null; // not ours to touch: the app decides
  const temporary = `${dataDir}.init-${process.pid}`;
  rmSync(temporary, { recursive: true, force: true });
  const script = `const { PGlite } = await import('@electric-sql/pglite'); const db = await PGlite.create(${JSON.stringify(temporary)}); await db.close();`;
  return run(['--input-type=module', '-e', script]).then(
    () => {
      rmSync(dataDir, { recursive: true, force: true });
      renameSync(temporary, dataDir);
    },
    (e) => {
      rmSync(temporary, { recursive: true, force: true });
      throw e;
    },
  );
}

const cluster = initEmbeddedDatabase();
// Whatever happens to the build, the cluster's child is waited for (it leaves nothing behind on failure).
cluster?.catch(() => undefined);

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (built < Math.max(newestSource(), statSync(join(root, 'scripts', 'build.mjs')).mtimeMs, statSync(join(root, 'package.json')).mtimeMs)) {
  await run([join(root, 'scripts', 'build.mjs')]);
}
// The app's code loads while the cluster is still being made; main.js then finds it cached.
await import(pathToFileURL(join(root, 'dist', 'server.js')).href);
await import(pathToFileURL(join(root, 'dist', 'modules', 'index.js')).href);
await cluster;
await import(pathToFileURL(join(root, 'dist', 'main.js')).href);
